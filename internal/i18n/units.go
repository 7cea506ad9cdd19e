package i18n

func init() { add(unitMessages) }

// unitMessages are the texts of the form's unit of amounts (元 or 万元).
var unitMessages = map[string][2]string{
	"problem.amount.precision_wan": {"以万元计的金额最多六位小数：“%s”", "An amount in ten thousand yuan has at most six decimal places: “%s”"},
	"problem.amount_unit.unknown":  {"金额单位只能是元或万元：“%s”", "The unit of amounts is yuan or ten thousand yuan, not “%s”"},
	"cellerror.amount.precision_wan": {"以万元计的金额最多六位小数：“%s”",
		"an amount in ten thousand yuan has at most six decimal places: “%s”"},
	"unit.yuan":          {"元", "yuan"},
	"unit.wan":           {"万元", "10,000 yuan"},
	"editor.amount_unit": {"金额单位", "Unit of amounts"},
	"form.funds.label":   {"项目资金", "Funds"},
}
