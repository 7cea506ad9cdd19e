package i18n

func init() { add(duplicateMessages) }

// duplicateMessages are the strings of duplicate imports and copies, and of deleting and
// restoring drafts.
var duplicateMessages = map[string][2]string{
	"status.deleted": {"已删除", "Deleted"},

	"import.target_unit":     {"导入到单位", "Into unit"},
	"import.file_unit":       {"文件中为：%s", "The file says: %s"},
	"import.apply":           {"按所选导入", "Import as chosen"},
	"import.result":          {"已创建 %d 张草稿，替换 %d 张，跳过 %d 张重复的自评表。", "Created %d drafts, replaced %d, skipped %d duplicates."},
	"import.replace_refused": {"无法导入，未创建任何自评表：已有的“%s”不是草稿，不能替换，请选择跳过或保留两份。", "Nothing was imported: the stored “%s” is not a draft and cannot be replaced; choose skip or keep both."},
	"import.stale":           {"无法导入，未创建任何自评表：已有的自评表在预览后有变化，请重新预览。", "Nothing was imported: the stored forms changed since the preview; preview again."},
	"import.bad_choice":      {"无法导入，未创建任何自评表：无法识别的选择“%s”。", "Nothing was imported: unknown choice “%s”."},

	"dup.column":          {"重复", "Duplicate"},
	"dup.found":           {"%d 张与本单位已有的同年度同名自评表重复。请逐张选择：跳过（默认）、替换已有草稿，或保留两份。", "%d forms have the same year, unit and project as a stored form. Choose for each: skip it (the default), replace the stored draft, or keep both."},
	"dup.existing":        {"已有：%s（%s）", "Stored: %s (%s)"},
	"dup.skip":            {"跳过", "Skip"},
	"dup.replace":         {"替换已有草稿", "Replace the draft"},
	"dup.keep":            {"保留两份", "Keep both"},
	"dup.not_replaceable": {"已有的自评表不是草稿，不能替换。", "The stored form is not a draft and cannot be replaced."},

	"list.copied_skipped": {"已复制 %d 张自评表到下一年度，跳过 %d 张下一年度已有的自评表。", "Copied %d forms to next year; skipped %d that next year already has."},

	"copy.dup_title":       {"下一年度已有这张自评表", "Next year already has this form"},
	"copy.dup_text":        {"本单位 %d 年度已有项目“%s”的自评表（%s）。要怎么办？", "Your unit already has a %d form for “%s” (%s). What would you like to do?"},
	"copy.open_existing":   {"打开已有的自评表", "Open the existing form"},
	"copy.replace":         {"用复制的内容替换已有草稿", "Replace the existing draft with the copy"},
	"copy.replace_confirm": {"用上一年度的内容替换已有草稿？替换会记入修改记录。", "Replace the existing draft with last year's content? The replacement is kept in the history."},
	"copy.keep_both":       {"保留两份（再建一张）", "Keep both (create another)"},
	"copy.not_replaceable": {"已有的自评表（%s）不能替换：只有草稿可以替换。", "The existing form (%s) cannot be replaced: only a draft can."},

	"list.delete":         {"删除", "Delete"},
	"list.delete_label":   {"删除“%s”", "Delete “%s”"},
	"list.delete_confirm": {"删除草稿“%s”？删除后不再显示，管理员可以恢复。", "Delete the draft “%s”? It disappears from the lists; an administrator can restore it."},
	"list.deleted_one":    {"已删除草稿“%s”。如需恢复，请联系管理员。", "Deleted the draft “%s”. An administrator can restore it."},
	"delete.not_draft":    {"只能删除草稿：“%s”%s。", "Only drafts can be deleted: “%s” is %s."},
	"delete.changed":      {"“%s”在您打开后已有修改，未删除。请查看后再试。", "“%s” changed since you opened it and was not deleted. Check it and try again."},

	"list.show_deleted":    {"已删除的自评表", "Deleted forms"},
	"list.deleted_title":   {"已删除的自评表", "Deleted forms"},
	"list.deleted_at":      {"删除时间", "Deleted at"},
	"list.deleted_by":      {"删除人", "Deleted by"},
	"list.deleted_empty":   {"没有已删除的自评表。", "No deleted forms."},
	"list.restore":         {"恢复", "Restore"},
	"list.restore_label":   {"恢复“%s”", "Restore “%s”"},
	"list.restore_confirm": {"恢复“%s”？它会作为草稿回到本单位的列表。", "Restore “%s”? It returns to its unit's list as a draft."},
	"list.restored":        {"已恢复“%s”，它回到了本单位的草稿中。", "Restored “%s”: it is a draft of its unit again."},
	"list.back":            {"返回自评表列表", "Back to the forms"},
}
