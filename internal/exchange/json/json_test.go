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
