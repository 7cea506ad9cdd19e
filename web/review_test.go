package web

// The review workflow through the whole router: submission refused while errors remain, the
// supervisor's review with row comments, return and approval, the administrator's reopen, the
// reviewer's flags and changes, the history of every save and transition, the navigation
// counts, and the administration of departments, units and users.

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"selfeval/internal/auth"
	"selfeval/internal/store"
)

// act posts a workflow action (submit, return, approve, reopen, comments) on form id as c.
// Without a version in vals the server takes the current one.
func act(c *client, id int64, action string, vals url.Values) *http.Response {
	c.t.Helper()
	return c.postForm(formPath(id, "/"+action), vals)
}

// attrs lists the attribute attr of every element of sel.
func attrs(sel *goquery.Selection, attr string) []string {
	var out []string
	sel.Each(func(_ int, s *goquery.Selection) {
		v, _ := s.Attr(attr)
		out = append(out, v)
	})
	return out
}

// actionsOf lists the workflow buttons of a form page (submit, return, approve, reopen).
func actionsOf(doc *goquery.Document) []string {
	var out []string
	for _, v := range attrs(doc.Find(`[data-testid="workflow"] button[data-testid^="action-"]`), "data-testid") {
		out = append(out, strings.TrimPrefix(v, "action-"))
	}
	return out
}

// expectStatus reports (without stopping the test) a status other than code.
func expectStatus(t *testing.T, c *client, resp *http.Response, code int) bool {
	t.Helper()
	if resp.StatusCode != code {
		t.Errorf("%s %s: status %d, want %d; body: %.300s", resp.Request.Method, resp.Request.URL.RequestURI(),
			resp.StatusCode, code, c.body(resp))
		return false
	}
	return true
}

// formState is the status and version of form id as stored.
func formState(t *testing.T, e *env, id int64) (string, int) {
	t.Helper()
	rec := e.formRecord(t, id)
	return rec.Status, rec.Version
}

func wantState(t *testing.T, e *env, id int64, status string) int {
	t.Helper()
	got, v := formState(t, e, id)
	if got != status {
		t.Fatalf("form %d is %s, want %s", id, got, status)
	}
	return v
}

// refusedWithMessage checks a 403 page that says msg.
func refusedWithMessage(t *testing.T, c *client, resp *http.Response, msg string) {
	t.Helper()
	if !expectStatus(t, c, resp, http.StatusForbidden) {
		return
	}
	if got := testid(c.doc(resp), "error"); !strings.Contains(got, msg) {
		t.Errorf("%s %s: the refusal says %q, want %q", resp.Request.Method, resp.Request.URL.Path, got, msg)
	}
}

const commentRequired = "请填写意见或理由"

// ---- submission ----

// TestSubmitRefusedWhileErrors: a form with errors cannot be submitted; the page lists what
// blocks it with links to the fields; once fixed it is submitted and the server no longer
// accepts saves from its staff.
func TestSubmitRefusedWhileErrors(t *testing.T) {
	e := newEnv(t)
	staff, id, doc := openForm(t, e, "staff", training)
	if got := actionsOf(doc); !slices.Equal(got, []string{"submit"}) {
		t.Errorf("the staff page of the draft offers %v, want [submit]", got)
	}

	// Two rows scored out of their rules: row 1 below its weight without a deviation, row 5
	// above its weight.
	vals := editorValues(doc)
	vals.Set("indicators.0.score", "8")
	vals.Set("indicators.4.score", "11")
	wantRedirect(t, staff, staff.postForm(formPath(id, ""), vals), formPath(id, ""))
	_, version := formState(t, e, id)
	doc = staff.page(formPath(id, ""))
	if got := actionsOf(doc); !slices.Equal(got, []string{"submit"}) {
		t.Errorf("a form with errors offers %v, want the submit button, disabled", got)
	}
	if off := doc.Find(`[data-testid="action-submit"]`).AttrOr("aria-disabled", ""); off != "true" {
		t.Errorf("the submit button of a form with errors is not marked disabled")
	}
	if why := testid(doc, "submit-why"); !strings.Contains(why, "3") {
		t.Errorf("the disabled submit says %q, want the count of 3 errors", why)
	}
	if href, _ := doc.Find(`[data-testid="first-blocking"]`).Attr("href"); href != "#f-indicators-0-deviation" {
		t.Errorf("the disabled submit links to %q, want the first error's field", href)
	}

	resp := act(staff, id, "submit", url.Values{"version": {strconv.Itoa(version)}})
	wantStatus(t, staff, resp, http.StatusUnprocessableEntity)
	doc = staff.doc(resp)
	blocking := doc.Find(`[data-testid="blocking"]`)
	if blocking.Length() != 1 {
		t.Fatalf("the refused submission shows no list of blocking problems: %.400s", staff.body(resp))
	}
	links := attrs(blocking.Find("a"), "href")
	want := []string{"#f-indicators-0-deviation", "#f-indicators-4-score", "#f-indicators-4-deviation"}
	if !slices.Equal(links, want) {
		t.Errorf("blocking problems link to %v, want %v", links, want)
	}
	for _, href := range links {
		if doc.Find(href).Length() != 1 {
			t.Errorf("the link %s leads to no field of the page", href)
		}
	}
	if h := strings.TrimSpace(blocking.Find("h2").Text()); !strings.Contains(h, "3") {
		t.Errorf("blocking heading %q does not count the 3 errors", h)
	}
	if got := testid(doc, "status"); got != "草稿" {
		t.Errorf("status shown after the refusal = %q, want 草稿", got)
	}
	if s, v := formState(t, e, id); s != "draft" || v != version {
		t.Errorf("after the refused submission the form is %s v%d, want draft v%d", s, v, version)
	}

	// Fix both rows from the page of the refusal and submit.
	vals = editorValues(doc)
	vals.Set("indicators.0.score", "10")
	vals.Set("indicators.4.score", "10")
	wantRedirect(t, staff, staff.postForm(formPath(id, ""), vals), formPath(id, ""))
	doc = staff.page(formPath(id, ""))
	if got := actionsOf(doc); !slices.Equal(got, []string{"submit"}) {
		t.Errorf("the fixed form offers %v, want [submit]", got)
	}
	if _, off := doc.Find(`[data-testid="action-submit"]`).Attr("disabled"); off {
		t.Errorf("the submit button of the fixed form is disabled")
	}
	wantRedirect(t, staff, act(staff, id, "submit", hiddenFields(doc, "form.action-submit")), formPath(id, "?done=submit"))
	version = wantState(t, e, id, "submitted")
	doc = staff.page(formPath(id, "?done=submit"))
	if got := testid(doc, "notice"); got != "已提交，等待审核。" {
		t.Errorf("notice = %q", got)
	}
	if got := testid(doc, "status"); got != "已提交" {
		t.Errorf("status shown = %q, want 已提交", got)
	}
	// Until the review, the only thing its staff may do is take it back (撤回, TestWithdraw).
	if doc.Find(`[data-testid="save"]`).Length() != 0 || !slices.Equal(actionsOf(doc), []string{"withdraw"}) {
		t.Errorf("a submitted form offers saving (%d) or actions %v, want only [withdraw]", doc.Find(`[data-testid="save"]`).Length(), actionsOf(doc))
	}
	if _, ro := doc.Find(`[name="indicators.1.actual"]`).Attr("readonly"); !ro {
		t.Errorf("inputs of a submitted form are not read-only")
	}

	// The server refuses, whatever the page shows: a plain save, an autosave, a second submit.
	vals = editorValues(doc)
	vals.Set("indicators.1.actual", "1800人")
	expectStatus(t, staff, staff.postForm(formPath(id, ""), vals), http.StatusForbidden)
	if resp := staff.htmx(formPath(id, ""), vals); expectStatus(t, staff, resp, http.StatusForbidden) {
		// The page's save queue shows this as the reason its save failed.
		if got := staff.body(resp); got != "此表当前状态不可编辑。" {
			t.Errorf("the refused autosave says %q, want why", got)
		}
	}
	expectStatus(t, staff, act(staff, id, "submit", nil), http.StatusForbidden)
	// Recalculation still answers (it never stores anything): the figures of what was posted.
	resp = staff.htmx(formPath(id, "/recalc"), vals)
	expectStatus(t, staff, resp, http.StatusOK)
	rec := e.formRecord(t, id)
	if rec.Status != "submitted" || rec.Version != version || rec.Form.Indicators[1].Actual != "1700人" {
		t.Errorf("after refused saves the form is %s v%d with actual %q, want submitted v%d with 1700人",
			rec.Status, rec.Version, rec.Form.Indicators[1].Actual, version)
	}
}

