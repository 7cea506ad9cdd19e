package xlsx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"selfeval/internal/decimal"
	"selfeval/internal/exchange/diag"
	formjson "selfeval/internal/exchange/json"
	"selfeval/internal/exchange/text"
	"selfeval/internal/form"
	"selfeval/internal/i18n"
	"selfeval/internal/scoring"
)

// xlsxSeed returns the ten forms of the seed as exchange.ReadText reads them.
func xlsxSeed(tb testing.TB) []form.Form {
	tb.Helper()
	b, err := os.ReadFile("../../demo/minhang-2022.txt")
	if err != nil {
		tb.Fatal(err)
	}
	tfs, err := text.Read(string(b))
	if err != nil {
		tb.Fatalf("text.Read(seed): %v", err)
	}
	if len(tfs) != 10 {
		tb.Fatalf("text.Read(seed) read %d forms, want 10", len(tfs))
	}
	forms := make([]form.Form, len(tfs))
	for i, tf := range tfs {
		forms[i] = tf.Form
	}
	return forms
}

func xlsxSeedForm(t *testing.T, project string) form.Form {
	t.Helper()
	for _, f := range xlsxSeed(t) {
		if f.Project == project {
			return f
		}
	}
	t.Fatalf("no seed form %q", project)
	return form.Form{}
}

func writeXLSX(t *testing.T, forms ...form.Form) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, forms, nil); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

