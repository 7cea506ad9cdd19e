package form

import "testing"

func TestShowAmount(t *testing.T) {
	for in, want := range map[string]string{
		"1234567.5": "1,234,567.50", "70，000": "70,000.00", "195000元": "195,000.00", "": "", "七万": "七万", "1O0": "1O0",
	} {
		if got := ShowAmount(in); got != want {
			t.Errorf("ShowAmount(%q) = %q, want %q", in, got, want)
		}
	}
}
