package form

import (
	"errors"
	"strings"
	"testing"
)

// TestCheckLimits: each bound is named with the field and the figures; a form within them passes.
func TestCheckLimits(t *testing.T) {
	ok := Form{Year: 2022, Project: "培训费", Indicators: make([]Indicator, MaxRows)}
	ok.Indicators[3].Deviation = strings.Repeat("字", MaxFieldChars)
	if err := CheckLimits(&ok); err != nil {
		t.Fatalf("a form at the bounds: %v", err)
	}
	long := ok
	long.Indicators = append([]Indicator(nil), ok.Indicators...)
	long.Indicators[3].Deviation += "多"
	tooMany := Form{Year: 2022, Indicators: make([]Indicator, MaxRows+100)}
	for _, tt := range []struct {
		name string
		f    Form
		want LimitError
	}{
		{"a long field", long, LimitError{LimitChars, RowPath(3, "deviation"), MaxFieldChars + 1, MaxFieldChars}},
		{"600 rows", tooMany, LimitError{LimitRows, PathIndicators, MaxRows + 100, MaxRows}},
		{"year −5", Form{Year: -5}, LimitError{LimitYear, PathYear, -5, MinYear}},
		{"no year", Form{}, LimitError{LimitYear, PathYear, 0, MinYear}},
		{"year 2^62", Form{Year: 1 << 62}, LimitError{LimitYear, PathYear, 1 << 62, MaxYear}},
	} {
		var le *LimitError
		if err := CheckLimits(&tt.f); !errors.As(err, &le) || *le != tt.want {
			t.Errorf("%s: %v, want %+v", tt.name, err, tt.want)
		}
	}
}

// TestEachTooLongSeesEveryField: whichever field of a form is too long, EachTooLong names it.
func TestEachTooLongSeesEveryField(t *testing.T) {
	base := Form{Year: 2022, Indicators: make([]Indicator, 3)}
	long := strings.Repeat("x", MaxFieldChars+1)
	for _, fv := range Fields(&base) {
		f := base
		f.Indicators = append([]Indicator(nil), base.Indicators...)
		if !Set(&f, fv.Path, long) {
			continue // not a text field (the year)
		}
		var got []string
		EachTooLong(&f, func(path string, n int) { got = append(got, path) })
		if len(got) != 1 || got[0] != fv.Path {
			t.Errorf("a long %s: EachTooLong named %v", fv.Path, got)
		}
	}
	if n := testing.AllocsPerRun(20, func() { EachTooLong(&base, func(string, int) { t.Fatal("too long?") }) }); n != 0 {
		t.Errorf("EachTooLong of a form within bounds allocates %v times", n)
	}
}
