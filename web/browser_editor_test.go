package web

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"selfeval/internal/form"
	"selfeval/internal/store"
)

// The editor as a person uses it: real key events, real clicks, real reloads. No test here
// sets a field's value from JavaScript.

// editorApp is the demo served on a port of its own that a test can stop and start again,
// as a server that goes away and comes back.
type editorApp struct {
	base string
	pw   map[string]string
	st   *store.Store
	h    http.Handler
	addr string
	mu   sync.Mutex
	srv  *http.Server
}

func newEditorApp(t *testing.T) *editorApp {
	t.Helper()
	st, h, pw := demoApp(t)
	a := &editorApp{pw: pw, st: st, h: h}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	a.addr = ln.Addr().String()
	a.base = "http://" + a.addr
	a.serve(ln)
	t.Cleanup(a.stop)
	return a
}

func (a *editorApp) serve(ln net.Listener) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.srv = &http.Server{Handler: a.h}
	go func(s *http.Server) { _ = s.Serve(ln) }(a.srv)
}

// stop ends the server and every open connection.
func (a *editorApp) stop() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.srv != nil {
		_ = a.srv.Close()
		a.srv = nil
	}
}

// start serves again on the same address.
func (a *editorApp) start(t *testing.T) {
	t.Helper()
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ {
		if ln, err = net.Listen("tcp", a.addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("listen again on %s: %v", a.addr, err)
	}
	a.serve(ln)
}

func (a *editorApp) formID(t *testing.T, project string) int64 {
	t.Helper()
	return formIDByProject(t, a.st, project)
}

func (a *editorApp) stored(t *testing.T, id int64) store.FormRecord {
	t.Helper()
	rec, err := a.st.Form(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// openEditor signs in as staff and opens the form of project, marking the page so that a
// reload or a navigation shows.
func openEditor(t *testing.T, ctx context.Context, a *editorApp, project string) int64 {
	t.Helper()
	id := a.formID(t, project)
	openPage(t, ctx, a.base, "/forms/"+strconv.FormatInt(id, 10))
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`#form-editor`))); err != nil {
		t.Fatal(err)
	}
	evalJS[bool](t, ctx, `window.__samePage = true`)
	return id
}

// retype clicks into the field named name, selects what it holds (Ctrl+A) and types text
// over it, key by key.
func retype(t *testing.T, ctx context.Context, name, text string) {
	t.Helper()
	sel := chromedp.CSS(`[name="` + name + `"]`)
	err := chromedp.Do(ctx,
		chromedp.ScrollIntoView(sel),
		chromedp.Click(sel),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.KeyEvent(kb.Delete),
		chromedp.KeyEvent(text), // to the focused field, as a person types: a redraw keeps the focus
	)
	if err != nil {
		t.Fatalf("type %q into %s: %v", text, name, err)
	}
}

// poll waits until the JavaScript expression is true, across page loads.
func poll(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('[data-testid=save-status]')||{textContent:''}).textContent +
				' at ' + location.pathname + location.search + ', 提交 ' + ((document.querySelector('[data-testid=action-submit]')||{}).disabled ? 'disabled' : 'enabled') +
				', ' + (document.querySelector('[data-testid=submit-why]')||{textContent:''}).textContent.trim()`))
			t.Fatalf("%s: never happened (save status %q): %v", what, status, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

const savedExpr = `(() => { const s = document.querySelector('[data-testid=save-status]');
	return s.dataset.state === 'saved' && /已保存 \d\d:\d\d:\d\d/.test(s.textContent); })()`

// clickSubmit clicks 提交 and waits for the page of the submitted form.
func clickSubmit(t *testing.T, ctx context.Context) {
	t.Helper()
	// A recalculation may replace the button between finding and clicking it: click again.
	var err error
	for try := 0; try < 5; try++ {
		if err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid="action-submit"]`))); err == nil || !strings.Contains(err.Error(), "node") {
			break
		}
	}
	if err != nil {
		t.Fatalf("click 提交: %v", err)
	}
	poll(t, ctx, "the submitted form's page", `location.search.includes('done=submit') && document.readyState === 'complete' &&
		(document.querySelector('[data-testid=status]') || {textContent: ''}).textContent.trim() === '已提交'`)
}

