package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"selfeval/internal/scoring"
	"selfeval/internal/store"
)

// otherProfile is a known profile other than the default, and the demo's 培训费 (99.03%
// executed) scores differently under it.
func otherProfile(t *testing.T) scoring.Profile {
	t.Helper()
	for _, p := range scoring.Profiles() {
		if p.Name != scoring.Default.Name {
			return p
		}
	}
	t.Fatal("only the default profile is known")
	return scoring.Profile{}
}

// TestChooseProfileAndRescore: the administrator adopts other rules for the demo department's
// 2022; nothing is rescored until asked: the rescoring page lists every form of that year with
// its figures before and after, and only its confirmation changes the forms' profile, each
// recorded in the form's history. A form created afterwards takes the chosen rules at once.
func TestChooseProfileAndRescore(t *testing.T) {
	e := newEnv(t)
	admin := e.client(t).loginAs("admin")
	prof := otherProfile(t)
	dept := strconv.FormatInt(e.DemoDept.ID, 10)
	resp := admin.postForm("/admin/profiles", url.Values{"dept_id": {dept}, "year": {"2022"}, "profile": {prof.Name}})
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "admin.profile_chosen") {
		t.Fatalf("choose: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp.Body.Close()
	doc := admin.page("/admin/profiles")
	if got := doc.Find(`[data-testid=profile-choice]`).Text(); !strings.Contains(got, prof.Title) || !strings.Contains(got, "2022") {
		t.Errorf("the choices list %q, want %s for 2022", got, prof.Title)
	}
	staff := e.client(t).loginAs("staff")
	id := staff.formIDOf(training, 2022)
	if p := e.formRecord(t, id).Profile; p != scoring.Default.Name {
		t.Fatalf("choosing rescored 培训费 already: profile %q", p)
	}

	doc = admin.page("/admin/rescore?dept=" + dept + "&year=2022")
	rows := doc.Find(`[data-testid=rescore-row]`)
	if rows.Length() != 10 {
		t.Errorf("the rescoring lists %d forms, want the demo's 10", rows.Length())
	}
	if e.formRecord(t, id).Profile != scoring.Default.Name {
		t.Fatal("opening the rescoring page changed a form")
	}
	resp = admin.postForm("/admin/rescore", url.Values{"dept_id": {dept}, "year": {"2022"}})
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "admin.rescored") {
		t.Fatalf("rescore: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp.Body.Close()
	if !strings.Contains(resp.Header.Get("Location"), "arg=10") {
		t.Errorf("rescored %s, want 10 forms", resp.Header.Get("Location"))
	}
	rec := e.formRecord(t, id)
	if rec.Profile != prof.Name || rec.Summary.ProfileVersion != prof.Version {
		t.Errorf("after rescoring: profile %q v%d, want %q v%d", rec.Profile, rec.Summary.ProfileVersion, prof.Name, prof.Version)
	}
	hist, err := e.Store.History(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	last := hist[len(hist)-1]
	if last.Field != store.FieldProfile || last.Old != scoring.Default.Name || last.New != prof.Name || last.Username != "admin" {
		t.Errorf("the history's last entry %+v, want the change of profile by admin", last)
	}
	if n := admin.page("/admin/rescore?dept=" + dept + "&year=2022").Find(`[data-testid=rescore-nothing]`).Length(); n != 1 {
		t.Error("after rescoring, the rescoring page still lists forms")
	}

	resp = staff.postForm("/forms/new", url.Values{"year": {"2022"}, "project": {"新项目"}})
	resp.Body.Close()
	newID := staff.formIDOf("新项目", 2022)
	if p := e.formRecord(t, newID).Profile; p != prof.Name {
		t.Errorf("a form created after the choice has profile %q, want %q", p, prof.Name)
	}
}

// TestChooseProfileBadInput: an unknown profile, a unit instead of a department, or a year out
// of range is refused with a message and changes nothing.
func TestChooseProfileBadInput(t *testing.T) {
	e := newEnv(t)
	admin := e.client(t).loginAs("admin")
	dept, unit := strconv.FormatInt(e.DemoDept.ID, 10), strconv.FormatInt(e.DemoUnit.ID, 10)
	for _, tt := range []struct {
		vals url.Values
		want string
	}{
		{url.Values{"dept_id": {dept}, "year": {"2022"}, "profile": {"no-such-rules"}}, "admin.profile_unknown"},
		{url.Values{"dept_id": {unit}, "year": {"2022"}, "profile": {scoring.Default.Name}}, "admin.bad_input"},
		{url.Values{"dept_id": {dept}, "year": {"1999"}, "profile": {scoring.Default.Name}}, "admin.bad_input"},
		{url.Values{"dept_id": {dept}, "year": {"二〇二二"}, "profile": {scoring.Default.Name}}, "admin.bad_input"},
	} {
		resp := admin.postForm("/admin/profiles", tt.vals)
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "err="+tt.want) {
			t.Errorf("%v: %d → %s, want the error %s", tt.vals, resp.StatusCode, loc, tt.want)
		}
	}
	choices, err := e.Store.ProfileChoices(context.Background())
	if err != nil || len(choices) != 0 {
		t.Errorf("choices after refused requests: %v, %v", choices, err)
	}
	if code := admin.get("/admin/rescore?dept=" + dept + "&year=2022").StatusCode; code != http.StatusNotFound {
		t.Errorf("the rescoring of a year without a choice: %d, want 404", code)
	}
}
