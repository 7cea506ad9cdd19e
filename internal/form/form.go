// Package form is the model of the 财政项目支出绩效自评表 (project expenditure performance
// self-assessment form) and the parsers for what people type into it.
//
// Every value a person enters is kept as the text they typed: a form may hold anything in
// any field, and nothing is lost on the way from a keystroke to the database and back.
// Interpreting the text (amounts, targets, deadlines) is done by the parsers in this package,
// and scoring by package scoring. Names follow the glossary of DOMAIN.md.
package form

import "encoding/json"

// Form is one self-assessment form, as in the JSON interchange format.
type Form struct {
	Year         int         `json:"year"`
	Project      string      `json:"project"`
	Department   string      `json:"department"`
	Unit         string      `json:"unit"`
	Template     string      `json:"template,omitempty"`    // the form's layout (TemplateOf); "" is Shanghai 2022
	AmountUnit   AmountUnit  `json:"amount_unit,omitempty"` // unit of the funds table; "" is 元
	Funds        Funds       `json:"funds"`
	BudgetWeight string      `json:"budget_weight"`
	Goals        Goals       `json:"goals"`
	Indicators   []Indicator `json:"indicators"`
}

// Funds are the funds rows (项目资金, in the form's AmountUnit). The rows a form shows are
// its template's; the others stay empty. Special and Own are Sichuan 2023's rows, written to
// JSON only when they hold something, so that a form of another template reads as before.
type Funds struct {
	Total     FundsRow `json:"total"`     // 年度资金总额
	Fiscal    FundsRow `json:"fiscal"`    // 其中：当年财政拨款 (Sichuan: 财政资金)
	Carryover FundsRow `json:"carryover"` // 上年结转资金
	Other     FundsRow `json:"other"`     // 其他资金
	Special   FundsRow `json:"special"`   // 财政专户管理资金
	Own       FundsRow `json:"own"`       // 单位资金
}

// MarshalJSON writes the funds rows, leaving out the Sichuan rows when they are empty.
func (f Funds) MarshalJSON() ([]byte, error) {
	type all Funds // without this method
	if f.Special == (FundsRow{}) && f.Own == (FundsRow{}) {
		return json.Marshal(struct {
			Total     FundsRow `json:"total"`
			Fiscal    FundsRow `json:"fiscal"`
			Carryover FundsRow `json:"carryover"`
			Other     FundsRow `json:"other"`
		}{f.Total, f.Fiscal, f.Carryover, f.Other})
	}
	return json.Marshal(all(f))
}

// FundsRow holds the three amounts of one funds row, as typed.
type FundsRow struct {
	Initial  string `json:"initial"`  // 年初预算数
	Adjusted string `json:"adjusted"` // 全年预算数
	Executed string `json:"executed"` // 全年执行数
}

// Goals are the annual goals (年度总体目标), as prose.
type Goals struct {
	Expected string `json:"expected"` // 预期目标
	Achieved string `json:"achieved"` // 实际完成情况
}

// Achievement is the grade a person chooses for a qualitative row that missed its target (rule 4).
type Achievement string

// The achievement grades; the empty string means none was chosen.
const (
	Achieved Achievement = "achieved" // 达成年度指标
	Partial  Achievement = "partial"  // 部分达成
	Missed   Achievement = "missed"   // 未达成
)

// Indicator is one level-3 row of the indicator tree.
type Indicator struct {
	Level1      string      `json:"level1"`      // 一级指标
	Level2      string      `json:"level2"`      // 二级指标
	Name        string      `json:"name"`        // 三级指标
	Target      string      `json:"target"`      // 年度指标值
	Actual      string      `json:"actual"`      // 实际完成值
	Weight      string      `json:"weight"`      // 分值
	Score       string      `json:"score"`       // 得分; empty means "take the suggested score"
	Deviation   string      `json:"deviation"`   // 偏差原因分析及改进措施
	Achievement Achievement `json:"achievement"` // chosen grade of a qualitative row, or ""
}

// FundsRowNames are the keys of every funds row, as used in field paths: the Shanghai rows in
// table order, then Sichuan's. A template says which of them a form shows, in its order.
var FundsRowNames = [6]string{"total", "fiscal", "carryover", "other", "special", "own"}

// Row returns the funds row with the given key ("total", "fiscal", "carryover", "other"), or nil.
func (f *Funds) Row(name string) *FundsRow {
	switch name {
	case "total":
		return &f.Total
	case "fiscal":
		return &f.Fiscal
	case "carryover":
		return &f.Carryover
	case "other":
		return &f.Other
	case "special":
		return &f.Special
	case "own":
		return &f.Own
	}
	return nil
}
