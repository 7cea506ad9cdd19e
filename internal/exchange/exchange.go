// Package exchange reads forms from the files people move them in, whatever the format: the
// JSON interchange format (package json), the text copied out of printed tables (package
// text) and Excel workbooks (package xlsx). Detect tells them apart; Read reads any of them.
// Writers are called in their own packages; what readers say of a file is in package diag.
package exchange

import (
	"bytes"
	"strconv"

	"selfeval/internal/exchange/diag"
	"selfeval/internal/exchange/json"
	"selfeval/internal/exchange/text"
	"selfeval/internal/exchange/xlsx"
	"selfeval/internal/form"
)

// Format is a kind of file people bring forms in.
type Format string

// The formats Read tells apart by their content.
const (
	FormatJSON Format = "json"
	FormatXLSX Format = "xlsx"
	FormatText Format = "text"
)

// Imported is one form read from a file, with what the reader had to guess (text only).
type Imported struct {
	Form  form.Form
	Notes []diag.Note
}

// File is what Read found in a file: its format, the forms to import, and the forms it
// holds that have no indicator rows (a page whose table was cut off, the first half of a
// form), which are left out and said.
type File struct {
	Format Format
	Forms  []Imported
	Left   []Left
}

// Left is a form of a file that has no indicator rows: its position in the file (from 1)
// and its project.
type Left struct {
	Position int
	Project  string
}

// ErrEmptyFile is returned for a file with nothing in it.
var ErrEmptyFile error = &diag.FileError{Code: diag.FileEmpty}

// maxFileBytes bounds a file Read reads, before it looks at it: the largest file any reader
// accepts (a workbook or JSON of 16 MiB; copied-table text is bounded to 2 MiB by its reader).
const maxFileBytes = 16 << 20

// Detect tells a workbook (a zip archive), JSON (an object or an array) and copied-table text apart.
func Detect(data []byte) Format {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return FormatXLSX
	case len(trimmed) > 0 && (trimmed[0] == '[' || trimmed[0] == '{'):
		return FormatJSON
	}
	return FormatText
}

// Read reads forms from a file in any of the formats, told apart by content. A form without
// indicator rows is left out (File.Left) and the others are read; a file of no form with
// indicators is refused (diag.FileNoIndicators, naming the first). Otherwise it returns the
// first error and no forms: an import never half-applies. The error is a *diag.FileError or a
// *diag.CellError; diag.ErrorMessage renders either in a person's language. A file larger
// than 16 MiB is refused before it is looked at; each reader bounds the rest (see
// xlsx.Read, json.Read, text.Read).
func Read(data []byte) (File, error) {
	read, f, err := readAll(data)
	if err != nil {
		return File{Format: f}, err
	}
	file := File{Format: f}
	for i, im := range read {
		if len(im.Form.Indicators) == 0 {
			file.Left = append(file.Left, Left{Position: i + 1, Project: im.Form.Project})
			continue
		}
		file.Forms = append(file.Forms, im)
	}
	if len(file.Forms) == 0 && len(file.Left) > 0 {
		first := file.Left[0]
		return File{Format: f}, &diag.FileError{Code: diag.FileNoIndicators, Args: []string{strconv.Itoa(first.Position), first.Project}}
	}
	return file, nil
}

// readAll reads every form of the file, with or without indicators.
func readAll(data []byte) ([]Imported, Format, error) {
	if len(data) > maxFileBytes {
		return nil, Detect(data), &diag.FileError{Code: diag.FileTooLarge, Args: []string{diag.MB(maxFileBytes)}}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, FormatText, ErrEmptyFile
	}
	f := Detect(data)
	var out []Imported
	switch f {
	case FormatXLSX:
		forms, err := xlsx.Read(bytes.NewReader(data))
		if err != nil {
			return nil, f, err
		}
		for _, fm := range forms {
			out = append(out, Imported{Form: fm})
		}
	case FormatJSON:
		forms, err := json.Read(data)
		if err != nil {
			return nil, f, err
		}
		for _, fm := range forms {
			out = append(out, Imported{Form: fm})
		}
	default:
		forms, err := text.Read(string(data))
		if err != nil {
			return nil, f, err
		}
		for _, tf := range forms {
			out = append(out, Imported{Form: tf.Form, Notes: tf.Notes})
		}
	}
	return out, f, nil
}
