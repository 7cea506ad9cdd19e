package scoring

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"selfeval/internal/form"
	"selfeval/internal/i18n"
)

// ruleForm is a form of one funds total (in unit u) and the given rows; without rows, one row
// met in full with the weight the profile leaves (90, or 80 beside a budget weight of 20).
func ruleForm(adjusted, executed string, u form.AmountUnit, rows ...form.Indicator) form.Form {
	f := form.Form{Year: 2022, Project: "测试", AmountUnit: u,
		Funds: form.Funds{
			Total:  form.FundsRow{Initial: adjusted, Adjusted: adjusted, Executed: executed},
			Fiscal: form.FundsRow{Initial: adjusted, Adjusted: adjusted, Executed: executed},
		},
		Indicators: rows,
	}
	if len(rows) == 0 {
		f.Indicators = []form.Indicator{row("产出指标", "数量指标", "≥100份", "100份", "90", "")}
	}
	return f
}

func profile(t *testing.T, name string) *Profile {
	t.Helper()
	p, ok := Lookup(name)
	if !ok {
		t.Fatalf("no profile %s", name)
	}
	return &p
}

// TestProfileRules: every rule a profile carries, on the figures of the form it was read
// from where the form prints them. Each case names its source.
func TestProfileRules(t *testing.T) {
	rows := func(in ...form.Indicator) []form.Indicator { return in }
	reverse := func(actual string) []form.Indicator {
		return rows(row("产出指标", "数量指标", "≤10次", actual, "10", ""), row("产出指标", "质量指标", "有效", "有效", "80", ""))
	}
	tests := []struct {
		name, profile      string
		source             string // where the expected figures come from
		f                  form.Form
		rate, budget       string // as printed (Figures)
		suggested, total   string // row 0's suggestion and the total, as printed ("" = not checked)
		problem, noProblem string // a code@field that must be present / absent
	}{
		{name: "rate rounded up", profile: "shanghai-2022", source: "普陀 2022 per the domain notes: 86.1830% printed 86.19%",
			f: ruleForm("250000", "215457.6", ""), rate: "86.19", budget: "8.62"},
		{name: "rate half up", profile: "national-2020", source: "财预〔2020〕10号 names no rounding: 四舍五入",
			f: ruleForm("71200", "70000", ""), rate: "98.31", budget: "9.83"},
		{name: "rate truncated (Sichuan)", profile: "sichuan-2023", source: "domain notes: 1157.97 ÷ 2000 = 57.8985% printed 57.89%; 青神县 2023: 未达到90%的需说明原因",
			f: ruleForm("2000", "1157.97", form.WanYuan), rate: "57.89", budget: "5.79", problem: "funds.rate_explanation@funds.total.executed"},
		{name: "no explanation from 90%", profile: "sichuan-2023", source: "https://www.scqs.gov.cn/info/13206/211004.htm",
			f: ruleForm("100", "90", form.WanYuan), rate: "90.00", budget: "9.00", noProblem: "funds.rate_explanation@funds.total.executed"},
		{name: "rate truncated (Anhui)", profile: "chizhou-2022", source: "domain notes: Anhui truncates",
			f: ruleForm("2000", "1157.97", form.WanYuan), rate: "57.89", budget: "5.79", noProblem: "funds.rate_explanation@funds.total.executed"},
		{name: "whole percents and points", profile: "langfang-2019", source: "http://www.lfsp.cn/newsinfo/1158053.html: 37.24 ÷ 43.2 printed 86%, score 9, 数量指标 37.24 of 43.2 scored 9",
			f:    ruleForm("43.2", "37.24", form.WanYuan, row("产出指标", "数量指标", "43.2", "37.24", "10", ""), row("产出指标", "质量指标", "100", "100", "80", "")),
			rate: "86", budget: "9", suggested: "9", total: "98"},
		{name: "whole percents in 元", profile: "langfang-2019", source: "the same form, its amounts in 元: rates do not depend on the unit",
			f: ruleForm("432,000", "372,400", form.Yuan), rate: "86", budget: "9"},
		{name: "a met row keeps a weight with a fraction", profile: "langfang-2019", source: "https://dyrmt.com/article-132779-22.html weighs rows 22.5; a met row scores its weight",
			f: ruleForm("100", "100", "", row("产出指标", "数量指标", "=100%", "100%", "22.5", "")), suggested: "22.50", noProblem: "indicator.deviation@indicators.0.deviation"},
		{name: "whole points truncated", profile: "jishan-2020", source: "domain notes: 稷山 2020, 99.11% printed 99%, budget score 9",
			f: ruleForm("10000", "9911", ""), rate: "99", budget: "9"},
		{name: "budget weight 20", profile: "yangtze-2020", source: "https://1wenmi.com/doc/330418.html: 得分（20分 × 执行率）",
			f: ruleForm("1.56", "1.482", form.WanYuan, row("产出指标", "数量指标", "66", "66", "80", "")), rate: "95.00", budget: "19.00", total: "99.00"},
		{name: "reverse ratio", profile: "shanghai-2022", source: "财预〔2020〕10号, weight × target ÷ actual",
			f: ruleForm("100", "100", "", reverse("12次")...), suggested: "8.33"},
		{name: "reverse linear", profile: "platform-2022", source: "the national platform (domain notes): (1 − 2 ÷ 10) × 10",
			f: ruleForm("100", "100", "", reverse("12次")...), suggested: "8.00"},
		{name: "reverse linear, 1.5 times", profile: "platform-2022", source: "the national platform (domain notes)",
			f: ruleForm("100", "100", "", reverse("15次")...), suggested: "5.00"},
		{name: "reverse linear, twice the target", profile: "platform-2022", source: "the national platform (domain notes): 0 from twice the target",
			f: ruleForm("100", "100", "", reverse("20次")...), suggested: "0.00"},
		{name: "reverse linear, met", profile: "platform-2022", source: "the national platform (domain notes): full weight up to the target",
			f: ruleForm("100", "100", "", reverse("10次")...), suggested: "10.00"},
		{name: "zero target missed, linear", profile: "platform-2022", source: "domain notes: = indicators with a target of 0, 0 when above",
			f: ruleForm("100", "100", "", row("产出指标", "数量指标", "=0次", "2次", "10", "")), suggested: "0.00"},
		{name: "zero target met, linear", profile: "platform-2022", source: "domain notes: full weight when the actual is 0 or less",
			f: ruleForm("100", "100", "", row("产出指标", "数量指标", "0次", "0", "10", "")), suggested: "10.00"},
		{name: "cap 70–80%", profile: "platform-2022", source: "https://desk33.com/d-565511.html: 执行率 70%至80% 不超过 89 分",
			f: ruleForm("100", "75", ""), rate: "75.00", budget: "7.50", total: "89.00", problem: "total.capped@funds.total.executed"},
		{name: "cap 60–70%", profile: "platform-2022", source: "https://desk33.com/d-565511.html: 60%至70% 不超过 79 分",
			f: ruleForm("100", "65", ""), total: "79.00"},
		{name: "cap below 60%", profile: "platform-2022", source: "https://desk33.com/d-565511.html: 低于 60% 不超过 69 分",
			f: ruleForm("100", "55", ""), total: "69.00"},
		{name: "cap below 50%", profile: "platform-2022", source: "https://desk33.com/d-565511.html: 低于 50% 不超过 59 分",
			f: ruleForm("100", "45", ""), total: "59.00"},
		{name: "no cap from 80%", profile: "platform-2022", source: "https://desk33.com/d-565511.html",
			f: ruleForm("100", "80", ""), total: "98.00", noProblem: "total.capped@funds.total.executed"},
		{name: "deviation deducts 2", profile: "platform-2022", source: "https://desk33.com/d-565511.html: 超过 30% 及以上定义为指标偏离并减 2 分",
			f: ruleForm("100", "100", "", row("产出指标", "数量指标", "≥100份", "130份", "90", "")), suggested: "88.00", total: "98.00",
			problem: "indicator.deducted@indicators.0.actual"},
		{name: "no deduction under 130%", profile: "platform-2022", source: "https://desk33.com/d-565511.html",
			f: ruleForm("100", "100", "", row("产出指标", "数量指标", "≥100份", "129份", "90", "")), suggested: "90.00", noProblem: "indicator.deducted@indicators.0.actual"},
		{name: "qualitative band from 50%", profile: "yangtze-2020", source: "https://1wenmi.com/doc/330418.html: 80%-50%",
			f: ruleForm("100", "100", "", graded("80", "40", form.Partial)), noProblem: "indicator.score_band@indicators.0.score"},
		{name: "qualitative band from 60%", profile: "shanghai-2022", source: "财预〔2020〕10号: 80%-60%",
			f: ruleForm("100", "100", "", graded("90", "45", form.Partial)), problem: "indicator.score_band@indicators.0.score"},
		{name: "cost indicators a level 1", profile: "national-2021", source: "财预〔2021〕101号",
			f: ruleForm("100", "100", "", row("成本指标", "经济成本指标", "≤90万元", "89万元", "90", "")), noProblem: "indicator.level1_unknown@indicators.0.level1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Score(&tt.f, profile(t, tt.profile))
			fg := r.Figures()
			check := func(what, got, want string) {
				if want != "" && got != want {
					t.Errorf("%s = %s, want %s (source: %s)", what, got, want, tt.source)
				}
			}
			check("rate", fg.ExecutionRate, tt.rate)
			check("budget score", fg.BudgetScore, tt.budget)
			check("total", fg.Total, tt.total)
			if tt.suggested != "" {
				check("suggested", fg.Indicators[0].Suggested, tt.suggested)
			}
			if tt.problem != "" && !strings.Contains(" "+codes(r)+" ", " "+tt.problem+" ") {
				t.Errorf("problems %s lack %s (source: %s)", codes(r), tt.problem, tt.source)
			}
			if tt.noProblem != "" && strings.Contains(" "+codes(r)+" ", " "+tt.noProblem+" ") {
				t.Errorf("problems %s have %s (source: %s)", codes(r), tt.noProblem, tt.source)
			}
		})
	}
}

