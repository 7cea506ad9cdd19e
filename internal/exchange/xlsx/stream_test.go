package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"testing"

	"selfeval/internal/form"
	"selfeval/internal/scoring"
)

// TestWorkbookPrintNames: in a workbook of many sheets every sheet, 汇总 included, has its
// own print area and print titles, on itself and nowhere else (the names are given in one
// step at the end, not one by one through excelize).
func TestWorkbookPrintNames(t *testing.T) {
	seed := xlsxSeed(t)
	var forms []form.Form
	for i := range 25 {
		f := seed[i%len(seed)]
		f.Project += strconv.Itoa(i)
		forms = append(forms, f)
	}
	f := openXLSX(t, writeXLSX(t, forms...))
	sheets := f.GetSheetList()
	if len(sheets) != 26 || sheets[0] != summarySheet {
		t.Fatalf("sheets %v", sheets)
	}
	areas, titles := map[string]string{}, map[string]string{}
	for _, dn := range f.GetDefinedName() {
		switch dn.Name {
		case "_xlnm.Print_Area":
			areas[dn.Scope] = dn.RefersTo
		case "_xlnm.Print_Titles":
			titles[dn.Scope] = dn.RefersTo
		default:
			t.Errorf("defined name %+v", dn)
		}
	}
	if len(areas) != 26 || len(titles) != 26 {
		t.Errorf("%d print areas and %d print titles for 26 sheets", len(areas), len(titles))
	}
	if got := areas[summarySheet]; got != "'汇总'!$A$1:$J$27" {
		t.Errorf("summary's print area %q", got)
	}
	for i, fm := range forms {
		s := sheets[i+1]
		want := fmt.Sprintf("'%s'!$A$1:$I$%d", s, rowInd+len(fm.Indicators))
		if areas[s] != want || titles[s] != fmt.Sprintf("'%s'!$12:$12", s) {
			t.Errorf("%s: print area %q (want %q), titles %q", s, areas[s], want, titles[s])
		}
	}
}

// TestWorkbookOnce: a workbook without forms is not written, and one written takes no more.
func TestWorkbookOnce(t *testing.T) {
	b, err := NewWorkbook(true)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := b.WriteTo(io.Discard); err == nil {
		t.Error("an empty workbook was written")
	}
	b, err = NewSummaryWorkbook()
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	seed := xlsxSeed(t)
	if err := b.Add(&seed[0], nil); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if err := b.Add(&seed[1], &scoring.Default); err == nil {
		t.Error("a form added after the workbook was written")
	}
	if _, err := b.WriteTo(io.Discard); err == nil {
		t.Error("a workbook written twice")
	}
	f := openXLSX(t, buf.Bytes())
	if sheets := f.GetSheetList(); len(sheets) != 1 || sheets[0] != summarySheet {
		t.Errorf("summary workbook's sheets %v", sheets)
	}
	if v, _ := f.GetCellValue(summarySheet, "B3"); v != seed[0].Project {
		t.Errorf("B3 = %q", v)
	}
}
