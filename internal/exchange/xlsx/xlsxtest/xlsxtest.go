// Package xlsxtest recalculates workbooks in LibreOffice for tests: the workbook's cached
// values removed, what LibreOffice headless computes from the formulas alone.
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// LibreOffice returns the path of LibreOffice's soffice, or skips the test saying how to
// install it — or fails it when SELFEVAL_REQUIRE_LIBREOFFICE is set (as CI sets it).
func LibreOffice(t testing.TB) string {
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

// WithoutCachedValues returns the workbook with the cached value of every formula cell
// removed, so that what a spreadsheet shows afterwards is what it calculated; n counts them.
func WithoutCachedValues(t testing.TB, b []byte) (out []byte, n int) {
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

// Recalculate has LibreOffice headless (soffice, as LibreOffice found it) open the workbook
// and save it again, so that its cells hold what LibreOffice calculated; it returns the saved
// workbook.
func Recalculate(t testing.TB, soffice string, book []byte) []byte {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in", "book.xlsx")
	if err := os.MkdirAll(filepath.Dir(in), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, book, 0o644); err != nil {
		t.Fatal(err)
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
	return data
}

// SameFigure reports whether a spreadsheet's value of a cell is the engine's figure: equal
// decimals (within 1E-9, as a spreadsheet keeps binary floats) or equal text.
func SameFigure(got, want string) bool {
	w, werr := strconv.ParseFloat(want, 64)
	g, gerr := strconv.ParseFloat(got, 64)
	if werr != nil || gerr != nil {
		return got == want
	}
	return g-w < 1e-9 && w-g < 1e-9
}
