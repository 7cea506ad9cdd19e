package scoring

import (
	"strings"
	"testing"

	"selfeval/internal/form"
	"selfeval/internal/i18n"
)

// explained returns the explanations of figure.
func explained(ex []Explanation, figure string) []Explanation {
	var out []Explanation
	for _, e := range ex {
		if e.Figure == figure {
			out = append(out, e)
		}
	}
	return out
}

// TestExplainMessages: each kind of figure says which rule made it, from which inputs, how it
// was rounded and where the rule comes from, in both languages.
func TestExplainMessages(t *testing.T) {
	tests := []struct {
		name, profile string
		f             form.Form
		figure        string
		zh, en        string // the message, up to the source
		source        string // a part of the source
	}{
		{"rate rounded up", "shanghai-2022", ruleForm("71200", "70,000", ""), FigureRate,
			"执行率 = 全年执行数 70,000.00 ÷ 全年预算数 71,200.00 × 100% = 98.3146%，向上取至 2 位小数：98.32%",
			"Execution rate = amount spent 70,000.00 ÷ full-year budget 71,200.00 × 100% = 98.3146%, rounded up to 2 decimal places: 98.32%",
			"the seed's printed rates"},
		{"rate in 万元, whole", "langfang-2019", ruleForm("43.2", "37.24", form.WanYuan), FigureRate,
			"执行率 = 全年执行数 37.24 ÷ 全年预算数 43.20 × 100% = 86.2037%，四舍五入取整：86%",
			"Execution rate = amount spent 37.24 ÷ full-year budget 43.20 × 100% = 86.2037%, rounded half up to a whole number: 86%",
			"lfsp.cn"},
		{"zero budget", "shanghai-2022", ruleForm("0", "0", ""), FigureRate,
			"全年预算数为 0：执行率记为 0", "The full-year budget is 0: the execution rate counts as 0", "the seed"},
		{"budget ratio", "shanghai-2022", ruleForm("123475", "119829", ""), FigureBudget,
			"预算执行得分 = 执行率 97.05%（最高按 100% 计）× 分值 10 ÷ 100 = 9.705，四舍五入至 2 位小数：9.71",
			"Budget score = execution rate 97.05% (counted at most 100%) × weight 10 ÷ 100 = 9.705, rounded half up to 2 decimal places: 9.71",
			"9.705 printed 9.71"},
		{"budget band", "banded-2023", ruleForm("100", "85", ""), FigureBudget,
			"执行率 85.00% 不低于 80%：预算执行得分 = 分值 10 × 0.8，四舍五入至 2 位小数：8.00",
			"Execution rate 85.00% is at least 80%: budget score = weight 10 × 0.8, rounded half up to 2 decimal places: 8.00",
			"invented example"},
		{"reverse linear", "platform-2022", ruleForm("100", "100", "", row("产出指标", "数量指标", "≤10次", "12次", "10", "")), "indicators.0.suggested",
			"反向指标：实际 12 高于目标 10，得分 = (1 − 2 ÷ 10) × 分值 10 = 8，四舍五入至 2 位小数：8.00",
			"Reverse indicator: the actual 12 is above the target 10, score = (1 − 2 ÷ 10) × weight 10 = 8, rounded half up to 2 decimal places: 8.00",
			"national platform"},
		{"reverse ratio", "shanghai-2022", ruleForm("100", "100", "", row("产出指标", "数量指标", "≤10次", "12次", "10", "")), "indicators.0.suggested",
			"反向指标：实际 12 高于目标 10，得分 = 分值 10 × 目标 10 ÷ 实际 12 = 8.333333，四舍五入至 2 位小数：8.33",
			"Reverse indicator: the actual 12 is above the target 10, score = weight 10 × target 10 ÷ actual 12 = 8.333333, rounded half up to 2 decimal places: 8.33",
			"财预〔2020〕10号"},
		{"reverse twice", "platform-2022", ruleForm("100", "100", "", row("产出指标", "数量指标", "≤10次", "25次", "10", "")), "indicators.0.suggested",
			"反向指标：实际 25 达到目标 10 的两倍（20）及以上，得 0 分", "Reverse indicator: the actual 25 is at least twice the target 10 (20), 0 points", "national platform"},
		{"zero target", "shanghai-2022", ruleForm("100", "100", "", row("产出指标", "数量指标", "0次", "2次", "10", "")), "indicators.0.suggested",
			"目标为 0：实际 2 高于目标，得 0 分", "The target is 0: the actual 2 is above it, 0 points", "target of 0"},
		{"positive ratio", "shanghai-2022", ruleForm("100", "100", "", row("产出指标", "数量指标", "≥6000份", "5000", "10", "")), "indicators.0.suggested",
			"正向指标：实际 5000 低于目标 6000，得分 = 分值 10 × 实际 5000 ÷ 目标 6000 = 8.333333，四舍五入至 2 位小数：8.33",
			"Positive indicator: the actual 5000 is below the target 6000, score = weight 10 × actual 5000 ÷ target 6000 = 8.333333, rounded half up to 2 decimal places: 8.33",
			"按照完成值与指标值的比例记分"},
		{"positive met", "shanghai-2022", ruleForm("100", "100", "", row("产出指标", "数量指标", "≥6000份", "6000份", "10", "")), "indicators.0.suggested",
			"正向指标：实际 6000 达到目标 6000，得满分 10.00", "Positive indicator: the actual 6000 reaches the target 6000, full weight 10.00", "财预〔2020〕10号"},
		{"words", "shanghai-2022", ruleForm("100", "100", "", row("效益指标", "社会效益指标", "有效", "有效", "10", "")), "indicators.0.suggested",
			"实际“有效”与目标“有效”一致，得满分 10.00", "The actual “有效” is the target “有效”: full weight 10.00", "rule 4"},
		{"deadline", "shanghai-2022", ruleForm("100", "100", "", row("产出指标", "时效指标", "4季度", "三季度", "10", "")), "indicators.0.suggested",
			"时限指标：实际 三季度 不晚于目标 4季度，得满分 10.00", "Deadline: the actual 三季度 is not later than the target 4季度, full weight 10.00", "rule 5"},
		{"late", "shanghai-2022", ruleForm("100", "100", "", row("产出指标", "时效指标", "三季度", "四季度", "10", "")), "indicators.0.suggested",
			"时限指标：实际 四季度 晚于目标 三季度，规则不给建议得分：请选择达成等级，在其分值区间内打分",
			"Deadline: the actual 四季度 is later than the target 三季度, so the rules suggest no score: choose a grade and score within its band", "100%-80%"},
		{"graded", "shanghai-2022", ruleForm("100", "100", "", row("效益指标", "社会效益指标", "健全", "基本健全", "10", "")), "indicators.0.suggested",
			"实际“基本健全”无法按规则与目标“健全”比较，规则不给建议得分：请选择达成等级，在其分值区间内打分",
			"The actual “基本健全” cannot be compared with the target “健全” by the rules, so they suggest no score: choose a grade and score within its band", "100%-80%"},
		{"deduction", "platform-2022", ruleForm("100", "100", "", row("产出指标", "数量指标", "≥100份", "130份", "90", "")), "indicators.0.deduction",
			"指标偏离：实际 130 为目标 100 的 130%（不低于 130%），建议得分扣 2 分：90.00 减为 88.00",
			"Deviation: the actual 130 is 130% of the target 100 (at least 130%), 2 points off the suggested score: 90.00 becomes 88.00", "1.3 指标偏离规则"},
		{"total", "shanghai-2022", ruleForm("100", "95", ""), FigureTotal,
			"总分 = 预算执行得分 9.50 + 绩效指标得分 90.00 = 99.50", "Total = budget score 9.50 + indicator scores 90.00 = 99.50", "rule 8"},
		{"cap", "platform-2022", ruleForm("100", "75", ""), FigureCap,
			"执行率 75.00% 低于 80%：总分最高 89，97.50 减为 89", "Execution rate 75.00% is below 80%: the total is at most 89, 97.50 becomes 89", "不超过 89 分"},
		{"grade", "shanghai-2022", ruleForm("100", "95", ""), FigureGrade,
			"总分 99.50 不低于 90：等级为“优”", "The total 99.50 is at least 90: grade “Excellent”", "90（含）-100 优"},
		{"lowest grade", "shanghai-2022", ruleForm("100", "100", "", row("产出指标", "数量指标", "≥100份", "10份", "90", "")), FigureGrade,
			"总分 19.00 低于 60：等级为“差”", "The total 19.00 is below 60: grade “Poor”", "60 以下差"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := explained(Explain(&tt.f, profile(t, tt.profile)), tt.figure)
			if len(ex) != 1 {
				t.Fatalf("%d explanations of %s", len(ex), tt.figure)
			}
			e := ex[0]
			zh, en := e.Message(i18n.Zh), e.Message(i18n.En)
			if want := tt.zh + "（依据：" + e.Citation(i18n.Zh) + "）"; zh != want {
				t.Errorf("zh\n got %s\nwant %s", zh, want)
			}
			if want := tt.en + " (source: " + e.Citation(i18n.En) + ")"; en != want {
				t.Errorf("en\n got %s\nwant %s", en, want)
			}
			if !strings.Contains(e.Source, tt.source) {
				t.Errorf("source %q lacks %q", e.Source, tt.source)
			}
		})
	}
}

