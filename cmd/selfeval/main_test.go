package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"selfeval/internal/auth"
	"selfeval/internal/decimal"
	"selfeval/internal/exchange"
	formjson "selfeval/internal/exchange/json"
	"selfeval/internal/store"
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
	// In English, from the catalog: the command line prints English.
	if want := "column_shifted: The row's cells are out of line with the header (column offset +1, merged cells); aligned on the weight and score columns.\n"; !strings.Contains(notes, want) {
		t.Errorf("the notes should be in English, want %q in:\n%s", want, notes)
	}
	code, scored, errs := cli(t, parsed, "score")
	if code != 0 {
		t.Fatalf("score exit %d: %s", code, errs)
	}
	var docs []formjson.Document
	if err := json.Unmarshal([]byte(scored), &docs); err != nil {
		t.Fatal(err)
	}
	if len(docs) != len(printed) {
		t.Fatalf("%d forms, want %d", len(docs), len(printed))
	}
	var golden []struct {
		Form formjson.Document `json:"form"`
	}
	data, err := os.ReadFile("../../internal/exchange/text/testdata/seed-2022-minhang.golden.json")
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
	var docs []formjson.Document
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
	mustRun := func(stdin string, args ...string) string { t.Helper(); return mustRunCLI(t, stdin, args...) }
	mustRun("", "org", "add", "--db", db, "--name", "上海市闵行区地区工作办公室(汇总)")
	broken := filepath.Join(dir, "broken.json")
	if err := os.WriteFile(broken, []byte(`[{"project":"x","indicators":[{"name":"n"}],`), 0o644); err != nil {
		t.Fatal(err)
	}
	// The unit does not exist yet, and is not to be created: nothing is imported.
	code, _, errs := cli(t, "", "import", "--db", db, "--no-create-orgs", seedPath)
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
	var docs []formjson.Document
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
	file, err := exchange.Read(data)
	read, format := file.Forms, file.Format
	if err != nil || format != exchange.FormatXLSX || len(read) != 10 || read[7].Form.Project != "调研经费" {
		t.Fatalf("xlsx read back: %v %s %d", err, format, len(read))
	}
}

