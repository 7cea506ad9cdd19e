// Package exchange reads and writes forms in the formats people move them in: the JSON
// interchange format, the text copied out of printed tables, and Excel workbooks.
package exchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"

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

// Computed is the "computed" object of the interchange format: every figure as a decimal string.
type Computed struct {
	Profile        string              `json:"profile"`
	ExecutionRate  string              `json:"execution_rate"`
	BudgetScore    string              `json:"budget_score"`
	IndicatorScore string              `json:"indicator_score"`
	Total          string              `json:"total"`
	Grade          string              `json:"grade"`
	WeightSum      string              `json:"weight_sum"`
	Indicators     []ComputedIndicator `json:"indicators"`
	Subtotals      []ComputedSubtotal  `json:"subtotals"`
	Problems       []ComputedProblem   `json:"problems"`
}

// ComputedIndicator is what the rules say of one indicator row; Suggested is "" when the
// person must grade the row.
type ComputedIndicator struct {
	Suggested string       `json:"suggested"`
	Score     string       `json:"score"`
	Kind      scoring.Kind `json:"kind"`
	Met       bool         `json:"met"`
}

// ComputedSubtotal is the weight and score of a level-1 label (Level2 "") or a level-2 label.
type ComputedSubtotal struct {
	Level1 string `json:"level1"`
	Level2 string `json:"level2,omitempty"`
	Weight string `json:"weight"`
	Score  string `json:"score"`
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

// NewComputed turns a scoring result into its interchange form: scores with two places.
func NewComputed(r *scoring.Result) *Computed {
	c := &Computed{
		Profile:        r.Profile,
		ExecutionRate:  r.ExecutionRate.Fixed(2),
		BudgetScore:    r.BudgetScore.Fixed(2),
		IndicatorScore: r.IndicatorScore.Fixed(2),
		Total:          r.Total.Fixed(2),
		Grade:          r.Grade,
		WeightSum:      r.WeightSum.String(),
		Indicators:     make([]ComputedIndicator, len(r.Indicators)),
		Subtotals:      make([]ComputedSubtotal, len(r.Subtotals)),
		Problems:       make([]ComputedProblem, len(r.Problems)),
	}
	for i, in := range r.Indicators {
		c.Indicators[i] = ComputedIndicator{Score: in.Score.Fixed(2), Kind: in.Kind, Met: in.Met}
		if in.HasSuggested {
			c.Indicators[i].Suggested = in.Suggested.Fixed(2)
		}
	}
	for i, st := range r.Subtotals {
		c.Subtotals[i] = ComputedSubtotal{st.Level1, st.Level2, st.Weight.String(), st.Score.Fixed(2)}
	}
	for i, p := range r.Problems {
		c.Problems[i] = ComputedProblem{
			Code: p.Code, Field: p.Field, Severity: p.Severity, Flag: p.Flag,
			Message: ProblemMessage(p, i18n.Zh), MessageEn: ProblemMessage(p, i18n.En),
		}
	}
	return c
}

// ProblemMessage renders a problem's message in lang from the catalog.
func ProblemMessage(p scoring.Problem, lang i18n.Lang) string {
	args := make([]any, len(p.Args))
	for i, a := range p.Args {
		args[i] = a
	}
	return i18n.T(lang, "problem."+p.Code, args...)
}

// ErrNoJSONForm is returned when the JSON holds neither a form object nor an array of them.
var ErrNoJSONForm error = &FileError{Code: FileNoJSONForm}

// ReadJSON reads one form object or an array of them. Unknown fields and "computed" are ignored.
// Malformed JSON, or JSON that holds no form, is a *FileError (ErrNoJSONForm for the latter).
func ReadJSON(data []byte) ([]form.Form, error) {
	data = bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if len(data) == 0 {
		return nil, ErrNoJSONForm
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
		return nil, ErrNoJSONForm
	}
	if err != nil {
		return nil, jsonError(data, err)
	}
	if len(forms) == 0 {
		return nil, ErrNoJSONForm
	}
	return forms, nil
}

// jsonError says where the JSON went wrong, in words a person can act on: a *FileError.
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line := bytes.Count(data[:min(int(syn.Offset), len(data))], []byte("\n")) + 1
		return &FileError{Code: FileJSONSyntax, Args: []string{strconv.Itoa(line)}, Err: syn}
	case errors.As(err, &typ):
		want, got := jsonKind(typ.Type), typ.Value
		if strings.HasPrefix(got, "number") {
			got = "number"
		} else if got == "bool" {
			got = "boolean"
		}
		if want == "string" && got == "number" { // an amount or a score written as a number
			return &FileError{Code: FileJSONDecimal, Args: []string{typ.Field}}
		}
		return &FileError{Code: FileJSONType, Args: []string{typ.Field, want, got}}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &FileError{Code: FileJSONTruncated}
	}
	return &FileError{Code: FileJSONMalformed, Err: err}
}

// WriteJSON writes documents as an indented JSON array.
func WriteJSON(w io.Writer, docs []Document) error {
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
