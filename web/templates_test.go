package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"selfeval/internal/form"
	"selfeval/internal/store"
)

// asSichuan turns the stored form id into a form of Sichuan's 2023 template in 万元, as an
// import of such a form stores it.
func asSichuan(t *testing.T, e *env, id int64) {
	t.Helper()
	_, _, err := e.Store.EditForm(context.Background(), id, 0, func(cur store.FormRecord) (form.Form, store.Summary, int, error) {
		f := cur.Form
		f.Template, f.AmountUnit = form.TemplateSichuan2023.Name, form.WanYuan
		f.Funds = form.Funds{
			Total:   form.FundsRow{Initial: "10", Adjusted: "207.4538", Executed: "200.1234"},
			Fiscal:  form.FundsRow{Initial: "8", Adjusted: "200", Executed: "195"},
			Special: form.FundsRow{Initial: "1", Adjusted: "4.4538", Executed: "3.1234"},
			Own:     form.FundsRow{Initial: "1", Adjusted: "3", Executed: "2"},
		}
		return f, cur.Summary, cur.Version, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func rowLabels(doc *goquery.Document, sel string) []string {
	var out []string
	doc.Find(sel).Each(func(_ int, s *goquery.Selection) { out = append(out, strings.TrimSpace(s.Text())) })
	return out
}

// TestEditorSichuanTemplate: a form of Sichuan's template shows that template's funds rows and
// column labels (总额, 其中：财政资金, 财政专户管理资金, 单位资金, 其他资金; 年初预算 …), not
// Shanghai's 上年结转资金; a save of the page keeps every row, the template and the unit; the
// print has the same rows under 年度预算数（万元）.
func TestEditorSichuanTemplate(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	id := c.formIDOf(training, 2022)
	asSichuan(t, e, id)
	doc := c.page(formPath(id, ""))
	got := rowLabels(doc, "#form-editor tr th.sub")
	want := []string{"总额", "其中：财政资金", "财政专户管理资金", "单位资金", "其他资金"}
	if strings.Join(got[:min(len(got), 5)], "|") != strings.Join(want, "|") {
		t.Errorf("funds rows %q, want %q", got, want)
	}
	if doc.Find(`[name="funds.carryover.initial"]`).Length() != 0 {
		t.Error("the editor shows 上年结转资金, which Sichuan's template has not")
	}
	if v := inputValue(doc, "funds.special.adjusted"); v != "4.4538" {
		t.Errorf("财政专户管理资金 全年预算 shown %q, want 4.4538", v)
	}
	heads := rowLabels(doc, "#form-editor tr.col-heads th")
	if !strings.Contains(strings.Join(heads, "|"), "年初预算|调整后预算数|预算执行数|权重") {
		t.Errorf("funds column heads %q", heads)
	}
	if got := strings.Join(rowLabels(doc, "#form-editor th"), "|"); !strings.Contains(got, "指标值|完成值|权重|得分|未完成原因分析") {
		t.Errorf("the indicator header of a Sichuan form: %q", got)
	}
	if rate := strings.TrimSpace(doc.Find(`[data-testid="execution-rate"]`).Text()); rate != "96.47%" {
		t.Errorf("execution rate %q, want 96.47%% (200.1234 ÷ 207.4538, rounded up)", rate)
	}

	vals := editorValues(doc)
	vals.Set("funds.own.executed", "2.5")
	resp := c.postForm(formPath(id, ""), vals)
	if resp.StatusCode >= 400 {
		t.Fatalf("save: %d %s", resp.StatusCode, c.body(resp))
	}
	resp.Body.Close()
	rec := e.formRecord(t, id)
	f := rec.Form
	if f.Template != form.TemplateSichuan2023.Name || f.AmountUnit != form.WanYuan || f.Funds.Own.Executed != "2.5" ||
		f.Funds.Special.Adjusted != "4.4538" || f.Funds.Total.Adjusted != "207.4538" {
		t.Errorf("after a save: template %q, unit %q, funds %+v", f.Template, f.AmountUnit, f.Funds)
	}

	resp = c.get(formPath(id, "/print"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("print: %d", resp.StatusCode)
	}
	pd := c.doc(resp)
	head := squeeze(pd.Find(`[data-testid="print-head"]`).Text())
	for _, w := range []string{"年度预算数（万元）", "财政专户管理资金", "4.4538", "单位资金", "2.50", "权重"} {
		if !strings.Contains(head, w) {
			t.Errorf("the print's head lacks %q: %s", w, head)
		}
	}
	if strings.Contains(head, "上年结转资金") {
		t.Error("the print shows 上年结转资金")
	}
}

// TestEditorShowsRowOutsideTemplate: a row the template has not but the form holds (a file
// brought it) is shown and kept by a save, never dropped unseen.
func TestEditorShowsRowOutsideTemplate(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	id := c.formIDOf(training, 2022)
	asSichuan(t, e, id)
	_, _, err := e.Store.EditForm(context.Background(), id, 0, func(cur store.FormRecord) (form.Form, store.Summary, int, error) {
		f := cur.Form
		f.Funds.Carryover = form.FundsRow{Initial: "0", Adjusted: "1", Executed: "1"}
		return f, cur.Summary, cur.Version, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	doc := c.page(formPath(id, ""))
	if inputValue(doc, "funds.carryover.adjusted") != "1.00" {
		t.Fatalf("the carryover row is not shown: %q", rowLabels(doc, "#form-editor tr th.sub"))
	}
	resp := c.postForm(formPath(id, ""), editorValues(doc))
	resp.Body.Close()
	if got := e.formRecord(t, id).Form.Funds.Carryover.Adjusted; got != "1" {
		t.Errorf("after a save the carryover row holds %q, want 1", got)
	}
}

// TestImportPreviewLeavesOutFormWithoutRows: a pasted page whose first form was cut off before
// its indicator table previews the other form, and says the first is left out and why.
func TestImportPreviewLeavesOutFormWithoutRows(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	page := "财政项目支出绩效自评表\n（2030年度）\n项目名称\t甲项目\n主管部门\t某部门\t\t\t实施单位\t某单位\n" +
		"项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\t年度资金总额\t10\t10\t9.5\t10\t95.00%\t9.5\n\n" +
		"财政项目支出绩效自评表\n（2030年度）\n项目名称\t乙项目\n主管部门\t某部门\t\t\t实施单位\t某单位\n" +
		"一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n" +
		"产出指标\t数量指标\t指标一\t≥10个\t12个\t90\t90\t\n总分\t\t\t\t\t\t100\t100\n"
	resp := c.multipartPost("/import/preview", map[string]string{"text": page}, "", nil)
	wantStatus(t, c, resp, http.StatusOK)
	doc := c.doc(resp)
	if n := doc.Find(`[data-testid=import-row]`).Length(); n != 1 {
		t.Errorf("the preview shows %d forms, want 1", n)
	}
	if got := strings.TrimSpace(doc.Find(`[data-testid=import-left]`).Text()); got != "第 1 张自评表（甲项目）没有绩效指标，未导入；其余照常导入。" {
		t.Errorf("the preview says %q of the form without rows", got)
	}
}
