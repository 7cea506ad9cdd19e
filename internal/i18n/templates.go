package i18n

func init() { add(templateMessages) }

// templateMessages are the texts of the templates' own rows and columns (Sichuan 2023's
// funds rows) and of what the readers say of them.
var templateMessages = map[string][2]string{
	"note.field_missing.funds.special": {"未找到资金行“财政专户管理资金”。", "No funds row “special account funds” found."},
	"note.field_missing.funds.own":     {"未找到资金行“单位资金”。", "No funds row “the unit's own funds” found."},
	"import.left":                      {"第 %d 张自评表（%s）没有绩效指标，未导入；其余照常导入。", "Form %d (%s) has no indicators and is left out; the others are imported."},
	"note.remark":                      {"本行备注“%s”未并入偏差原因，另作说明保留。", "The row's remark “%s” is kept as a note, apart from the deviation explanation."},
	"form.funds.special":               {"财政专户管理资金", "Special account funds"},
	"form.funds.own":                   {"单位资金", "The unit's own funds"},
	"form.funds.fiscal.sichuan-2023":   {"其中：财政资金", "of which: fiscal funds"},
	"form.funds.total.sichuan-2023":    {"总额", "Total"},
	"form.funds.label.sichuan-2023":    {"年度预算数", "Budget of the year"},
	"form.funds.initial.sichuan-2023":  {"年初预算", "Initial budget"},
	"form.funds.adjusted.sichuan-2023": {"调整后预算数", "Adjusted budget"},
	"form.funds.executed.sichuan-2023": {"预算执行数", "Amount spent"},
	"form.target.sichuan-2023":         {"指标值", "Target"},
	"form.actual.sichuan-2023":         {"完成值", "Achieved"},
	"form.weight.sichuan-2023":         {"权重", "Weight"},
	"form.deviation.sichuan-2023":      {"未完成原因分析", "Why not achieved"},
}
