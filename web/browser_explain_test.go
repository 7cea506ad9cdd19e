package web

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserWhyThisFigure: a person points at the ? beside the execution rate and reads the
// rule with its amounts and its source; types a smaller actual in a row and taps the ? beside
// that row's suggested score: the explanation is of what they typed (the proportional rule,
// 150 of 300, 5.00), before any save; Escape hides it.
func TestBrowserWhyThisFigure(t *testing.T) {
	ctx := browser(t)
	a := newEditorApp(t)
	signIn(t, ctx, a.base, "staff", a.pw["staff"])
	openEditor(t, ctx, a, "培训费")

	rate := `[data-explain="execution_rate"]`
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.CSS(rate))); err != nil {
		t.Fatal(err)
	}
	// The pointer moves over the ? (a real mouse event, as a person hovers).
	x := evalJS[float64](t, ctx, `(() => { const r = document.querySelector('`+rate+`').getBoundingClientRect(); return r.left + r.width / 2; })()`)
	y := evalJS[float64](t, ctx, `(() => { const r = document.querySelector('`+rate+`').getBoundingClientRect(); return r.top + r.height / 2; })()`)
	if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y)); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the rate's explanation", `!document.getElementById('explain-pop').hidden &&
		document.querySelector('#explain-pop [data-figure="execution_rate"]') !== null`)
	text := evalJS[string](t, ctx, `document.getElementById('explain-pop').textContent`)
	if !strings.Contains(text, "依据") || !strings.Contains(text, "%") {
		t.Errorf("the rate's explanation %q names no source or no percent", text)
	}

	retype(t, ctx, "indicators.1.actual", "150人")
	poll(t, ctx, "the new suggestion", `document.querySelector('[data-testid=suggested-score-1]').textContent.trim() === '5.00'`)
	row := `[data-explain="indicators.1.suggested"]`
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.CSS(row)), chromedp.Click(chromedp.CSS(row))); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the row's explanation", `document.querySelector('#explain-pop [data-figure="indicators.1.suggested"]') !== null`)
	text = evalJS[string](t, ctx, `document.getElementById('explain-pop').textContent`)
	t.Logf("the row's explanation: %s", text)
	if dir := os.Getenv("SELFEVAL_SCREENSHOTS"); dir != "" {
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, "explain-1280.png"), png, 0o644)
		}
		if err != nil {
			t.Errorf("screenshot: %v", err)
		}
	}
	for _, want := range []string{"150", "300", "5.00"} {
		if !strings.Contains(text, want) {
			t.Errorf("the row's explanation %q lacks %q", text, want)
		}
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "hidden on Escape", `document.getElementById('explain-pop').hidden`)
}
