package i18n

func init() { add(editorMessages) }

// editorMessages are the strings of the editor's save queue, keyboard and clipboard, and the
// workflow buttons that stay on the page.
var editorMessages = map[string][2]string{
	"form.budget_score_short":  {"预算得分", "Budget score"},
	"form.cell_label":          {"第 %d 行 %s", "Row %d, %s"},
	"form.keys_hint":           {"Enter 下移 · ↑↓←→ 在单元格间移动 · 可从 Excel/WPS 粘贴整块表格", "Enter moves down · arrow keys move between cells · paste a block from Excel or WPS"},
	"form.submit_blocked":      {"还有 %d 个错误须先改正", "%d errors to fix first"},
	"form.first_problem":       {"查看第一个", "Go to the first"},
	"form.merged":              {"已合并 %s 的修改（%d 处）", "Merged the changes of %s (%d fields)"},
	"form.conflict.rows":       {"指标行", "Indicator rows"},
	"form.conflict.field":      {"%s 已将此处改为「%s」", "%s changed this to \"%s\""},
	"form.conflict.mine":       {"用我的", "Keep mine"},
	"form.conflict.theirs":     {"用对方的", "Take theirs"},
	"form.conflict.pending":    {"有冲突，请在标出的位置选择保留哪一个", "Conflicts: choose which value to keep where marked"},
	"form.conflict.rows_text":  {"%s 同时修改了指标行（增删或移动），请选择", "%s changed the indicator rows (added, removed or moved) at the same time: choose"},
	"form.row.delete_confirm":  {"删除第 %d 行？该行已有内容。", "Delete row %d? It is not empty."},
	"form.pasted":              {"已粘贴 %d 行", "Rows pasted: %d"},
	"form.undo":                {"撤销", "Undo"},
	"save.unsaved":             {"未保存", "Not saved"},
	"save.saving":              {"保存中…", "Saving…"},
	"save.failed":              {"保存失败，正在重试：%s", "Saving failed, retrying: %s"},
	"save.failed_final":        {"保存失败：%s", "Saving failed: %s"},
	"save.offline":             {"无法连接服务器", "the server cannot be reached"},
	"save.busy":                {"他人同时在保存，稍后再试", "others are saving at the same moment; trying again"},
	"save.session":             {"登录已过期，请重新登录", "your session has expired: sign in again"},
	"save.leave":               {"有尚未保存的修改。", "There are unsaved changes."},
	"workflow.confirm.return":  {"确定退回此表？", "Return this form?"},
	"workflow.confirm.approve": {"确定审核通过此表？通过后不可再修改。", "Approve this form? It cannot be changed afterwards."},
}

func init() {
	add(map[string][2]string{
		"import.format.text":    {"复制的表格文字", "copied table text"},
		"import.format.json":    {"JSON", "JSON"},
		"import.format.xlsx":    {"Excel 工作簿", "Excel workbook"},
		"copy.bad_choice":       {"无法识别的选择“%s”：请选择跳过、替换或保留两份。", "Unknown choice “%s”: choose skip, replace or keep both."},
		"list.new_invalid":      {"请填写年度（2000–2100）和项目名称。", "Give a year (2000–2100) and a project name."},
		"list.copy_all_confirm": {"将本单位的全部自评表复制到下一年度？已有的同名表会跳过。", "Copy all of your unit's forms to next year? Forms next year already has are skipped."},
	})
}
