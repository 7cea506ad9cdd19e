package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"selfeval/internal/form"
)

// Summary holds the figures the list page shows, computed (by scoring.Summarize, above this
// package) when the form is saved, so listing forms never re-scores them. Its fields are
// those of scoring.Summary, so that one converts to the other.
type Summary struct {
	ExecutionRate string
	Total         string
	Grade         string
	// ProfileVersion is the version of the form's profile the figures were computed with.
	ProfileVersion int
	// Flags are the codes of the form's flags for the reviewer, sorted, space-separated.
	Flags string
}

// FormRecord is a stored form with its workflow state and bookkeeping.
type FormRecord struct {
	ID        int64
	UnitID    int64 // the org whose staff fill in the form
	Status    string
	Version   int // bumped by every save that changes something and by every transition
	Profile   string
	Form      form.Form
	Summary   Summary
	UpdatedAt time.Time
	UpdatedBy string // username; "" when written by no user (an import)
}

// formColumns are the columns of forms a FormRecord is read from, in scanForm's order.
const formColumns = `f.id, f.unit_id, f.status, f.version, f.profile,
	f.year, f.project, f.department, f.unit, f.amount_unit,
	f.total_initial, f.total_adjusted, f.total_executed,
	f.fiscal_initial, f.fiscal_adjusted, f.fiscal_executed,
	f.carryover_initial, f.carryover_adjusted, f.carryover_executed,
	f.other_initial, f.other_adjusted, f.other_executed,
	f.template, f.special_initial, f.special_adjusted, f.special_executed,
	f.own_initial, f.own_adjusted, f.own_executed,
	f.budget_weight, f.goals_expected, f.goals_achieved,
	f.execution_rate, f.total, f.grade, f.summary_version, f.flags, f.updated_at, COALESCE(u.username, '')`

// contentColumns are the columns a save writes, in contentArgs' order.
const contentColumns = `year, project, department, unit, amount_unit,
	total_initial, total_adjusted, total_executed,
	fiscal_initial, fiscal_adjusted, fiscal_executed,
	carryover_initial, carryover_adjusted, carryover_executed,
	other_initial, other_adjusted, other_executed,
	template, special_initial, special_adjusted, special_executed,
	own_initial, own_adjusted, own_executed,
	budget_weight, goals_expected, goals_achieved,
	execution_rate, total, grade, summary_version, flags`

func contentArgs(f *form.Form, sum Summary) []any {
	fu := &f.Funds
	return []any{f.Year, f.Project, f.Department, f.Unit, string(f.AmountUnit),
		fu.Total.Initial, fu.Total.Adjusted, fu.Total.Executed,
		fu.Fiscal.Initial, fu.Fiscal.Adjusted, fu.Fiscal.Executed,
		fu.Carryover.Initial, fu.Carryover.Adjusted, fu.Carryover.Executed,
		fu.Other.Initial, fu.Other.Adjusted, fu.Other.Executed,
		f.Template, fu.Special.Initial, fu.Special.Adjusted, fu.Special.Executed,
		fu.Own.Initial, fu.Own.Adjusted, fu.Own.Executed,
		f.BudgetWeight, f.Goals.Expected, f.Goals.Achieved,
		sum.ExecutionRate, sum.Total, sum.Grade, sum.ProfileVersion, sum.Flags}
}

// NewForm is a form to create: its content, the unit it belongs to and the profile it is
// scored with, with its summary figures.
type NewForm struct {
	Form    form.Form
	UnitID  int64
	Profile string
	Summary Summary
	// OnDuplicate is what ImportForms does when a form of the same year, unit and project is
	// stored already; "" is KeepBoth. CreateForms ignores it.
	OnDuplicate OnDuplicate
	// Rescore gives the summary of the form under another profile: a replace keeps the
	// replaced draft's profile. Nil keeps Summary.
	Rescore func(profile string, f *form.Form) Summary
	// ReplaceID is the duplicate Replace saves over; 0 means the first draft among them.
	ReplaceID int64
	// NewUnit, when UnitID is 0, is the unit ImportForms creates for the form, under the
	// department NewDepartment (created too when the tree lacks it; none when ""), in the
	// import's transaction: a failed import leaves no organisation behind. An organisation of
	// that name made by an earlier form of the import, or already stored, is used instead.
	NewUnit, NewDepartment string
}

