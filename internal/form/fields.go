package form

import (
	"slices"
	"strconv"
	"strings"
)

// Field is one value of a form under its interchange path ("funds.total.executed",
// "indicators.3.actual"), the name it has in JSON, in HTML forms and in problems.
type Field struct {
	Path, Value string
}

// Fields lists the values a person edits, under their interchange paths, in table order.
func Fields(f *Form) []Field {
	out := []Field{{PathProject, f.Project}, {PathAmountUnit, string(f.AmountUnit)}, {PathBudgetWeight, f.BudgetWeight}}
	for _, name := range FundsRowNames {
		row := f.Funds.Row(name)
		out = append(out, Field{FundsPath(name, "initial"), row.Initial}, Field{FundsPath(name, "adjusted"), row.Adjusted},
			Field{FundsPath(name, "executed"), row.Executed})
	}
	out = append(out, Field{PathGoalsExpected, f.Goals.Expected}, Field{PathGoalsAchieved, f.Goals.Achieved})
	for i, in := range f.Indicators {
		p := RowPrefix(i) + "."
		out = append(out,
			Field{p + "level1", in.Level1}, Field{p + "level2", in.Level2}, Field{p + "name", in.Name},
			Field{p + "target", in.Target}, Field{p + "actual", in.Actual}, Field{p + "weight", in.Weight},
			Field{p + "score", in.Score}, Field{p + "deviation", in.Deviation}, Field{p + "achievement", string(in.Achievement)})
	}
	return out
}

// MaxRows bounds the indicator rows that Set creates, so that a crafted path cannot make a
// form allocate without end.
const MaxRows = 500

// Get returns the value of f under path, and whether path names a field of f.
func Get(f *Form, path string) (string, bool) {
	if p := fieldPtr(f, path, false); p != nil {
		return *p, true
	}
	return "", false
}

// Set puts value under path (the inverse of Fields) and reports whether path names a field a
// person edits. A path into an indicator row past the last one adds empty rows up to it
// (at most MaxRows rows); unknown paths are ignored.
func Set(f *Form, path, value string) bool {
	p := fieldPtr(f, path, true)
	if p != nil {
		*p = value
	}
	return p != nil
}

// fieldPtr finds the string behind path; grow adds indicator rows up to the one named.
func fieldPtr(f *Form, path string, grow bool) *string {
	switch path {
	case PathProject:
		return &f.Project
	case PathBudgetWeight:
		return &f.BudgetWeight
	case PathAmountUnit:
		return (*string)(&f.AmountUnit)
	case PathGoalsExpected:
		return &f.Goals.Expected
	case PathGoalsAchieved:
		return &f.Goals.Achieved
	}
	if rest, ok := strings.CutPrefix(path, "funds."); ok {
		name, col, _ := strings.Cut(rest, ".")
		row := f.Funds.Row(name)
		if row == nil {
			return nil
		}
		switch col {
		case "initial":
			return &row.Initial
		case "adjusted":
			return &row.Adjusted
		case "executed":
			return &row.Executed
		}
		return nil
	}
	i, name, ok := RowField(path)
	if !ok {
		return nil
	}
	if i >= len(f.Indicators) {
		if !grow || rowFieldIndex(name) < 0 {
			return nil
		}
		// Rows come one after another (a posted form names 0, 1, 2 …): grow in steps, not by one.
		n := len(f.Indicators)
		if i >= cap(f.Indicators) {
			f.Indicators = slices.Grow(f.Indicators, max(i+1, 16, 2*cap(f.Indicators))-n)
		}
		f.Indicators = f.Indicators[:i+1]
		clear(f.Indicators[n:])
	}
	return indicatorField(&f.Indicators[i], name)
}

// RowField splits an indicator path "indicators.3.actual" into its row (3) and field
// ("actual"); ok is false for any other path or a row outside 0 … MaxRows-1.
func RowField(path string) (row int, name string, ok bool) {
	rest, ok := strings.CutPrefix(path, PathIndicators+".")
	if !ok {
		return 0, "", false
	}
	idx, name, ok := strings.Cut(rest, ".")
	row = rowIndex(idx)
	if !ok || row < 0 || rowFieldIndex(name) < 0 {
		return 0, "", false
	}
	return row, name, true
}

