package scoring

import (
	"errors"
	"strings"
	"testing"

	"selfeval/internal/decimal"
	"selfeval/internal/form"
)

// reviewForm is a form at 100% execution (budget score 10) with three rows met in full:
// 40 + 30 + 20 points, total 100.
func reviewForm() form.Form {
	f := base()
	f.Funds.Total.Executed, f.Funds.Fiscal.Executed = "100000", "100000"
	f.Indicators = []form.Indicator{
		row("产出指标", "数量指标", "≥100份", "100份", "40", ""),
		row("产出指标", "质量指标", "≥90%", "95%", "30", ""),
		row("效益指标", "社会效益指标", "有效", "有效", "20", "18"),
	}
	return f
}

func dec(s string) decimal.Dec {
	d, err := decimal.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestReviewed(t *testing.T) {
	f := reviewForm()
	r := score(f)
	if r.Total.Fixed(2) != "98.00" || r.Grade != "优" {
		t.Fatalf("the self total is %s %s, want 98.00 优", r.Total.Fixed(2), r.Grade)
	}

	// Without review scores the figures are the self figures.
	v := Reviewed(&r, &Shanghai2022, nil)
	if v.Total.Cmp(r.Total) != 0 || v.Grade != r.Grade || len(v.Rows) != 0 || !v.Difference.IsZero() {
		t.Errorf("no review: %+v", v)
	}

	// Row 1 confirmed at its self score, row 2 down 21.5 points; a score of a row the form does
	// not have is left out.
	v = Reviewed(&r, &Shanghai2022, []ReviewScore{
		{Row: 0, Score: dec("40")},
		{Row: 1, Score: dec("8.5"), Reason: "质量抽检不合格"},
		{Row: 7, Score: dec("1")},
	})
	if got := v.Show(v.Total); got != "76.50" || v.Grade != "中" || v.Show(v.IndicatorScore) != "66.50" {
		t.Errorf("reviewed total %s (indicators %s) %s, want 76.50 (66.50) 中", got, v.Show(v.IndicatorScore), v.Grade)
	}
	if got := v.ShowSigned(v.Difference); got != "-21.50" {
		t.Errorf("difference of the total %s, want -21.50", got)
	}
	if len(v.Rows) != 2 || v.Rows[0].Differs() || !v.Rows[1].Differs() {
		t.Fatalf("reviewed rows %+v", v.Rows)
	}
	d := v.Rows[1:]
	if len(d) != 1 || d[0].Row != 1 || v.Show(d[0].Self) != "30.00" || v.Show(d[0].Review) != "8.50" ||
		v.ShowSigned(d[0].Difference) != "-21.50" || d[0].Reason != "质量抽检不合格" {
		t.Errorf("differing rows %+v", d)
	}
	// A review score above the self score shows with its sign.
	v = Reviewed(&r, &Shanghai2022, []ReviewScore{{Row: 2, Score: dec("20"), Reason: "效益已核实"}})
	if got := v.ShowSigned(v.Rows[0].Difference); got != "+2.00" || v.Show(v.Total) != "100.00" {
		t.Errorf("a score raised: difference %s, total %s", got, v.Show(v.Total))
	}
}

// TestReviewedCapped: the reviewed total is capped by the execution band as the self total is.
func TestReviewedCapped(t *testing.T) {
	p := profile(t, "platform-2022")
	f := ruleForm("100", "75", "", row("产出指标", "数量指标", "≥100份", "100份", "90", ""))
	r := Score(&f, p)
	if r.Total.Fixed(2) != "89.00" {
		t.Fatalf("the self total at 75%% is %s, want the cap 89.00", r.Total.Fixed(2))
	}
	v := Reviewed(&r, p, []ReviewScore{{Row: 0, Score: dec("85"), Reason: "部分未完成"}})
	if v.Show(v.Total) != "89.00" || !v.Capped {
		t.Errorf("reviewed total %s (capped %v), want 89.00 capped", v.Show(v.Total), v.Capped)
	}
	v = Reviewed(&r, p, []ReviewScore{{Row: 0, Score: dec("60"), Reason: "部分未完成"}})
	if v.Capped || v.Total.Cmp(r.BudgetScore.Add(dec("60"))) != 0 {
		t.Errorf("reviewed total %s (capped %v), want the budget score + 60", v.Show(v.Total), v.Capped)
	}
}

func TestCheckReviewScore(t *testing.T) {
	f := reviewForm()
	r := score(f)
	for _, tt := range []struct {
		row           int
		score, reason string
		code          string
		want          string // the score read, when accepted
		blank         bool
	}{
		{1, "30", "", "", "30", false},
		{1, " 25.5 ", "抽检", "", "25.5", false},
		{1, "３０", "", "", "30", false}, // full-width digits, as ParseNumber reads them
		{1, "0", "未完成", "", "0", false},
		{1, "", "", "", "0", true},
		{1, "  ", " ", "", "0", true},
		{1, "25", "", ReviewReasonRequired, "", false},
		{1, "25", "   ", ReviewReasonRequired, "", false},
		{1, "31", "", ReviewRange, "", false},
		{1, "-1", "x", ReviewRange, "", false},
		{1, "abc", "", ReviewNotNumber, "", false},
		{1, "1.23456789", "x", ReviewPrecision, "", false},
		{1, "", "只写了原因", ReviewScoreRequired, "", false},
		{1, "20", strings.Repeat("长", form.MaxFieldChars+1), ReviewReasonTooLong, "", false},
		{3, "1", "", ReviewNoRow, "", false},
		{-1, "1", "", ReviewNoRow, "", false},
		{2, "19", "", "", "19", false}, // above the typed 18: no reason needed
	} {
		s, blank, err := CheckReviewScore(&r, tt.row, tt.score, tt.reason)
		var re *ReviewError
		switch {
		case tt.code != "":
			if !errors.As(err, &re) || re.Code != tt.code {
				t.Errorf("row %d %q %q: %v, want %s", tt.row, tt.score, tt.reason, err, tt.code)
			}
		case err != nil:
			t.Errorf("row %d %q %q: refused: %v", tt.row, tt.score, tt.reason, err)
		case s.Score.String() != tt.want || blank != tt.blank || s.Row != tt.row || s.Reason != strings.TrimSpace(tt.reason):
			t.Errorf("row %d %q %q: read %+v blank %v, want %s blank %v", tt.row, tt.score, tt.reason, s, blank, tt.want, tt.blank)
		}
	}
	_, _, err := CheckReviewScore(&r, 1, "31", "")
	var re *ReviewError
	if errors.As(err, &re); re == nil || strings.Join(re.Args, " ") != "31 30" {
		t.Errorf("the range refusal names %v, want the score and the weight", re)
	}
	_, _, err = CheckReviewScore(&r, 1, "25", "")
	if errors.As(err, &re); strings.Join(re.Args, " ") != "30.00" {
		t.Errorf("the reason refusal names %v, want the self score", re.Args)
	}
}
