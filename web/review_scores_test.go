package web

// The reviewer's scores through the whole router on a real SQLite file: entering them row by
// row, the refusals of a bad score and of a missing reason, the conflict of two reviewers,
// the history, the final figures of an approved form on its page and its print, and the
// approval or return of several forms at once.

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"selfeval/internal/auth"
	"selfeval/internal/decimal"
	"selfeval/internal/store"
)

// submitDemo submits the demo form project as staff and returns its id and version.
func submitDemo(t *testing.T, e *env, staff *client, project string) (int64, int) {
	t.Helper()
	id := staff.formIDOf(project, 2022)
	doc := staff.page(formPath(id, ""))
	wantRedirect(t, staff, act(staff, id, "submit", hiddenFields(doc, "form.action-submit")), formPath(id, "?done=submit"))
	return id, wantState(t, e, id, "submitted")
}

// reviewValues is what row i's save of the review table on doc posts, with the fields typed.
func reviewValues(doc *goquery.Document, i int, score, reason string) url.Values {
	v := hiddenFields(doc, "#review-form-"+strconv.Itoa(i))
	v.Del("_csrf")
	v.Set("review_score", score)
	v.Set("review_reason", reason)
	return v
}

// answer parses the answer of a row's save as htmx takes it in: a table row (parsed in a
// table, as htmx parses it) and the summary out of band.
func answer(c *client, resp *http.Response) *goquery.Document {
	c.t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader("<table><tbody>" + c.body(resp) + "</tbody></table>"))
	if err != nil {
		c.t.Fatal(err)
	}
	return doc
}

// reviewRowOf is row i of the review table of doc.
func reviewRowOf(doc *goquery.Document, i int) *goquery.Selection {
	return doc.Find("#review-row-" + strconv.Itoa(i))
}

// within is the trimmed text of the first element with data-testid testid in s.
func within(s *goquery.Selection, testid string) string {
	return strings.TrimSpace(s.Find(`[data-testid="` + testid + `"]`).First().Text())
}

