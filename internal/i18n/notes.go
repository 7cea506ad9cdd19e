package i18n

func init() { add(noteMessages) }

// noteMessages are what the readers of internal/exchange tell a person: the guesses of the
// copied-table reader ("note.<code>" or "note.<code>.<variant>", see exchange.Note), a cell
// of a workbook that cannot be read ("cellerror.<code>", placed in "cellerror.at"), and a
// whole file that is refused ("import.error.<code>", see exchange.FileError). Data (labels,
// names, values as written) only ever comes in through %s arguments.
var noteMessages = map[string][2]string{
	"note.level1_inferred":             {"一级指标缺失，根据二级指标“%s”推断为“%s”。", "Level 1 is missing; inferred %[2]s from level 2 %[1]s."},
	"note.level1_inferred.other_group": {"一级指标为空，但二级指标“%s”不属于上一行的“%s”，推断为“%s”。", "Level 1 is blank, but level 2 %s does not belong to %s above; inferred %s."},
	"note.level1_inherited":            {"分页后一级指标为空，沿用上一页的“%s”。", "Level 1 is blank after a page break; taken from the row above: %s."},
	"note.level2_inherited":            {"分页后二级指标为空，沿用上一页的“%s”。", "Level 2 is blank after a page break; taken from the row above: %s."},
	"note.level2_inferred":             {"二级指标为空，“%s”只有一个二级指标，推断为“%s”。", "Level 2 is blank; %s has only one level 2, so it is %s."},
	"note.label_moved.level1":          {"一级指标“%s”位于第%s行（合并单元格或表头），已归入本行。", "The level-1 label %s stood on line %s (a merged cell or the header); it is given to this row."},
	"note.label_moved.level2":          {"二级指标“%s”位于第%s行（合并单元格），已归入本行。", "The level-2 label %s stood on line %s (a merged cell); it is given to this row."},
	"note.label_unknown.kept":          {"“%s”不是指标体系中的类别，已按原文保留为指标类别。", "“%s” is not a label of the indicator vocabulary; it is kept as written as a label."},
	"note.label_unknown.joined":        {"“%s”位于名称之前，不是指标类别，已并入名称。", "“%s” stood before the name and is no label; it is joined to the name."},
	"note.label_unknown.ignored":       {"本行多出一个指标类别“%s”，已忽略。", "The row has one label too many, “%s”; it is ignored."},
	"note.row_joined":                  {"本行被分页断开，已将第%s行的续行合并，名称为“%s”。", "The row was split by a page break; line %s was joined to it, giving the name %s."},
	"note.column_shifted":              {"本行单元格相对表头错位 %s 列（合并单元格），已按“分值”“得分”列对齐。", "The row's cells are out of line with the header (column offset %s, merged cells); aligned on the weight and score columns."},
	"note.space_removed":               {"已删除名称中汉字之间的空格（单元格内换行所致）：“%s”。", "Removed a space between Chinese characters of the name, left by a line wrap in the cell: %s."},
	"note.no_indicator_column":         {"绩效指标表没有首列“绩效指标”。", "The indicator table has no leading “performance indicators” column."},
	"note.no_total_row":                {"未找到“总分”行，表格在此结束。", "No total row was found; the form ends here."},
	"note.markup_kept":                 {"目标文字含有标记（如 <p>），已按原文保留为文字。", "The goal contains markup (such as <p>); it is kept as written, as text."},

	"note.field_missing.year":             {"未找到年度。", "No year found."},
	"note.field_missing.project":          {"未找到项目名称。", "No project name found."},
	"note.field_missing.department":       {"未找到主管部门。", "No department found."},
	"note.field_missing.unit":             {"未找到实施单位。", "No implementing unit found."},
	"note.field_missing.funds.total":      {"未找到资金行“年度资金总额”。", "No funds row “total funds” found."},
	"note.field_missing.funds.fiscal":     {"未找到资金行“当年财政拨款”。", "No funds row “this year's appropriation” found."},
	"note.field_missing.funds.carryover":  {"未找到资金行“上年结转资金”。", "No funds row “carried over” found."},
	"note.field_missing.funds.other":      {"未找到资金行“其他资金”。", "No funds row “other funds” found."},
	"note.field_missing.budget_weight":    {"未找到预算执行分值。", "No budget weight found."},
	"note.field_missing.goals":            {"未找到年度总体目标。", "No annual goals found."},
	"note.field_missing.indicator_table":  {"未找到绩效指标表。", "No indicator table found."},
	"note.field_missing.indicator_rows":   {"未找到绩效指标行。", "No indicator rows found."},
	"note.field_missing.indicator_header": {"未找到绩效指标表头，已按本行的“分值”“得分”列读取。", "No indicator table header found; the columns were taken from this row's weight and score."},
	"note.field_missing.level1":           {"未找到一级指标。", "No level-1 label found."},
	"note.field_missing.level2":           {"未找到二级指标。", "No level-2 label found."},
	"note.field_missing.level2_mismatch":  {"二级指标为空，且上一行的“%s”不属于“%s”。", "Level 2 is blank and the one above, %s, does not belong to %s."},

	"cellerror.at":               {"%s!%s：%s", "%s!%s: %s"},
	"cellerror.amount.syntax":    {"无法识别的金额 “%s”", "unrecognised amount “%s”"},
	"cellerror.amount.precision": {"金额最多两位小数：“%s”", "an amount has at most two decimal places: “%s”"},
	"cellerror.amount.negative":  {"金额不能为负：“%s”", "an amount cannot be negative: “%s”"},
	"cellerror.amount.range":     {"金额过大：“%s”", "amount too large: “%s”"},
	"cellerror.indicator_table":  {"未找到绩效指标表（没有“三级指标”“年度指标值”等表头）", "performance indicator table not found (no header row with the level-3 indicator, target value …)"},

	"import.error.empty_file":       {"文件是空的", "the file is empty"},
	"import.error.no_form":          {"文本中未找到自评表", "no form found in the text"},
	"import.error.no_json_form":     {"JSON 中没有自评表：应为一个对象或由对象组成的数组", "no form in the JSON: expected an object or an array of objects"},
	"import.error.no_workbook_form": {"工作簿中未找到自评表", "no form found in the workbook"},
	"import.error.not_workbook":     {"不是可读取的 Excel 工作簿", "not a readable workbook"},
	"import.error.sheet_unreadable": {"无法读取工作表“%s”", "sheet “%s” could not be read"},
	"import.error.json_syntax":      {"JSON 格式错误，位于第 %s 行", "malformed JSON at line %s"},
	"import.error.json_type":        {"JSON 字段“%s”应为 %s，实为 %s（小数请写成字符串）", "JSON field \"%s\": expected %s, found %s (decimals are written as strings)"},
	"import.error.json_truncated":   {"JSON 格式错误：内容提前结束", "malformed JSON: the text ends too early"},
	"import.error.json_malformed":   {"JSON 格式错误", "malformed JSON"},
	"import.error.no_indicators":    {"第 %s 张自评表（%s）没有绩效指标", "form %s (%s) has no indicators"},
	"import.error.unreadable":       {"无法读取文件", "the file could not be read"},
}
