package text

import (
	"reflect"
	"testing"

	"selfeval/internal/exchange/diag"
	"selfeval/internal/form"
)

// sichuanForm is a form in the layout of Sichuan's 2023 template (部门预算项目支出绩效自评表, as
// published by 大英县司法局, https://dyxrmt.cn/article-157795-21.html): the funds table under
// 年度预算数(万元) with its columns 年初预算 / 调整后预算数 / 预算执行数 / 预算执行率 / 权重 /
// 得分 / 原因 and its rows 总额 / 其中:财政资金 / 财政专户管理资金 / 单位资金 / 其他资金; the
// target in three columns 指标性质 / 指标值 / 度量单位; 完成值 before 权重; a 合计 row and the
// conclusion and signature lines after it.
func sichuanForm() [][]string {
	return [][]string{
		{"部门预算项目支出绩效自评表(2023年度)"},
		{"项目名称", "测试项目"},
		{"主管部门", "某县司法局部门", "实施单位", "某县司法局"},
		{"项目基本情况", "1.项目年度目标完成情况", "项目年度目标", "年度目标完成情况"},
		{"", "", "购买设备并完成支付。", "完成"},
		{"", "2.项目实施内容及过程概述", "购买 13 台电脑并完成支付。"},
		{"预算执行情况(10分)", "年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因"},
		{"总额", "0.00", "3.36", "3.36", "100.00%", "10", "10", "预算执行率未达到90%的需说明原因"},
		{"其中:财政资金", "0.00", "3.36", "3.36", "100.00%", "/", "/"},
		{"财政专户管理资金", "0.00", "0.00", "0.00", "0.00%", "/", "/"},
		{"单位资金", "0.00", "0.00", "0.00", "0.00%", "/", "/"},
		{"其他资金", "/", "/"},
		{"绩效指标(90分)", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"},
		{"产出指标", "质量指标", "完成设备购买并按要求支付资金", "=", "100", "%", "100%", "45", "45", ""},
		{"产出指标", "经济成本指标", "成本控制数", "≤", "30", "万元", "完成", "45", "40", "采购价高于预期"},
		{"合计", "100", ""},
		{"评价结论", "按管理办法支付资金。"},
		{"项目负责人:某甲", "财务负责人:某乙"},
	}
}

// TestReadTextSichuan2023: the Sichuan template is read as such: its template and unit, its
// five funds rows by their labels, the funds columns by theirs (执行率 before 权重), the split
// target joined into one, 完成值 as the actual, and the table ended at 合计.
func TestReadTextSichuan2023(t *testing.T) {
	forms, err := Read(lines(sichuanForm()...))
	if err != nil || len(forms) != 1 {
		t.Fatalf("Read = %d forms, %v", len(forms), err)
	}
	f := forms[0].Form
	if f.Template != form.TemplateSichuan2023.Name || f.AmountUnit != form.WanYuan || f.Year != 2023 {
		t.Errorf("template %q, unit %q, year %d; want sichuan-2023, 万元, 2023", f.Template, f.AmountUnit, f.Year)
	}
	wantFunds := form.Funds{
		Total:   form.FundsRow{Initial: "0.00", Adjusted: "3.36", Executed: "3.36"},
		Fiscal:  form.FundsRow{Initial: "0.00", Adjusted: "3.36", Executed: "3.36"},
		Special: form.FundsRow{Initial: "0.00", Adjusted: "0.00", Executed: "0.00"},
		Own:     form.FundsRow{Initial: "0.00", Adjusted: "0.00", Executed: "0.00"},
	}
	if f.Funds != wantFunds {
		t.Errorf("funds\n got %+v\nwant %+v", f.Funds, wantFunds)
	}
	if f.BudgetWeight != "10" || forms[0].Printed.ExecutionRate != "100.00%" || forms[0].Printed.BudgetScore != "10" {
		t.Errorf("budget weight %q, printed rate %q, budget score %q; want 10, 100.00%%, 10",
			f.BudgetWeight, forms[0].Printed.ExecutionRate, forms[0].Printed.BudgetScore)
	}
	want := []form.Indicator{
		{Level1: "产出指标", Level2: "质量指标", Name: "完成设备购买并按要求支付资金", Target: "=100%", Actual: "100%", Weight: "45", Score: "45"},
		{Level1: "产出指标", Level2: "经济成本指标", Name: "成本控制数", Target: "≤30万元", Actual: "完成", Weight: "45", Score: "40", Deviation: "采购价高于预期"},
	}
	if !reflect.DeepEqual(f.Indicators, want) {
		t.Errorf("indicators\n got %+v\nwant %+v", f.Indicators, want)
	}
	if f.Goals.Expected != "购买设备并完成支付。" || f.Goals.Achieved != "完成" {
		t.Errorf("goals %+v", f.Goals)
	}
	for _, n := range forms[0].Notes {
		if n.Code == diag.NoteFieldMissing && (n.Field == "funds.carryover" || n.Field == "funds.special" || n.Field == "funds.own") {
			t.Errorf("note %+v: the template has no carryover row, and the special and own rows were there", n)
		}
	}
}

// TestReadTextColumnsByLabel: the indicator columns are found by their header labels, in any
// order and with columns the form does not hold (指标完成情况): 分值 before 年度指标值, 备注
// kept apart from the deviation as a note.
func TestReadTextColumnsByLabel(t *testing.T) {
	want, err := Read(lines(smallForm()...))
	if err != nil {
		t.Fatal(err)
	}
	rows := smallForm()
	rows[11] = []string{"一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "指标完成情况", "得分", "偏差原因分析及改进措施", "备注"}
	rows[12] = []string{"产出指标", "数量指标", "指标一", "50", "≥10个", "12个", "已完成", "50", "", ""}
	rows[13] = []string{"效益指标", "社会效益指标", "指标二", "30", "提升", "提升", "已完成", "30", "", "见附件"}
	rows[14] = []string{"满意度指标", "服务对象满意度指标", "指标三", "10", "≥90%", "85%", "未完成", "9", "宣传不足，下年加强", "问卷 200 份"}
	got, err := Read(lines(rows...))
	if err != nil || len(got) != 1 {
		t.Fatalf("Read = %d forms, %v", len(got), err)
	}
	if !reflect.DeepEqual(got[0].Form.Indicators, want[0].Form.Indicators) {
		t.Errorf("columns by label\n got %+v\nwant %+v", got[0].Form.Indicators, want[0].Form.Indicators)
	}
	var remarks []string
	for _, n := range got[0].Notes {
		if n.Code == diag.NoteRemark {
			remarks = append(remarks, n.Field+"="+n.Args[0])
		}
	}
	if w := []string{"indicators.1.deviation=见附件", "indicators.2.deviation=问卷 200 份"}; !reflect.DeepEqual(remarks, w) {
		t.Errorf("remark notes %v, want %v", remarks, w)
	}
}
