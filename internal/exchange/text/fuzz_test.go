package text

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"selfeval/internal/exchange/diag"
	"selfeval/internal/form"
	"selfeval/internal/i18n"
)

var noteCodes = map[string]bool{
	diag.NoteLevel1Inferred: true, diag.NoteLevel1Inherited: true, diag.NoteLevel2Inherited: true, diag.NoteLevel2Inferred: true,
	diag.NoteLabelMoved: true, diag.NoteLabelUnknown: true, diag.NoteRowJoined: true, diag.NoteColumnShifted: true,
	diag.NoteSpaceRemoved: true, diag.NoteNoIndicatorColumn: true, diag.NoteNoTotalRow: true,
	diag.NoteMarkupKept: true, diag.NoteFieldMissing: true, diag.NoteRemark: true,
}

// FuzzReadText checks that Read never panics and that what it returns is well formed:
// forms exactly when no error, notes with a known code, a line of the input and a valid field
// path, values trimmed and free of tabs and line breaks, and the same result for CRLF input.
func FuzzReadText(f *testing.F) {
	f.Add(readSeed(f))
	f.Add(lines(smallForm()...))
	f.Add("")
	f.Add("财政项目支出绩效自评表\n")
	f.Add("项目名称\t甲\n一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\t\t《乙\n\n丙》\t1\t1\t5\t5\n")
	f.Add("一级指标\t二级指标\t三级指标\t分值\n指标\t时效指标\n\n绩效\n总分\t\t1\n")
	f.Add("\t年度资金总额\t1\t2\n\t其中：当年财政拨款\n年度总体目标\t预期目标\t实际完成情况\n\t<p>x</p>\n")
	// Every published form of the corpus, as its page's text came: tabs, pipes, runs of
	// spaces, one cell a line.
	sources, err := filepath.Glob("../../../docs/corpus/*/source.txt")
	if err != nil || len(sources) == 0 {
		f.Fatalf("no corpus sources: %v", err)
	}
	for _, p := range sources {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, text string) {
		forms, err := Read(text)
		if (err == nil) != (len(forms) > 0) {
			t.Fatalf("%d forms with error %v", len(forms), err)
		}
		if err != nil && !errors.Is(err, ErrNoForm) {
			t.Fatalf("error %v", err)
		}
		nLines := strings.Count(text, "\n") + strings.Count(text, "\r") + 1
		for i, tf := range forms {
			checkForm(t, i, tf, nLines)
		}
		again, _ := Read(text)
		if !reflect.DeepEqual(forms, again) {
			t.Fatal("two reads differ")
		}
		if !strings.Contains(text, "\r") {
			crlf, _ := Read(strings.ReplaceAll(text, "\n", "\r\n"))
			if !reflect.DeepEqual(forms, crlf) {
				t.Fatal("CRLF read differs")
			}
		}
	})
}

func checkForm(t *testing.T, i int, tf Form, nLines int) {
	t.Helper()
	f := tf.Form
	if f.Year < 0 || f.Indicators == nil || tf.Notes == nil {
		t.Fatalf("form %d: year %d, indicators %v, notes %v", i, f.Year, f.Indicators, tf.Notes)
	}
	values := []string{f.Project, f.Department, f.Unit, f.BudgetWeight, f.Goals.Expected, f.Goals.Achieved,
		tf.Printed.ExecutionRate, tf.Printed.BudgetScore, tf.Printed.Total}
	for _, r := range []struct{ a, b, c string }{
		{f.Funds.Total.Initial, f.Funds.Total.Adjusted, f.Funds.Total.Executed},
		{f.Funds.Fiscal.Initial, f.Funds.Fiscal.Adjusted, f.Funds.Fiscal.Executed},
		{f.Funds.Carryover.Initial, f.Funds.Carryover.Adjusted, f.Funds.Carryover.Executed},
		{f.Funds.Other.Initial, f.Funds.Other.Adjusted, f.Funds.Other.Executed},
	} {
		values = append(values, r.a, r.b, r.c)
	}
	for _, r := range f.Indicators {
		values = append(values, r.Level1, r.Level2, r.Name, r.Target, r.Actual, r.Weight, r.Score, r.Deviation, string(r.Achievement))
		if r.Achievement != "" {
			t.Fatalf("form %d: achievement %q read from text", i, r.Achievement)
		}
	}
	for _, v := range values {
		if !utf8.ValidString(v) || strings.ContainsAny(v, "\t\r\n") || v != form.TrimCell(v) {
			t.Fatalf("form %d: bad value %q", i, v)
		}
	}
	last := 0
	for _, n := range tf.Notes {
		if !noteCodes[n.Code] || n.Line < 1 || n.Line > nLines || n.Line < last || !i18n.Has(n.Key()) ||
			strings.Contains(diag.NoteMessage(n, i18n.Zh)+diag.NoteMessage(n, i18n.En), "%!") {
			t.Fatalf("form %d: bad note %+v (of %d lines)", i, n, nLines)
		}
		last = n.Line
		if rest, ok := strings.CutPrefix(n.Field, "indicators."); ok {
			idx, _, _ := strings.Cut(rest, ".")
			k, err := strconv.Atoi(idx)
			if err != nil || k < 0 || k >= len(f.Indicators) {
				t.Fatalf("form %d: note %+v points past %d indicators", i, n, len(f.Indicators))
			}
		}
	}
}