// CreateForm stores f as a new draft, version 1, of the unit unitID, scored with profile,
// and records its creation in the history. A unit that does not exist gives ErrNotFound.
func (s *Store) CreateForm(ctx context.Context, f form.Form, unitID int64, profile string, sum Summary, by int64) (FormRecord, error) {
	recs, err := s.CreateForms(ctx, []NewForm{{Form: f, UnitID: unitID, Profile: profile, Summary: sum}}, by)
	if err != nil {
		return FormRecord{}, err
	}
	return recs[0], nil
}

// CreateForms stores several new drafts in one transaction: all are created or none is, so
// an import never half-applies.
func (s *Store) CreateForms(ctx context.Context, forms []NewForm, by int64) ([]FormRecord, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: create forms: %w", err)
	}
	defer tx.Rollback()
	recs := make([]FormRecord, len(forms))
	for i, nf := range forms {
		if recs[i], err = s.createForm(ctx, tx, nf, by); err != nil {
			return nil, fmt.Errorf("store: create form %q: %w", nf.Form.Project, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store: create forms: %w", err)
	}
	return recs, nil
}

func (s *Store) createForm(ctx context.Context, tx *sql.Tx, nf NewForm, by int64) (FormRecord, error) {
	f := &nf.Form
	now := millis(s.now())
	args := append(contentArgs(f, nf.Summary), nf.UnitID, nf.Profile, now, now, nullID(by))
	res, err := tx.ExecContext(ctx, `INSERT INTO forms (`+contentColumns+`,
		unit_id, profile, created_at, updated_at, updated_by, status, version)
		VALUES (`+placeholders(len(args))+`, 'draft', 1)`, args...)
	if err != nil {
		return FormRecord{}, mapErr(err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return FormRecord{}, err
	}
	if err := insertIndicators(ctx, tx, id, f.Indicators); err != nil {
		return FormRecord{}, err
	}
	created := []Change{{Field: FieldCreated}}
	if err := insertHistory(ctx, tx, id, 1, created, by, now); err != nil {
		return FormRecord{}, err
	}
	return getForm(ctx, tx, id)
}

// Form returns the form id with its indicator rows; a deleted form is ErrNotFound.
func (s *Store) Form(ctx context.Context, id int64) (FormRecord, error) {
	// A read transaction, so the form row and its indicators come from one snapshot.
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return FormRecord{}, fmt.Errorf("store: form %d: %w", id, err)
	}
	defer tx.Rollback()
	rec, err := getForm(ctx, reader{s, tx}, id)
	if err != nil {
		return FormRecord{}, fmt.Errorf("store: form %d: %w", id, err)
	}
	return rec, nil
}

// SaveForm replaces the content of form id, which the person edited starting from
// baseVersion, and records one history row per changed field under the new version.
// It returns the stored record and the changes.
//
// A save that changes nothing writes nothing and returns the current record, whatever
// baseVersion was: what the person sees is what is stored, so there is no conflict to
// report (only newer figures in sum are kept, as they are derived, not typed). Otherwise
// a baseVersion other than the current one gives ErrConflict and writes nothing.
func (s *Store) SaveForm(ctx context.Context, id int64, baseVersion int, f form.Form, sum Summary, by int64) (FormRecord, []Change, error) {
	rec, changes, err := s.saveForm(ctx, id, baseVersion, f, sum, by)
	if err != nil {
		return FormRecord{}, nil, fmt.Errorf("store: save form %d: %w", id, err)
	}
	return rec, changes, nil
}

func (s *Store) saveForm(ctx context.Context, id int64, baseVersion int, f form.Form, sum Summary, by int64) (FormRecord, []Change, error) {
	return s.editForm(ctx, id, by, func(FormRecord) (form.Form, Summary, int, error) { return f, sum, baseVersion, nil })
}

// Edit makes the new content of a form from the form as stored (read in the transaction of
// the save): the content, its summary and the version the edit was based on.
type Edit func(cur FormRecord) (f form.Form, sum Summary, baseVersion int, err error)

// EditForm is SaveForm with the content made by edit from the form as read inside the
// save's transaction, so that a save reads the form once and nobody writes between the read
// and the write. An error of edit ends the save and is returned as it is.
func (s *Store) EditForm(ctx context.Context, id int64, by int64, edit Edit) (FormRecord, []Change, error) {
	rec, changes, err := s.editForm(ctx, id, by, edit)
	if err != nil {
		return FormRecord{}, nil, fmt.Errorf("store: save form %d: %w", id, err)
	}
	return rec, changes, nil
}

func (s *Store) editForm(ctx context.Context, id int64, by int64, edit Edit) (FormRecord, []Change, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return FormRecord{}, nil, err
	}
	defer tx.Rollback()
	cur, err := getForm(ctx, tx, id)
	if err != nil {
		return FormRecord{}, nil, err
	}
	f, sum, baseVersion, err := edit(cur)
	if err != nil {
		return FormRecord{}, nil, err
	}
	changes := FormDiff(cur.Form, f)
	if len(changes) == 0 {
		return s.refreshSummary(ctx, tx, cur, sum)
	}
	if cur.Version != baseVersion {
		return FormRecord{}, nil, fmt.Errorf("%w: version %d, edited from %d", ErrConflict, cur.Version, baseVersion)
	}
	rec, err := s.writeContent(ctx, tx, cur, &f, sum, changes, by)
	if err != nil {
		return FormRecord{}, nil, err
	}
	return rec, changes, tx.Commit()
}

