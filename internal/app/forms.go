package app

import (
	"context"
	"errors"
	"fmt"

	"selfeval/internal/auth"
	"selfeval/internal/form"
	"selfeval/internal/store"
	"selfeval/internal/workflow"
)

// ErrNotFound is returned for a form that does not exist for the person: none by that id,
// deleted, or not theirs to see (which is not told apart, so nobody learns of others' forms).
var ErrNotFound = errors.New("app: no such form")

// Loaded is a form as a use case reads it for a person: what decides who may do what with
// it, and the stored record.
type Loaded struct {
	Access store.Access
	Record store.FormRecord
}

// Access reads what decides who may do what with form id, without the form (the keystroke
// path reads no more): ErrNotFound when p may not see it.
func (a *App) Access(ctx context.Context, p auth.Principal, id int64) (store.Access, error) {
	acc, err := a.store.FormAccess(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !auth.CanView(p, acc.UnitID, acc.UnitParentID)) {
		return store.Access{}, ErrNotFound
	}
	return acc, err
}

// Load reads form id for p: ErrNotFound when p may not see it.
func (a *App) Load(ctx context.Context, p auth.Principal, id int64) (Loaded, error) {
	acc, err := a.Access(ctx, p, id)
	if err != nil {
		return Loaded{}, err
	}
	rec, err := a.store.Form(ctx, id)
	if errors.Is(err, store.ErrNotFound) { // deleted meanwhile
		return Loaded{}, ErrNotFound
	}
	if err != nil {
		return Loaded{}, err
	}
	acc.Version, acc.Status = rec.Version, rec.Status
	return Loaded{Access: acc, Record: rec}, nil
}

// Subject is what the workflow needs to know of a form with blocking errors.
func Subject(acc store.Access, blocking int) workflow.Subject {
	return workflow.Subject{UnitID: acc.UnitID, UnitParentID: acc.UnitParentID, State: workflow.State(acc.Status), Blocking: blocking}
}

// CanEdit asks the workflow whether p may change the form now (staff of its unit, while it
// is a draft or returned).
func CanEdit(p auth.Principal, acc store.Access) bool {
	return workflow.Decide(p, Subject(acc, 0), workflow.Edit, "").Allowed
}

// Save is a save as a person's page sends it.
type Save struct {
	// Form is what the page holds; the header fields a person does not edit (year,
	// department, unit) are the stored ones.
	Form form.Form
	// Base is the version the page was based on; for an overwrite, the latest version the
	// person was shown.
	Base int
	// Overwrite says the person chose to save over the newer version Base.
	Overwrite bool
	// Op is a row operation to apply first ("add:3" …, see form.ApplyRowOp).
	Op string
	// Edit, when the page sent what the person changed since Base, merges a save made on an
	// older version field by field (form.Merge); without it such a save is a conflict.
	Edit *form.Edit
}

// Saved is the outcome of a save.
type Saved struct {
	// Before is the form as read before the save: after a conflict, the latest one.
	Before Loaded
	// Record is the form as stored after the save.
	Record store.FormRecord
	// Form is what was to be saved (after the row operation and the merge).
	Form form.Form
	// Merged is the merge of a save on an older version, or nil.
	Merged *form.Merged
	// Focus is the row to show after a row operation, or -1.
	Focus int
}

// Save saves a person's edit of form id, against the version it was based on, with one
// read and one write: ErrNotFound for a form p may not see, ErrForbidden for one they may
// not change now, an error wrapping store.ErrConflict when someone saved a newer version
// and the edit could not be merged (the stored form is then in Saved.Before).
func (a *App) Save(ctx context.Context, p auth.Principal, id int64, s Save) (Saved, error) {
	acc, err := a.Access(ctx, p, id)
	if err != nil {
		return Saved{}, err
	}
	bounded := s.Form
	bounded.Year = form.MinYear // a save keeps the stored year, whatever it posts
	if err := form.CheckLimits(&bounded); err != nil {
		return Saved{}, err // nothing is cut: the person's page keeps what they typed
	}
	out := Saved{Before: Loaded{Access: acc}, Focus: -1}
	// The edit is made from the form as read inside the save's transaction: one read, and
	// nobody writes between it and the write.
	out.Record, _, err = a.store.EditForm(ctx, id, p.UserID, func(cur store.FormRecord) (form.Form, store.Summary, int, error) {
		acc.Version, acc.Status = cur.Version, cur.Status
		out.Before = Loaded{Access: acc, Record: cur}
		if !CanEdit(p, acc) {
			return form.Form{}, store.Summary{}, 0, ErrForbidden
		}
		stored := &cur.Form
		f := s.Form
		f.Year, f.Department, f.Unit, f.Template = stored.Year, stored.Department, stored.Unit, stored.Template
		form.KeepTypedAmounts(&stored.Funds, &f.Funds, f.AmountUnit)
		out.Focus = form.ApplyRowOp(&f, s.Op)
		base := s.Base
		if s.Edit != nil && !s.Overwrite && base != cur.Version {
			e := *s.Edit
			e.Mine = f
			m := form.Merge(e, *stored)
			out.Merged, f, base = &m, m.Form, cur.Version
		}
		out.Form = f
		return f, Summarize(&f, ProfileOf(cur.Profile)), base, nil
	})
	switch {
	case errors.Is(err, ErrForbidden):
		return out, ErrForbidden
	case errors.Is(err, store.ErrNotFound): // deleted meanwhile
		return out, ErrNotFound
	case err != nil:
		return out, fmt.Errorf("app: save form %d: %w", id, err)
	}
	return out, nil
}

// CanDelete reports whether p may delete a form of unit unitID in state status: staff of
// that unit, and only a draft (a returned form has a review history to keep).
func CanDelete(p auth.Principal, unitID int64, status string) bool {
	return auth.CanEdit(p, unitID) && status == string(workflow.Draft)
}

// Delete deletes form id softly (it stays in the history; an administrator restores it),
// if it is a draft of p's unit at version (0: whatever the version). It returns the form
// as read: ErrNotFound for a form p may not see, ErrForbidden for one not theirs to delete,
// the store's ErrNotDraft and ErrConflict for one that is no draft or changed.
func (a *App) Delete(ctx context.Context, p auth.Principal, id int64, version int) (Loaded, error) {
	l, err := a.Load(ctx, p, id)
	if err != nil {
		return l, err
	}
	if !auth.CanEdit(p, l.Access.UnitID) {
		return l, ErrForbidden
	}
	if err := a.store.DeleteForm(ctx, id, version, p.UserID); err != nil {
		return l, fmt.Errorf("app: delete form %d: %w", id, err)
	}
	return l, nil
}

// Restore brings a deleted form back as a draft of its unit (administrators only); the
// store's ErrConflict says it was not deleted, ErrNotFound that there is no such form.
func (a *App) Restore(ctx context.Context, p auth.Principal, id int64) error {
	if p.Role != auth.RoleAdmin {
		return ErrForbidden
	}
	if _, err := a.store.RestoreForm(ctx, id, p.UserID); err != nil {
		return fmt.Errorf("app: restore form %d: %w", id, err)
	}
	return nil
}
