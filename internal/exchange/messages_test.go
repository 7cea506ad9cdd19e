package exchange

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"selfeval/internal/i18n"
)

// noteKeys lists every catalog key of a note the readers can produce ("note."+Code, or
// "note."+Code+"."+Variant), so that a test can check each has its message.
var noteKeys = []string{
	"note." + NoteLevel1Inferred,
	"note." + NoteLevel1Inferred + ".other_group",
	"note." + NoteLevel1Inherited,
	"note." + NoteLevel2Inherited,
	"note." + NoteLevel2Inferred,
	"note." + NoteLabelMoved + ".level1",
	"note." + NoteLabelMoved + ".level2",
	"note." + NoteLabelUnknown + ".kept",
	"note." + NoteLabelUnknown + ".joined",
	"note." + NoteLabelUnknown + ".ignored",
	"note." + NoteRowJoined,
	"note." + NoteColumnShifted,
	"note." + NoteSpaceRemoved,
	"note." + NoteNoIndicatorColumn,
	"note." + NoteNoTotalRow,
	"note." + NoteMarkupKept,
	"note." + NoteFieldMissing + ".year",
	"note." + NoteFieldMissing + ".project",
	"note." + NoteFieldMissing + ".department",
	"note." + NoteFieldMissing + ".unit",
	"note." + NoteFieldMissing + ".funds.total",
	"note." + NoteFieldMissing + ".funds.fiscal",
	"note." + NoteFieldMissing + ".funds.carryover",
	"note." + NoteFieldMissing + ".funds.other",
	"note." + NoteFieldMissing + ".budget_weight",
	"note." + NoteFieldMissing + ".goals",
	"note." + NoteFieldMissing + ".indicator_table",
	"note." + NoteFieldMissing + ".indicator_rows",
	"note." + NoteFieldMissing + ".indicator_header",
	"note." + NoteFieldMissing + ".level1",
	"note." + NoteFieldMissing + ".level2",
	"note." + NoteFieldMissing + ".level2_mismatch",
}

// fileErrorCodes lists every FileError code, and the message for any other error.
var fileErrorCodes = []string{FileEmpty, FileNoForm, FileNoJSONForm, FileNoWorkbookForm, FileNotWorkbook,
	FileSheetUnreadable, FileJSONSyntax, FileJSONType, FileJSONDecimal, FileJSONTruncated, FileJSONMalformed, FileNoIndicators,
	fileUnreadable}

// TestMessagesInCatalog: every note, cell error and file error the readers can produce has its
// message in both languages, and the catalog has no such message the readers never produce.
func TestMessagesInCatalog(t *testing.T) {
	want := slices.Clone(noteKeys)
	want = append(want, "cellerror.at")
	for code := range cellErrorTakesValue {
		want = append(want, "cellerror."+code)
	}
	for _, code := range fileErrorCodes {
		want = append(want, "import.error."+code)
	}
	for _, k := range want {
		if !i18n.Has(k) {
			t.Errorf("%s: not in the catalog", k)
			continue
		}
		if zh, en := i18n.Pair(k); strings.TrimSpace(zh) == "" || strings.TrimSpace(en) == "" {
			t.Errorf("%s: zh %q, en %q", k, zh, en)
		}
	}
	for _, k := range i18n.Keys() {
		if (strings.HasPrefix(k, "note.") || strings.HasPrefix(k, "cellerror.") || strings.HasPrefix(k, "import.error.")) &&
			!slices.Contains(want, k) {
			t.Errorf("%s: in the catalog, but no reader produces it (add it to the lists in messages.go)", k)
		}
	}
}

