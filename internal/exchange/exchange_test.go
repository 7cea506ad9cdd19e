package exchange

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"selfeval/internal/exchange/json"
	"selfeval/internal/exchange/xlsx"
	"selfeval/internal/form"
	"selfeval/internal/scoring"
)

func TestReadTellsFormatsApart(t *testing.T) {
	seed, err := os.ReadFile("../demo/minhang-2022.txt")
	if err != nil {
		t.Fatal(err)
	}
	fromText, f, err := Read(seed)
	if err != nil || f != FormatText || len(fromText) != 10 || len(fromText[0].Notes) == 0 {
		t.Fatalf("text: %v %s %d", err, f, len(fromText))
	}
	var js bytes.Buffer
	docs := make([]json.Document, len(fromText))
	for i, im := range fromText {
		docs[i] = json.Document{Form: im.Form}
	}
	if err := json.Write(&js, docs); err != nil {
		t.Fatal(err)
	}
	fromJSON, f, err := Read(js.Bytes())
	if err != nil || f != FormatJSON || len(fromJSON) != 10 || fromJSON[4].Form.Project != "培训费" {
		t.Fatalf("json: %v %s %d", err, f, len(fromJSON))
	}
	var xl bytes.Buffer
	list := make([]form.Form, len(fromText))
	for i, im := range fromText {
		list[i] = im.Form
	}
	if err := xlsx.Write(&xl, list, &scoring.Shanghai2022); err != nil {
		t.Fatal(err)
	}
	fromXLSX, f, err := Read(xl.Bytes())
	if err != nil || f != FormatXLSX || len(fromXLSX) != 10 {
		t.Fatalf("xlsx: %v %s %d", err, f, len(fromXLSX))
	}
	if _, _, err := Read([]byte("  \n")); !errors.Is(err, ErrEmptyFile) {
		t.Errorf("empty: %v", err)
	}
	if _, _, err := Read([]byte(`{"project":"空"}`)); err == nil {
		t.Error("a form without indicators was read")
	}
	if _, f, err := Read([]byte("PK\x03\x04garbage")); err == nil || f != FormatXLSX {
		t.Errorf("broken workbook: %v %s", err, f)
	}
}
