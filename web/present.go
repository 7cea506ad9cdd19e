package web

import (
	"time"

	"selfeval/internal/exchange"
	"selfeval/internal/form"
	"selfeval/internal/i18n"
	"selfeval/internal/scoring"
	"selfeval/views"
)

// calcView formats a scoring result for the page: rates with a percent sign, scores with two places.
func calcView(lang i18n.Lang, f *form.Form, r *scoring.Result) views.Calc {
	c := views.Calc{
		ExecutionRate:  r.ExecutionRate.Fixed(2) + "%",
		BudgetScore:    r.BudgetScore.Fixed(2),
		BudgetWeight:   r.BudgetWeight.String(),
		IndicatorScore: r.IndicatorScore.Fixed(2),
		Total:          r.Total.Fixed(2),
		Grade:          r.Grade,
		WeightSum:      r.WeightSum.String(),
		Rows:           make([]views.RowCalc, len(r.Indicators)),
		Subtotals:      make([]views.SubtotalView, len(r.Subtotals)),
		Problems:       make([]views.ProblemView, len(r.Problems)),
	}
	for k, st := range r.Subtotals {
		c.Subtotals[k] = views.SubtotalView{Level1: st.Level1, Level2: st.Level2, Weight: st.Weight.String(), Score: st.Score.Fixed(2)}
	}
	groupStarts(f, r, c.Rows)
	for i, in := range r.Indicators {
		if in.HasSuggested {
			c.Rows[i].Suggested = in.Suggested.Fixed(2)
		} else {
			c.Rows[i].Suggested = "—"
		}
		c.Rows[i].Kind = string(in.Kind)
	}
	for i, p := range r.Problems {
		c.Problems[i] = views.ProblemView{Field: p.Field, Severity: string(p.Severity), Flag: p.Flag, Message: exchange.ProblemMessage(p, lang)}
		if p.Severity == scoring.Error {
			c.Blocking++
		}
	}
	return c
}

// groupStarts marks the rows that open a level-1 or level-2 group, with the index of the
// group's subtotal; a group that reappears further down is not opened twice.
func groupStarts(f *form.Form, r *scoring.Result, rows []views.RowCalc) {
	index := make(map[[2]string]int, len(r.Subtotals))
	for k, st := range r.Subtotals {
		index[[2]string{st.Level1, st.Level2}] = k
	}
	opened := make(map[int]bool)
	open := func(key [2]string) int {
		k, ok := index[key]
		if !ok || opened[k] {
			return -1
		}
		opened[k] = true
		return k
	}
	for i := range rows {
		rows[i].L1Start, rows[i].L2Start = -1, -1
		in := &f.Indicators[i]
		newL1 := i == 0 || f.Indicators[i-1].Level1 != in.Level1
		if newL1 {
			rows[i].L1Start = open([2]string{in.Level1, ""})
		}
		if newL1 || f.Indicators[i-1].Level2 != in.Level2 {
			rows[i].L2Start = open([2]string{in.Level1, in.Level2})
		}
	}
}

// vocabulary lists the level-1 and level-2 labels of a profile, for the datalists.
func vocabulary(p *scoring.Profile) (l1, l2 []string) {
	for _, v := range p.Vocabulary {
		l1 = append(l1, v.Name)
		l2 = append(l2, v.Level2...)
	}
	return l1, l2
}

// clock formats a time as the person reads it: local time of Shanghai.
func clock(t time.Time) string { return t.In(shanghai).Format("15:04:05") }

func stamp(t time.Time) string { return t.In(shanghai).Format("2006-01-02 15:04:05") }

var shanghai = time.FixedZone("CST", 8*3600)
