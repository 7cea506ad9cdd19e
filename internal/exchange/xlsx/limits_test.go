package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"selfeval/internal/exchange/diag"
	"selfeval/internal/form"
	"selfeval/internal/i18n"
)

// part is one file of a zip a test builds: its data, deflated; or, when hdr is set, an entry
// written as hdr says with raw as its compressed bytes, sizes and checksum as hdr declares.
type part struct {
	name string
	data []byte
	hdr  *zip.FileHeader
	raw  []byte
}

// zipOf returns the zip archive of parts, in order.
func zipOf(tb testing.TB, parts ...part) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, p := range parts {
		var w io.Writer
		var err error
		if p.hdr != nil {
			p.hdr.Name = p.name
			w, err = zw.CreateRaw(p.hdr)
			if err == nil {
				_, err = w.Write(p.raw)
			}
		} else if w, err = zw.Create(p.name); err == nil {
			_, err = w.Write(p.data)
		}
		if err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// deflated returns data deflated, as a zip entry holds it.
func deflated(tb testing.TB, data []byte) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	if _, err := w.Write(data); err != nil {
		tb.Fatal(err)
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// rawPart returns an entry that declares size uncompressed bytes and holds z, deflated data.
func rawPart(name string, z []byte, size uint64, crc uint32) part {
	return part{name: name, raw: z, hdr: &zip.FileHeader{Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(z)), UncompressedSize64: size}}
}

const nsMain = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`

// sheetXML returns a worksheet holding rows (the XML of its sheetData) and more after it.
func sheetXML(rows, more string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><worksheet ` + nsMain + `><sheetData>` + rows + `</sheetData>` + more + `</worksheet>`
}

// bookParts returns the parts of a workbook of sheets (worksheet XML, named S1, S2, …), with
// shared strings sst and styles when not "", and extra parts after them.
func bookParts(sheets []string, sst, styles string, extra ...part) []part {
	var list, rels strings.Builder
	parts := []part{
		{name: "[Content_Types].xml", data: []byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`)},
		{name: "_rels/.rels", data: []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + relOfficeDocument + `" Target="xl/workbook.xml"/></Relationships>`)},
	}
	for i, s := range sheets {
		fmt.Fprintf(&list, `<sheet name="S%d" sheetId="%d" r:id="rId%d"/>`, i+1, i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
		parts = append(parts, part{name: fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), data: []byte(s)})
	}
	parts = append(parts,
		part{name: "xl/workbook.xml", data: []byte(`<?xml version="1.0" encoding="UTF-8"?><workbook ` + nsMain +
			` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` + list.String() + `</sheets></workbook>`)},
		part{name: "xl/_rels/workbook.xml.rels", data: []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			rels.String() + `</Relationships>`)})
	if sst != "" {
		parts = append(parts, part{name: sharedStringsPart, data: []byte(`<?xml version="1.0" encoding="UTF-8"?><sst ` + nsMain + `>` + sst + `</sst>`)})
	}
	if styles != "" {
		parts = append(parts, part{name: stylesPart, data: []byte(`<?xml version="1.0" encoding="UTF-8"?><styleSheet ` + nsMain + `>` + styles + `</styleSheet>`)})
	}
	return append(parts, extra...)
}