// reviewHistory lists "field:old>new" of the review's history rows of form id.
func reviewHistory(t *testing.T, e *env, id int64) []string {
	t.Helper()
	h, err := e.Store.History(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, en := range h {
		if _, _, ok := store.ReviewFieldOf(en.Field); ok {
			out = append(out, en.Field+":"+en.Old+">"+en.New)
		}
	}
	return out
}

func TestReviewScores(t *testing.T) {
	e := newEnv(t)
	staff := e.client(t).loginAs("staff")
	id, version := submitDemo(t, e, staff, training)
	sup := e.client(t).loginAs("supervisor")
	e.addUser(t, "supervisor2", "supervisor2-password", auth.RoleSupervisor, e.DemoDept.ID)
	sup2 := e.client(t).loginAs("supervisor2")

	doc := sup.page(formPath(id, ""))
	table := doc.Find(`[data-testid="review-scores"]`)
	if n := table.Find(`[data-testid="review-score-input"]`).Length(); n != 13 {
		t.Fatalf("the supervisor's page has %d review score fields, want one per row (13)", n)
	}
	row0 := reviewRowOf(doc, 0)
	self := within(row0, "self-score")
	if self == "" {
		t.Fatalf("row 1 shows no self score")
	}
	selfTotal := testid(doc, "review-self-total")
	if selfTotal != "99.90" || testid(doc, "review-total") != "99.90" {
		t.Errorf("before any review score the totals are %q and %q, want 99.90 and 99.90", selfTotal, testid(doc, "review-total"))
	}
	if v, _ := row0.Find(`[data-testid="review-score-input"]`).Attr("form"); v != "review-form-0" {
		t.Errorf("row 1's score field belongs to form %q", v)
	}

	// Refusals: 422, the row says why with what was typed, nothing is stored.
	for _, tt := range []struct{ score, reason, want, invalid string }{
		{"abc", "", "不是数字", "score"},
		{"-1", "x", "须在 0 至", "score"},
		{"99", "x", "须在 0 至", "score"},
		{"1", "", "请填写扣分原因", "reason"},
		{"", "只有原因", "请填写审核得分", "score"},
	} {
		resp := sup.htmx(formPath(id, "/review-scores"), reviewValues(doc, 0, tt.score, tt.reason))
		if !expectStatus(t, sup, resp, http.StatusUnprocessableEntity) {
			continue
		}
		ans := answer(sup, resp)
		row := reviewRowOf(ans, 0)
		if got := within(row, "review-error"); !strings.Contains(got, tt.want) {
			t.Errorf("score %q reason %q: the row says %q, want %q", tt.score, tt.reason, got, tt.want)
		}
		if v, _ := row.Find(`[data-testid="review-score-input"]`).Attr("value"); v != tt.score {
			t.Errorf("score %q: the field holds %q after the refusal", tt.score, v)
		}
		if _, ok := row.Find(`#review-` + tt.invalid + `-0`).Attr("aria-invalid"); !ok {
			t.Errorf("score %q reason %q: the %s field is not marked invalid", tt.score, tt.reason, tt.invalid)
		}
	}
	// Without JavaScript the refusal is the whole page, 422, the message at the row.
	resp := sup.postForm(formPath(id, "/review-scores"), reviewValues(doc, 0, "abc", ""))
	if expectStatus(t, sup, resp, http.StatusUnprocessableEntity) {
		if got := within(reviewRowOf(sup.doc(resp), 0), "review-error"); !strings.Contains(got, "不是数字") {
			t.Errorf("the plain post's refusal says %q", got)
		}
	}
	// A row the form does not have.
	bad := reviewValues(doc, 0, "1", "x")
	bad.Set("row", "13")
	expectStatus(t, sup, sup.htmx(formPath(id, "/review-scores"), bad), http.StatusBadRequest)
	if h := reviewHistory(t, e, id); len(h) != 0 {
		t.Fatalf("refused review scores were stored: %v", h)
	}

	// Row 1 down to 1 point with a reason: the row comes back saved, the summary out of band
	// lists the difference and the total under the review scores.
	const reason = "签到名单不全"
	resp = sup.htmx(formPath(id, "/review-scores"), reviewValues(doc, 0, " 1 ", reason))
	wantStatus(t, sup, resp, http.StatusOK)
	ans := answer(sup, resp)
	row := reviewRowOf(ans, 0)
	if row.Find(`[data-testid="review-saved"]`).Length() != 1 || within(row, "review-difference") == "" {
		t.Errorf("the saved row: %.400s", sup.body(resp))
	}
	if v, _ := row.Find(`input[name="was_score"]`).Attr("value"); v != "1" {
		t.Errorf("the saved row will send was_score %q, want 1", v)
	}
	if _, isOOB := oob(ans, "review-summary"); !isOOB {
		t.Errorf("the summary is not swapped out of band")
	}
	diffs := ans.Find(`[data-testid="review-differing"]`)
	if diffs.Length() != 1 || !strings.Contains(diffs.Text(), reason) || !strings.Contains(diffs.Text(), "第 1 行") {
		t.Errorf("the difference report says %q", diffs.Text())
	}
	total := testid(ans, "review-total")
	if total == selfTotal || total == "" {
		t.Errorf("the total under the review scores is %q, the self total %q", total, selfTotal)
	}
	if !strings.Contains(testid(ans, "review-total-difference"), "-") {
		t.Errorf("the total's difference is %q, want a negative one", testid(ans, "review-total-difference"))
	}
	if got := wantState(t, e, id, "submitted"); got != version {
		t.Errorf("a review score moved the form to version %d from %d", got, version)
	}

	// The second reviewer's page was loaded before: their save of row 1 is a conflict that
	// names who changed it and keeps what they typed; saving again then replaces it.
	resp = sup2.htmx(formPath(id, "/review-scores"), reviewValues(doc, 0, "2", "另一位审核人"))
	if expectStatus(t, sup2, resp, http.StatusConflict) {
		row := reviewRowOf(answer(sup2, resp), 0)
		if got := within(row, "review-conflict"); !strings.Contains(got, "supervisor") || !strings.Contains(got, reason) {
			t.Errorf("the conflict says %q", got)
		}
		if v, _ := row.Find(`[data-testid="review-score-input"]`).Attr("value"); v != "2" {
			t.Errorf("the conflict keeps %q of what was typed, want 2", v)
		}
		again := hiddenFields(answer(sup2, resp), "#review-form-0")
		again.Del("_csrf")
		again.Set("review_score", "2")
		again.Set("review_reason", "另一位审核人")
		wantStatus(t, sup2, sup2.htmx(formPath(id, "/review-scores"), again), http.StatusOK)
	}
	// Without JavaScript a save goes back to the row. Row 2 is confirmed at its self score,
	// stored as the number it reads as.
	doc = sup.page(formPath(id, ""))
	self2 := within(reviewRowOf(doc, 1), "self-score")
	wantRedirect(t, sup, sup.postForm(formPath(id, "/review-scores"), reviewValues(doc, 1, self2, "")),
		formPath(id, "?done=review_score#review-row-1"))
	stored2, err := decimal.Parse(self2)
	if err != nil {
		t.Fatal(err)
	}

	// The history keeps every change, named in words.
	want := []string{"indicators.0.review_score:>1", "indicators.0.review_reason:>" + reason,
		"indicators.0.review_score:1>2", "indicators.0.review_reason:" + reason + ">另一位审核人",
		"indicators.1.review_score:>" + stored2.String()}
	if got := reviewHistory(t, e, id); !slices.Equal(got, want) {
		t.Errorf("history of the review:\n got %v\nwant %v", got, want)
	}
	hist := sup.page(formPath(id, "/history"))
	if got := strings.TrimSpace(hist.Find(`[data-testid="history-change"][data-field="indicators.0.review_reason"] td`).Eq(3).Text()); got != "第 1 行·扣分原因" {
		t.Errorf("the history names indicators.0.review_reason %q", got)
	}

	// Staff read the review, without fields; the approval makes its figures final.
	doc = sup.page(formPath(id, ""))
	reviewedTotal, reviewedGrade := testid(doc, "review-total"), testid(doc, "review-grade")
	sdoc := staff.page(formPath(id, ""))
	if sdoc.Find(`[data-testid="review-score-input"]`).Length() != 0 || sdoc.Find(`[data-testid="review-score-row"]`).Length() != 2 {
		t.Errorf("staff see %d review rows and %d fields, want 2 rows read only",
			sdoc.Find(`[data-testid="review-score-row"]`).Length(), sdoc.Find(`[data-testid="review-score-input"]`).Length())
	}
	staffPost := reviewValues(doc, 2, "1", "x")
	staffPost.Set("version", strconv.Itoa(version))
	expectStatus(t, staff, staff.htmx(formPath(id, "/review-scores"), staffPost), http.StatusForbidden)
	wantRedirect(t, sup, act(sup, id, "approve", hiddenFields(doc, "form.action-approve")), "/review?done=approve")
	doc = staff.page(formPath(id, ""))
	if got := testid(doc, "review-summary"); !strings.Contains(got, "最终总分") || testid(doc, "review-total") != reviewedTotal {
		t.Errorf("the approved form's summary says %q, want the final total %s", got, reviewedTotal)
	}
	if testid(doc, "review-grade") != reviewedGrade {
		t.Errorf("the approved form's final grade is %q, want %q", testid(doc, "review-grade"), reviewedGrade)
	}
	// Approved, the scores are no longer entered: the supervisor reads them, and a late save
	// from the page shown before the approval is a conflict.
	sdoc = sup.page(formPath(id, ""))
	if sdoc.Find(`[data-testid="review-score-input"]`).Length() != 0 {
		t.Errorf("the approved form still offers review score fields")
	}
	late := reviewValues(doc, 0, "3", "x")
	late.Set("version", strconv.Itoa(version))
	late.Set("row", "0")
	resp = sup.htmx(formPath(id, "/review-scores"), late)
	if expectStatus(t, sup, resp, http.StatusConflict) && !strings.Contains(testid(answer(sup, resp), "review-conflict"), "已被他人处理") {
		t.Errorf("the late save says %q", testid(answer(sup, resp), "review-conflict"))
	}

	// The list, its exports and the overview show the final figures too: the stored summary
	// of an approved form is under its review scores; a reopening gives it its own back.
	if rec := e.formRecord(t, id); rec.Summary.Total != reviewedTotal || rec.Summary.Grade != reviewedGrade {
		t.Errorf("the approved form's stored summary %+v, want the final %s %s", rec.Summary, reviewedTotal, reviewedGrade)
	}
	if got := e.formRecord(t, id).Summary.Total; !strings.Contains(staff.body(staff.get("/forms.csv?year=2022")), got) {
		t.Errorf("the CSV lacks the final total %s", got)
	}

	// The print has the section 审核得分 / 扣分原因 with the final figures.
	pdoc := staff.page(formPath(id, "/print"))
	sec := pdoc.Find(`[data-testid="print-review"]`)
	if sec.Length() != 1 || sec.Find(`[data-testid="print-review-row"]`).Length() != 2 {
		t.Fatalf("the print's review section: %q", sec.Text())
	}
	if got := within(sec, "print-review-total"); got != reviewedTotal {
		t.Errorf("the print's final total is %q, want %q", got, reviewedTotal)
	}
	if !strings.Contains(sec.Text(), "最终总分") || !strings.Contains(sec.Text(), "另一位审核人") {
		t.Errorf("the print's review section says %q", sec.Text())
	}
}

// TestReviewScoresOtherDepartment: a supervisor of another department does not see the form,
// so cannot score it (404), and nothing is stored.
func TestReviewScoresOtherDepartment(t *testing.T) {
	e := newEnv(t)
	staff := e.client(t).loginAs("staff")
	id, version := submitDemo(t, e, staff, training)
	e.addUser(t, "stranger", "stranger-password", auth.RoleSupervisor, e.OtherDept.ID)
	stranger := e.client(t).loginAs("stranger")
	v := url.Values{"row": {"0"}, "version": {strconv.Itoa(version)}, "review_score": {"1"}, "review_reason": {"x"}}
	expectStatus(t, stranger, stranger.htmx(formPath(id, "/review-scores"), v), http.StatusNotFound)
	if h := reviewHistory(t, e, id); len(h) != 0 {
		t.Errorf("another department's supervisor stored %v", h)
	}
	if doc := staff.page(formPath(id, "")); doc.Find(`[data-testid="review-scores"]`).Length() != 0 {
		t.Errorf("a form without review scores shows the review to its staff")
	}
}

// TestBulkReview: several forms approved at once from the list, each recorded as if alone; a
// form withdrawn after the list was shown is refused and said; a return needs its comment
// and gives it to every form.
func TestBulkReview(t *testing.T) {
	e := newEnv(t)
	staff := e.client(t).loginAs("staff")
	projects := []string{training, "调研经费", "政府雇员项目"}
	ids := map[string]int64{}
	for _, p := range projects {
		ids[p], _ = submitDemo(t, e, staff, p)
	}
	sup := e.client(t).loginAs("supervisor")
	list := sup.page("/review")
	boxes := attrs(list.Find(`[data-testid="bulk-select"]`), "value")
	if len(boxes) != 3 {
		t.Fatalf("/review offers %d boxes, want 3: %v", len(boxes), boxes)
	}
	if list.Find(`[data-testid="bulk-approve"]`).AttrOr("data-confirm", "") == "" || list.Find(`[data-testid="bulk-return"]`).AttrOr("data-confirm", "") == "" {
		t.Errorf("the bulk buttons do not ask first")
	}

	// Nothing selected, or a return without a comment: refused whole, nothing done.
	resp := sup.postForm("/review/bulk", url.Values{"action": {"approve"}})
	if expectStatus(t, sup, resp, http.StatusUnprocessableEntity) && !strings.Contains(testid(sup.doc(resp), "bulk-error"), "请先勾选") {
		t.Errorf("an empty selection says %q", testid(sup.doc(resp), "bulk-error"))
	}
	resp = sup.postForm("/review/bulk", url.Values{"action": {"return"}, "form": boxes, "comment": {"  "}})
	if expectStatus(t, sup, resp, http.StatusUnprocessableEntity) {
		doc := sup.doc(resp)
		if !strings.Contains(testid(doc, "bulk-error"), commentRequired) {
			t.Errorf("a return without a comment says %q", testid(doc, "bulk-error"))
		}
		if n := doc.Find(`[data-testid="bulk-select"][checked]`).Length(); n != 3 {
			t.Errorf("the refused selection keeps %d boxes checked, want 3", n)
		}
	}
	expectStatus(t, sup, sup.postForm("/review/bulk", url.Values{"action": {"return"}, "form": {"x:1"}, "comment": {"c"}}), http.StatusUnprocessableEntity)
	expectStatus(t, sup, sup.postForm("/review/bulk", url.Values{"action": {"reopen"}, "form": boxes}), http.StatusBadRequest)
	for _, p := range projects {
		wantState(t, e, ids[p], "submitted")
	}

	// The unit withdraws 调研经费 after the list was shown: approving all three approves two
	// and says why the third was not.
	withdrawn := ids["调研经费"]
	doc := staff.page(formPath(withdrawn, ""))
	wantRedirect(t, staff, act(staff, withdrawn, "withdraw", hiddenFields(doc, "form.action-withdraw")), formPath(withdrawn, "?done=withdraw"))
	resp = sup.postForm("/review/bulk", url.Values{"action": {"approve"}, "form": boxes})
	wantStatus(t, sup, resp, http.StatusOK)
	doc = sup.doc(resp)
	var done, refusedLines []string
	doc.Find(`[data-testid="bulk-done"]`).Each(func(_ int, s *goquery.Selection) { done = append(done, strings.TrimSpace(s.Text())) })
	doc.Find(`[data-testid="bulk-refused"]`).Each(func(_ int, s *goquery.Selection) { refusedLines = append(refusedLines, strings.TrimSpace(s.Text())) })
	slices.Sort(done)
	if want := []string{training, "政府雇员项目"}; !slices.Equal(done, want) {
		t.Errorf("done: %v, want %v", done, want)
	}
	if len(refusedLines) != 1 || !strings.Contains(refusedLines[0], "调研经费") || !strings.Contains(refusedLines[0], "已被修改或处理") {
		t.Errorf("refused: %v", refusedLines)
	}
	if !strings.Contains(testid(doc, "bulk-done-count"), "已通过 2 张") || !strings.Contains(testid(doc, "bulk-refused-count"), "1 张未处理") {
		t.Errorf("the summary says %q and %q", testid(doc, "bulk-done-count"), testid(doc, "bulk-refused-count"))
	}
	wantState(t, e, withdrawn, "draft")
	for _, p := range []string{training, "政府雇员项目"} {
		wantState(t, e, ids[p], "approved")
		tr, err := e.Store.Transitions(context.Background(), ids[p])
		if err != nil {
			t.Fatal(err)
		}
		last := tr[len(tr)-1]
		if last.From != "submitted" || last.To != "approved" || last.Username != "supervisor" {
			t.Errorf("%s's last transition is %+v", p, last)
		}
	}
	if doc.Find(`[data-testid="review-row"]`).Length() != 0 {
		t.Errorf("the list after the bulk approval still lists forms waiting")
	}

	// A bulk return gives each form the one comment, and a form not the supervisor's is
	// refused without its name.
	id, _ := submitDemo(t, e, staff, "调研经费")
	list = sup.page("/review")
	boxes = attrs(list.Find(`[data-testid="bulk-select"]`), "value")
	const comment = "请补充佐证材料"
	resp = sup.postForm("/review/bulk", url.Values{"action": {"return"}, "form": append(boxes, "999999:1"), "comment": {comment}})
	wantStatus(t, sup, resp, http.StatusOK)
	doc = sup.doc(resp)
	if n := doc.Find(`[data-testid="bulk-done"]`).Length(); n != 1 {
		t.Errorf("%d forms returned, want 1", n)
	}
	if got := testid(doc, "bulk-refused"); !strings.Contains(got, "不存在或无权查看") {
		t.Errorf("the unknown form is refused with %q", got)
	}
	wantState(t, e, id, "returned")
	tr, _ := e.Store.Transitions(context.Background(), id)
	if last := tr[len(tr)-1]; last.To != "returned" || last.Comment != comment {
		t.Errorf("the returned form's last transition is %+v", last)
	}
}

// TestReopenGivesSelfFigures: an approved form whose review took points off lists its final
// total; reopened by an administrator, it lists its own total again.
func TestReopenGivesSelfFigures(t *testing.T) {
	e := newEnv(t)
	_, id, _ := openForm(t, e, "staff", training)
	self := e.formRecord(t, id).Summary
	e.submitAs(t, id, "staff")
	sup := e.client(t).loginAs("supervisor")
	doc := sup.page(formPath(id, ""))
	post := reviewValues(doc, 0, "1", "证据不足")
	resp := sup.htmx(formPath(id, "/review-scores"), post)
	expectStatus(t, sup, resp, http.StatusOK)
	doc = sup.page(formPath(id, ""))
	final := testid(doc, "review-total")
	wantRedirect(t, sup, act(sup, id, "approve", hiddenFields(doc, "form.action-approve")), "/review?done=approve")
	if got := e.formRecord(t, id).Summary; got.Total != final || got.Total == self.Total {
		t.Fatalf("approved: stored total %s, want the final %s (self %s)", got.Total, final, self.Total)
	}
	admin := e.client(t).loginAs("admin")
	reopen := hiddenFields(admin.page(formPath(id, "")), "form.action-reopen")
	reopen.Set("reason", "重新核对")
	wantRedirect(t, admin, act(admin, id, "reopen", reopen), formPath(id, "?done=reopen"))
	if got := e.formRecord(t, id).Summary; got.Total != self.Total || got.Grade != self.Grade {
		t.Errorf("reopened: stored %s %s, want the self %s %s", got.Total, got.Grade, self.Total, self.Grade)
	}
}
