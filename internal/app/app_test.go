package app

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"testing"

	"selfeval/internal/auth"
	"selfeval/internal/demo"
	"selfeval/internal/exchange/text"
	"selfeval/internal/form"
	"selfeval/internal/scoring"
	"selfeval/internal/store"
	"selfeval/internal/workflow"
)

var ctx = context.Background()

// demoApp is the application over a fresh database file holding the demo, plus a second
// unit of the same department with one form scored with another profile.
func demoApp(t testing.TB) (*App, *store.Store, store.Org) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "selfeval.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := demo.Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	orgs, err := st.Orgs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	other, err := st.CreateOrg(ctx, "第二单位", orgs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	forms, err := text.Read(demo.Seed2022)
	if err != nil {
		t.Fatal(err)
	}
	f := forms[0].Form
	f.Unit = other.Name
	p := scoring.Banded2023
	if _, err := st.CreateForm(ctx, f, other.ID, p.Name, Summarize(&f, &p), 0); err != nil {
		t.Fatal(err)
	}
	return New(st), st, other
}

// TestExportYear: a year's export holds exactly the forms the person may see, whole, each
// with the profile it was scored with.
func TestExportYear(t *testing.T) {
	a, st, other := demoApp(t)
	units, _ := st.Orgs(ctx)
	var dept, unit store.Org
	for _, o := range units {
		switch o.Name {
		case demo.Department:
			dept = o
		case demo.Unit:
			unit = o
		}
	}
	tests := []struct {
		who  auth.Principal
		want int
	}{
		{Operator, 11},
		{auth.Principal{Role: auth.RoleAuditor}, 11},
		{auth.Principal{Role: auth.RoleSupervisor, OrgID: dept.ID}, 11},
		{auth.Principal{Role: auth.RoleStaff, OrgID: unit.ID}, 10},
		{auth.Principal{Role: auth.RoleStaff, OrgID: other.ID}, 1},
	}
	for _, tt := range tests {
		got, err := a.ExportYear(ctx, tt.who, 2022)
		if err != nil || len(got) != tt.want {
			t.Errorf("%s of org %d: %d forms (%v), want %d", tt.who.Role, tt.who.OrgID, len(got), err, tt.want)
			continue
		}
		for _, e := range got {
			if len(e.Form.Indicators) == 0 {
				t.Errorf("%q exported without its rows", e.Form.Project)
			}
			if e.Profile.Name != e.FormRecord.Profile {
				t.Errorf("%q scored with %s exported with %s", e.Form.Project, e.FormRecord.Profile, e.Profile.Name)
			}
		}
	}
	if _, err := a.ExportYear(ctx, Operator, 1999); !errors.Is(err, ErrNothing) {
		t.Errorf("an empty year: %v, want ErrNothing", err)
	}
}

// yearOf1000 is the demo database with 989 more forms of 2022 in another unit: 1,000 in all.
func yearOf1000(b *testing.B) *App {
	a, st, other := demoApp(b)
	forms, err := text.Read(demo.Seed2022)
	if err != nil {
		b.Fatal(err)
	}
	var batch []store.NewForm
	for i := 0; len(batch) < 989; i++ {
		f := forms[i%len(forms)].Form
		f.Project += " " + strconv.Itoa(i)
		batch = append(batch, store.NewForm{Form: f, UnitID: other.ID, Profile: scoring.Default.Name, Summary: Summarize(&f, &scoring.Default)})
	}
	if _, err := st.CreateForms(ctx, batch, 0); err != nil {
		b.Fatal(err)
	}
	return a
}

// BenchmarkExportYear1000 reads a year of 1,000 forms for its export.
func BenchmarkExportYear1000(b *testing.B) {
	a := yearOf1000(b)
	b.ReportAllocs()
	for b.Loop() {
		got, err := a.ExportYear(ctx, Operator, 2022)
		if err != nil || len(got) != 1000 {
			b.Fatalf("%d forms, %v", len(got), err)
		}
	}
}

