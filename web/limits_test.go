package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"selfeval/internal/form"
)

// TestLimitsOnSave: a field past the bound is said at the field as one types and refuses the
// save with the bound named (422), never cut; a row past the last one allowed is refused,
// never dropped. The stored form does not change.
func TestLimitsOnSave(t *testing.T) {
	e := newEnv(t)
	c, id, doc := openForm(t, e, "staff", training)
	vals := editorValues(doc)
	vals.Set("indicators.0.deviation", strings.Repeat("长", form.MaxFieldChars+1))
	_, ans := postFigures(t, c, id, vals, c.token())
	if ans.P == nil || !strings.Contains(*ans.P, "有 10001 个字符，最多 10000 个") {
		t.Errorf("the keystroke's problems do not say the bound: %s", *ans.P)
	}
	resp := c.htmx(formPath(id, ""), vals)
	wantStatus(t, c, resp, http.StatusUnprocessableEntity)
	if body := c.body(resp); !strings.Contains(body, "未保存：第 1 行·偏差原因分析及改进措施 有 10001 个字符，最多 10000 个") {
		t.Errorf("the refused save says %q", body)
	}
	vals = editorValues(doc)
	vals.Set("indicators.600.name", "第六百零一行")
	resp = c.htmx(formPath(id, ""), vals)
	wantStatus(t, c, resp, http.StatusUnprocessableEntity)
	if body := c.body(resp); !strings.Contains(body, "此表有 601 行指标，最多 500 行") {
		t.Errorf("the refused save says %q", body)
	}
	if rec := e.formRecord(t, id); rec.Version != 1 {
		t.Errorf("a refused save changed the form (version %d)", rec.Version)
	}
}

// TestLimitsOnImport: the preview refuses a form past a bound, naming the form and the bound,
// and so does creating, whatever is posted (a null form, the years −5 and 2^63−1); copying the
// last year allowed is refused too. Nothing is created.
func TestLimitsOnImport(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	big := form.Form{Year: 2022, Project: "大表", Indicators: make([]form.Indicator, 600)}
	for i := range big.Indicators {
		big.Indicators[i] = form.Indicator{Level1: "产出指标", Level2: "数量指标", Name: "指标" + strconv.Itoa(i), Target: "1", Actual: "1", Weight: "0.1"}
	}
	js, _ := json.Marshal([]form.Form{big})
	c.page("/import")
	resp := c.multipartPost("/import/preview", map[string]string{"text": string(js)}, "", nil)
	wantStatus(t, c, resp, http.StatusUnprocessableEntity)
	if msg := testid(c.doc(resp), "import-error"); !strings.Contains(msg, "第 1 张自评表") || !strings.Contains(msg, "500 行") {
		t.Errorf("the preview says %q", msg)
	}
	// The create step takes only a preview's stash: a payload posted instead creates nothing.
	for _, payload := range []string{`[null]`, `[{"year": -5, "project": "负年", "indicators": [{"name": "x"}]}]`,
		`[{"year": 9223372036854775807, "project": "大年", "indicators": [{"name": "x"}]}]`, string(js)} {
		c.page("/import")
		resp := c.postForm("/import", url.Values{"forms": {payload}})
		wantStatus(t, c, resp, http.StatusUnprocessableEntity)
	}
	// Copying into a year past the last allowed is refused with the bound.
	last := big
	last.Year, last.Indicators = form.MaxYear, last.Indicators[:3]
	last.Project = "末年"
	js, _ = json.Marshal([]form.Form{last})
	c.page("/import")
	_, stash := previewPayload(t, c, string(js))
	wantStatus(t, c, c.postForm("/import", url.Values{"stash": {stash}}), http.StatusSeeOther)
	c.page("/forms")
	resp = c.postForm("/forms/copy-year", url.Values{"year": {strconv.Itoa(form.MaxYear)}})
	if msg := c.body(resp); !strings.Contains(msg, "年度 2101 不在 2000–2100 之间") {
		t.Errorf("copying the last year: %d %.300s", resp.StatusCode, msg)
	}
	if n := countForms(t, e); n != 11 {
		t.Errorf("%d forms after refused imports, want the 10 of the demo and 末年", n)
	}
}

// TestImportLargePaste: a paste of some 460 KB previews and creates: the create step posts
// only the preview's id, not the forms again (which once made it 413).
func TestImportLargePaste(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	var forms []form.Form
	for i := range 30 {
		forms = append(forms, form.Form{Year: 2023, Project: "大段文字" + strconv.Itoa(i),
			Goals:      form.Goals{Expected: strings.Repeat("年度总体目标", 850)},
			Indicators: []form.Indicator{{Level1: "产出指标", Level2: "数量指标", Name: "次数", Target: "≥1次", Actual: "1次", Weight: "90"}}})
	}
	js, _ := json.Marshal(forms)
	if len(js) < 450_000 || len(js) > 600_000 {
		t.Fatalf("the paste is %d bytes", len(js))
	}
	c.page("/import")
	_, stash := previewPayload(t, c, string(js))
	resp := c.postForm("/import", url.Values{"stash": {stash}})
	wantRedirect(t, c, resp, "/forms?year=2023&created=30")
}