// TestNoteMessages: a note's message comes from the catalog with its arguments, in both languages.
func TestNoteMessages(t *testing.T) {
	unknown := smallForm()[:12]
	unknown = append(unknown,
		[]string{"产出指标", "数量指标", "前缀", "名称一", "1个", "1个", "20", "20"},
		[]string{"", "新类别", "名称二", "2个", "2个", "20", "20"},
		[]string{"总分", "", "", "", "", "", "50", "50"},
	)
	noTotal := smallForm()
	noTotal = noTotal[:len(noTotal)-1]
	noHeader := smallForm()
	noHeader = append(noHeader[:11], noHeader[12:]...)
	tests := []struct {
		name, text, field, key, zh, en string
	}{
		{"joined", lines(unknown...), "indicators.0.name", "note.label_unknown.joined",
			"“前缀”位于名称之前，不是指标类别，已并入名称。", "“前缀” stood before the name and is no label; it is joined to the name."},
		{"kept", lines(unknown...), "indicators.1", "note.label_unknown.kept",
			"“新类别”不是指标体系中的类别，已按原文保留为指标类别。", "“新类别” is not a label of the indicator vocabulary; it is kept as written as a label."},
		{"no total", lines(noTotal...), "", "note.no_total_row",
			"未找到“总分”行，表格在此结束。", "No total row was found; the form ends here."},
		{"no year", lines(smallForm()[2:]...), "year", "note.field_missing.year", "未找到年度。", "No year found."},
		{"no header", lines(noHeader...), "indicators", "note.field_missing.indicator_header",
			"未找到绩效指标表头，已按本行的“分值”“得分”列读取。", "No indicator table header found; the columns were taken from this row's weight and score."},
		{"no column", lines(smallForm()...), "indicators", "note.no_indicator_column",
			"绩效指标表没有首列“绩效指标”。", "The indicator table has no leading “performance indicators” column."},
	}
	for _, tt := range tests {
		forms, err := ReadText(tt.text)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		found := false
		for _, n := range forms[0].Notes {
			if n.Field != tt.field || n.Key() != tt.key {
				continue
			}
			found = true
			if got := NoteMessage(n, i18n.Zh); got != tt.zh {
				t.Errorf("%s: zh %q, want %q", tt.name, got, tt.zh)
			}
			if got := NoteMessage(n, i18n.En); got != tt.en {
				t.Errorf("%s: en %q, want %q", tt.name, got, tt.en)
			}
		}
		if !found {
			t.Errorf("%s: no note %s on %q: %+v", tt.name, tt.key, tt.field, forms[0].Notes)
		}
	}
}

// TestFileErrors: a refused file gives a *FileError with its code, a message in each language
// and an English Error for the command line.
func TestFileErrors(t *testing.T) {
	tests := []struct {
		name, data, code, zh, en string
	}{
		{"empty", " \n", FileEmpty, "文件是空的", "the file is empty"},
		{"no form", "这不是一张自评表", FileNoForm, "文本中未找到自评表", "no form found in the text"},
		{"empty array", "[]", FileNoJSONForm, "JSON 中没有自评表：应为一个对象或由对象组成的数组", "no form in the JSON: expected an object or an array of objects"},
		{"syntax", "[{\"year\": 2022,\n\"project\" 1}]", FileJSONSyntax, "JSON 格式错误，位于第 2 行", "malformed JSON at line 2"},
		{"type", `{"year": "2022"}`, FileJSONType, "JSON 字段“year”应为数字，实为文字。", `JSON field "year": expected a number, found text.`},
		{"decimal", `{"year": 2022, "budget_weight": 10}`, FileJSONDecimal, `JSON 字段“budget_weight”应为文字：金额、分值等请写成带引号的字符串，如 "70000.00"。`,
			`JSON field "budget_weight" must be text: write amounts, weights and scores as quoted strings, such as "70000.00".`},
		{"no indicators", `[{"project": "空表", "indicators": []}]`, FileNoIndicators, "第 1 张自评表（空表）没有绩效指标", "form 1 (空表) has no indicators"},
		{"not a workbook", "PK\x03\x04garbage", FileNotWorkbook, "不是可读取的 Excel 工作簿", "not a readable workbook"},
	}
	for _, tt := range tests {
		_, _, err := Read([]byte(tt.data))
		var fe *FileError
		if !errors.As(err, &fe) || fe.Code != tt.code {
			t.Errorf("%s: error %v, want code %s", tt.name, err, tt.code)
			continue
		}
		if got := ErrorMessage(err, i18n.Zh); got != tt.zh {
			t.Errorf("%s: zh %q, want %q", tt.name, got, tt.zh)
		}
		if got := ErrorMessage(err, i18n.En); got != tt.en {
			t.Errorf("%s: en %q, want %q", tt.name, got, tt.en)
		}
		if got := err.Error(); !strings.HasPrefix(got, tt.en) || (fe.Err == nil) != (got == tt.en) {
			t.Errorf("%s: Error %q, want %q and the cause (%v)", tt.name, got, tt.en, fe.Err)
		}
	}
	if !errors.Is(errorOf(t, ""), ErrEmptyFile) || !errors.Is(errorOf(t, "hello"), ErrNoForm) {
		t.Error("the sentinel errors are not returned as themselves")
	}
	if got := ErrorMessage(errors.New("disk on fire"), i18n.Zh); got != "无法读取文件" {
		t.Errorf("another error: %q", got)
	}
}

// errorOf returns the error Read returns for data.
func errorOf(t *testing.T, data string) error {
	t.Helper()
	_, _, err := Read([]byte(data))
	return err
}
