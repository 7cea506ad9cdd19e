package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"selfeval/internal/decimal"
	"selfeval/internal/exchange"
)

const seedPath = "../../internal/demo/minhang-2022.txt"

// cli runs the command in-process and returns exit code, stdout and stderr.
func cli(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// printed is the table of DOMAIN.md: the figures printed on the ten forms of the seed.
var printed = []struct {
	project             string
	rows                int
	rate, budget, total string
}{
	{"闵行区居村民服务自治平台(2022运维)", 9, "98.32", "9.83", "99.83"},
	{"“云邻里”与“社区云”对接方案", 9, "100.00", "10", "100"},
	{"政府雇员项目", 15, "97.05", "9.71", "99.71"},
	{"委办局党建经费", 15, "98.84", "9.88", "99.88"},
	{"培训费", 13, "99.03", "9.9", "99.9"},
	{"居村自治共治建设", 15, "99.40", "9.94", "99.94"},
	{"邻里中心项目建设", 15, "98.06", "9.81", "99.81"},
	{"调研经费", 12, "0.00", "0", "90"},
	{"社会建设宣传", 18, "99.64", "9.96", "99.96"},
	{"社会建设重点工作研究", 11, "98.34", "9.83", "99.83"},
}

// sameNumber compares two decimal strings by value ("9.9" = "9.90").
func sameNumber(t *testing.T, a, b string) bool {
	t.Helper()
	x, err1 := decimal.Parse(a)
	y, err2 := decimal.Parse(b)
	return err1 == nil && err2 == nil && x.Cmp(y) == 0
}

// TestSeedGolden is the first golden test: `selfeval parse` on the seed piped into
// `selfeval score` reproduces every printed execution rate, budget score and total, and every
// indicator row as checked by hand in the reader's golden file.
func TestSeedGolden(t *testing.T) {
	code, parsed, notes := cli(t, "", "parse", seedPath)
	if code != 0 {
		t.Fatalf("parse exit %d: %s", code, notes)
	}
	if !strings.Contains(notes, "column_shifted") || !strings.Contains(notes, "level1_inferred") {
		t.Errorf("the reader's notes should report its guesses on stderr, got:\n%s", notes)
	}
	code, scored, errs := cli(t, parsed, "score")
	if code != 0 {
		t.Fatalf("score exit %d: %s", code, errs)
	}
	var docs []exchange.Document
	if err := json.Unmarshal([]byte(scored), &docs); err != nil {
		t.Fatal(err)
	}
	if len(docs) != len(printed) {
		t.Fatalf("%d forms, want %d", len(docs), len(printed))
	}
	var golden []struct {
		Form exchange.Document `json:"form"`
	}
	data, err := os.ReadFile("../../internal/exchange/testdata/seed-2022-minhang.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &golden); err != nil {
		t.Fatal(err)
	}
	for i, want := range printed {
		d := docs[i]
		if d.Project != want.project || len(d.Indicators) != want.rows {
			t.Errorf("form %d: %q with %d rows, want %q with %d", i+1, d.Project, len(d.Indicators), want.project, want.rows)
			continue
		}
		c := d.Computed
		if c.ExecutionRate != want.rate || !sameNumber(t, c.BudgetScore, want.budget) || !sameNumber(t, c.Total, want.total) {
			t.Errorf("%s: rate %s budget %s total %s, printed %s%% %s %s", want.project, c.ExecutionRate, c.BudgetScore, c.Total, want.rate, want.budget, want.total)
		}
		g := golden[i].Form
		for j, in := range d.Indicators {
			gi := g.Indicators[j]
			if in.Name != gi.Name || in.Target != gi.Target || in.Actual != gi.Actual || in.Weight != gi.Weight ||
				in.Score != gi.Score || in.Deviation != gi.Deviation || in.Level1 != gi.Level1 || in.Level2 != gi.Level2 {
				t.Errorf("%s row %d:\n got %+v\nwant %+v", want.project, j, in, gi)
			}
			if !sameNumber(t, c.Indicators[j].Score, in.Score) {
				t.Errorf("%s row %d: counted score %s, printed %s", want.project, j, c.Indicators[j].Score, in.Score)
			}
		}
	}
}

func TestCLIBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"no command", "", nil, 2, "usage: selfeval"},
		{"unknown command", "", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"parse without files", "", []string{"parse"}, 2, "at least one file"},
		{"missing file", "", []string{"parse", filepath.Join(dir, "nope.txt")}, 1, "no such file or directory"},
		{"text with no form", "", []string{"parse", write("empty.txt", "hello\nworld\n")}, 1, "no form"},
		{"malformed JSON", `[{"year": 2022,`, []string{"score"}, 1, "malformed JSON"},
		{"JSON of the wrong shape", `"just a string"`, []string{"score"}, 1, "no form in the JSON"},
		{"number where a string belongs", `{"year":2022,"project":"x","budget_weight":10}`, []string{"score"}, 1, `"budget_weight"`},
		{"form with no indicators", `{"year":2022,"project":"空表"}`, []string{"score"}, 1, "has no indicators"},
		{"empty input", "", []string{"score"}, 1, "no form in the JSON"},
		{"unknown profile", `{}`, []string{"score", "--profile", "nowhere"}, 1, `unknown profile "nowhere"`},
		{"score missing file", "", []string{"score", filepath.Join(dir, "nope.json")}, 1, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := cli(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errs)
			}
			if !strings.Contains(errs, tt.want) {
				t.Errorf("stderr %q lacks %q", errs, tt.want)
			}
			if strings.Contains(errs, "goroutine ") || strings.Contains(errs, "panic") {
				t.Errorf("stack trace on stderr: %s", errs)
			}
			if tt.code != 0 && out != "" {
				t.Errorf("stdout not empty on failure: %q", out)
			}
			if lines := strings.Count(strings.TrimSpace(errs), "\n"); tt.code == 1 && lines > 0 {
				t.Errorf("want a one-line error, got %d lines: %q", lines+1, errs)
			}
		})
	}
}

