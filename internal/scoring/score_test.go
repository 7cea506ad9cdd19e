package scoring

import (
	"fmt"
	"strings"
	"testing"

	"selfeval/internal/decimal"
	"selfeval/internal/form"
)

// base returns a valid form: funds 100000/95000, one 90-point indicator row met in full.
func base() form.Form {
	return form.Form{
		Year: 2022, Project: "测试项目",
		Funds: form.Funds{
			Total:  form.FundsRow{Initial: "100000", Adjusted: "100000", Executed: "95000"},
			Fiscal: form.FundsRow{Initial: "100000", Adjusted: "100000", Executed: "95000"},
		},
		Indicators: []form.Indicator{row("产出指标", "数量指标", "≥100份", "100份", "90", "")},
	}
}

func row(l1, l2, target, actual, weight, score string) form.Indicator {
	return form.Indicator{Level1: l1, Level2: l2, Name: "指标", Target: target, Actual: actual, Weight: weight, Score: score}
}

func score(f form.Form) Result { return Score(&f, &Shanghai2022) }

// codes lists "code@field" of every problem, for compact assertions.
func codes(r Result) string {
	var b []string
	for _, p := range r.Problems {
		b = append(b, p.Code+"@"+p.Field)
	}
	return strings.Join(b, " ")
}

func has(r Result, code, field string) *Problem {
	for i, p := range r.Problems {
		if p.Code == code && p.Field == field {
			return &r.Problems[i]
		}
	}
	return nil
}

func TestExecutionRateAndBudgetScore(t *testing.T) {
	tests := []struct {
		adjusted, executed string
		rate, budget       string
		problem            string
	}{
		{"71200.00", "70,000", "98.32", "9.83", ""},                  // 98.3146% rounds up
		{"680000.00", "677,500", "99.64", "9.96", ""},                // 99.632% rounds up
		{"123475.00", "119,829", "97.05", "9.71", ""},                // 9.705 rounds half-up to 9.71
		{"10000", "10000", "100.00", "10.00", ""},                    // exact
		{"0", "0", "0.00", "0.00", "funds.zero_budget"},              // zero budget: 0, a problem, no division
		{"", "", "0.00", "0.00", "funds.zero_budget"},                // blank budget likewise
		{"100000", "120000", "120.00", "10.00", "funds.over_budget"}, // capped at 100% for scoring
		{"195000", "100000", "51.29", "5.13", ""},                    // issue 3's browser scenario
		{"１９５０００", "１０００００元", "51.29", "5.13", ""},                   // full width and 元
	}
	for _, tt := range tests {
		t.Run(tt.adjusted+"/"+tt.executed, func(t *testing.T) {
			f := base()
			f.Funds.Total.Adjusted, f.Funds.Total.Executed = tt.adjusted, tt.executed
			r := score(f)
			if got := r.ExecutionRate.Fixed(2); got != tt.rate {
				t.Errorf("rate = %s, want %s", got, tt.rate)
			}
			if got := r.BudgetScore.Fixed(2); got != tt.budget {
				t.Errorf("budget score = %s, want %s", got, tt.budget)
			}
			if tt.problem != "" && !strings.Contains(codes(r), tt.problem) {
				t.Errorf("problems %q lack %s", codes(r), tt.problem)
			}
		})
	}
}

func TestMalformedAmountIsAProblemAtItsField(t *testing.T) {
	f := base()
	f.Funds.Total.Executed = "1O0"
	r := score(f)
	p := has(r, "amount.syntax", "funds.total.executed")
	if p == nil || p.Severity != Error {
		t.Fatalf("want an error at funds.total.executed, got %s", codes(r))
	}
	if !r.ExecutionRate.IsZero() {
		t.Errorf("rate = %s, want 0 for an unreadable amount", r.ExecutionRate)
	}
}

func TestFundsRowsMismatch(t *testing.T) {
	f := base()
	f.Funds.Fiscal.Executed = "" // as in the seed's first form
	r := score(f)
	p := has(r, "funds.rows_mismatch", "funds.total.executed")
	if p == nil || p.Severity != Warning || !p.Flag {
		t.Fatalf("want a flagged warning, got %s", codes(r))
	}
	if has(r, "funds.rows_mismatch", "funds.total.initial") != nil {
		t.Errorf("initial adds up, yet flagged: %s", codes(r))
	}
}

