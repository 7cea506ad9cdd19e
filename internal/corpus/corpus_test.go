package corpus

import (
	"bytes"
	encjson "encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"selfeval/internal/decimal"
	"selfeval/internal/exchange"
	ijson "selfeval/internal/exchange/json"
	"selfeval/internal/exchange/text"
	"selfeval/internal/form"
	"selfeval/internal/scoring"
)

var (
	update    = flag.Bool("update", false, "rewrite the computed figures and problems of docs/corpus/*/meta.json and docs/corpus/READER_GAPS.md")
	fuzzSeeds = flag.String("fuzzseeds", "", "write every docs/corpus/*/source.txt into this directory as a seed of FuzzReadText")
)

const (
	corpusDir      = "../../docs/corpus"
	gapsFile       = corpusDir + "/READER_GAPS.md"
	defaultProfile = "shanghai-2022"
)

// knownReaderGaps lists the forms the text reader does not yet read as transcribed, with what
// it gets wrong in a line; docs/corpus/READER_GAPS.md has every difference. A listed form that
// reads exactly fails the test (take it off the list), and so does an unlisted form that does
// not: the list only shrinks.
var knownReaderGaps = map[string]string{
	"01-langfang-2019-heating":            "a pasted HTML table with one cell a line: every label and value stands on a line of its own, so 项目名称, the funds rows and the indicator header are never on one line with their values; the template's empty rows 指标2 and …… stand between the rows",
	"02-tangxi-2022-entrusted":            "a Word document's text flattened to one line with single spaces between cells, which the reader does not split",
	"03-tangxi-2022-village":              "a Word document's text flattened to one line with single spaces between cells, which the reader does not split",
	"04-daying-2023-anke":                 "a Sichuan 2023 table copied with | between cells and runs of || for empty ones; target split into 指标性质 / 指标值 / 度量单位; the excerpt ends inside the first indicator row",
	"05-daying-2023-cost-tail":            "the tail of a Sichuan 2023 table with | between cells, without title or header; 合计 carries the weight sum, not a score",
	"06-daying-2023-salary-tail":          "the tail of a Sichuan 2023 table with its cells run together, without any separator",
	"07-qingshen-2023-salary":             "a Sichuan 2023 table with one cell a line, each ending in ' |'; labels 实施单位 (盖章), 总额, 其中:财政资金; target split into 指标性质 / 指标值 / 度量单位",
	"08-zhongjiang-2022-water-gauge":      "a notice's text with the whole table run together without separators; 分值 stands before 年度指标值",
	"09-yongde-2022-nutrition":            "a table copied with | between cells and rows broken at random; target split into 指标性质 / 指标值 / 度量单位",
	"10-putuo-2022-settlement":            "a PDF's text in layout order on one line with single spaces: labels, amounts and rows interleaved",
	"11-putuo-2022-yunnan-aid":            "a PDF's text in layout order on one line with single spaces; the excerpt ends before the indicator values",
	"12-hengshan-2020-grain":              "a document site's text with cells run together; a template without 分值 and 得分",
	"13-yinchuan-2021-school":             "OCR text of a document with cells run together and misread characters (项Fl, 万兀, IO)",
	"14-huangshi-2022-library-share":      "a web table with | between cells and runs of || for empty ones, rows that continue a merged 二级指标 cell starting without their labels, a header of 年初目标值(A) / 实际完成值(B) / 得分 without 分值, and a single funds row 年度财政资金总额 under 预算数(A) / 执行数(B)",
	"15-guangshui-2021-rural-roads":       "a PDF's text in layout order on one line with single spaces: labels, values and the 评价标准 notes interleaved, multi-line cells split word by word (养护里程, 300 公 … 里)",
	"16-longyang-2022-fertilizer":         "a web table with | between cells and runs of || for empty ones, rows under a merged 二级指标 cell starting without their labels, a header without 分值, and a single funds row 年度财政资金总额 under 预算数(A) / 执行数(B)",
	"17-guangxi-2021-intangible-heritage": "a notice's text with the 转移支付 自评表 run together without separators inside a report's prose; the excerpt ends before the indicator table",
}

// figures are the computed figures of a form as the corpus keeps them: printed on the form
// (meta.json "printed", "" where the form prints none) or computed by the engine ("computed").
type figures struct {
	ExecutionRate string `json:"execution_rate"`
	BudgetScore   string `json:"budget_score"`
	Total         string `json:"total"`
	Grade         string `json:"grade"`
	WeightSum     string `json:"weight_sum"` // the 分值 / 权重 of the 总分 or 合计 row
}

// figureKeys are the keys of figures, in order, as "differs" names them.
var figureKeys = []string{"execution_rate", "budget_score", "total", "grade", "weight_sum"}