// writeContent stores f as the content of cur, the form as read in this transaction, under
// the next version with one history row per change; a newer version gives ErrConflict. The
// record it returns is built from cur and the write, without reading the form again.
func (s *Store) writeContent(ctx context.Context, tx *sql.Tx, cur FormRecord, f *form.Form, sum Summary, changes []Change, by int64) (FormRecord, error) {
	id, baseVersion := cur.ID, cur.Version
	now := millis(s.now())
	args := append(contentArgs(f, sum), now, nullID(by), id, baseVersion)
	rec := cur
	err := tx.QueryRowContext(ctx, `UPDATE forms SET (`+contentColumns+`, updated_at, updated_by, version) =
		(`+placeholders(len(args)-2)+`, version + 1) WHERE id = ? AND version = ? AND deleted_at IS NULL
		RETURNING version, updated_at, COALESCE((SELECT username FROM users WHERE users.id = forms.updated_by), '')`, args...).
		Scan(&rec.Version, &now, &rec.UpdatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return FormRecord{}, ErrConflict
	}
	if err != nil {
		return FormRecord{}, mapErr(err)
	}
	rec.Form, rec.Summary, rec.UpdatedAt = *f, sum, fromMillis(now)
	rec.Form.Indicators = append([]form.Indicator{}, f.Indicators...)
	if _, err := tx.ExecContext(ctx, "DELETE FROM indicators WHERE form_id = ?", id); err != nil {
		return FormRecord{}, err
	}
	if err := insertIndicators(ctx, tx, id, f.Indicators); err != nil {
		return FormRecord{}, err
	}
	if err := insertHistory(ctx, tx, id, rec.Version, changes, by, now); err != nil {
		return FormRecord{}, err
	}
	return rec, nil
}

