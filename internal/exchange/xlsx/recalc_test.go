package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// libreOffice returns the path of LibreOffice's soffice, or skips the test saying how to
// install it — or fails it when SELFEVAL_REQUIRE_LIBREOFFICE is set (as CI sets it).
func libreOffice(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const how = "LibreOffice (soffice) is not on PATH: install it with `apt-get install -y --no-install-recommends libreoffice-calc`"
	if os.Getenv("SELFEVAL_REQUIRE_LIBREOFFICE") != "" {
		t.Fatal(how + " (SELFEVAL_REQUIRE_LIBREOFFICE is set)")
	}
	t.Skip(how + "; set SELFEVAL_REQUIRE_LIBREOFFICE=1 to make its absence a failure")
	return ""
}

// cachedValue is the cached value of a formula cell in a worksheet's XML.
var cachedValue = regexp.MustCompile(`(<f>[^<]*</f>)<v>[^<]*</v>`)

// withoutCachedValues returns the workbook with the cached value of every formula cell
// removed, so that what a spreadsheet shows afterwards is what it calculated; n counts them.
func withoutCachedValues(t *testing.T, b []byte) (out []byte, n int) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(zf.Name, "xl/worksheets/") {
			n += len(cachedValue.FindAll(data, -1))
			data = cachedValue.ReplaceAll(data, []byte("$1"))
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), n
}

// TestLibreOfficeRecalculates: a workbook written under every profile, its cached values
// removed and recalculated by LibreOffice headless, gives the engine's execution rate, budget
// score, total and grade: the formulas carry the profiles' rules, not only their results.
func TestLibreOfficeRecalculates(t *testing.T) {
	soffice := libreOffice(t)
	cases := profileCases(t)
	stripped, n := withoutCachedValues(t, writeCases(t, cases))
	if n < 4*len(cases) {
		t.Fatalf("only %d cached values removed from %d forms", n, len(cases))
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in", "book.xlsx")
	if err := os.MkdirAll(filepath.Dir(in), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, stripped, 0o644); err != nil {
		t.Fatal(err)
	}
	// Stripped, the cells hold no figure any more.
	if v, err := openXLSX(t, stripped).GetCellValue(cases[0].sheet, "G6"); err != nil || v != "" {
		t.Fatalf("G6 still holds %q (%v)", v, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	outDir := filepath.Join(dir, "out")
	cmd := exec.CommandContext(ctx, soffice, "--headless", "--norestore", "--nologo",
		"-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--convert-to", "xlsx", "--outdir", outDir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
	data, err := os.ReadFile(filepath.Join(outDir, "book.xlsx"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no workbook: %v", err)
	}
	f := openXLSX(t, data)
	for _, c := range cases {
		for _, fg := range c.figures() {
			got, err := f.GetCellValue(fg.sheet, fg.cell, excelizeRaw)
			if err != nil || !sameFigure(got, fg.want) {
				t.Errorf("%s (%s) %s %s: LibreOffice %q (%v), engine %s", c.sheet, c.profile.Name, fg.name, fg.cell, got, err, fg.want)
			}
		}
	}
}

// excelizeRaw reads a cell's value as stored, not as its number format shows it.
var excelizeRaw = excelize.Options{RawCellValue: true}
