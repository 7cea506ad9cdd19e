package xlsx

import (
	"testing"

	"github.com/xuri/excelize/v2"

	"selfeval/internal/exchange/xlsx/xlsxtest"
)

// TestLibreOfficeRecalculates: a workbook written under every profile, its cached values
// removed and recalculated by LibreOffice headless, gives the engine's execution rate, budget
// score, total and grade: the formulas carry the profiles' rules, not only their results.
func TestLibreOfficeRecalculates(t *testing.T) {
	soffice := xlsxtest.LibreOffice(t)
	cases := profileCases(t)
	stripped, n := xlsxtest.WithoutCachedValues(t, writeCases(t, cases))
	if n < 4*len(cases) {
		t.Fatalf("only %d cached values removed from %d forms", n, len(cases))
	}
	// Stripped, the cells hold no figure any more.
	if v, err := openXLSX(t, stripped).GetCellValue(cases[0].sheet, "G6"); err != nil || v != "" {
		t.Fatalf("G6 still holds %q (%v)", v, err)
	}
	data := xlsxtest.Recalculate(t, soffice, stripped)
	f := openXLSX(t, data)
	for _, c := range cases {
		for _, fg := range c.figures() {
			got, err := f.GetCellValue(fg.sheet, fg.cell, excelizeRaw)
			if err != nil || !xlsxtest.SameFigure(got, fg.want) {
				t.Errorf("%s (%s) %s %s: LibreOffice %q (%v), engine %s", c.sheet, c.profile.Name, fg.name, fg.cell, got, err, fg.want)
			}
		}
	}
}

// excelizeRaw reads a cell's value as stored, not as its number format shows it.
var excelizeRaw = excelize.Options{RawCellValue: true}
