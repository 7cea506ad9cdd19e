package text

import (
	"testing"

	"selfeval/internal/exchange/diag"
	"selfeval/internal/i18n"
)

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
		forms, err := Read(tt.text)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		found := false
		for _, n := range forms[0].Notes {
			if n.Field != tt.field || n.Key() != tt.key {
				continue
			}
			found = true
			if got := diag.NoteMessage(n, i18n.Zh); got != tt.zh {
				t.Errorf("%s: zh %q, want %q", tt.name, got, tt.zh)
			}
			if got := diag.NoteMessage(n, i18n.En); got != tt.en {
				t.Errorf("%s: en %q, want %q", tt.name, got, tt.en)
			}
		}
		if !found {
			t.Errorf("%s: no note %s on %q: %+v", tt.name, tt.key, tt.field, forms[0].Notes)
		}
	}
}
