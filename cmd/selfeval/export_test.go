package main

import (
	"archive/zip"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportSheets: with more forms than --sheets, `selfeval export --format xlsx` writes a
// zip of one workbook per form and the summary workbook, and says so; a bound outside 1–1000
// is a usage error.
func TestExportSheets(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "selfeval.db")
	mustRunCLI(t, "", "org", "add", "--db", db, "--name", "上海市闵行区地区工作办公室(汇总)")
	mustRunCLI(t, "", "org", "add", "--db", db, "--name", "上海市闵行区地区工作办公室", "--parent", "上海市闵行区地区工作办公室(汇总)")
	mustRunCLI(t, "", "import", "--db", db, seedPath)
	out := filepath.Join(dir, "2022.zip")
	code, _, errs := cli(t, "", "export", "--db", db, "--year", "2022", "--format", "xlsx", "--sheets", "9", "--out", out)
	if code != 0 || !strings.Contains(errs, "10 forms, more than 9: a zip") {
		t.Fatalf("exit %d: %q", code, errs)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if len(zr.File) != 11 || zr.File[10].Name != "0000-汇总.xlsx" {
		t.Errorf("%d files in the zip", len(zr.File))
	}
	for _, bad := range []string{"0", "1001", "x"} {
		if code, _, errs := cli(t, "", "export", "--db", db, "--year", "2022", "--format", "xlsx", "--sheets", bad); code != 2 || !strings.Contains(errs, "--sheets N") {
			t.Errorf("--sheets %s: exit %d, %q", bad, code, errs)
		}
	}
}