func (f *figures) get(key string) string {
	switch key {
	case "execution_rate":
		return f.ExecutionRate
	case "budget_score":
		return f.BudgetScore
	case "total":
		return f.Total
	case "grade":
		return f.Grade
	case "weight_sum":
		return f.WeightSum
	}
	panic("unknown figure " + key)
}

// inconsistency is a rule the published form breaks, and the problem codes the product
// reports for it.
type inconsistency struct {
	What  string   `json:"what"`
	Codes []string `json:"codes"`
}

// fundsRow is a funds row of a template with other rows than the interchange format's
// (Sichuan 2023: 财政专户管理资金, 单位资金), as printed.
type fundsRow struct {
	Label    string `json:"label"`
	Initial  string `json:"initial"`
	Adjusted string `json:"adjusted"`
	Executed string `json:"executed"`
	Rate     string `json:"rate"`
}

// meta is a form's meta.json.
type meta struct {
	Address  string `json:"address"`
	Province string `json:"province"`
	Locality string `json:"locality"`
	Year     int    `json:"year"`
	Template string `json:"template"`
	// Profile names the scoring profile of the form's locality; "" is shanghai-2022.
	Profile string  `json:"profile,omitempty"`
	Printed figures `json:"printed"`
	// Differs names the printed figures the engine does not reproduce under Profile, each
	// with the reason (a locality's rule the profile lacks, or the form breaking its rules).
	Differs           map[string]string `json:"differs,omitempty"`
	Complete          bool              `json:"complete"`
	Inconsistencies   []inconsistency   `json:"inconsistencies"`
	OriginalFundsRows []fundsRow        `json:"original_funds_rows,omitempty"`
	// Computed and Problems are golden: what the engine computes and reports ("code field"),
	// rewritten by -update.
	Computed figures  `json:"computed"`
	Problems []string `json:"problems"`
}

// entry is one form of the corpus.
type entry struct {
	name   string // the directory, e.g. "09-yongde-2022-nutrition"
	dir    string
	meta   meta
	form   form.Form
	source string
}

var entryName = regexp.MustCompile(`^[0-9]{2}-[a-z0-9-]+$`)

// loadCorpus reads every form of docs/corpus: source.txt, form.json (with the JSON reader of
// the interchange format) and meta.json.
func loadCorpus(t *testing.T) []entry {
	t.Helper()
	dirs, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []entry
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		if !entryName.MatchString(d.Name()) {
			t.Fatalf("docs/corpus/%s: a form's directory is named NN-short-name", d.Name())
		}
		e := entry{name: d.Name(), dir: filepath.Join(corpusDir, d.Name())}
		src, err := os.ReadFile(filepath.Join(e.dir, "source.txt"))
		if err != nil {
			t.Fatal(err)
		}
		e.source = string(src)
		data, err := os.ReadFile(filepath.Join(e.dir, "form.json"))
		if err != nil {
			t.Fatal(err)
		}
		if f := exchange.Detect(data); f != exchange.FormatJSON {
			t.Fatalf("%s/form.json detected as %s", e.name, f)
		}
		forms, err := ijson.Read(data)
		if err != nil {
			t.Fatalf("%s/form.json: %v", e.name, err)
		}
		if len(forms) != 1 {
			t.Fatalf("%s/form.json holds %d forms, want 1", e.name, len(forms))
		}
		e.form = forms[0]
		mdata, err := os.ReadFile(filepath.Join(e.dir, "meta.json"))
		if err != nil {
			t.Fatal(err)
		}
		dec := encjson.NewDecoder(bytes.NewReader(mdata))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e.meta); err != nil {
			t.Fatalf("%s/meta.json: %v", e.name, err)
		}
		if e.meta.Address == "" || e.meta.Province == "" || e.meta.Template == "" {
			t.Fatalf("%s/meta.json: address, province and template are required", e.name)
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		t.Fatal("no form in docs/corpus")
	}
	return out
}

