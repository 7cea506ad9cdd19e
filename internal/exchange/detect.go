package exchange

import (
	"bytes"
	"strconv"

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
	Notes []Note
}

// ErrEmptyFile is returned for a file with nothing in it.
var ErrEmptyFile error = &FileError{Code: FileEmpty}

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

// Read reads forms from a file in any of the formats, told apart by content. It returns the
// first error and no forms: an import never half-applies. The error is a *FileError or a
// *CellError; ErrorMessage renders either in a person's language.
func Read(data []byte) ([]Imported, Format, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, FormatText, ErrEmptyFile
	}
	f := Detect(data)
	var out []Imported
	switch f {
	case FormatXLSX:
		forms, err := ReadXLSX(bytes.NewReader(data))
		if err != nil {
			return nil, f, err
		}
		for _, fm := range forms {
			out = append(out, Imported{Form: fm})
		}
	case FormatJSON:
		forms, err := ReadJSON(data)
		if err != nil {
			return nil, f, err
		}
		for _, fm := range forms {
			out = append(out, Imported{Form: fm})
		}
	default:
		forms, err := ReadText(string(data))
		if err != nil {
			return nil, f, err
		}
		for _, tf := range forms {
			out = append(out, Imported{Form: tf.Form, Notes: tf.Notes})
		}
	}
	for i, im := range out {
		if len(im.Form.Indicators) == 0 {
			return nil, f, &FileError{Code: FileNoIndicators, Args: []string{strconv.Itoa(i + 1), im.Form.Project}}
		}
	}
	return out, f, nil
}