// graded is a qualitative row of the given weight that missed its words, scored by a grade.
func graded(weight, score string, a form.Achievement) form.Indicator {
	in := row("产出指标", "质量指标", "健全", "基本健全", weight, score)
	in.Achievement, in.Deviation = a, "原因"
	return in
}

// TestRatesDoNotDependOnTheUnit: one form in 元 and in 万元 has the same figures under every
// profile (domain notes: "Rates and scores do not depend on the unit").
func TestRatesDoNotDependOnTheUnit(t *testing.T) {
	for _, p := range Profiles() {
		yuan := ruleForm("2,074,538", "1,157,970.5", form.Yuan)
		wan := ruleForm("207.4538", "115.79705", form.WanYuan)
		a, b := Score(&yuan, &p), Score(&wan, &p)
		if fa, fb := a.Figures(), b.Figures(); fa.ExecutionRate != fb.ExecutionRate || fa.BudgetScore != fb.BudgetScore || fa.Total != fb.Total {
			t.Errorf("%s: 元 %+v, 万元 %+v", p.Name, fa, fb)
		}
	}
}

// TestDeviationFromAndGrades: the rules only the test profiles carry — a deviation
// explanation from 130% (Guangxi, per the domain notes) and grade bands of 80 / 70 / 60.
func TestDeviationFromAndGrades(t *testing.T) {
	p := testProfile(t, "deviation-130.json")
	f := ruleForm("100", "100", "", row("产出指标", "数量指标", "≥100份", "130份", "90", ""))
	if r := Score(&f, p); has(r, "indicator.deviation_over", "indicators.0.deviation") == nil || !r.Blocking() {
		t.Errorf("130%% without an explanation: %s", codes(r))
	}
	f.Indicators[0].Deviation = "目标设置偏低，下年调整"
	if r := Score(&f, p); has(r, "indicator.deviation_over", "indicators.0.deviation") != nil {
		t.Errorf("explained, yet: %s", codes(r))
	}
	f.Indicators[0].Actual, f.Indicators[0].Deviation = "129份", ""
	if r := Score(&f, p); has(r, "indicator.deviation_over", "indicators.0.deviation") != nil {
		t.Errorf("129%%: %s", codes(r))
	}

	g := testProfile(t, "grades-80.json")
	for _, tt := range []struct{ score, grade80, grade90 string }{
		{"75", "优", "良"}, {"65", "良", "中"}, {"55", "中", "中"}, {"45", "差", "差"},
	} {
		f := ruleForm("100", "100", "")
		f.Indicators[0].Score, f.Indicators[0].Deviation = tt.score, "原因"
		if r := Score(&f, g); r.Grade != tt.grade80 {
			t.Errorf("total %s under 80/70/60: %s, want %s", r.Total, r.Grade, tt.grade80)
		}
		if r := Score(&f, &Shanghai2022); r.Grade != tt.grade90 {
			t.Errorf("total %s under 90/80/60: %s, want %s", r.Total, r.Grade, tt.grade90)
		}
	}
}