// TestCreateDrafts: staff create drafts for their own unit, whatever the form says; the
// operator for the unit each form names; a unit the tree lacks refuses the whole batch, and
// nobody else may create drafts. Copying a year twice skips what next year already has.
func TestCreateDrafts(t *testing.T) {
	a, st, other := demoApp(t)
	unit, _, err := a.UnitOf(ctx, auth.Principal{Role: auth.RoleStaff, OrgID: other.ID})
	if err != nil || unit.ID != other.ID {
		t.Fatalf("UnitOf = %+v, %v", unit, err)
	}
	staff := auth.Principal{Role: auth.RoleStaff, OrgID: other.ID}
	outs, err := a.CreateDrafts(ctx, staff, []Draft{{Form: formNamed("甲", "别的单位")}})
	if err != nil || outs[0].Record.UnitID != other.ID || outs[0].Record.Form.Unit != other.Name || outs[0].Record.Form.Department != demo.Department {
		t.Fatalf("staff's draft: %+v, %v", outs, err)
	}
	outs, err = a.CreateDrafts(ctx, Operator, []Draft{{Form: formNamed("乙", demo.Unit)}, {Form: formNamed("丙", other.Name)}})
	if err != nil || outs[0].Record.Form.Unit != demo.Unit || outs[1].Record.UnitID != other.ID {
		t.Fatalf("operator's drafts: %+v, %v", outs, err)
	}
	before, _ := st.ListForms(ctx, store.ListFilter{Year: 2023})
	var nu *NoUnitError
	if _, err := a.CreateDrafts(ctx, Operator, []Draft{{Form: formNamed("丁", demo.Unit)}, {Form: formNamed("戊", "无此单位")}}); !errors.As(err, &nu) || nu.Index != 1 {
		t.Errorf("an unknown unit: %v, want NoUnitError for form 2", err)
	}
	if after, _ := st.ListForms(ctx, store.ListFilter{Year: 2023}); len(after) != len(before) {
		t.Errorf("a refused batch created %d forms", len(after)-len(before))
	}
	for _, who := range []auth.Principal{{Role: auth.RoleSupervisor, OrgID: other.ID}, {Role: auth.RoleAuditor}, {Role: auth.RoleAdmin, UserID: 9}} {
		if _, err := a.CreateDrafts(ctx, who, []Draft{{Form: formNamed("己", other.Name)}}); !errors.Is(err, ErrForbidden) {
			t.Errorf("%s created a draft (%v)", who.Role, err)
		}
	}
	first, err := a.CopyYear(ctx, staff, 2022)
	if err != nil || len(first) != 1 || first[0].Action != store.Created || first[0].Record.Form.Year != 2023 {
		t.Fatalf("copy of 2022: %+v, %v", first, err)
	}
	again, err := a.CopyYear(ctx, staff, 2022)
	if err != nil || len(again) != 1 || again[0].Action != store.Skipped {
		t.Errorf("a second copy: %+v, %v; want it skipped", again, err)
	}
	if _, err := a.CopyYear(ctx, staff, 1999); !errors.Is(err, ErrNothing) {
		t.Errorf("copy of an empty year: %v", err)
	}
}

func formNamed(project, unit string) form.Form {
	return form.Form{Year: 2023, Project: project, Unit: unit, Indicators: scoring.Default.Skeleton()}
}

// TestSave: a save is refused for a form the person may not see (not found) or not change
// (forbidden); one on the current version is stored; one on an older version is a conflict
// unless the page sent what it changed, and then it is merged.
func TestSave(t *testing.T) {
	a, st, other := demoApp(t)
	recs, err := st.FormsOf(ctx, store.ListFilter{Year: 2022, UnitIDs: []int64{other.ID}})
	if err != nil || len(recs) != 1 {
		t.Fatal(recs, err)
	}
	rec := recs[0]
	staff := auth.Principal{Role: auth.RoleStaff, OrgID: other.ID}
	edit := func(actual string) form.Form {
		f := rec.Form
		f.Indicators = append([]form.Indicator(nil), f.Indicators...)
		f.Indicators[0].Actual = actual
		f.Year = 1900 // the header fields a person does not edit are the stored ones
		return f
	}
	if _, err := a.Save(ctx, auth.Principal{Role: auth.RoleStaff, OrgID: other.ID + 99}, rec.ID, Save{Form: edit("x"), Base: 1}); !errors.Is(err, ErrNotFound) {
		t.Errorf("a stranger's save: %v, want ErrNotFound", err)
	}
	var dept store.Org
	orgs, _ := st.Orgs(ctx)
	for _, o := range orgs {
		if o.Name == demo.Department {
			dept = o
		}
	}
	if _, err := a.Save(ctx, auth.Principal{Role: auth.RoleSupervisor, OrgID: dept.ID}, rec.ID, Save{Form: edit("x"), Base: 1}); !errors.Is(err, ErrForbidden) {
		t.Errorf("a supervisor's save: %v, want ErrForbidden", err)
	}
	saved, err := a.Save(ctx, staff, rec.ID, Save{Form: edit("甲"), Base: rec.Version})
	if err != nil || saved.Record.Version != rec.Version+1 || saved.Record.Form.Indicators[0].Actual != "甲" || saved.Record.Form.Year != 2022 {
		t.Fatalf("a save on the current version: %+v, %v", saved.Record, err)
	}
	if _, err := a.Save(ctx, staff, rec.ID, Save{Form: edit("乙"), Base: rec.Version}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("a save on an older version: %v, want a conflict", err)
	}
	mine := edit("甲")
	mine.Indicators[1].Actual = "丙"
	e := form.Edit{Base: map[string]string{form.RowPath(1, "actual"): rec.Form.Indicators[1].Actual}}
	merged, err := a.Save(ctx, staff, rec.ID, Save{Form: mine, Base: rec.Version, Edit: &e})
	if err != nil || merged.Merged == nil || merged.Record.Form.Indicators[0].Actual != "甲" || merged.Record.Form.Indicators[1].Actual != "丙" {
		t.Errorf("a merged save: %+v, %v", merged.Record.Form.Indicators[:2], err)
	}
}

