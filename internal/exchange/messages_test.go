package exchange

import (
	"errors"
	"strings"
	"testing"

	"selfeval/internal/exchange/diag"
	"selfeval/internal/exchange/text"
	"selfeval/internal/i18n"
)

// TestFileErrors: a refused file gives a *FileError with its code, a message in each language
// and an English Error for the command line.
func TestFileErrors(t *testing.T) {
	tests := []struct {
		name, data, code, zh, en string
	}{
		{"empty", " \n", diag.FileEmpty, "文件是空的", "the file is empty"},
		{"no form", "这不是一张自评表", diag.FileNoForm, "文本中未找到自评表：没有标题“财政项目支出绩效自评表”、“项目名称”、资金表头“项目资金”，也没有含“一级指标”“二级指标”“三级指标”的指标表头", "no form found in the text: no title 财政项目支出绩效自评表, no 项目名称, no funds header 项目资金, and no indicator header with 一级指标, 二级指标 and 三级指标"},
		{"empty array", "[]", diag.FileNoJSONForm, "JSON 中没有自评表：应为一个对象或由对象组成的数组", "no form in the JSON: expected an object or an array of objects"},
		{"syntax", "[{\"year\": 2022,\n\"project\" 1}]", diag.FileJSONSyntax, "JSON 格式错误，位于第 2 行", "malformed JSON at line 2"},
		{"type", `{"year": "2022"}`, diag.FileJSONType, "JSON 字段“year”应为数字，实为文字。", `JSON field "year": expected a number, found text.`},
		{"decimal", `{"year": 2022, "budget_weight": 10}`, diag.FileJSONDecimal, `JSON 字段“budget_weight”应为文字：金额、分值等请写成带引号的字符串，如 "70000.00"。`,
			`JSON field "budget_weight" must be text: write amounts, weights and scores as quoted strings, such as "70000.00".`},
		{"no indicators", `[{"project": "空表", "indicators": []}]`, diag.FileNoIndicators, "第 1 张自评表（空表）没有绩效指标", "form 1 (空表) has no indicators"},
		{"not a workbook", "PK\x03\x04garbage", diag.FileNotWorkbook, "不是可读取的 Excel 工作簿", "not a readable workbook"},
		{"too large", "[" + strings.Repeat(" ", maxFileBytes) + "]", diag.FileTooLarge, "文件过大：超过 16 MB 的上限", "the file is too large: more than the limit of 16 MB"},
		{"text too large", strings.Repeat("项目名称\t甲\n", 200_000), diag.FileTooLarge, "文件过大：超过 2 MB 的上限", "the file is too large: more than the limit of 2 MB"},
		{"nested too deep", strings.Repeat("[", 10_000), diag.FileJSONDepth, "JSON 嵌套超过 32 层的上限", "the JSON is nested deeper than the limit of 32 levels"},
		{"too many forms", "[" + strings.Repeat("{},", 500) + "{}]", diag.FileTooManyForms, "文件中的自评表超过 500 张的上限", "the file holds more than the limit of 500 forms"},
		{"too many indicators", `[{}, {"indicators": [` + strings.Repeat("{},", 500) + "{}]}]", diag.FileTooManyIndicators,
			"第 2 张自评表的绩效指标超过 500 行的上限", "form 2 has more indicator rows than the limit of 500"},
	}
	for _, tt := range tests {
		_, err := Read([]byte(tt.data))
		var fe *diag.FileError
		if !errors.As(err, &fe) || fe.Code != tt.code {
			t.Errorf("%s: error %v, want code %s", tt.name, err, tt.code)
			continue
		}
		if got := diag.ErrorMessage(err, i18n.Zh); got != tt.zh {
			t.Errorf("%s: zh %q, want %q", tt.name, got, tt.zh)
		}
		if got := diag.ErrorMessage(err, i18n.En); got != tt.en {
			t.Errorf("%s: en %q, want %q", tt.name, got, tt.en)
		}
		if got := err.Error(); !strings.HasPrefix(got, tt.en) || (fe.Err == nil) != (got == tt.en) {
			t.Errorf("%s: Error %q, want %q and the cause (%v)", tt.name, got, tt.en, fe.Err)
		}
	}
	if !errors.Is(errorOf(t, ""), ErrEmptyFile) || !errors.Is(errorOf(t, "hello"), text.ErrNoForm) {
		t.Error("the sentinel errors are not returned as themselves")
	}
	if got := diag.ErrorMessage(errors.New("disk on fire"), i18n.Zh); got != "无法读取文件" {
		t.Errorf("another error: %q", got)
	}
}

// errorOf returns the error Read returns for data.
func errorOf(t *testing.T, data string) error {
	t.Helper()
	_, err := Read([]byte(data))
	return err
}
