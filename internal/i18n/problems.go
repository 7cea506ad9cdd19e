package i18n

// catalog maps a key to its {zh, en} texts. Problem messages are keyed "problem.<code>";
// the pages' strings live in pages.go under their own prefixes.
var catalog = map[string][2]string{}

func add(entries map[string][2]string) {
	for k, v := range entries {
		catalog[k] = v
	}
}

func init() { add(problemMessages) }

var problemMessages = map[string][2]string{
	"problem.amount.syntax":    {"无法识别的金额 “%s”", "Unrecognised amount “%s”"},
	"problem.amount.precision": {"金额最多两位小数：“%s”", "An amount has at most two decimal places: “%s”"},
	"problem.amount.range":     {"金额过大：“%s”", "Amount too large: “%s”"},
	"problem.amount.negative":  {"金额不能为负：“%s”", "An amount cannot be negative: “%s”"},
	"problem.number.syntax":    {"无法识别的数字 “%s”", "Unrecognised number “%s”"},
	"problem.number.precision": {"小数位过多：“%s”", "Too many decimal places: “%s”"},
	"problem.number.range":     {"数字过大：“%s”", "Number too large: “%s”"},
	"problem.number.negative":  {"不能为负数：“%s”", "Cannot be negative: “%s”"},

	"problem.funds.zero_budget":   {"全年预算数为 0，执行率记为 0.00%%", "The full-year budget is 0, so the execution rate is 0.00%%"},
	"problem.funds.over_budget":   {"全年执行数超过全年预算数，执行率按 100%% 计分", "Amount spent exceeds the full-year budget; the rate is scored as 100%%"},
	"problem.funds.rows_mismatch": {"年度资金总额 %s 不等于各来源之和 %s", "The total %s is not the sum of its sources %s"},

	"problem.indicators.none":           {"至少需要一项绩效指标", "At least one performance indicator is needed"},
	"problem.indicator.name_missing":    {"请填写三级指标名称", "Enter the indicator name"},
	"problem.indicator.target_missing":  {"请填写年度指标值", "Enter the target value"},
	"problem.indicator.actual_missing":  {"请填写实际完成值", "Enter the actual value"},
	"problem.indicator.weight_missing":  {"请填写分值", "Enter the weight"},
	"problem.indicator.score_missing":   {"请填写得分或选择达成等级", "Enter a score or choose an achievement grade"},
	"problem.indicator.score_range":     {"得分 %s 应在 0 至分值 %s 之间", "Score %s must lie between 0 and the weight %s"},
	"problem.indicator.score_band":      {"得分 %s 不在“%s”对应的区间 %s–%s 内", "Score %s is outside the band %[3]s–%[4]s of “%[2]s”"},
	"problem.indicator.deviation":       {"得分低于分值或高于建议得分时，请填写偏差原因分析及改进措施", "Explain the deviation: the score is below the weight or above the suggested score"},
	"problem.indicator.above_suggested": {"得分 %s 高于建议得分 %s", "Score %s is above the suggested score %s"},
	"problem.indicator.over_achieved":   {"实际完成值达到目标的 %s%%，请确认目标是否偏低", "The actual value is %s%% of the target: was the target set too low?"},
	"problem.indicator.grade_needed":    {"未达到年度指标值，请选择达成等级", "The target was not met: choose an achievement grade"},
	"problem.indicator.unit_mismatch":   {"实际完成值的单位“%s”与年度指标值的单位“%s”不同", "The actual value's unit “%s” differs from the target's “%s”"},
	"problem.indicator.level1_unknown":  {"一级指标“%s”不在 %s 年的指标体系中", "Level-1 indicator “%s” is not in the %s vocabulary"},
	"problem.indicator.level2_unknown":  {"二级指标“%s”不属于一级指标“%s”", "Level-2 indicator “%s” does not belong under “%s”"},
	"problem.indicator.achievement":     {"无法识别的达成等级“%s”", "Unrecognised achievement grade “%s”"},
	"problem.weights.sum":               {"预算执行分值与各指标分值之和为 %s，应为 100", "The budget weight and indicator weights add up to %s, not 100"},
	"problem.weights.split":             {"%s 的分值合计为 %s，通常为 %s", "%s weights add up to %s; the usual split gives %s"},
	"problem.total.capped":              {"执行率低于 %s%%，总分上限为 %s", "Execution below %s%% caps the total at %s"},
	"problem.achievement.achieved":      {"达成年度指标", "Achieved"},
	"problem.achievement.partial":       {"部分达成", "Partly achieved"},
	"problem.achievement.missed":        {"未达成", "Not achieved"},
	"problem.severity.error":            {"错误", "Error"},
	"problem.severity.warning":          {"提示", "Warning"},
}
