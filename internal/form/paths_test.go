package form

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestPathsSpelledHere: the interchange path is spelled in this package alone; every other
// package builds and reads it through Fields, Get, Set, RowPath, RowPrefix, RowField, RowOf,
// FundsPath and the Path constants, so that a change of the path changes one place.
func TestPathsSpelledHere(t *testing.T) {
	spelled := regexp.MustCompile(`"(indicators\.(\d|")|funds\.("|(total|fiscal|carryover|other)[."])|goals\.(expected|achieved)")`)
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if name == ".git" || name == "testdata" || path == filepath.Join(root, "internal", "form") {
				return filepath.SkipDir
			}
			return nil
		}
		if !(strings.HasSuffix(name, ".go") || strings.HasSuffix(name, ".templ")) || strings.HasSuffix(name, "_test.go") || strings.HasSuffix(name, "_templ.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			code, _, _ := strings.Cut(line, "//")
			if m := spelled.FindString(code); m != "" {
				t.Errorf("%s:%d spells the path %s: use the functions of package form", path, i+1, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestRowField: a row path splits into its row and field only as RowPath writes it, and
// without allocating (it runs for every field of every keystroke).
func TestRowField(t *testing.T) {
	for path, want := range map[string]int{"indicators.0.name": 0, "indicators.12.actual": 12, "indicators.499.achievement": 499} {
		if i, name, ok := RowField(path); !ok || i != want || RowPath(i, name) != path {
			t.Errorf("RowField(%q) = %d, %q, %v", path, i, name, ok)
		}
	}
	for _, path := range []string{"indicators.03.name", "indicators.+3.name", "indicators.-1.name", "indicators.500.name",
		"indicators.3", "indicators.3.", "indicators.3.colour", "indicators..name", "indicators.99999999999.name", "funds.total.executed", ""} {
		if i, name, ok := RowField(path); ok {
			t.Errorf("RowField(%q) = %d, %q, true; want false", path, i, name)
		}
	}
	if n := testing.AllocsPerRun(100, func() { RowField("indicators.12.actual") }); n != 0 {
		t.Errorf("RowField allocates %v times", n)
	}
}
