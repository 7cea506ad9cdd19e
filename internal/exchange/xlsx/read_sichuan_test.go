package xlsx

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"selfeval/internal/decimal"
	"selfeval/internal/form"
	"selfeval/internal/scoring"
)

// TestXlsxSichuan2023: a workbook in Sichuan's 2023 layout (as 大英县司法局 published it,
// https://dyxrmt.cn/article-157795-21.html) is read with the text reader's vocabulary: the unit
// from 年度预算数(万元), the funds columns 年初预算 / 调整后预算数 / 预算执行数 / 权重 and the
// rows 总额 / 其中:财政资金 / 财政专户管理资金 / 单位资金; the target from 指标性质 / 指标值 /
// 度量单位, 完成值, 权重 and 未完成原因分析; the table ends at 合计.
func TestXlsxSichuan2023(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]string{
		{"部门预算项目支出绩效自评表(2023年度)"},
		{"项目名称", "测试项目"},
		{"主管部门", "某县司法局部门", "实施单位", "某县司法局"},
		{"预算执行情况(10分)", "年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分"},
		{"", "总额", "0.00", "3.36", "3.36", "100.00%", "10", "10"},
		{"", "其中:财政资金", "0.00", "3.36", "3.36", "100.00%", "/", "/"},
		{"", "财政专户管理资金", "0.00", "0.00", "0.00", "0.00%", "/", "/"},
		{"", "单位资金", "0", "0.5", "0.25", "50.00%", "/", "/"},
		{"", "其他资金", "/", "/"},
		{"绩效指标(90分)", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"},
		{"", "产出指标", "质量指标", "支付合规率", "=", "100", "%", "100%", "45", "45"},
		{"", "产出指标", "经济成本指标", "成本控制数", "≤", "30", "万元", "完成", "45", "40", "采购价高于预期"},
		{"合计", "100"},
		{"评价结论", "按管理办法支付资金。"},
	}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			_ = f.SetCellValue("Sheet1", cell, v)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := Read(&buf)
	if err != nil || len(got) != 1 {
		t.Fatalf("Read = %d forms, %v", len(got), err)
	}
	g := got[0]
	if g.Template != form.TemplateSichuan2023.Name || g.AmountUnit != form.WanYuan {
		t.Errorf("template %q, unit %q; want sichuan-2023, 万元", g.Template, g.AmountUnit)
	}
	if g.Funds.Total.Adjusted != "3.36" || g.Funds.Own.Executed != "0.25" || g.Funds.Special.Executed != "0.00" || g.BudgetWeight != "10" {
		t.Errorf("funds %+v, budget weight %q", g.Funds, g.BudgetWeight)
	}
	want := []form.Indicator{
		{Level1: "产出指标", Level2: "质量指标", Name: "支付合规率", Target: "=100%", Actual: "100%", Weight: "45", Score: "45"},
		{Level1: "产出指标", Level2: "经济成本指标", Name: "成本控制数", Target: "≤30万元", Actual: "完成", Weight: "45", Score: "40", Deviation: "采购价高于预期"},
	}
	if len(g.Indicators) != len(want) {
		t.Fatalf("indicators %+v", g.Indicators)
	}
	for i := range want {
		if g.Indicators[i] != want[i] {
			t.Errorf("row %d\n got %+v\nwant %+v", i, g.Indicators[i], want[i])
		}
	}
}

// TestXlsxSichuanRoundTrip: a form of Sichuan's template in 万元, written and read back, is
// the same form: its five funds rows under their labels, four decimals kept, the template and
// the unit; the rows below the funds table move down by the extra row, and the workbook's
// formulas still give the engine's rate and total.
func TestXlsxSichuanRoundTrip(t *testing.T) {
	fm := xlsxSeedForm(t, "培训费")
	fm.Template, fm.AmountUnit = form.TemplateSichuan2023.Name, form.WanYuan
	fm.Funds = form.Funds{
		Total:   form.FundsRow{Initial: "10", Adjusted: "207.4538", Executed: "200.1234"},
		Fiscal:  form.FundsRow{Initial: "8", Adjusted: "200", Executed: "195"},
		Special: form.FundsRow{Initial: "1", Adjusted: "4.4538", Executed: "3.1234"},
		Own:     form.FundsRow{Initial: "1", Adjusted: "3", Executed: "2"},
	}
	data := writeXLSX(t, fm)
	got, err := Read(bytes.NewReader(data))
	if err != nil || len(got) != 1 {
		t.Fatalf("Read = %d forms, %v", len(got), err)
	}
	if d := formDiff(&fm, &got[0]); d != "" {
		t.Error(d)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	for cell, want := range map[string]string{"A5": "年度预算数（万元）", "B10": "其他资金", "A11": "年度总体目标",
		"F13": "完成值", "G13": "权重", "I13": "未完成原因分析"} {
		if v, _ := f.GetCellValue(sheet, cell); v != want {
			t.Errorf("%s = %q, want %q", cell, v, want)
		}
	}
	if v, _ := f.GetCellValue(sheet, "D8"); v != "4.4538" {
		t.Errorf("财政专户管理资金's adjusted budget D8 shows %q, want 4.4538", v)
	}
	res := scoring.Score(&fm, &scoring.Default)
	total := strconv.Itoa(rowInd + 1 + len(fm.Indicators))
	for cell, want := range map[string]decimal.Dec{"G6": res.ExecutionRate, "H6": res.BudgetScore, "H" + total: res.Total} {
		calc, err := f.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if d, perr := decimal.Parse(calc); err != nil || perr != nil || d.Round(2, decimal.HalfUp).Cmp(want) != 0 {
			t.Errorf("%s recalculates to %q (%v), the engine's figure is %s", cell, calc, err, want)
		}
	}
}

// TestXlsxLabelWordings: a workbook uses the text reader's vocabulary of labels: 年初设定目标
// and 年度总体目标完成情况综述 for the goals, 全年实际值 and 权重 for the columns.
func TestXlsxLabelWordings(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	for cell, v := range map[string]string{
		"A1": "项目名称", "B1": "P", "A2": "年初设定目标", "B2": "目标甲", "A3": "年度总体目标完成情况综述", "B3": "完成乙",
		"A4": "三级指标", "B4": "年度指标值", "C4": "全年实际值", "D4": "权重", "E4": "得分",
		"A5": "x", "B5": "≥1", "C5": "2", "D5": "90", "E5": "90", "A6": "总分",
	} {
		_ = f.SetCellValue("Sheet1", cell, v)
	}
	var buf bytes.Buffer
	_, _ = f.WriteTo(&buf)
	got, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	g := got[0]
	if g.Goals.Expected != "目标甲" || g.Goals.Achieved != "完成乙" || len(g.Indicators) != 1 ||
		g.Indicators[0].Actual != "2" || g.Indicators[0].Weight != "90" {
		t.Errorf("got goals %+v, rows %+v", g.Goals, g.Indicators)
	}
}
