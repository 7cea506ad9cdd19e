package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"

	"selfeval/internal/exchange/diag"
)

// The limits of a workbook Read accepts. Read checks every one of them before it parses
// anything it keeps, and before excelize sees the file, so that a hostile file (a zip bomb, a
// sheet of a million rows, a part that lies about its size) is refused in milliseconds with a
// *diag.FileError naming the limit, and costs little memory. They are generous for real
// files: a workbook of 500 forms written by Write is 2 MB, unzips to 10 MB in 509 parts, its
// largest part (the summary sheet) is 0.5 MB compressed 40 to 1, and a form sheet has a few
// dozen rows of 10 columns (at most form.MaxRows indicator rows).
const (
	// maxFileBytes bounds the workbook file itself, all of which is read into memory (as
	// excelize does too). The web layer accepts no more than 1 MiB anyway.
	maxFileBytes = 16 << 20
	// maxParts bounds the files in the zip: each sheet brings its XML and a few related
	// parts (relationships, printer settings, a drawing), the workbook a dozen more.
	maxParts = 4*maxSheets + 100
	// maxPartBytes bounds what one part unzips to, as declared in its header and as actually
	// read. It is also excelize's UnzipXMLSizeLimit, above which excelize would unzip a sheet
	// to a temporary file: no part reaches it, so excelize writes none.
	maxPartBytes = 4 << 20
	// maxUnzipBytes bounds what the whole workbook unzips to (excelize's UnzipSizeLimit).
	maxUnzipBytes = 32 << 20
	// maxRatio bounds how much a part larger than ratioFloor may be compressed: real XML
	// compresses 5 to 40 times, a zip bomb hundreds or a thousand times.
	maxRatio = 100
	// ratioFloor is the size from which a part's compression ratio is checked: a smaller
	// part costs nothing however well it compresses.
	ratioFloor = 1 << 20
	// maxPartTags bounds the XML tags ('<' characters, an upper bound) of a part excelize may
	// parse, which is what parsing it costs in memory: the workbook part of 500 forms has
	// 3,000, shared strings have four a string. Worksheets (xl/worksheets/sheet*.xml), which
	// excelize never parses here, are bounded by Read's own limits instead.
	maxPartTags = 200_000
	// maxXMLDepth bounds how deep the elements of a part Read parses nest: OOXML nests a
	// dozen levels, and the XML decoder keeps a stack of them.
	maxXMLDepth = 64

	// maxSheets bounds the sheets of the workbook: 500 forms, and the summary of Write.
	maxSheets = 501
	// maxFormats bounds the number formats of the styles: Excel allows about 250 custom ones,
	// and formatting a value looks through them all.
	maxFormats = 1000
	// maxRows bounds the rows of a sheet, counted and as numbered: a form has at most
	// form.MaxRows indicator rows and a dozen more, repeated header rows included.
	maxRows = 2000
	// maxCols bounds the columns of a sheet: a form has ten (A–J).
	maxCols = 50
	// maxCells bounds the cells of a sheet: 2,000 rows of 10 columns.
	maxCells = 20_000
	// maxBookCells bounds the cells of the whole workbook: 500 forms of 500 cells.
	maxBookCells = 250_000
	// maxMerges bounds the merged ranges of a sheet: a form written by Write has a few dozen,
	// a form made by hand perhaps two for each of its rows.
	maxMerges = 1000
	// maxText bounds the text of all cells of the workbook together, a shared string counted
	// each time a cell refers to it: reading a form looks at its text a few times over.
	maxText = 16 << 20

	// maxFormatLen is Excel's limit on the length of a number format. A longer format is not
	// refused but not used either: a value under it is shown as stored (see formatter.value).
	maxFormatLen = 255
)

// readFile reads all of r, at most maxFileBytes.
func readFile(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileBytes+1))
	if err != nil {
		return nil, &diag.FileError{Code: diag.FileNotWorkbook, Err: err}
	}
	if len(data) > maxFileBytes {
		return nil, &diag.FileError{Code: diag.FileTooLarge, Args: []string{diag.MB(maxFileBytes)}}
	}
	return data, nil
}

// unzip opens the zip archive data and returns its parts by partName (the later of two parts
// of one name kept, as excelize does). Before it inflates anything it checks the number of
// parts, each part's declared size and compression ratio, and their declared total; then it
// reads each part through an io.LimitReader of its declared size, so that a part that lies
// about its size is caught when it passes it, and counts its tags (those of worksheets aside,
// see maxPartTags). Any limit passed is a *diag.FileError naming it; data that is no zip
// archive is diag.FileNotWorkbook.
func unzip(data []byte) (map[string][]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, &diag.FileError{Code: diag.FileNotWorkbook, Err: err}
	}
	if len(zr.File) > maxParts {
		return nil, &diag.FileError{Code: diag.FileTooManyParts, Args: []string{strconv.Itoa(maxParts)}}
	}
	var total uint64
	for _, f := range zr.File {
		size := f.UncompressedSize64
		if size > maxPartBytes {
			return nil, &diag.FileError{Code: diag.FilePartTooLarge, Args: []string{f.Name, diag.MB(maxPartBytes)}}
		}
		if total += size; total > maxUnzipBytes {
			return nil, &diag.FileError{Code: diag.FileUnzipTooLarge, Args: []string{diag.MB(maxUnzipBytes)}}
		}
		if size > ratioFloor && f.CompressedSize64 < size/maxRatio {
			return nil, &diag.FileError{Code: diag.FileCompressionRatio, Args: []string{f.Name, strconv.Itoa(maxRatio)}}
		}
	}
	parts := make(map[string][]byte, len(zr.File))
	for _, f := range zr.File {
		b, err := readPart(f)
		if err != nil {
			return nil, err
		}
		parts[partName(f.Name)] = b
	}
	return parts, nil
}

// partName is the name excelize gives a part of the zip: backslashes read as slashes, and
// the content types and the shared strings named as usual whatever their case.
func partName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	switch strings.ToLower(name) {
	case "[content_types].xml":
		return "[Content_Types].xml"
	case strings.ToLower(sharedStringsPart):
		return sharedStringsPart
	}
	return name
}

// isWorksheet reports a part named as excelize's worksheets are.
func isWorksheet(name string) bool {
	name = strings.ToLower(partName(name))
	return strings.HasPrefix(name, "xl/worksheets/sheet") && strings.HasSuffix(name, ".xml")
}

// readPart reads part f, whose declared size unzip has checked: through an io.LimitReader of
// one byte more than it declares, so that inflating it stops there whatever the archive says.
func readPart(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, &diag.FileError{Code: diag.FileNotWorkbook, Err: err}
	}
	defer rc.Close()
	size := int64(f.UncompressedSize64)
	buf := bytes.NewBuffer(make([]byte, 0, size))
	n, err := io.Copy(buf, io.LimitReader(rc, size+1))
	// archive/zip itself reports a part longer (zip.ErrFormat) or shorter (io.ErrUnexpectedEOF)
	// than its header says; the count is what bounds the reading.
	if n > size || errors.Is(err, zip.ErrFormat) || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, &diag.FileError{Code: diag.FilePartSize, Args: []string{f.Name}, Err: err}
	}
	if err != nil {
		return nil, &diag.FileError{Code: diag.FileNotWorkbook, Err: err}
	}
	if !isWorksheet(f.Name) && bytes.Count(buf.Bytes(), []byte("<")) > maxPartTags {
		return nil, &diag.FileError{Code: diag.FilePartTags, Args: []string{f.Name, strconv.Itoa(maxPartTags)}}
	}
	return buf.Bytes(), nil
}
