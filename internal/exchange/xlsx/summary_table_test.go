package xlsx

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"selfeval/internal/form"
)

// TestSummaryTable: the 汇总表 is one sheet: the title with its year, the header, and a row a
// form in the order added, amounts as numbers in their unit (万元 with its places), figures
// with the places they are written with, times as dates on their wall clock, and what is no
// number kept as text.
func TestSummaryTable(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	rows := []TableRow{
		{Unit: "上海市闵行区地区工作办公室", Project: "培训费", Status: "已通过", Adjusted: "195,000.00", Executed: "193100",
			Rate: "99.03", BudgetScore: "9.90", Total: "99.90", Grade: "优", Flags: "",
			Submitted: time.Date(2023, 3, 1, 9, 30, 15, 0, cst), Approved: time.Date(2023, 3, 2, 17, 5, 0, 0, cst)},
		{Unit: "大英县司法局", Project: "=法律援助", Status: "草稿", Adjusted: "207.4538", Executed: "200.1234万元", AmountUnit: form.WanYuan,
			Rate: "96.47", BudgetScore: "9.65", Total: "88", Grade: "良", Flags: "执行率低于 90%；超额完成"},
		{Unit: "某单位", Project: "未填写", Status: "草稿", Adjusted: "", Executed: "不详", Rate: "", BudgetScore: "0.00", Total: "", Grade: ""},
	}
	tb, err := NewSummaryTable(2022)
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		if err := tb.Add(&rows[i]); err != nil {
			t.Fatal(err)
		}
	}
	if tb.Rows() != 3 {
		t.Errorf("Rows() = %d", tb.Rows())
	}
	var buf bytes.Buffer
	if _, err := tb.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"汇总表"}) {
		t.Fatalf("sheets %q", got)
	}
	got, err := f.GetRows("汇总表")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"财政项目支出绩效自评汇总表（2022 年度）"},
		tableHeader,
		{"上海市闵行区地区工作办公室", "培训费", "已通过", "195,000.00", "193,100.00", "元", "99.03", "9.90", "99.90", "优", "",
			"2023-03-01 09:30:15", "2023-03-02 17:05:00"},
		{"大英县司法局", "=法律援助", "草稿", "207.4538", "200.1234", "万元", "96.47", "9.65", "88", "良", "执行率低于 90%；超额完成"},
		{"某单位", "未填写", "草稿", "", "不详", "元", "", "0.00"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows: %q", len(got), got)
	}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("row %d:\n got  %q\n want %q", i+1, got[i], want[i])
		}
	}
	cells := map[string]excelize.CellType{"D3": excelize.CellTypeNumber, "E4": excelize.CellTypeNumber,
		"G3": excelize.CellTypeNumber, "I4": excelize.CellTypeNumber, "E5": excelize.CellTypeSharedString,
		"B4": excelize.CellTypeSharedString}
	for cell, typ := range cells {
		got, err := f.GetCellType("汇总表", cell)
		if err != nil {
			t.Fatal(err)
		}
		// Numbers carry no type attribute (unset), text is an inline or shared string.
		isNum := got == excelize.CellTypeNumber || got == excelize.CellTypeUnset
		if isNum != (typ == excelize.CellTypeNumber) {
			t.Errorf("%s is of type %v", cell, got)
		}
	}
	if v, _ := f.GetCellValue("汇总表", "E4", excelize.Options{RawCellValue: true}); v != "200.1234" {
		t.Errorf("E4 holds %q, want the number 200.1234", v)
	}
	if v, _ := f.GetCellFormula("汇总表", "B4"); v != "" {
		t.Errorf("a project that looks like a formula became one: %q", v)
	}
}

// TestSummaryTableClose: a table dropped before it is written leaves nothing open.
func TestSummaryTableClose(t *testing.T) {
	tb, err := NewSummaryTable(2022)
	if err != nil {
		t.Fatal(err)
	}
	if err := tb.Add(&TableRow{Unit: "甲", Project: "乙"}); err != nil {
		t.Fatal(err)
	}
	if err := tb.Close(); err != nil {
		t.Fatal(err)
	}
}