// TestScoreAllocations: the keystroke path allocates what it did before explanations
// existed: the rows' results, the subtotals and the problems (BenchmarkScore40's form).
func TestScoreAllocations(t *testing.T) {
	f := base()
	f.Indicators = nil
	targets := [][2]string{{"≥6000份", "5000"}, {"100%", "100%"}, {"有效", "有效"}, {"2022年12月底前", "2022年12月底"}, {">=85%", ">=85%"}}
	for i := 0; i < 40; i++ {
		tv := targets[i%len(targets)]
		in := row("产出指标", "数量指标", tv[0], tv[1], "2.25", "")
		in.Deviation = "原因"
		f.Indicators = append(f.Indicators, in)
	}
	for _, name := range []string{"shanghai-2022", "platform-2022", "langfang-2019"} {
		p := profile(t, name)
		if n := testing.AllocsPerRun(50, func() { _ = Score(&f, p) }); n > 9 {
			t.Errorf("%s: Score allocates %v times, want at most 9", name, n)
		}
	}
}

// TestProblemCodesInCatalog: every problem code the scorer can produce has its message
// ("problem."+code) in Chinese and English.
func TestProblemCodesInCatalog(t *testing.T) {
	src, err := os.ReadFile("score.go")
	if err != nil {
		t.Fatal(err)
	}
	lit := regexp.MustCompile(`s\.(?:problem|flag)\((?:Error, |Warning, )?"([a-z_.]+)"`)
	codes := []string{"amount.precision_wan"}
	for _, m := range lit.FindAllStringSubmatch(string(src), -1) {
		if !strings.HasSuffix(m[1], ".") { // "amount."+reason(err): the reasons below
			codes = append(codes, m[1])
		}
	}
	for _, reason := range []string{"precision", "range", "negative", "syntax"} {
		codes = append(codes, "amount."+reason, "number."+reason)
	}
	if len(codes) < 30 {
		t.Fatalf("only %d codes found: the pattern no longer matches the code", len(codes))
	}
	for _, c := range codes {
		if zh, en := i18n.Pair("problem." + c); zh == "" || en == "" {
			t.Errorf("problem.%s: not in the catalog", c)
		}
	}
}
