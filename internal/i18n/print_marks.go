package i18n

func init() { add(printMarkMessages) }

// printMarkMessages are the strings of the printed form's margins and of what it prints
// below the table while it is not approved.
var printMarkMessages = map[string][2]string{
	"print.page_number": {"第 %[1]s 页 共 %[2]s 页", "Page %[1]s of %[2]s"},
	"print.mark":        {"%s / 未审核", "%s / Not reviewed"},
	"print.blocking":    {"未审核：尚有 %d 项错误须修改后才能提交", "Not reviewed: %d errors must be fixed before the form can be submitted"},
	"print.problem_row": {"第 %d 行（%s）：%s", "Row %d (%s): %s"},
}