func openXLSX(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("OpenReader: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// formDiff describes the first difference between two forms, or "".
func formDiff(want, got *form.Form) string {
	for _, d := range []struct{ name, w, g string }{
		{"year", fmt.Sprint(want.Year), fmt.Sprint(got.Year)},
		{"department", want.Department, got.Department},
		{"unit", want.Unit, got.Unit},
		{"len(indicators)", fmt.Sprint(len(want.Indicators)), fmt.Sprint(len(got.Indicators))},
	} {
		if d.w != d.g {
			return fmt.Sprintf("%s: got %q, want %q", d.name, d.g, d.w)
		}
	}
	wf, gf := form.Fields(want), form.Fields(got)
	for i := range wf {
		if wf[i] != gf[i] {
			return fmt.Sprintf("%s: got %q, want %q", wf[i].Path, gf[i].Value, wf[i].Value)
		}
	}
	if !reflect.DeepEqual(want, got) {
		return fmt.Sprintf("forms differ: got %#v, want %#v", got, want)
	}
	return ""
}

// TestXlsxRoundTripSeed: each seed form goes JSON → xlsx → JSON unchanged, all ten in one
// workbook and each alone; amounts typed "70,000" and "71200.00" keep their typing.
func TestXlsxRoundTripSeed(t *testing.T) {
	seed := xlsxSeed(t)
	js, err := json.Marshal(seed)
	if err != nil {
		t.Fatal(err)
	}
	forms, err := formjson.Read(js)
	if err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, want []form.Form) {
		t.Helper()
		got, err := Read(bytes.NewReader(writeXLSX(t, want...)))
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		if len(got) != len(want) {
			t.Fatalf("Read read %d forms, want %d", len(got), len(want))
		}
		for i := range want {
			if d := formDiff(&want[i], &got[i]); d != "" {
				t.Errorf("%s: %s", want[i].Project, d)
			}
		}
		wantJS, _ := json.Marshal(want)
		gotJS, _ := json.Marshal(got)
		if !bytes.Equal(wantJS, gotJS) {
			t.Errorf("JSON differs after the round trip")
		}
	}
	t.Run("all", func(t *testing.T) { check(t, forms) })
	for _, f := range forms {
		t.Run(f.Project, func(t *testing.T) { check(t, []form.Form{f}) })
	}
}

// TestXlsxAmountCells: amounts are numbers whose format shows them as typed.
func TestXlsxAmountCells(t *testing.T) {
	f := openXLSX(t, writeXLSX(t, xlsxSeedForm(t, "培训费")))
	for _, c := range []struct{ cell, raw, shown string }{
		{"C6", "380000", "380000.00"}, // typed 380000.00
		{"E6", "193100", "193,100"},   // typed 193,100
		{"D7", "195000", "195000"},
		{"C8", "0", "0"},
		{"F6", "10", "10"}, // budget weight
		{"G13", "10", "10"},
		{"H25", "5", "5"},
	} {
		typ, _ := f.GetCellType("培训费", c.cell)
		raw, _ := f.GetCellValue("培训费", c.cell, excelize.Options{RawCellValue: true})
		shown, _ := f.GetCellValue("培训费", c.cell)
		if typ != excelize.CellTypeUnset || raw != c.raw || shown != c.shown {
			t.Errorf("%s: type %v raw %q shown %q, want a number %q shown %q", c.cell, typ, raw, shown, c.raw, c.shown)
		}
	}
	if v, _ := f.GetCellValue("培训费", "E8"); v != "" {
		t.Errorf("E8 (blank executed) = %q, want empty", v)
	}
}

// TestXlsxNumberTyping: what keeps its typing and what keeps only its value.
func TestXlsxNumberTyping(t *testing.T) {
	fm := xlsxSeedForm(t, "培训费")
	fm.Funds.Total.Initial = "1,234,567.5" // usual shape: kept
	fm.Funds.Fiscal.Initial = "７００００"      // full-width: value kept, shown #,##0.00
	fm.Funds.Carryover.Initial = "70000元"  // unit: value kept
	fm.Funds.Other.Initial = "0.10"        // decimals: kept
	fm.Indicators[0].Weight = "9.90"       // kept
	fm.Indicators[1].Weight = "１０"         // value kept, General
	fm.Indicators[2].Score = "abc"         // text, kept
	fm.Indicators[3].Target = "100"        // text stays text
	fm.Funds.Other.Executed = "  "         // blank
	got, err := Read(bytes.NewReader(writeXLSX(t, fm)))
	if err != nil {
		t.Fatal(err)
	}
	g := got[0]
	for _, c := range []struct{ name, got, want string }{
		{"total.initial", g.Funds.Total.Initial, "1,234,567.5"},
		{"fiscal.initial", g.Funds.Fiscal.Initial, "70,000.00"},
		{"carryover.initial", g.Funds.Carryover.Initial, "70,000.00"},
		{"other.initial", g.Funds.Other.Initial, "0.10"},
		{"other.executed", g.Funds.Other.Executed, ""},
		{"indicators.0.weight", g.Indicators[0].Weight, "9.90"},
		{"indicators.1.weight", g.Indicators[1].Weight, "10"},
		{"indicators.2.score", g.Indicators[2].Score, "abc"},
		{"indicators.3.target", g.Indicators[3].Target, "100"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
}

// TestXlsxShape checks the number formats that show a typed number as typed.
func TestXlsxShape(t *testing.T) {
	for _, c := range []struct{ in, code string }{
		{"70,000", "#,##0"}, {"71200.00", "0.00"}, {"0", "0"}, {"9.9", "0.0"}, {"1,000,000.50", "#,##0.00"},
		{"0.05", "0.00"}, {"123", "0"},
		{"70，000", ""}, {"7,0000", ""}, {"007", ""}, {".5", ""}, {"5.", ""}, {",5", ""}, {"1 000", ""},
		{"70000元", ""}, {"-5", ""}, {"1.1234567", ""}, {"", ""},
	} {
		code, ok := shape(c.in)
		if ok != (c.code != "") || code != c.code {
			t.Errorf("shape(%q) = %q, %v; want %q", c.in, code, ok, c.code)
		}
		if ok {
			grouped, places, percent, ok := parseFormat(code)
			d, err := form.ParseNumber(c.in)
			if !ok || percent || err != nil {
				t.Errorf("parseFormat(%q) = %v %v %v %v", code, grouped, places, percent, ok)
				continue
			}
			back := d.Fixed(places)
			if grouped {
				back = d.Grouped(places)
			}
			if back != c.in {
				t.Errorf("%q → %q → %q", c.in, code, back)
			}
		}
	}
	for _, c := range []struct {
		code             string
		grouped          bool
		places           int
		percent, isShape bool
	}{
		{"#,##0.00_ ", true, 2, false, true},
		{"#,##0.00_);[Red]\\(#,##0.00\\)", true, 2, false, true},
		{"0.00%", false, 2, true, true},
		{"0%", false, 0, true, true},
		{"yyyy-mm-dd", false, 0, false, false},
		{`0.00"%"`, false, 0, false, false},
		{"¥#,##0.00", false, 0, false, false},
		{"General", false, 0, false, false},
	} {
		g, p, pc, ok := parseFormat(c.code)
		if g != c.grouped || p != c.places || pc != c.percent || ok != c.isShape {
			t.Errorf("parseFormat(%q) = %v %d %v %v", c.code, g, p, pc, ok)
		}
	}
}

// TestXlsxFormulas: rate, budget score and totals are formulas with scoring's cached values,
// and excelize recalculates them to the same figures.
func TestXlsxFormulas(t *testing.T) {
	fm := xlsxSeedForm(t, "培训费")
	res := scoring.Score(&fm, &scoring.Default)
	if got := formjson.NewComputed(&res); got.ExecutionRate != "99.03" || got.BudgetScore != "9.90" || got.Total != "99.90" {
		t.Fatalf("scoring of 培训费: %s %s %s", got.ExecutionRate, got.BudgetScore, got.Total)
	}
	f := openXLSX(t, writeXLSX(t, fm))
	const sheet = "培训费"
	total := fmt.Sprint(rowInd + len(fm.Indicators))
	for _, c := range []struct{ cell, want, shown string }{
		{"G6", "99.03", "99.03%"},
		{"H6", "9.90", "9.90"},
		{"G" + total, "100", "100"},
		{"H" + total, "99.90", "99.90"},
	} {
		formula, err := f.GetCellFormula(sheet, c.cell)
		if err != nil || formula == "" {
			t.Errorf("%s: no formula (%v)", c.cell, err)
		}
		raw, _ := f.GetCellValue(sheet, c.cell, excelize.Options{RawCellValue: true})
		if d, err := decimal.Parse(raw); err != nil || d.Cmp(decimal.MustParse(c.want)) != 0 {
			t.Errorf("%s: cached value %q, want %s", c.cell, raw, c.want)
		}
		if shown, _ := f.GetCellValue(sheet, c.cell); shown != c.shown {
			t.Errorf("%s: shown %q, want %q", c.cell, shown, c.shown)
		}
		calc, err := f.CalcCellValue(sheet, c.cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Errorf("%s: CalcCellValue(%s): %v", c.cell, formula, err)
			continue
		}
		if d, err := decimal.Parse(calc); err != nil || d.Cmp(decimal.MustParse(c.want)) != 0 {
			t.Errorf("%s: CalcCellValue(%s) = %q, want %s", c.cell, formula, calc, c.want)
		}
	}
	if typ, _ := f.GetCellType(sheet, "H6"); typ != excelize.CellTypeUnset {
		t.Errorf("H6: cached value has type %v, want a number", typ)
	}
}

// TestXlsxFormulasSeed: for every seed form, excelize's recalculation of the rate, budget score
// and total gives scoring's figures (the printed ones of DOMAIN.md).
func TestXlsxFormulasSeed(t *testing.T) {
	forms := xlsxSeed(t)
	f := openXLSX(t, writeXLSX(t, forms...))
	sheets := f.GetSheetList()
	if sheets[0] != summarySheet || len(sheets) != 11 {
		t.Fatalf("sheets %q", sheets)
	}
	for i, fm := range forms {
		res := formjson.NewComputed(ptr(scoring.Score(&fm, &scoring.Default)))
		sheet := sheets[i+1]
		total := fmt.Sprint(rowInd + len(fm.Indicators))
		for _, c := range []struct{ cell, want string }{
			{"G6", res.ExecutionRate}, {"H6", res.BudgetScore}, {"H" + total, res.Total}, {"G" + total, res.WeightSum},
		} {
			calc, err := f.CalcCellValue(sheet, c.cell, excelize.Options{RawCellValue: true})
			d, perr := decimal.Parse(calc)
			if err != nil || perr != nil || d.Cmp(decimal.MustParse(c.want)) != 0 {
				t.Errorf("%s!%s: CalcCellValue = %q (%v), want %s", sheet, c.cell, calc, err, c.want)
			}
		}
		// The summary row refers to the sheet.
		row := fmt.Sprint(3 + i)
		for _, c := range []struct{ cell, want string }{{"B", fm.Project}, {"D", fm.Unit}, {"J", res.Grade}} {
			calc, err := f.CalcCellValue(summarySheet, c.cell+row)
			cached, _ := f.GetCellValue(summarySheet, c.cell+row)
			if err != nil || calc != c.want || cached != c.want {
				t.Errorf("%s!%s%s: calc %q cached %q (%v), want %q", summarySheet, c.cell, row, calc, cached, err, c.want)
			}
		}
		for _, c := range []struct{ cell, want string }{{"G", res.ExecutionRate}, {"I", res.Total}} {
			calc, err := f.CalcCellValue(summarySheet, c.cell+row, excelize.Options{RawCellValue: true})
			d, perr := decimal.Parse(calc)
			if err != nil || perr != nil || d.Cmp(decimal.MustParse(c.want)) != 0 {
				t.Errorf("%s!%s%s: CalcCellValue = %q (%v), want %s", summarySheet, c.cell, row, calc, err, c.want)
			}
		}
	}
}

func ptr[T any](v T) *T { return &v }

// TestXlsxBlankScore: a blank score counts as the suggested one in the total, in the cached
// value and after recalculation, and stays blank on reading.
func TestXlsxBlankScore(t *testing.T) {
	fm := xlsxSeedForm(t, "培训费")
	fm.Indicators[0].Score = ""
	res := scoring.Score(&fm, &scoring.Default)
	b := writeXLSX(t, fm)
	f := openXLSX(t, b)
	cell := fmt.Sprint("H", rowInd+len(fm.Indicators))
	calc, err := f.CalcCellValue("培训费", cell, excelize.Options{RawCellValue: true})
	if d, perr := decimal.Parse(calc); err != nil || perr != nil || d.Cmp(res.Total) != 0 {
		t.Errorf("total recalculated %q (%v), want %s", calc, err, res.Total.Fixed(2))
	}
	got, err := Read(bytes.NewReader(b))
	if err != nil || got[0].Indicators[0].Score != "" {
		t.Errorf("blank score read back as %q (%v)", got[0].Indicators[0].Score, err)
	}
}

// TestXlsxBandedProfile: the formulas follow the profile's rounding, bands and cap.
func TestXlsxBandedProfile(t *testing.T) {
	fm := xlsxSeedForm(t, "培训费")
	fm.Funds.Total.Executed = "100,000.5" // 51.28…% of 195000: under the cap's 60%
	p := &scoring.Banded2023
	res := formjson.NewComputed(ptr(scoring.Score(&fm, p)))
	var buf bytes.Buffer
	if err := Write(&buf, []form.Form{fm}, p); err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, buf.Bytes())
	total := fmt.Sprint("H", rowInd+len(fm.Indicators))
	for _, c := range []struct{ cell, want string }{{"G6", res.ExecutionRate}, {"H6", res.BudgetScore}, {total, res.Total}} {
		calc, err := f.CalcCellValue("培训费", c.cell, excelize.Options{RawCellValue: true})
		d, perr := decimal.Parse(calc)
		if err != nil || perr != nil || d.Cmp(decimal.MustParse(c.want)) != 0 {
			t.Errorf("%s: CalcCellValue = %q (%v), want %s", c.cell, calc, err, c.want)
		}
	}
	if res.Total != "80.00" || res.ExecutionRate != "51.28" {
		t.Errorf("banded figures %s %s", res.ExecutionRate, res.Total)
	}
}

// TestXlsxMerges: level-1 and level-2 cells are merged over their groups.
func TestXlsxMerges(t *testing.T) {
	f := openXLSX(t, writeXLSX(t, xlsxSeedForm(t, "培训费")))
	merges, err := f.GetMergeCells("培训费")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range merges {
		got[m.GetStartAxis()+":"+m.GetEndAxis()] = m.GetCellValue()
	}
	for rng, v := range map[string]string{
		"B13:B20": "产出指标", "B21:B23": "效益指标", "B24:B25": "满意度指标",
		"C13:C15": "数量指标", "C16:C17": "质量指标", "C18:C20": "时效指标", "C21:C22": "社会效益指标", "C24:C25": "服务对象满意度指标",
		"A1:I1": title, "A5:A9": "项目资金（元）", "A12:A25": "绩效指标", "A26:F26": "总分", "B11:D11": "", "E11:I11": "",
	} {
		if g, ok := got[rng]; !ok || (v != "" && g != v) {
			t.Errorf("merged %s = %q (present %v), want %q", rng, g, ok, v)
		}
	}
	if _, ok := got["C23:C23"]; ok {
		t.Error("single cell merged")
	}
}

// TestXlsxLayout checks the labels, page setup and print titles of a form sheet.
func TestXlsxLayout(t *testing.T) {
	f := openXLSX(t, writeXLSX(t, xlsxSeedForm(t, "培训费")))
	const s = "培训费"
	for cell, want := range map[string]string{
		"A1": title, "A2": "(2022 年度)", "A3": "项目名称", "B3": "培训费", "A4": "主管部门", "E4": "实施单位",
		"F4": "上海市闵行区地区工作办公室", "C5": "年初预算数", "D5": "全年预算数", "E5": "全年执行数", "F5": "分值",
		"G5": "执行率", "H5": "得分", "B6": "年度资金总额", "B7": "其中：当年财政拨款", "B9": "其他资金", "F7": "—",
		"A10": "年度总体目标", "B10": "预期目标", "E10": "实际完成情况", "A12": "绩效指标", "D12": "三级指标",
		"I12": "偏差原因分析及改进措施", "D13": "社会治理培训完成次数", "A26": "总分",
	} {
		if got, _ := f.GetCellValue(s, cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	pl, err := f.GetPageLayout(s)
	if err != nil || *pl.Size != 9 || *pl.Orientation != "landscape" || *pl.FitToWidth != 1 {
		t.Errorf("page layout %+v (%v)", pl, err)
	}
	var titles, area bool
	for _, dn := range f.GetDefinedName() {
		switch {
		case dn.Name == "_xlnm.Print_Titles" && dn.Scope == s:
			titles = dn.RefersTo == "'培训费'!$12:$12"
		case dn.Name == "_xlnm.Print_Area" && dn.Scope == s:
			area = dn.RefersTo == "'培训费'!$A$1:$I$26"
		}
	}
	if !titles || !area {
		t.Errorf("print titles %v, print area %v: %+v", titles, area, f.GetDefinedName())
	}
	if w, _ := f.GetColWidth(s, "I"); w != widths[8] {
		t.Errorf("width of I = %v", w)
	}
	if h, _ := f.GetRowHeight(s, 11); h < 40 {
		t.Errorf("goals row height %v", h)
	}
	id, _ := f.GetCellStyle(s, "D13")
	st, _ := f.GetStyle(id)
	if st == nil || st.Alignment == nil || !st.Alignment.WrapText || len(st.Border) != 4 {
		t.Errorf("D13 style %+v", st)
	}
}

// TestXlsxSheetNames: names are made safe, short and unique.
func TestXlsxSheetNames(t *testing.T) {
	used := map[string]bool{strings.ToLower(summarySheet): true}
	long := strings.Repeat("长", 40)
	for i, c := range []struct{ in, want string }{
		{"a/b:c*d?e[f]g\\h", "a_b_c_d_e_f_g_h"},
		{"培训费", "培训费"},
		{"培训费", "培训费(2)"},
		{"汇总", "汇总(2)"},
		{"", "表5"},
		{"'quoted'", "quoted"},
		{long, strings.Repeat("长", 31)},
		{long, strings.Repeat("长", 28) + "(2)"},
		{"History", "表9"},
		{"PEIXUN", "PEIXUN"},
		{"peixun", "peixun(2)"},
	} {
		if got := sheetName(c.in, i, used); got != c.want {
			t.Errorf("sheetName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// Two forms of one project in one workbook.
	fm := xlsxSeedForm(t, "培训费")
	got, err := Read(bytes.NewReader(writeXLSX(t, fm, fm)))
	if err != nil || len(got) != 2 {
		t.Fatalf("read %d forms, %v", len(got), err)
	}
}

// TestXlsxHandMade reads a workbook made by hand from the usual template: no 绩效指标 column,
// funds rows in another order, amounts as text with separators, labels with spaces and
// newlines, merged level-1 cells, a blank row, a repeated header, numbers typed in Excel.
func TestXlsxHandMade(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	const s = "Sheet1"
	set := func(cell string, v any) {
		t.Helper()
		if err := f.SetCellValue(s, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	merge := func(a, b string) {
		t.Helper()
		if err := f.MergeCell(s, a, b); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "2023年度财政项目支出绩效自评表")
	set("A2", "项 目 名 称：")
	merge("A2", "B2")
	set("C2", "  社区 服务项目 ")
	set("A3", "主管部门")
	set("B3", "某区民政局")
	set("D3", "实施\n单位")
	set("E3", "某街道办事处")
	// Funds: header, then rows in another order.
	set("A4", "项目资金\n（元）")
	set("C4", "年初\n预算数")
	set("D4", "全年 预算数")
	set("E4", "全年执行数")
	set("F4", "分 值")
	set("G4", "执行率")
	set("H4", "得分")
	set("B5", "上年结转资金")
	set("C5", "0")
	set("D5", "0")
	set("B6", "年度资金 总额")
	set("C6", "1,000,000")
	set("D6", "1,000,000")
	set("E6", 985432.1)
	set("F6", 10)
	set("G6", "98.55%")
	set("B7", "其他资金")
	set("C7", "—")
	set("B8", "当年财政拨款")
	set("C8", "1,000,000")
	set("D8", "１,０００,０００")
	if err := f.SetCellDefault(s, "E8", "985432.09999999998"); err != nil { // float noise, as Excel stores it
		t.Fatal(err)
	}
	set("A9", "年度\n总体目标")
	merge("A9", "A10")
	set("B9", "预 期 目 标")
	merge("B9", "D9")
	set("E9", "实际完成\n情况")
	merge("E9", "H9")
	set("B10", "完成社区服务")
	merge("B10", "D10")
	set("E10", " 已完成\n")
	merge("E10", "H10")
	// Indicators, without the 绩效指标 column.
	hdr := []string{"一级\n指标", "二级指标", "三级 指标", "年度\n指标值", "实际\n完成值", "分值", "得分", "偏差原因分析\n及改进措施"}
	for i, h := range hdr {
		set(string(rune('A'+i))+"11", h)
	}
	rows := [][]any{
		{"产出指标", "数量指标", "服务人次", "≥6000人次", "6500人次", 20, 20, ""},
		{nil, nil, "活动场次", ">=12场", 12, 20, 20, nil},
		{},
		{nil, "质量指标", "满意率", "≥90%", 0.95, 10, 9.5, "个别活动组织不足"},
		{"效益指标", "社会效益指标", "居民参与度", "提升", "提升", 30, 30},
		{nil, nil, nil, nil, nil, nil, nil, nil},
		{"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"},
		{"满意度指标", "服务对象满意度指标", "居民满意度", "≥85%", "90%", 10, 10},
	}
	for i, row := range rows {
		for j, v := range row {
			if v != nil {
				set(fmt.Sprintf("%c%d", 'A'+j, 12+i), v)
			}
		}
	}
	merge("A12", "A15") // 产出指标 over the blank row and 质量指标
	merge("B12", "B13")
	set("A20", "总 分")
	set("F20", 100)
	set("G20", 99.35)
	// Numbers shown with formats: E15 as a percentage, G15 with two decimals.
	pct, _ := f.NewStyle(&excelize.Style{NumFmt: 9})
	_ = f.SetCellStyle(s, "E15", "E15", pct)
	two, _ := f.NewStyle(&excelize.Style{NumFmt: 2})
	_ = f.SetCellStyle(s, "G15", "G15", two)
	grouped, _ := f.NewStyle(&excelize.Style{NumFmt: 4})
	_ = f.SetCellStyle(s, "E6", "E6", grouped)
	// A second, empty sheet is skipped.
	if _, err := f.NewSheet("Sheet2"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := Read(&buf)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if len(got) != 1 {
		t.Fatalf("read %d forms", len(got))
	}
	want := form.Form{
		Year: 2023, Project: "社区 服务项目", Department: "某区民政局", Unit: "某街道办事处",
		Funds: form.Funds{
			Total:     form.FundsRow{Initial: "1,000,000", Adjusted: "1,000,000", Executed: "985,432.10"},
			Fiscal:    form.FundsRow{Initial: "1,000,000", Adjusted: "１,０００,０００", Executed: "985432.1"},
			Carryover: form.FundsRow{Initial: "0", Adjusted: "0"},
			Other:     form.FundsRow{},
		},
		BudgetWeight: "10",
		Goals:        form.Goals{Expected: "完成社区服务", Achieved: "已完成"},
		Indicators: []form.Indicator{
			{Level1: "产出指标", Level2: "数量指标", Name: "服务人次", Target: "≥6000人次", Actual: "6500人次", Weight: "20", Score: "20"},
			{Level1: "产出指标", Level2: "数量指标", Name: "活动场次", Target: ">=12场", Actual: "12", Weight: "20", Score: "20"},
			{Level1: "产出指标", Level2: "质量指标", Name: "满意率", Target: "≥90%", Actual: "95%", Weight: "10", Score: "9.50", Deviation: "个别活动组织不足"},
			{Level1: "效益指标", Level2: "社会效益指标", Name: "居民参与度", Target: "提升", Actual: "提升", Weight: "30", Score: "30"},
			{Level1: "满意度指标", Level2: "服务对象满意度指标", Name: "居民满意度", Target: "≥85%", Actual: "90%", Weight: "10", Score: "10"},
		},
	}
	if d := formDiff(&want, &got[0]); d != "" {
		t.Error(d)
	}
}

// TestXlsxGoalsBeside reads goals written beside their labels rather than under them.
func TestXlsxGoalsBeside(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	for cell, v := range map[string]string{
		"A1": "项目名称", "B1": "P", "A2": "预期目标", "B2": "目标甲", "A3": "实际完成情况", "B3": "完成乙",
		"A4": "三级指标", "B4": "年度指标值", "A5": "x", "B5": "1", "A6": "总分",
	} {
		_ = f.SetCellValue("Sheet1", cell, v)
	}
	var buf bytes.Buffer
	_, _ = f.WriteTo(&buf)
	got, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if g := got[0]; g.Project != "P" || g.Goals.Expected != "目标甲" || g.Goals.Achieved != "完成乙" ||
		len(g.Indicators) != 1 || g.Indicators[0].Target != "1" {
		t.Errorf("got %+v", g)
	}
}

// TestXlsxAchievementAndBlanks: chosen grades, a missing year and blank fields round-trip.
func TestXlsxAchievementAndBlanks(t *testing.T) {
	fm := xlsxSeedForm(t, "培训费")
	fm.Year = 0
	fm.Department = ""
	fm.BudgetWeight = ""
	fm.Goals.Expected = ""
	fm.Indicators[1].Achievement = form.Partial
	fm.Indicators[2].Achievement = "custom"
	fm.Indicators[3].Deviation = "第一行\n第二行"
	got, err := Read(bytes.NewReader(writeXLSX(t, fm)))
	if err != nil {
		t.Fatal(err)
	}
	if d := formDiff(&fm, &got[0]); d != "" {
		t.Error(d)
	}
	empty := form.Form{Project: "空表"}
	got, err = Read(bytes.NewReader(writeXLSX(t, empty)))
	if err != nil {
		t.Fatal(err)
	}
	if d := formDiff(&empty, &got[0]); d != "" {
		t.Error(d)
	}
}

// TestXlsxErrors: a bad amount names its cell; a workbook without a form is refused.
func TestXlsxErrors(t *testing.T) {
	fm := xlsxSeedForm(t, "培训费")
	fm.Funds.Fiscal.Executed = "1O0"
	forms, err := Read(bytes.NewReader(writeXLSX(t, xlsxSeedForm(t, "调研经费"), fm)))
	var ce *diag.CellError
	if !errors.As(err, &ce) || forms != nil {
		t.Fatalf("Read = %d forms, %v; want a *CellError and no forms", len(forms), err)
	}
	if *ce != (diag.CellError{Code: diag.CellAmountSyntax, Sheet: "培训费", Cell: "E7", Value: "1O0"}) {
		t.Errorf("cell error %+v", *ce)
	}
	if got, want := ce.Message(i18n.Zh), "培训费!E7：无法识别的金额 “1O0”"; got != want {
		t.Errorf("zh %q, want %q", got, want)
	}
	if got, want := err.Error(), "培训费!E7: unrecognised amount “1O0”"; got != want {
		t.Errorf("error %q, want %q", got, want)
	}
	if got := ce.Message(i18n.En); got != err.Error() {
		t.Errorf("en %q, want the error %q", got, err.Error())
	}
	for _, c := range []struct{ in, code, zh, en string }{
		{"1.234", diag.CellAmountPrecision, "培训费!E7：金额最多两位小数：“1.234”", "培训费!E7: an amount has at most two decimal places: “1.234”"},
		{"-5", diag.CellAmountNegative, "培训费!E7：金额不能为负：“-5”", "培训费!E7: an amount cannot be negative: “-5”"},
		{"1000000000000000000000", diag.CellAmountRange, "培训费!E7：金额过大：“1000000000000000000000”", "培训费!E7: amount too large: “1000000000000000000000”"},
	} {
		fm.Funds.Fiscal.Executed = c.in
		_, err := Read(bytes.NewReader(writeXLSX(t, fm)))
		if !errors.As(err, &ce) || ce.Code != c.code || ce.Message(i18n.Zh) != c.zh || err.Error() != c.en || diag.ErrorMessage(err, i18n.Zh) != c.zh {
			t.Errorf("%q: error %v, want %s / %s", c.in, err, c.zh, c.en)
		}
	}

	// A sheet that is not a form.
	f := excelize.NewFile()
	_ = f.SetCellValue("Sheet1", "B2", "说明：本工作簿")
	var buf bytes.Buffer
	_, _ = f.WriteTo(&buf)
	f.Close()
	_, err = Read(bytes.NewReader(buf.Bytes()))
	if !errors.As(err, &ce) || ce.Code != diag.CellIndicatorTable || ce.Sheet != "Sheet1" || ce.Cell != "A1" ||
		ce.Message(i18n.Zh) != "Sheet1!A1：未找到绩效指标表（没有“三级指标”“年度指标值”等表头）" ||
		err.Error() != "Sheet1!A1: performance indicator table not found (no header row with the level-3 indicator, target value …)" {
		t.Errorf("no table: %v", err)
	}
	// Only empty sheets.
	f = excelize.NewFile()
	buf.Reset()
	_, _ = f.WriteTo(&buf)
	f.Close()
	if _, err := Read(&buf); !errors.Is(err, ErrNoForm) {
		t.Errorf("empty workbook: %v", err)
	}
	// Not a workbook.
	var fe *diag.FileError
	if _, err := Read(strings.NewReader("not a zip")); !errors.As(err, &fe) || fe.Code != diag.FileNotWorkbook ||
		fe.Err == nil || diag.ErrorMessage(err, i18n.Zh) != "不是可读取的 Excel 工作簿" {
		t.Errorf("garbage: %v", err)
	}
	// Nothing to write.
	if err := Write(&buf, nil, nil); err == nil {
		t.Error("Write(nil) without error")
	}
	// Text too long for a cell.
	fm = xlsxSeedForm(t, "培训费")
	fm.Goals.Achieved = strings.Repeat("字", maxCellChars+1)
	if err := Write(&buf, []form.Form{fm}, nil); err == nil || !strings.Contains(err.Error(), "goals.achieved") {
		t.Errorf("long text: %v", err)
	}
}

// TestXlsxSummarySkipped: the summary sheet is first and is not read as a form.
func TestXlsxSummarySkipped(t *testing.T) {
	forms := xlsxSeed(t)[:2]
	b := writeXLSX(t, forms...)
	f := openXLSX(t, b)
	if got := f.GetSheetList(); !slices.Equal(got, []string{summarySheet, forms[0].Project, forms[1].Project}) {
		t.Errorf("sheets %q", got)
	}
	if v, _ := f.GetCellValue(summarySheet, "A1"); v != summaryTitle {
		t.Errorf("summary title %q", v)
	}
	got, err := Read(bytes.NewReader(b))
	if err != nil || len(got) != 2 {
		t.Fatalf("read %d forms, %v", len(got), err)
	}
}

func BenchmarkWriteXLSX(b *testing.B) {
	forms := xlsxSeed(b)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := Write(&buf, forms, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/workbook")
}

// TestXlsxProfilesPerForm: in one workbook each form's sheet, and its row of the summary,
// follow the profile that form was scored with.
func TestXlsxProfilesPerForm(t *testing.T) {
	a, b := xlsxSeedForm(t, "培训费"), xlsxSeedForm(t, "培训费")
	b.Project = "培训费（分档）"
	for _, fm := range []*form.Form{&a, &b} {
		fm.Funds.Total.Executed = "100,000.5"
	}
	profiles := []*scoring.Profile{&scoring.Shanghai2022, &scoring.Banded2023}
	var buf bytes.Buffer
	if err := WriteProfiles(&buf, []form.Form{a, b}, profiles); err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, buf.Bytes())
	total := fmt.Sprint("H", rowInd+len(a.Indicators))
	for i, fm := range []form.Form{a, b} {
		res := formjson.NewComputed(ptr(scoring.Score(&fm, profiles[i])))
		sheet := sheetName(fm.Project, i, map[string]bool{strings.ToLower(summarySheet): true})
		calc, err := f.CalcCellValue(sheet, total, excelize.Options{RawCellValue: true})
		d, perr := decimal.Parse(calc)
		if err != nil || perr != nil || d.Cmp(decimal.MustParse(res.Total)) != 0 {
			t.Errorf("%s (%s): total recalculates to %q (%v), want %s", sheet, profiles[i].Name, calc, err, res.Total)
		}
	}
	if ra, rb := formjson.NewComputed(ptr(scoring.Score(&a, profiles[0]))), formjson.NewComputed(ptr(scoring.Score(&b, profiles[1]))); ra.Total == rb.Total {
		t.Fatalf("the two profiles give the same total %s: the test shows nothing", ra.Total)
	}
	if err := WriteProfiles(&buf, []form.Form{a}, profiles); err == nil {
		t.Error("one form with two profiles was written")
	}
}
