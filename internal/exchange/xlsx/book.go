package xlsx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html/charset"

	"selfeval/internal/exchange/diag"
)

// The parts and namespaces Read looks for, as excelize names them.
const (
	rootRelsPart      = "_rels/.rels"
	stylesPart        = "xl/styles.xml"
	sharedStringsPart = "xl/sharedStrings.xml"

	relOfficeDocument       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
	relOfficeDocumentStrict = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
	nsRelationships         = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsRelationshipsStrict   = "http://purl.oclc.org/ooxml/officeDocument/relationships"
	nsFormatCode16          = "http://schemas.microsoft.com/office/spreadsheetml/2015/02/main"
)

// book is a workbook as Read reads it, parsed from its parts within the limits: its sheets in
// workbook order and the number formats of its styles. Excelize only formats values (see
// formatter); it never parses a sheet.
type book struct {
	sheets []*worksheet
	styles styles

	sst   []string // the shared strings, as excelize reads them
	cells int      // cells read so far, for maxBookCells
	text  int      // bytes of cell text read so far, for maxText
}

// worksheet is one sheet as read: its cells within the limits, its merged ranges and its styles.
type worksheet struct {
	name   string
	rows   [][]cell     // 0-based [row][col]; each row up to its last cell with a value
	rowS   map[int]int  // 0-based row → the row's style, when it has one
	colS   [maxCols]int // the style of each column, from its <col> range
	merges []rect
	err    error // why the sheet cannot be read, or nil
}

// cell is one cell as stored: the cells GetRows returns, a value or a formula, are kept.
type cell struct {
	v string // the raw value: the text of a shared or inline string, else the stored <v>
	t string // the t attribute: "" or "n" (number), "s", "str", "inlineStr", "b", "d", "e"
	s int    // the s attribute: the style
}

// rect is a merged range, 1-based and inclusive, c1 ≤ c2 and r1 ≤ r2.
type rect struct{ c1, r1, c2, r2 int }

// overlaps reports whether a and b have a cell in common.
func (a rect) overlaps(b rect) bool {
	return a.c1 <= b.c2 && b.c1 <= a.c2 && a.r1 <= b.r2 && b.r1 <= a.r2
}

// readBook reads the workbook of the zip archive data: every limit checked before anything
// is parsed into what Read keeps (see unzip, then the sheet and cell limits as each sheet is
// read). Each limit passed is a *diag.FileError naming it.
func readBook(data []byte) (*book, error) {
	parts, err := unzip(data)
	if err != nil {
		return nil, err
	}
	bk := &book{}
	wbPath := workbookPath(parts)
	rels, err := readRels(parts[workbookRelsPath(wbPath)])
	if err != nil {
		return nil, fileError(err)
	}
	entries, err := readSheetList(parts[wbPath])
	if err != nil {
		return nil, fileError(err)
	}
	if bk.styles, err = readStyles(parts[stylesPart]); err != nil {
		return nil, fileError(err)
	}
	if bk.sst, err = readSharedStrings(parts[sharedStringsPart]); err != nil {
		return nil, fileError(err)
	}
	byID := map[string][]byte{} // a relationship's part; the last of one id that exists
	for _, r := range rels {
		if b, ok := parts[worksheetPath(wbPath, r.target)]; ok {
			byID[r.id] = b
		}
	}
	for _, e := range entries {
		sh := &worksheet{name: e.name, rowS: map[int]int{}}
		if part, ok := byID[e.id]; !ok {
			sh.err = errors.New("no worksheet part")
		} else if err := bk.readSheet(sh, part); err != nil {
			var fe *diag.FileError
			if errors.As(err, &fe) {
				return nil, fe // a limit: the whole workbook is refused
			}
			sh.err = err // the sheet is unreadable: Read says so when it comes to it
		}
		bk.sheets = append(bk.sheets, sh)
	}
	return bk, nil
}

// fileError returns err, an error reading a part of the workbook, as a *diag.FileError:
// itself when it is one (a limit), else diag.FileNotWorkbook.
func fileError(err error) *diag.FileError {
	var fe *diag.FileError
	if errors.As(err, &fe) {
		return fe
	}
	return &diag.FileError{Code: diag.FileNotWorkbook, Err: err}
}

// xmlReader reads an XML part as excelize reads parts (strict, with the character sets a
// declaration may name, GBK and the like), and refuses elements nested deeper than
// maxXMLDepth, so that the decoder's own stack stays small.
type xmlReader struct {
	d     *xml.Decoder
	depth int
}

