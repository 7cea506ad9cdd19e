package web

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserOverview: a supervisor follows 概览 in the navigation and reads the year: the
// charts are drawn (bars with a width), the units table shows its progress bars, and the page
// reads on a 390 px phone without a horizontal scroll; a link under a flag opens that form.
func TestBrowserOverview(t *testing.T) {
	ctx := browser(t)
	a := newEditorApp(t)
	signIn(t, ctx, a.base, "supervisor", a.pw["supervisor"])
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid=nav-overview]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid=overview]`))); err != nil {
		t.Fatal(err)
	}
	bars := evalJS[int](t, ctx, `Array.from(document.querySelectorAll('.chart rect.bar')).filter(r => r.getBBox().width > 0).length`)
	if bars < 4 {
		t.Errorf("%d bars drawn, want one at least in each chart", bars)
	}
	if n := evalJS[int](t, ctx, `document.querySelectorAll('[data-testid=overview-unit] svg.progress rect').length`); n < 2 {
		t.Errorf("the units' progress bars have %d parts", n)
	}
	dir := os.Getenv("SELFEVAL_SCREENSHOTS")
	for _, w := range []int64{1280, 390} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, 800)); err != nil {
			t.Fatal(err)
		}
		if sw := evalJS[int64](t, ctx, `document.documentElement.scrollWidth`); sw > w {
			t.Errorf("the overview is %d px wide at %d px", sw, w)
		}
		if dir != "" {
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err == nil {
				err = os.WriteFile(filepath.Join(dir, "overview-"+strconv.FormatInt(w, 10)+".png"), png, 0o644)
			}
			if err != nil {
				t.Errorf("screenshot: %v", err)
			}
		}
	}
	link := `[data-testid=flag-group] + ul a`
	if evalJS[int](t, ctx, `document.querySelectorAll('`+link+`').length`) == 0 {
		t.Fatal("no form is listed under a flag")
	}
	project := evalJS[string](t, ctx, `document.querySelector('`+link+`').textContent`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(link))); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the flagged form's page", `location.pathname.startsWith('/forms/')`)
	if got := evalJS[string](t, ctx, `document.title`); !strings.Contains(got, strings.TrimSpace(project)) {
		t.Errorf("the page opened is %q, want the form %q", got, project)
	}
}
