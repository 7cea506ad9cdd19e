package form

import (
	"reflect"
	"testing"
)

// FuzzFieldsSet: Set is the inverse of Fields: the fields of any form, set one by one into
// an empty form, give the same form back (the header fields a person does not edit aside).
func FuzzFieldsSet(f *testing.F) {
	f.Add("培训费", "70,000", "≥95%", "", "achieved", 2)
	f.Add("", "", "", "a.b", "x", 0)
	f.Add("<p>x</p>", "１２３", "indicators.0.name", "\x00", "", 7)
	f.Fuzz(func(t *testing.T, project, amount, target, text, achievement string, rows int) {
		rows = ((rows % 8) + 8) % 8
		in := Form{Project: project, BudgetWeight: amount, Goals: Goals{Expected: text, Achieved: target}}
		in.Funds.Total = FundsRow{Initial: amount, Adjusted: text, Executed: target}
		in.Funds.Other.Executed = project
		for i := 0; i < rows; i++ {
			in.Indicators = append(in.Indicators, Indicator{Level1: project, Level2: text, Name: target + text, Target: target,
				Actual: amount, Weight: amount, Score: text, Deviation: project, Achievement: Achievement(achievement)})
		}
		var out Form
		for _, fl := range Fields(&in) {
			if !Set(&out, fl.Path, fl.Value) {
				t.Fatalf("Set refused the path %q that Fields gave", fl.Path)
			}
			if got, ok := Get(&out, fl.Path); !ok || got != fl.Value {
				t.Fatalf("Get(%q) = %q, %v after Set %q", fl.Path, got, ok, fl.Value)
			}
		}
		if len(in.Indicators) == 0 {
			in.Indicators = nil
		}
		if !reflect.DeepEqual(out, in) {
			t.Fatalf("round trip\n got %+v\nwant %+v", out, in)
		}
	})
}
