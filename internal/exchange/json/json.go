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

// Computed is the "computed" object of the interchange format: the result's Figures, its
// problems with their messages in both languages, and why each figure is what it is.
type Computed struct {
	scoring.Figures
	Problems []ComputedProblem     `json:"problems"`
	Explain  []ComputedExplanation `json:"explain,omitempty"`
}

// ComputedExplanation is a scoring.Explanation with its message in Chinese and English.
type ComputedExplanation struct {
	Figure    string `json:"figure"`
	Rule      string `json:"rule"`
	Value     string `json:"value"`
	Source    string `json:"source"`
	Message   string `json:"message"`
	MessageEn string `json:"message_en"`
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

// The limits of the JSON Read accepts, with form.MaxRows indicator rows a form (as many as
// the editor allows), checked before anything is decoded: decoding costs memory in
// proportion to the forms and rows, the three bytes "{}," costing a whole form. A form is
// some 10 KB of JSON as Write writes it, its computed figures included, so that 500 forms,
// as many as a workbook holds, are some 5 MB; the web layer accepts no more than 1 MiB anyway.
const (
	maxJSONBytes = 16 << 20 // the size of the JSON
	maxForms     = 500      // the forms of an array
	maxDepth     = 32       // how deep arrays and objects nest: a form nests four levels
)

// Read reads one form object or an array of them. Unknown fields and "computed" are ignored.
// Malformed JSON, or JSON that holds no form, is a *FileError (ErrNoForm for the latter), and
// so is JSON past a limit: larger than 16 MiB, nested more than 32 levels, of more than 500
// forms or of a form with more than form.MaxRows indicators.
func Read(data []byte) ([]form.Form, error) {
	if len(data) > maxJSONBytes {
		return nil, &diag.FileError{Code: diag.FileTooLarge, Args: []string{diag.MB(maxJSONBytes)}}
	}
	data = bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if len(data) == 0 {
		return nil, ErrNoForm
	}
	if err := checkShape(data); err != nil {
		return nil, err
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

// frame is an array or object being scanned by checkShape.
type frame struct {
	object  bool
	form    int  // a form object, or the indicators array of one: the form's position from 1
	rows    bool // the indicators array of a form
	values  int  // the values of an array so far
	wantKey bool // an object expecting a key
	key     bool // the last key of an object was "indicators"
}

// checkShape checks the limits of the JSON data before it is decoded: how deep it nests, how
// many forms it holds and how many indicators each has, a form being the top object or an
// object of the top array, and its indicators the array of its key "indicators" (matched as
// encoding/json matches it, without regard to case). It reads malformed JSON as far as it
// goes, and leaves saying what is wrong with it to json.Unmarshal.
func checkShape(data []byte) error {
	var stack []frame
	// value counts a value starting in the innermost array, and returns the error of one too many.
	value := func() error {
		if len(stack) == 0 || stack[len(stack)-1].object {
			return nil
		}
		top := &stack[len(stack)-1]
		top.values++
		switch {
		case len(stack) == 1 && !top.rows && top.values > maxForms:
			return &diag.FileError{Code: diag.FileTooManyForms, Args: []string{strconv.Itoa(maxForms)}}
		case top.rows && top.values > form.MaxRows:
			return &diag.FileError{Code: diag.FileTooManyIndicators, Args: []string{strconv.Itoa(top.form), strconv.Itoa(form.MaxRows)}}
		}
		return nil
	}
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case ' ', '\t', '\n', '\r', ':':
			if c == ':' && len(stack) > 0 {
				stack[len(stack)-1].wantKey = false
			}
		case ',':
			if len(stack) > 0 && stack[len(stack)-1].object {
				stack[len(stack)-1].wantKey = true
			}
		case '"':
			end := stringEnd(data, i)
			if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].wantKey {
				stack[n-1].key = isIndicators(data[i:end])
			} else if err := value(); err != nil {
				return err
			}
			i = end - 1
		case '{', '[':
			if err := value(); err != nil {
				return err
			}
			if len(stack) == maxDepth {
				return &diag.FileError{Code: diag.FileJSONDepth, Args: []string{strconv.Itoa(maxDepth)}}
			}
			f := frame{object: c == '{', wantKey: c == '{'}
			switch n := len(stack); {
			case c == '{' && n == 0:
				f.form = 1
			case c == '{' && n == 1 && !stack[0].object:
				f.form = stack[0].values
			case c == '[' && n > 0 && stack[n-1].form > 0 && stack[n-1].key:
				f.form, f.rows = stack[n-1].form, true
			}
			stack = append(stack, f)
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		default: // a number, true, false or null
			if err := value(); err != nil {
				return err
			}
			for i+1 < len(data) && !strings.ContainsRune(",:]} \t\n\r\"{[", rune(data[i+1])) {
				i++
			}
		}
	}
	return nil
}

// stringEnd returns the index after the string starting at data[i], or len(data).
func stringEnd(data []byte, i int) int {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(data)
}

// isIndicators reports whether the quoted key q is "indicators" as encoding/json matches a
// key to a field: escapes decoded, case folded.
func isIndicators(q []byte) bool {
	if len(q) > 64 { // "indicators" in \uXXXX escapes is 62 bytes
		return false
	}
	var key string
	return json.Unmarshal(q, &key) == nil && strings.EqualFold(key, "indicators")
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
	c := NewComputed(&r)
	for _, e := range scoring.Explain(&f, p) {
		c.Explain = append(c.Explain, ComputedExplanation{Figure: e.Figure, Rule: e.Rule, Value: e.Value, Source: e.Source,
			Message: e.Message(i18n.Zh), MessageEn: e.Message(i18n.En)})
	}
	return Document{Form: f, Computed: c}
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