// TestBrowserSubmitAfterTyping: type, then click 提交 — after the autosave said 已保存 (the
// submission sends the version the autosave moved the page to), or at once (what was typed
// is saved first): either way the submitted form holds what was typed.
func TestBrowserSubmitAfterTyping(t *testing.T) {
	for _, tt := range []struct {
		name   string
		actual string
		wait   bool
	}{{"after the autosave", "1900人", true}, {"at once", "1950人", false}} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := browser(t)
			a := newEditorApp(t)
			signIn(t, ctx, a.base, "staff", a.pw["staff"])
			id := openEditor(t, ctx, a, "培训费")
			retype(t, ctx, "indicators.1.actual", tt.actual)
			if tt.wait {
				poll(t, ctx, "the autosave", savedExpr)
			}
			clickSubmit(t, ctx)
			rec := a.stored(t, id)
			if rec.Status != "submitted" || rec.Form.Indicators[1].Actual != tt.actual {
				t.Errorf("stored %s with actual %q, want submitted with %s", rec.Status, rec.Form.Indicators[1].Actual, tt.actual)
			}
		})
	}
}

// TestBrowserReloadRightAfterTyping: type and reload at once: the typed value is stored and
// the reloaded page shows it.
func TestBrowserReloadRightAfterTyping(t *testing.T) {
	ctx := browser(t)
	a := newEditorApp(t)
	signIn(t, ctx, a.base, "staff", a.pw["staff"])
	id := openEditor(t, ctx, a, "培训费")
	retype(t, ctx, "indicators.2.actual", "97%")
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#form-editor`))); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for a.stored(t, id).Form.Indicators[2].Actual != "97%" {
		if time.Now().After(deadline) {
			t.Fatalf("after a reload right after typing the stored actual is %q, want 97%%", a.stored(t, id).Form.Indicators[2].Actual)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestBrowserSaveRetriesWhenServerReturns: the server goes away while a person types; the
// page says the save failed and retries; once the server is back the change is saved
// without the person doing anything.
func TestBrowserSaveRetriesWhenServerReturns(t *testing.T) {
	ctx := browser(t)
	answerDialogs(t, ctx, func(ev page.EventJavascriptDialogOpening) bool { return ev.Type != page.DialogTypeBeforeunload })
	a := newEditorApp(t)
	signIn(t, ctx, a.base, "staff", a.pw["staff"])
	id := openEditor(t, ctx, a, "培训费")
	a.stop()
	retype(t, ctx, "indicators.3.actual", "99%")
	poll(t, ctx, "the failure shown", `(() => { const s = document.querySelector('[data-testid=save-status]');
		return s.dataset.state === 'failed' && s.textContent.includes('保存失败，正在重试'); })()`)
	if got := a.stored(t, id).Form.Indicators[3].Actual; got == "99%" {
		t.Fatal("stored while the server was down")
	}
	// Leaving now would lose the change: the browser asks, and the person stays.
	go chromedp.Do(ctx, chromedp.Navigate(a.base+"/forms"))
	deadline := time.Now().Add(10 * time.Second)
	for !slices.Contains(asked(ctx), "beforeunload") {
		if time.Now().After(deadline) {
			t.Fatalf("leaving with a failed save asked %q, want the browser's leave-this-page dialog", asked(ctx))
		}
		time.Sleep(50 * time.Millisecond)
	}
	a.start(t)
	poll(t, ctx, "the retried save", savedExpr)
	if got := a.stored(t, id).Form.Indicators[3].Actual; got != "99%" {
		t.Errorf("after the server came back the stored actual is %q, want 99%%", got)
	}
	if !evalJS[bool](t, ctx, `window.__samePage === true`) {
		t.Error("the page was left")
	}
}

// TestBrowserEnterInProjectName: Enter in 项目名称 adds no row and leaves nothing: it moves
// to the next field.
func TestBrowserEnterInProjectName(t *testing.T) {
	ctx := browser(t)
	a := newEditorApp(t)
	signIn(t, ctx, a.base, "staff", a.pw["staff"])
	id := openEditor(t, ctx, a, "培训费")
	rows := len(a.stored(t, id).Form.Indicators)
	err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[name="project"]`)), chromedp.KeyEvent(kb.Enter))
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // a navigation, if any, would have started
	if !evalJS[bool](t, ctx, `window.__samePage === true`) {
		t.Fatal("Enter in 项目名称 left the page")
	}
	if got := evalJS[int](t, ctx, `document.querySelectorAll('[data-testid=indicator-row]').length`); got != rows {
		t.Errorf("%d rows on the page after Enter, want %d", got, rows)
	}
	if got := evalJS[string](t, ctx, `document.activeElement.name`); got == "project" || got == "" {
		t.Errorf("the focus stayed on %q, want the next field", got)
	}
	if got := len(a.stored(t, id).Form.Indicators); got != rows {
		t.Errorf("%d rows stored, want %d", got, rows)
	}

	// In the indicator table: Enter and ↓ move down a column, → at the end of a cell's text
	// moves to the next cell, and Tab skips the row's buttons.
	focused := func(want string, keys ...string) {
		t.Helper()
		for _, k := range keys {
			if err := chromedp.Do(ctx, chromedp.KeyEvent(k)); err != nil {
				t.Fatal(err)
			}
		}
		if got := evalJS[string](t, ctx, `document.activeElement.name || document.activeElement.tagName`); got != want {
			t.Errorf("after %q the focus is on %q, want %s", keys, got, want)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[name="indicators.0.name"]`))); err != nil {
		t.Fatal(err)
	}
	focused("indicators.1.name", kb.Enter)
	focused("indicators.2.name", kb.ArrowDown)
	focused("indicators.1.name", kb.ArrowUp)
	focused("indicators.1.target", kb.End, kb.ArrowRight)
	focused("indicators.1.name", kb.Home, kb.ArrowLeft)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[name="indicators.1.deviation"]`))); err != nil {
		t.Fatal(err)
	}
	focused("indicators.2.level1", kb.Tab)
}

// TestBrowserPasteBlock: a 3 × 5 block copied from a spreadsheet, pasted into the first
// indicator's 三级指标, fills the 15 cells to the right and below; the totals follow and the
// paste can be undone.
func TestBrowserPasteBlock(t *testing.T) {
	ctx := browser(t)
	a := newEditorApp(t)
	signIn(t, ctx, a.base, "staff", a.pw["staff"])
	id := openEditor(t, ctx, a, "培训费")
	before := text(t, ctx, "total-score")
	block := [][]string{
		{"培训人次", "≥1000人次", "1200人次", "20", "20"},
		{"培训合格率", "≥95%", "90%", "20", "15"},
		{"培训完成及时率", "100%", "100%", "10", "10"},
	}
	var tsv []string
	for _, r := range block {
		tsv = append(tsv, strings.Join(r, "\t"))
	}
	clip := strings.Join(tsv, "\r\n") + "\r\n"
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[name="indicators.0.name"]`))); err != nil {
		t.Fatal(err)
	}
	copyToClipboard(t, ctx, `navigator.clipboard.writeText(`+jsonString(clip)+`)`)
	pasteKeys(t, ctx)
	poll(t, ctx, "the paste bar", `!!document.querySelector('[data-testid=paste-bar]')`)
	cols := []string{"name", "target", "actual", "weight", "score"}
	for r, row := range block {
		for c, want := range row {
			name := "indicators." + strconv.Itoa(r) + "." + cols[c]
			if got := evalJS[string](t, ctx, `document.querySelector('[name="`+name+`"]').value`); got != want {
				t.Errorf("%s holds %q, want %q", name, got, want)
			}
		}
	}
	poll(t, ctx, "the total to follow", `document.querySelector('[data-testid=total-score]').textContent.trim() !== `+jsString(before)+` && !document.querySelector('.htmx-request, [aria-busy=true]')`)
	poll(t, ctx, "the autosave", savedExpr)
	rec := a.stored(t, id)
	if rec.Form.Indicators[1].Name != "培训合格率" || rec.Form.Indicators[2].Score != "10" {
		t.Errorf("stored rows %+v", rec.Form.Indicators[:3])
	}
	if !strings.Contains(text(t, ctx, "paste-bar"), "已粘贴 3 行") {
		t.Errorf("paste bar says %q", text(t, ctx, "paste-bar"))
	}
	// 撤销 puts back what the cells held.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid=paste-undo]`))); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the undone paste", `document.querySelector('[name="indicators.0.name"]').value === '社会治理培训完成次数' &&
		document.querySelector('[name="indicators.2.score"]').value === '5' && document.querySelector('[data-testid=total-score]').textContent.trim() === `+jsString(before))
	poll(t, ctx, "the autosave", savedExpr)
	if got := a.stored(t, id).Form.Indicators[1].Name; got != "街镇干部培训人数" {
		t.Errorf("after undo row 2 is stored as %q", got)
	}
}

// TestBrowserRegroupRow: changing a row's 二级指标 regroups the rows on the page: the
// subtotal labels and figures are those a fresh page load shows.
func TestBrowserRegroupRow(t *testing.T) {
	ctx := browser(t)
	a := newEditorApp(t)
	signIn(t, ctx, a.base, "staff", a.pw["staff"])
	openEditor(t, ctx, a, "培训费")
	const groups = `Array.from(document.querySelectorAll('tr.subtotal-l1, tr.subtotal-l2')).map(tr => tr.textContent.replace(/\s+/g, ' ').trim()).join(' | ')`
	old := evalJS[string](t, ctx, groups)
	retype(t, ctx, "indicators.0.level2", "质量指标")
	poll(t, ctx, "the regrouping", groups+` !== `+jsString(old)+` && !document.querySelector('.htmx-request, [aria-busy=true]')`)
	if got := evalJS[string](t, ctx, `document.activeElement.name`); got != "indicators.0.level2" {
		t.Errorf("after regrouping the focus is on %q, want the field being typed in", got)
	}
	live := evalJS[string](t, ctx, groups)
	poll(t, ctx, "the autosave", savedExpr)
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#form-editor`))); err != nil {
		t.Fatal(err)
	}
	if fresh := evalJS[string](t, ctx, groups); fresh != live {
		t.Errorf("subtotals after typing\n  %s\nafter a fresh load\n  %s", live, fresh)
	}
	if !strings.Contains(live, "质量指标") {
		t.Errorf("no 质量指标 group after the change: %s", live)
	}
}

