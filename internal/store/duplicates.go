package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"selfeval/internal/form"
)

// ErrNotDraft: the form is not a draft (it was submitted, returned or approved), so it can
// neither be deleted nor replaced by an import or a copy.
var ErrNotDraft = errors.New("not a draft")

// ProjectKey is what project names are compared by when looking for duplicates: normalised
// as everything people type (form.Normalize: full-width ASCII to half-width, zero-width
// characters dropped, every kind of space to one), then without any space at all. So
// "培训费", "培训 费" and "培训费　" are one project, and "（2022运维）" is "(2022运维)".
func ProjectKey(project string) string {
	n := form.Normalize(project)
	if strings.IndexByte(n, ' ') < 0 {
		return n
	}
	return strings.ReplaceAll(n, " ", "")
}

// OnDuplicate is what to do with a form about to be created when a form of the same year,
// unit and project (by ProjectKey) is stored already.
type OnDuplicate string

// The choices offered for a duplicate.
const (
	// Skip creates nothing: the stored form stays as it is.
	Skip OnDuplicate = "skip"
	// Replace saves the new content over the stored form, recorded field by field in its
	// history as any save is. Only a draft can be replaced (ErrNotDraft otherwise).
	Replace OnDuplicate = "replace"
	// KeepBoth creates the new form beside the stored one.
	KeepBoth OnDuplicate = "keep"
)

// ParseOnDuplicate reads "skip", "replace" or "keep"; ok is false for anything else.
func ParseOnDuplicate(s string) (d OnDuplicate, ok bool) {
	switch d := OnDuplicate(s); d {
	case Skip, Replace, KeepBoth:
		return d, true
	}
	return "", false
}

// Duplicate is a stored form that a form about to be created duplicates.
type Duplicate struct {
	ID      int64
	Project string // as stored, which may differ from the new one in width and spaces
	Status  string
	Version int
}

// Replaceable reports whether the form may be replaced: only a draft is.
func (d Duplicate) Replaceable() bool { return d.Status == "draft" }

// Action is what ImportForms did with one form.
type Action string

// The actions of ImportForms.
const (
	Created  Action = "created"
	Skipped  Action = "skipped"
	Replaced Action = "replaced"
)

// Outcome is what ImportForms did with one form: the record created or replaced (zero when
// skipped), and the stored forms it duplicated, as they were before the import began.
type Outcome struct {
	Action     Action
	Record     FormRecord
	Duplicates []Duplicate
	// NewOrgs are the organisations this form's import created (NewForm.NewUnit), the
	// department before the unit.
	NewOrgs []Org
}

// FindDuplicates returns the stored forms, not deleted, oldest first, of unit unitID and
// year whose project is project by ProjectKey.
func (s *Store) FindDuplicates(ctx context.Context, unitID int64, year int, project string) ([]Duplicate, error) {
	d, err := duplicatesOf(ctx, s.r, unitID, year, project, nil)
	if err != nil {
		return nil, fmt.Errorf("store: duplicates of %q: %w", project, err)
	}
	return d, nil
}