// rowIndex is the row a path's index names, written as RowPrefix writes it (digits, no
// leading zero), or -1.
func rowIndex(idx string) int {
	if idx == "" || len(idx) > 1 && idx[0] == '0' || len(idx) > 9 {
		return -1
	}
	i := 0
	for _, c := range []byte(idx) {
		if c < '0' || c > '9' {
			return -1
		}
		i = i*10 + int(c-'0')
	}
	if i >= MaxRows {
		return -1
	}
	return i
}

// RowFieldNames are the fields of an indicator row, in table order, as used in paths.
var RowFieldNames = [...]string{"level1", "level2", "name", "target", "actual", "weight", "score", "deviation", "achievement"}

func rowFieldIndex(name string) int {
	for k, n := range RowFieldNames {
		if n == name {
			return k
		}
	}
	return -1
}

func indicatorField(in *Indicator, name string) *string {
	switch name {
	case "level1":
		return &in.Level1
	case "level2":
		return &in.Level2
	case "name":
		return &in.Name
	case "target":
		return &in.Target
	case "actual":
		return &in.Actual
	case "weight":
		return &in.Weight
	case "score":
		return &in.Score
	case "deviation":
		return &in.Deviation
	case "achievement":
		return (*string)(&in.Achievement)
	}
	return nil
}

// Known reports whether path names a field a person edits.
func Known(path string) bool {
	if _, _, ok := RowField(path); ok {
		return true
	}
	return fieldPtr(&Form{}, path, false) != nil
}

// RowPath is the interchange path of a field of indicator row i: RowPath(3, "actual") is
// "indicators.3.actual".
func RowPath(i int, name string) string {
	if k := rowFieldIndex(name); k >= 0 && i >= 0 && i < len(rowPaths) {
		return rowPaths[i][k]
	}
	return RowPrefix(i) + "." + name
}

// rowPaths holds the paths of the fields of the first rows, made once: every page and every
// answer names them.
var rowPaths = func() (t [100][len(RowFieldNames)]string) {
	for i := range t {
		for k, name := range RowFieldNames {
			t[i][k] = RowPrefix(i) + "." + name
		}
	}
	return t
}()

// The interchange paths of the header and goals fields, and of the indicator table.
const (
	PathProject       = "project"
	PathBudgetWeight  = "budget_weight"
	PathGoals         = "goals"
	PathGoalsExpected = "goals.expected"
	PathGoalsAchieved = "goals.achieved"
	PathIndicators    = "indicators"
	PathUnit          = "unit"
	PathDepartment    = "department"
	PathYear          = "year"
)

// FundsColumns are the columns of a funds row, in table order, as used in paths.
var FundsColumns = [3]string{"initial", "adjusted", "executed"}

// FundsPath is the path of one amount of the funds grid: FundsPath("total", "executed") is
// "funds.total.executed"; FundsPath("total", "") is the row itself, "funds.total".
func FundsPath(row, col string) string {
	if col == "" {
		return "funds." + row
	}
	return "funds." + row + "." + col
}

// IsFundsPath reports whether path names an amount of the funds grid.
func IsFundsPath(path string) bool {
	rest, ok := strings.CutPrefix(path, "funds.")
	return ok && strings.Contains(rest, ".")
}

// RowPrefix is the path of indicator row i as a whole: RowPrefix(3) is "indicators.3".
func RowPrefix(i int) string { return PathIndicators + "." + strconv.Itoa(i) }

// RowOf is the indicator row a path names, whole ("indicators.3") or one of its fields
// ("indicators.3.actual"), or -1 for any other path.
func RowOf(path string) int {
	rest, ok := strings.CutPrefix(path, PathIndicators+".")
	if !ok {
		return -1
	}
	idx, _, _ := strings.Cut(rest, ".")
	i, err := strconv.Atoi(idx)
	if err != nil || i < 0 || i >= MaxRows {
		return -1
	}
	return i
}