// TestBrowserSubmitDisabledWhileErrors: a draft with an error shows 提交 disabled with the
// count of errors; fixing the last error as one types enables it.
func TestBrowserSubmitDisabledWhileErrors(t *testing.T) {
	ctx := browser(t)
	a := newEditorApp(t)
	signIn(t, ctx, a.base, "staff", a.pw["staff"])
	id := openEditor(t, ctx, a, "培训费")
	const dimmed = `document.querySelector('[data-testid=action-submit]').getAttribute('aria-disabled') === 'true'`
	if evalJS[bool](t, ctx, dimmed) {
		t.Fatal("提交 is disabled on a form without errors")
	}
	weight := evalJS[string](t, ctx, `document.querySelector('[name="indicators.0.weight"]').value`)
	retype(t, ctx, "indicators.0.score", "99")
	poll(t, ctx, "提交 disabled with the count", `(() => { const why = document.querySelector('[data-testid=submit-why]');
		return `+dimmed+` && !!why && /\d+ 个错误/.test(why.textContent); })()`)
	// A click on the dimmed 提交 submits nothing and leads to the first problem.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid=action-submit]`))); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the first problem in focus", `document.activeElement && document.activeElement.name === 'indicators.0.score'`)
	if got := a.stored(t, id).Status; got != "draft" {
		t.Errorf("a click on the dimmed 提交 made the form %s", got)
	}
	// The button is the one the page was rendered with: a recalculation never replaces it.
	evalJS[bool](t, ctx, `document.querySelector('[data-testid=action-submit]').__kept = true`)
	retype(t, ctx, "indicators.0.score", weight)
	poll(t, ctx, "提交 enabled again", `(() => { const b = document.querySelector('[data-testid=action-submit]');
		return !(`+dimmed+`) && !b.disabled && b.__kept === true && document.querySelector('[data-testid=submit-why]').textContent.trim() === ''; })()`)
}