func TestSuggestedScores(t *testing.T) {
	tests := []struct {
		name           string
		target, actual string
		weight         string
		suggested      string // "" = no suggestion, the person grades the row
		kind           Kind
		met            bool
	}{
		{"positive met", "≥6000份", "6000份", "10", "10.00", Quantitative, true},
		{"positive short", "≥6000份", "5000", "10", "8.33", Quantitative, false},
		{"positive, actual without unit", "18个模块", "19", "15", "15.00", Quantitative, true},
		{"actual with its own operator", "10人次", "≥10人次", "10", "10.00", Quantitative, true},
		{"no operator means at least", "300人", "150人", "10", "5.00", Quantitative, false},
		{"percent", ">=85%", "80%", "5", "4.71", Quantitative, false},
		{"full width", "≥６０００份", "３０００份", "10", "5.00", Quantitative, false},
		{"look-alike operator and spaces", "≧ 100 %", "100%", "5", "5.00", Quantitative, true},
		{"reverse met", "≤5次", "3次", "6", "6.00", Quantitative, true},
		{"reverse missed", "≤5次", "10次", "6", "3.00", Quantitative, false},
		{"bare zero target is reverse", "0次", "0次", "6", "6.00", Quantitative, true},
		{"bare zero target missed", "0次", "2次", "6", "0.00", Quantitative, false},
		{"zero percent target", "0%", "0%", "5", "5.00", Quantitative, true},
		{"positive target 0 is met", "≥0", "0", "5", "5.00", Quantitative, true},
		{"actual zero", "≥ 85", "0", "5", "0.00", Quantitative, false},
		{"strictly more is scored as at least", ">90%", "90%", "10", "10.00", Quantitative, true},
		{"qualitative met", "有效", "有效", "10", "10.00", Qualitative, true},
		{"qualitative met after normalising", "＞=85％", ">=85%", "5", "5.00", Quantitative, true},
		{"qualitative missed", "健全有效", "0", "5", "", Qualitative, false},
		{"words with spaces", "同比 提升", "同比提升", "10", "10.00", Qualitative, true},
		{"deadline met", "2022年12月底前", "2022年12月底", "6", "6.00", Deadline, true},
		{"deadline early", "4季度", "三季度", "5", "5.00", Deadline, true},
		{"deadline late", "三季度", "四季度", "2", "", Deadline, false},
		{"deadline month", "11月", "11月", "10", "10.00", Deadline, true},
		{"deadline not a date", "2022年12月底前", "0", "10", "", Deadline, false},
		{"range as words", "1-12月", "1-12月", "10", "10.00", Qualitative, true},
		{"odd weight rounds", "≥3", "1", "10", "3.33", Quantitative, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := base()
			f.Indicators[0] = row("产出指标", "数量指标", tt.target, tt.actual, tt.weight, "")
			r := score(f)
			in := r.Indicators[0]
			got := ""
			if in.HasSuggested {
				got = in.Suggested.Fixed(2)
			}
			if got != tt.suggested || in.Kind != tt.kind || in.Met != tt.met {
				t.Errorf("got suggested %q kind %s met %v, want %q %s %v", got, in.Kind, in.Met, tt.suggested, tt.kind, tt.met)
			}
		})
	}
}

func TestOverAchievement(t *testing.T) {
	for _, tt := range []struct {
		actual string
		flag   bool
	}{{"1700人", true}, {"390人", true}, {"389人", false}, {"300人", false}} {
		f := base()
		f.Indicators[0] = row("产出指标", "数量指标", "300人", tt.actual, "90", "")
		r := score(f)
		p := has(r, "indicator.over_achieved", "indicators.0.actual")
		if (p != nil) != tt.flag {
			t.Errorf("actual %s: over-achieved flag %v, want %v", tt.actual, p != nil, tt.flag)
		}
		if p != nil && (p.Severity != Warning || !p.Flag) {
			t.Errorf("over-achievement must be a flagged warning: %+v", p)
		}
		if r.Indicators[0].Score.Cmp(decimal.FromInt(90)) != 0 {
			t.Errorf("no score is taken off automatically: %s", r.Indicators[0].Score)
		}
	}
	// The variant profile flags from 120%.
	f := base()
	f.Indicators[0] = row("产出指标", "数量指标", "300人", "360人", "90", "")
	if r := Score(&f, &Banded2023); has(r, "indicator.over_achieved", "indicators.0.actual") == nil {
		t.Errorf("banded-2023 flags 120%%: %s", codes(r))
	}
}