// ---- review ----

// TestReviewCycle follows 培训费 through submission, comments, return, changes, resubmission,
// approval and reopening, and checks the auditor can look but not act.
func TestReviewCycle(t *testing.T) {
	e := newEnv(t)
	staff, id, doc := openForm(t, e, "staff", training)
	sup := e.client(t).loginAs("supervisor")
	admin := e.client(t).loginAs("admin")
	auditor := e.client(t).loginAs("auditor")

	if n := sup.page("/review").Find(`[data-testid="review-row"]`).Length(); n != 0 {
		t.Errorf("/review lists %d forms before any submission", n)
	}
	wantRedirect(t, staff, act(staff, id, "submit", hiddenFields(doc, "form.action-submit")), formPath(id, "?done=submit"))
	wantState(t, e, id, "submitted")

	// The supervisor finds it in /review.
	review := sup.page("/review")
	rowsShown := review.Find(`[data-testid="review-row"]`)
	if rowsShown.Length() != 1 {
		t.Fatalf("/review lists %d forms, want 1", rowsShown.Length())
	}
	link := rowsShown.Find("a").First()
	if href, _ := link.Attr("href"); href != formPath(id, "") || strings.TrimSpace(link.Text()) != training {
		t.Errorf("/review links %q to %q", link.Text(), href)
	}
	doc = sup.page(formPath(id, ""))
	if got := actionsOf(doc); !slices.Equal(got, []string{"return", "approve"}) {
		t.Errorf("the supervisor is offered %v, want [return approve]", got)
	}
	if doc.Find(`[data-testid="row-comment-form"]`).Length() != 1 {
		t.Errorf("the supervisor cannot comment on a row")
	}
	if doc.Find(`[data-testid="save"]`).Length() != 0 {
		t.Errorf("the supervisor is offered to save")
	}

	// A comment on row 3 (indicators.2); a blank comment and a field that is no row are refused.
	const rowComment = "课时请附课表"
	wantRedirect(t, sup, act(sup, id, "comments", url.Values{"field": {"indicators.2"}, "body": {rowComment}}), formPath(id, "?done=comment"))
	refusedWithMessage(t, sup, act(sup, id, "comments", url.Values{"field": {"indicators.2"}, "body": {"  "}}), commentRequired)
	expectStatus(t, sup, act(sup, id, "comments", url.Values{"field": {"project"}, "body": {"x"}}), http.StatusBadRequest)

	// Return: refused without a comment, with the reason; then returned with one.
	ret := hiddenFields(doc, "form.action-return")
	refusedWithMessage(t, sup, act(sup, id, "return", ret), commentRequired)
	ret.Set("comment", "   ")
	refusedWithMessage(t, sup, act(sup, id, "return", ret), commentRequired)
	wantState(t, e, id, "submitted")
	const returnComment = "培训人数请与签到名单核对"
	ret.Set("comment", returnComment)
	wantRedirect(t, sup, act(sup, id, "return", ret), "/review?done=return")
	wantState(t, e, id, "returned")
	// Comments belong to the review of a submitted form: on a returned one they are refused.
	expectStatus(t, sup, act(sup, id, "comments", url.Values{"field": {"indicators.2"}, "body": {"再看"}}), http.StatusForbidden)

	// Staff see the return comment and the row comment on its row, and may edit again.
	doc = staff.page(formPath(id, ""))
	if got := testid(doc, "status"); got != "已退回" {
		t.Errorf("status shown to staff = %q", got)
	}
	if got := testid(doc, "return-comment"); !strings.Contains(got, returnComment) || !strings.Contains(got, "supervisor") {
		t.Errorf("return comment shown to staff = %q", got)
	}
	if got := testid(doc, "row-comments-2"); !strings.Contains(got, rowComment) || !strings.Contains(got, "supervisor") {
		t.Errorf("row 3 comments shown to staff = %q", got)
	}
	if row := doc.Find(`#row-2`); row.Find(`[data-testid="row-comments-2"]`).Length() != 1 {
		t.Errorf("the comment on row 3 is not shown in row 3")
	}
	if n := doc.Find(`.row-comments`).Length(); n != 1 {
		t.Errorf("%d rows show comments, want 1", n)
	}
	if doc.Find(`[data-testid="flags"]`).Length() != 0 || doc.Find(`[data-testid="changes"]`).Length() != 0 {
		t.Errorf("staff see the reviewer's flags or changes panel")
	}
	if doc.Find(`[data-testid="save"]`).Length() != 1 {
		t.Fatalf("a returned form cannot be saved by its staff")
	}

	// Staff change two fields and resubmit.
	vals := editorValues(doc)
	oldAchieved := vals.Get("goals.achieved")
	vals.Set("indicators.1.actual", "1600人")
	vals.Set("goals.achieved", oldAchieved+"已核对签到名单。")
	wantRedirect(t, staff, staff.postForm(formPath(id, ""), vals), formPath(id, ""))
	doc = staff.page(formPath(id, ""))
	wantRedirect(t, staff, act(staff, id, "submit", hiddenFields(doc, "form.action-submit")), formPath(id, "?done=submit"))
	wantState(t, e, id, "submitted")

	// The supervisor sees exactly what changed since the return.
	doc = sup.page(formPath(id, ""))
	changes := doc.Find(`[data-testid="changes"] [data-testid="change"]`)
	if got, want := attrs(changes, "data-field"), []string{"goals.achieved", "indicators.1.actual"}; !slices.Equal(got, want) {
		t.Errorf("changes since the return = %v, want %v", got, want)
	}
	changes.Each(func(_ int, s *goquery.Selection) {
		if f, _ := s.Attr("data-field"); f == "indicators.1.actual" {
			if o, n := strings.TrimSpace(s.Find(".old").Text()), strings.TrimSpace(s.Find(".new").Text()); o != "1700人" || n != "1600人" {
				t.Errorf("change of indicators.1.actual shown as %q → %q", o, n)
			}
		}
	})
	if got := testid(doc, "return-comment"); !strings.Contains(got, returnComment) {
		t.Errorf("the supervisor does not see the earlier return comment: %q", got)
	}

	// Approve; the form is read-only for everybody.
	wantRedirect(t, sup, act(sup, id, "approve", hiddenFields(doc, "form.action-approve")), "/review?done=approve")
	version := wantState(t, e, id, "approved")
	if n := sup.page("/review").Find(`[data-testid="review-row"]`).Length(); n != 0 {
		t.Errorf("/review still lists %d forms after the approval", n)
	}
	doc = staff.page(formPath(id, ""))
	if doc.Find(`[data-testid="save"]`).Length() != 0 || len(actionsOf(doc)) != 0 {
		t.Errorf("an approved form offers saving or actions %v to staff", actionsOf(doc))
	}
	vals = editorValues(doc)
	vals.Set("indicators.1.actual", "1500人")
	expectStatus(t, staff, staff.postForm(formPath(id, ""), vals), http.StatusForbidden)
	expectStatus(t, sup, act(sup, id, "approve", nil), http.StatusForbidden)
	expectStatus(t, sup, act(sup, id, "return", url.Values{"comment": {"再退回"}}), http.StatusForbidden)
	if s, v := formState(t, e, id); s != "approved" || v != version {
		t.Errorf("refused actions changed the approved form: %s v%d", s, v)
	}

	// The administrator reopens it, with a reason only.
	doc = admin.page(formPath(id, ""))
	if got := actionsOf(doc); !slices.Equal(got, []string{"reopen"}) {
		t.Errorf("the admin is offered %v on an approved form, want [reopen]", got)
	}
	reopen := hiddenFields(doc, "form.action-reopen")
	refusedWithMessage(t, admin, act(admin, id, "reopen", reopen), commentRequired)
	wantState(t, e, id, "approved")
	const reason = "审计要求补充培训签到材料"
	reopen.Set("reason", reason)
	wantRedirect(t, admin, act(admin, id, "reopen", reopen), formPath(id, "?done=reopen"))
	wantState(t, e, id, "returned")
	doc = staff.page(formPath(id, ""))
	if got := testid(doc, "return-comment"); !strings.Contains(got, reason) || !strings.Contains(got, "admin") {
		t.Errorf("after the reopening staff see the return comment %q, want the reason by admin", got)
	}
	if doc.Find(`[data-testid="save"]`).Length() != 1 {
		t.Errorf("a reopened form cannot be edited by its staff")
	}

	// The auditor sees everything and may do nothing, in the returned and the submitted state.
	for _, state := range []string{"returned", "submitted"} {
		if state == "submitted" {
			wantRedirect(t, staff, act(staff, id, "submit", nil), formPath(id, "?done=submit"))
		}
		_, version = formState(t, e, id)
		doc = auditor.page(formPath(id, ""))
		if got := actionsOf(doc); len(got) != 0 || doc.Find(`[data-testid="row-comment-form"]`).Length() != 0 || doc.Find(`[data-testid="save"]`).Length() != 0 {
			t.Errorf("%s: the auditor is offered actions %v, comments or saving", state, got)
		}
		auditor.page(formPath(id, "/history"))
		vals = editorValues(doc)
		vals.Set("indicators.1.actual", "1")
		for _, a := range []struct {
			path string
			vals url.Values
		}{
			{"", vals},
			{"/submit", nil},
			{"/return", url.Values{"comment": {"审计退回"}}},
			{"/approve", nil},
			{"/reopen", url.Values{"reason": {"审计重开"}}},
			{"/comments", url.Values{"field": {"indicators.1"}, "body": {"审计批注"}}},
		} {
			refusedWithMessage(t, auditor, auditor.postForm(formPath(id, a.path), a.vals), "")
		}
		if s, v := formState(t, e, id); s != state || v != version {
			t.Errorf("the auditor changed the form: %s v%d, want %s v%d", s, v, state, version)
		}
	}
	comments, err := e.Store.RowComments(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(comments) != 1 || comments[0].Field != "indicators.2" || comments[0].Body != rowComment || comments[0].Username != "supervisor" {
		t.Errorf("stored comments = %+v, want the one of the supervisor on indicators.2", comments)
	}
}

// TestReviewChangesSinceReturnAreNet: what the reviewer sees changed since the return is, per
// field, the value at the return against the value now. Autosave stores every pause in typing,
// so a field typed in several steps, or changed and changed back, must not show every step.
func TestReviewChangesSinceReturnAreNet(t *testing.T) {
	e := newEnv(t)
	staff, id, doc := openForm(t, e, "staff", training)
	sup := e.client(t).loginAs("supervisor")
	wantRedirect(t, staff, act(staff, id, "submit", hiddenFields(doc, "form.action-submit")), formPath(id, "?done=submit"))
	wantRedirect(t, sup, act(sup, id, "return", url.Values{"comment": {"请核对人数"}}), "/review?done=return")

	save := func(field, value string) {
		t.Helper()
		vals := editorValues(staff.page(formPath(id, "")))
		vals.Set(field, value)
		resp := staff.htmx(formPath(id, ""), vals) // as autosave does
		wantStatus(t, staff, resp, http.StatusOK)
	}
	save("indicators.1.actual", "16")    // a pause while typing
	save("indicators.1.actual", "1600人") // the value meant
	save("indicators.2.actual", "15课时")  // changed …
	save("indicators.2.actual", "16课时")  // … and changed back
	wantRedirect(t, staff, act(staff, id, "submit", nil), formPath(id, "?done=submit"))

	changes := sup.page(formPath(id, "")).Find(`[data-testid="change"]`)
	got := attrs(changes, "data-field")
	// Regression (found by this test, fixed in 45681b9): review.go changesSince listed every
	// history entry after the return, each autosaved step and fields changed back included.
	if !slices.Equal(got, []string{"indicators.1.actual"}) {
		t.Errorf("changes since the return = %v, want [indicators.1.actual] (1700人 → 1600人) once", got)
	}
	changes.Each(func(_ int, s *goquery.Selection) {
		if f, _ := s.Attr("data-field"); f == "indicators.1.actual" {
			if o, n := strings.TrimSpace(s.Find(".old").Text()), strings.TrimSpace(s.Find(".new").Text()); o != "1700人" || n != "1600人" {
				t.Errorf("indicators.1.actual shown as %q → %q, want 1700人 → 1600人", o, n)
			}
		}
	})
}

// TestReviewFlags: the reviewer (and admin and auditor) see what the rules flag in 培训费 —
// 1700 people trained against a target of 300, twice, and funds rows that do not add up;
// staff do not get the panel.
func TestReviewFlags(t *testing.T) {
	e := newEnv(t)
	want := []string{"#f-funds-total-initial", "#f-indicators-1-actual", "#f-indicators-3-actual"}
	for _, user := range []string{"supervisor", "admin", "auditor"} {
		_, _, doc := openForm(t, e, user, training)
		flags := doc.Find(`[data-testid="flags"]`)
		if flags.Length() != 1 {
			t.Errorf("%s sees no flags panel", user)
			continue
		}
		items := flags.Find(`[data-testid="flag"] a`)
		if got := attrs(items, "href"); !slices.Equal(got, want) {
			t.Errorf("%s sees flags on %v, want %v", user, got, want)
		}
		text := items.Text()
		if !strings.Contains(text, "566%") || !strings.Contains(text, "380,000.00") {
			t.Errorf("%s: flag texts %q do not say 566%% and 380,000.00", user, text)
		}
		for _, href := range want {
			if doc.Find(href).Length() != 1 {
				t.Errorf("flag link %s leads to no field", href)
			}
		}
	}
	_, _, doc := openForm(t, e, "staff", training)
	if doc.Find(`[data-testid="flags"]`).Length() != 0 || doc.Find(`[data-testid="flag"]`).Length() != 0 {
		t.Errorf("staff see the reviewer's flags")
	}
}

// ---- history ----

type historyDoc struct {
	ID      int64 `json:"id"`
	Changes []struct {
		Version int       `json:"version"`
		Field   string    `json:"field"`
		Old     string    `json:"old"`
		New     string    `json:"new"`
		By      string    `json:"by"`
		At      time.Time `json:"at"`
	} `json:"changes"`
	Transitions []struct {
		Version int       `json:"version"`
		From    string    `json:"from"`
		To      string    `json:"to"`
		Comment string    `json:"comment"`
		By      string    `json:"by"`
		At      time.Time `json:"at"`
	} `json:"transitions"`
}

// TestHistory: every save that changes something and every transition is kept, with who,
// old and new values and the comment; the page and the JSON show the same.
func TestHistory(t *testing.T) {
	e := newEnv(t)
	staff, id, doc := openForm(t, e, "staff", training)
	sup := e.client(t).loginAs("supervisor")

	// A save that changes nothing writes nothing.
	wantRedirect(t, staff, staff.postForm(formPath(id, ""), editorValues(doc)), formPath(id, ""))
	vals := editorValues(doc)
	vals.Set("indicators.1.actual", "1600人")
	wantRedirect(t, staff, staff.postForm(formPath(id, ""), vals), formPath(id, ""))
	wantRedirect(t, staff, act(staff, id, "submit", nil), formPath(id, "?done=submit"))
	wantRedirect(t, sup, act(sup, id, "return", url.Values{"comment": {"请核实人数"}}), "/review?done=return")

	resp := staff.get(formPath(id, "/history.json"))
	wantStatus(t, staff, resp, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("history.json is %q: %.200s", ct, staff.body(resp))
	}
	var h historyDoc
	if err := json.Unmarshal([]byte(staff.body(resp)), &h); err != nil {
		t.Fatalf("%v: %.300s", err, staff.body(resp))
	}
	type change struct {
		Version             int
		Field, Old, New, By string
	}
	var changes []change
	for _, c := range h.Changes {
		changes = append(changes, change{c.Version, c.Field, c.Old, c.New, c.By})
		if c.At.IsZero() {
			t.Errorf("change %+v has no time", c)
		}
	}
	// Transitions are in "transitions" only, with their comment, not also as `status` changes.
	wantChanges := []change{
		{1, "created", "", "", "staff"},
		{2, "indicators.1.actual", "1700人", "1600人", "staff"},
	}
	if !slices.Equal(changes, wantChanges) {
		t.Errorf("history changes =\n%+v\nwant\n%+v", changes, wantChanges)
	}
	type transition struct {
		Version               int
		From, To, Comment, By string
	}
	var transitions []transition
	for _, tr := range h.Transitions {
		transitions = append(transitions, transition{tr.Version, tr.From, tr.To, tr.Comment, tr.By})
		if tr.At.IsZero() {
			t.Errorf("transition %+v has no time", tr)
		}
	}
	wantTransitions := []transition{
		{3, "draft", "submitted", "", "staff"},
		{4, "submitted", "returned", "请核实人数", "supervisor"},
	}
	if h.ID != id || !slices.Equal(transitions, wantTransitions) {
		t.Errorf("history transitions of %d =\n%+v\nwant (form %d)\n%+v", h.ID, transitions, id, wantTransitions)
	}

	// The page: the change of the save and both transitions, newest first, with the comment.
	for _, c := range []*client{staff, sup} {
		doc := c.page(formPath(id, "/history"))
		fields := attrs(doc.Find(`[data-testid="history-change"]`), "data-field")
		if !slices.Contains(fields, "indicators.1.actual") || !slices.Contains(fields, "created") {
			t.Errorf("history page changes = %v, want indicators.1.actual and created", fields)
		}
		tr := doc.Find(`[data-testid="history-transition"]`)
		if tr.Length() != 2 {
			t.Fatalf("history page shows %d transitions, want 2", tr.Length())
		}
		if got := strings.Join(strings.Fields(tr.First().Text()), " "); !strings.Contains(got, "已提交 → 已退回") || !strings.Contains(got, "请核实人数") || !strings.Contains(got, "supervisor") {
			t.Errorf("newest transition shown as %q", got)
		}
		if got := strings.Join(strings.Fields(tr.Last().Text()), " "); !strings.Contains(got, "草稿 → 已提交") || !strings.Contains(got, "staff") {
			t.Errorf("first transition shown as %q", got)
		}
		doc.Find(`[data-testid="history-change"][data-field="indicators.1.actual"]`).Each(func(_ int, s *goquery.Selection) {
			if o, n := strings.TrimSpace(s.Find(".old").Text()), strings.TrimSpace(s.Find(".new").Text()); o != "1700人" || n != "1600人" {
				t.Errorf("history page shows the change as %q → %q", o, n)
			}
		})
		// Regression (found by this test, fixed in 45681b9): history.go rendered the store's
		// `status` rows as changes besides the transitions, so each transition showed twice,
		// once with raw state codes ("status draft submitted") in a Chinese page.
		if n := doc.Find(`[data-testid="history-change"][data-field="status"]`).Length(); n != 0 {
			t.Errorf("history page shows each transition twice: %d `status` change rows besides the transitions", n)
		}
	}
}

// ---- navigation ----

// badge returns the count a navigation link shows, or "" when it shows none.
func badge(doc *goquery.Document, testid string) string {
	return strings.TrimSpace(doc.Find(`[data-testid="` + testid + `"] .badge`).Text())
}

func TestNavigationCounts(t *testing.T) {
	e := newEnv(t)
	staff, id, doc := openForm(t, e, "staff", training)
	sup := e.client(t).loginAs("supervisor")
	other := e.client(t).loginAs("other")

	nav := func(c *client) (toFill, returned, toReview string) {
		doc := c.page("/forms")
		return badge(doc, "nav-forms"), badge(doc, "nav-returned"), badge(doc, "nav-review")
	}
	check := func(when, user string, c *client, fill, ret, rev string) {
		t.Helper()
		f, r, v := nav(c)
		if f != fill || r != ret || v != rev {
			t.Errorf("%s: %s's navigation shows to fill %q, returned %q, to review %q; want %q, %q, %q",
				when, user, f, r, v, fill, ret, rev)
		}
	}
	if got := testid(doc, "nav-to-fill"); got != "10" {
		t.Errorf("staff nav-to-fill on the form page = %q, want 10", got)
	}
	check("at start", "staff", staff, "10", "", "")
	check("at start", "supervisor", sup, "", "", "")
	check("at start", "other", other, "", "", "")

	wantRedirect(t, staff, act(staff, id, "submit", nil), formPath(id, "?done=submit"))
	check("after the submission", "staff", staff, "9", "", "")
	check("after the submission", "supervisor", sup, "", "", "1")
	if got := testid(sup.page("/review"), "nav-to-review"); got != "1" {
		t.Errorf("nav-to-review on /review = %q, want 1", got)
	}

	wantRedirect(t, sup, act(sup, id, "return", url.Values{"comment": {"请补充"}}), "/review?done=return")
	check("after the return", "staff", staff, "9", "1", "")
	check("after the return", "supervisor", sup, "", "", "")
	check("after the return", "other", other, "", "", "")
	if href, _ := staff.page("/forms").Find(`[data-testid="nav-returned"]`).Attr("href"); href != "/forms?status=returned" {
		t.Errorf("nav-returned links to %q", href)
	}
}

// ---- administration ----

func TestAdmin(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	admin := e.client(t).loginAs("admin")

	doc := admin.page("/admin")
	departments := func(doc *goquery.Document) map[string]string {
		out := map[string]string{}
		doc.Find(`[data-testid="org-tree"] > li`).Each(func(_ int, li *goquery.Selection) {
			var units []string
			li.Find("ul > li").Each(func(_ int, u *goquery.Selection) { units = append(units, strings.TrimSpace(u.Text())) })
			out[strings.TrimSpace(li.ChildrenFiltered("strong").Text())] = strings.Join(units, " ")
		})
		return out
	}
	if got, want := departments(doc), map[string]string{e.DemoDept.Name: e.DemoUnit.Name, e.OtherDept.Name: e.OtherUnit.Name}; !maps.Equal(got, want) {
		t.Errorf("org tree = %v, want %v", got, want)
	}
	users := func(doc *goquery.Document) []string {
		var out []string
		doc.Find(`[data-testid="user-row"]`).Each(func(_ int, s *goquery.Selection) {
			out = append(out, strings.TrimSpace(s.Find("td").First().Text()))
		})
		return out
	}
	if got := users(doc); !slices.Equal(got, []string{"admin", "auditor", "other", "staff", "supervisor"}) {
		t.Errorf("users = %v", got)
	}

	// adminPost posts to /admin/… and follows the redirect back to the page.
	adminPost := func(path string, vals url.Values) *goquery.Document {
		t.Helper()
		resp := admin.postForm(path, vals)
		wantStatus(t, admin, resp, http.StatusSeeOther)
		loc := resp.Header.Get("Location")
		if !strings.HasPrefix(loc, "/admin?") {
			t.Fatalf("POST %s went to %q", path, loc)
		}
		return admin.page(loc)
	}
	wantMessage := func(doc *goquery.Document, msg string) {
		t.Helper()
		if got := testid(doc, "admin-message"); got != msg {
			t.Errorf("admin message = %q (error %q), want %q", got, testid(doc, "admin-error"), msg)
		}
	}
	// wantError checks the error shown starts with msg (the exact text is checked below).
	wantError := func(doc *goquery.Document, msg string) {
		t.Helper()
		if got := testid(doc, "admin-error"); !strings.HasPrefix(got, msg) {
			t.Errorf("admin error = %q (message %q), want %q", got, testid(doc, "admin-message"), msg)
		}
	}

	// A unit under the demo department.
	deptID := strconv.FormatInt(e.DemoDept.ID, 10)
	doc = adminPost("/admin/orgs", url.Values{"name": {"闵行区培训中心"}, "parent_id": {deptID}})
	wantMessage(doc, "已添加“闵行区培训中心”。")
	unit, err := e.Store.OrgByName(ctx, "闵行区培训中心")
	if err != nil || unit.ParentID != e.DemoDept.ID {
		t.Fatalf("new unit = %+v, %v", unit, err)
	}
	if got := departments(doc)[e.DemoDept.Name]; got != e.DemoUnit.Name+" 闵行区培训中心" {
		t.Errorf("units shown under the demo department: %q", got)
	}
	wantError(adminPost("/admin/orgs", url.Values{"name": {"闵行区培训中心"}, "parent_id": {deptID}}), "名称“闵行区培训中心”已存在。")
	doc = adminPost("/admin/orgs", url.Values{"name": {"  "}, "parent_id": {deptID}})
	wantError(doc, "请完整填写。")
	// Regression (found by this test, fixed in 45681b9): admin.go adminDone passed its arg to T
	// also for messages without a %s, so the admin read "请完整填写。%!(EXTRA string=)".
	if got := testid(doc, "admin-error"); got != "请完整填写。" {
		t.Errorf("admin error = %q, want exactly 请完整填写。", got)
	}

	// A staff member of the new unit; a taken name and a short password are refused.
	unitID := strconv.FormatInt(unit.ID, 10)
	newUser := url.Values{"username": {"trainer"}, "password": {"trainer-password-1"}, "role": {"staff"}, "org_id": {unitID}}
	doc = adminPost("/admin/users", newUser)
	wantMessage(doc, "已添加用户 trainer。")
	if got := users(doc); !slices.Contains(got, "trainer") {
		t.Errorf("users after adding = %v", got)
	}
	u, err := e.Store.UserByUsername(ctx, "trainer")
	if err != nil || u.Role != auth.RoleStaff || u.OrgID != unit.ID || u.Disabled {
		t.Fatalf("stored user = %+v, %v", u, err)
	}
	wantError(adminPost("/admin/users", newUser), "名称“trainer”已存在。")
	dup := cloneValues(newUser)
	dup.Set("username", "Trainer")
	wantError(adminPost("/admin/users", dup), "名称“Trainer”已存在。")
	short := cloneValues(newUser)
	short.Set("username", "shorty")
	short.Set("password", "1234567")
	doc = adminPost("/admin/users", short)
	wantError(doc, "密码至少 10 个字符，最多 72 字节，不能是用户名，也不能是常见密码（如 1234567890）。")
	// Regression: the same adminDone bug gave "…最多 72 字节。%!(EXTRA string=)".
	if got := testid(doc, "admin-error"); got != "密码至少 10 个字符，最多 72 字节，不能是用户名，也不能是常见密码（如 1234567890）。" {
		t.Errorf("admin error = %q, want exactly 密码至少 10 个字符，最多 72 字节，不能是用户名，也不能是常见密码（如 1234567890）。", got)
	}
	if _, err := e.Store.UserByUsername(ctx, "shorty"); err == nil {
		t.Errorf("a user with a short password was created")
	}
	bad := cloneValues(newUser)
	bad.Set("username", "nobody")
	bad.Set("role", "root")
	wantError(adminPost("/admin/users", bad), "请完整填写。")

	trainer := e.client(t)
	wantRedirect(t, trainer, trainer.login("trainer", "trainer-password-1"), "/forms")
	if n := trainer.page("/forms?year=2022").Find(`[data-testid="form-row"]`).Length(); n != 0 {
		t.Errorf("staff of the new unit see %d forms", n)
	}

	// Role, org and disabled; a disabled user cannot sign in.
	uid := strconv.FormatInt(u.ID, 10)
	doc = adminPost("/admin/users/"+uid, url.Values{"role": {"supervisor"}, "org_id": {deptID}, "disabled": {"1"}})
	wantMessage(doc, "已更新用户 trainer。")
	if u, err = e.Store.UserByID(ctx, u.ID); err != nil || u.Role != auth.RoleSupervisor || u.OrgID != e.DemoDept.ID || !u.Disabled {
		t.Errorf("after the update the user is %+v, %v", u, err)
	}
	c := e.client(t)
	resp := c.login("trainer", "trainer-password-1")
	if expectStatus(t, c, resp, http.StatusUnauthorized) {
		if got := testid(c.doc(resp), "login-error"); got != "用户名或密码不正确" {
			t.Errorf("login error of a disabled user = %q", got)
		}
	}
	doc = adminPost("/admin/users/"+uid, url.Values{"role": {"supervisor"}, "org_id": {deptID}})
	wantMessage(doc, "已更新用户 trainer。")
	c = e.client(t)
	wantRedirect(t, c, c.login("trainer", "trainer-password-1"), "/forms")
	if got := testid(c.page("/forms"), "username"); got != "trainer（审核人）" {
		t.Errorf("the re-enabled user is shown as %q", got)
	}
	wantError(adminPost("/admin/users/"+uid, url.Values{"role": {"boss"}, "org_id": {deptID}}), "请完整填写。")
	wantError(adminPost("/admin/users/"+uid, url.Values{"role": {"staff"}, "org_id": {"999999"}}), "请完整填写。")
	expectStatus(t, admin, admin.postForm("/admin/users/999999", url.Values{"role": {"staff"}, "org_id": {unitID}}), http.StatusNotFound)

	// Reset password: the new one works, the old one no longer; a short one is refused.
	doc = adminPost("/admin/users/"+uid+"/password", url.Values{"password": {"fresh-password-2"}})
	wantMessage(doc, "已重置 trainer 的密码。")
	c = e.client(t)
	expectStatus(t, c, c.login("trainer", "trainer-password-1"), http.StatusUnauthorized)
	wantRedirect(t, c, c.login("trainer", "fresh-password-2"), "/forms")
	wantError(adminPost("/admin/users/"+uid+"/password", url.Values{"password": {"short"}}), "密码至少 10 个字符，最多 72 字节，不能是用户名，也不能是常见密码（如 1234567890）。")
	c = e.client(t)
	wantRedirect(t, c, c.login("trainer", "fresh-password-2"), "/forms")

	// The auditor reads the page and changes nothing; staff do not get it at all.
	auditor := e.client(t).loginAs("auditor")
	doc = auditor.page("/admin")
	if doc.Find(`[data-testid="org-tree"]`).Length() != 1 || len(users(doc)) != 6 {
		t.Errorf("the auditor's admin page lacks the tree or the 6 users")
	}
	if n := doc.Find(`form[action^="/admin"]`).Length(); n != 0 {
		t.Errorf("the auditor's admin page has %d admin forms", n)
	}
	before, _ := e.Store.Users(ctx)
	orgsBefore, _ := e.Store.Orgs(ctx)
	for _, p := range []struct {
		path string
		vals url.Values
	}{
		{"/admin/orgs", url.Values{"name": {"审计单位"}, "parent_id": {deptID}}},
		{"/admin/users", url.Values{"username": {"audited"}, "password": {"audited-password"}, "role": {"admin"}, "org_id": {deptID}}},
		{"/admin/users/" + uid, url.Values{"role": {"admin"}, "org_id": {deptID}}},
		{"/admin/users/" + uid + "/password", url.Values{"password": {"audited-password"}}},
	} {
		expectStatus(t, auditor, auditor.postForm(p.path, p.vals), http.StatusForbidden)
	}
	after, _ := e.Store.Users(ctx)
	orgsAfter, _ := e.Store.Orgs(ctx)
	if !slices.Equal(before, after) || !slices.Equal(orgsBefore, orgsAfter) {
		t.Errorf("the auditor's posts changed users or orgs")
	}
	staff := e.client(t).loginAs("staff")
	expectStatus(t, staff, staff.get("/admin"), http.StatusForbidden)
	if staff.page("/forms").Find(`[data-testid="nav-admin"]`).Length() != 0 {
		t.Errorf("staff see the administration link")
	}
}

// TestAdminOrgUnknownParent: a department that does not exist (a stale page, a crafted post)
// is a message on the admin page, not a server error.
func TestAdminOrgUnknownParent(t *testing.T) {
	e := newEnv(t)
	admin := e.client(t).loginAs("admin")
	resp := admin.postForm("/admin/orgs", url.Values{"name": {"孤儿单位"}, "parent_id": {"999999"}})
	// Regression (found by this test, fixed in 45681b9): admin.go addOrg returned the store's
	// ErrNotFound as is, which became a 500.
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin?err=") {
		t.Errorf("adding a unit under a missing department: status %d to %q, want 303 to /admin?err=…",
			resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, err := e.Store.OrgByName(context.Background(), "孤儿单位"); err == nil {
		t.Errorf("a unit under a missing department was created")
	}
}

// TestAdminDisableEndsSessions: disabling an account takes effect at once, not when the
// person's session ends (which, with a sliding idle timeout, may be never).
func TestAdminDisableEndsSessions(t *testing.T) {
	e := newEnv(t)
	staff, id, doc := openForm(t, e, "staff", training)
	vals := editorValues(doc)
	vals.Set("indicators.1.actual", "1")
	admin := e.client(t).loginAs("admin")
	u, err := e.Store.UserByUsername(context.Background(), "staff")
	if err != nil {
		t.Fatal(err)
	}
	resp := admin.postForm("/admin/users/"+strconv.FormatInt(u.ID, 10),
		url.Values{"role": {"staff"}, "org_id": {strconv.FormatInt(u.OrgID, 10)}, "disabled": {"1"}})
	wantStatus(t, admin, resp, http.StatusSeeOther)

	// Regression (found by this test, fixed in 45681b9): session.go loadSession trusted the
	// cookie's principal, so a disabled person kept working (and saving) in the open session.
	resp = staff.get("/forms")
	if resp.StatusCode == http.StatusOK {
		t.Errorf("a disabled user's open session still works: GET /forms = 200")
	}
	staff.postForm(formPath(id, ""), vals)
	if rec := e.formRecord(t, id); rec.Form.Indicators[1].Actual != "1700人" {
		t.Errorf("a disabled user saved the form: actual is %q", rec.Form.Indicators[1].Actual)
	}
}

// TestAccountChangesEndSessions: once an administrator changes a person's role or password,
// the sessions that person opened before no longer carry the old rights — also when the
// change happens in the same second as the sign-in, and also after the server restarts.
func TestAccountChangesEndSessions(t *testing.T) {
	e := newEnv(t)
	admin := e.client(t).loginAs("admin")
	unit := strconv.FormatInt(e.DemoUnit.ID, 10)
	demote := func(u store.User) {
		t.Helper()
		resp := admin.postForm("/admin/users/"+strconv.FormatInt(u.ID, 10), url.Values{"role": {"staff"}, "org_id": {unit}})
		wantStatus(t, admin, resp, http.StatusSeeOther)
	}
	// adminRights reports whether the session cookie of c still opens /admin on server ts.
	adminRights := func(ts *httptest.Server, c *client) bool {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, ts.URL+"/admin", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.AddCookie(&http.Cookie{Name: "selfeval", Value: c.cookie("selfeval")})
		hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}

	// Demoted in the same second as the sign-in (the test clock stands still).
	same := e.addUser(t, "same-second", "same-second-pw", auth.RoleAdmin, e.DemoDept.ID)
	c := e.client(t).loginAs("same-second")
	if !adminRights(e.TS, c) {
		t.Fatalf("an admin cannot open /admin")
	}
	demote(same)
	// A change ends the sessions begun before it even within the same second: sessions
	// carry the account's epoch, not a time.
	if adminRights(e.TS, c) {
		t.Errorf("a session opened in the same second as the demotion keeps the admin's rights")
	}

	// Demoted, and a password reset, a few seconds later; then the server restarts.
	demoted := e.addUser(t, "demoted", "demoted-pw-1", auth.RoleAdmin, e.DemoDept.ID)
	reset := e.addUser(t, "reset", "reset-pw-1", auth.RoleAdmin, e.DemoDept.ID)
	cd, cr := e.client(t).loginAs("demoted"), e.client(t).loginAs("reset")
	e.advance(5 * time.Second)
	demote(demoted)
	wantStatus(t, admin, admin.postForm("/admin/users/"+strconv.FormatInt(reset.ID, 10)+"/password",
		url.Values{"password": {"reset-pw-2"}}), http.StatusSeeOther)
	if adminRights(e.TS, cd) || adminRights(e.TS, cr) {
		t.Fatalf("sessions opened before the change keep the admin's rights (demoted %v, reset %v)",
			adminRights(e.TS, cd), adminRights(e.TS, cr))
	}
	restarted := httptest.NewServer(mustNew(t, e.Store, e.Srv.cfg))
	t.Cleanup(restarted.Close)
	if !adminRights(restarted, admin) {
		t.Fatalf("after the restart the admin's own session no longer works")
	}
	// The epochs are stored, so after a restart the cookies from before a change of role,
	// unit or password still do not work.
	if adminRights(restarted, cd) {
		t.Errorf("after a restart a demoted admin's old session has the admin's rights again")
	}
	if adminRights(restarted, cr) {
		t.Errorf("after a restart a session opened before the password reset works again")
	}
}
