package store

import (
	"encoding/json"
	"reflect"
	"testing"

	"selfeval/internal/form"
)

func row(name string) form.Indicator {
	return form.Indicator{Level1: "产出指标", Level2: "数量指标", Name: name, Target: "≥1", Actual: "1", Weight: "5"}
}

func rows(names ...string) []form.Indicator {
	var out []form.Indicator
	for _, n := range names {
		out = append(out, row(n))
	}
	return out
}

func TestFormDiff(t *testing.T) {
	base := sampleForm(0)
	base.Indicators = rows("a", "b", "c", "d")
	with := func(edit func(f *form.Form)) form.Form {
		f := base
		f.Indicators = append([]form.Indicator(nil), base.Indicators...)
		edit(&f)
		return f
	}
	tests := []struct {
		name string
		b    form.Form
		want []Change
	}{
		{"equal", with(func(*form.Form) {}), nil},
		{"header and funds, in interchange order", with(func(f *form.Form) {
			f.Goals.Achieved = "改"
			f.Year = 2023
			f.Funds.Other.Executed = "0"
			f.Funds.Total.Executed = "194,100"
			f.BudgetWeight = ""
			f.Project = "新项目"
		}), []Change{
			{"year", "2022", "2023"},
			{"project", base.Project, "新项目"},
			{"funds.total.executed", "193100.00", "194,100"},
			{"funds.other.executed", "", "0"},
			{"budget_weight", "10", ""},
			{"goals.achieved", base.Goals.Achieved, "改"},
		}},
		{"fields of one row", with(func(f *form.Form) {
			f.Indicators[2].Actual = "2"
			f.Indicators[2].Achievement = form.Missed
			f.Indicators[2].Score = "0"
		}), []Change{
			{"indicators.2.actual", "1", "2"},
			{"indicators.2.score", "", "0"},
			{"indicators.2.achievement", "", "missed"},
		}},
		{"row appended", with(func(f *form.Form) { f.Indicators = append(f.Indicators, row("e")) }),
			[]Change{{"indicators.4", "", rowSummary(row("e"))}}},
		{"last row removed", with(func(f *form.Form) { f.Indicators = f.Indicators[:3] }),
			[]Change{{"indicators.3", rowSummary(row("d")), ""}}},
		{"middle row removed: no shifted fields", with(func(f *form.Form) { f.Indicators = rows("a", "c", "d") }),
			[]Change{{"indicators.1", rowSummary(row("b")), ""}}},
		{"row inserted in the middle", with(func(f *form.Form) { f.Indicators = rows("a", "x", "b", "c", "d") }),
			[]Change{{"indicators.1", "", rowSummary(row("x"))}}},
		{"remove one, edit another", with(func(f *form.Form) {
			f.Indicators = rows("a", "c", "d")
			f.Indicators[2].Weight = "10"
		}), []Change{
			{"indicators.1", rowSummary(row("b")), ""},
			{"indicators.2.weight", "5", "10"},
		}},
		{"all rows removed", with(func(f *form.Form) { f.Indicators = nil }), []Change{
			{"indicators.0", rowSummary(row("a")), ""},
			{"indicators.1", rowSummary(row("b")), ""},
			{"indicators.2", rowSummary(row("c")), ""},
			{"indicators.3", rowSummary(row("d")), ""},
		}},
		{"two rows swapped", with(func(f *form.Form) { f.Indicators = rows("a", "c", "b", "d") }), []Change{
			{"indicators.1", rowSummary(row("b")), ""},
			{"indicators.2", "", rowSummary(row("b"))},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FormDiff(base, tt.b)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FormDiff:\n got %q\nwant %q", got, tt.want)
			}
			if back := FormDiff(tt.b, tt.b); back != nil {
				t.Errorf("FormDiff(b, b) = %q", back)
			}
		})
	}
}

// A removed or added row is kept whole, as interchange JSON, markup and all.
func TestRowSummaryLossless(t *testing.T) {
	in := form.Indicator{Level1: "效益指标", Name: `<p>"引号"</p> & 更多`, Target: "≥6000份", Achievement: form.Partial}
	s := rowSummary(in)
	if want := `{"level1":"效益指标","level2":"","name":"<p>\"引号\"</p> & 更多","target":"≥6000份","actual":"","weight":"","score":"","deviation":"","achievement":"partial"}`; s != want {
		t.Errorf("rowSummary = %s\nwant %s", s, want)
	}
	var back form.Indicator
	if err := json.Unmarshal([]byte(s), &back); err != nil || back != in {
		t.Errorf("round trip = %+v, %v", back, err)
	}
}
