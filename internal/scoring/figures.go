package scoring

import "selfeval/internal/form"

// Figures is a scoring result as it is printed, shown and written to the interchange format:
// every figure a decimal string with the places the form prints (scores and the execution
// rate two, weights as entered). It is the one formatting of a Result; the page adds its
// labels (the % sign, the grade's name in the reader's language) and the JSON writer its
// problems' messages. Grade stays the stored Chinese grade.
type Figures struct {
	Profile        string             `json:"profile"`
	ExecutionRate  string             `json:"execution_rate"`
	BudgetScore    string             `json:"budget_score"`
	IndicatorScore string             `json:"indicator_score"`
	Total          string             `json:"total"`
	Grade          string             `json:"grade"`
	WeightSum      string             `json:"weight_sum"`
	BudgetWeight   string             `json:"-"` // the form carries it; the page shows the one in force
	Indicators     []IndicatorFigures `json:"indicators"`
	Subtotals      []SubtotalFigures  `json:"subtotals"`
}

// IndicatorFigures is what the rules say of one indicator row; Suggested is "" when the
// person must grade the row.
type IndicatorFigures struct {
	Suggested string `json:"suggested"`
	Score     string `json:"score"`
	Kind      Kind   `json:"kind"`
	Met       bool   `json:"met"`
}

// SubtotalFigures is the weight and score of a level-1 label (Level2 "") or a level-2 label.
type SubtotalFigures struct {
	Level1 string `json:"level1"`
	Level2 string `json:"level2,omitempty"`
	Weight string `json:"weight"`
	Score  string `json:"score"`
}

// Figures formats r: scores and the rate with two places, weights as they add up.
func (r *Result) Figures() Figures {
	fg := Figures{
		Profile:        r.Profile,
		ExecutionRate:  r.ExecutionRate.Fixed(2),
		BudgetScore:    r.BudgetScore.Fixed(2),
		IndicatorScore: r.IndicatorScore.Fixed(2),
		Total:          r.Total.Fixed(2),
		Grade:          r.Grade,
		WeightSum:      r.WeightSum.String(),
		BudgetWeight:   r.BudgetWeight.String(),
		Indicators:     make([]IndicatorFigures, len(r.Indicators)),
		Subtotals:      make([]SubtotalFigures, len(r.Subtotals)),
	}
	for i, in := range r.Indicators {
		fg.Indicators[i] = IndicatorFigures{Score: in.Score.Fixed(2), Kind: in.Kind, Met: in.Met}
		if in.HasSuggested {
			fg.Indicators[i].Suggested = in.Suggested.Fixed(2)
		}
	}
	for i, st := range r.Subtotals {
		fg.Subtotals[i] = SubtotalFigures{st.Level1, st.Level2, st.Weight.String(), st.Score.Fixed(2)}
	}
	return fg
}

// Summary is what a list shows of a scored form: its figures as printed, and the version of
// the profile they were computed with (to find them stale after a rule changes).
type Summary struct {
	ExecutionRate string
	Total         string
	Grade         string
	// ProfileVersion is the version of p the figures were computed with.
	ProfileVersion int
}

// Summarize scores f under p and keeps what the list shows, formatted by Figures.
func Summarize(f *form.Form, p *Profile) Summary {
	r := Score(f, p)
	fg := r.Figures()
	return Summary{ExecutionRate: fg.ExecutionRate, Total: fg.Total, Grade: fg.Grade, ProfileVersion: p.Version}
}
