// Package diag is what the readers of package exchange say of a file, and the catalog
// messages of what the rules say of a form: a Note for each guess the text reader made, a
// FileError or CellError for a file that cannot be read, and ProblemMessage for a scoring
// problem. Each carries a code and arguments; its text comes from the catalog in a person's
// language.
package diag

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"

	"selfeval/internal/i18n"
	"selfeval/internal/scoring"
)

// Key returns the catalog key of the note's message.
func (n Note) Key() string {
	if n.Variant == "" {
		return "note." + n.Code
	}
	return "note." + n.Code + "." + n.Variant
}

// NoteMessage renders a note's message in lang from the catalog, as ProblemMessage does for
// scoring problems.
func NoteMessage(n Note, lang i18n.Lang) string { return i18n.T(lang, n.Key(), anys(n.Args)...) }

// noteJSON is a note as written in JSON: its fields and, for readers of the file, its
// message in both languages.
type noteJSON struct {
	Code    string   `json:"code"`
	Variant string   `json:"variant,omitempty"`
	Line    int      `json:"line"`
	Field   string   `json:"field"`
	Args    []string `json:"args,omitempty"`
	Zh      string   `json:"zh"`
	En      string   `json:"en"`
}

// MarshalJSON writes the note with its message from the catalog as "zh" and "en", the names
// those fields had when notes carried their own text; they are output only.
// HTML is not escaped here: the encoder that calls it escapes it or not, as its caller chose.
func (n Note) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(noteJSON{Code: n.Code, Variant: n.Variant, Line: n.Line, Field: n.Field, Args: n.Args,
		Zh: NoteMessage(n, i18n.Zh), En: NoteMessage(n, i18n.En)})
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), err
}

// The codes of a CellError; its message is the catalog's "cellerror."+Code.
const (
	CellAmountSyntax    = "amount.syntax"    // an amount that does not parse
	CellAmountPrecision = "amount.precision" // an amount with more than two decimal places
	// CellAmountPrecisionWan is an amount in 万元 with more than six decimal places.
	CellAmountPrecisionWan = "amount.precision_wan"
	CellAmountNegative     = "amount.negative" // a negative amount
	CellAmountRange        = "amount.range"    // an amount too large
	CellIndicatorTable     = "indicator_table" // a sheet without an indicator table header
)

// cellErrorTakesValue lists every CellError code, true when its message quotes the cell's value.
var cellErrorTakesValue = map[string]bool{
	CellAmountSyntax:       true,
	CellAmountPrecision:    true,
	CellAmountPrecisionWan: true,
	CellAmountNegative:     true,
	CellAmountRange:        true,
	CellIndicatorTable:     false,
}

// CellError says which cell of which sheet could not be read, and why (Code). Error is the
// English message, for logs and the command line; Message renders it in a person's language.
type CellError struct {
	Code  string // one of the Cell* codes
	Sheet string // sheet name
	Cell  string // cell reference, e.g. "E7"
	Value string // the cell's text as people see it, for the codes whose message quotes it
}

// Error returns the English message: `培训费!E7: unrecognised amount “1O0”`.
func (e *CellError) Error() string { return e.Message(i18n.En) }

// Message returns the message in lang, e.g. `培训费!E7：无法识别的金额 “1O0”`.
func (e *CellError) Message(lang i18n.Lang) string {
	var args []any
	if cellErrorTakesValue[e.Code] {
		args = append(args, e.Value)
	}
	return i18n.T(lang, "cellerror.at", e.Sheet, e.Cell, i18n.T(lang, "cellerror."+e.Code, args...))
}

// The codes of a FileError; its message is the catalog's "import.error."+Code.
const (
	FileEmpty           = "empty_file"       // nothing but white space
	FileNoForm          = "no_form"          // Args: the labels looked for (title, project, funds header, the three indicator levels)
	FileNoJSONForm      = "no_json_form"     // JSON that is neither a form object nor an array of them
	FileNoWorkbookForm  = "no_workbook_form" // a workbook without a form sheet
	FileNotWorkbook     = "not_workbook"     // no zip, or a zip that is no workbook excelize can open
	FileSheetUnreadable = "sheet_unreadable" // Args: the sheet
	FileJSONSyntax      = "json_syntax"      // Args: the line
	FileJSONType        = "json_type"        // Args: the field, the JSON type expected and found (json.kind.*)
	FileJSONDecimal     = "json_decimal"     // Args: the field, which holds a number where text is expected
	FileJSONTruncated   = "json_truncated"   // the JSON ends too early
	FileJSONMalformed   = "json_malformed"   // any other JSON error
	FileNoIndicators    = "no_indicators"    // Args: the form's position (from 1), its project
)

