package xlsx

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"selfeval/internal/exchange/diag"
	formjson "selfeval/internal/exchange/json"
	"selfeval/internal/form"
)

// FuzzReadXLSX checks that Read never panics on any file, and returns either forms, each
// within form.MaxRows indicator rows, or an error that is a *diag.FileError or a
// *diag.CellError. The corpus in testdata/fuzz/FuzzReadXLSX holds workbooks written by Write
// (also stored uncompressed and without checksums, so that mutations reach their XML), small
// workbooks of raw XML, and broken files.
//
// Every published form of docs/corpus, written as a workbook, is a seed too.
func FuzzReadXLSX(f *testing.F) {
	files, err := filepath.Glob("../../../docs/corpus/*/form.json")
	if err != nil || len(files) == 0 {
		f.Fatalf("no corpus forms: %v", err)
	}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		forms, err := formjson.Read(data)
		if err != nil {
			f.Fatalf("%s: %v", p, err)
		}
		var buf bytes.Buffer
		if err := Write(&buf, forms, nil); err != nil {
			f.Fatalf("%s: %v", p, err)
		}
		f.Add(buf.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		forms, err := Read(bytes.NewReader(data))
		switch err.(type) {
		case nil:
			if len(forms) == 0 {
				t.Fatal("no forms and no error")
			}
			for _, fm := range forms {
				if len(fm.Indicators) > form.MaxRows {
					t.Fatalf("%d indicator rows", len(fm.Indicators))
				}
			}
		case *diag.FileError, *diag.CellError:
			if forms != nil {
				t.Fatalf("forms with error %v", err)
			}
		default:
			t.Fatalf("error %T: %v", err, err)
		}
	})
}