func TestAssignedScore(t *testing.T) {
	tests := []struct {
		name                         string
		target, actual, score, devia string
		achievement                  form.Achievement
		want                         []string // code@field that must be present
		wantSev                      Severity
		none                         []string // codes that must be absent
	}{
		{name: "default takes suggested", target: "≥100", actual: "100", none: []string{"indicator.deviation"}},
		{name: "score above weight", target: "≥100", actual: "100", score: "91", want: []string{"indicator.score_range@indicators.0.score"}, wantSev: Error},
		{name: "score below weight needs a reason", target: "≥100", actual: "100", score: "80", want: []string{"indicator.deviation@indicators.0.deviation"}, wantSev: Error},
		{name: "score below weight with a reason", target: "≥100", actual: "100", score: "80", devia: "因疫情调整", none: []string{"indicator.deviation"}},
		{name: "blank reason is no reason", target: "≥100", actual: "100", score: "80", devia: " 　", want: []string{"indicator.deviation@indicators.0.deviation"}},
		{name: "above suggested needs a reason", target: "≥100", actual: "50", score: "90", want: []string{"indicator.deviation@indicators.0.deviation", "indicator.above_suggested@indicators.0.score"}},
		{name: "above suggested with a reason is a flag only", target: "≥100", actual: "50", score: "90", devia: "原因", want: []string{"indicator.above_suggested@indicators.0.score"}, wantSev: Warning, none: []string{"indicator.deviation"}},
		{name: "malformed score", target: "≥100", actual: "100", score: "九十", want: []string{"number.syntax@indicators.0.score"}, wantSev: Error},
		{name: "negative score", target: "≥100", actual: "100", score: "-1", want: []string{"number.negative@indicators.0.score"}, wantSev: Error},
		{name: "qualitative missed, no grade", target: "健全", actual: "基本健全", score: "", want: []string{"indicator.grade_needed@indicators.0.achievement", "indicator.score_missing@indicators.0.score"}},
		{name: "qualitative partial within band", target: "健全", actual: "基本健全", score: "60", devia: "原因", achievement: form.Partial, none: []string{"indicator.score_band", "indicator.grade_needed"}},
		{name: "qualitative partial at band top is outside", target: "健全", actual: "基本健全", score: "72", devia: "原因", achievement: form.Partial, want: []string{"indicator.score_band@indicators.0.score"}, wantSev: Error},
		{name: "qualitative partial below band", target: "健全", actual: "基本健全", score: "53.99", devia: "原因", achievement: form.Partial, want: []string{"indicator.score_band@indicators.0.score"}},
		{name: "qualitative achieved full is inside", target: "健全", actual: "基本健全", score: "90", achievement: form.Achieved, none: []string{"indicator.score_band"}},
		{name: "qualitative missed band", target: "健全", actual: "未建立", score: "54", devia: "原因", achievement: form.Missed, want: []string{"indicator.score_band@indicators.0.score"}},
		{name: "unknown grade", target: "健全", actual: "未建立", score: "10", devia: "原因", achievement: "great", want: []string{"indicator.achievement@indicators.0.achievement"}},
		{name: "missing actual", target: "≥100", actual: "", want: []string{"indicator.actual_missing@indicators.0.actual", "indicator.score_missing@indicators.0.score"}},
		{name: "missing target", target: "", actual: "1", want: []string{"indicator.target_missing@indicators.0.target"}},
		{name: "unit mismatch", target: "≥100份", actual: "100人", want: []string{"indicator.unit_mismatch@indicators.0.actual"}, wantSev: Warning},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := base()
			f.Indicators[0] = row("产出指标", "数量指标", tt.target, tt.actual, "90", tt.score)
			f.Indicators[0].Deviation, f.Indicators[0].Achievement = tt.devia, tt.achievement
			r := score(f)
			for i, w := range tt.want {
				code, field, _ := strings.Cut(w, "@")
				p := has(r, code, field)
				if p == nil {
					t.Errorf("missing %s in %s", w, codes(r))
					continue
				}
				if i == 0 && tt.wantSev != "" && p.Severity != tt.wantSev {
					t.Errorf("%s severity %s, want %s", w, p.Severity, tt.wantSev)
				}
			}
			for _, n := range tt.none {
				if strings.Contains(codes(r), n+"@") {
					t.Errorf("unexpected %s in %s", n, codes(r))
				}
			}
		})
	}
}