// The codes of a FileError for a file past one of the readers' limits, which bound what a
// file can cost before it is read; each message names the limit. A size is quoted in MB
// (MiB, see MB), a count as a number.
const (
	FileTooLarge          = "too_large"           // Args: the limit in MB
	FileTooManyForms      = "too_many_forms"      // Args: the limit
	FileTooManyIndicators = "too_many_indicators" // Args: the form's position (from 1), the limit
	FileJSONDepth         = "json_depth"          // Args: the limit
	FileTooManyParts      = "too_many_parts"      // Args: the limit
	FilePartTooLarge      = "part_too_large"      // Args: the part, the limit in MB
	FileUnzipTooLarge     = "unzip_too_large"     // Args: the limit in MB
	FileCompressionRatio  = "compression_ratio"   // Args: the part, the limit
	FilePartSize          = "part_size"           // Args: the part, which is not the size its header says
	FilePartTags          = "part_tags"           // Args: the part, the limit
	FileTooManySheets     = "too_many_sheets"     // Args: the limit
	FileTooManyFormats    = "too_many_formats"    // Args: the limit
	FileTooManyRows       = "too_many_rows"       // Args: the sheet, the limit
	FileTooManyColumns    = "too_many_columns"    // Args: the sheet, the limit
	FileTooManyCells      = "too_many_cells"      // Args: the sheet, the limit
	FileWorkbookCells     = "workbook_cells"      // Args: the sheet where the count passed it, the limit
	FileTooManyMerges     = "too_many_merges"     // Args: the sheet, the limit
	FileTooMuchText       = "too_much_text"       // Args: the sheet where the text passed it, the limit in MB
)

// MB quotes a size limit in bytes as the messages of the File* limit codes do: whole MiB.
func MB(limit int) string { return strconv.Itoa(limit >> 20) }

// fileUnreadable names the message for an error that is not the readers' own.
const fileUnreadable = "unreadable"

// FileError is a whole file a reader refuses (Read, ReadText, ReadXLSX, ReadJSON). Error is
// the English message, with the cause when there is one, for logs and the command line;
// Message renders it in a person's language, without the cause.
type FileError struct {
	Code string   // one of the File* codes
	Args []string // the values the message quotes
	Err  error    // the cause, or nil
}

// Error returns the English message and the cause: "malformed JSON at line 3: invalid character …".
func (e *FileError) Error() string {
	if e.Err != nil {
		return e.Message(i18n.En) + ": " + e.Err.Error()
	}
	return e.Message(i18n.En)
}

// Unwrap returns the cause.
func (e *FileError) Unwrap() error { return e.Err }

// Message returns the message in lang.
func (e *FileError) Message(lang i18n.Lang) string {
	args := anys(e.Args)
	if e.Code == FileJSONType && len(args) == 3 { // the JSON types in words of lang
		args[1], args[2] = i18n.T(lang, "json.kind."+e.Args[1]), i18n.T(lang, "json.kind."+e.Args[2])
	}
	return i18n.T(lang, "import.error."+e.Code, args...)
}

// ErrorMessage returns the message in lang of an error a reader returned: a *CellError or
// *FileError in lang, any other error as a general "the file could not be read".
func ErrorMessage(err error, lang i18n.Lang) string {
	var ce *CellError
	var fe *FileError
	switch {
	case errors.As(err, &ce):
		return ce.Message(lang)
	case errors.As(err, &fe):
		return fe.Message(lang)
	}
	return i18n.T(lang, "import.error."+fileUnreadable)
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// ProblemMessage renders a problem's message in lang from the catalog.
func ProblemMessage(p scoring.Problem, lang i18n.Lang) string {
	args := make([]any, len(p.Args))
	for i, a := range p.Args {
		args[i] = a
	}
	return i18n.T(lang, "problem."+p.Code, args...)
}
