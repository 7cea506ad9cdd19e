package xlsx

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	formjson "selfeval/internal/exchange/json"
	"selfeval/internal/exchange/xlsx/xlsxtest"
	"selfeval/internal/form"
	"selfeval/internal/scoring"
)

// profileCase is one form written under one profile, and where its figures are.
type profileCase struct {
	form    form.Form
	profile *scoring.Profile
	result  scoring.Result
	sheet   string
	total   int // the row of 总分
	summary int // its row of the summary sheet
}

// profileCases returns, for every embedded profile, forms that exercise its rules: an odd
// rate (75.5528…%) in 元 and 65% in 万元 (under the platform's caps), each with a row 40% over
// its target (a deduction), a reverse row over its target, a satisfaction row short of it and
// blank scores; and the seed's 培训费 (99.03%, typed scores), whose exact figures binary noise
// would round wrongly.
func profileCases(t *testing.T) []profileCase {
	t.Helper()
	rows := []form.Indicator{
		{Level1: "产出指标", Level2: "数量指标", Name: "培训人数", Target: "≥100人", Actual: "140人", Weight: "30"},
		{Level1: "产出指标", Level2: "时效指标", Name: "办结天数", Target: "≤5天", Actual: "7天", Weight: "20"},
		{Level1: "效益指标", Level2: "社会效益指标", Name: "培训效果", Target: "有效", Actual: "有效", Weight: "30"},
		{Level1: "满意度指标", Level2: "服务对象满意度指标", Name: "满意度", Target: "≥90%", Actual: "85%", Weight: "10"},
	}
	odd := func(project string, u form.AmountUnit, adjusted, executed string) form.Form {
		return form.Form{Year: 2022, Project: project, AmountUnit: u,
			Funds:      form.Funds{Total: form.FundsRow{Initial: adjusted, Adjusted: adjusted, Executed: executed}},
			Indicators: append([]form.Indicator(nil), rows...)}
	}
	seed := xlsxSeedForm(t, "培训费")
	var forms []form.Form
	var profiles []*scoring.Profile
	for i, p := range scoring.Profiles() {
		n := strconv.Itoa(i + 1)
		s := seed
		s.Project = "培训费" + n
		s.Indicators = append([]form.Indicator(nil), seed.Indicators...)
		for _, f := range []form.Form{odd("元"+n, form.Yuan, "195,000", "147,327.9"), odd("万元"+n, form.WanYuan, "19.5", "12.675"), s} {
			forms = append(forms, f)
			profiles = append(profiles, &p)
		}
	}
	cases := make([]profileCase, len(forms))
	used := map[string]bool{strings.ToLower(summarySheet): true}
	for i := range forms {
		cases[i] = profileCase{form: forms[i], profile: profiles[i], result: scoring.Score(&forms[i], profiles[i]),
			sheet: sheetName(forms[i].Project, i, used), total: rowInd + len(forms[i].Indicators), summary: 3 + i}
	}
	return cases
}

// writeCases writes the cases as one workbook, each form under its profile.
func writeCases(t *testing.T, cases []profileCase) []byte {
	t.Helper()
	forms := make([]form.Form, len(cases))
	profiles := make([]*scoring.Profile, len(cases))
	for i, c := range cases {
		forms[i], profiles[i] = c.form, c.profile
	}
	var buf bytes.Buffer
	if err := WriteProfiles(&buf, forms, profiles); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// figure is one computed cell and the engine's value of it.
type figure struct {
	sheet, cell, name string
	want              string // the engine's figure: a decimal, or the grade
}

// figures lists the computed cells of a case: the rate, the budget score and the total of
// its sheet, and its grade on the summary.
func (c *profileCase) figures() []figure {
	r := &c.result
	return []figure{
		{c.sheet, "G6", "rate", r.ExecutionRate.String()},
		{c.sheet, "H6", "budget score", r.BudgetScore.String()},
		{c.sheet, fmt.Sprint("H", c.total), "total", r.Total.String()},
		{summarySheet, fmt.Sprint("J", c.summary), "grade", r.Grade},
	}
}

// TestWriteProfilesRules: under every profile the formulas carry its rules — recalculated by
// excelize they give the engine's rate, budget score, total and grade — and show its places.
func TestWriteProfilesRules(t *testing.T) {
	cases := profileCases(t)
	f := openXLSX(t, writeCases(t, cases))
	differ := map[string]bool{}
	for _, c := range cases {
		for _, fg := range c.figures() {
			got, err := f.CalcCellValue(fg.sheet, fg.cell, excelize.Options{RawCellValue: true})
			if err != nil || !xlsxtest.SameFigure(got, fg.want) {
				t.Errorf("%s (%s) %s %s: recalculated %q (%v), engine %s", c.sheet, c.profile.Name, fg.name, fg.cell, got, err, fg.want)
			}
		}
		differ[c.result.Total.String()] = true
		formula := func(cell string) string {
			s, err := f.GetCellFormula(c.sheet, cell)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		total := formula(fmt.Sprint("H", c.total))
		if got := strings.Contains(total, "MIN("); got != (len(c.profile.Caps) > 0) {
			t.Errorf("%s (%s): caps in the total's formula %v: %s", c.sheet, c.profile.Name, got, total)
		}
		if d := c.profile.Deduction; d != nil && c.result.Indicators[0].Deducted.Sign() > 0 && !strings.Contains(total, "-"+d.Points.String()+")") {
			t.Errorf("%s (%s): the deduction is not in the total's formula: %s", c.sheet, c.profile.Name, total)
		}
		wantFmt := map[int]string{2: `0.00"%"`, 0: `0"%"`}[c.profile.RatePlaces]
		if got := numFmtOf(t, f, c.sheet, "G6"); got != wantFmt {
			t.Errorf("%s (%s): rate shown as %q, want %q", c.sheet, c.profile.Name, got, wantFmt)
		}
	}
	if len(differ) < 5 {
		t.Errorf("the profiles give only %d different totals: the cases show little", len(differ))
	}
}

// numFmtOf is the number format code of a cell.
func numFmtOf(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return map[int]string{0: "General", 1: "0", 2: "0.00"}[st.NumFmt]
}

// TestComputedExplain: the interchange document's computed.explain says why each figure is
// what it is, in both languages.
func TestComputedExplain(t *testing.T) {
	c := profileCases(t)[0]
	doc := formjson.Scored(c.form, c.profile)
	figures := map[string]bool{}
	for _, e := range doc.Computed.Explain {
		figures[e.Figure] = true
		if e.Message == "" || e.MessageEn == "" || e.Source == "" || e.Value == "" {
			t.Errorf("%+v", e)
		}
	}
	for _, want := range []string{scoring.FigureRate, scoring.FigureBudget, "indicators.0.suggested", "indicators.3.suggested", scoring.FigureTotal, scoring.FigureGrade} {
		if !figures[want] {
			t.Errorf("no explanation of %s in %v", want, figures)
		}
	}
}
