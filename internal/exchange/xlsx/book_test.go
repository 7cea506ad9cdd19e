package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"selfeval/internal/exchange/diag"
)

// TestDisjoin: overlapping merged ranges become the range covering them, crossing ones
// included, until none overlap; ranges apart stay as they are.
func TestDisjoin(t *testing.T) {
	for _, c := range []struct{ in, want []rect }{
		{[]rect{{1, 1, 2, 2}, {4, 4, 5, 5}}, []rect{{1, 1, 2, 2}, {4, 4, 5, 5}}},
		{[]rect{{1, 1, 2, 2}, {2, 2, 3, 3}}, []rect{{1, 1, 3, 3}}},
		{[]rect{{4, 9, 4, 12}, {3, 10, 5, 11}}, []rect{{3, 9, 5, 12}}}, // a cross: D9:D12 and C10:E11
		{[]rect{{1, 1, 1, 1}, {3, 3, 3, 3}, {1, 1, 3, 1}, {3, 1, 3, 3}}, []rect{{1, 1, 3, 3}}},
	} {
		got := disjoin(c.in)
		slices.SortFunc(got, func(a, b rect) int { return a.r1*100 + a.c1 - b.r1*100 - b.c1 })
		if !slices.Equal(got, c.want) {
			t.Errorf("disjoin(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

// TestUnescape: the _xHHHH_ escapes of OOXML strings are decoded as excelize decodes them,
// in linear time.
func TestUnescape(t *testing.T) {
	for in, want := range map[string]string{
		"a_x000D_b":      "a\rb",
		"_x005F_x0041_":  "_x0041_",
		"_x0041__x0042_": "AB",
		"_xD800_x":       "x",
		"_x00G1_ _x0041": "_x00G1_ _x0041",
		"无转义":            "无转义",
	} {
		if got := unescape(in); got != want {
			t.Errorf("unescape(%q) = %q, want %q", in, got, want)
		}
	}
	long := strings.Repeat("_x0041_", 1<<17)
	start := time.Now()
	if got := unescape(long); got != strings.Repeat("A", 1<<17) || time.Since(start) > time.Second {
		t.Errorf("unescape of %d escapes: %d bytes in %v", 1<<17, len(got), time.Since(start))
	}
}

// TestReadSheets: a chart sheet holds no cells and is skipped; a number format longer than
// Excel allows is not used; a sheet that cannot be read is said so in its turn, after the
// error of a sheet before it.
func TestReadSheets(t *testing.T) {
	chart := `<?xml version="1.0" encoding="UTF-8"?><chartsheet ` + nsMain + `><sheetPr/></chartsheet>`
	long := `yyyy` + strings.Repeat(`&quot;x&quot;`, 100) // 304 characters
	styles := fmt.Sprintf(`<numFmts count="1"><numFmt numFmtId="164" formatCode="%s"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs>`, long)
	got, err := Read(bytes.NewReader(zipOf(t, bookParts([]string{chart, formSheet}, "", styles)...)))
	if err != nil || len(got) != 1 || got[0].Project != "P" || got[0].Indicators[0].Target != "45000" {
		t.Errorf("chart sheet and a format of 304 characters: %+v, %v", got, err)
	}

	noTable := sheetXML(`<row r="1"><c t="inlineStr"><is><t>说明</t></is></c></row>`, "")
	_, err = Read(bytes.NewReader(zipOf(t, bookParts([]string{noTable, sheetXML("<row><c r=\"1A\"/></row>", "")}, "", "")...)))
	var ce *diag.CellError
	if !errors.As(err, &ce) || ce.Code != diag.CellIndicatorTable || ce.Sheet != "S1" {
		t.Errorf("a sheet without a table before an unreadable one: %v", err)
	}
	_, err = Read(bytes.NewReader(zipOf(t, bookParts([]string{formSheet, sheetXML("<row><c r=\"1A\"/></row>", "")}, "", "")...)))
	var fe *diag.FileError
	if !errors.As(err, &fe) || fe.Code != diag.FileSheetUnreadable || !slices.Equal(fe.Args, []string{"S2"}) || fe.Err == nil {
		t.Errorf("an unreadable sheet: %v", err)
	}
}
