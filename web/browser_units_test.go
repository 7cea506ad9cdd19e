package web

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"selfeval/internal/demo"
	"selfeval/internal/form"
	"selfeval/internal/scoring"
)

// TestBrowserAmountsInWanYuan: a person whose table is in 万元 chooses the unit, types the
// amounts with four decimals as the published forms write them, and sees the execution rate
// the amounts give, the amounts shown with their places, no precision error; after a reload
// the unit and the amounts are as typed, and the print says 项目资金（万元）.
func TestBrowserAmountsInWanYuan(t *testing.T) {
	ctx := browser(t)
	a := newEditorApp(t)
	signIn(t, ctx, a.base, "staff", a.pw["staff"])
	id := openEditor(t, ctx, a, "培训费")

	// The unit is chosen from the keyboard, as a person does in a select: focus, arrow down.
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`[data-testid=amount-unit]`)), chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "万元 chosen", `document.querySelector('[data-testid=amount-unit]').value === '万元'`)
	for _, f := range []struct{ name, typed string }{
		{"funds.total.initial", "207.4538"}, {"funds.total.adjusted", "207.4538"}, {"funds.total.executed", "200.1234"},
		{"funds.fiscal.initial", "207.4538"}, {"funds.fiscal.adjusted", "207.4538"}, {"funds.fiscal.executed", "200.1234"},
		{"funds.carryover.initial", ""}, {"funds.carryover.adjusted", ""}, {"funds.carryover.executed", ""},
		{"funds.other.initial", ""}, {"funds.other.adjusted", ""}, {"funds.other.executed", ""},
	} {
		retype(t, ctx, f.name, f.typed)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	// 200.1234 ÷ 207.4538 = 96.4664…%, rounded up to 96.47% as Shanghai prints it.
	waitText(t, ctx, "execution-rate", "96.47%")
	shown := evalJS[string](t, ctx, `document.querySelector('[name="funds.total.adjusted"]').value`)
	if shown != "207.4538" {
		t.Errorf("207.4538 万元 is shown as %q after leaving the field, want 207.4538", shown)
	}
	retype(t, ctx, "funds.other.initial", "0.5")
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	if got := evalJS[string](t, ctx, `document.querySelector('[name="funds.other.initial"]').value`); got != "0.50" {
		t.Errorf("0.5 万元 is shown as %q, want 0.50", got)
	}
	retype(t, ctx, "funds.other.initial", "")
	for deadline := time.Now().Add(10 * time.Second); a.stored(t, id).Form.Funds.Other.Initial != ""; {
		if time.Now().After(deadline) {
			t.Fatalf("the cleared amount was never saved: stored %q", a.stored(t, id).Form.Funds.Other.Initial)
		}
		time.Sleep(50 * time.Millisecond)
	}
	poll(t, ctx, "the autosave", savedExpr)

	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#form-editor`))); err != nil {
		t.Fatal(err)
	}
	if got := evalJS[string](t, ctx, `document.querySelector('[data-testid=amount-unit]').value`); got != "万元" {
		t.Errorf("after a reload the unit is %q, want 万元", got)
	}
	waitText(t, ctx, "execution-rate", "96.47%")
	if n := evalJS[int](t, ctx, `document.querySelectorAll('#problems li[data-field^="funds."]').length`); n != 0 {
		html := evalJS[string](t, ctx, `Array.from(document.querySelectorAll('#problems li')).map(p => p.dataset.field + ': ' + p.textContent.trim()).join(' | ')`)
		t.Errorf("%d problems at the funds, want none: %s; stored %+v", n, html, a.stored(t, id).Form.Funds)
	}
	rec := a.stored(t, id)
	if rec.Form.AmountUnit != form.WanYuan || rec.Form.Funds.Total.Adjusted != "207.4538" {
		t.Errorf("stored unit %q, adjusted %q; want 万元, 207.4538", rec.Form.AmountUnit, rec.Form.Funds.Total.Adjusted)
	}

	openPage(t, ctx, a.base, "/forms/"+strconv.FormatInt(id, 10)+"/print")
	printed := evalJS[string](t, ctx, `document.querySelector('[data-testid=print-head]').textContent`)
	for _, want := range []string{"项目资金（万元）", "207.4538", "200.1234", "96.47%"} {
		if !strings.Contains(printed, want) {
			t.Errorf("the print's head lacks %q", want)
		}
	}
}

// TestBrowserScreensRules: the pages of this work read on a 1280 px screen and a 390 px
// phone without a horizontal scroll: the sorted list, the export page, a review with its
// review scores, the editor of a Sichuan form in 万元, the scoring rules and a rescoring.
// With SELFEVAL_SCREENSHOTS set, each is captured there.
func TestBrowserScreensRules(t *testing.T) {
	a := newEditorApp(t)
	id := a.formID(t, "培训费")
	e := &env{Store: a.st}
	asSichuan(t, e, id)
	dept, err := a.st.OrgByName(context.Background(), demo.Department)
	if err != nil {
		t.Fatal(err)
	}
	other := ""
	for _, p := range scoring.Profiles() {
		if p.Name != scoring.Default.Name {
			other = p.Name
			break
		}
	}
	if err := a.st.SetProfileChoice(context.Background(), dept.ID, 2022, other, 0); err != nil {
		t.Fatal(err)
	}
	// A submitted form waits on the supervisor's review page, with its review scores.
	submitted := a.formID(t, "社会建设宣传")
	rec := a.stored(t, submitted)
	if _, err := a.st.Transition(context.Background(), submitted, rec.Version, "draft", "submitted", "", 0); err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("SELFEVAL_SCREENSHOTS")
	pages := []struct{ user, path, file, want string }{
		{"staff", "/forms?year=2022&sort=total&dir=desc", "list", "培训费"},
		{"staff", "/exports?year=2022", "exports", "导出年度工作簿"},
		{"supervisor", "/forms/" + strconv.FormatInt(submitted, 10), "review", "审核得分"},
		{"supervisor", "/review", "review-list", "社会建设宣传"},
		{"staff", "/forms/" + strconv.FormatInt(id, 10), "sichuan-form", "财政专户管理资金"},
		{"admin", "/admin/profiles", "profiles", "各部门各年度采用的规则"},
		{"admin", "/admin/rescore?dept=" + strconv.FormatInt(dept.ID, 10) + "&year=2022", "rescore", "确认重新评分"},
	}
	ctxs := map[string]context.Context{}
	for _, p := range pages {
		ctx, ok := ctxs[p.user]
		if !ok {
			ctx = browser(t)
			signIn(t, ctx, a.base, p.user, a.pw[p.user])
			ctxs[p.user] = ctx
		}
		for _, w := range []int64{1280, 390} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, 800)); err != nil {
				t.Fatal(err)
			}
			openPage(t, ctx, a.base, p.path)
			if got := evalJS[string](t, ctx, `document.body.innerText`); !strings.Contains(got, p.want) {
				t.Errorf("%s at %d px does not show %q", p.path, w, p.want)
			}
			if sw := evalJS[int64](t, ctx, `document.documentElement.scrollWidth`); sw > w {
				t.Errorf("%s is %d px wide at %d px", p.path, sw, w)
			}
			if dir != "" {
				png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err == nil {
					err = os.WriteFile(filepath.Join(dir, p.file+"-"+strconv.FormatInt(w, 10)+".png"), png, 0o644)
				}
				if err != nil {
					t.Errorf("screenshot: %v", err)
				}
			}
		}
	}
}
