package i18n

func init() { add(profileMessages) }

// profileMessages are the problems of the rules only some profiles have (internal/scoring,
// docs/PROFILES.md) and the explanations of computed figures (scoring.Explain): each figure
// with the rule that produced it, its inputs, its rounding and the rule's source. Labels,
// grades and sources reach the English text only as %s arguments.
var profileMessages = map[string][2]string{
	"problem.funds.rate_explanation":   {"执行率 %s%% 低于 %s%%，须说明原因", "Execution of %s%% is below %s%%: the reason must be explained"},
	"problem.indicator.deducted":       {"实际值达到目标的 %s%%（指标偏离），建议得分扣 %s 分", "The actual is %s%% of the target (a deviation): %s points are taken off the suggested score"},
	"problem.indicator.deviation_over": {"实际值达到目标的 %s%%（不低于 %s%%），请填写偏差原因分析及改进措施", "The actual is %s%% of the target (at least %s%%): explain the deviation"},

	"explain.source":                {"（依据：%s）", " (source: %s)"},
	"explain.rounded.up":            {"，向上取至 %d 位小数：%s", ", rounded up to %d decimal places: %s"},
	"explain.rounded.down":          {"，截断至 %d 位小数：%s", ", truncated to %d decimal places: %s"},
	"explain.rounded.half_up":       {"，四舍五入至 %d 位小数：%s", ", rounded half up to %d decimal places: %s"},
	"explain.rounded.up.whole":      {"，向上取整：%s", ", rounded up to a whole number: %s"},
	"explain.rounded.down.whole":    {"，截断取整：%s", ", truncated to a whole number: %s"},
	"explain.rounded.half_up.whole": {"，四舍五入取整：%s", ", rounded half up to a whole number: %s"},

	"explain.rate":             {"执行率 = 全年执行数 %s ÷ 全年预算数 %s × 100%% = %s%%", "Execution rate = amount spent %s ÷ full-year budget %s × 100%% = %s%%"},
	"explain.rate.zero_budget": {"全年预算数为 0：执行率记为 0", "The full-year budget is 0: the execution rate counts as 0"},
	"explain.budget.ratio":     {"预算执行得分 = 执行率 %s%%（最高按 100%% 计）× 分值 %s ÷ 100 = %s", "Budget score = execution rate %s%% (counted at most 100%%) × weight %s ÷ 100 = %s"},
	"explain.budget.band":      {"执行率 %s%% 不低于 %s%%：预算执行得分 = 分值 %s × %s", "Execution rate %s%% is at least %s%%: budget score = weight %s × %s"},

	"explain.indicator.positive.met":        {"正向指标：实际 %[1]s 达到目标 %[2]s，得满分 %[3]s", "Positive indicator: the actual %[1]s reaches the target %[2]s, full weight %[3]s"},
	"explain.indicator.positive.zero":       {"正向指标：目标 %[2]s 不高于 0，实际 %[1]s 即已达到，得满分 %[3]s", "Positive indicator: the target %[2]s is not above 0, so the actual %[1]s reaches it, full weight %[3]s"},
	"explain.indicator.positive.ratio":      {"正向指标：实际 %[1]s 低于目标 %[2]s，得分 = 分值 %[3]s × 实际 %[1]s ÷ 目标 %[2]s = %[6]s", "Positive indicator: the actual %[1]s is below the target %[2]s, score = weight %[3]s × actual %[1]s ÷ target %[2]s = %[6]s"},
	"explain.indicator.reverse.met":         {"反向指标：实际 %[1]s 不高于目标 %[2]s，得满分 %[3]s", "Reverse indicator: the actual %[1]s is not above the target %[2]s, full weight %[3]s"},
	"explain.indicator.reverse.ratio":       {"反向指标：实际 %[1]s 高于目标 %[2]s，得分 = 分值 %[3]s × 目标 %[2]s ÷ 实际 %[1]s = %[6]s", "Reverse indicator: the actual %[1]s is above the target %[2]s, score = weight %[3]s × target %[2]s ÷ actual %[1]s = %[6]s"},
	"explain.indicator.reverse.linear":      {"反向指标：实际 %[1]s 高于目标 %[2]s，得分 = (1 − %[4]s ÷ %[2]s) × 分值 %[3]s = %[6]s", "Reverse indicator: the actual %[1]s is above the target %[2]s, score = (1 − %[4]s ÷ %[2]s) × weight %[3]s = %[6]s"},
	"explain.indicator.reverse.linear_zero": {"反向指标：实际 %[1]s 达到目标 %[2]s 的两倍（%[5]s）及以上，得 0 分", "Reverse indicator: the actual %[1]s is at least twice the target %[2]s (%[5]s), 0 points"},
	"explain.indicator.zero_target":         {"目标为 %[2]s：实际 %[1]s 高于目标，得 0 分", "The target is %[2]s: the actual %[1]s is above it, 0 points"},
	"explain.indicator.words.met":           {"实际“%s”与目标“%s”一致，得满分 %s", "The actual “%s” is the target “%s”: full weight %s"},
	"explain.indicator.deadline.met":        {"时限指标：实际 %s 不晚于目标 %s，得满分 %s", "Deadline: the actual %s is not later than the target %s, full weight %s"},
	"explain.indicator.deadline.late":       {"时限指标：实际 %s 晚于目标 %s，规则不给建议得分：请选择达成等级，在其分值区间内打分", "Deadline: the actual %s is later than the target %s, so the rules suggest no score: choose a grade and score within its band"},
	"explain.indicator.none":                {"实际“%s”无法按规则与目标“%s”比较，规则不给建议得分：请选择达成等级，在其分值区间内打分", "The actual “%s” cannot be compared with the target “%s” by the rules, so they suggest no score: choose a grade and score within its band"},

	"explain.deduction":   {"指标偏离：实际 %[1]s 为目标 %[2]s 的 %[3]s%%（不低于 %[4]s%%），建议得分扣 %[5]s 分：%[6]s 减为 %[7]s", "Deviation: the actual %[1]s is %[3]s%% of the target %[2]s (at least %[4]s%%), %[5]s points off the suggested score: %[6]s becomes %[7]s"},
	"explain.total":       {"总分 = 预算执行得分 %s + 绩效指标得分 %s = %s", "Total = budget score %s + indicator scores %s = %s"},
	"explain.cap":         {"执行率 %s%% 低于 %s%%：总分最高 %s，%s 减为 %s", "Execution rate %s%% is below %s%%: the total is at most %s, %s becomes %s"},
	"explain.grade":       {"总分 %s 不低于 %s：等级为“%s”", "The total %s is at least %s: grade “%s”"},
	"explain.grade.below": {"总分 %s 低于 %s：等级为“%s”", "The total %s is below %s: grade “%s”"},
}
