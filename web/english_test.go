package web

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"selfeval/internal/form"
	"selfeval/internal/i18n"
	"selfeval/internal/scoring"
)

// englishClient signs user in and switches the interface to English, as the switch at the
// top right does.
func englishClient(t *testing.T, e *env, user string) *client {
	t.Helper()
	c := e.client(t).loginAs(user)
	c.page("/forms?year=2022")
	wantRedirect(t, c, c.postForm("/lang", url.Values{"lang": {"en"}, "next": {"/forms?year=2022"}}), "/forms?year=2022")
	return c
}

// TestEnglishVocabulary: in English the grade of 培训费 is "Excellent" on the form page, in
// its bar and in a recalculation, the subtotal rows name their group with its English gloss,
// and the grade columns of the list and of the review list are English. What is stored stays
// Chinese.
func TestEnglishVocabulary(t *testing.T) {
	e := newEnv(t)
	c := englishClient(t, e, "staff")
	id := c.formIDOf(training, 2022)
	doc := c.page(formPath(id, ""))
	for _, tid := range []string{"grade", "bar-grade"} {
		if got := testid(doc, tid); got != "Excellent" {
			t.Errorf("%s = %q, want Excellent", tid, got)
		}
	}
	var l1, l2 []string
	doc.Find("tr.subtotal-l1 th.group").Each(func(_ int, s *goquery.Selection) { l1 = append(l1, strings.TrimSpace(s.Text())) })
	doc.Find("tr.subtotal-l2 th.group").Each(func(_ int, s *goquery.Selection) { l2 = append(l2, strings.TrimSpace(s.Text())) })
	for _, want := range []string{"Output (产出指标)", "Benefits (效益指标)", "Satisfaction (满意度指标)"} {
		if !contains(l1, want) {
			t.Errorf("level-1 subtotals %q: no %q", l1, want)
		}
	}
	for _, want := range []string{"Quantity (数量指标)", "Beneficiary satisfaction (服务对象满意度指标)"} {
		if !contains(l2, want) {
			t.Errorf("level-2 subtotals %q: no %q", l2, want)
		}
	}

	// A recalculation answers in the page's language.
	vals := editorValues(doc)
	vals.Set("funds.total.executed", "100000")
	resp := c.htmx(formPath(id, "/recalc"), vals)
	wantStatus(t, c, resp, 200)
	if got, isOOB := oob(c.doc(resp), "grade"); got != "Excellent" || !isOOB {
		t.Errorf("recalc grade = %q (oob %v), want Excellent", got, isOOB)
	}

	// The list's grade column.
	if got := listGrade(c.page("/forms?year=2022"), `[data-testid="form-row"]`, training); got != "Excellent" {
		t.Errorf("list grade of %s = %q, want Excellent", training, got)
	}

	// The review list's grade column.
	e.submitAs(t, id, "staff")
	sup := englishClient(t, e, "supervisor")
	if got := listGrade(sup.page("/review"), `[data-testid="review-row"]`, training); got != "Excellent" {
		t.Errorf("review list grade of %s = %q, want Excellent", training, got)
	}

	// Stored data and the interchange format keep the Chinese grade and labels.
	rec := e.formRecord(t, id)
	if rec.Form.Indicators[0].Level1 != "产出指标" {
		t.Errorf("stored level 1 = %q", rec.Form.Indicators[0].Level1)
	}
	if body := c.body(c.get(formPath(id, ".json"))); !strings.Contains(body, `"grade":"优"`) && !strings.Contains(body, `"grade": "优"`) {
		t.Errorf("JSON grade is not 优: %.200s", body)
	}
	// In Chinese nothing is glossed.
	zh := e.client(t).loginAs("staff")
	zdoc := zh.page(formPath(id, ""))
	if got := testid(zdoc, "grade"); got != "优" {
		t.Errorf("Chinese grade = %q, want 优", got)
	}
	if got := strings.TrimSpace(zdoc.Find("tr.subtotal-l1 th.group").First().Text()); got != "产出指标" {
		t.Errorf("Chinese level-1 subtotal = %q, want 产出指标", got)
	}
}