// TestTransitionAndComment: a submission with errors is refused with the workflow's
// reason; a move on an older version is a conflict; the supervisor comments on a row of
// the submitted form, and a comment on a row the form lacks is refused.
func TestTransitionAndComment(t *testing.T) {
	a, st, other := demoApp(t)
	recs, _ := st.FormsOf(ctx, store.ListFilter{Year: 2022, UnitIDs: []int64{other.ID}})
	rec := recs[0]
	staff := auth.Principal{Role: auth.RoleStaff, OrgID: other.ID}
	f := rec.Form
	f.Indicators = append([]form.Indicator(nil), f.Indicators...)
	f.Indicators[0].Score = "999"
	if _, err := a.Save(ctx, staff, rec.ID, Save{Form: f, Base: rec.Version}); err != nil {
		t.Fatal(err)
	}
	var refused *RefusedError
	if _, err := a.Transition(ctx, staff, rec.ID, Move{Action: workflow.Submit}); !errors.As(err, &refused) || refused.Decision.Reason != workflow.ReasonBlockingProblems {
		t.Fatalf("submitting with an error: %v", err)
	}
	f.Indicators[0].Score = rec.Form.Indicators[0].Score
	saved, err := a.Save(ctx, staff, rec.ID, Save{Form: f, Base: rec.Version + 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Transition(ctx, staff, rec.ID, Move{Action: workflow.Submit, Base: rec.Version}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("submitting from an older page: %v, want a conflict", err)
	}
	if _, err := a.Transition(ctx, staff, rec.ID, Move{Action: workflow.Submit, Base: saved.Record.Version}); err != nil {
		t.Fatalf("submit: %v", err)
	}
	orgs, _ := st.Orgs(ctx)
	var sup auth.Principal
	for _, o := range orgs {
		if o.Name == demo.Department {
			sup = auth.Principal{Role: auth.RoleSupervisor, OrgID: o.ID}
		}
	}
	if _, err := a.Comment(ctx, sup, rec.ID, form.RowPrefix(1), "请补充说明"); err != nil {
		t.Errorf("a comment on row 2: %v", err)
	}
	if _, err := a.Comment(ctx, sup, rec.ID, form.RowPrefix(len(f.Indicators)), "x"); !errors.Is(err, ErrBadField) {
		t.Errorf("a comment on a missing row: %v", err)
	}
	if _, err := a.Comment(ctx, staff, rec.ID, "", "x"); !errors.As(err, &refused) {
		t.Errorf("staff commenting: %v, want refused", err)
	}
	cs, _ := st.RowComments(ctx, rec.ID)
	if len(cs) != 1 || cs[0].Field != form.RowPrefix(1) {
		t.Errorf("comments stored: %+v", cs)
	}
}

// TestAccounts: only administrators (and the operator) manage accounts; nobody disables or
// demotes their own account; the last active administrator stays; a change to nothing is
// no change.
func TestAccounts(t *testing.T) {
	a, st, other := demoApp(t)
	admin, err := st.UserByUsername(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	me := auth.Principal{UserID: admin.ID, Username: admin.Username, Role: auth.RoleAdmin, OrgID: admin.OrgID}
	if _, err := a.CreateUser(ctx, auth.Principal{Role: auth.RoleSupervisor}, "x", "a-long-password", auth.RoleStaff, other.ID); !errors.Is(err, ErrForbidden) {
		t.Errorf("a supervisor created an account: %v", err)
	}
	u, err := a.CreateUser(ctx, me, "wang", "a-long-password", auth.RoleStaff, other.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateUser(ctx, me, "zhao", "short", auth.RoleStaff, other.ID); !errors.Is(err, auth.ErrPasswordTooShort) {
		t.Errorf("a short password: %v", err)
	}
	if _, _, err := a.UpdateUser(ctx, me, AccountChange{ID: admin.ID, Role: auth.RoleAdmin, OrgID: admin.OrgID, Disabled: true}); !errors.Is(err, ErrSelfDisable) {
		t.Errorf("disabling oneself: %v", err)
	}
	if _, _, err := a.UpdateUser(ctx, me, AccountChange{ID: admin.ID, Role: auth.RoleStaff, OrgID: other.ID}); !errors.Is(err, ErrSelfDemote) {
		t.Errorf("demoting oneself: %v", err)
	}
	if _, changed, err := a.UpdateUser(ctx, me, AccountChange{ID: u.ID, Role: u.Role, OrgID: u.OrgID}); err != nil || changed {
		t.Errorf("a change to nothing: changed %v, %v", changed, err)
	}
	if _, changed, err := a.SetDisabled(ctx, me, u.ID, true); err != nil || !changed {
		t.Errorf("disabling another account: changed %v, %v", changed, err)
	}
	if _, _, err := a.SetDisabled(ctx, Operator, admin.ID, true); !errors.Is(err, store.ErrLastAdmin) {
		t.Errorf("the operator disabling the last administrator: %v", err)
	}
	if err := a.SetPassword(ctx, Operator, admin.ID, "another-long-one"); err != nil {
		t.Errorf("the operator's new password: %v", err)
	}
	if got, _ := st.UserByID(ctx, admin.ID); got.Disabled || !auth.CheckPassword(got.PasswordHash, "another-long-one") {
		t.Errorf("the administrator after the changes: disabled %v", got.Disabled)
	}
}

// TestDeleteRestore: staff delete a draft of their unit; nobody else may; an administrator
// restores it.
func TestDeleteRestore(t *testing.T) {
	a, st, other := demoApp(t)
	recs, _ := st.FormsOf(ctx, store.ListFilter{Year: 2022, UnitIDs: []int64{other.ID}})
	id := recs[0].ID
	if _, err := a.Delete(ctx, auth.Principal{Role: auth.RoleAuditor}, id, 0); !errors.Is(err, ErrForbidden) {
		t.Errorf("an auditor deleting: %v", err)
	}
	if _, err := a.Delete(ctx, auth.Principal{Role: auth.RoleStaff, OrgID: other.ID + 99}, id, 0); !errors.Is(err, ErrNotFound) {
		t.Errorf("another unit's staff deleting: %v", err)
	}
	staff := auth.Principal{Role: auth.RoleStaff, OrgID: other.ID}
	if _, err := a.Delete(ctx, staff, id, recs[0].Version+5); !errors.Is(err, store.ErrConflict) {
		t.Errorf("deleting from an older page: %v", err)
	}
	if _, err := a.Delete(ctx, staff, id, recs[0].Version); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Load(ctx, staff, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("a deleted form loads: %v", err)
	}
	if err := a.Restore(ctx, staff, id); !errors.Is(err, ErrForbidden) {
		t.Errorf("staff restoring: %v", err)
	}
	if err := a.Restore(ctx, Operator, id); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Load(ctx, staff, id); err != nil {
		t.Errorf("the restored form: %v", err)
	}
}

// TestRefreshSummaries: figures computed with an older version of a form's profile are
// computed again, without a new version of the form or a line of history; fresh ones stay.
func TestRefreshSummaries(t *testing.T) {
	a, st, other := demoApp(t)
	recs, _ := st.FormsOf(ctx, store.ListFilter{Year: 2022, UnitIDs: []int64{other.ID}})
	rec := recs[0]
	if n, err := a.RefreshSummaries(ctx); err != nil || n != 0 {
		t.Fatalf("fresh figures refreshed: %d, %v", n, err)
	}
	old := store.Summary{ExecutionRate: "1.00", Total: "2.00", Grade: "差", ProfileVersion: 0}
	if _, _, err := st.SaveForm(ctx, rec.ID, rec.Version, rec.Form, old, 0); err != nil {
		t.Fatal(err)
	}
	n, err := a.RefreshSummaries(ctx)
	if err != nil || n != 1 {
		t.Fatalf("refreshed %d (%v), want the 1 stale form", n, err)
	}
	got, _ := st.Form(ctx, rec.ID)
	if got.Summary != rec.Summary || got.Version != rec.Version {
		t.Errorf("after the refresh: %+v v%d, want %+v v%d", got.Summary, got.Version, rec.Summary, rec.Version)
	}
	if h, _ := st.History(ctx, rec.ID); len(h) != 1 {
		t.Errorf("the refresh wrote history: %d rows", len(h))
	}
}
