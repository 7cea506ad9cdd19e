package web

import (
	"net/url"
	"strconv"
	"strings"

	"selfeval/internal/form"
)

// maxRows bounds the indicator rows read from a request, so a crafted body cannot make the
// server allocate without end (the body limit bounds the rest).
const maxRows = 500

// formFromValues reads a posted form whose field names are interchange paths. The header
// fields a person does not edit (year, department, unit) come from base.
func formFromValues(v url.Values, base *form.Form) form.Form {
	f := form.Form{
		Year: base.Year, Department: base.Department, Unit: base.Unit,
		Project:      v.Get("project"),
		BudgetWeight: v.Get("budget_weight"),
		Goals:        form.Goals{Expected: v.Get("goals.expected"), Achieved: v.Get("goals.achieved")},
	}
	for _, name := range form.FundsRowNames {
		row := f.Funds.Row(name)
		row.Initial = v.Get("funds." + name + ".initial")
		row.Adjusted = v.Get("funds." + name + ".adjusted")
		row.Executed = v.Get("funds." + name + ".executed")
	}
	n := rowCount(v)
	f.Indicators = make([]form.Indicator, n)
	for i := range f.Indicators {
		p := "indicators." + strconv.Itoa(i) + "."
		f.Indicators[i] = form.Indicator{
			Level1: v.Get(p + "level1"), Level2: v.Get(p + "level2"), Name: v.Get(p + "name"),
			Target: v.Get(p + "target"), Actual: v.Get(p + "actual"), Weight: v.Get(p + "weight"),
			Score: v.Get(p + "score"), Deviation: v.Get(p + "deviation"),
			Achievement: form.Achievement(v.Get(p + "achievement")),
		}
	}
	return f
}

// rowCount is one more than the highest indicator index posted, at most maxRows.
func rowCount(v url.Values) int {
	n := 0
	for key := range v {
		rest, ok := strings.CutPrefix(key, "indicators.")
		if !ok {
			continue
		}
		idx, _, _ := strings.Cut(rest, ".")
		if i, err := strconv.Atoi(idx); err == nil && i >= 0 && i < maxRows && i+1 > n {
			n = i + 1
		}
	}
	return n
}

// applyRowOp applies a row operation posted by a button ("add:3", "del:3", "up:3", "down:3")
// and returns the row to show afterwards. A new row takes the labels of the row above it.
func applyRowOp(f *form.Form, op string) int {
	verb, idx, ok := strings.Cut(op, ":")
	i, err := strconv.Atoi(idx)
	if !ok || err != nil || i < -1 || i >= len(f.Indicators) {
		return -1
	}
	rows := f.Indicators
	switch verb {
	case "add":
		var row form.Indicator
		if i >= 0 {
			row.Level1, row.Level2 = rows[i].Level1, rows[i].Level2
		}
		rows = append(rows[:i+1], append([]form.Indicator{row}, rows[i+1:]...)...)
		i++
	case "del":
		if i < 0 {
			return -1
		}
		rows = append(rows[:i], rows[i+1:]...)
		i = min(i, len(rows)-1)
	case "up":
		if i > 0 {
			rows[i-1], rows[i] = rows[i], rows[i-1]
			i--
		}
	case "down":
		if i >= 0 && i+1 < len(rows) {
			rows[i], rows[i+1] = rows[i+1], rows[i]
			i++
		}
	default:
		return -1
	}
	f.Indicators = rows
	return i
}