// TestExplainMatchesFigures: for the seed's kind of form under every profile, each computed
// figure has its explanation, whose value is the figure as printed, and explaining changes
// nothing that Score computes.
func TestExplainMatchesFigures(t *testing.T) {
	f := ruleForm("195000", "100000.5", "",
		row("产出指标", "数量指标", "≥100份", "140份", "30", ""),
		row("产出指标", "时效指标", "≤5天", "7天", "20", ""),
		row("效益指标", "社会效益指标", "有效", "有效", "30", ""),
		row("满意度指标", "服务对象满意度指标", "≥90%", "85%", "10", ""))
	for _, p := range Profiles() {
		t.Run(p.Name, func(t *testing.T) {
			r := Score(&f, &p)
			fg := r.Figures()
			ex := Explain(&f, &p)
			value := func(figure string) string {
				e := explained(ex, figure)
				if len(e) != 1 {
					t.Errorf("%d explanations of %s", len(e), figure)
					return ""
				}
				if e[0].Source == "" {
					t.Errorf("%s: no source", figure)
				}
				return e[0].Value
			}
			for _, c := range []struct{ figure, want string }{
				{FigureRate, fg.ExecutionRate + "%"}, {FigureBudget, fg.BudgetScore}, {FigureGrade, fg.Grade},
				{"indicators.1.suggested", fg.Indicators[1].Suggested}, {"indicators.2.suggested", fg.Indicators[2].Suggested},
				{"indicators.3.suggested", fg.Indicators[3].Suggested},
			} {
				if got := value(c.figure); got != c.want {
					t.Errorf("%s: explained %q, figure %q", c.figure, got, c.want)
				}
			}
			total := value(FigureTotal)
			if caps := explained(ex, FigureCap); len(caps) == 1 {
				total = caps[0].Value
				if has(r, "total.capped", "funds.total.executed") == nil {
					t.Error("a cap explained, but none applied")
				}
			}
			if total != fg.Total && total+".00" != fg.Total {
				t.Errorf("total explained %q, figure %q", total, fg.Total)
			}
			// Row 0 reaches 140% of its target: a profile that deducts says so after the rule.
			row0 := value("indicators.0.suggested")
			if d := explained(ex, "indicators.0.deduction"); len(d) == 1 {
				row0 = d[0].Value
			} else if p.Deduction != nil {
				t.Errorf("no deduction explained under a deduction of %s", p.Deduction.Points)
			}
			if row0 != fg.Indicators[0].Suggested {
				t.Errorf("row 0: explained %q, figure %q", row0, fg.Indicators[0].Suggested)
			}
			for _, e := range ex {
				if zh, en := e.Message(i18n.Zh), e.Message(i18n.En); strings.Contains(zh, "explain.") || strings.Contains(en, "%!") || strings.Contains(zh, "%!") {
					t.Errorf("%s: %q / %q", e.Figure, zh, en)
				}
			}
			if again := Score(&f, &p); again.Total != r.Total || len(again.Problems) != len(r.Problems) {
				t.Error("explaining changed the result")
			}
		})
	}
}

