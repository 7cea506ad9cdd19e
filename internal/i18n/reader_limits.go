package i18n

func init() { add(readerLimitMessages) }

// readerLimitMessages are the messages of a file refused because it is past one of the
// readers' limits ("import.error.<code>", see diag.FileError and the File* limit codes of
// internal/exchange/diag): each names the limit, and the part or sheet past it. Sizes are in
// MB, counts are numbers; part and sheet names only ever come in through %s arguments.
var readerLimitMessages = map[string][2]string{
	"import.error.too_large":           {"文件过大：超过 %s MB 的上限", "the file is too large: more than the limit of %s MB"},
	"import.error.too_many_forms":      {"文件中的自评表超过 %s 张的上限", "the file holds more than the limit of %s forms"},
	"import.error.too_many_indicators": {"第 %s 张自评表的绩效指标超过 %s 行的上限", "form %s has more indicator rows than the limit of %s"},
	"import.error.json_depth":          {"JSON 嵌套超过 %s 层的上限", "the JSON is nested deeper than the limit of %s levels"},
	"import.error.too_many_parts":      {"工作簿的组成部分超过 %s 个的上限", "the workbook has more than the limit of %s parts"},
	"import.error.part_too_large":      {"工作簿中的“%s”解压后超过 %s MB 的上限", "part %s of the workbook unzips to more than the limit of %s MB"},
	"import.error.unzip_too_large":     {"工作簿解压后超过 %s MB 的上限", "the workbook unzips to more than the limit of %s MB"},
	"import.error.compression_ratio":   {"工作簿中的“%s”压缩比超过 %s 倍的上限（疑为压缩炸弹）", "part %s of the workbook is compressed more than the limit of %s to 1 (a zip bomb?)"},
	"import.error.part_size":           {"工作簿中的“%s”实际大小与其声明不符", "part %s of the workbook is not the size its header declares"},
	"import.error.part_tags":           {"工作簿中的“%s”超过 %s 个 XML 标记的上限", "part %s of the workbook has more than the limit of %s XML tags"},
	"import.error.too_many_sheets":     {"工作簿的工作表超过 %s 张的上限", "the workbook has more than the limit of %s sheets"},
	"import.error.too_many_formats":    {"工作簿的数字格式超过 %s 种的上限", "the workbook has more than the limit of %s number formats"},
	"import.error.too_many_rows":       {"工作表“%s”超过 %s 行的上限", "sheet %s has more than the limit of %s rows"},
	"import.error.too_many_columns":    {"工作表“%s”超过 %s 列的上限", "sheet %s has more than the limit of %s columns"},
	"import.error.too_many_cells":      {"工作表“%s”的单元格超过 %s 个的上限", "sheet %s has more than the limit of %s cells"},
	"import.error.workbook_cells":      {"工作簿的单元格超过 %[2]s 个的上限（至工作表“%[1]s”）", "the workbook has more than the limit of %[2]s cells (reached in sheet %[1]s)"},
	"import.error.too_many_merges":     {"工作表“%s”的合并单元格超过 %s 个的上限", "sheet %s has more than the limit of %s merged ranges"},
	"import.error.too_much_text":       {"工作簿的文字超过 %[2]s MB 的上限（至工作表“%[1]s”）", "the workbook holds more than the limit of %[2]s MB of text (reached in sheet %[1]s)"},
}