// refreshSummary ends a save that changed no field: only the derived figures may be newer.
func (s *Store) refreshSummary(ctx context.Context, tx *sql.Tx, cur FormRecord, sum Summary) (FormRecord, []Change, error) {
	if sum == cur.Summary {
		return cur, nil, nil
	}
	_, err := tx.ExecContext(ctx, "UPDATE forms SET execution_rate = ?, total = ?, grade = ?, summary_version = ?, flags = ? WHERE id = ?",
		sum.ExecutionRate, sum.Total, sum.Grade, sum.ProfileVersion, sum.Flags, cur.ID)
	if err != nil {
		return FormRecord{}, nil, err
	}
	cur.Summary = sum
	return cur, nil, tx.Commit()
}

// checkUpdated turns an UPDATE … WHERE version = ? that matched no row into ErrConflict.
func checkUpdated(res sql.Result, err error) error {
	if err != nil {
		return mapErr(err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrConflict
	}
	return nil
}

func getForm(ctx context.Context, q queryer, id int64) (FormRecord, error) {
	rec, err := scanForm(q.QueryRowContext(ctx, `SELECT `+formColumns+`
		FROM forms f LEFT JOIN users u ON u.id = f.updated_by WHERE f.id = ? AND `+notDeleted, id))
	if err != nil {
		return FormRecord{}, mapErr(err)
	}
	rec.Form.Indicators, err = getIndicators(ctx, q, id)
	return rec, err
}

func scanForm(row interface{ Scan(...any) error }) (FormRecord, error) {
	var r FormRecord
	var updated int64
	f, fu := &r.Form, &r.Form.Funds
	err := row.Scan(&r.ID, &r.UnitID, &r.Status, &r.Version, &r.Profile,
		&f.Year, &f.Project, &f.Department, &f.Unit, (*string)(&f.AmountUnit),
		&fu.Total.Initial, &fu.Total.Adjusted, &fu.Total.Executed,
		&fu.Fiscal.Initial, &fu.Fiscal.Adjusted, &fu.Fiscal.Executed,
		&fu.Carryover.Initial, &fu.Carryover.Adjusted, &fu.Carryover.Executed,
		&fu.Other.Initial, &fu.Other.Adjusted, &fu.Other.Executed,
		&f.Template, &fu.Special.Initial, &fu.Special.Adjusted, &fu.Special.Executed,
		&fu.Own.Initial, &fu.Own.Adjusted, &fu.Own.Executed,
		&f.BudgetWeight, &f.Goals.Expected, &f.Goals.Achieved,
		&r.Summary.ExecutionRate, &r.Summary.Total, &r.Summary.Grade, &r.Summary.ProfileVersion, &r.Summary.Flags, &updated, &r.UpdatedBy)
	r.UpdatedAt = fromMillis(updated)
	return r, err
}

// getIndicators returns the rows of form id in order; never nil, so JSON shows [].
func getIndicators(ctx context.Context, q queryer, id int64) ([]form.Indicator, error) {
	rows, err := q.QueryContext(ctx, `SELECT level1, level2, name, target, actual, weight, score, deviation, achievement
		FROM indicators WHERE form_id = ? ORDER BY position`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []form.Indicator{}
	for rows.Next() {
		var in form.Indicator
		if err := rows.Scan(&in.Level1, &in.Level2, &in.Name, &in.Target, &in.Actual,
			&in.Weight, &in.Score, &in.Deviation, &in.Achievement); err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

func insertIndicators(ctx context.Context, tx *sql.Tx, formID int64, rows []form.Indicator) error {
	if len(rows) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO indicators
		(form_id, position, level1, level2, name, target, actual, weight, score, deviation, achievement)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	for i, in := range rows {
		if _, err := st.ExecContext(ctx, formID, i, in.Level1, in.Level2, in.Name, in.Target, in.Actual,
			in.Weight, in.Score, in.Deviation, string(in.Achievement)); err != nil {
			return fmt.Errorf("indicator %d: %w", i, err)
		}
	}
	return nil
}

// placeholders returns "?, ?, …" with n marks.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
