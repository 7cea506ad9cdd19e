package i18n

func init() { add(listQueryMessages) }

// listQueryMessages are the texts of the list's search, filters, sort and pages, of its
// flags, and the header of its CSV export (in Chinese the 汇总表's own header).
var listQueryMessages = map[string][2]string{
	"listq.search":             {"搜索", "Search"},
	"listq.search_placeholder": {"项目或单位名称", "Project or unit name"},
	"listq.flag":               {"标记", "Flags"},
	"listq.flag_any":           {"有任一标记", "Any flag"},
	"listq.sort":               {"排序", "Sort by"},
	"listq.dir":                {"顺序", "Order"},
	"listq.asc":                {"升序", "Ascending"},
	"listq.desc":               {"降序", "Descending"},
	"listq.clear":              {"清除条件", "Clear the search and filters"},
	"listq.count":              {"共 %d 张自评表，当前第 %d–%d 张", "%d forms, %d–%d shown"},
	"listq.count_zero":         {"共 0 张自评表", "No forms"},
	"listq.empty":              {"没有符合条件的自评表。", "No form matches the search and filters."},
	"listq.sort_by":            {"按“%s”排序", "Sort by %s"},
	"listq.pages":              {"分页", "Pages"},
	"listq.page":               {"第 %d 页", "Page %d"},
	"listq.prev":               {"上一页", "Previous"},
	"listq.next":               {"下一页", "Next"},
	"listq.export_csv":         {"导出 CSV", "Export as CSV"},
	"listq.export_summary":     {"导出汇总表", "Export the summary table"},
	"listq.flag_sep":           {"；", "; "},
	"listq.export_name":        {"自评表汇总-%d", "self-assessments-%d"},

	// The flags, by their codes (scoring.Problem.Code), as the list names them.
	"listq.flag.funds.rows_mismatch":       {"资金来源合计不符", "Sources do not add up"},
	"listq.flag.funds.over_budget":         {"执行数超预算", "Spent over budget"},
	"listq.flag.funds.low_execution":       {"执行率低于 90%%", "Execution below 90%%"},
	"listq.flag.indicator.above_suggested": {"得分高于建议", "Score above suggestion"},
	"listq.flag.indicator.over_achieved":   {"超额完成", "Over-achieved"},

	// The columns of the CSV export, in its order.
	"listq.col.unit":         {"实施单位", "Unit"},
	"listq.col.project":      {"项目名称", "Project"},
	"listq.col.status":       {"状态", "Status"},
	"listq.col.adjusted":     {"全年预算数", "Full-year budget"},
	"listq.col.executed":     {"全年执行数", "Amount spent"},
	"listq.col.amount_unit":  {"金额单位", "Unit of amounts"},
	"listq.col.rate":         {"执行率（%%）", "Execution rate (%%)"},
	"listq.col.budget_score": {"预算执行得分", "Budget score"},
	"listq.col.total":        {"总分", "Total"},
	"listq.col.grade":        {"等级", "Grade"},
	"listq.col.flags":        {"标记", "Flags"},
	"listq.col.submitted":    {"提交时间", "Submitted at"},
	"listq.col.approved":     {"通过时间", "Approved at"},
}
