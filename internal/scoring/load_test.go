package scoring

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"selfeval/internal/decimal"
	"selfeval/internal/form"
)

// loadTestFile loads one file of testdata as profiles/NAME of an otherwise empty file system.
func loadTestFile(t *testing.T, file string, templates []*form.Template) ([]Profile, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{"profiles/" + filepath.Base(file): {Data: data}}
	return loadProfiles(fsys, templates)
}

// testProfile loads a profile of testdata/rules: mechanisms no published profile uses yet.
func testProfile(t *testing.T, file string) *Profile {
	t.Helper()
	ps, err := loadTestFile(t, filepath.Join("rules", file), form.Templates)
	if err != nil || len(ps) != 1 {
		t.Fatalf("%s: %v", file, err)
	}
	return &ps[0]
}

// TestLoadRefuses: a bad profile file is refused with its name, the line of what is wrong
// and the reason.
func TestLoadRefuses(t *testing.T) {
	noTotal := &form.Template{Name: "no-total", Rows: []form.TemplateRow{{Key: "fiscal", Label: "财政资金"}}}
	templates := append([]*form.Template{noTotal}, form.Templates...)
	for _, tt := range []struct{ file, want string }{
		{"unknown_key.json", `profiles/unknown_key.json:21: unknown key "bandz"`},
		{"qualitative_gap.json", `profiles/qualitative_gap.json:30: qualitative bands "missed" and "partial" leave a gap or overlap at 0.6`},
		{"qualitative_not_from_zero.json", `profiles/qualitative_not_from_zero.json:34: qualitative bands leave a gap: shares below 0.1 of the weight fall in no band`},
		{"grades_not_zero.json", `profiles/grades_not_zero.json:49: grade bands do not cover 0: totals below 60 have no grade`},
		{"unknown_template.json", `profiles/unknown_template.json:11: unknown template "nowhere-1999"`},
		{"template_no_total.json", `profiles/template_no_total.json:11: template "no-total" has no total funds row`},
		{"missing_source.json", `profiles/missing_source.json:96: rule "reverse" has no source`},
		{"budget_bands_gap.json", `profiles/budget_bands_gap.json:27: budget bands leave a gap: rates below 60% fall in no band`},
		{"places.json", `profiles/places.json:14: places: want 2 or 0 (whole numbers)`},
		{"type.json", `profiles/type.json:20: "budget_weight": expected string, found number`},
		{"reverse.json", `profiles/reverse.json:21: reverse "inverse": want "ratio" or "linear"`},
		{"caps_order.json", `profiles/caps_order.json:115: caps must go from the lowest rate up`},
		{"source_without_rule.json", `profiles/source_without_rule.json:108: a source for "deduction", which the profile does not set`},
		{"syntax.json", `profiles/syntax.json:4: invalid character '"' after object key:value pair`},
	} {
		t.Run(tt.file, func(t *testing.T) {
			_, err := loadTestFile(t, filepath.Join("bad", tt.file), templates)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error %v\nwant %s", err, tt.want)
			}
		})
	}
	// Two files of one name.
	data, err := os.ReadFile("profiles/national-2020.json")
	if err != nil {
		t.Fatal(err)
	}
	_, err = LoadProfiles(fstest.MapFS{"a/x.json": {Data: data}, "b/y.json": {Data: data}})
	if err == nil || err.Error() != `b/y.json:2: profile "national-2020" is already defined in a/x.json` {
		t.Errorf("duplicate: %v", err)
	}
	if _, err := LoadProfiles(fstest.MapFS{}); err == nil {
		t.Error("no profile file loaded without an error")
	}
}

// TestEmbeddedBadFilePanics: the embedded set is loaded once at start, and a bad file there
// stops the program with the file, the line and the reason.
func TestEmbeddedBadFilePanics(t *testing.T) {
	data, err := os.ReadFile("testdata/bad/unknown_key.json")
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		msg, _ := recover().(string)
		if msg != `scoring: profiles/x.json:21: unknown key "bandz"` {
			t.Errorf("panic %q", msg)
		}
	}()
	mustLoad(fstest.MapFS{"profiles/x.json": {Data: data}})
	t.Error("no panic")
}