// TestBrowserSecondTabChangeSurvives: two tabs of one person edit different rows; the first
// tab's save (on the older version) merges and keeps the second tab's change, and shows it.
func TestBrowserSecondTabChangeSurvives(t *testing.T) {
	ctx := browser(t)
	a := newEditorApp(t)
	signIn(t, ctx, a.base, "staff", a.pw["staff"])
	id := openEditor(t, ctx, a, "培训费")
	tab2, cancel := chromedp.NewContext(ctx)
	defer cancel()
	openEditor(t, tab2, a, "培训费")
	retype(t, tab2, "indicators.3.actual", "88%")
	poll(t, tab2, "the second tab's save", savedExpr)

	retype(t, ctx, "indicators.1.actual", "1700人")
	poll(t, ctx, "the first tab's save", savedExpr)
	rec := a.stored(t, id)
	if rec.Form.Indicators[3].Actual != "88%" || rec.Form.Indicators[1].Actual != "1700人" {
		t.Errorf("stored row 2 %q and row 4 %q, want 1700人 and the second tab's 88%%", rec.Form.Indicators[1].Actual, rec.Form.Indicators[3].Actual)
	}
	if got := evalJS[string](t, ctx, `document.querySelector('[name="indicators.3.actual"]').value`); got != "88%" {
		t.Errorf("the first tab shows %q for row 4, want the merged 88%%", got)
	}
	if !strings.Contains(text(t, ctx, "merge-notice"), "已合并") {
		t.Errorf("merge notice %q", text(t, ctx, "merge-notice"))
	}

	// Both change the same field: the conflict is shown beside it, with a choice.
	retype(t, tab2, "indicators.3.actual", "80%")
	poll(t, tab2, "the second tab's save", savedExpr)
	retype(t, ctx, "indicators.3.actual", "85%")
	poll(t, ctx, "the conflict beside the field", `!!document.querySelector('[data-conflict-for="indicators.3.actual"]')`)
	if got := a.stored(t, id).Form.Indicators[3].Actual; got != "80%" {
		t.Errorf("a conflict overwrote the other change: stored %q, want 80%%", got)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-conflict-for="indicators.3.actual"] [data-testid=keep-mine]`))); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the save of the choice", savedExpr)
	if got := a.stored(t, id).Form.Indicators[3].Actual; got != "85%" {
		t.Errorf("after keeping mine the stored value is %q, want 85%%", got)
	}
}

// jsonString is s as a JavaScript string literal.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestBrowserScreens: the list, the review page and the form read on a 390 px phone without
// horizontal scrolling, and weights, scores and amounts open the numeric keyboard. With
// SELFEVAL_SCREENSHOTS=DIR it writes the README's screenshots there (make screenshots).
func TestBrowserScreens(t *testing.T) {
	ctx := browser(t)
	a := newEditorApp(t)
	signIn(t, ctx, a.base, "staff", a.pw["staff"])
	dir := os.Getenv("SELFEVAL_SCREENSHOTS")
	shot := func(name string) {
		if dir == "" {
			return
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, name), png, 0o644)
		}
		if err != nil {
			t.Errorf("screenshot %s: %v", name, err)
		}
	}
	size := func(w, h int64) {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, h)); err != nil {
			t.Fatal(err)
		}
	}
	id := a.formID(t, "培训费")
	form := "/forms/" + strconv.FormatInt(id, 10)

	size(1280, 800)
	openPage(t, ctx, a.base, form)
	retype(t, ctx, "funds.total.executed", "100000")
	poll(t, ctx, "the total", `document.querySelector('[data-testid=total-score]').textContent.trim() === '95.13'`)
	poll(t, ctx, "the autosave", savedExpr)
	evalJS[bool](t, ctx, `window.scrollTo(0, 0); document.activeElement.blur(); true`)
	shot("form-1280.png")

	// The bar keeps the figures in view further down the page.
	evalJS[bool](t, ctx, `document.querySelector('[name="indicators.10.actual"]').scrollIntoView(); true`)
	if top := evalJS[float64](t, ctx, `document.querySelector('[data-testid=form-bar]').getBoundingClientRect().top`); top < -1 || top > 1 {
		t.Errorf("scrolled down, the bar is at %.0f px, want 0 (sticky)", top)
	}
	if got := evalJS[string](t, ctx, `document.querySelector('[data-testid=bar-total]').textContent.trim()`); got != "95.13" {
		t.Errorf("the bar shows total %q, want 95.13", got)
	}
	for _, name := range []string{"indicators.0.weight", "indicators.0.score", "budget_weight", "funds.total.initial"} {
		if got := evalJS[string](t, ctx, `document.querySelector('[name="`+name+`"]').inputMode`); got != "decimal" {
			t.Errorf("%s opens the %q keyboard, want decimal", name, got)
		}
	}
	// Long text wraps instead of being cut: the cell is as tall as its text.
	if !evalJS[bool](t, ctx, `(() => { const el = document.querySelector('[name="indicators.7.actual"]'); return el.scrollHeight <= el.clientHeight + 2; })()`) {
		t.Error("the long actual value of row 8 is cut off")
	}

	size(390, 844)
	for _, page := range []struct{ path, file string }{{"/forms?year=2022", "list-390.png"}, {form, "form-390.png"}} {
		openPage(t, ctx, a.base, page.path)
		if w := evalJS[int](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("%s is %d px wide on a 390 px phone", page.path, w)
		}
		shot(page.file)
	}

	// Submitted from the phone, the form waits on the supervisor's phone, as a card.
	clickSubmit(t, ctx)
	sup := signedInPerson(t, ctx, a.base, "supervisor", a.pw["supervisor"])
	if err := chromedp.Do(sup, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/review", form} {
		openPage(t, sup, a.base, path)
		if w := evalJS[int](t, sup, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("%s is %d px wide on the supervisor's 390 px phone", path, w)
		}
	}
	openPage(t, sup, a.base, "/review")
	if n := evalJS[int](t, sup, `document.querySelectorAll('[data-testid=review-row]').length`); n != 1 {
		t.Errorf("/review lists %d forms, want the one submitted", n)
	}
}

// TestBrowserRowOpsKeepPage: inserting, moving and deleting rows happen on the page, without
// a page load, with the focus where the person works; deleting a filled row asks first.
func TestBrowserRowOpsKeepPage(t *testing.T) {
	ctx := browser(t)
	acceptDialogs(t, ctx)
	a := newEditorApp(t)
	signIn(t, ctx, a.base, "staff", a.pw["staff"])
	id := openEditor(t, ctx, a, "培训费")
	const rowsExpr = `document.querySelectorAll('[data-testid=indicator-row]').length`
	n := evalJS[int](t, ctx, rowsExpr)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[name=op][value="add:1"]`))); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the new row", rowsExpr+` === `+strconv.Itoa(n+1)+` && document.activeElement.name === 'indicators.2.name'`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`[name="indicators.2.name"]`), "新增指标")); err != nil {
		t.Fatal(err)
	}
	// Alt+↑ moves the row up, from the keyboard.
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowUp, chromedp.KeyModifiers(chromedp.ModifierAlt))); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the moved row", `document.querySelector('[name="indicators.1.name"]').value === '新增指标' && !document.querySelector('.htmx-request, [aria-busy=true]')`)
	// Delete it: the row has content, so the page asks first.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[name=op][value="del:1"]`))); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the deleted row", rowsExpr+` === `+strconv.Itoa(n)+` && !document.querySelector('.htmx-request, [aria-busy=true]')`)
	if got := asked(ctx); len(got) != 1 || !strings.Contains(got[0], "删除第 2 行") {
		t.Errorf("deleting a filled row asked %q, want one confirmation", got)
	}
	poll(t, ctx, "the autosave", savedExpr)
	if !evalJS[bool](t, ctx, `window.__samePage === true`) {
		t.Error("a row operation loaded the page")
	}
	rec := a.stored(t, id)
	if len(rec.Form.Indicators) != n || rec.Form.Indicators[1].Name == "新增指标" {
		t.Errorf("stored %d rows, row 2 %q; want %d rows without the deleted one", len(rec.Form.Indicators), rec.Form.Indicators[1].Name, n)
	}
}