// TestUserRecovery: `selfeval user enable|disable|passwd` change an account from the command
// line, each ending the account's open sessions (a new session epoch in the database); the
// last active administrator cannot be disabled; mistakes are one-line errors.
func TestUserRecovery(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "selfeval.db")
	mustRun := func(stdin string, args ...string) string { t.Helper(); return mustRunCLI(t, stdin, args...) }
	mustFail := func(code int, want, stdin string, args ...string) {
		t.Helper()
		got, out, errs := cli(t, stdin, args...)
		if got != code || !strings.Contains(errs, want) || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q", args, got, out, errs, code, want)
		}
		if code == 1 && strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%v: want a one-line error, got %q", args, errs)
		}
	}
	// account reads a user straight from the database.
	account := func(name string) store.User {
		t.Helper()
		st, err := store.Open(db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		u, err := st.UserByUsername(context.Background(), name)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	mustRun("", "org", "add", "--db", db, "--name", "办公室")
	mustRun("admin-password-1\n", "user", "add", "--db", db, "--username", "root", "--role", "admin", "--org", "办公室", "--password-stdin")
	mustRun("staff-password-1\n", "user", "add", "--db", db, "--username", "zhang", "--role", "staff", "--org", "办公室", "--password-stdin")

	// The only administrator stays enabled, and nothing changes.
	before := account("root")
	mustFail(1, "root is the last active administrator", "", "user", "disable", "--db", db, "--username", "root")
	if got := account("root"); got != before {
		t.Errorf("a refused disable changed the account: %+v, want %+v", got, before)
	}

	// Disable and enable staff; each change advances the session epoch.
	zhang := account("zhang")
	if out := mustRun("", "user", "disable", "--db", db, "--username", "ZHANG"); !strings.Contains(out, "zhang disabled") {
		t.Errorf("disable said %q", out)
	}
	if u := account("zhang"); !u.Disabled || u.SessionEpoch != zhang.SessionEpoch+1 {
		t.Errorf("after disable: disabled %v epoch %d, want true and %d", u.Disabled, u.SessionEpoch, zhang.SessionEpoch+1)
	}
	if out := mustRun("", "user", "disable", "--db", db, "--username", "zhang"); !strings.Contains(out, "already disabled") {
		t.Errorf("a second disable said %q", out)
	}
	mustRun("", "user", "enable", "--db", db, "--username", "zhang")
	if u := account("zhang"); u.Disabled || u.SessionEpoch != zhang.SessionEpoch+2 {
		t.Errorf("after enable: disabled %v epoch %d, want false and %d", u.Disabled, u.SessionEpoch, zhang.SessionEpoch+2)
	}

	// A second administrator: now root may be disabled — and enabled again from here.
	mustRun("other-password-1\n", "user", "add", "--db", db, "--username", "li", "--role", "admin", "--org", "办公室", "--password-stdin")
	mustRun("", "user", "disable", "--db", db, "--username", "root")
	mustFail(1, "li is the last active administrator", "", "user", "disable", "--db", db, "--username", "li")
	mustRun("", "user", "enable", "--db", db, "--username", "root")
	if u := account("root"); u.Disabled {
		t.Errorf("root is still disabled")
	}

	// A new password: the old one no longer matches, the new one does, sessions end.
	before = account("root")
	if code, _, errs := cli(t, "a-new-password-2\r\n", "user", "passwd", "--db", db, "--username", "root", "--password-stdin"); code != 0 || !strings.Contains(errs, "within 5 seconds") {
		t.Fatalf("passwd: exit %d, stderr %q; want 0 and the note about running servers", code, errs)
	}
	u := account("root")
	if auth.CheckPassword(u.PasswordHash, "admin-password-1") || !auth.CheckPassword(u.PasswordHash, "a-new-password-2") {
		t.Errorf("after passwd the old password matches or the new one does not")
	}
	if u.SessionEpoch != before.SessionEpoch+1 {
		t.Errorf("passwd left the session epoch at %d, want %d", u.SessionEpoch, before.SessionEpoch+1)
	}
	mustFail(1, "shorter than 10 characters", "short\n", "user", "passwd", "--db", db, "--username", "root", "--password-stdin")
	if got := account("root"); got.PasswordHash != u.PasswordHash {
		t.Errorf("a refused password changed the hash")
	}

	// Mistakes.
	mustFail(1, `no user named "nobody"`, "", "user", "disable", "--db", db, "--username", "nobody")
	mustFail(1, `no user named "nobody"`, "a-new-password-3\n", "user", "passwd", "--db", db, "--username", "nobody", "--password-stdin")
	missing := filepath.Join(dir, "nowhere", "selfeval.db")
	mustFail(1, "no database at", "", "user", "enable", "--db", missing, "--username", "root")
	if _, err := os.Stat(missing); err == nil {
		t.Errorf("enable with a mistyped --db created a database")
	}
	mustFail(2, "usage", "", "user", "disable", "--db", db)
	mustFail(2, "usage", "a-new-password-3\n", "user", "passwd", "--db", db, "--username", "root") // without --password-stdin
	mustFail(2, "selfeval user enable|disable", "", "user", "delete", "--db", db, "--username", "root")
	mustFail(2, "usage", "", "user")
}

// TestImportOnDuplicate: importing the seed a second time skips the ten forms the database
// has (stderr says so); --on-duplicate keep imports them again, replace saves over the stored
// draft, a replace of a submitted form imports nothing, and a bad value is a usage error.
func TestImportOnDuplicate(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "selfeval.db")
	mustRun := func(args ...string) (string, string) {
		t.Helper()
		code, out, errs := cli(t, "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		return out, errs
	}
	count := func() int {
		t.Helper()
		var docs []formjson.Document
		out, _ := mustRun("export", "--db", db, "--year", "2022")
		if err := json.Unmarshal([]byte(out), &docs); err != nil {
			t.Fatal(err)
		}
		return len(docs)
	}
	mustRun("org", "add", "--db", db, "--name", "上海市闵行区地区工作办公室(汇总)")
	mustRun("org", "add", "--db", db, "--name", "上海市闵行区地区工作办公室", "--parent", "上海市闵行区地区工作办公室(汇总)")
	mustRun("import", "--db", db, seedPath)

	out, errs := mustRun("import", "--db", db, seedPath)
	if out != "" || strings.Count(errs, "skipped form") != 10 || !strings.Contains(errs, "0 created, 0 replaced, 10 skipped") {
		t.Errorf("second import: stdout %q, stderr %q", out, errs)
	}
	if n := count(); n != 10 {
		t.Fatalf("%d forms after a second import, want 10", n)
	}
	out, _ = mustRun("import", "--db", db, "--on-duplicate", "keep", seedPath)
	if strings.Count(out, "\n") != 10 || count() != 20 {
		t.Fatalf("keep: %q, %d forms", out, count())
	}

	// 培训费 edited, its name with a full-width space: replaces the first stored draft.
	exported, _ := mustRun("export", "--db", db, "--year", "2022")
	var docs []formjson.Document
	if err := json.Unmarshal([]byte(exported), &docs); err != nil {
		t.Fatal(err)
	}
	training := docs[4]
	training.Project, training.Goals.Achieved = "培训　费", "全年培训1800人次"
	edited := filepath.Join(dir, "training.json")
	data, _ := json.Marshal([]formjson.Document{training})
	if err := os.WriteFile(edited, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs = mustRun("import", "--db", db, "--on-duplicate", "replace", edited)
	idText, _ := json.Marshal(training.ID)
	if !strings.Contains(errs, "replaced form "+string(idText)+" ") || !strings.Contains(out, "培训费") {
		t.Errorf("replace: stdout %q, stderr %q", out, errs)
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := st.Form(context.Background(), training.ID)
	if err != nil || rec.Version != 2 || rec.Form.Goals.Achieved != "全年培训1800人次" || rec.Form.Project != "培训费" {
		t.Errorf("replaced form: %v v%d %q %q", err, rec.Version, rec.Form.Project, rec.Form.Goals.Achieved)
	}
	// Both stored 培训费 submitted: a replace imports nothing, not even the other forms.
	for _, d := range docs {
		if d.Project == "培训费" {
			r, _ := st.Form(context.Background(), d.ID)
			if _, err := st.Transition(context.Background(), d.ID, r.Version, "draft", "submitted", "", 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	st.Close()
	code, _, errs := cli(t, "", "import", "--db", db, "--on-duplicate", "replace", seedPath)
	if code != 1 || !strings.Contains(errs, "not a draft") || !strings.Contains(errs, "nothing was imported") {
		t.Errorf("replace of a submitted form: exit %d, %q", code, errs)
	}
	if n := count(); n != 20 {
		t.Errorf("%d forms after a refused replace, want 20", n)
	}
	if code, _, errs := cli(t, "", "import", "--db", db, "--on-duplicate", "overwrite", seedPath); code != 2 || !strings.Contains(errs, "skip, replace or keep") {
		t.Errorf("--on-duplicate overwrite: exit %d, %q", code, errs)
	}
}

// mustRunCLI runs the command line and fails the test unless it exits 0; it returns stdout.
func mustRunCLI(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	code, out, errs := cli(t, stdin, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errs)
	}
	return out
}

// TestImportCreatesOrgs: an import into a database that lacks the units the forms name
// creates each unit and its department once, one line each on stderr, and files the forms
// under them.
func TestImportCreatesOrgs(t *testing.T) {
	db := filepath.Join(t.TempDir(), "selfeval.db")
	code, out, errs := cli(t, "", "import", "--db", db, seedPath)
	if code != 0 || strings.Count(out, "\n") != 10 {
		t.Fatalf("import: exit %d, %q, %q", code, out, errs)
	}
	if strings.Count(errs, "created department 上海市闵行区地区工作办公室(汇总)\n") != 1 ||
		strings.Count(errs, "created unit 上海市闵行区地区工作办公室 (") != 1 {
		t.Errorf("stderr %q", errs)
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	unit, err := st.OrgByName(context.Background(), "上海市闵行区地区工作办公室")
	if err != nil || unit.ParentID == 0 {
		t.Fatalf("unit %+v, %v", unit, err)
	}
	forms, err := st.ListForms(context.Background(), store.ListFilter{Year: 2022})
	if err != nil || len(forms) != 10 {
		t.Fatalf("%d forms, %v", len(forms), err)
	}
	for _, f := range forms {
		if f.UnitID != unit.ID {
			t.Errorf("%s is filed under org %d, want the created unit %d", f.Project, f.UnitID, unit.ID)
		}
	}
}
