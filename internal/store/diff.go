package store

import (
	"bytes"
	"encoding/json"
	"strconv"

	"selfeval/internal/form"
)

// FieldCreated is the field of the one history row that records a form's creation.
const FieldCreated = "created"

// FieldStatus is the field of the history row a transition writes (old and new are states).
const FieldStatus = "status"

// Change is one changed field of a form, named by its interchange field path
// (`project`, `funds.total.executed`, `goals.expected`, `indicators.3.actual`).
//
// A whole indicator row added or removed is the path `indicators.N` with the row, as a
// JSON object of the interchange format, in New (added) or Old (removed), and "" on the
// other side: nothing of a removed row is lost, and the review diff can show it in full.
type Change struct {
	Field string
	Old   string
	New   string
}

// FormDiff returns the changes that turn a into b: header, funds and goals in the order
// of the interchange format, then the indicator rows. Equal forms give nil.
//
// Indicator rows are matched by content, not just position: unchanged rows are aligned
// (a longest common subsequence), so deleting row 2 of 15 is one removed row, not thirteen
// rows of shifted fields. Between aligned rows, rows are paired in order and compared
// field by field under their new index; the rest are removed (old index) or added (new index).
func FormDiff(a, b form.Form) []Change {
	var d differ
	if a.Year != b.Year {
		d.add(form.PathYear, strconv.Itoa(a.Year), strconv.Itoa(b.Year))
	}
	d.str(form.PathProject, a.Project, b.Project)
	d.str(form.PathDepartment, a.Department, b.Department)
	d.str(form.PathUnit, a.Unit, b.Unit)
	d.str(form.PathTemplate, a.Template, b.Template)
	d.str(form.PathAmountUnit, string(a.AmountUnit), string(b.AmountUnit))
	for _, name := range form.FundsRowNames {
		ra, rb := a.Funds.Row(name), b.Funds.Row(name)
		d.str(form.FundsPath(name, "initial"), ra.Initial, rb.Initial)
		d.str(form.FundsPath(name, "adjusted"), ra.Adjusted, rb.Adjusted)
		d.str(form.FundsPath(name, "executed"), ra.Executed, rb.Executed)
	}
	d.str(form.PathBudgetWeight, a.BudgetWeight, b.BudgetWeight)
	d.str(form.PathGoalsExpected, a.Goals.Expected, b.Goals.Expected)
	d.str(form.PathGoalsAchieved, a.Goals.Achieved, b.Goals.Achieved)
	d.indicators(a.Indicators, b.Indicators)
	return d.out
}

type differ struct{ out []Change }

func (d *differ) add(field, old, new string) {
	d.out = append(d.out, Change{Field: field, Old: old, New: new})
}

func (d *differ) str(field, old, new string) {
	if old != new {
		d.add(field, old, new)
	}
}

func (d *differ) indicators(a, b []form.Indicator) {
	lcs := lcsTable(a, b)
	i, j, gi, gj := 0, 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			d.gap(a, b, gi, i, gj, j)
			i, j = i+1, j+1
			gi, gj = i, j
		case lcs[i+1][j] >= lcs[i][j+1]:
			i++
		default:
			j++
		}
	}
	d.gap(a, b, gi, len(a), gj, len(b))
}

// gap reports the unaligned rows a[ai:aj] and b[bi:bj].
func (d *differ) gap(a, b []form.Indicator, ai, aj, bi, bj int) {
	for ai < aj && bi < bj {
		d.row(bi, a[ai], b[bi])
		ai, bi = ai+1, bi+1
	}
	for ; ai < aj; ai++ {
		d.add(form.RowPrefix(ai), rowSummary(a[ai]), "")
	}
	for ; bi < bj; bi++ {
		d.add(form.RowPrefix(bi), "", rowSummary(b[bi]))
	}
}

func (d *differ) row(i int, a, b form.Indicator) {
	p := func(name string) string { return form.RowPath(i, name) }
	d.str(p("level1"), a.Level1, b.Level1)
	d.str(p("level2"), a.Level2, b.Level2)
	d.str(p("name"), a.Name, b.Name)
	d.str(p("target"), a.Target, b.Target)
	d.str(p("actual"), a.Actual, b.Actual)
	d.str(p("weight"), a.Weight, b.Weight)
	d.str(p("score"), a.Score, b.Score)
	d.str(p("deviation"), a.Deviation, b.Deviation)
	d.str(p("achievement"), string(a.Achievement), string(b.Achievement))
}

// lcsTable returns t with t[i][j] = length of the longest common subsequence of a[i:] and b[j:].
func lcsTable(a, b []form.Indicator) [][]int {
	t := make([][]int, len(a)+1)
	for i := range t {
		t[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	return t
}

// rowSummary is a whole indicator row as compact JSON, with <, > and & left as typed.
func rowSummary(in form.Indicator) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(in); err != nil {
		return "" // cannot happen: the row is only strings
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}
