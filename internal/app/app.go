// Package app holds the use cases of selfeval for the web and the command line alike: each
// takes the acting person (an auth.Principal), decides what they may do, and reads and
// writes the store once. Handlers and commands parse their input, call a use case and
// present its result; neither orchestrates the store itself.
//
// The use cases moved here so far: which units a person sees, and the export of a year.
package app

import (
	"context"
	"errors"
	"fmt"

	"selfeval/internal/auth"
	"selfeval/internal/form"
	"selfeval/internal/scoring"
	"selfeval/internal/store"
	"selfeval/internal/workflow"
)

// App is the application over one store.
type App struct {
	store *store.Store
}

// New is the application over st.
func New(st *store.Store) *App { return &App{store: st} }

// Operator is the principal of the command line: the person at the server's console, who
// may see everything, as an administrator does.
var Operator = auth.Principal{Username: "operator", Role: auth.RoleAdmin}

// ErrNothing is returned when a use case finds nothing to work on (no form of the year).
var ErrNothing = errors.New("app: nothing found")

// VisibleUnits lists the units whose forms p may see; nil means every unit.
func (a *App) VisibleUnits(ctx context.Context, p auth.Principal) ([]int64, error) {
	switch p.Role {
	case auth.RoleAdmin, auth.RoleAuditor:
		return nil, nil
	case auth.RoleStaff:
		return []int64{p.OrgID}, nil
	}
	orgs, err := a.store.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	units := []int64{}
	for _, o := range orgs {
		if auth.CanView(p, o.ID, o.ParentID) {
			units = append(units, o.ID)
		}
	}
	return units, nil
}

// Exported is one form of an export with the profile it is scored with.
type Exported struct {
	store.FormRecord
	Profile *scoring.Profile
}

// ExportYear returns every form of year that p may see, whole, each with its own profile,
// read in one pass however many forms there are. ErrNothing when there is none.
func (a *App) ExportYear(ctx context.Context, p auth.Principal, year int) ([]Exported, error) {
	units, err := a.VisibleUnits(ctx, p)
	if err != nil {
		return nil, err
	}
	recs, err := a.store.FormsOf(ctx, store.ListFilter{Year: year, UnitIDs: units})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%w: no forms of %d", ErrNothing, year)
	}
	out := make([]Exported, len(recs))
	for i, rec := range recs {
		out[i] = Exported{FormRecord: rec, Profile: ProfileOf(rec.Profile)}
	}
	return out, nil
}

// ProfileOf is the profile a form names, or the default one for a name no longer known.
func ProfileOf(name string) *scoring.Profile {
	if p, ok := scoring.Lookup(name); ok {
		return &p
	}
	return &scoring.Default
}

// RefreshSummaries computes again the list figures of every form whose figures were computed
// with an older version of its profile (after a rule changed, or figures stored before the
// version was kept), and returns how many it refreshed. The forms' content and version do not
// change: the figures are derived, not typed.
func (a *App) RefreshSummaries(ctx context.Context) (int, error) {
	current := map[string]int{}
	for _, p := range scoring.Profiles() {
		current[p.Name] = p.Version
	}
	ids, err := a.store.StaleSummaries(ctx, current)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		rec, err := a.store.Form(ctx, id)
		if err != nil {
			return 0, err
		}
		prof := ProfileOf(rec.Profile)
		res := scoring.Score(&rec.Form, prof)
		sum := store.Summary(res.Summary(prof))
		if rec.Status == string(workflow.Approved) { // its final figures, under the review scores
			if sum, err = a.finalSummary(ctx, &rec, &res); err != nil {
				return 0, err
			}
		}
		if _, _, err := a.store.SaveForm(ctx, id, rec.Version, rec.Form, sum, 0); err != nil {
			return 0, fmt.Errorf("app: refresh summary of form %d: %w", id, err)
		}
	}
	return len(ids), nil
}

// Summarize is the stored summary of f scored under p.
func Summarize(f *form.Form, p *scoring.Profile) store.Summary {
	return store.Summary(scoring.Summarize(f, p))
}

// rescore is the summary of f under the profile named: what a replace over a draft of
// another profile stores.
func rescore(profile string, f *form.Form) store.Summary { return Summarize(f, ProfileOf(profile)) }
