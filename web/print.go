package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"selfeval/internal/form"
	"selfeval/views"
)

// printForm is /forms/{id}/print: the official table for the browser's print to PDF.
func (s *Server) printForm(c echo.Context) error {
	l, err := s.loadForm(c)
	if err != nil {
		return err
	}
	fp := s.formPage(c, l.id, l.a, l.p, l.rec.Form)
	f := &l.rec.Form
	page := views.PrintPage{Page: fp.Page, Form: fp, Rows: printRows(f, fp.Calc), Weight: fp.Calc.BudgetWeight,
		Expected: f.Goals.Expected, Achieved: f.Goals.Achieved}
	for i, name := range form.FundsRowNames {
		row := f.Funds.Row(name)
		page.Amounts[i] = [3]string{money(row.Initial), money(row.Adjusted), money(row.Executed)}
	}
	return render(c, http.StatusOK, views.PrintView(page))
}

// money shows an amount as 1,234,567.00 when the text is one, and as typed otherwise.
func money(s string) string {
	d, err := form.ParseAmount(s)
	if err != nil {
		return s
	}
	return d.Grouped(2)
}

// printRows lays the indicator rows out with merged level-1 and level-2 cells over runs of
// equal labels; the score printed is the one counted in the total.
func printRows(f *form.Form, calc views.Calc) []views.PrintRow {
	rows := make([]views.PrintRow, len(f.Indicators))
	for i, in := range f.Indicators {
		score := in.Score
		if score == "" && i < len(calc.Rows) {
			score = calc.Rows[i].Suggested
		}
		rows[i] = views.PrintRow{Level1: in.Level1, Level2: in.Level2, Name: in.Name, Target: in.Target,
			Actual: in.Actual, Weight: in.Weight, Score: score, Deviation: in.Deviation}
	}
	for i := 0; i < len(rows); {
		j := i
		for j < len(rows) && rows[j].Level1 == rows[i].Level1 {
			j++
		}
		rows[i].L1Span = j - i
		for k := i; k < j; {
			m := k
			for m < j && rows[m].Level2 == rows[k].Level2 {
				m++
			}
			rows[k].L2Span = m - k
			k = m
		}
		i = j
	}
	return rows
}
