package web

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"selfeval/internal/demo"
)

// TestBrowserImportChoicesAndDelete: in a real browser the choices for duplicates, which sit
// in the preview table outside the create form (form="import-create"), are posted with it;
// then the draft kept beside its twin is deleted from the list, the confirmation answered yes.
// SELFEVAL_SCREENSHOTS=dir keeps screenshots of the preview and the list.
func TestBrowserImportChoicesAndDelete(t *testing.T) {
	ctx := browser(t)
	base, pw, _ := browserApp(t)
	staff := signedInPerson(t, ctx, base, "staff", pw["staff"])
	openPage(t, staff, base, "/import")
	seed, _ := json.Marshal(demo.Seed2022)
	evalJS[bool](t, staff, `(() => { document.querySelector('[data-testid="paste"]').value = `+string(seed)+`; return true; })()`)
	clickTo(t, staff, `[data-testid="preview"]`, "/import/preview")
	if n := evalJS[int](t, staff, `document.querySelectorAll('[data-testid="duplicate"]').length`); n != 10 {
		t.Fatalf("%d duplicates marked, want 10", n)
	}
	screenshot(t, staff, "import-duplicates.png")
	if err := chromedp.Do(staff, chromedp.Click(chromedp.CSS(`input[name="dup.4"][value="keep"]`))); err != nil {
		t.Fatal(err)
	}
	clickTo(t, staff, `[data-testid="create-drafts"]`, "/forms?year=2022&created=1&replaced=0&skipped=9")
	if got := evalJS[string](t, staff, `document.querySelector('.notice').textContent`); !strings.Contains(got, "已创建 1 张草稿，替换 0 张，跳过 9 张") {
		t.Errorf("notice %q", got)
	}
	rows := `document.querySelectorAll('[data-testid="form-row"]').length`
	if n := evalJS[int](t, staff, rows); n != 11 {
		t.Fatalf("%d rows after keeping one, want 11", n)
	}
	screenshot(t, staff, "list-delete.png")

	// Delete the new copy (the last row), answering the confirmation if app.js asks one.
	evalJS[bool](t, staff, `(() => { window.confirm = () => true; return true; })()`)
	clickTo(t, staff, `tr[data-testid="form-row"]:last-child [data-testid="delete"]`, "/forms?year=2022&removed=")
	if n := evalJS[int](t, staff, rows); n != 10 {
		t.Errorf("%d rows after the delete, want 10", n)
	}
	if got := evalJS[string](t, staff, `document.querySelector('.notice').textContent`); !strings.Contains(got, "已删除草稿“培训费”") {
		t.Errorf("notice %q", got)
	}
}

// screenshot saves the page to $SELFEVAL_SCREENSHOTS/name when that is set.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("SELFEVAL_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Logf("screenshot %s: %v", name, err)
	}
}
