package web

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserReviewScores: the supervisor opens the submitted 培训费, types a review score
// below row 1's self score and presses Enter: the row says a reason is needed, with the focus
// in the reason; they type it and press Enter: the row is saved without a page load, the
// difference report lists the row with its reason and the total under the review scores
// follows; after a reload both are still there.
func TestBrowserReviewScores(t *testing.T) {
	ctx := browser(t)
	base, pw, st := browserApp(t)
	id := formIDByProject(t, st, training)
	staff, err := st.UserByUsername(context.Background(), "staff")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Transition(context.Background(), id, 1, "draft", "submitted", "", staff.ID); err != nil {
		t.Fatal(err)
	}
	sup := signedInPerson(t, ctx, base, "supervisor", pw["supervisor"])
	openPage(t, sup, base, formPath(id, ""))
	evalJS[bool](t, sup, `window.__samePage = true`)
	if got := text(t, sup, "review-total"); got != "99.90" {
		t.Fatalf("the total before any review score is %q, want 99.90", got)
	}
	if got := evalJS[string](t, sup, `document.querySelector('#review-row-0 [data-testid=self-score]').textContent.trim()`); got != "10.00" {
		t.Fatalf("row 1's self score is %q, want 10.00", got)
	}

	// 1 point of 10, Enter: refused in place, the focus in the reason.
	sel := chromedp.CSS(`#review-score-0`)
	if err := chromedp.Do(sup, chromedp.ScrollIntoView(sel), chromedp.Click(sel), chromedp.KeyEvent("1"), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	poll(t, sup, "the row asks for a reason", `(document.querySelector('#review-row-0 [data-testid=review-error]') || {textContent: ''}).textContent.includes('请填写扣分原因')
		&& document.activeElement && document.activeElement.id === 'review-reason-0'`)
	if got := evalJS[string](t, sup, `document.querySelector('#review-score-0').value`); got != "1" {
		t.Errorf("the refused score's field holds %q, want what was typed", got)
	}

	// The reason, typed key by key, Enter: saved, the report and the total follow.
	const reason = "签到名单不全"
	if err := chromedp.Do(sup, chromedp.KeyEvent(reason), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	poll(t, sup, "the row saved", `!!document.querySelector('#review-row-0 [data-testid=review-saved]') && !document.querySelector('.htmx-request')`)
	waitText(t, sup, "review-total", "90.90")
	if got := text(t, sup, "review-differing"); got != "第 1 行 社会治理培训完成次数：自评 10.00，审核 1.00（-9.00），扣分原因："+reason {
		t.Errorf("the difference report says %q", got)
	}
	if got := text(t, sup, "review-total-difference"); got != "（-9.00）" {
		t.Errorf("the total's difference is %q", got)
	}
	if !evalJS[bool](t, sup, `window.__samePage === true`) {
		t.Errorf("saving the row loaded the page")
	}

	// A reload finds them kept.
	if err := chromedp.Do(sup, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#review-score-0`))); err != nil {
		t.Fatal(err)
	}
	if got := evalJS[string](t, sup, `document.querySelector('#review-score-0').value + '|' + document.querySelector('#review-reason-0').value`); got != "1|"+reason {
		t.Errorf("after a reload the row holds %q", got)
	}
	if got := text(t, sup, "review-total"); got != "90.90" {
		t.Errorf("after a reload the total is %q, want 90.90", got)
	}
	scores, err := st.ReviewScores(context.Background(), id)
	if err != nil || len(scores) != 1 || scores[0].Score != "1" || scores[0].Reason != reason || scores[0].Username != "supervisor" {
		t.Errorf("stored %+v, %v", scores, err)
	}
}
