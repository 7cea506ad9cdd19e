package form

// NextYear returns the form for the following year, as people start it from this year's:
// the indicator rows with their targets and weights are carried over; actual values, scores,
// deviations and grades are cleared; this year's full-year budget is offered as next year's
// initial budget, for the person to confirm; the expected goal is kept and the achieved one cleared.
func NextYear(f Form) Form {
	n := Form{
		Year: f.Year + 1, Project: f.Project, Department: f.Department, Unit: f.Unit,
		Template: f.Template, AmountUnit: f.AmountUnit, BudgetWeight: f.BudgetWeight,
		Goals:      Goals{Expected: f.Goals.Expected},
		Indicators: make([]Indicator, len(f.Indicators)),
	}
	for _, name := range FundsRowNames {
		n.Funds.Row(name).Initial = f.Funds.Row(name).Adjusted
	}
	for i, in := range f.Indicators {
		n.Indicators[i] = Indicator{Level1: in.Level1, Level2: in.Level2, Name: in.Name, Target: in.Target, Weight: in.Weight}
	}
	return n
}
