package app

import (
	"context"
	"sort"
	"strings"
	"time"

	"selfeval/internal/auth"
	"selfeval/internal/decimal"
	"selfeval/internal/store"
	"selfeval/internal/workflow"
)

// Overview is a department's (or every department's) year at a glance, over the units a
// person may see: made from the forms' stored summaries, never by scoring them again.
type Overview struct {
	Year  int
	Forms int
	// ByStatus counts the forms in each workflow state.
	ByStatus map[string]int
	// Units are the units seen, by department and name, with their forms' states.
	Units []UnitProgress
	// RateBands counts the forms by execution rate (RateBandKeys), Grades by grade (GradeKeys).
	RateBands, Grades []Count
	// Flags are the flags for the reviewer, most frequent first, with their forms.
	Flags []FlagForms
	// Departments are the departments overseen (a supervisor's own, or every one), with the
	// due date of the year's self-assessment ("" when not opened).
	Departments []DepartmentDue
}

// DepartmentDue is a department and the due date it set for its units' forms of the year.
type DepartmentDue struct {
	Department store.Org
	Due        string
}

// UnitProgress is one unit's forms of the year by state.
type UnitProgress struct {
	Unit       store.Org
	Department string
	Forms      int
	ByStatus   map[string]int
	// Due is the due date of the department's self-assessment of the year ("" when not opened);
	// Late is true once it has passed with forms still to submit.
	Due  string
	Late bool
}

// NotStarted reports a unit without a form this year.
func (u UnitProgress) NotStarted() bool { return u.Forms == 0 }

// Waiting is the number of the unit's forms waiting for review.
func (u UnitProgress) Waiting() int { return u.ByStatus[string(workflow.Submitted)] }

// Count is a number of forms under a key of a distribution.
type Count struct {
	Key string
	N   int
}

// FlagForms is one flag and the forms that carry it.
type FlagForms struct {
	Code  string
	Forms []store.OverviewRow
}

// RateBandKeys are the bands of the execution-rate distribution, low to high: below 60%,
// 60–70%, 70–80%, 80–90%, 90–100%, 100% and above, and forms without a rate.
var RateBandKeys = []string{"lt60", "60", "70", "80", "90", "100", "none"}

// GradeKeys are the grades of the grade distribution, and forms without a grade.
var GradeKeys = []string{"优", "良", "中", "差", "none"}

var rateBandFloors = []decimal.Dec{decimal.FromInt(60), decimal.FromInt(70), decimal.FromInt(80), decimal.FromInt(90), decimal.Hundred}

// rateBand is the key of RateBandKeys a stored execution rate ("98.32") falls in.
func rateBand(rate string) string {
	d, err := decimal.Parse(rate)
	if err != nil || rate == "" {
		return "none"
	}
	band := "lt60"
	for i, floor := range rateBandFloors {
		if d.Cmp(floor) >= 0 {
			band = RateBandKeys[i+1]
		}
	}
	return band
}

// Overview builds year's overview over what p may see, as of now: a supervisor their
// department's units, an administrator or an auditor every unit. Staff have none (ErrForbidden).
func (a *App) Overview(ctx context.Context, p auth.Principal, year int, now time.Time) (Overview, error) {
	if p.Role != auth.RoleSupervisor && p.Role != auth.RoleAdmin && p.Role != auth.RoleAuditor {
		return Overview{}, ErrForbidden
	}
	visible, err := a.VisibleUnits(ctx, p)
	if err != nil {
		return Overview{}, err
	}
	orgs, err := a.store.Orgs(ctx)
	if err != nil {
		return Overview{}, err
	}
	rows, err := a.store.OverviewRows(ctx, year, visible)
	if err != nil {
		return Overview{}, err
	}
	deadlines, err := a.store.Deadlines(ctx, year)
	if err != nil {
		return Overview{}, err
	}
	ov := overviewOf(year, orgs, visible, rows)
	lateness(&ov, deadlines, now)
	due := map[int64]string{}
	for _, d := range deadlines {
		due[d.DeptID] = d.Due
	}
	for _, o := range orgs {
		if o.ParentID == 0 && (p.Role != auth.RoleSupervisor || o.ID == p.OrgID) {
			ov.Departments = append(ov.Departments, DepartmentDue{o, due[o.ID]})
		}
	}
	return ov, nil
}

// overviewOf aggregates the rows of the visible units (nil: every unit) of orgs.
func overviewOf(year int, orgs []store.Org, visible []int64, rows []store.OverviewRow) Overview {
	names := map[int64]string{}
	for _, o := range orgs {
		names[o.ID] = o.Name
	}
	seen := map[int64]bool{}
	for _, id := range visible {
		seen[id] = true
	}
	ov := Overview{Year: year, Forms: len(rows), ByStatus: map[string]int{}}
	index := map[int64]int{}
	for _, o := range orgs {
		// A unit is an org under a department; a department's own forms (a top-level org
		// that holds forms) count as a unit of their own, below.
		if o.ParentID == 0 || visible != nil && !seen[o.ID] {
			continue
		}
		index[o.ID] = len(ov.Units)
		ov.Units = append(ov.Units, UnitProgress{Unit: o, Department: names[o.ParentID], ByStatus: map[string]int{}})
	}
	bands, grades := map[string]int{}, map[string]int{}
	flags := map[string][]store.OverviewRow{}
	for _, r := range rows {
		ov.ByStatus[r.Status]++
		i, ok := index[r.UnitID]
		if !ok {
			index[r.UnitID] = len(ov.Units)
			i = len(ov.Units)
			ov.Units = append(ov.Units, UnitProgress{Unit: store.Org{ID: r.UnitID, Name: names[r.UnitID]}, ByStatus: map[string]int{}})
		}
		ov.Units[i].Forms++
		ov.Units[i].ByStatus[r.Status]++
		bands[rateBand(r.ExecutionRate)]++
		g := r.Grade
		if g == "" {
			g = "none"
		}
		grades[g]++
		for _, code := range strings.Fields(r.Flags) {
			flags[code] = append(flags[code], r)
		}
	}
	sort.SliceStable(ov.Units, func(i, j int) bool {
		a, b := ov.Units[i], ov.Units[j]
		if a.Department != b.Department {
			return a.Department < b.Department
		}
		return a.Unit.Name < b.Unit.Name
	})
	for _, k := range RateBandKeys {
		ov.RateBands = append(ov.RateBands, Count{k, bands[k]})
	}
	for _, k := range GradeKeys {
		ov.Grades = append(ov.Grades, Count{k, grades[k]})
	}
	for code, forms := range flags {
		ov.Flags = append(ov.Flags, FlagForms{code, forms})
	}
	sort.Slice(ov.Flags, func(i, j int) bool {
		if len(ov.Flags[i].Forms) != len(ov.Flags[j].Forms) {
			return len(ov.Flags[i].Forms) > len(ov.Flags[j].Forms)
		}
		return ov.Flags[i].Code < ov.Flags[j].Code
	})
	return ov
}
