package i18n

func init() { add(overviewMessages) }

// overviewMessages are the texts of /overview, the year at a glance.
var overviewMessages = map[string][2]string{
	"nav.overview":                   {"概览", "Overview"},
	"overview.title":                 {"年度概览", "The year at a glance"},
	"overview.forms":                 {"%d 年度共 %d 张自评表，%d 个单位。", "%d: %d forms of %d units."},
	"overview.by_status":             {"按状态", "By state"},
	"overview.rate_dist":             {"执行率分布", "Execution rates"},
	"overview.grade_dist":            {"等级分布", "Grades"},
	"overview.flags":                 {"提示标记", "Flags"},
	"overview.flagged":               {"有提示标记的自评表", "Forms with flags"},
	"overview.not_started":           {"尚未开始的单位（%d）", "Units not started (%d)"},
	"overview.waiting":               {"等待审核的单位（%d）", "Units waiting for review (%d)"},
	"overview.none":                  {"无。", "None."},
	"overview.units":                 {"各单位进度", "Progress of each unit"},
	"overview.count":                 {"自评表数", "Forms"},
	"overview.progress":              {"进度", "Progress"},
	"overview.progress_of":           {"已通过 %d · 已提交 %d · 已退回 %d · 草稿 %d", "approved %d · submitted %d · returned %d · drafts %d"},
	"overview.more":                  {"另有 %d 张", "and %d more"},
	"overview.no_grade":              {"未评定", "No grade"},
	"overview.band.lt60":             {"低于 60%", "below 60%"},
	"overview.band.60":               {"60%–70%", "60%–70%"},
	"overview.band.70":               {"70%–80%", "70%–80%"},
	"overview.band.80":               {"80%–90%", "80%–90%"},
	"overview.band.90":               {"90%–100%", "90%–100%"},
	"overview.band.100":              {"100% 及以上", "100% and above"},
	"overview.band.none":             {"无执行率", "No rate"},
	"flag.funds.low_execution":       {"执行率低于 90%", "Execution below 90%"},
	"flag.funds.over_budget":         {"执行数超过预算", "Spent above the budget"},
	"flag.funds.rows_mismatch":       {"资金各行之和不符", "Funds rows do not add up"},
	"flag.indicator.above_suggested": {"得分高于建议得分", "Score above the suggestion"},
	"flag.indicator.over_achieved":   {"实际值远超目标", "Actual far above the target"},
}