// TestExplainCitation: a person is shown of a rule's source what they can look up — its
// document numbers and addresses, each once — or, where no document states the rule, the
// profile it belongs to; never the developers' notes.
func TestExplainCitation(t *testing.T) {
	for _, tt := range []struct{ source, zh, en string }{
		{"财预〔2020〕10号：完成指标值的，记该指标所赋全部分值（docs/DOMAIN.md rule 3）; 财预〔2020〕10号 附件", "财预〔2020〕10号", "财预〔2020〕10号"},
		{"http://www.lfsp.cn/newsinfo/1158053.html (廊坊市食品工程学校, 2019): 86.2037% printed 86%", "http://www.lfsp.cn/newsinfo/1158053.html", "http://www.lfsp.cn/newsinfo/1158053.html"},
		{"财预〔2021〕101号; https://desk33.com/d-565511.html（手册）", "财预〔2021〕101号；https://desk33.com/d-565511.html", "财预〔2021〕101号；https://desk33.com/d-565511.html"},
		{"the seed's printed rates: 70000 ÷ 71200 = 98.3146% printed 98.32%", "“上海市 2022 年”评分规则", "the rules “上海市 2022 年”"},
		{"", "“上海市 2022 年”评分规则", "the rules “上海市 2022 年”"},
	} {
		e := Explanation{Source: tt.source, Profile: "上海市 2022 年"}
		if got := e.Citation(i18n.Zh); got != tt.zh {
			t.Errorf("Citation(%q) = %q, want %q", tt.source, got, tt.zh)
		}
		if got := e.Citation(i18n.En); got != tt.en {
			t.Errorf("Citation(%q) in English = %q, want %q", tt.source, got, tt.en)
		}
	}
}
