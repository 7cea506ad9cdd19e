package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestEditorPageCells: every field a person types in has a name a screen reader can say
// (its row and column), numbers open the numeric keyboard, the row buttons are off the Tab
// path, and the grade choice is shown only on rows where a person must choose.
func TestEditorPageCells(t *testing.T) {
	e := newEnv(t)
	_, _, doc := openForm(t, e, "staff", training)
	doc.Find("#form-editor input:not([type=hidden]), #form-editor textarea, #form-editor select").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		label, ok := s.Attr("aria-label")
		if !ok && s.Closest("label").Length() == 0 {
			t.Errorf("%s has no accessible name", name)
		}
		if strings.HasPrefix(name, "indicators.1.") && s.Is("input, textarea") && !strings.HasPrefix(label, "第 2 行 ") {
			t.Errorf("%s is named %q, want 第 2 行 …", name, label)
		}
	})
	if got, _ := doc.Find(`[name="indicators.1.actual"]`).Attr("aria-label"); got != "第 2 行 实际完成值" {
		t.Errorf("row 2's actual is named %q", got)
	}
	for _, name := range []string{"indicators.0.weight", "indicators.0.score", "budget_weight", "funds.total.executed"} {
		if mode, _ := doc.Find(`[name="` + name + `"]`).Attr("inputmode"); mode != "decimal" {
			t.Errorf("%s inputmode %q, want decimal", name, mode)
		}
	}
	doc.Find(".row-ops button").Each(func(_ int, s *goquery.Selection) {
		if ti, _ := s.Attr("tabindex"); ti != "-1" {
			t.Errorf("a row button is on the Tab path: %s", s.AttrOr("value", ""))
		}
	})
	// A row shows the choice exactly when scoring asks for a grade there.
	shown, hidden := 0, 0
	doc.Find("label.grade-choice").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Find("select").Attr("name")
		_, isHidden := s.Attr("hidden")
		needs := doc.Find(`#problems li[data-field="`+name+`"]`).Length() > 0
		if isHidden == needs {
			t.Errorf("%s: hidden %v, but a grade is needed: %v", name, isHidden, needs)
		}
		if isHidden {
			hidden++
		} else {
			shown++
		}
	})
	if hidden == 0 {
		t.Errorf("no row hides the grade choice (%d shown)", shown)
	}
}

// TestRecalcRegroups: a recalculation whose rows group otherwise than the page's (a changed
// 二级指标) or that carries a row operation answers the whole indicator block, with the
// subtotals of the new grouping; otherwise only the figures.
func TestRecalcRegroups(t *testing.T) {
	e := newEnv(t)
	c, id, doc := openForm(t, e, "staff", training)
	vals := editorValues(doc)
	if vals.Get("groups") == "" {
		t.Fatal("the page posts no grouping signature")
	}
	body := func(v url.Values) *goquery.Document {
		t.Helper()
		resp := c.htmx(formPath(id, "/recalc"), v)
		wantStatus(t, c, resp, http.StatusOK)
		return c.doc(resp)
	}
	same := body(vals)
	if same.Find("#indicator-body").Length() != 0 || same.Find(`#subtotal-w-0`).Length() != 1 {
		t.Errorf("an unchanged grouping answers the rows anew (%d) or no subtotal figures", same.Find("#indicator-body").Length())
	}
	vals.Set("indicators.0.level2", "质量指标")
	regrouped := body(vals)
	block := regrouped.Find(`#indicator-body[hx-swap-oob]`)
	if block.Length() != 1 {
		t.Fatalf("a changed 二级指标 does not answer the rows anew")
	}
	if got, _ := block.Attr("data-groups"); got == vals.Get("groups") {
		t.Errorf("the new block keeps the old grouping signature %q", got)
	}
	var labels []string
	block.Find("tr.subtotal-l2 th.group").Each(func(_ int, s *goquery.Selection) { labels = append(labels, strings.TrimSpace(s.Text())) })
	if len(labels) == 0 || labels[0] != "质量指标" {
		t.Errorf("level-2 groups after the change %q, want 质量指标 first", labels)
	}
	vals = editorValues(doc)
	vals.Set("op", "add:0")
	added := body(vals)
	if n := added.Find(`#indicator-body [data-testid="indicator-row"]`).Length(); n != rows(doc)+1 {
		t.Errorf("add:0 answers %d rows, want %d", n, rows(doc)+1)
	}
	if rec := e.formRecord(t, id); rec.Version != 1 {
		t.Errorf("a recalculation stored the form (version %d)", rec.Version)
	}
}
