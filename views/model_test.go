package views

import (
	"strings"
	"testing"

	"selfeval/internal/form"
	"selfeval/internal/scoring"
)

// TestFieldID: the ids kept for the first rows are the ids made for any other path, and
// cost nothing to look up.
func TestFieldID(t *testing.T) {
	for _, path := range []string{"project", "funds.total.executed", "goals.achieved", form.RowPath(0, "name"),
		form.RowPath(99, "achievement"), form.RowPath(100, "weight"), form.RowPrefix(7), "indicators.12.colour"} {
		if got, want := FieldID(path), "f-"+strings.ReplaceAll(path, ".", "-"); got != want {
			t.Errorf("FieldID(%q) = %q, want %q", path, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { FieldID(form.RowPath(42, "actual")) }); n != 0 {
		t.Errorf("FieldID of a kept row allocates %v times", n)
	}
}

// TestShown: a recalculation names every figure once, the rows' and subtotals' only when the
// rows are not drawn anew, and a row the person grades shows "—".
func TestShown(t *testing.T) {
	var c Calc
	c.Total, c.ExecutionRate, c.Grade = "95.13", "51.29", "优"
	c.Indicators = []scoring.IndicatorFigures{{Suggested: "10.00"}, {}}
	c.Subtotals = []scoring.SubtotalFigures{{Level1: "产出指标", Weight: "60", Score: "60.00"}}
	all, seen := c.Shown(false), map[string]string{}
	for _, f := range all {
		if _, dup := seen[f.ID]; dup {
			t.Errorf("#%s named twice", f.ID)
		}
		seen[f.ID] = f.Text
	}
	if len(all) != 10+2+2 || seen["bar-rate"] != "51.29%" || seen["suggested-0"] != "10.00" || seen["suggested-1"] != "—" ||
		seen["subtotal-w-0"] != "60" || seen["total-score"] != "95.13" {
		t.Errorf("shown %v", seen)
	}
	if n := len(c.Shown(true)); n != 10 {
		t.Errorf("with the rows drawn anew, %d figures named, want the 10 outside them", n)
	}
}
