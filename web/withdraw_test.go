package web

// Withdrawal (撤回) through the whole router: staff take back a form they submitted as long as
// the supervisor has not returned or approved it; it goes back to draft, the transition is in
// the history, and what the reviewer wrote earlier stays with the form.

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

const stateRefused = "自评表当前的状态不允许此操作"

// TestWithdraw: a submitted form offers its staff 撤回 and nothing else; withdrawing makes it a
// draft again, which they edit and submit; nobody else may withdraw it, and a draft, a
// returned or an approved form cannot be withdrawn.
func TestWithdraw(t *testing.T) {
	e := newEnv(t)
	staff, id, doc := openForm(t, e, "staff", training)
	sup := e.client(t).loginAs("supervisor")
	admin := e.client(t).loginAs("admin")
	other := e.client(t).loginAs("other")

	// A draft cannot be withdrawn: there is no button, and the server refuses the post.
	if got := actionsOf(doc); slices.Contains(got, "withdraw") {
		t.Errorf("a draft offers %v", got)
	}
	refusedWithMessage(t, staff, act(staff, id, "withdraw", nil), stateRefused)
	wantState(t, e, id, "draft")

	wantRedirect(t, staff, act(staff, id, "submit", hiddenFields(doc, "form.action-submit")), formPath(id, "?done=submit"))
	version := wantState(t, e, id, "submitted")
	doc = staff.page(formPath(id, ""))
	if got := actionsOf(doc); !slices.Equal(got, []string{"withdraw"}) {
		t.Fatalf("staff are offered %v on their submitted form, want [withdraw]", got)
	}
	if got := strings.TrimSpace(doc.Find(`[data-testid="action-withdraw"]`).Text()); got != "撤回" {
		t.Errorf("the button says %q, want 撤回", got)
	}
	// Nobody else may withdraw it; the supervisor is not offered it either.
	if got := actionsOf(sup.page(formPath(id, ""))); slices.Contains(got, "withdraw") {
		t.Errorf("the supervisor is offered %v", got)
	}
	refusedWithMessage(t, sup, act(sup, id, "withdraw", nil), "您的角色不能执行此操作")
	refusedWithMessage(t, admin, act(admin, id, "withdraw", nil), "您的角色不能执行此操作")
	expectStatus(t, other, act(other, id, "withdraw", nil), http.StatusNotFound)
	if s, v := formState(t, e, id); s != "submitted" || v != version {
		t.Fatalf("refused withdrawals changed the form: %s v%d, want submitted v%d", s, v, version)
	}

	// Staff withdraw it from the page: a draft again, out of the reviewer's list, editable.
	wantRedirect(t, staff, act(staff, id, "withdraw", hiddenFields(doc, "form.action-withdraw")), formPath(id, "?done=withdraw"))
	wantState(t, e, id, "draft")
	doc = staff.page(formPath(id, "?done=withdraw"))
	if got := testid(doc, "notice"); got != "已撤回，可以继续修改后再提交。" {
		t.Errorf("notice after the withdrawal = %q", got)
	}
	if got := testid(doc, "status"); got != "草稿" {
		t.Errorf("status shown after the withdrawal = %q, want 草稿", got)
	}
	if got := actionsOf(doc); !slices.Equal(got, []string{"submit"}) {
		t.Errorf("after the withdrawal staff are offered %v, want [submit]", got)
	}
	if n := sup.page("/review").Find(`[data-testid="review-row"]`).Length(); n != 0 {
		t.Errorf("/review still lists %d forms after the withdrawal", n)
	}
	vals := editorValues(doc)
	vals.Set("indicators.1.actual", "1650人")
	wantRedirect(t, staff, staff.postForm(formPath(id, ""), vals), formPath(id, ""))
	if rec := e.formRecord(t, id); rec.Form.Indicators[1].Actual != "1650人" {
		t.Errorf("the withdrawn form was not saved: actual %q", rec.Form.Indicators[1].Actual)
	}
	// A stale page (the version of the submission) cannot withdraw the draft again.
	refusedWithMessage(t, staff, act(staff, id, "withdraw", url.Values{"version": {strconv.Itoa(version)}}), stateRefused)

	// The history has the withdrawal, by staff.
	resp := staff.get(formPath(id, "/history.json"))
	wantStatus(t, staff, resp, http.StatusOK)
	var h historyDoc
	if err := json.Unmarshal([]byte(staff.body(resp)), &h); err != nil {
		t.Fatal(err)
	}
	var trail []string
	for _, tr := range h.Transitions {
		trail = append(trail, tr.From+"→"+tr.To+" "+tr.By)
	}
	if want := []string{"draft→submitted staff", "submitted→draft staff"}; !slices.Equal(trail, want) {
		t.Errorf("transitions = %v, want %v", trail, want)
	}
	if got := strings.Join(strings.Fields(staff.page(formPath(id, "/history")).Find(`[data-testid="history-transition"]`).First().Text()), " "); !strings.Contains(got, "已提交 → 草稿") {
		t.Errorf("the history page shows the newest transition as %q", got)
	}

	// Returned and approved forms are no longer submitted: no withdrawal.
	wantRedirect(t, staff, act(staff, id, "submit", nil), formPath(id, "?done=submit"))
	wantRedirect(t, sup, act(sup, id, "return", url.Values{"comment": {"请核对"}}), "/review?done=return")
	refusedWithMessage(t, staff, act(staff, id, "withdraw", nil), stateRefused)
	wantState(t, e, id, "returned")
	wantRedirect(t, staff, act(staff, id, "submit", nil), formPath(id, "?done=submit"))
	wantRedirect(t, sup, act(sup, id, "approve", nil), "/review?done=approve")
	if got := actionsOf(staff.page(formPath(id, ""))); len(got) != 0 {
		t.Errorf("an approved form offers staff %v", got)
	}
	refusedWithMessage(t, staff, act(staff, id, "withdraw", nil), stateRefused)
	wantState(t, e, id, "approved")
}