func duplicatesOf(ctx context.Context, q queryer, unitID int64, year int, project string, skip map[int64]bool) ([]Duplicate, error) {
	rows, err := q.QueryContext(ctx, `SELECT f.id, f.project, f.status, f.version FROM forms f
		WHERE f.unit_id = ? AND f.year = ? AND `+notDeleted+` ORDER BY f.id`, unitID, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	key := ProjectKey(project)
	var out []Duplicate
	for rows.Next() {
		var d Duplicate
		if err := rows.Scan(&d.ID, &d.Project, &d.Status, &d.Version); err != nil {
			return nil, err
		}
		if !skip[d.ID] && ProjectKey(d.Project) == key {
			out = append(out, d)
		}
	}
	return out, rows.Err()
}

// ImportError is why ImportForms wrote nothing: the form (its index in the call and its
// project) that could not be created or replaced, and the cause (ErrNotDraft, ErrConflict …).
type ImportError struct {
	Index   int
	Project string
	Err     error
}

// Error says which form failed and why.
func (e *ImportError) Error() string {
	return fmt.Sprintf("store: import form %d (%s): %v", e.Index+1, e.Project, e.Err)
}

// Unwrap returns the cause, for errors.Is.
func (e *ImportError) Unwrap() error { return e.Err }

// ImportForms creates, skips or replaces each of forms as its OnDuplicate says, in one
// transaction: all of it happens or none of it. Duplicates are looked for among the forms
// stored before the call (two forms of one import never duplicate each other) inside the
// transaction, so what is decided is what is stored. A form without a duplicate is always
// created. Replace of a form that is not a draft gives ErrNotDraft, a ReplaceID that is not
// one of the duplicates ErrConflict; either way nothing is written, and the error is an
// *ImportError that names the form.
func (s *Store) ImportForms(ctx context.Context, forms []NewForm, by int64) ([]Outcome, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: import forms: %w", err)
	}
	defer tx.Rollback()
	created := map[int64]bool{}
	out := make([]Outcome, len(forms))
	for i, nf := range forms {
		if out[i], err = s.importOne(ctx, tx, nf, by, created); err != nil {
			return nil, &ImportError{Index: i, Project: nf.Form.Project, Err: err}
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store: import forms: %w", err)
	}
	return out, nil
}

func (s *Store) importOne(ctx context.Context, tx *sql.Tx, nf NewForm, by int64, created map[int64]bool) (Outcome, error) {
	var o Outcome
	if nf.UnitID == 0 && nf.NewUnit != "" {
		var err error
		if nf.UnitID, o.NewOrgs, err = ensureUnit(ctx, tx, nf.NewUnit, nf.NewDepartment); err != nil {
			return Outcome{}, err
		}
	}
	dups, err := duplicatesOf(ctx, tx, nf.UnitID, nf.Form.Year, nf.Form.Project, created)
	if err != nil {
		return Outcome{}, err
	}
	o.Duplicates = dups
	switch {
	case len(dups) == 0 || nf.OnDuplicate == "" || nf.OnDuplicate == KeepBoth:
		o.Action = Created
		o.Record, err = s.createForm(ctx, tx, nf, by)
		created[o.Record.ID] = true
	case nf.OnDuplicate == Skip:
		o.Action = Skipped
	case nf.OnDuplicate == Replace:
		o.Action = Replaced
		o.Record, err = s.replaceForm(ctx, tx, dups, nf, by)
	default:
		err = fmt.Errorf("unknown choice %q for a duplicate", nf.OnDuplicate)
	}
	return o, err
}

// replaceForm saves nf over the duplicate it names (or the first draft of dups), as a save
// of that draft: one history row per changed field, scored with the draft's own profile. The
// project keeps its stored spelling.
func (s *Store) replaceForm(ctx context.Context, tx *sql.Tx, dups []Duplicate, nf NewForm, by int64) (FormRecord, error) {
	target, err := replaceTarget(dups, nf.ReplaceID)
	if err != nil {
		return FormRecord{}, err
	}
	cur, err := getForm(ctx, tx, target.ID)
	if err != nil {
		return FormRecord{}, err
	}
	f, sum := nf.Form, nf.Summary
	f.Project = cur.Form.Project // the same by ProjectKey: keep the name as stored, not a variant of it
	if cur.Profile != nf.Profile && nf.Rescore != nil {
		sum = nf.Rescore(cur.Profile, &f)
	}
	changes := FormDiff(cur.Form, f)
	if len(changes) == 0 {
		return cur, nil
	}
	return s.writeContent(ctx, tx, cur, &f, sum, changes, by)
}

// replaceTarget picks the duplicate to replace: the one named id, or the first draft.
func replaceTarget(dups []Duplicate, id int64) (Duplicate, error) {
	for _, d := range dups {
		if id != 0 && d.ID != id {
			continue
		}
		if d.Replaceable() {
			return d, nil
		}
		if id != 0 {
			return d, fmt.Errorf("form %d is %s: %w", d.ID, d.Status, ErrNotDraft)
		}
	}
	if id != 0 {
		return Duplicate{}, fmt.Errorf("form %d is not a duplicate of it: %w", id, ErrConflict)
	}
	return Duplicate{}, fmt.Errorf("form %d is %s: %w", dups[0].ID, dups[0].Status, ErrNotDraft)
}

// ensureUnit finds the organisation named unit in tx, or creates it under the department
// named dept (found, or created too when dept is not ""), and returns its id and what it
// created, the department first.
//
// A unit is found among the units first; a department of that name stands for it only when
// the file names no department (a department's own form). So a unit named as its department
// (大英县司法局 under 大英县司法局) is made as a unit of its own.
func ensureUnit(ctx context.Context, tx *sql.Tx, unit, dept string) (int64, []Org, error) {
	find := func(name string, departments bool) (int64, error) {
		var id int64
		err := tx.QueryRowContext(ctx, "SELECT id FROM orgs WHERE name = ? AND (parent_id IS NULL) = ?", name, departments).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, nil
		}
		return id, err
	}
	create := func(name string, parent int64) (Org, error) {
		res, err := tx.ExecContext(ctx, "INSERT INTO orgs (name, parent_id) VALUES (?, ?)", name, nullID(parent))
		if err != nil {
			return Org{}, fmt.Errorf("store: create org %q: %w", name, mapErr(err))
		}
		id, err := res.LastInsertId()
		return Org{ID: id, Name: name, ParentID: parent}, err
	}
	if id, err := find(unit, false); id != 0 || err != nil {
		return id, nil, err
	}
	if dept == "" {
		if id, err := find(unit, true); id != 0 || err != nil {
			return id, nil, err
		}
	}
	var made []Org
	var parent int64
	if dept != "" {
		id, err := find(dept, true)
		if err != nil {
			return 0, nil, err
		}
		if id == 0 {
			d, err := create(dept, 0)
			if err != nil {
				return 0, nil, err
			}
			made, id = append(made, d), d.ID
		}
		parent = id
	}
	u, err := create(unit, parent)
	if err != nil {
		return 0, nil, err
	}
	return u.ID, append(made, u), nil
}
