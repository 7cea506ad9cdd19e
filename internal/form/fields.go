package form

import "strconv"

// Field is one value of a form under its interchange path ("funds.total.executed",
// "indicators.3.actual"), the name it has in JSON, in HTML forms and in problems.
type Field struct {
	Path, Value string
}

// Fields lists the values a person edits, under their interchange paths, in table order.
func Fields(f *Form) []Field {
	out := []Field{{"project", f.Project}, {"budget_weight", f.BudgetWeight}}
	for _, name := range FundsRowNames {
		row := f.Funds.Row(name)
		p := "funds." + name + "."
		out = append(out, Field{p + "initial", row.Initial}, Field{p + "adjusted", row.Adjusted}, Field{p + "executed", row.Executed})
	}
	out = append(out, Field{"goals.expected", f.Goals.Expected}, Field{"goals.achieved", f.Goals.Achieved})
	for i, in := range f.Indicators {
		p := "indicators." + strconv.Itoa(i) + "."
		out = append(out,
			Field{p + "level1", in.Level1}, Field{p + "level2", in.Level2}, Field{p + "name", in.Name},
			Field{p + "target", in.Target}, Field{p + "actual", in.Actual}, Field{p + "weight", in.Weight},
			Field{p + "score", in.Score}, Field{p + "deviation", in.Deviation}, Field{p + "achievement", string(in.Achievement)})
	}
	return out
}
