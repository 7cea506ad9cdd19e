package web

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeScript is axe-core (MPL-2.0, https://github.com/dequelabs/axe-core), the npm package's
// axe.min.js, vendored so that the test needs no network.
const axeScript = "testdata/axe-core-4.14.1.min.js"

// axeViolation is one failed axe rule with its first few elements.
type axeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	Count   int       `json:"count"`
	Samples []axeNode `json:"samples"`
}

type axeNode struct {
	Target  string `json:"target"`
	HTML    string `json:"html"`
	Summary string `json:"summary"`
}

// runAxe injects axe-core into the page ctx shows and returns its violations.
func runAxe(t *testing.T, ctx context.Context) []axeViolation {
	t.Helper()
	src, err := os.ReadFile(axeScript)
	if err != nil {
		t.Fatalf("read axe-core: %v", err)
	}
	// Let htmx settle first, so axe sees the page a person sees.
	settled := `document.readyState === 'complete' && !document.querySelector('.htmx-request, [aria-busy=true]')`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](settled, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the page never settled: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(src)+"\n;typeof axe === 'object'")); err != nil {
		t.Fatalf("inject axe-core: %v", err)
	}
	const run = `axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help, count: v.nodes.length,
		samples: v.nodes.slice(0, 4).map(n => ({target: JSON.stringify(n.target), html: n.html.slice(0, 200), summary: (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 240)})),
	})))`
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe.run: %v", err)
	}
	return vs
}

// checkAxe runs axe-core on the page and fails with each critical or serious violation; the
// others are logged.
func checkAxe(t *testing.T, ctx context.Context) {
	t.Helper()
	if lang := evalJS[string](t, ctx, `document.documentElement.lang`); !strings.HasPrefix(lang, "zh") {
		t.Errorf("the page is in %q, want Chinese", lang)
	}
	vs := runAxe(t, ctx)
	sort.Slice(vs, func(i, j int) bool { return vs[i].ID < vs[j].ID })
	counts := map[string]int{}
	var bad []string
	for _, v := range vs {
		counts[v.Impact] += v.Count
		line := fmt.Sprintf("%s (%s, %d elements): %s", v.ID, v.Impact, v.Count, v.Help)
		for _, n := range v.Samples {
			line += fmt.Sprintf("\n\t\t%s %s\n\t\t\t%s", n.Target, n.HTML, n.Summary)
		}
		if v.Impact == "critical" || v.Impact == "serious" {
			bad = append(bad, line)
		} else {
			t.Logf("%s", line)
		}
	}
	t.Logf("%s: %d rules violated; elements: critical %d, serious %d, moderate %d, minor %d",
		evalJS[string](t, ctx, `location.pathname`), len(vs), counts["critical"], counts["serious"], counts["moderate"], counts["minor"])
	if len(bad) > 0 {
		t.Errorf("%d critical or serious axe-core violations:\n\t%s", len(bad), strings.Join(bad, "\n\t"))
	}
}

// TestBrowserAccessibility runs axe-core on every page of the demo in Chinese: the list, a
// draft form, its history, the import and the print page as staff; the review list and a
// submitted form as supervisor; the administration as admin. It fails on every critical or
// serious violation.
func TestBrowserAccessibility(t *testing.T) {
	ctx := browser(t)
	base, pw, _ := browserApp(t)
	staff := signedInPerson(t, ctx, base, "staff", pw["staff"])

	openPage(t, staff, base, "/forms")
	formURL := evalJS[string](t, staff, `(Array.from(document.querySelectorAll('[data-testid=form-row] a')).find(a => a.textContent.trim() === '培训费') || {pathname: ''}).pathname`)
	if !strings.HasPrefix(formURL, "/forms/") {
		t.Fatalf("the list has no 培训费 (link %q)", formURL)
	}
	page := func(name string, ctx context.Context, path string) {
		t.Run(name, func(t *testing.T) {
			openPage(t, ctx, base, path)
			checkAxe(t, ctx)
		})
	}
	page("list", staff, "/forms")
	t.Run("skip-link", func(t *testing.T) {
		openPage(t, staff, base, "/forms")
		if err := chromedp.Do(staff, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		focused := evalJS[[]string](t, staff, `(() => { const a = document.activeElement, r = a.getBoundingClientRect();
			return [a.dataset.testid || a.tagName, a.textContent.trim(), a.getAttribute('href') || '', r.top >= 0 && r.height > 0 ? 'visible' : 'hidden']; })()`)
		if want := []string{"skip-link", "跳到主要内容", "#main", "visible"}; strings.Join(focused, "|") != strings.Join(want, "|") {
			t.Fatalf("the first Tab focuses %q, want %q", focused, want)
		}
		if err := chromedp.Do(staff, chromedp.KeyEvent("\r")); err != nil {
			t.Fatal(err)
		}
		if got := evalJS[string](t, staff, `document.activeElement.tagName + ' ' + document.querySelectorAll('main').length`); got != "MAIN 1" {
			t.Errorf("after following the skip link the focus is on %q, want the one MAIN", got)
		}
	})
	page("form", staff, formURL)
	page("history", staff, formURL+"/history")
	page("import", staff, "/import")
	page("print", staff, formURL+"/print")

	// Staff submit 培训费, so that the supervisor has a form to review.
	openPage(t, staff, base, formURL)
	clickTo(t, staff, `[data-testid="action-submit"]`, formURL+"?done=submit")
	sup := signedInPerson(t, ctx, base, "supervisor", pw["supervisor"])
	t.Run("review", func(t *testing.T) {
		openPage(t, sup, base, "/review")
		if n := evalJS[int](t, sup, `document.querySelectorAll('[data-testid="review-row"]').length`); n == 0 {
			t.Fatalf("/review lists no form after staff submitted 培训费")
		}
		checkAxe(t, sup)
	})
	t.Run("review-form", func(t *testing.T) {
		openPage(t, sup, base, formURL)
		if !hasTestID(t, sup, "action-approve") {
			t.Fatalf("the supervisor is not offered to approve %s", formURL)
		}
		checkAxe(t, sup)
	})

	admin := signedInPerson(t, ctx, base, "admin", pw["admin"])
	page("admin", admin, "/admin")
}
