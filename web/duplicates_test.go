package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"selfeval/internal/demo"
	"selfeval/internal/exchange"
	formjson "selfeval/internal/exchange/json"
	"selfeval/internal/store"
)

// submitAs moves form id from draft to submitted in the store, as user did.
func (e *env) submitAs(t *testing.T, id int64, user string) {
	t.Helper()
	ctx := context.Background()
	u, err := e.Store.UserByUsername(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	rec := e.formRecord(t, id)
	if _, err := e.Store.Transition(ctx, id, rec.Version, "draft", "submitted", "", u.ID); err != nil {
		t.Fatal(err)
	}
}

// previewPayload previews text as staff and returns the page and the id of the stash the
// create step posts.
func previewPayload(t *testing.T, c *client, text string) (*goquery.Document, string) {
	t.Helper()
	resp := c.multipartPost("/import/preview", map[string]string{"text": text}, "", nil)
	wantStatus(t, c, resp, http.StatusOK)
	doc := c.doc(resp)
	stash, ok := doc.Find(`#import-create input[name=stash]`).Attr("value")
	if !ok || stash == "" {
		t.Fatal("the preview has no stash")
	}
	return doc, stash
}

func formsOf(t *testing.T, e *env, year int, project string) []store.FormSummary {
	t.Helper()
	list, err := e.Store.ListForms(context.Background(), store.ListFilter{Year: year})
	if err != nil {
		t.Fatal(err)
	}
	var out []store.FormSummary
	for _, f := range list {
		if project == "" || f.Project == project {
			out = append(out, f)
		}
	}
	return out
}

// TestImportDuplicates: importing the seed into the demo, which has the same ten forms, marks
// ten duplicates and by default creates nothing; keep both creates ten; replace saves over a
// draft (field by field in its history) and is refused for a submitted form, all or none.
func TestImportDuplicates(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	doc, payload := previewPayload(t, c, demo.Seed2022)
	if n := doc.Find(`[data-testid=import-row] [data-testid=duplicate]`).Length(); n != 10 {
		t.Fatalf("%d forms marked duplicate, want 10", n)
	}
	if msg := testid(doc, "import-duplicates"); !strings.Contains(msg, "10 张") {
		t.Errorf("duplicates notice %q", msg)
	}
	row := doc.Find(`[data-testid=import-row]`).Eq(4)
	if !strings.Contains(row.Text(), demo.Unit) {
		t.Errorf("the preview does not show the target unit: %q", row.Text())
	}
	if v, _ := row.Find(`input[name="dup.4"][checked]`).Attr("value"); v != "skip" {
		t.Errorf("default choice %q, want skip", v)
	}
	if n := row.Find(`input[name="dup.4"]`).Length(); n != 3 {
		t.Errorf("%d choices, want skip, replace and keep", n)
	}
	trainingID := c.formIDOf(training, 2022)
	if v, _ := row.Find(`input[name="target.4"]`).Attr("value"); v != strconv.FormatInt(trainingID, 10) {
		t.Errorf("replace target %q, want %d", v, trainingID)
	}
	if f, _ := row.Find(`input[name="dup.4"]`).Attr("form"); f != "import-create" {
		t.Errorf("the choice does not belong to the create form: form=%q", f)
	}

	// The default: nothing created, ten skipped, and the list says so.
	resp := c.postForm("/import", url.Values{"stash": {payload}})
	wantRedirect(t, c, resp, "/forms?year=2022&created=0&replaced=0&skipped=10")
	if n := countForms(t, e); n != 10 {
		t.Fatalf("%d forms after importing duplicates with the default, want 10", n)
	}
	if msg := c.doc(c.get(resp.Header.Get("Location"))).Find(".notice").Text(); !strings.Contains(msg, "跳过 10 张") {
		t.Errorf("list notice %q", msg)
	}

	// The stash is gone once its drafts are created: the same create again does nothing.
	wantStatus(t, c, c.postForm("/import", url.Values{"stash": {payload}}), http.StatusUnprocessableEntity)

	// Keep both: ten more, from a new preview.
	_, payload = previewPayload(t, c, demo.Seed2022)
	vals := url.Values{"stash": {payload}}
	for i := range 10 {
		vals.Set("dup."+strconv.Itoa(i), "keep")
	}
	wantRedirect(t, c, c.postForm("/import", vals), "/forms?year=2022&created=10")
	if n := countForms(t, e); n != 20 {
		t.Fatalf("%d forms after keep both, want 20", n)
	}

	// Replace: 培训费 edited elsewhere, its name typed with a full-width space, replaces the draft.
	var docs []formjson.Document
	if err := json.Unmarshal([]byte("["+c.body(c.get(formPath(trainingID, ".json")))+"]"), &docs); err != nil {
		t.Fatal(err)
	}
	docs[0].Project = "培训　费"
	docs[0].Goals.Achieved = "全年培训1800人次"
	edited, _ := json.Marshal(docs)
	doc, payload = previewPayload(t, c, string(edited))
	if n := doc.Find(`[data-testid=duplicate] .duplicate-of li`).Length(); n != 2 {
		t.Errorf("培训　费 duplicates %d stored forms, want the 2 of 培训费", n)
	}
	resp = c.postForm("/import", url.Values{"stash": {payload}, "dup.0": {"replace"}, "target.0": {strconv.FormatInt(trainingID, 10)}})
	wantRedirect(t, c, resp, "/forms?year=2022&created=0&replaced=1&skipped=0")
	rec := e.formRecord(t, trainingID)
	if rec.Version != 2 || rec.Form.Goals.Achieved != "全年培训1800人次" || rec.Form.Project != training {
		t.Errorf("replaced: version %d achieved %q project %q", rec.Version, rec.Form.Goals.Achieved, rec.Form.Project)
	}
	h, err := e.Store.History(context.Background(), trainingID)
	if err != nil {
		t.Fatal(err)
	}
	if last := h[len(h)-1]; last.Field != "goals.achieved" || last.New != "全年培训1800人次" || last.Username != "staff" || last.Version != 2 {
		t.Errorf("history of the replace ends with %+v", last)
	}
	if n := countForms(t, e); n != 20 {
		t.Errorf("%d forms after a replace, want 20", n)
	}

	// Replace of a submitted form is refused, and nothing else of that import is done.
	survey := formsOf(t, e, 2022, "调研经费")[0].ID
	e.submitAs(t, survey, "staff")
	_, payload = previewPayload(t, c, demo.Seed2022)
	vals = url.Values{"stash": {payload}, "dup.0": {"keep"}, "dup.7": {"replace"}, "target.7": {strconv.FormatInt(survey, 10)}}
	resp = c.postForm("/import", vals)
	wantStatus(t, c, resp, http.StatusUnprocessableEntity)
	if msg := testid(c.doc(resp), "import-error"); !strings.Contains(msg, "调研经费") || !strings.Contains(msg, "不是草稿") {
		t.Errorf("refusal %q", msg)
	}
	if n := countForms(t, e); n != 20 {
		t.Errorf("%d forms after a refused import, want 20 (all or none)", n)
	}
	if rec := e.formRecord(t, survey); rec.Status != "submitted" || rec.Version != 2 {
		t.Errorf("the submitted form changed: %s v%d", rec.Status, rec.Version)
	}

	// A choice that is none of the three is refused, not guessed.
	resp = c.postForm("/import", url.Values{"stash": {payload}, "dup.3": {"overwrite"}})
	wantStatus(t, c, resp, http.StatusUnprocessableEntity)
	if n := countForms(t, e); n != 20 {
		t.Errorf("%d forms after a bad choice", n)
	}
}

// TestImportDuplicateNotReplaceable: a duplicate that is not a draft offers no replace.
func TestImportDuplicateNotReplaceable(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	e.submitAs(t, c.formIDOf(training, 2022), "staff")
	doc, _ := previewPayload(t, c, demo.Seed2022)
	row := doc.Find(`[data-testid=import-row]`).Eq(4)
	if _, disabled := row.Find(`input[name="dup.4"][value=replace]`).Attr("disabled"); !disabled {
		t.Errorf("replace of a submitted form is offered")
	}
	if row.Find(`input[name="target.4"]`).Length() != 0 {
		t.Errorf("a replace target is set for a submitted form")
	}
	if !strings.Contains(row.Text(), "已提交") {
		t.Errorf("the duplicate's state is not shown: %q", row.Text())
	}
}

// TestCopyDuplicate: copying a form to a year that has it already asks (open, replace, keep
// both); copying a whole unit skips what next year has and says how many.
func TestCopyDuplicate(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := e.client(t).loginAs("staff")
	id := c.formIDOf(training, 2022)
	resp := c.postForm(formPath(id, "/copy"), nil)
	wantStatus(t, c, resp, http.StatusSeeOther)
	first := formsOf(t, e, 2023, training)
	if len(first) != 1 {
		t.Fatalf("%d copies after the first copy", len(first))
	}
	copyID := first[0].ID

	// The second copy asks, and creates nothing.
	resp = c.postForm(formPath(id, "/copy"), nil)
	wantStatus(t, c, resp, http.StatusOK)
	doc := c.doc(resp)
	if doc.Find(`[data-testid=copy-duplicate]`).Length() != 1 {
		t.Fatalf("the second copy does not ask: %.300s", c.body(resp))
	}
	if href, _ := doc.Find(`[data-testid=open-existing]`).Attr("href"); href != formPath(copyID, "") {
		t.Errorf("open the existing: %q, want %s", href, formPath(copyID, ""))
	}
	if doc.Find(`[data-testid=copy-replace]`).Length() != 1 || doc.Find(`[data-testid=copy-keep]`).Length() != 1 {
		t.Errorf("replace and keep both are not offered")
	}
	if n := len(formsOf(t, e, 2023, training)); n != 1 {
		t.Fatalf("%d copies after asking, want 1", n)
	}

	// Replace: the draft edited since gets the copy's content back, recorded in its history.
	rec := e.formRecord(t, copyID)
	f := rec.Form
	f.Goals.Expected = "改过的目标"
	if _, _, err := e.Store.SaveForm(ctx, copyID, rec.Version, f, rec.Summary, 0); err != nil {
		t.Fatal(err)
	}
	resp = c.postForm(formPath(id, "/copy"), url.Values{"on_duplicate": {"replace"}, "target": {strconv.FormatInt(copyID, 10)}})
	wantRedirect(t, c, resp, formPath(copyID, "?done=copied"))
	if rec := e.formRecord(t, copyID); rec.Version != 3 || rec.Form.Goals.Expected == "改过的目标" {
		t.Errorf("after replace: version %d, expected %q", rec.Version, rec.Form.Goals.Expected)
	}

	// Keep both: a second copy.
	resp = c.postForm(formPath(id, "/copy"), url.Values{"on_duplicate": {"keep"}})
	wantStatus(t, c, resp, http.StatusSeeOther)
	if n := len(formsOf(t, e, 2023, training)); n != 2 {
		t.Fatalf("%d copies after keep both, want 2", n)
	}
	wantStatus(t, c, c.postForm(formPath(id, "/copy"), url.Values{"on_duplicate": {"merge"}}), http.StatusBadRequest)

	// The whole unit: 培训费 is skipped, the nine others are copied; a second time, all ten.
	resp = c.postForm("/forms/copy-year", url.Values{"year": {"2022"}})
	wantRedirect(t, c, resp, "/forms?year=2023&copied_all=9&skipped=1")
	if msg := c.doc(c.get(resp.Header.Get("Location"))).Find(".notice").Text(); !strings.Contains(msg, "跳过 1 张") {
		t.Errorf("list notice %q", msg)
	}
	wantRedirect(t, c, c.postForm("/forms/copy-year", url.Values{"year": {"2022"}}), "/forms?year=2023&copied_all=0&skipped=10")
	if n := len(formsOf(t, e, 2023, "")); n != 11 {
		t.Errorf("%d forms of 2023, want 11", n)
	}

	// A submitted copy cannot be replaced: not offered, and refused when asked for anyway.
	for _, f := range formsOf(t, e, 2023, training) {
		e.submitAs(t, f.ID, "staff")
	}
	resp = c.postForm(formPath(id, "/copy"), nil)
	wantStatus(t, c, resp, http.StatusOK)
	doc = c.doc(resp)
	if doc.Find(`[data-testid=copy-replace]`).Length() != 0 || doc.Find(`[data-testid=copy-no-replace]`).Length() != 1 {
		t.Errorf("replace of a submitted form is offered")
	}
	resp = c.postForm(formPath(id, "/copy"), url.Values{"on_duplicate": {"replace"}, "target": {strconv.FormatInt(copyID, 10)}})
	wantStatus(t, c, resp, http.StatusConflict)
	if msg := testid(c.doc(resp), "copy-error"); !strings.Contains(msg, "不是草稿") {
		t.Errorf("refusal %q", msg)
	}
	if rec := e.formRecord(t, copyID); rec.Status != "submitted" || rec.Version != 4 {
		t.Errorf("the submitted copy changed: %s v%d", rec.Status, rec.Version)
	}
}

// TestDeleteRestore: staff of the unit delete a draft (only a draft); it leaves the lists and
// answers 404, stays in the history, and an administrator restores it.
func TestDeleteRestore(t *testing.T) {
	e := newEnv(t)
	staff := e.client(t).loginAs("staff")
	id := staff.formIDOf(training, 2022)
	list := staff.page("/forms?year=2022")
	if n := list.Find(`[data-testid=delete]`).Length(); n != 10 {
		t.Errorf("%d delete buttons, want one per draft (10)", n)
	}
	del := list.Find(`form[action="` + formPath(id, "/delete") + `"]`)
	if q, _ := del.Attr("data-confirm"); !strings.Contains(q, training) {
		t.Errorf("data-confirm %q does not name the form", q)
	}

	// Nobody else deletes it.
	for user, code := range map[string]int{"other": 404, "supervisor": 403, "admin": 403, "auditor": 403} {
		c := e.client(t).loginAs(user)
		if c.page("/forms?year=2022").Find(`[data-testid=delete]`).Length() != 0 {
			t.Errorf("%s is offered delete", user)
		}
		wantStatus(t, c, c.postForm(formPath(id, "/delete"), nil), code)
	}
	if rec := e.formRecord(t, id); rec.Version != 1 {
		t.Fatalf("a refused delete changed the form: v%d", rec.Version)
	}

	// A submitted form is refused, with the reason, and no button.
	survey := staff.formIDOf("调研经费", 2022)
	e.submitAs(t, survey, "staff")
	if staff.page("/forms?year=2022").Find(`form[action="`+formPath(survey, "/delete")+`"]`).Length() != 0 {
		t.Errorf("a submitted form has a delete button")
	}
	resp := staff.postForm(formPath(survey, "/delete"), nil)
	wantStatus(t, staff, resp, http.StatusConflict)
	if msg := testid(staff.doc(resp), "list-error"); !strings.Contains(msg, "只能删除草稿") || !strings.Contains(msg, "已提交") {
		t.Errorf("refusal %q", msg)
	}
	staff.page(formPath(survey, ""))

	// Delete: gone from the list, the counts, the export and every address of the form.
	resp = staff.postForm(formPath(id, "/delete"), url.Values{"version": {"1"}})
	wantRedirect(t, staff, resp, "/forms?year=2022&removed="+strconv.FormatInt(id, 10))
	list = staff.page(resp.Header.Get("Location"))
	if msg := list.Find(".notice").Text(); !strings.Contains(msg, "已删除草稿“培训费”") {
		t.Errorf("notice %q", msg)
	}
	if n := list.Find(`[data-testid=form-row]`).Length(); n != 9 {
		t.Errorf("list shows %d forms after the delete, want 9", n)
	}
	if got := testid(list, "nav-to-fill"); got != "8" {
		t.Errorf("drafts to fill %q, want 8 (10 − submitted − deleted)", got)
	}
	for _, suffix := range []string{"", ".json", ".xlsx", "/history", "/history.json", "/print"} {
		wantStatus(t, staff, staff.get(formPath(id, suffix)), http.StatusNotFound)
	}
	wantStatus(t, staff, staff.postForm(formPath(id, "/delete"), nil), http.StatusNotFound)
	wantStatus(t, staff, staff.postForm(formPath(id, "/submit"), url.Values{"version": {"2"}}), http.StatusNotFound)
	if file, err := exchange.Read([]byte(staff.body(staff.get("/forms.xlsx?year=2022")))); err != nil || len(file.Forms) != 9 {
		t.Errorf("export of the year: %v, %d forms, want 9", err, len(file.Forms))
	}
	sup := e.client(t).loginAs("supervisor")
	wantStatus(t, sup, sup.get(formPath(id, "")), http.StatusNotFound)

	// The administrator's list of deleted forms; the auditor reads it; staff do not get it.
	admin := e.client(t).loginAs("admin")
	if admin.page("/forms?year=2022").Find(`[data-testid=show-deleted]`).Length() != 1 {
		t.Errorf("the administrator has no link to the deleted forms")
	}
	deleted := admin.page("/forms?deleted=1")
	row := deleted.Find(`[data-testid=deleted-row]`)
	if row.Length() != 1 || !strings.Contains(row.Text(), training) || !strings.Contains(row.Text(), "staff") {
		t.Fatalf("deleted list: %q", row.Text())
	}
	if q, _ := row.Find("form").Attr("data-confirm"); !strings.Contains(q, training) {
		t.Errorf("restore data-confirm %q", q)
	}
	aud := e.client(t).loginAs("auditor")
	if d := aud.page("/forms?deleted=1"); d.Find(`[data-testid=deleted-row]`).Length() != 1 || d.Find(`[data-testid=restore]`).Length() != 0 {
		t.Errorf("the auditor sees the deleted forms without a restore button: rows %d, buttons %d",
			d.Find(`[data-testid=deleted-row]`).Length(), d.Find(`[data-testid=restore]`).Length())
	}
	if staff.page("/forms?deleted=1").Find(`[data-testid=deleted-list]`).Length() != 0 {
		t.Errorf("staff get the list of deleted forms")
	}

	// Restore: only the administrator, and the form is back with both steps in its history.
	wantStatus(t, staff, staff.postForm(formPath(id, "/restore"), nil), http.StatusForbidden)
	resp = admin.postForm(formPath(id, "/restore"), nil)
	wantRedirect(t, admin, resp, "/forms?deleted=1&restored="+strconv.FormatInt(id, 10))
	after := admin.page(resp.Header.Get("Location"))
	if msg := after.Find(".notice").Text(); !strings.Contains(msg, "已恢复“培训费”") || after.Find(`[data-testid=deleted-row]`).Length() != 0 {
		t.Errorf("after restore: notice %q, %d deleted rows", msg, after.Find(`[data-testid=deleted-row]`).Length())
	}
	wantStatus(t, admin, admin.postForm("/forms/99999/restore", nil), http.StatusNotFound)
	staff.page(formPath(id, ""))
	var h historyJSON
	if err := json.Unmarshal([]byte(staff.body(staff.get(formPath(id, "/history.json")))), &h); err != nil {
		t.Fatal(err)
	}
	if len(h.Transitions) != 2 || h.Transitions[0].To != "deleted" || h.Transitions[0].By != "staff" ||
		h.Transitions[1].From != "deleted" || h.Transitions[1].To != "draft" || h.Transitions[1].By != "admin" {
		t.Errorf("transitions %+v", h.Transitions)
	}
	if n := staff.page("/forms?year=2022").Find(`[data-testid=form-row]`).Length(); n != 10 {
		t.Errorf("list shows %d forms after the restore, want 10", n)
	}
}
