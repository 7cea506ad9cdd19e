package views

import (
	"strconv"

	"selfeval/internal/form"
	"selfeval/internal/i18n"
)

// fundsValue is an amount of the funds grid as shown: 1,234,567.00 when the text is an
// amount, as typed otherwise (the save keeps the typed text when the amount is the same).
func fundsValue(f *FormPage, name, col string) string {
	row := f.Form.Funds.Row(name)
	v := row.Executed
	switch col {
	case "initial":
		v = row.Initial
	case "adjusted":
		v = row.Adjusted
	}
	return form.ShowAmountIn(v, f.Form.AmountUnit)
}

// FundsRows are the funds rows the form shows: its template's, and any other that holds an amount.
func (f *FormPage) FundsRows() []form.TemplateRow {
	return form.TemplateOf(f.Form.Template).RowsOf(&f.Form.Funds)
}

// FundsTitle is the label of the funds table in the form's template: 项目资金, 年度预算数.
func (f *FormPage) FundsTitle() string { return f.templateText("form.funds.label") }

// FundsLabel is the label of a funds row in the form's template, in the reader's language.
func (f *FormPage) FundsLabel(key string) string { return f.templateText("form.funds." + key) }

// FundsColumn is the label of a funds column (initial, adjusted, executed) in the form's template.
func (f *FormPage) FundsColumn(col string) string { return f.templateText("form.funds." + col) }

// templateText is the catalog's text of key for the form's template (key + "." + template)
// where the template words it its own way, else key's.
func (f *FormPage) templateText(key string) string {
	if t := f.Form.Template; t != "" && i18n.Has(key+"."+t) {
		return f.T(key + "." + t)
	}
	return f.T(key)
}

// UnitName is the form's unit of amounts in the reader's language: 元 or 万元.
func (f *FormPage) UnitName() string {
	switch f.Form.AmountUnit {
	case "", form.Yuan:
		return f.T("unit.yuan")
	case form.WanYuan:
		return f.T("unit.wan")
	}
	return string(f.Form.AmountUnit)
}

// YuanValue is the value the unit choice posts for 元: as stored when the form says "元",
// else "", so that showing the choice is never a change.
func (f *FormPage) YuanValue() string {
	if f.Form.AmountUnit == form.Yuan {
		return string(form.Yuan)
	}
	return ""
}

func rowCalc(f *FormPage, i int) RowCalc {
	if i < len(f.Calc.Rows) {
		return f.Calc.Rows[i]
	}
	return RowCalc{L1Start: -1, L2Start: -1}
}

// indicatorRowSpan is the number of table rows under the 绩效指标 label: the header, the
// indicator rows and their group rows.
func indicatorRowSpan(f *FormPage) int {
	n := 1 + len(f.Form.Indicators)
	for i := range f.Form.Indicators {
		c := rowCalc(f, i)
		if c.L1Start >= 0 {
			n++
		}
		if c.L2Start >= 0 {
			n++
		}
	}
	if len(f.Form.Indicators) == 0 {
		n++
	}
	return n
}

func itoa(n int) string { return strconv.Itoa(n) }

// fieldKey is the catalog key of the label of a header, funds or goals field.
func fieldKey(path string) string {
	switch path {
	case form.PathProject:
		return "form.project"
	case form.PathBudgetWeight:
		return "field.budget_weight"
	case form.PathGoalsExpected:
		return "form.goals.expected"
	case form.PathGoalsAchieved:
		return "form.goals.achieved"
	}
	return "form.title"
}

// beforeAfter shows a figure that a change leaves alone as it is, and one it changes as
// "before → after".
func beforeAfter(before, after string) string {
	if before == after {
		return before
	}
	return before + " → " + after
}
