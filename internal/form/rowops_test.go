package form

import "testing"

// TestRowOpLimits: a row operation never grows a form past MaxRows, and ops with bad
// numbers change nothing.
func TestRowOpLimits(t *testing.T) {
	f := Form{Indicators: make([]Indicator, MaxRows)}
	for _, op := range []string{"add:3", "add:-1", "keep:-1", "keep:x", "del:600", "up:-5", "down:499", "bogus"} {
		ApplyRowOp(&f, op)
		if len(f.Indicators) != MaxRows {
			t.Errorf("%s: %d rows, want %d", op, len(f.Indicators), MaxRows)
		}
	}
	ApplyRowOp(&f, "keep:2")
	if len(f.Indicators) != 2 {
		t.Errorf("keep:2 left %d rows", len(f.Indicators))
	}
}
