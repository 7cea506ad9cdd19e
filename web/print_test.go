package web

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"selfeval/internal/store"
)

// pageTexts splits a PDF into the text of each page, in drawing order (pdftotext -raw, from
// poppler-utils), with all white space removed so that text wrapped inside a cell still reads
// as one string.
func pageTexts(t *testing.T, pdf []byte, pages int) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		const hint = "pdftotext not found: install it with `apt-get install -y poppler-utils`"
		if os.Getenv("SELFEVAL_REQUIRE_BROWSER") != "" {
			t.Fatal(hint)
		}
		t.Skip(hint)
	}
	path := filepath.Join(t.TempDir(), "form.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	texts := make([]string, pages)
	for i := range texts {
		n := strconv.Itoa(i + 1)
		out, err := exec.Command("pdftotext", "-raw", "-f", n, "-l", n, path, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext page %s: %v", n, err)
		}
		texts[i] = strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, string(out))
	}
	return texts
}

var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

var mediaBoxRE = regexp.MustCompile(`/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]`)

// mediaBox returns the size of the first page in points.
func mediaBox(t *testing.T, pdf []byte) (w, h float64) {
	t.Helper()
	m := mediaBoxRE.FindSubmatch(pdf)
	if m == nil {
		t.Fatal("no /MediaBox in the PDF")
	}
	w, _ = strconv.ParseFloat(string(m[1]), 64)
	h, _ = strconv.ParseFloat(string(m[2]), 64)
	return w, h
}

func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

// TestPrintLargestForm prints the largest seed form (社会建设宣传, 18 rows) to PDF in headless
// Chromium: A4 landscape, the expected number of pages, the indicator header repeated on
// every page, and no indicator row split across pages (every row's name and deviation text
// stand whole on the same page).
func TestPrintLargestForm(t *testing.T) {
	ctx := browser(t)
	base, pw, st := browserApp(t)
	signIn(t, ctx, base, "staff", pw["staff"])
	id := formIDByProject(t, st, "社会建设宣传")
	texts := printPDF(t, ctx, base, st, id, 3)
	if !strings.Contains(texts[len(texts)-1], "总分") || !strings.Contains(texts[len(texts)-1], "99.96") {
		t.Errorf("the last page lacks the total 99.96")
	}

	// The same check on a form whose every row has a long deviation text, so that rows meet
	// page ends: each must move to the next page whole, not be cut.
	rec, err := st.Form(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for i := range rec.Form.Indicators {
		rec.Form.Indicators[i].Deviation = strings.Repeat("因疫情影响及区委区政府相关工作要求调减预算，同步调整原定工作计划。", 3+i%4) + strconv.Itoa(i)
	}
	if _, _, err := st.SaveForm(context.Background(), id, rec.Version, rec.Form, store.Summary{}, 0); err != nil {
		t.Fatal(err)
	}
	printPDF(t, ctx, base, st, id, 6)
}

// printPDF prints form id to PDF and checks what a printed form must be: A4 landscape, the
// expected number of pages, the indicator header on every page that has indicator rows, and
// every row whole on one page. It returns the text of each page.
func printPDF(t *testing.T, ctx context.Context, base string, st *store.Store, id int64, wantPages int) []string {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/forms/"+strconv.FormatInt(id, 10)+"/print"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=signatures]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	landscape, cssSize := true, true
	data, err := chromedp.Run(ctx, chromedp.PrintToPDF(func(p *page.PrintToPDFParams) {
		p.Landscape, p.PreferCSSPageSize = &landscape, &cssSize
	}))
	if err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("SELFEVAL_PDF"); out != "" {
		_ = os.WriteFile(out, data, 0o644)
	}
	pages := len(pdfPage.FindAll(data, -1))
	if pages != wantPages {
		t.Errorf("the PDF has %d pages, want %d", pages, wantPages)
	}
	if w, h := mediaBox(t, data); w < 841 || w > 843 || h < 594 || h > 596 {
		t.Errorf("pages are %.1f × %.1f pt, want A4 landscape (842 × 595)", w, h)
	}
	texts := pageTexts(t, data, pages)
	rec, err := st.Form(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for i, in := range rec.Form.Indicators {
		name, dev := squeeze(in.Name), squeeze(in.Deviation)
		whole := false
		for _, txt := range texts {
			if strings.Contains(txt, name) && strings.Contains(txt, dev) {
				whole = true
			}
		}
		if !whole {
			t.Errorf("row %d (%s) does not stand whole on one page", i, in.Name)
		}
	}
	for p, txt := range texts {
		if p > 0 && !strings.Contains(txt, "三级指标") {
			t.Errorf("page %d lacks the repeated indicator header", p+1)
		}
	}
	return texts
}

func formIDByProject(t *testing.T, st *store.Store, project string) int64 {
	t.Helper()
	list, err := st.ListForms(context.Background(), store.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range list {
		if f.Project == project {
			return f.ID
		}
	}
	t.Fatalf("no form %q", project)
	return 0
}
