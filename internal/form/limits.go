package form

import (
	"fmt"
	"unicode/utf8"
)

// The bounds of a form, the same for every way in and out (the editor, an import, the JSON,
// the command line): MaxRows indicator rows, MaxFieldChars characters in any one field (ample
// for the longest goal or explanation, and within what a workbook cell holds, 32,767, so
// every stored form can be exported), and a year from MinYear to MaxYear.
const (
	MaxFieldChars = 10000
	MinYear       = 2000
	MaxYear       = 2100
)

// The kinds of LimitError.
const (
	LimitRows  = "rows"
	LimitChars = "chars"
	LimitYear  = "year"
)

// LimitError names the first bound a form passes: Kind LimitRows (Got rows, Limit MaxRows),
// LimitChars (the field at Path has Got characters, Limit MaxFieldChars) or LimitYear (Got
// the year, Limit MaxYear or MinYear).
type LimitError struct {
	Kind       string
	Path       string
	Got, Limit int
}

// Error says which bound, in English for logs and the command line.
func (e *LimitError) Error() string {
	switch e.Kind {
	case LimitRows:
		return fmt.Sprintf("form: %d indicator rows, at most %d", e.Got, e.Limit)
	case LimitChars:
		return fmt.Sprintf("form: %s has %d characters, at most %d", e.Path, e.Got, e.Limit)
	}
	return fmt.Sprintf("form: year %d, not within %d–%d", e.Got, MinYear, MaxYear)
}

// CheckLimits returns the first bound f passes as a *LimitError, or nil.
func CheckLimits(f *Form) error {
	if f.Year < MinYear || f.Year > MaxYear {
		limit := MaxYear
		if f.Year < MinYear {
			limit = MinYear
		}
		return &LimitError{Kind: LimitYear, Path: PathYear, Got: f.Year, Limit: limit}
	}
	if len(f.Indicators) > MaxRows {
		return &LimitError{Kind: LimitRows, Path: PathIndicators, Got: len(f.Indicators), Limit: MaxRows}
	}
	var first *LimitError
	EachTooLong(f, func(path string, n int) {
		if first == nil {
			first = &LimitError{Kind: LimitChars, Path: path, Got: n, Limit: MaxFieldChars}
		}
	})
	if first != nil {
		return first
	}
	return nil
}

// EachTooLong calls fn with the path and the number of characters of each field of f longer
// than MaxFieldChars, in table order. It runs on every keystroke: a field is measured in
// bytes first (a character is at least one), and a path is made only for a field too long.
func EachTooLong(f *Form, fn func(path string, chars int)) {
	check := func(v string) int {
		if len(v) <= MaxFieldChars {
			return 0
		}
		if n := utf8.RuneCountInString(v); n > MaxFieldChars {
			return n
		}
		return 0
	}
	for _, h := range [...]struct{ path, v string }{{PathProject, f.Project}, {PathUnit, f.Unit},
		{PathDepartment, f.Department}, {PathBudgetWeight, f.BudgetWeight}, {PathAmountUnit, string(f.AmountUnit)}, {PathTemplate, f.Template}} {
		if n := check(h.v); n > 0 {
			fn(h.path, n)
		}
	}
	for _, name := range FundsRowNames {
		row := f.Funds.Row(name)
		for k, v := range [...]string{row.Initial, row.Adjusted, row.Executed} {
			if n := check(v); n > 0 {
				fn(FundsPath(name, FundsColumns[k]), n)
			}
		}
	}
	for _, g := range [...]struct{ path, v string }{{PathGoalsExpected, f.Goals.Expected}, {PathGoalsAchieved, f.Goals.Achieved}} {
		if n := check(g.v); n > 0 {
			fn(g.path, n)
		}
	}
	for i := range f.Indicators {
		in := &f.Indicators[i]
		for k, v := range [...]string{in.Level1, in.Level2, in.Name, in.Target, in.Actual, in.Weight, in.Score, in.Deviation, string(in.Achievement)} {
			if n := check(v); n > 0 {
				fn(RowPath(i, RowFieldNames[k]), n)
			}
		}
	}
}