// copyToClipboard runs the JavaScript promise write with a user gesture, as copying in
// Excel or WPS puts a block on the clipboard.
func copyToClipboard(t *testing.T, ctx context.Context, write string) {
	t.Helper()
	yes := true
	gesture := func(p *runtime.EvaluateParams) { p.UserGesture = &yes }
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](write+`.then(() => true)`, chromedp.EvalAwaitPromise, gesture)); err != nil {
		t.Fatalf("write the clipboard: %v", err)
	}
}

// pasteKeys presses Ctrl+V, with the browser's paste command, as the keyboard does.
func pasteKeys(t *testing.T, ctx context.Context) {
	t.Helper()
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		key := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: "v", Code: "KeyV", Modifiers: int64(chromedp.ModifierCtrl),
			WindowsVirtualKeyCode: 86, Commands: []string{"paste"}}
		if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, key); err != nil {
			return err
		}
		key.Type, key.Commands = input.DispatchKeyEventTypeKeyUp, nil
		_, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, key)
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
}

// TestBrowserPasteHTMLTable: WPS and Excel also put the block on the clipboard as an HTML
// table (read before the plain text, which here differs); pasted into 年度指标值 of the last
// row it fills the cells and adds the rows it needs.
func TestBrowserPasteHTMLTable(t *testing.T) {
	ctx := browser(t)
	a := newEditorApp(t)
	signIn(t, ctx, a.base, "staff", a.pw["staff"])
	id := openEditor(t, ctx, a, "培训费")
	n := evalJS[int](t, ctx, `document.querySelectorAll('[data-testid=indicator-row]').length`)
	last := "indicators." + strconv.Itoa(n-1)
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.CSS(`[name="`+last+`.target"]`)), chromedp.Click(chromedp.CSS(`[name="`+last+`.target"]`))); err != nil {
		t.Fatal(err)
	}
	html := `<table><tr><td>≥95%</td><td>96%</td></tr><tr><td>≥90%</td><td>93%</td></tr></table>`
	copyToClipboard(t, ctx, `navigator.clipboard.write([new ClipboardItem({"text/html": new Blob([`+jsonString(html)+`], {type: "text/html"}), "text/plain": new Blob(["plain\ttext"], {type: "text/plain"})})])`)
	pasteKeys(t, ctx)
	next := "indicators." + strconv.Itoa(n)
	poll(t, ctx, "the added row", `(() => { const el = document.querySelector('[name="`+next+`.actual"]'); return !!el && el.value === '93%'; })()`)
	if got := evalJS[string](t, ctx, `document.querySelector('[name="`+last+`.actual"]').value`); got != "96%" {
		t.Errorf("%s.actual holds %q, want 96%%", last, got)
	}
	poll(t, ctx, "the autosave", savedExpr)
	rec := a.stored(t, id)
	if len(rec.Form.Indicators) != n+1 || rec.Form.Indicators[n].Target != "≥90%" {
		t.Errorf("stored %d rows, the new one %+v", len(rec.Form.Indicators), rec.Form.Indicators[len(rec.Form.Indicators)-1])
	}
}

