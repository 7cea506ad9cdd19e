package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"selfeval/internal/auth"
	"selfeval/internal/form"
	"selfeval/internal/store"
)

// ErrForbidden is returned when the person may not do what they asked.
var ErrForbidden = errors.New("app: not allowed")

// Draft is one form to create as a draft, and what to do when its unit has a form of the
// same year and project already.
type Draft struct {
	Form        form.Form
	OnDuplicate store.OnDuplicate // "" keeps both
	ReplaceID   int64             // the duplicate to replace; 0 is the first draft among them
	// CreateUnit lets the Operator's import create the unit the form names (and its
	// department) when the tree lacks it, in the import's transaction, instead of refusing.
	CreateUnit bool
}

// NoUnitError says that a form to create names a unit the organisation tree lacks.
type NoUnitError struct {
	Index         int
	Project, Unit string
}

// Error says which form and which unit.
func (e *NoUnitError) Error() string {
	return fmt.Sprintf("app: form %d (%s): no unit named %q", e.Index+1, e.Project, e.Unit)
}

// DraftError says which form to create passes one of the form's bounds (a *form.LimitError).
type DraftError struct {
	Index   int
	Project string
	Err     error
}

// Error says which form and which bound.
func (e *DraftError) Error() string {
	return fmt.Sprintf("app: form %d (%s): %v", e.Index+1, e.Project, e.Err)
}

// Unwrap gives the bound.
func (e *DraftError) Unwrap() error { return e.Err }

// CreateDrafts stores drafts, all or none, in one transaction, each duplicate as its Draft
// says. Staff create them for their own unit (the department's and unit's names from the
// organisation tree); the Operator for the unit each form names. Anyone else may not.
// Every form is scored with the default profile, which it keeps. A form past one of the
// form's bounds (rows, characters in a field, the year) refuses the whole batch (*DraftError).
func (a *App) CreateDrafts(ctx context.Context, p auth.Principal, drafts []Draft) ([]store.Outcome, error) {
	news := make([]store.NewForm, len(drafts))
	type place struct {
		unit   store.Org
		dept   string
		create bool // the unit is to be made by the import
	}
	places := map[string]place{} // by the unit a form names: each looked up once
	for i, d := range drafts {
		if err := form.CheckLimits(&d.Form); err != nil {
			return nil, &DraftError{Index: i, Project: d.Form.Project, Err: err}
		}
		pl, seen := places[d.Form.Unit]
		if !seen {
			var err error
			pl.unit, pl.dept, err = a.unitFor(ctx, p, d.Form.Unit)
			switch {
			case errors.Is(err, store.ErrNotFound) && p == Operator && d.CreateUnit && strings.TrimSpace(d.Form.Unit) != "":
				pl = place{unit: store.Org{Name: strings.TrimSpace(d.Form.Unit)}, dept: strings.TrimSpace(d.Form.Department), create: true}
			case errors.Is(err, store.ErrNotFound) && p == Operator:
				return nil, &NoUnitError{Index: i, Project: d.Form.Project, Unit: d.Form.Unit}
			case err != nil:
				return nil, err
			}
			places[d.Form.Unit] = pl
		}
		unit := pl.unit
		f := d.Form
		f.Unit = unit.Name
		if pl.dept != "" || p != Operator { // the tree's department; a file's own where the tree has none
			f.Department = pl.dept
		}
		prof, err := a.profileFor(ctx, unit, f.Year)
		if err != nil {
			return nil, err
		}
		news[i] = store.NewForm{Form: f, UnitID: unit.ID, Profile: prof.Name, Summary: Summarize(&f, prof), Rescore: rescore,
			OnDuplicate: d.OnDuplicate, ReplaceID: d.ReplaceID}
		if pl.create {
			news[i].NewUnit, news[i].NewDepartment = pl.unit.Name, pl.dept
		}
	}
	return a.store.ImportForms(ctx, news, p.UserID)
}

// CopyYear starts next year's drafts from every form of p's unit in year (form.NextYear);
// a form next year already has is skipped. ErrNothing when the unit has no form that year.
func (a *App) CopyYear(ctx context.Context, p auth.Principal, year int) ([]store.Outcome, error) {
	if p.Role != auth.RoleStaff {
		return nil, ErrForbidden
	}
	recs, err := a.store.FormsOf(ctx, store.ListFilter{Year: year, UnitIDs: []int64{p.OrgID}})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%w: no forms of %d", ErrNothing, year)
	}
	drafts := make([]Draft, len(recs))
	for i, rec := range recs {
		drafts[i] = Draft{Form: form.NextYear(rec.Form), OnDuplicate: store.Skip}
	}
	return a.CreateDrafts(ctx, p, drafts)
}

// UnitOf is the unit p's drafts go to and the name of its department ("" when it has none);
// ErrForbidden for a person who has no unit to fill in forms for.
func (a *App) UnitOf(ctx context.Context, p auth.Principal) (store.Org, string, error) {
	if p.Role != auth.RoleStaff {
		return store.Org{}, "", ErrForbidden
	}
	return a.unitFor(ctx, p, "")
}

// unitFor is the unit a form of p goes to, and the name of its department ("" when it has
// none): staff's own unit, or for the Operator the unit named.
func (a *App) unitFor(ctx context.Context, p auth.Principal, named string) (store.Org, string, error) {
	var unit store.Org
	var err error
	switch {
	case p.Role == auth.RoleStaff:
		unit, err = a.store.OrgByID(ctx, p.OrgID)
		if errors.Is(err, store.ErrNotFound) { // a person without a unit has nowhere to put a form
			return unit, "", ErrForbidden
		}
	case p == Operator:
		unit, err = a.store.OrgByName(ctx, named)
	default:
		return unit, "", ErrForbidden
	}
	if err != nil || unit.ParentID == 0 {
		return unit, "", err
	}
	dept, err := a.store.OrgByID(ctx, unit.ParentID)
	if err != nil {
		return unit, "", err
	}
	return unit, dept.Name, nil
}
