package scoring

import (
	"fmt"
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The repository root and its domain document, from this package's directory.
const (
	repoRoot  = "../.."
	domainDoc = "../../docs/DOMAIN.md"
)

// citeRe finds a citation of rules by number in a comment or a string: one number, or a list
// or range of them ("…s 3–5", "…s 1 and 10", "… 1, 2, 8", "…s 6, 7, 10").
var citeRe = regexp.MustCompile(`(?i)\brules?\s+(\d+(?:\s*(?:,|and|&|to|–|—|-)\s*\d+)*)`)

// numRe and rangeRe take a citation apart.
var (
	numRe   = regexp.MustCompile(`\d+`)
	rangeRe = regexp.MustCompile(`(\d+)\s*(?:–|—|-|to)\s*(\d+)`)
)

// headingRe is the heading of a rule in docs/DOMAIN.md: "### Rule N — Title".
var headingRe = regexp.MustCompile(`(?m)^### Rule (\d+) — \S`)

// citedNumbers returns the rule numbers one citation names, ranges expanded.
func citedNumbers(cite string) []int {
	var out []int
	for _, m := range rangeRe.FindAllStringSubmatch(cite, -1) {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		for n := a; n <= b && n-a < 100; n++ {
			out = append(out, n)
		}
	}
	for _, s := range numRe.FindAllString(cite, -1) {
		n, _ := strconv.Atoi(s)
		out = append(out, n)
	}
	sort.Ints(out)
	uniq := out[:0]
	for i, n := range out {
		if i == 0 || n != out[i-1] {
			uniq = append(uniq, n)
		}
	}
	return uniq
}

// citations scans the comments and string literals of every .go file under root (generated
// *_templ.go files and testdata directories skipped; the .templ sources are read whole instead)
// and returns, for each rule number cited, where it is cited ("path:line").
func citations(t *testing.T, root string) map[int][]string {
	t.Helper()
	found := map[int][]string{}
	add := func(text, rel string, line int) {
		for _, m := range citeRe.FindAllStringSubmatchIndex(text, -1) {
			at := line + strings.Count(text[:m[0]], "\n")
			for _, n := range citedNumbers(text[m[2]:m[3]]) {
				found[n] = append(found[n], fmt.Sprintf("%s:%d", rel, at))
			}
		}
	}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		isGo := strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_templ.go")
		if !isGo && !strings.HasSuffix(name, ".templ") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if !isGo {
			add(string(src), rel, 1)
			return nil
		}
		fset := token.NewFileSet()
		file := fset.AddFile(rel, -1, len(src))
		var s scanner.Scanner
		s.Init(file, src, nil, scanner.ScanComments) // errors are not this test's business
		for {
			pos, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			if tok == token.COMMENT || tok == token.STRING || tok == token.CHAR {
				add(lit, rel, fset.Position(pos).Line)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// headings returns the rule numbers docs/DOMAIN.md has a heading for, and those it has twice.
func headings(doc string) (have map[int]bool, twice []int) {
	have = map[int]bool{}
	for _, m := range headingRe.FindAllStringSubmatch(doc, -1) {
		n, _ := strconv.Atoi(m[1])
		if have[n] {
			twice = append(twice, n)
		}
		have[n] = true
	}
	return have, twice
}

// missingRules lists, for each rule cited under root without a heading in doc, the rule and
// where it is cited.
func missingRules(t *testing.T, root, doc string) (cited []int, missing []string) {
	t.Helper()
	have, _ := headings(doc)
	found := citations(t, root)
	for n := range found {
		cited = append(cited, n)
	}
	sort.Ints(cited)
	for _, n := range cited {
		if !have[n] {
			missing = append(missing, fmt.Sprintf("rule %d has no heading \"### Rule %d — …\" in docs/DOMAIN.md; cited at %s",
				n, n, strings.Join(found[n], ", ")))
		}
	}
	return cited, missing
}

// TestDomainDoc keeps the rules the code cites by number in docs/DOMAIN.md: every rule number
// cited in a comment or a string of the repository's Go code has its heading there.
func TestDomainDoc(t *testing.T) {
	data, err := os.ReadFile(domainDoc)
	if err != nil {
		t.Fatalf("the domain document: %v", err)
	}
	doc := string(data)
	have, twice := headings(doc)
	if len(have) == 0 {
		t.Fatalf("docs/DOMAIN.md has no rule heading of the form \"### Rule N — title\"")
	}
	for _, n := range twice {
		t.Errorf("docs/DOMAIN.md has two headings for rule %d", n)
	}
	cited, missing := missingRules(t, repoRoot, doc)
	if len(cited) == 0 {
		t.Fatalf("no rule citation found under %s: the scan is broken", repoRoot)
	}
	for _, m := range missing {
		t.Error(m)
	}
	t.Logf("rules cited: %v; headings: %d", cited, len(have))

	// The check itself can fail: a citation of a rule the document lacks is reported, in a
	// comment, in a string, as a range and in a list.
	t.Run("detects a missing rule", func(t *testing.T) {
		dir := t.TempDir()
		// Built from pieces so that this file cites no such rule itself.
		src := "package x\n\n// see " + "rule" + " 99.\nvar s = \"" + "rules" + " 3–5 and " + "rule" + " 98, 97\"\n"
		if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		got, missing := missingRules(t, dir, doc)
		if fmt.Sprint(got) != "[3 4 5 97 98 99]" {
			t.Errorf("cited %v, want [3 4 5 97 98 99]", got)
		}
		if len(missing) != 3 || !strings.Contains(missing[2], "rule"+" 99 ") || !strings.Contains(missing[2], "x.go:3") {
			t.Errorf("missing %q, want the three missing numbers reported with their place", missing)
		}
	})
}
