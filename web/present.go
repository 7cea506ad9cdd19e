package web

import (
	"strconv"
	"time"

	"selfeval/internal/exchange/diag"
	"selfeval/internal/form"
	"selfeval/internal/i18n"
	"selfeval/internal/scoring"
	"selfeval/internal/store"
	"selfeval/views"
)

// calcView formats a scoring result for the page: rates with a percent sign, scores with two places.
func calcView(lang i18n.Lang, f *form.Form, r *scoring.Result) views.Calc {
	c := views.Calc{Figures: r.Figures(), Lang: lang, Rows: make([]views.RowCalc, len(r.Indicators)),
		Problems: make([]views.ProblemView, len(r.Problems))}
	c.Digest = strconv.FormatUint(problemsDigest(lang, r.Problems), 36)
	groupStarts(f, r, c.Rows)
	for i, p := range r.Problems {
		c.Problems[i] = views.ProblemView{Field: p.Field, Severity: string(p.Severity), Flag: p.Flag, Message: problemText(lang, p)}
		if p.Severity == scoring.Error {
			c.Blocking++
		}
		if i, name, ok := form.RowField(p.Field); ok && name == "achievement" && i < len(c.Rows) {
			c.Rows[i].NeedsGrade = true
		}
	}
	return c
}

// gradeLabel is the grade of a total as the page's reader reads it: "Excellent" for 优 in
// English. The stored grade stays Chinese.
func gradeLabel(pg views.Page, grade string) string { return i18n.GradeLabel(pg.Lang, grade) }

// problemText is the message of a problem in lang. A grade chosen for a row is named as the
// catalog names it, not by its code ("部分达成", "Partly achieved" rather than "partial"), and in
// English a level label of the vocabulary is shown as "Output (产出指标)".
func problemText(lang i18n.Lang, p scoring.Problem) string {
	args := make([]string, len(p.Args))
	for i, a := range p.Args {
		switch {
		case p.Code == "indicator.score_band" && i == 1 && i18n.Has("problem.achievement."+a):
			a = i18n.T(lang, "problem.achievement."+a)
		default:
			a = views.GroupLabel(lang, a)
		}
		args[i] = a
	}
	p.Args = args
	return diag.ProblemMessage(p, lang)
}

// groupStarts marks the rows that open a level-1 or level-2 group, with the index of the
// group's subtotal; a group that reappears further down is not opened twice.
func groupStarts(f *form.Form, r *scoring.Result, rows []views.RowCalc) {
	index := make(map[[2]string]int, len(r.Subtotals))
	for k, st := range r.Subtotals {
		index[[2]string{st.Level1, st.Level2}] = k
	}
	opened := make(map[int]bool)
	open := func(key [2]string) int {
		k, ok := index[key]
		if !ok || opened[k] {
			return -1
		}
		opened[k] = true
		return k
	}
	for i := range rows {
		rows[i].L1Start, rows[i].L2Start = -1, -1
	}
	for _, r1 := range form.LabelRuns(f.Indicators) {
		if r1.From < len(rows) {
			rows[r1.From].L1Start = open([2]string{r1.Label, ""})
		}
		for _, r2 := range r1.Sub {
			if r2.From < len(rows) {
				rows[r2.From].L2Start = open([2]string{r1.Label, r2.Label})
			}
		}
	}
}

// vocabulary lists the level-1 and level-2 labels of a profile, for the datalists.
func vocabulary(p *scoring.Profile) (l1, l2 []string) {
	for _, v := range p.Vocabulary {
		l1 = append(l1, v.Name)
		l2 = append(l2, v.Level2...)
	}
	return l1, l2
}

// clock formats a time as the person reads it: local time of Shanghai.
func clock(t time.Time) string { return t.In(shanghai).Format("15:04:05") }

func stamp(t time.Time) string { return t.In(shanghai).Format("2006-01-02 15:04:05") }

var shanghai = time.FixedZone("CST", 8*3600)

// fieldLabel names a field path in words: "funds.total.executed" is 年度资金总额·全年执行数,
// "indicators.3.actual" is 第 4 行·实际完成值.
func fieldLabel(p views.Page, path string) string {
	if label, ok := reviewFieldLabel(p, path); ok {
		return label
	}
	if i, name, ok := form.RowField(path); ok {
		return p.T("field.row", i+1) + "·" + p.T(fieldKeys[name])
	}
	if i := form.RowOf(path); i >= 0 && path == form.RowPrefix(i) {
		return p.T("field.row", i+1)
	}
	for _, row := range form.FundsRowNames {
		for _, col := range form.FundsColumns {
			if path == form.FundsPath(row, col) {
				return p.T("form.funds."+row) + "·" + p.T("form.funds."+col)
			}
		}
	}
	switch path {
	case form.PathGoalsExpected:
		return p.T("form.goals.expected")
	case form.PathGoalsAchieved:
		return p.T("form.goals.achieved")
	case form.PathProject:
		return p.T("form.project")
	case form.PathBudgetWeight:
		return p.T("field.budget_weight")
	case store.FieldCreated:
		return p.T("field.created")
	case store.FieldProfile:
		return p.T("history.field.profile")
	case form.PathAmountUnit:
		return p.T("editor.amount_unit")
	}
	return path
}

// fieldKeys are the catalog keys of the columns of an indicator row.
var fieldKeys = map[string]string{
	"level1": "form.level1", "level2": "form.level2", "name": "form.name", "target": "form.target",
	"actual": "form.actual", "weight": "form.weight", "score": "form.score", "deviation": "form.deviation",
	"achievement": "form.achievement",
}
