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

// TestSaveMergeRows: someone else added a row while the person edited another one: the
// person's change lands in the row of the same name, and the answer brings the merged rows
// (with the reviewer's comments). When the person had moved rows too, the rows are a
// conflict: the answer keeps the person's rows on the page, and the stored rows are theirs.
func TestSaveMergeRows(t *testing.T) {
	e := newEnv(t)
	a, id, docA := openForm(t, e, "staff", training)
	b := e.client(t).loginAs("staff")
	docB := b.page(formPath(id, ""))
	n := rows(docA)

	valsA := editorValues(docA)
	valsA.Set("op", "add:0")
	wantRedirect(t, a, a.postForm(formPath(id, ""), valsA), formPath(id, "#row-1"))

	valsB := editorValues(docB)
	valsB.Set("merge", "1")
	valsB.Set("base.indicators.3.actual", inputValue(docB, "indicators.3.actual"))
	valsB.Set("indicators.3.actual", "1750人")
	ans := saveAnswerOf(t, b, b.htmx(formPath(id, ""), valsB))
	rec := e.formRecord(t, id)
	if len(rec.Form.Indicators) != n+1 || rec.Form.Indicators[4].Actual != "1750人" || rec.Form.Indicators[4].Name != inputValue(docB, "indicators.3.name") {
		t.Errorf("stored %d rows, row 5 %+v; want %d rows and B's change in the row it was made in", len(rec.Form.Indicators), rec.Form.Indicators[4], n+1)
	}
	rowsDoc, err := goquery.NewDocumentFromReader(strings.NewReader("<table>" + ans.Rows + "</table>"))
	if err != nil {
		t.Fatal(err)
	}
	if got := rowsDoc.Find(`#indicator-body [data-testid="indicator-row"]`).Length(); got != n+1 {
		t.Errorf("the answer's rows: %d, want %d", got, n+1)
	}

	// B moves rows meanwhile and A changes a row: the rows are a conflict; nothing is merged
	// into the rows, the answer leaves B's rows on B's page.
	docA = a.page(formPath(id, ""))
	docB = b.page(formPath(id, ""))
	valsA = editorValues(docA)
	valsA.Set("indicators.2.actual", "17课时")
	wantRedirect(t, a, a.postForm(formPath(id, ""), valsA), formPath(id, ""))
	valsB = editorValues(docB)
	valsB.Set("merge", "1")
	valsB.Set("rows_changed", "1")
	for k, v := range editorValues(docB) {
		if strings.HasPrefix(k, "indicators.") {
			valsB.Set("base."+k, v[0])
		}
	}
	valsB.Set("indicators.0.name", inputValue(docB, "indicators.1.name"))
	valsB.Set("indicators.1.name", inputValue(docB, "indicators.0.name"))
	ans = saveAnswerOf(t, b, b.htmx(formPath(id, ""), valsB))
	if len(ans.Conflicts) != 1 || ans.Conflicts[0].Path != "indicators" || ans.Rows != "" {
		t.Errorf("answer conflicts %+v, rows %d bytes; want the rows as one conflict and no rows", ans.Conflicts, len(ans.Rows))
	}
	if got := e.formRecord(t, id).Form.Indicators[2].Actual; got != "17课时" {
		t.Errorf("A's change was lost: %q", got)
	}
}

// TestDeleteBadVersion: a version that is posted but not a number is refused, not taken as
// "any version".
func TestDeleteBadVersion(t *testing.T) {
	e := newEnv(t)
	c, id, doc := openForm(t, e, "staff", training)
	vals := hiddenFields(doc, "form.delete-form")
	vals.Set("version", "x")
	wantStatus(t, c, c.postForm(formPath(id, "/delete"), vals), http.StatusBadRequest)
	wantStatus(t, c, c.get(formPath(id, "")), http.StatusOK)
}

// TestRecalcSwapsEveryFigure: the answer to a keystroke swaps every computed figure the form
// page shows, and nothing the page lacks (htmx would report a swap without a target).
func TestRecalcSwapsEveryFigure(t *testing.T) {
	e := newEnv(t)
	c, id, doc := openForm(t, e, "staff", training)
	onPage := map[string]bool{}
	doc.Find("[id]").Each(func(_ int, s *goquery.Selection) { onPage[s.AttrOr("id", "")] = true })
	resp := c.htmx(formPath(id, "/recalc"), editorValues(doc))
	wantStatus(t, c, resp, http.StatusOK)
	answer := c.doc(resp)
	swapped := map[string]bool{}
	answer.Find("[hx-swap-oob]").Each(func(_ int, s *goquery.Selection) {
		id := s.AttrOr("id", "")
		swapped[id] = true
		if !onPage[id] {
			t.Errorf("the recalculation swaps #%s, which the page does not have", id)
		}
	})
	n := 0
	doc.Find(".out[id]").Each(func(_ int, s *goquery.Selection) {
		n++
		if id := s.AttrOr("id", ""); !swapped[id] {
			t.Errorf("the figure #%s on the page is not recalculated", id)
		}
	})
	for _, id := range []string{"problems", "submit-why"} {
		if !swapped[id] {
			t.Errorf("#%s is not recalculated", id)
		}
	}
	if n < 10 {
		t.Fatalf("only %d figures found on the page", n)
	}
}
