package scoring

import (
	"errors"
	"strings"
	"unicode/utf8"

	"selfeval/internal/decimal"
	"selfeval/internal/form"
)

// ReviewScore is a reviewer's score of one indicator row (审核得分), with the reason for it
// (扣分原因).
type ReviewScore struct {
	Row    int // the indicator row, counted from 0
	Score  decimal.Dec
	Reason string
}

// Review is a form's figures after its review: the rows the reviewer scored, each beside its
// self score, and the indicator score, total and grade that count the review score of a row
// where it has one and its self score elsewhere. They are the final figures of an approved
// form.
type Review struct {
	Rows []ReviewedRow // the rows with a review score, in row order
	// IndicatorScore, Total and Grade are those of the form under the review scores: the
	// total is the budget score and the indicator score, capped as the self total is (rule
	// 13), and graded by the same rule (rule 8).
	IndicatorScore decimal.Dec
	Total          decimal.Dec
	Grade          string
	// Difference is Total minus the self total: negative when the review took points off.
	Difference decimal.Dec
	// Capped says the total was capped by the execution band.
	Capped bool
	places int
}

// ReviewedRow is one row the reviewer scored.
type ReviewedRow struct {
	Row        int
	Self       decimal.Dec // the score the self total counts (typed, else suggested)
	Review     decimal.Dec
	Difference decimal.Dec // Review minus Self: negative for points taken off
	Reason     string
}

// Differs says the review score is not the self score.
func (r ReviewedRow) Differs() bool { return !r.Difference.IsZero() }

// Show prints a score of v as the form prints its scores (with its profile's places).
func (v *Review) Show(d decimal.Dec) string { return printed(d, v.places) }

// ShowSigned prints a difference with its sign: "-1.50", "+2.00", "0.00".
func (v *Review) ShowSigned(d decimal.Dec) string {
	if d.Sign() > 0 {
		return "+" + v.Show(d)
	}
	return v.Show(d)
}

// Reviewed computes the figures of the form scored r (under profile p) with the reviewer's
// scores: each scored row counts its review score instead of its self score. A score of a
// row the form does not have is left out. Without scores it gives the self figures.
func Reviewed(r *Result, p *Profile, scores []ReviewScore) Review {
	v := Review{places: r.ScorePlaces}
	review := make(map[int]ReviewScore, len(scores))
	for _, s := range scores {
		if s.Row >= 0 && s.Row < len(r.Indicators) {
			review[s.Row] = s
		}
	}
	for i, in := range r.Indicators {
		score := in.Score
		if s, ok := review[i]; ok {
			v.Rows = append(v.Rows, ReviewedRow{Row: i, Self: in.Score, Review: s.Score, Difference: s.Score.Sub(in.Score), Reason: s.Reason})
			score = s.Score
		}
		v.IndicatorScore = v.IndicatorScore.Add(score)
	}
	v.Total = r.BudgetScore.Add(v.IndicatorScore)
	if c := p.capOf(r.ExecutionRate); c != nil && v.Total.Cmp(c.Max) > 0 {
		v.Total, v.Capped = c.Max, true
	}
	v.Grade = p.GradeOf(v.Total)
	v.Difference = v.Total.Sub(r.Total)
	return v
}

// The codes of a review score CheckReviewScore refuses.
const (
	ReviewNoRow          = "no_row"          // the form has no such row
	ReviewNotNumber      = "not_number"      // the score does not read as a number (form.ParseNumber)
	ReviewPrecision      = "precision"       // the score has more decimal places than a score may have
	ReviewRange          = "range"           // the score is below 0 or above the row's weight
	ReviewReasonRequired = "reason_required" // a score below the self score needs a reason
	ReviewScoreRequired  = "score_required"  // a reason without a score
	ReviewReasonTooLong  = "reason_too_long" // a reason longer than form.MaxFieldChars
)

// ReviewError is a review score CheckReviewScore refuses: Code is one of the Review… codes,
// Args the values its message names (the score typed, the row's weight, its self score).
type ReviewError struct {
	Code string
	Args []string
}

// Error names the code.
func (e *ReviewError) Error() string { return "scoring: review score refused: " + e.Code }

// CheckReviewScore reads a reviewer's score and reason of row i of the form scored r, as
// typed: the score a number (as form.ParseNumber reads weights and scores) between 0 and the
// row's weight, the reason (spaces around it dropped) required when the score is below the
// row's self score. Both blank are a removal of the row's review score (Score zero, Reason
// ""; the caller tells it by the blank score). A refusal is a *ReviewError.
func CheckReviewScore(r *Result, i int, score, reason string) (s ReviewScore, blank bool, err error) {
	if i < 0 || i >= len(r.Indicators) {
		return ReviewScore{}, false, &ReviewError{Code: ReviewNoRow}
	}
	in := r.Indicators[i]
	score, reason = strings.TrimSpace(score), strings.TrimSpace(reason)
	s = ReviewScore{Row: i, Reason: reason}
	if utf8.RuneCountInString(reason) > form.MaxFieldChars {
		return s, false, &ReviewError{Code: ReviewReasonTooLong, Args: []string{decimal.FromInt(form.MaxFieldChars).String()}}
	}
	if score == "" {
		if reason != "" {
			return s, false, &ReviewError{Code: ReviewScoreRequired}
		}
		return s, true, nil
	}
	weight := in.Weight.String()
	d, perr := form.ParseNumber(score)
	switch {
	case errors.Is(perr, form.ErrNegative), errors.Is(perr, form.ErrTooLarge):
		return s, false, &ReviewError{Code: ReviewRange, Args: []string{score, weight}}
	case errors.Is(perr, form.ErrTooPrecise):
		return s, false, &ReviewError{Code: ReviewPrecision, Args: []string{score}}
	case perr != nil:
		return s, false, &ReviewError{Code: ReviewNotNumber, Args: []string{score}}
	case d.Sign() < 0 || d.Cmp(in.Weight) > 0:
		return s, false, &ReviewError{Code: ReviewRange, Args: []string{score, weight}}
	}
	s.Score = d
	if d.Cmp(in.Score) < 0 && reason == "" {
		return s, false, &ReviewError{Code: ReviewReasonRequired, Args: []string{printed(in.Score, r.ScorePlaces)}}
	}
	return s, false, nil
}
