package i18n

func init() { add(exportJobMessages) }

// exportJobMessages are the texts of the export page and of an export job's progress.
var exportJobMessages = map[string][2]string{
	"export.title":  {"导出年度工作簿", "Export a year's workbook"},
	"export.year":   {"年度", "Year"},
	"export.sheets": {"一个工作簿最多几张自评表", "Most forms in one workbook"},
	"export.sheets_help": {"不超过这个数时导出一个工作簿：汇总表和每张自评表各一张工作表；超过时导出 zip：每张自评表一个工作簿，另附汇总工作簿。可填 1 到 %d，默认 %d。",
		"Up to this number, one workbook: the summary sheet and a sheet per form; beyond it, a zip of one workbook per form with the summary workbook. From 1 to %d, %d unless you change it."},
	"export.count":      {"%d 年度你可见的自评表：%d 张。", "Forms of %d that you may see: %d."},
	"export.as_book":    {"将导出为一个工作簿（%d 张工作表）。", "They are exported as one workbook (%d sheets)."},
	"export.as_zip":     {"超过 %d 张，将导出为 zip（%d 个工作簿）。", "More than %d: they are exported as a zip (%d workbooks)."},
	"export.none":       {"%d 年度没有你可见的自评表。", "There is no form of %d that you may see."},
	"export.start":      {"开始导出", "Start the export"},
	"export.now":        {"直接下载", "Download now"},
	"export.bad_sheets": {"一个工作簿最多几张自评表：请填 1 到 %d 的整数，而不是“%s”。", "Most forms in one workbook: a whole number from 1 to %d, not “%s”."},
	"export.busy":       {"已有 %d 个导出正在进行，请稍后再试。", "%d exports are running already; try again in a minute."},
	"export.own_busy":   {"你已有一个导出正在进行：请等它完成或取消它。", "You have an export running already: wait for it to finish or cancel it."},
	"export.jobs":       {"我的导出", "My exports"},
	"export.job_title":  {"%d 年度导出", "Export of %d"},
	"export.progress":   {"已写入 %d / %d 张自评表", "%d of %d forms written"},
	"export.finishing":  {"正在写入文件…", "Writing the file…"},
	"export.ready":      {"已完成。", "Done."},
	"export.download":   {"下载 %s", "Download %s"},
	"export.kept":       {"文件保留 %d 分钟，下载后即删除。", "The file is kept %d minutes, and removed once downloaded."},
	"export.downloaded": {"已下载，文件已删除。", "Downloaded; the file is removed."},
	"export.cancel":     {"取消导出", "Cancel the export"},
	"export.cancelled":  {"已取消。", "Cancelled."},
	"export.abandoned":  {"页面关闭后无人查看进度，导出已停止。", "Nobody followed its progress after the page closed, so the export stopped."},
	"export.too_long":   {"导出超过 %d 分钟，已停止。", "The export took more than %d minutes and was stopped."},
	"export.failed":     {"导出失败，请重试。", "The export failed; please try again."},
	"export.not_ready":  {"导出尚未完成。", "The export is not finished yet."},
	"export.refresh":    {"刷新进度", "Refresh the progress"},
	"export.show":       {"查看", "Show"},
}