// TestEmbeddedProfiles: the embedded profiles load, the default first, each with its source
// for every rule; at least eight are read from published forms or documents.
func TestEmbeddedProfiles(t *testing.T) {
	ps := Profiles()
	if len(ps) < 9 || ps[0].Name != "shanghai-2022" || Default.Name != "shanghai-2022" {
		t.Fatalf("profiles %d, first %s", len(ps), ps[0].Name)
	}
	published := 0
	for _, p := range ps {
		if p.Title == "" || p.Locality == "" || len(p.Years) == 0 || form.TemplateOf(p.Template).Name != p.Template {
			t.Errorf("%s: title %q locality %q years %v template %q", p.Name, p.Title, p.Locality, p.Years, p.Template)
		}
		addressed := false
		for rule, src := range p.Sources {
			if strings.Contains(src, "http") || strings.Contains(src, "〔") {
				addressed = true
			}
			if strings.TrimSpace(src) == "" {
				t.Errorf("%s: rule %s without source", p.Name, rule)
			}
		}
		if addressed && !strings.Contains(p.Sources["rate"], "invented") {
			published++
		}
		if q, ok := Lookup(p.Name); !ok || q.Name != p.Name {
			t.Errorf("Lookup(%s)", p.Name)
		}
	}
	if published < 8 {
		t.Errorf("%d profiles cite a document or an address, want at least 8", published)
	}
	if _, ok := Lookup("national-2020"); !ok {
		t.Error("no national default (财预〔2020〕10号)")
	}
}

// TestShanghai2022AsBefore: the file of shanghai-2022 holds the rules the code held before
// profiles were data, so that every stored figure stays what it was.
func TestShanghai2022AsBefore(t *testing.T) {
	p := Shanghai2022
	d := decimal.MustParse
	if p.Version != 1 || p.Title != "上海市 2022 年" || p.RateRounding != decimal.Up || p.RatePlaces != 2 ||
		p.ScoreRounding != decimal.HalfUp || p.ScorePlaces != 2 || p.Reverse != ReverseRatio ||
		len(p.RateBands) != 0 || len(p.Caps) != 0 || p.Deduction != nil || !p.DeviationFrom.IsZero() ||
		!p.ExplainRateBelow.IsZero() || p.OverAchievement.Cmp(d("1.3")) != 0 || p.BudgetWeight.Cmp(d("10")) != 0 {
		t.Errorf("rules %+v", p)
	}
	if fmtSplit(p.UsualSplit) != "产出指标 50, 效益指标 30, 满意度指标 10" {
		t.Errorf("split %s", fmtSplit(p.UsualSplit))
	}
	var grades []string
	for _, g := range p.Grades {
		grades = append(grades, g.Grade+" "+g.From.String())
	}
	if strings.Join(grades, ", ") != "优 90, 良 80, 中 60, 差 0" {
		t.Errorf("grades %v", grades)
	}
	want := map[string]Band{"achieved": {d("0.8"), d("1"), true}, "partial": {d("0.6"), d("0.8"), false}, "missed": {d("0"), d("0.6"), false}}
	for k, b := range want {
		if p.Bands[k] != b {
			t.Errorf("band %s = %+v, want %+v", k, p.Bands[k], b)
		}
	}
	tree := ""
	for _, l1 := range p.Vocabulary {
		tree += l1.Name + "{" + strings.Join(l1.Level2, ",") + "}"
	}
	if tree != "产出指标{数量指标,质量指标,时效指标,成本指标}效益指标{经济效益指标,社会效益指标,生态效益指标,可持续影响指标}满意度指标{服务对象满意度指标}" {
		t.Errorf("vocabulary %s", tree)
	}
	if b := Banded2023; len(b.RateBands) != 4 || len(b.Caps) != 1 || b.RateRounding != decimal.Down {
		t.Errorf("banded-2023 %+v", b)
	}
}

func fmtSplit(sp []Split) string {
	var out []string
	for _, s := range sp {
		out = append(out, s.Level1+" "+s.Weight.String())
	}
	return strings.Join(out, ", ")
}