// listGrade is the grade column (the cell labelled Grade) of the row of rows whose project
// is project.
func listGrade(doc *goquery.Document, rows, project string) string {
	grade := "(no row)"
	doc.Find(rows).Each(func(_ int, r *goquery.Selection) {
		if strings.TrimSpace(r.Find("td").First().Text()) == project {
			grade = strings.TrimSpace(r.Find(`td[data-label="Grade"]`).Text())
		}
	})
	return grade
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// TestEnglishFormPunctuation: no visible text of the English form page carries full-width
// punctuation (U+3000–U+303F, U+FF00–U+FFEF: ，。：；（）「」、 ＋ …) or a Chinese character. What a person typed is
// data and may hold anything, so the form's own values (and the names of people and units)
// are taken out of each text first; input values and textarea contents are not text nodes
// a page writes and are not looked at.
func TestEnglishFormPunctuation(t *testing.T) {
	e := newEnv(t)
	c := englishClient(t, e, "staff")
	id := c.formIDOf(training, 2022)
	doc := c.page(formPath(id, ""))
	data := formData(e.formRecord(t, id).Form)
	data = append(data, e.DemoDept.Name, e.DemoUnit.Name, "staff")

	var bad, untranslated []string
	seen := map[string]bool{}
	for _, text := range visibleTexts(doc) {
		if seen[text] {
			continue
		}
		seen[text] = true
		rest := text
		for _, d := range data {
			rest = strings.ReplaceAll(rest, d, "")
		}
		for _, r := range rest {
			if r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF {
				bad = append(bad, fmt.Sprintf("%q (%q)", text, r))
				break
			}
			// Nor is there Chinese left once the data is out: the page is English complete.
			if unicode.Is(unicode.Han, r) {
				untranslated = append(untranslated, fmt.Sprintf("%q (%q)", text, rest))
				break
			}
		}
	}
	if len(untranslated) > 0 {
		t.Errorf("Chinese text in the English form page:\n%s", strings.Join(untranslated, "\n"))
	}
	if len(bad) > 0 {
		t.Errorf("full-width punctuation in the English form page:\n%s\n(hard-coded in views: form.templ "+
			"\"{ f.T(\\\"form.grade\\\") }：\" and the \"＋\" of the row button, layout.templ \"{ p.Username }（…）\"; "+
			"use the catalog's punct.label, punct.parenthetical and form.row.add_sign)", strings.Join(bad, "\n"))
	}
}

// formData are the texts of f that a person typed, longest first so that a longer value is
// taken out before a value it contains.
func formData(f form.Form) []string {
	d := []string{f.Project, f.Department, f.Unit, f.Goals.Expected, f.Goals.Achieved}
	for _, in := range f.Indicators {
		d = append(d, in.Level1, in.Level2, in.Name, in.Target, in.Actual, in.Weight, in.Score, in.Deviation)
	}
	var out []string
	for _, s := range d {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// visibleTexts are the non-blank text nodes of the document a person can read: not those of
// scripts, styles and textareas (a textarea's content is its value), and not those of an
// element marked as Chinese on purpose (the 中文 of the language switch).
func visibleTexts(doc *goquery.Document) []string {
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "textarea", "head":
				return
			}
			for _, a := range n.Attr {
				if a.Key == "lang" && strings.HasPrefix(a.Val, "zh") {
					return
				}
			}
		}
		if n.Type == html.TextNode {
			if s := strings.TrimSpace(n.Data); s != "" {
				out = append(out, s)
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	for _, n := range doc.Nodes {
		walk(n)
	}
	return out
}

// TestProblemText: a problem that names a vocabulary label glosses it in English, and a band
// problem names the chosen grade as the catalog does, not by its code.
func TestProblemText(t *testing.T) {
	split := scoring.Problem{Code: "weights.split", Args: []string{"产出指标", "40", "50"}}
	if got, want := problemText(i18n.En, split), "Output (产出指标) weights add up to 40; the usual split gives 50"; got != want {
		t.Errorf("En: %q, want %q", got, want)
	}
	if got, want := problemText(i18n.Zh, split), "产出指标 的分值合计为 40，通常为 50"; got != want {
		t.Errorf("Zh: %q, want %q", got, want)
	}
	band := scoring.Problem{Code: "indicator.score_band", Args: []string{"72", "partial", "54.00", "72.00"}}
	if got, want := problemText(i18n.En, band), "Score 72 is outside the band 54.00–72.00 of “Partly achieved”"; got != want {
		t.Errorf("En: %q, want %q", got, want)
	}
	if got := problemText(i18n.Zh, band); !strings.Contains(got, "“部分达成”") {
		t.Errorf("Zh: %q", got)
	}
	unknown := scoring.Problem{Code: "indicator.level1_unknown", Args: []string{"自定义指标", "2022"}}
	if got, want := problemText(i18n.En, unknown), "Level-1 indicator “自定义指标” is not in the 2022 vocabulary"; got != want {
		t.Errorf("En: %q, want %q", got, want)
	}
}
