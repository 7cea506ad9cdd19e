package corpus

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"selfeval/internal/exchange/xlsx"
	"selfeval/internal/exchange/xlsx/xlsxtest"
	"selfeval/internal/form"
	"selfeval/internal/scoring"
)

// TestCorpusWorkbookRecalculates: the workbook of every corpus form, under the form's own
// profile, its cached values removed and recalculated by LibreOffice headless, gives the
// engine's execution rate, budget score and total: the formulas carry each profile's rules
// (rounding, bands, caps, deductions) for real forms, not only for made-up ones.
func TestCorpusWorkbookRecalculates(t *testing.T) {
	soffice := xlsxtest.LibreOffice(t)
	corpus := loadCorpus(t)
	forms := make([]form.Form, len(corpus))
	profiles := make([]*scoring.Profile, len(corpus))
	results := make([]scoring.Result, len(corpus))
	for i := range corpus {
		p := profileOf(t, &corpus[i])
		forms[i], profiles[i] = corpus[i].form, &p
		results[i] = scoring.Score(&forms[i], &p)
	}
	var buf bytes.Buffer
	if err := xlsx.WriteProfiles(&buf, forms, profiles); err != nil {
		t.Fatal(err)
	}
	stripped, n := xlsxtest.WithoutCachedValues(t, buf.Bytes())
	if n < 3*len(forms) {
		t.Fatalf("only %d cached values removed from %d forms", n, len(forms))
	}
	book, err := excelize.OpenReader(bytes.NewReader(xlsxtest.Recalculate(t, soffice, stripped)))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	var sheets []string // the forms' sheets, in order, without the summary
	for _, name := range book.GetSheetList() {
		if name != "汇总" {
			sheets = append(sheets, name)
		}
	}
	if len(sheets) != len(forms) {
		t.Fatalf("%d sheets for %d forms", len(sheets), len(forms))
	}
	raw := excelize.Options{RawCellValue: true}
	for i, e := range corpus {
		sheet, r := sheets[i], &results[i]
		total := totalRow(t, book, sheet)
		for _, c := range []struct{ name, cell, want string }{
			{"rate", "G6", r.ExecutionRate.String()},
			{"budget score", "H6", r.BudgetScore.String()},
			{"total", "H" + strconv.Itoa(total), r.Total.String()},
		} {
			got, err := book.GetCellValue(sheet, c.cell, raw)
			if err != nil || !xlsxtest.SameFigure(got, c.want) {
				t.Errorf("%s (%s) %s %s: LibreOffice %q (%v), engine %s", e.name, profiles[i].Name, c.name, c.cell, got, err, c.want)
			}
		}
	}
}

// totalRow is the row of a form's sheet whose first cell is 总分.
func totalRow(t *testing.T, book *excelize.File, sheet string) int {
	t.Helper()
	rows, err := book.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(rows) - 1; i >= 0; i-- {
		if len(rows[i]) > 0 && rows[i][0] == "总分" {
			return i + 1
		}
	}
	t.Fatalf("%s has no 总分 row", sheet)
	return 0
}
