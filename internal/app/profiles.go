package app

import (
	"context"
	"fmt"

	"selfeval/internal/auth"
	"selfeval/internal/scoring"
	"selfeval/internal/store"
	"selfeval/internal/workflow"
)

// ErrUnknownProfile is a profile name that no embedded profile has.
var ErrUnknownProfile = fmt.Errorf("app: unknown profile")

// ChooseProfile records profile as the rules of department deptID's forms of year: the forms
// made from now on take it; the forms already there keep theirs until Rescore is asked for.
func (a *App) ChooseProfile(ctx context.Context, p auth.Principal, deptID int64, year int, profile string) error {
	if !mayAdminister(p) {
		return ErrForbidden
	}
	if _, ok := scoring.Lookup(profile); !ok || profile == "" {
		return fmt.Errorf("%w: %q", ErrUnknownProfile, profile)
	}
	return a.store.SetProfileChoice(ctx, deptID, year, profile, p.UserID)
}

// profileFor is the profile a new form of unit for year takes: the one chosen for the unit's
// department and year, else the default.
func (a *App) profileFor(ctx context.Context, unit store.Org, year int) (*scoring.Profile, error) {
	if unit.ParentID == 0 {
		return &scoring.Default, nil
	}
	name, ok, err := a.store.ProfileFor(ctx, unit.ParentID, year)
	if err != nil || !ok {
		return &scoring.Default, err
	}
	return ProfileOf(name), nil
}

// Rescoring is what rescoring one form would change: its profile and its figures before and after.
type Rescoring struct {
	ID            int64
	Project, Unit string
	From, To      string // profile names
	Before, After store.Summary
	// Kept is true for an approved form, whose figures were decided and are not rescored.
	Kept bool
}

// Changed reports whether the figures differ under the new profile.
func (r Rescoring) Changed() bool {
	return r.Before.ExecutionRate != r.After.ExecutionRate || r.Before.Total != r.After.Total || r.Before.Grade != r.After.Grade
}

// RescorePlan lists the forms of department deptID and year whose profile is not the one
// chosen for them, with their figures under each: what Rescore would change. Nothing is written.
func (a *App) RescorePlan(ctx context.Context, p auth.Principal, deptID int64, year int) ([]Rescoring, error) {
	if !mayAdminister(p) {
		return nil, ErrForbidden
	}
	chosen, ok, err := a.store.ProfileFor(ctx, deptID, year)
	if err != nil || !ok {
		return nil, err
	}
	orgs, err := a.store.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	var units []int64
	for _, o := range orgs {
		if o.ParentID == deptID {
			units = append(units, o.ID)
		}
	}
	if len(units) == 0 {
		return nil, nil
	}
	recs, err := a.store.FormsOf(ctx, store.ListFilter{Year: year, UnitIDs: units})
	if err != nil {
		return nil, err
	}
	to := ProfileOf(chosen)
	var out []Rescoring
	for _, rec := range recs {
		if rec.Profile == chosen {
			continue
		}
		out = append(out, Rescoring{ID: rec.ID, Project: rec.Form.Project, Unit: rec.Form.Unit, From: rec.Profile, To: chosen,
			Before: Summarize(&rec.Form, ProfileOf(rec.Profile)), After: Summarize(&rec.Form, to),
			Kept: rec.Status == string(workflow.Approved)})
	}
	return out, nil
}

// Rescore scores every form of RescorePlan but the approved ones with the profile chosen for
// it, recording the change of profile in each form's history, and returns how many it rescored.
func (a *App) Rescore(ctx context.Context, p auth.Principal, deptID int64, year int) (int, error) {
	plan, err := a.RescorePlan(ctx, p, deptID, year)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range plan {
		if r.Kept {
			continue
		}
		if err := a.store.SetFormProfile(ctx, r.ID, r.To, r.After, p.UserID); err != nil {
			return n, fmt.Errorf("app: rescore form %d: %w", r.ID, err)
		}
		n++
	}
	return n, nil
}