// TestBrowserPasteProse: text of several lines without tabs (paragraphs from Word) pastes
// into the one cell, as usual, not over the rows below.
func TestBrowserPasteProse(t *testing.T) {
	ctx := browser(t)
	a := newEditorApp(t)
	signIn(t, ctx, a.base, "staff", a.pw["staff"])
	openEditor(t, ctx, a, "培训费")
	n := evalJS[int](t, ctx, `document.querySelectorAll('[data-testid=indicator-row]').length`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[name="indicators.0.deviation"]`))); err != nil {
		t.Fatal(err)
	}
	copyToClipboard(t, ctx, `navigator.clipboard.writeText("疫情影响进度。\n下一年度提前安排。")`)
	pasteKeys(t, ctx)
	poll(t, ctx, "the pasted paragraphs", `document.querySelector('[name="indicators.0.deviation"]').value === "疫情影响进度。\n下一年度提前安排。"`)
	if got := evalJS[string](t, ctx, `document.querySelector('[name="indicators.1.deviation"]').value`); got != "" {
		t.Errorf("the next row's deviation holds %q, want it untouched", got)
	}
	if got := evalJS[int](t, ctx, `document.querySelectorAll('[data-testid=indicator-row]').length`); got != n {
		t.Errorf("%d rows after pasting prose, want %d", got, n)
	}
}

// TestBrowserAmountShownAsServerShowsIt: an amount a person types is shown, once they leave
// the field, as the server shows it (form.ShowAmount): the page's script and the server
// format with the same rules, or the script leaves the text as typed.
func TestBrowserAmountShownAsServerShowsIt(t *testing.T) {
	ctx := browser(t)
	a := newEditorApp(t)
	signIn(t, ctx, a.base, "staff", a.pw["staff"])
	openEditor(t, ctx, a, "培训费")
	plain := map[string]bool{"1234567.5": true, "70,000": true, "0012": true, "100": true, "195000元": true, "12 345.6": true}
	for _, typed := range []string{"1234567.5", "70,000", "0012", "100", "195000元", "12 345.6", "1234.567", "七万", "-5"} {
		retype(t, ctx, "funds.other.initial", typed)
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		shown := evalJS[string](t, ctx, `document.querySelector('[name="funds.other.initial"]').value`)
		want := form.ShowAmount(typed)
		switch {
		case plain[typed] && shown != want:
			t.Errorf("%q is shown as %q, the server shows %q", typed, shown, want)
		case shown != want && shown != typed:
			t.Errorf("%q is shown as %q: neither as typed nor as the server shows it (%q)", typed, shown, want)
		}
	}
}
