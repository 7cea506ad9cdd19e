// Package json reads and writes the JSON interchange format (docs/DOMAIN.md, "The JSON
// interchange format"): a form object or an array of them, with the computed figures as output.
package json

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"

	"selfeval/internal/exchange/diag"
	"selfeval/internal/form"
	"selfeval/internal/i18n"
	"selfeval/internal/scoring"
)

// Document is one form in the interchange format. ID, Status and Version are set when the
// form comes from the database; Computed is output only and ignored on reading.
type Document struct {
	form.Form
	ID       int64     `json:"id,omitempty"`
	Status   string    `json:"status,omitempty"`
	Version  int       `json:"version,omitempty"`
	Computed *Computed `json:"computed,omitempty"`
}

// Computed is the "computed" object of the interchange format: the result's Figures and
// its problems with their messages in both languages.
type Computed struct {
	scoring.Figures
	Problems []ComputedProblem `json:"problems"`
}

// ComputedProblem is a problem with its message in Chinese and English.
type ComputedProblem struct {
	Code      string           `json:"code"`
	Field     string           `json:"field"`
	Severity  scoring.Severity `json:"severity"`
	Flag      bool             `json:"flag,omitempty"`
	Message   string           `json:"message"`
	MessageEn string           `json:"message_en"`
}

// NewComputed turns a scoring result into its interchange form.
func NewComputed(r *scoring.Result) *Computed {
	c := &Computed{Figures: r.Figures(), Problems: make([]ComputedProblem, len(r.Problems))}
	for i, p := range r.Problems {
		c.Problems[i] = ComputedProblem{
			Code: p.Code, Field: p.Field, Severity: p.Severity, Flag: p.Flag,
			Message: diag.ProblemMessage(p, i18n.Zh), MessageEn: diag.ProblemMessage(p, i18n.En),
		}
	}
	return c
}

// ErrNoForm is returned when the JSON holds neither a form object nor an array of them.
var ErrNoForm error = &diag.FileError{Code: diag.FileNoJSONForm}

// Read reads one form object or an array of them. Unknown fields and "computed" are ignored.
// Malformed JSON, or JSON that holds no form, is a *FileError (ErrNoForm for the latter).
func Read(data []byte) ([]form.Form, error) {
	data = bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if len(data) == 0 {
		return nil, ErrNoForm
	}
	var forms []form.Form
	var err error
	switch data[0] {
	case '[':
		err = json.Unmarshal(data, &forms)
	case '{':
		var f form.Form
		err = json.Unmarshal(data, &f)
		forms = []form.Form{f}
	default:
		return nil, ErrNoForm
	}
	if err != nil {
		return nil, jsonError(data, err)
	}
	if len(forms) == 0 {
		return nil, ErrNoForm
	}
	return forms, nil
}

// jsonError says where the JSON went wrong, in words a person can act on: a *FileError.
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn) && syn.Offset >= int64(len(data)): // the file ends inside a value
		return &diag.FileError{Code: diag.FileJSONTruncated}
	case errors.As(err, &syn):
		line := bytes.Count(data[:min(int(syn.Offset), len(data))], []byte("\n")) + 1
		return &diag.FileError{Code: diag.FileJSONSyntax, Args: []string{strconv.Itoa(line)}, Err: syn}
	case errors.As(err, &typ):
		want, got := jsonKind(typ.Type), typ.Value
		if strings.HasPrefix(got, "number") {
			got = "number"
		} else if got == "bool" {
			got = "boolean"
		}
		if want == "string" && got == "number" { // an amount or a score written as a number
			return &diag.FileError{Code: diag.FileJSONDecimal, Args: []string{typ.Field}}
		}
		return &diag.FileError{Code: diag.FileJSONType, Args: []string{typ.Field, want, got}}
	}
	return &diag.FileError{Code: diag.FileJSONMalformed, Err: err}
}

// Write writes documents as an indented JSON array.
func Write(w io.Writer, docs []Document) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(docs)
}

// Scored returns the document of f with its figures computed under the form's profile p.
func Scored(f form.Form, p *scoring.Profile) Document {
	r := scoring.Score(&f, p)
	return Document{Form: f, Computed: NewComputed(&r)}
}

// jsonKind names the JSON type a Go type is read from: string, number, object, array or
// boolean, as the error messages say them (catalog "json.kind.*").
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Struct, reflect.Map:
		return "object"
	case reflect.Slice, reflect.Array:
		return "array"
	}
	return "number"
}
