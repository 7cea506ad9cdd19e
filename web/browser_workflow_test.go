package web

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// signedInPerson opens a browser context of its own (its own cookies) in the running browser and signs in.
func signedInPerson(t *testing.T, browserCtx context.Context, base, user, pw string) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	acceptDialogs(t, ctx)
	signIn(t, ctx, base, user, pw)
	return ctx
}

// dialogs are the messages of the confirmation dialogs a person was asked, by context.
var dialogs sync.Map

// acceptDialogs answers every confirmation dialog of ctx's page with OK, as a person who
// means it does, and keeps its message (asked returns them).
func acceptDialogs(t *testing.T, ctx context.Context) {
	t.Helper()
	answerDialogs(t, ctx, func(page.EventJavascriptDialogOpening) bool { return true })
}

// answerDialogs answers each dialog of ctx's page with accept's choice and keeps its message
// ("beforeunload" for the browser's leave-this-page dialog).
func answerDialogs(t *testing.T, ctx context.Context, accept func(page.EventJavascriptDialogOpening) bool) {
	t.Helper()
	if err := chromedp.Do(ctx); err != nil { // open the tab
		t.Fatal(err)
	}
	var mu sync.Mutex
	var msgs []string
	dialogs.Store(ctx, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), msgs...) })
	go func() {
		for ev, err := range chromedp.Events(ctx, page.JavascriptDialogOpening) {
			if err != nil {
				return
			}
			msg := ev.Message
			if ev.Type == page.DialogTypeBeforeunload {
				msg = "beforeunload"
			}
			mu.Lock()
			msgs = append(msgs, msg)
			mu.Unlock()
			yes := accept(ev)
			go chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: yes})
				return err
			}))
		}
	}()
}

// asked returns the messages of the dialogs the page of ctx has shown.
func asked(ctx context.Context) []string {
	if f, ok := dialogs.Load(ctx); ok {
		return f.(func() []string)()
	}
	return nil
}

// clickTo clicks what sel finds and waits for the page it leads to; it fails unless that page
// answers 200 at a path starting with wantPath.
func clickTo(t *testing.T, ctx context.Context, sel, wantPath string) {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
	if resp.Status != 200 || !strings.Contains(resp.URL, wantPath) {
		t.Fatalf("click %s: %d at %s, want 200 at %s", sel, resp.Status, resp.URL, wantPath)
	}
}

// openPage loads path and waits for it.
func openPage(t *testing.T, ctx context.Context, base, path string) {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(base+path))
	if err != nil || resp.Status != 200 {
		t.Fatalf("open %s: %v (%v)", path, err, resp)
	}
}