// formSheet is a small form sheet: a header and one indicator row.
var formSheet = sheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c><c r="B1" t="inlineStr"><is><t>P</t></is></c></row>`+
	`<row r="2"><c r="A2" t="inlineStr"><is><t>三级指标</t></is></c><c r="B2" t="inlineStr"><is><t>年度指标值</t></is></c><c r="C2" t="inlineStr"><is><t>分值</t></is></c></row>`+
	`<row r="3"><c r="A3" t="inlineStr"><is><t>x</t></is></c><c r="B3" s="1"><v>45000</v></c><c r="C3"><v>1</v></c></row>`, "")

// rows returns n rows of XML made by row(i), i from 1.
func rows(n int, row func(i int) string) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString(row(i))
	}
	return b.String()
}

// readIsolated reads r with a temporary directory of its own, which it checks Read leaves
// empty, and returns what Read returns, the bytes Read allocated and the time it took.
func readIsolated(t *testing.T, r io.Reader) ([]form.Form, uint64, time.Duration, error) {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	forms, err := Read(r)
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("Read left %d temporary files", len(left))
	}
	return forms, after.TotalAlloc - before.TotalAlloc, took, err
}

// zeros reads as many zero bytes as asked.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// limitCases are workbooks past each limit, and the error Read must refuse them with.
func limitCases(tb testing.TB) []struct {
	name string
	data func() io.Reader
	code string
	args []string
} {
	z1 := deflated(tb, make([]byte, 1<<20)) // a MiB of zeros: 1 KB deflated
	crc1 := crc32.ChecksumIEEE(make([]byte, 1<<20))
	cells := func(n int) string { return `<row r="1">` + strings.Repeat(`<c/>`, n) + `</row>` }
	bytesOf := func(parts ...part) func() io.Reader {
		b := zipOf(tb, parts...)
		return func() io.Reader { return bytes.NewReader(b) }
	}
	return []struct {
		name string
		data func() io.Reader
		code string
		args []string
	}{
		{"file too large", func() io.Reader {
			return io.MultiReader(strings.NewReader("PK\x03\x04"), io.LimitReader(zeros{}, maxFileBytes))
		}, diag.FileTooLarge, []string{"16"}},
		{"too many parts", bytesOf(func() []part {
			var ps []part
			for i := 0; i <= maxParts; i++ {
				ps = append(ps, part{name: fmt.Sprintf("p%d", i)})
			}
			return ps
		}()...), diag.FileTooManyParts, []string{strconv.Itoa(maxParts)}},
		{"zip bomb declaring a huge size", bytesOf(append(bookParts([]string{formSheet}, "", ""),
			rawPart("xl/media/bomb.bin", z1, 1<<40, crc1))...), diag.FilePartTooLarge, []string{"xl/media/bomb.bin", "4"}},
		{"zip bomb declaring a small size", bytesOf(append(bookParts([]string{formSheet}, "", ""),
			rawPart("xl/media/bomb.bin", deflated(tb, make([]byte, 64<<20)), 1000, 0))...), diag.FilePartSize, []string{"xl/media/bomb.bin"}},
		{"part shorter than declared", bytesOf(append(bookParts([]string{formSheet}, "", ""),
			rawPart("xl/media/short.bin", z1, 2000, crc1))...), diag.FilePartSize, []string{"xl/media/short.bin"}},
		{"compression ratio", bytesOf(append(bookParts([]string{formSheet}, "", ""),
			part{name: "xl/media/zeros.bin", data: make([]byte, 3<<20)})...), diag.FileCompressionRatio, []string{"xl/media/zeros.bin", "100"}},
		{"unzips too large", bytesOf(func() []part {
			ps := bookParts([]string{formSheet}, "", "")
			for i := 0; i <= maxUnzipBytes>>20; i++ {
				ps = append(ps, rawPart(fmt.Sprintf("xl/media/z%d.bin", i), z1, 1<<20, crc1))
			}
			return ps
		}()...), diag.FileUnzipTooLarge, []string{"32"}},
		{"too many tags", bytesOf(bookParts([]string{formSheet}, "", "<cellXfs>"+strings.Repeat("<xf/>", maxPartTags)+"</cellXfs>")...),
			diag.FilePartTags, []string{stylesPart, strconv.Itoa(maxPartTags)}},
		{"too many sheets", bytesOf(bookParts(slices.Repeat([]string{formSheet}, maxSheets+1), "", "")...),
			diag.FileTooManySheets, []string{strconv.Itoa(maxSheets)}},
		{"too many formats", bytesOf(bookParts([]string{formSheet}, "", "<numFmts>"+rows(maxFormats+1, func(i int) string {
			return fmt.Sprintf(`<numFmt numFmtId="%d" formatCode="0.%s"/>`, 163+i, strings.Repeat("0", i%5))
		})+"</numFmts>")...), diag.FileTooManyFormats, []string{strconv.Itoa(maxFormats)}},
		{"100,000 one-cell rows", bytesOf(bookParts([]string{sheetXML(rows(100_000, func(i int) string {
			return fmt.Sprintf(`<row r="%d"><c><v>1</v></c></row>`, i)
		}), "")}, "", "")...), diag.FileTooManyRows, []string{"S1", "2000"}},
		{"100,000 one-cell rows, 16 KB", bytesOf(bookParts([]string{sheetXML(strings.Repeat(`<row><c><v>1</v></c></row>`, 100_000), "")}, "", "")...),
			diag.FileCompressionRatio, []string{"xl/worksheets/sheet1.xml", "100"}},
		{"1,000,000 rows", bytesOf(bookParts([]string{sheetXML(strings.Repeat(`<row><c><v>1</v></c></row>`, 1_000_000), "")}, "", "")...),
			diag.FilePartTooLarge, []string{"xl/worksheets/sheet1.xml", "4"}},
		{"row numbered 1,000,000", bytesOf(bookParts([]string{sheetXML(`<row r="1000000"><c r="A1000000"><v>1</v></c></row>`, "")}, "", "")...),
			diag.FileTooManyRows, []string{"S1", "2000"}},
		{"rows after the largest number", bytesOf(bookParts([]string{sheetXML(`<row r="9223372036854775807"/><row><c><v>1</v></c></row>`, "")}, "", "")...),
			diag.FileTooManyRows, []string{"S1", "2000"}},
		{"too many columns", bytesOf(bookParts([]string{sheetXML(`<row r="1"><c r="AY1"><v>1</v></c></row>`, "")}, "", "")...),
			diag.FileTooManyColumns, []string{"S1", "50"}},
		{"too many cells", bytesOf(bookParts([]string{sheetXML(cells(maxCells+1), "")}, "", "")...),
			diag.FileTooManyCells, []string{"S1", strconv.Itoa(maxCells)}},
		{"workbook cells", bytesOf(bookParts(slices.Repeat([]string{sheetXML(cells(maxCells), "")}, maxBookCells/maxCells+1), "", "")...),
			diag.FileWorkbookCells, []string{fmt.Sprintf("S%d", maxBookCells/maxCells+1), strconv.Itoa(maxBookCells)}},
		{"too many merges", bytesOf(bookParts([]string{sheetXML("", "<mergeCells>"+rows(maxMerges+1, func(i int) string {
			return fmt.Sprintf(`<mergeCell ref="A%d:B%d"/>`, i, i)
		})+"</mergeCells>")}, "", "")...), diag.FileTooManyMerges, []string{"S1", strconv.Itoa(maxMerges)}},
		{"too much text", bytesOf(bookParts([]string{sheetXML(rows(maxText/(512<<10)+1, func(i int) string {
			return fmt.Sprintf(`<row r="%d"><c t="s"><v>0</v></c></row>`, i)
		}), "")}, "<si><t>"+strings.Repeat("长文", 512<<10/6)+"</t></si>", "")...), diag.FileTooMuchText, []string{"S1", "16"}},
	}
}

// TestReadLimits: a workbook past each limit is refused with the code naming it, its limit
// and its part or sheet, in a few milliseconds, allocating a few MB at most, and leaving no
// temporary file.
func TestReadLimits(t *testing.T) {
	for _, c := range limitCases(t) {
		t.Run(c.name, func(t *testing.T) {
			_, alloc, took, err := readIsolated(t, c.data())
			var fe *diag.FileError
			if !errors.As(err, &fe) || fe.Code != c.code || !slices.Equal(fe.Args, c.args) {
				t.Fatalf("error %v (%#v), want %s %q", err, fe, c.code, c.args)
			}
			if msg := fe.Message(i18n.En); strings.Contains(msg, "%!") || !strings.Contains(msg, c.args[len(c.args)-1]) {
				t.Errorf("message %q does not name the limit", msg)
			}
			if limit := uint64(3*maxFileBytes) + 16<<20; alloc > limit {
				t.Errorf("allocated %d MB", alloc>>20)
			}
			t.Logf("%v, %d KB allocated", took, alloc>>10)
		})
	}
}

// BenchmarkReadLimits measures how fast each workbook past a limit is refused, and what Read
// allocates for it (B/op: an upper bound of the memory it holds).
func BenchmarkReadLimits(b *testing.B) {
	for _, c := range limitCases(b) {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Read(c.data()); err == nil {
					b.Fatal("read")
				}
			}
		})
	}
}

// TestReadWithinLimits: a workbook at the limits is read, its numbers formatted by excelize
// (a date), and leaves no temporary file; so do the seed, a workbook excelize refuses after
// Read's own checks, a sheet without a part and one nested deeper than Read parses.
func TestReadWithinLimits(t *testing.T) {
	wide := sheetXML(`<row r="1"><c t="inlineStr"><is><t>三级指标</t></is></c><c t="inlineStr"><is><t>年度指标值</t></is></c></row>`+
		rows(maxRows-1, func(i int) string { return fmt.Sprintf(`<row r="%d"><c r="AX%d"><v>%d</v></c></row>`, i+1, i+1, i) }),
		"<mergeCells>"+rows(maxMerges, func(i int) string { return fmt.Sprintf(`<mergeCell ref="A%d:B%d"/>`, i+1, i+1) })+"</mergeCells>")
	styles := `<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>`
	forms, _, took, err := readIsolated(t, bytes.NewReader(zipOf(t, bookParts([]string{formSheet, wide}, "", styles)...)))
	if err != nil || len(forms) != 2 || len(forms[0].Indicators) != 1 {
		t.Fatalf("a workbook at the limits: %d forms, %v", len(forms), err)
	}
	if in := forms[0].Indicators[0]; in.Name != "x" || in.Target != "03-15-23" || in.Weight != "1" {
		t.Errorf("indicator %+v, want the target 45000 shown as a date", in)
	}
	t.Logf("a workbook at the limits read in %v", took)
	if _, _, _, err := readIsolated(t, bytes.NewReader(writeXLSX(t, xlsxSeed(t)...))); err != nil {
		t.Errorf("the seed: %v", err)
	}

	noPart := slices.DeleteFunc(bookParts([]string{formSheet}, "", ""), func(p part) bool { return isWorksheet(p.name) })
	for _, c := range []struct {
		name  string
		parts []part
		code  string
		args  []string
	}{
		{"too deep", bookParts([]string{sheetXML("", strings.Repeat("<x>", maxXMLDepth)+strings.Repeat("</x>", maxXMLDepth))}, "", ""),
			diag.FileSheetUnreadable, []string{"S1"}},
		{"styles excelize refuses", bookParts([]string{formSheet}, "", `<cellXfs><xf numFmtId="x"/></cellXfs>`), diag.FileNotWorkbook, nil},
		{"no sheet part", noPart, diag.FileSheetUnreadable, []string{"S1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, _, err := readIsolated(t, bytes.NewReader(zipOf(t, c.parts...)))
			var fe *diag.FileError
			if !errors.As(err, &fe) || fe.Code != c.code || !slices.Equal(fe.Args, c.args) {
				t.Errorf("error %v, want %s %q", err, c.code, c.args)
			}
		})
	}
}

// TestReadTooManyIndicators: a form of more than form.MaxRows indicator rows is refused.
func TestReadTooManyIndicators(t *testing.T) {
	fm := form.Form{Project: "大表"}
	for i := 0; i <= form.MaxRows; i++ {
		fm.Indicators = append(fm.Indicators, form.Indicator{Level1: "产出指标", Level2: "数量指标", Name: strconv.Itoa(i), Weight: "1"})
	}
	_, err := Read(bytes.NewReader(writeXLSX(t, fm)))
	var fe *diag.FileError
	if !errors.As(err, &fe) || fe.Code != diag.FileTooManyIndicators || !slices.Equal(fe.Args, []string{"1", strconv.Itoa(form.MaxRows)}) {
		t.Errorf("error %v", err)
	}
	fm.Indicators = fm.Indicators[:form.MaxRows]
	if got, err := Read(bytes.NewReader(writeXLSX(t, fm))); err != nil || len(got[0].Indicators) != form.MaxRows {
		t.Errorf("%d rows: %v", form.MaxRows, err)
	}
}
