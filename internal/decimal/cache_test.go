package decimal

import (
	"strconv"
	"testing"
)

// TestFixedCache: the kept two-place forms are the ones formatting gives, at every
// hundredth of 0 to 100 and at the edges of the kept range, and they cost no allocation.
func TestFixedCache(t *testing.T) {
	for h := 0; h <= cachedMax*100; h++ {
		d := Dec{int64(h) * (scale / 100)}
		want := strconv.Itoa(h/100) + "." + strconv.Itoa(h%100/10) + strconv.Itoa(h%10)
		if got := d.Fixed(2); got != want {
			t.Fatalf("Fixed(2) of %d hundredths = %q, want %q", h, got, want)
		}
		if got, again := d.String(), string(d.AppendFixed(nil, Places)); got != trimZeros(again) {
			t.Fatalf("String of %d hundredths = %q, want %q", h, got, trimZeros(again))
		}
	}
	for s, want := range map[string]string{"99.995": "100.00", "100.005": "100.01", "-0.004": "0.00", "-0.005": "-0.01",
		"0.004": "0.00", "100.001": "100.00", "123456.789": "123456.79"} {
		if got := MustParse(s).Fixed(2); got != want {
			t.Errorf("Fixed(2) of %s = %q, want %q", s, got, want)
		}
	}
	for s, want := range map[string]string{"2.5": "2.5", "100": "100", "0.125": "0.125", "-3": "-3", "100.5": "100.5"} {
		if got := MustParse(s).String(); got != want {
			t.Errorf("String of %s = %q, want %q", s, got, want)
		}
	}
	d := MustParse("97.5")
	if n := testing.AllocsPerRun(100, func() { _ = d.Fixed(2); _ = d.String() }); n != 0 {
		t.Errorf("Fixed(2) and String of 97.5 allocate %v times", n)
	}
}

func trimZeros(s string) string {
	for len(s) > 0 && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if len(s) > 0 && s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}
