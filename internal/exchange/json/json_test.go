package json

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"selfeval/internal/exchange/diag"
	"selfeval/internal/form"
	"selfeval/internal/scoring"
)

func sample() form.Form {
	return form.Form{Year: 2022, Project: "培训费", BudgetWeight: "10",
		Funds: form.Funds{Total: form.FundsRow{Initial: "71200", Adjusted: "71200.00", Executed: "70,000"}},
		Indicators: []form.Indicator{{Level1: "产出指标", Level2: "数量指标", Name: "培训人次", Target: "≥100人次",
			Actual: "120人次", Weight: "90"}}}
}

// TestWriteRead: what Write writes, Read reads back as the same forms, amounts as typed;
// the computed figures are written and ignored on reading.
func TestWriteRead(t *testing.T) {
	f := sample()
	var b bytes.Buffer
	if err := Write(&b, []Document{Scored(f, &scoring.Shanghai2022), {Form: f}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"computed": {`) || !strings.Contains(b.String(), `"execution_rate": "98.32"`) ||
		!strings.Contains(b.String(), `"target": "≥100人次"`) {
		t.Fatalf("written JSON lacks the computed figures or escapes text:\n%s", b.String())
	}
	got, err := Read(append([]byte("\xef\xbb\xbf"), b.Bytes()...))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !reflect.DeepEqual(got[0], f) || !reflect.DeepEqual(got[1], f) {
		t.Errorf("read back %+v", got)
	}
	one, err := Read([]byte(`{"year": 2023, "project": "单张"}`))
	if err != nil || len(one) != 1 || one[0].Year != 2023 {
		t.Errorf("a single object: %+v, %v", one, err)
	}
}

// TestReadErrors: each way JSON goes wrong is a *diag.FileError with its own code.
func TestReadErrors(t *testing.T) {
	for data, code := range map[string]string{
		"":                        diag.FileNoJSONForm,
		"[]":                      diag.FileNoJSONForm,
		`"text"`:                  diag.FileNoJSONForm,
		"[{\"year\":\n2022,,}]":   diag.FileJSONSyntax,
		`[{"year": "2022"}]`:      diag.FileJSONType,
		`{"budget_weight": 10}`:   diag.FileJSONDecimal,
		`[{"project": "截断`:        diag.FileJSONTruncated,
		`{"indicators": {"a":1}}`: diag.FileJSONType,
	} {
		_, err := Read([]byte(data))
		var fe *diag.FileError
		if !errors.As(err, &fe) || fe.Code != code {
			t.Errorf("Read(%q) = %v, want code %s", data, err, code)
		}
	}
}

// TestReadLimits: JSON past a limit is refused, before it is decoded, with the code naming it
// and its limit; JSON at the limits is read, and brackets within strings do not count.
func TestReadLimits(t *testing.T) {
	forms := func(n int, f string) string { return "[" + strings.TrimSuffix(strings.Repeat(f+",", n), ",") + "]" }
	rows := func(n int) string {
		return `"indicators": [` + strings.TrimSuffix(strings.Repeat(`{"name": "x"},`, n), ",") + `]`
	}
	for _, c := range []struct {
		name, data, code string
		args             []string
	}{
		{"too large", "[" + strings.Repeat(" ", maxJSONBytes) + "]", diag.FileTooLarge, []string{"16"}},
		{"nested 10,000 deep", strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000), diag.FileJSONDepth, []string{"32"}},
		{"nested in a field", `{"x": ` + strings.Repeat(`{"a": `, maxDepth) + "1" + strings.Repeat("}", maxDepth) + "}", diag.FileJSONDepth, []string{"32"}},
		{"too many forms", forms(maxForms+1, "{}"), diag.FileTooManyForms, []string{"500"}},
		{"too many rows", "{" + rows(form.MaxRows+1) + "}", diag.FileTooManyIndicators, []string{"1", "500"}},
		{"too many rows in the second form", `[{}, {"project": "大表", ` + rows(form.MaxRows+1) + "}]", diag.FileTooManyIndicators, []string{"2", "500"}},
		{"key in another case", `{"Indicators": [` + strings.Repeat("1,", form.MaxRows) + "1]}", diag.FileTooManyIndicators, []string{"1", "500"}},
		{"key escaped", `[{"\u0069ndicators": [` + strings.Repeat("{},", form.MaxRows) + "{}]}]", diag.FileTooManyIndicators, []string{"1", "500"}},
	} {
		got, err := Read([]byte(c.data))
		var fe *diag.FileError
		if !errors.As(err, &fe) || fe.Code != c.code || !reflect.DeepEqual(fe.Args, c.args) || got != nil {
			t.Errorf("%s: error %v, want %s %q", c.name, err, c.code, c.args)
		}
	}
	if got, err := Read([]byte(forms(maxForms, "{"+rows(form.MaxRows)+"}"))); err != nil || len(got) != maxForms || len(got[0].Indicators) != form.MaxRows {
		t.Errorf("%d forms of %d rows: %v", maxForms, form.MaxRows, err)
	}
	brackets := strings.Repeat("[{", 100)
	if got, err := Read([]byte(`[{"project": "` + brackets + `", "x": {"indicators": [` + strings.Repeat("1,", form.MaxRows) + `1]}, ` + rows(2) + `}]`)); err != nil ||
		got[0].Project != brackets || len(got[0].Indicators) != 2 {
		t.Errorf("brackets in a string, indicators of another object: %+v, %v", got, err)
	}
	_, err := Read([]byte(strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth)))
	if fe := (*diag.FileError)(nil); !errors.As(err, &fe) || fe.Code != diag.FileJSONType {
		t.Errorf("nested %d deep: %v, want it decoded (and refused as no form)", maxDepth, err)
	}
}