func newReader(b []byte) *xmlReader {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.CharsetReader = charset.NewReaderLabel
	return &xmlReader{d: d}
}

// token returns the next token; its bytes are valid until the next call.
func (x *xmlReader) token() (xml.Token, error) {
	tok, err := x.d.Token()
	switch tok.(type) {
	case xml.StartElement:
		if x.depth++; x.depth > maxXMLDepth {
			return nil, fmt.Errorf("XML nested deeper than %d elements", maxXMLDepth)
		}
	case xml.EndElement:
		x.depth--
	}
	return tok, err
}

// skip skips the rest of the element x has just started.
func (x *xmlReader) skip() error {
	for depth := 1; depth > 0; {
		tok, err := x.token()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// root returns the root element of the part; io.EOF for an empty part.
func (x *xmlReader) root() (xml.StartElement, error) {
	for {
		tok, err := x.token()
		if err != nil {
			return xml.StartElement{}, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se, nil
		}
	}
}

// children calls fn for each child element of the element x has just started, up to its
// end; fn consumes the child, x.skip() by default.
func (x *xmlReader) children(fn func(xml.StartElement) error) error {
	for {
		tok, err := x.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := fn(t); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// readRoot reads part b: fn is called for each child of its root. An empty or missing part
// has no children.
func readRoot(b []byte, fn func(*xmlReader, xml.StartElement) error) error {
	x := newReader(b)
	if _, err := x.root(); err != nil {
		if err == io.EOF {
			return nil
		}
		return err
	}
	return x.children(func(se xml.StartElement) error { return fn(x, se) })
}

// chardata returns the text directly in the element x has just started, nested elements
// skipped, as encoding/xml reads an element into a string.
func (x *xmlReader) chardata() (string, error) {
	var b []byte
	for {
		tok, err := x.token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b = append(b, t...)
		case xml.StartElement:
			if err := x.skip(); err != nil {
				return "", err
			}
		case xml.EndElement:
			return string(b), nil
		}
	}
}

// attr returns the value of the last attribute named local, in any namespace, as
// encoding/xml reads an attribute into a field.
func attr(se xml.StartElement, local string) (string, bool) {
	v, ok := "", false
	for _, a := range se.Attr {
		if a.Name.Local == local {
			v, ok = a.Value, true
		}
	}
	return v, ok
}

// intAttr returns attribute local as a number, 0 when absent or not a number.
func intAttr(se xml.StartElement, local string) int {
	v, _ := attr(se, local)
	n, _ := strconv.Atoi(v)
	return n
}

// rel is one relationship of a .rels part.
type rel struct{ id, typ, target string }

func readRels(b []byte) ([]rel, error) {
	var out []rel
	err := readRoot(b, func(x *xmlReader, se xml.StartElement) error {
		if se.Name.Local == "Relationship" {
			id, _ := attr(se, "Id")
			typ, _ := attr(se, "Type")
			target, _ := attr(se, "Target")
			out = append(out, rel{id, typ, target})
		}
		return x.skip()
	})
	return out, err
}

// workbookPath returns the path of the workbook part: the target of the package's
// officeDocument relationship, "" when there is none (then the workbook has no sheets).
func workbookPath(parts map[string][]byte) string {
	rels, err := readRels(parts[rootRelsPart])
	if err != nil {
		return ""
	}
	for _, r := range rels {
		if r.typ == relOfficeDocument || r.typ == relOfficeDocumentStrict {
			return strings.TrimPrefix(r.target, "/")
		}
	}
	return ""
}

// workbookRelsPath returns the path of the relationships of the workbook part wb.
func workbookRelsPath(wb string) string {
	dir, base := path.Dir(wb), path.Base(wb)
	if dir == "." {
		return "_rels/" + base + ".rels"
	}
	return strings.TrimPrefix(dir+"/_rels/"+base+".rels", "/")
}

// worksheetPath returns the path of the part a relationship of workbook wb targets.
func worksheetPath(wb, target string) string {
	target = strings.ReplaceAll(target, `\`, "/")
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean(path.Dir(wb)+"/"+target), "/")
}

// sheetEntry is a sheet of the workbook part: its name and its relationship.
type sheetEntry struct{ name, id string }

// readSheetList reads the sheets of the workbook part, in order; past maxSheets it is a
// *diag.FileError.
func readSheetList(b []byte) ([]sheetEntry, error) {
	var out []sheetEntry
	err := readRoot(b, func(x *xmlReader, se xml.StartElement) error {
		if se.Name.Local != "sheets" {
			return x.skip()
		}
		return x.children(func(se xml.StartElement) error {
			if se.Name.Local == "sheet" {
				if len(out) == maxSheets {
					return &diag.FileError{Code: diag.FileTooManySheets, Args: []string{strconv.Itoa(maxSheets)}}
				}
				e := sheetEntry{}
				e.name, _ = attr(se, "name")
				for _, a := range se.Attr {
					if a.Name.Local == "id" && (a.Name.Space == nsRelationships || a.Name.Space == nsRelationshipsStrict) {
						e.id = a.Value
					}
				}
				out = append(out, e)
			}
			return x.skip()
		})
	})
	return out, err
}

// readSharedStrings reads the shared strings, each as excelize reads one (see richText).
func readSharedStrings(b []byte) ([]string, error) {
	var out []string
	err := readRoot(b, func(x *xmlReader, se xml.StartElement) error {
		if se.Name.Local != "si" {
			return x.skip()
		}
		s, err := x.richText()
		out = append(out, s)
		return err
	})
	return out, err
}

// richText reads the shared or inline string x has just started as excelize does: the text of its last <t>, then
// that of each run's last <t>, with the _xHHHH_ escapes of OOXML decoded.
func (x *xmlReader) richText() (string, error) {
	var t string
	var runs []string
	err := x.children(func(se xml.StartElement) error {
		var err error
		switch se.Name.Local {
		case "t":
			t, err = x.chardata()
		case "r":
			var rt string
			err = x.children(func(se xml.StartElement) error {
				if se.Name.Local != "t" {
					return x.skip()
				}
				var err error
				rt, err = x.chardata()
				return err
			})
			runs = append(runs, rt)
		default:
			err = x.skip()
		}
		return err
	})
	return unescape(t + strings.Join(runs, "")), err
}

// unescape decodes the _xHHHH_ escapes of an OOXML string (ST_Xstring): a character by its
// UTF-16 code, _x005F_ for a literal underscore; an escape of a surrogate is dropped, as
// excelize drops it. Unlike excelize it takes linear time.
func unescape(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if r, ok := escapeAt(s, i); ok {
			if utf8.ValidRune(r) {
				b.WriteRune(r)
			}
			i += len("_x0000_")
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// escapeAt reports an escape _xHHHH_ at s[i:] and the character it stands for.
func escapeAt(s string, i int) (rune, bool) {
	if i+7 > len(s) || s[i] != '_' || s[i+1] != 'x' || s[i+6] != '_' {
		return 0, false
	}
	n, err := strconv.ParseUint(s[i+2:i+6], 16, 16)
	if err != nil {
		return 0, false
	}
	return rune(n), true
}

// styles are the number formats of the workbook's styles: for each cell style (cellXfs) its
// numFmtId, and the custom number formats by id.
type styles struct {
	hasXfs bool
	xfs    []numFmtRef
	custom map[int]customFormat
}

// numFmtRef is the numFmtId of a cell style, set false when the style has none.
type numFmtRef struct {
	id  int
	set bool
}

// customFormat is a custom number format: the code of its first and of its last definition
// (excelize formats with the first, and its GetStyle reports the last).
type customFormat struct{ first, last string }

// builtinIDs are the ids of the number formats built into excelize, whose codes excelize
// gives as its own whatever the styles define.
var builtinIDs = map[int]bool{0: true, 1: true, 2: true, 3: true, 4: true, 9: true, 10: true, 11: true, 12: true, 13: true,
	14: true, 15: true, 16: true, 17: true, 18: true, 19: true, 20: true, 21: true, 22: true, 37: true, 38: true, 39: true,
	40: true, 41: true, 42: true, 43: true, 44: true, 45: true, 46: true, 47: true, 48: true, 49: true}

// builtin reports a number format built into excelize, the language-dependent ones included.
func builtin(id int) bool {
	return builtinIDs[id] || 27 <= id && id <= 36 || 50 <= id && id <= 62 || 67 <= id && id <= 81
}

// readStyles reads the number formats of the styles part; past maxFormats it is a
// *diag.FileError.
func readStyles(b []byte) (styles, error) {
	st := styles{custom: map[int]customFormat{}}
	n := 0
	err := readRoot(b, func(x *xmlReader, se xml.StartElement) error {
		switch se.Name.Local {
		case "numFmts":
			return x.children(func(se xml.StartElement) error {
				if se.Name.Local == "numFmt" {
					if n++; n > maxFormats {
						return &diag.FileError{Code: diag.FileTooManyFormats, Args: []string{strconv.Itoa(maxFormats)}}
					}
					id := intAttr(se, "numFmtId")
					code, _ := attr(se, "formatCode")
					cf, seen := st.custom[id]
					cf.last = code
					if !seen {
						cf.first = code
						for _, a := range se.Attr {
							if a.Name.Local == "formatCode16" && a.Name.Space == nsFormatCode16 && a.Value != "" {
								cf.first = a.Value
							}
						}
					}
					st.custom[id] = cf
				}
				return x.skip()
			})
		case "cellXfs":
			st.hasXfs = true
			return x.children(func(se xml.StartElement) error {
				if se.Name.Local == "xf" {
					v, ok := attr(se, "numFmtId")
					id, err := strconv.Atoi(v)
					st.xfs = append(st.xfs, numFmtRef{id, ok && err == nil})
				}
				return x.skip()
			})
		}
		return x.skip()
	})
	return st, err
}

// code returns the number format code of cell style id as the reader has always seen it
// through excelize's GetStyle: "General" for style 0 or a style without a format, the code
// of builtinCodes for a built-in format ("?" for one not there, or for no such style), else
// the custom code.
func (st *styles) code(id int) string {
	if id == 0 {
		return "General"
	}
	if !st.hasXfs || id < 0 || id >= len(st.xfs) {
		return "?"
	}
	ref := st.xfs[id]
	switch {
	case !ref.set:
		return "General"
	case builtin(ref.id):
		if c, ok := builtinCodes[ref.id]; ok {
			return c
		}
		return "?"
	}
	if cf, ok := st.custom[ref.id]; ok {
		return cf.last
	}
	return "General"
}

// formatLen returns the length of the code excelize formats a value of cell style id with:
// the custom code first, then the built-in one (0 for those, which are short).
func (st *styles) formatLen(id int) int {
	if id < 0 || id >= len(st.xfs) {
		return 0
	}
	ref := st.xfs[id]
	if !ref.set {
		ref.id = 0
	}
	return len(st.custom[ref.id].first)
}

// readSheet reads sheet sh from its part b: its cells, their styles, its merged ranges. A
// sheet that is no worksheet (a chart sheet) has no cells. It counts the cells and their text
// against the workbook's limits: a limit passed is a *diag.FileError, any other error means
// the sheet cannot be read.
func (bk *book) readSheet(sh *worksheet, b []byte) error {
	x := newReader(b)
	root, err := x.root()
	if err == io.EOF || err == nil && root.Name.Local != "worksheet" {
		return nil
	}
	if err != nil {
		return err
	}
	err = x.children(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "sheetData":
			return bk.sheetData(x, sh)
		case "mergeCells":
			return sh.mergeCells(x)
		case "cols":
			return sh.cols(x)
		}
		return x.skip()
	})
	if err != nil {
		return err
	}
	sh.merges = disjoin(sh.merges)
	return nil
}

// limit returns the *diag.FileError of a sheet past a limit.
func (sh *worksheet) limit(code string, args ...string) error {
	return &diag.FileError{Code: code, Args: append([]string{sh.name}, args...)}
}

// sheetData reads the rows. A row goes where excelize's GetRows puts it: at its number r,
// or right after the row before when it has none or one not after it; a cell at the column
// of its reference r, or right after the cell before when it has none. Only rows and columns
// holding a value count against maxRows and maxCols; every cell counts against maxCells.
func (bk *book) sheetData(x *xmlReader, sh *worksheet) error {
	at, cur, cells := 0, 0, 0 // the last row's place, excelize's row number, the sheet's cells
	return x.children(func(se xml.StartElement) error {
		if se.Name.Local != "row" {
			return x.skip()
		}
		cur++
		if v, ok := attr(se, "r"); ok {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return fmt.Errorf("row number %q", v)
			}
			if n != 0 {
				cur = min(n, maxRows+1) // past the limit however far
			}
		}
		at = max(at+1, cur)
		var row []cell
		col := 0
		err := x.children(func(se xml.StartElement) error {
			if se.Name.Local != "c" {
				return x.skip()
			}
			if cells++; cells > maxCells {
				return sh.limit(diag.FileTooManyCells, strconv.Itoa(maxCells))
			}
			if bk.cells++; bk.cells > maxBookCells {
				return sh.limit(diag.FileWorkbookCells, strconv.Itoa(maxBookCells))
			}
			col++
			c := cell{s: intAttr(se, "s")}
			c.t, _ = attr(se, "t")
			if ref, _ := attr(se, "r"); ref != "" {
				n, _, err := excelize.CellNameToCoordinates(ref)
				if err != nil {
					return err
				}
				col = n
			}
			has, err := bk.cellValue(x, &c)
			if err != nil || !has {
				return err
			}
			switch {
			case at > maxRows:
				return sh.limit(diag.FileTooManyRows, strconv.Itoa(maxRows))
			case col > maxCols:
				return sh.limit(diag.FileTooManyColumns, strconv.Itoa(maxCols))
			}
			if bk.text += len(c.v); bk.text > maxText {
				return sh.limit(diag.FileTooMuchText, diag.MB(maxText))
			}
			for len(row) < col {
				row = append(row, cell{})
			}
			row[col-1] = c
			return nil
		})
		if err != nil || row == nil {
			return err
		}
		for len(sh.rows) < at-1 {
			sh.rows = append(sh.rows, nil)
		}
		sh.rows = append(sh.rows, row)
		if s := intAttr(se, "s"); s != 0 {
			sh.rowS[at-1] = s
		}
		return nil
	})
}

// cellValue reads the content of cell c ({v}, {f}, {is}, at any depth, as excelize reads a
// cell) into c.v, its raw value as excelize's GetRows gives it; it reports whether GetRows
// keeps the cell: a value or a formula.
func (bk *book) cellValue(x *xmlReader, c *cell) (bool, error) {
	var v, is string
	var hasIS, hasF bool
	for depth := 1; depth > 0; {
		tok, err := x.token()
		if err != nil {
			return false, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "v":
				v, err = x.chardata()
			case "f":
				hasF, err = true, x.skip()
			case "is":
				hasIS = true
				is, err = x.richText()
			default:
				depth++
			}
			if err != nil {
				return false, err
			}
		case xml.EndElement:
			depth--
		}
	}
	switch {
	case c.t == "s" && v != "":
		i, _ := strconv.Atoi(strings.TrimSpace(v))
		v = ""
		if i >= 0 && i < len(bk.sst) {
			v = bk.sst[i]
		}
	case c.t == "inlineStr" && hasIS:
		v = is
	}
	c.v = v
	return v != "" || hasF, nil
}

// mergeCells reads the merged ranges, as excelize reads them: "A1" for "A1:A1", "$" ignored,
// corners in any order. A reference that is no cell makes the sheet unreadable.
func (sh *worksheet) mergeCells(x *xmlReader) error {
	return x.children(func(se xml.StartElement) error {
		if se.Name.Local != "mergeCell" {
			return x.skip()
		}
		if len(sh.merges) >= maxMerges {
			return sh.limit(diag.FileTooManyMerges, strconv.Itoa(maxMerges))
		}
		ref, _ := attr(se, "ref")
		if !strings.Contains(ref, ":") {
			ref += ":" + ref
		}
		ends := strings.Split(strings.ReplaceAll(ref, "$", ""), ":")
		c1, r1, err := excelize.CellNameToCoordinates(ends[0])
		if err != nil {
			return err
		}
		c2, r2, err := excelize.CellNameToCoordinates(ends[1])
		if err != nil {
			return err
		}
		sh.merges = append(sh.merges, rect{min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2)})
		return x.skip()
	})
}

// cols reads the column styles: for each column within maxCols, the first style of a <col>
// range holding it, as excelize looks a cell's style up.
func (sh *worksheet) cols(x *xmlReader) error {
	return x.children(func(se xml.StartElement) error {
		if se.Name.Local == "col" {
			if s := intAttr(se, "style"); s != 0 {
				for c := max(intAttr(se, "min"), 1); c <= min(intAttr(se, "max"), maxCols); c++ {
					if sh.colS[c-1] == 0 {
						sh.colS[c-1] = s
					}
				}
			}
		}
		return x.skip()
	})
}

// disjoin replaces overlapping merged ranges, which Excel does not write, by the range
// covering them, until none overlap (excelize's GetMergeCells does the like): the cells of
// the ranges are then at most the cells of the sheet.
func disjoin(rs []rect) []rect {
	var out []rect
	for _, r := range rs {
		for i := 0; i < len(out); i++ {
			if out[i].overlaps(r) {
				r = rect{min(r.c1, out[i].c1), min(r.r1, out[i].r1), max(r.c2, out[i].c2), max(r.r2, out[i].r2)}
				out[i] = out[len(out)-1]
				out = out[:len(out)-1]
				i = -1
			}
		}
		out = append(out, r)
	}
	return out
}