func TestTotalsAndGrades(t *testing.T) {
	// Budget score 10 (rate 100%) + one row whose assigned score sets the total.
	for _, tt := range []struct{ indicator, total, grade string }{
		{"79.99", "89.99", "良"}, {"80", "90.00", "优"}, {"69.99", "79.99", "中"},
		{"70", "80.00", "良"}, {"50", "60.00", "中"}, {"49.99", "59.99", "差"}, {"90", "100.00", "优"},
	} {
		f := base()
		f.Funds.Total.Executed, f.Funds.Fiscal.Executed = "100000", "100000"
		f.Indicators[0].Score, f.Indicators[0].Deviation = tt.indicator, "说明"
		r := score(f)
		if r.Total.Fixed(2) != tt.total || r.Grade != tt.grade {
			t.Errorf("indicator %s: total %s grade %s, want %s %s", tt.indicator, r.Total.Fixed(2), r.Grade, tt.total, tt.grade)
		}
	}
}

func TestSubtotalsAndWeights(t *testing.T) {
	f := base()
	f.Indicators = []form.Indicator{
		row("产出指标", "数量指标", "≥10", "10", "30", ""),
		row("产出指标", "质量指标", "100%", "100%", "20", ""),
		row("效益指标", "社会效益指标", "提升", "提升", "30", ""),
		row("满意度指标", "服务对象满意度指标", "≥90%", "90%", "10", ""),
	}
	r := score(f)
	if r.WeightSum.String() != "100" || has(r, "weights.sum", "indicators") != nil {
		t.Fatalf("weights add up to %s: %s", r.WeightSum, codes(r))
	}
	if strings.Contains(codes(r), "weights.split") {
		t.Errorf("usual split flagged: %s", codes(r))
	}
	want := "产出指标/:50/50.00 产出指标/数量指标:30/30.00 产出指标/质量指标:20/20.00 效益指标/:30/30.00 " +
		"效益指标/社会效益指标:30/30.00 满意度指标/:10/10.00 满意度指标/服务对象满意度指标:10/10.00"
	var got []string
	for _, s := range r.Subtotals {
		got = append(got, fmt.Sprintf("%s/%s:%s/%s", s.Level1, s.Level2, s.Weight, s.Score.Fixed(2)))
	}
	if strings.Join(got, " ") != want {
		t.Errorf("subtotals\n got %s\nwant %s", strings.Join(got, " "), want)
	}

	f.Indicators[0].Weight = "25" // 95 in all, and 产出 45 instead of 50
	r = score(f)
	if p := has(r, "weights.sum", "indicators"); p == nil || p.Severity != Error {
		t.Errorf("weights of 95 must block: %s", codes(r))
	}
	if p := has(r, "weights.split", "indicators"); p == nil || p.Severity != Warning {
		t.Errorf("an unusual split is a warning: %s", codes(r))
	}
}

func TestNoIndicatorsAndVocabulary(t *testing.T) {
	f := base()
	f.Indicators = nil
	if r := score(f); has(r, "indicators.none", "indicators") == nil || !r.Blocking() {
		t.Errorf("a form without indicators must be blocked: %s", codes(r))
	}
	f = base()
	f.Indicators[0].Level1, f.Indicators[0].Level2 = "成本指标", "经济成本指标" // newer Shanghai vocabulary
	r := score(f)
	if p := has(r, "indicator.level1_unknown", "indicators.0.level1"); p == nil || p.Severity != Warning {
		t.Errorf("unknown level 1 must be a warning: %s", codes(r))
	}
	f.Indicators[0].Level1 = "效益指标"
	if r := score(f); has(r, "indicator.level2_unknown", "indicators.0.level2") == nil {
		t.Errorf("a level 2 under the wrong level 1 must be a warning: %s", codes(r))
	}
}

func TestBandedProfile(t *testing.T) {
	for _, tt := range []struct {
		executed, rate, budget, total string
		capped                        bool
	}{
		{"95000", "95.00", "10.00", "100.00", false},
		{"85000", "85.00", "8.00", "98.00", false},
		{"61000", "61.00", "6.00", "96.00", false},
		{"57898.5", "57.89", "0.00", "80.00", true}, // truncated, not rounded up; total capped
	} {
		f := base()
		f.Funds.Total.Executed, f.Funds.Fiscal.Executed = tt.executed, tt.executed
		r := Score(&f, &Banded2023)
		if r.ExecutionRate.Fixed(2) != tt.rate || r.BudgetScore.Fixed(2) != tt.budget || r.Total.Fixed(2) != tt.total {
			t.Errorf("%s: rate %s budget %s total %s, want %s %s %s", tt.executed,
				r.ExecutionRate.Fixed(2), r.BudgetScore.Fixed(2), r.Total.Fixed(2), tt.rate, tt.budget, tt.total)
		}
		if (has(r, "total.capped", "funds.total.executed") != nil) != tt.capped {
			t.Errorf("%s: capped %v, want %v", tt.executed, !tt.capped, tt.capped)
		}
		if r.Profile != "banded-2023" {
			t.Errorf("profile %q", r.Profile)
		}
	}
}

