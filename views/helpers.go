package views

import "strconv"

var fundsNames = []string{"total", "fiscal", "carryover", "other"}

func fundsValue(f FormPage, name, col string) string {
	row := f.Form.Funds.Row(name)
	switch col {
	case "initial":
		return row.Initial
	case "adjusted":
		return row.Adjusted
	}
	return row.Executed
}

func rowCalc(f FormPage, i int) RowCalc {
	if i < len(f.Calc.Rows) {
		return f.Calc.Rows[i]
	}
	return RowCalc{L1Start: -1, L2Start: -1}
}

// indicatorRowSpan is the number of table rows under the 绩效指标 label: the header, the
// indicator rows and their group rows.
func indicatorRowSpan(f FormPage) int {
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