// evalJS evaluates a JavaScript expression in the page.
func evalJS[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// hasTestID reports whether the page has an element with data-testid id.
func hasTestID(t *testing.T, ctx context.Context, id string) bool {
	t.Helper()
	return evalJS[bool](t, ctx, `document.querySelector('[data-testid="`+id+`"]') !== null`)
}

// TestBrowserReviewCycle: staff submit 培训费; the supervisor opens it from /review, comments
// on a row and returns it; staff see both comments, change a value, save and resubmit; the
// supervisor sees the change and approves; the form is then read-only for staff, and a save
// posted anyway is refused.
func TestBrowserReviewCycle(t *testing.T) {
	start := time.Now()
	ctx := browser(t)
	base, pw, st := browserApp(t)
	staff := signedInPerson(t, ctx, base, "staff", pw["staff"])
	sup := signedInPerson(t, ctx, base, "supervisor", pw["supervisor"])

	// Staff submit: the demo 培训费 has no errors, so the page offers submit.
	if _, err := chromedp.RunResponse(staff, chromedp.Click(chromedp.Search(`//a[text()="培训费"]`))); err != nil {
		t.Fatal(err)
	}
	formURL := evalJS[string](t, staff, `location.pathname`)
	if hasTestID(t, staff, "blocking") || !hasTestID(t, staff, "action-submit") {
		t.Fatalf("培训费 cannot be submitted as it is (blocking shown: %v)", hasTestID(t, staff, "blocking"))
	}
	clickTo(t, staff, `[data-testid="action-submit"]`, formURL+"?done=submit")
	if got := text(t, staff, "status"); got != "已提交" {
		t.Fatalf("status after submitting = %q", got)
	}

	// The supervisor opens it from /review, comments on row 3 and returns it.
	openPage(t, sup, base, "/review")
	clickTo(t, sup, `[data-testid="review-row"] a`, formURL)
	if !hasTestID(t, sup, "flags") {
		t.Errorf("the supervisor sees no flags on 培训费")
	}
	const rowComment, returnComment = "课时请附课表", "培训人数请与签到名单核对"
	if err := chromedp.Do(sup,
		chromedp.SetValue(chromedp.CSS(`[data-testid="row-comment-form"] select[name="field"]`), "indicators.2"),
		chromedp.SendKeys(chromedp.CSS(`[data-testid="row-comment-form"] textarea[name="body"]`), rowComment),
	); err != nil {
		t.Fatal(err)
	}
	clickTo(t, sup, `[data-testid="row-comment-form"] button[type="submit"]`, formURL+"?done=comment")
	if got := text(t, sup, "row-comments-2"); !strings.Contains(got, rowComment) {
		t.Errorf("after commenting the supervisor sees %q on row 3", got)
	}
	if err := chromedp.Do(sup, chromedp.SendKeys(chromedp.CSS(`[data-testid="return-comment-input"]`), returnComment)); err != nil {
		t.Fatal(err)
	}
	clickTo(t, sup, `[data-testid="action-return"]`, "/review?done=return")
	if got := asked(sup); len(got) == 0 || got[len(got)-1] != "确定退回此表？" {
		t.Errorf("returning asked %q, want a confirmation", got)
	}
	if n := evalJS[int](t, sup, `document.querySelectorAll('[data-testid="review-row"]').length`); n != 0 {
		t.Errorf("/review still lists %d forms after the return", n)
	}

	// Staff see the return comment and the row comment, change a value, save and resubmit.
	openPage(t, staff, base, formURL)
	if got := text(t, staff, "return-comment"); !strings.Contains(got, returnComment) {
		t.Errorf("staff see the return comment %q", got)
	}
	if got := text(t, staff, "row-comments-2"); !strings.Contains(got, rowComment) {
		t.Errorf("staff see the row comment %q", got)
	}
	actual := chromedp.CSS(`[name="indicators.1.actual"]`)
	selectAll := `(() => { const el = document.querySelector('[name="indicators.1.actual"]'); el.focus(); el.select(); return true; })()`
	if _, err := chromedp.Run(staff, chromedp.Evaluate[bool](selectAll)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(staff, chromedp.SendKeys(actual, "1600人")); err != nil {
		t.Fatal(err)
	}
	// 保存 saves on the page, through the same queue as the autosave.
	evalJS[bool](t, staff, `window.__samePage = true`)
	if err := chromedp.Do(staff, chromedp.Click(chromedp.CSS(`[data-testid="save"]`))); err != nil {
		t.Fatal(err)
	}
	poll(t, staff, "the save", savedExpr+` && window.__samePage === true`)
	if v := evalJS[string](t, staff, `document.querySelector('[name="indicators.1.actual"]').value`); v != "1600人" {
		t.Fatalf("after saving the actual is %q, want 1600人", v)
	}
	clickSubmit(t, staff)

	// The supervisor sees what changed and approves.
	openPage(t, sup, base, formURL)
	changed := evalJS[[]string](t, sup, `Array.from(document.querySelectorAll('[data-testid="changes"] [data-testid="change"]')).map(e => e.dataset.field)`)
	if len(changed) != 1 || changed[0] != "indicators.1.actual" {
		t.Errorf("the changes panel lists %v, want [indicators.1.actual]", changed)
	}
	clickTo(t, sup, `[data-testid="action-approve"]`, "/review?done=approve")
	if got := asked(sup); len(got) == 0 || !strings.HasPrefix(got[len(got)-1], "确定审核通过") {
		t.Errorf("approving asked %q, want a confirmation", got)
	}

	// Staff: read-only, no submit, and a save posted anyway is refused.
	openPage(t, staff, base, formURL)
	if got := text(t, staff, "status"); got != "已通过" {
		t.Errorf("status = %q, want 已通过", got)
	}
	editable := evalJS[int](t, staff, `document.querySelectorAll('#form-editor input:not([type="hidden"]):not([readonly]), #form-editor textarea:not([readonly]), #form-editor select:not([disabled])').length`)
	if editable != 0 {
		t.Errorf("%d fields of the approved form can be edited", editable)
	}
	if hasTestID(t, staff, "action-submit") || hasTestID(t, staff, "save") {
		t.Errorf("the approved form offers submit (%v) or save (%v)", hasTestID(t, staff, "action-submit"), hasTestID(t, staff, "save"))
	}
	status := evalJS[int](t, staff, `(() => {
		const form = document.getElementById('form-editor');
		const body = new URLSearchParams(new FormData(form));
		body.set('indicators.1.actual', '1');
		return fetch(form.getAttribute('action'), {method: 'POST', body, credentials: 'same-origin', redirect: 'manual'}).then(r => r.status);
	})()`)
	if status != 403 {
		t.Errorf("a save posted to the approved form answered %d, want 403", status)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(formURL, "/forms/"), 10, 64)
	if err != nil {
		t.Fatalf("form address %q: %v", formURL, err)
	}
	rec, err := st.Form(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Status != "approved" || rec.Form.Indicators[1].Actual != "1600人" {
		t.Errorf("stored: %s with actual %q, want approved with 1600人", rec.Status, rec.Form.Indicators[1].Actual)
	}
	t.Logf("review cycle in the browser took %v", time.Since(start).Round(time.Millisecond))
}