// TestScoreOneForm: a single form object (not an array) is read and written back computed.
func TestScoreOneForm(t *testing.T) {
	in := `{"year":2022,"project":"一项","funds":{"total":{"adjusted":"195000","executed":"100000"}},
	"indicators":[{"level1":"产出指标","level2":"数量指标","name":"n","target":"≥10","actual":"10","weight":"90"}]}`
	code, out, errs := cli(t, in, "score")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var docs []exchange.Document
	if err := json.Unmarshal([]byte(out), &docs); err != nil || len(docs) != 1 {
		t.Fatalf("output %q: %v", out, err)
	}
	c := docs[0].Computed
	if c.ExecutionRate != "51.29" || c.BudgetScore != "5.13" || c.Total != "95.13" || c.Grade != "优" {
		t.Errorf("computed %+v", c)
	}
	if c.Indicators[0].Suggested != "90.00" {
		t.Errorf("suggested %q", c.Indicators[0].Suggested)
	}
}

// TestImportExport: the seed imported through the CLI comes back out as JSON and xlsx; an
// import with a broken file creates nothing and says where the error is.
func TestImportExport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "selfeval.db")
	mustRun := func(stdin string, args ...string) string {
		t.Helper()
		code, out, errs := cli(t, stdin, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		return out
	}
	mustRun("", "org", "add", "--db", db, "--name", "上海市闵行区地区工作办公室(汇总)")
	broken := filepath.Join(dir, "broken.json")
	if err := os.WriteFile(broken, []byte(`[{"project":"x","indicators":[{"name":"n"}],`), 0o644); err != nil {
		t.Fatal(err)
	}
	// The unit does not exist yet: nothing is imported.
	code, _, errs := cli(t, "", "import", "--db", db, seedPath)
	if code != 1 || !strings.Contains(errs, "no unit named") || !strings.Contains(errs, "nothing was imported") {
		t.Fatalf("import without the unit: exit %d, %q", code, errs)
	}
	mustRun("", "org", "add", "--db", db, "--name", "上海市闵行区地区工作办公室", "--parent", "上海市闵行区地区工作办公室(汇总)")
	// A broken second file: nothing of the first is imported either.
	code, _, errs = cli(t, "", "import", "--db", db, seedPath, broken)
	if code != 1 || !strings.Contains(errs, "broken.json") || !strings.Contains(errs, "malformed JSON") {
		t.Fatalf("import with a broken file: exit %d, %q", code, errs)
	}
	if code, _, errs := cli(t, "", "export", "--db", db, "--year", "2022"); code != 1 || !strings.Contains(errs, "no forms of 2022") {
		t.Fatalf("a failed import left forms behind: exit %d %q", code, errs)
	}
	out := mustRun("", "import", "--db", db, seedPath)
	if strings.Count(out, "\n") != 10 {
		t.Fatalf("imported:\n%s", out)
	}
	var docs []exchange.Document
	if err := json.Unmarshal([]byte(mustRun("", "export", "--db", db, "--year", "2022", "--format", "json")), &docs); err != nil {
		t.Fatal(err)
	}
	if len(docs) != 10 || docs[4].Project != "培训费" || docs[4].Computed.Total != "99.90" || docs[4].Status != "draft" {
		t.Fatalf("exported %d forms: %+v", len(docs), docs[4].Computed)
	}
	xlsxPath := filepath.Join(dir, "2022.xlsx")
	mustRun("", "export", "--db", db, "--year", "2022", "--format", "xlsx", "--out", xlsxPath)
	data, err := os.ReadFile(xlsxPath)
	if err != nil {
		t.Fatal(err)
	}
	read, format, err := exchange.Read(data)
	if err != nil || format != exchange.FormatXLSX || len(read) != 10 || read[7].Form.Project != "调研经费" {
		t.Fatalf("xlsx read back: %v %s %d", err, format, len(read))
	}
}
