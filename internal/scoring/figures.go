package scoring

import (
	"slices"
	"strings"

	"selfeval/internal/form"
)

// Figures is a scoring result as it is printed, shown and written to the interchange format:
// every figure a decimal string with the places the form prints (scores and the execution
// rate two, or whole numbers where the profile prints them so; weights as entered). It is the
// one formatting of a Result; the page adds its labels (the % sign, the grade's name in the reader's language) and the JSON writer its
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

// Figures formats r: scores and the rate with the profile's places (two, or whole numbers:
// 86.2037% printed 86 under langfang-2019), weights as they add up. A score with a fraction
// that whole numbers would hide (a typed 8.5) keeps two places.
func (r *Result) Figures() Figures {
	sp := r.ScorePlaces
	fg := Figures{
		Profile:        r.Profile,
		ExecutionRate:  printed(r.ExecutionRate, r.RatePlaces),
		BudgetScore:    printed(r.BudgetScore, sp),
		IndicatorScore: printed(r.IndicatorScore, sp),
		Total:          printed(r.Total, sp),
		Grade:          r.Grade,
		WeightSum:      r.WeightSum.String(),
		BudgetWeight:   r.BudgetWeight.String(),
		Indicators:     make([]IndicatorFigures, len(r.Indicators)),
		Subtotals:      make([]SubtotalFigures, len(r.Subtotals)),
	}
	for i, in := range r.Indicators {
		fg.Indicators[i] = IndicatorFigures{Score: printed(in.Score, sp), Kind: in.Kind, Met: in.Met}
		if in.HasSuggested {
			fg.Indicators[i].Suggested = printed(in.Suggested, sp)
		}
	}
	for i, st := range r.Subtotals {
		fg.Subtotals[i] = SubtotalFigures{st.Level1, st.Level2, st.Weight.String(), printed(st.Score, sp)}
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
	// Flags are the codes of the form's flags for the reviewer (Problem.Flag), each once,
	// sorted, space-separated: "funds.low_execution indicator.over_achieved".
	Flags string
}

// Summarize scores f under p and keeps what the list shows, formatted by Figures.
func Summarize(f *form.Form, p *Profile) Summary {
	r := Score(f, p)
	return r.Summary(p)
}

// Summary is what the list shows of r, the result of scoring under p.
func (r *Result) Summary(p *Profile) Summary {
	fg := r.Figures()
	return Summary{ExecutionRate: fg.ExecutionRate, Total: fg.Total, Grade: fg.Grade, ProfileVersion: p.Version, Flags: r.FlagCodes()}
}

// FlagCodes are the codes of r's flags for the reviewer, each once, sorted, space-separated.
func (r *Result) FlagCodes() string {
	var codes []string
	for _, p := range r.Problems {
		if p.Flag && !slices.Contains(codes, p.Code) {
			codes = append(codes, p.Code)
		}
	}
	slices.Sort(codes)
	return strings.Join(codes, " ")
}