// TestWithdrawAfterReturn: a form returned, corrected, resubmitted and then withdrawn keeps
// the reviewer's return comment and row comments in view of its staff; when it comes back,
// the reviewer sees everything changed since their return, before and after the withdrawal.
func TestWithdrawAfterReturn(t *testing.T) {
	e := newEnv(t)
	staff, id, doc := openForm(t, e, "staff", training)
	sup := e.client(t).loginAs("supervisor")
	wantRedirect(t, staff, act(staff, id, "submit", hiddenFields(doc, "form.action-submit")), formPath(id, "?done=submit"))
	const returnComment = "培训人数请与签到名单核对"
	wantRedirect(t, sup, act(sup, id, "return", url.Values{"comment": {returnComment}}), "/review?done=return")

	save := func(field, value string) {
		t.Helper()
		vals := editorValues(staff.page(formPath(id, "")))
		vals.Set(field, value)
		wantRedirect(t, staff, staff.postForm(formPath(id, ""), vals), formPath(id, ""))
	}
	save("indicators.1.actual", "1600人")
	wantRedirect(t, staff, act(staff, id, "submit", nil), formPath(id, "?done=submit"))
	// The supervisor comments on a row: that is no decision, the form may still be withdrawn.
	const rowComment = "课时请附课表"
	wantRedirect(t, sup, act(sup, id, "comments", url.Values{"field": {"indicators.2"}, "body": {rowComment}}), formPath(id, "?done=comment"))
	wantRedirect(t, staff, act(staff, id, "withdraw", nil), formPath(id, "?done=withdraw"))
	wantState(t, e, id, "draft")

	doc = staff.page(formPath(id, ""))
	if got := testid(doc, "return-comment"); !strings.Contains(got, returnComment) || !strings.Contains(got, "supervisor") {
		t.Errorf("the withdrawn draft shows the return comment %q, want the supervisor's %q", got, returnComment)
	}
	if got := testid(doc, "row-comments-2"); !strings.Contains(got, rowComment) {
		t.Errorf("the withdrawn draft shows the row comments %q, want %q", got, rowComment)
	}

	save("goals.achieved", "已核对签到名单。")
	wantRedirect(t, staff, act(staff, id, "submit", nil), formPath(id, "?done=submit"))
	doc = sup.page(formPath(id, ""))
	changes := doc.Find(`[data-testid="changes"] [data-testid="change"]`)
	if got, want := attrs(changes, "data-field"), []string{"indicators.1.actual", "goals.achieved"}; !slices.Equal(got, want) {
		t.Errorf("changes since the return = %v, want %v (before and after the withdrawal)", got, want)
	}
	changes.Each(func(_ int, s *goquery.Selection) {
		if f, _ := s.Attr("data-field"); f == "indicators.1.actual" {
			if o, n := strings.TrimSpace(s.Find(".old").Text()), strings.TrimSpace(s.Find(".new").Text()); o != "1700人" || n != "1600人" {
				t.Errorf("indicators.1.actual shown as %q → %q, want 1700人 → 1600人", o, n)
			}
		}
	})
	if got := testid(doc, "return-comment"); !strings.Contains(got, returnComment) {
		t.Errorf("the reviewer sees the return comment %q, want %q", got, returnComment)
	}
	comments, err := e.Store.RowComments(context.Background(), id)
	if err != nil || len(comments) != 1 || comments[0].Body != rowComment {
		t.Errorf("row comments = %+v, %v", comments, err)
	}
}