func TestLookup(t *testing.T) {
	if p, ok := Lookup(""); !ok || p.Name != "shanghai-2022" {
		t.Errorf("default profile: %v %v", p.Name, ok)
	}
	if _, ok := Lookup("nowhere-1999"); ok {
		t.Error("unknown profile found")
	}
}

func BenchmarkScore40(b *testing.B) {
	f := base()
	f.Indicators = nil
	targets := [][2]string{{"≥6000份", "5000"}, {"100%", "100%"}, {"有效", "有效"}, {"2022年12月底前", "2022年12月底"}, {">=85%", ">=85%"}}
	for i := 0; i < 40; i++ {
		tv := targets[i%len(targets)]
		in := row("产出指标", "数量指标", tv[0], tv[1], "2.25", "")
		in.Name = fmt.Sprintf("指标%d", i)
		in.Deviation = "原因"
		f.Indicators = append(f.Indicators, in)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = Score(&f, &Shanghai2022)
	}
}

// TestAchievedInWords: a qualitative row whose actual says the target was reached is graded
// as achieved until the person chooses (the score must lie in the achieved band), with a
// note; a chosen grade wins, and a qualified phrase ("基本完成") is no achievement.
func TestAchievedInWords(t *testing.T) {
	f := base()
	f.Indicators[0] = row("满意度指标", "服务对象满意度指标", "群众满意", "达成预期指标", "90", "80")
	r := score(f)
	if has(r, "indicator.achieved_in_words", "indicators.0.achievement") == nil || has(r, "indicator.grade_needed", "indicators.0.achievement") != nil {
		t.Errorf("problems %s", codes(r))
	}
	if has(r, "indicator.score_band", "indicators.0.score") != nil {
		t.Errorf("80 of 90 is within the achieved band: %s", codes(r))
	}
	f.Indicators[0].Score = "60"
	if r := score(f); has(r, "indicator.score_band", "indicators.0.score") == nil {
		t.Errorf("60 of 90 is below the achieved band: %s", codes(r))
	}
	f.Indicators[0].Achievement = form.Partial
	if r := score(f); has(r, "indicator.achieved_in_words", "indicators.0.achievement") != nil || has(r, "indicator.score_band", "indicators.0.score") != nil {
		t.Errorf("a chosen grade does not win: %s", codes(r))
	}
	f.Indicators[0].Achievement, f.Indicators[0].Actual = "", "基本完成"
	if r := score(f); has(r, "indicator.grade_needed", "indicators.0.achievement") == nil {
		t.Errorf("基本完成 taken as achieved: %s", codes(r))
	}
}

// TestLabelsWithPoints: a level label that carries its points is the label of the vocabulary,
// and its points are checked against its rows' weights.
func TestLabelsWithPoints(t *testing.T) {
	f := base()
	f.Indicators = []form.Indicator{
		row("产出指标(50分)", "数量指标（30分）", "≥10", "10", "30", ""),
		row("产出指标(50分)", "质量指标（20分）", "100%", "100%", "20", ""),
		row("效益指标(30分)", "社会效益指标", "提升", "提升", "30", ""),
		row("满意度指标(10分)", "服务对象满意度指标", "≥90%", "90%", "10", ""),
	}
	r := score(f)
	if strings.Contains(codes(r), "unknown") || strings.Contains(codes(r), "label_points") || strings.Contains(codes(r), "weights.split") {
		t.Errorf("labels with their points: %s", codes(r))
	}
	f.Indicators[1].Level1, f.Indicators[0].Level1 = "产出指标(45分)", "产出指标(45分)"
	r = score(f)
	if p := has(r, "indicator.label_points", "indicators"); p == nil || p.Args[0] != "产出指标(45分)" || p.Args[1] != "45" || p.Args[2] != "50" {
		t.Errorf("points that do not add up: %s", codes(r))
	}
}