func writeMeta(t *testing.T, e *entry) {
	t.Helper()
	var b bytes.Buffer
	enc := encjson.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(e.meta); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(e.dir, "meta.json"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// profileOf returns the profile meta.json names, or shanghai-2022. A named profile that does
// not exist fails the test: its form cannot be checked against its own rules.
func profileOf(t *testing.T, e *entry) scoring.Profile {
	t.Helper()
	name := e.meta.Profile
	if name == "" {
		name = defaultProfile
	}
	p, ok := scoring.Lookup(name)
	if !ok {
		t.Fatalf("%s/meta.json names the profile %q, which scoring.Lookup does not know", e.name, name)
	}
	return p
}

// sameFigure reports whether a printed figure ("86.19%", "9.9", "100", "优") equals the
// computed one ("86.19", "9.90", "100.00", "优"): the same number, or the same grade.
func sameFigure(key, printed, computed string) bool {
	if key == "grade" {
		return printed == computed
	}
	p := strings.ReplaceAll(strings.TrimSuffix(strings.TrimSpace(printed), "%"), ",", "")
	a, err1 := decimal.Parse(p)
	b, err2 := decimal.Parse(computed)
	return err1 == nil && err2 == nil && a.Cmp(b) == 0
}

// TestCorpusScoring scores every transcription, compares the execution rate, budget score,
// total, grade and weight sum with the printed ones, and checks the golden figures and problem
// codes of meta.json, and that each inconsistency of the published form is reported.
func TestCorpusScoring(t *testing.T) {
	for _, e := range loadCorpus(t) {
		t.Run(e.name, func(t *testing.T) {
			p := profileOf(t, &e)
			r := scoring.Score(&e.form, &p)
			fg := r.Figures()
			got := figures{fg.ExecutionRate, fg.BudgetScore, fg.Total, fg.Grade, fg.WeightSum}
			problems := make([]string, len(r.Problems))
			codes := map[string]bool{}
			for i, pr := range r.Problems {
				problems[i] = strings.TrimSpace(pr.Code + " " + pr.Field)
				codes[pr.Code] = true
			}
			if *update {
				e.meta.Computed, e.meta.Problems = got, problems
				writeMeta(t, &e)
			}
			if got != e.meta.Computed {
				t.Errorf("computed %+v, meta.json has %+v (run with -update after a deliberate change)", got, e.meta.Computed)
			}
			if !slices.Equal(problems, e.meta.Problems) {
				t.Errorf("problems differ from meta.json (run with -update after a deliberate change):\n got  %q\n want %q", problems, e.meta.Problems)
			}
			for key := range e.meta.Differs {
				if !slices.Contains(figureKeys, key) || e.meta.Printed.get(key) == "" {
					t.Errorf("meta.json differs names %q, which is no printed figure", key)
				}
			}
			for _, key := range figureKeys {
				printed, computed := e.meta.Printed.get(key), got.get(key)
				if printed == "" {
					continue
				}
				same := sameFigure(key, printed, computed)
				switch why, differs := e.meta.Differs[key]; {
				case differs && same:
					t.Errorf("%s: printed %q is now computed under %s; take it off meta.json differs (%s)", key, printed, p.Name, why)
				case !differs && !same:
					t.Errorf("%s: printed %q, computed %q under %s", key, printed, computed, p.Name)
				}
			}
			for _, inc := range e.meta.Inconsistencies {
				if len(inc.Codes) == 0 {
					t.Errorf("inconsistency %q names no problem code", inc.What)
				}
				for _, c := range inc.Codes {
					if !codes[c] {
						t.Errorf("inconsistency %q: problem %s not reported (reported %q)", inc.What, c, problems)
					}
				}
			}
		})
	}
}

// readerDiffs reads source.txt with the text reader and lists every difference from the
// transcription, as "field: read …, want …" with interchange paths.
func readerDiffs(e *entry) []string {
	forms, err := text.Read(e.source)
	if err != nil {
		return []string{fmt.Sprintf("read: error %q", err.Error())}
	}
	var d []string
	if len(forms) != 1 {
		d = append(d, fmt.Sprintf("forms: read %d, want 1 (the first is compared)", len(forms)))
	}
	got, want := forms[0].Form, e.form
	str := func(path, g, w string) {
		if g != w {
			d = append(d, fmt.Sprintf("%s: read %q, want %q", path, g, w))
		}
	}
	if got.Year != want.Year {
		d = append(d, fmt.Sprintf("%s: read %d, want %d", form.PathYear, got.Year, want.Year))
	}
	str(form.PathProject, got.Project, want.Project)
	str(form.PathDepartment, got.Department, want.Department)
	str(form.PathUnit, got.Unit, want.Unit)
	str(form.PathAmountUnit, string(got.AmountUnit), string(want.AmountUnit))
	for _, name := range form.FundsRowNames {
		g, w := got.Funds.Row(name), want.Funds.Row(name)
		str(form.FundsPath(name, "initial"), g.Initial, w.Initial)
		str(form.FundsPath(name, "adjusted"), g.Adjusted, w.Adjusted)
		str(form.FundsPath(name, "executed"), g.Executed, w.Executed)
	}
	str(form.PathBudgetWeight, got.BudgetWeight, want.BudgetWeight)
	str(form.PathGoalsExpected, got.Goals.Expected, want.Goals.Expected)
	str(form.PathGoalsAchieved, got.Goals.Achieved, want.Goals.Achieved)
	if len(got.Indicators) != len(want.Indicators) {
		d = append(d, fmt.Sprintf("%s: read %d rows, want %d", form.PathIndicators, len(got.Indicators), len(want.Indicators)))
	}
	for i := range max(len(got.Indicators), len(want.Indicators)) {
		switch {
		case i >= len(got.Indicators):
			d = append(d, fmt.Sprintf("indicators.%d: missing, want %s", i, rowText(want.Indicators[i])))
			continue
		case i >= len(want.Indicators):
			d = append(d, fmt.Sprintf("indicators.%d: read %s, want no row", i, rowText(got.Indicators[i])))
			continue
		}
		g, w := got.Indicators[i], want.Indicators[i]
		p := func(f string) string { return form.RowPath(i, f) }
		str(p("level1"), g.Level1, w.Level1)
		str(p("level2"), g.Level2, w.Level2)
		str(p("name"), g.Name, w.Name)
		str(p("target"), g.Target, w.Target)
		str(p("actual"), g.Actual, w.Actual)
		str(p("weight"), g.Weight, w.Weight)
		str(p("score"), g.Score, w.Score)
		str(p("deviation"), g.Deviation, w.Deviation)
		str(p("achievement"), string(g.Achievement), string(w.Achievement))
	}
	pr := forms[0].Printed
	str("printed.execution_rate", pr.ExecutionRate, e.meta.Printed.ExecutionRate)
	str("printed.budget_score", pr.BudgetScore, e.meta.Printed.BudgetScore)
	str("printed.total", pr.Total, e.meta.Printed.Total)
	return d
}

// rowText shows an indicator row in one line.
func rowText(in form.Indicator) string {
	return fmt.Sprintf("%q", strings.Join([]string{in.Level1, in.Level2, in.Name, in.Target, in.Actual, in.Weight, in.Score, in.Deviation}, " | "))
}

// TestCorpusReader reads every source.txt with the text reader and compares the form with
// form.json field by field (and the printed figures with meta.json). The forms of
// knownReaderGaps are expected to differ, and READER_GAPS.md must list exactly how.
func TestCorpusReader(t *testing.T) {
	entries := loadCorpus(t)
	var doc strings.Builder
	doc.WriteString(gapsHeader)
	names := map[string]bool{}
	for _, e := range entries {
		names[e.name] = true
		diffs := readerDiffs(&e)
		gap, listed := knownReaderGaps[e.name]
		t.Run(e.name, func(t *testing.T) {
			switch {
			case listed && len(diffs) == 0:
				t.Errorf("reads exactly now: take %s off knownReaderGaps (%s) and run -update", e.name, gap)
			case !listed && len(diffs) > 0:
				t.Errorf("the text reader differs from form.json:\n%s", strings.Join(diffs, "\n"))
			case listed:
				t.Logf("known gap (%s):\n%s", gap, strings.Join(diffs, "\n"))
			}
		})
		if len(diffs) > 0 {
			fmt.Fprintf(&doc, "\n## %s\n\n", e.name)
			if listed {
				fmt.Fprintf(&doc, "%s.\n\n", gap)
			}
			for _, l := range diffs {
				fmt.Fprintf(&doc, "- `%s`\n", strings.ReplaceAll(l, "`", "'"))
			}
		}
	}
	for name := range knownReaderGaps {
		if !names[name] {
			t.Errorf("knownReaderGaps lists %s, which is no form of docs/corpus", name)
		}
	}
	if *update {
		if err := os.WriteFile(gapsFile, []byte(doc.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	old, err := os.ReadFile(gapsFile)
	if err != nil || string(old) != doc.String() {
		t.Errorf("docs/corpus/READER_GAPS.md is not what the reader does now: run go test ./internal/corpus -update")
	}
}

const gapsHeader = `# What the text reader gets wrong on the corpus

Generated by ` + "`go test ./internal/corpus -update`" + ` (TestCorpusReader): for each form of
docs/corpus that internal/exchange/text does not read as transcribed in its form.json, every
difference, as ` + "`field: read …, want …`" + ` with interchange paths (indexes from 0; printed.* are the
figures the reader returns in Printed, compared with meta.json). The line under each heading is
the form's entry in knownReaderGaps (internal/corpus/corpus_test.go). A form that reads exactly
must leave that list, and this file is regenerated: the list only shrinks.
`

// TestWriteFuzzSeeds writes every source.txt as a seed corpus file of the text reader's fuzz
// target when -fuzzseeds names a directory, e.g.
//
//	go test ./internal/corpus -run TestWriteFuzzSeeds -fuzzseeds=$PWD/internal/exchange/text/testdata/fuzz/FuzzReadText
func TestWriteFuzzSeeds(t *testing.T) {
	if *fuzzSeeds == "" {
		t.Skip("set -fuzzseeds=DIR to write the corpus as FuzzReadText seeds into DIR")
	}
	for _, e := range loadCorpus(t) {
		data := fmt.Sprintf("go test fuzz v1\nstring(%q)\n", e.source)
		if err := os.WriteFile(filepath.Join(*fuzzSeeds, "corpus-"+e.name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
