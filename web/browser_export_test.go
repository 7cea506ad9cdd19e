package web

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"selfeval/internal/app"
	"selfeval/internal/demo"
	"selfeval/internal/scoring"
	"selfeval/internal/store"
)

// TestBrowserExportProgress: the administrator exports a year of 1,210 forms from the export
// page; the job's progress bar moves as htmx polls its state, without a page load, and the
// download link appears when the file is written; the file downloads as a zip.
func TestBrowserExportProgress(t *testing.T) {
	base, pw, st := browserApp(t)
	bctx := context.Background()
	unit, err := st.OrgByName(bctx, demo.Unit)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := st.FormsOf(bctx, store.ListFilter{Year: 2022})
	if err != nil || len(recs) == 0 {
		t.Fatalf("%d forms (%v)", len(recs), err)
	}
	var batch []store.NewForm
	for i := 0; len(batch) < 1200; i++ {
		f := recs[i%len(recs)].Form
		f.Project += " " + strconv.Itoa(i)
		batch = append(batch, store.NewForm{Form: f, UnitID: unit.ID, Profile: scoring.Default.Name, Summary: app.Summarize(&f, &scoring.Default)})
	}
	if _, err := st.CreateForms(bctx, batch, 0); err != nil {
		t.Fatal(err)
	}

	ctx := browser(t)
	signIn(t, ctx, base, "admin", pw["admin"])
	openPage(t, ctx, base, "/exports?year=2022")
	if got := text(t, ctx, "export-count"); !strings.Contains(got, "1210 张") || !strings.Contains(got, "zip") {
		t.Errorf("count %q", got)
	}
	if v := evalJS[string](t, ctx, `document.querySelector('[data-testid=export-sheets]').value`); v != "300" {
		t.Errorf("the bound shown is %q", v)
	}
	if hasTestID(t, ctx, "export-now") {
		t.Error("a year of 1,210 forms is offered for download at once")
	}
	evalJS[bool](t, ctx, `(document.querySelector('[data-testid=export-submit]').click(), true)`)
	poll(t, ctx, "the job's page", `location.pathname.startsWith('/exports/') && !!document.querySelector('[data-testid=export-progress]')`)
	evalJS[bool](t, ctx, `(window.__exportPage = true, true)`) // gone if the page loads again

	// The bar's value grows while the page stays: at least two values seen before the end.
	seen := map[string]bool{}
	deadline := time.Now().Add(60 * time.Second)
	for !hasTestID(t, ctx, "export-download") {
		if time.Now().After(deadline) {
			t.Fatalf("no download link after 60 s; seen %v", seen)
		}
		v := evalJS[string](t, ctx, `(document.querySelector('[data-testid=export-progress]')||{}).value + ''`)
		if v != "undefined" && v != "0" {
			seen[v] = true
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(seen) < 2 {
		t.Errorf("the progress bar showed %v before the link", seen)
	}
	if !evalJS[bool](t, ctx, `window.__exportPage === true`) {
		t.Error("the page loaded again: the progress came without htmx")
	}
	href := evalJS[string](t, ctx, `document.querySelector('[data-testid=export-download]').getAttribute('href')`)
	got := evalJS[string](t, ctx, `fetch(`+jsString(href)+`).then(r => r.headers.get('Content-Type') + ' ' + r.status)`)
	if got != app.ContentTypeZip+" 200" {
		t.Errorf("download: %q", got)
	}
}
