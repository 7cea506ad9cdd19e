package decimal

import (
	"errors"
	"math"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want int64 // m, when err is nil
		err  error
	}{
		{"70000", 70000 * scale, nil},
		{"0", 0, nil},
		{"-0", 0, nil},
		{"+5", 5 * scale, nil},
		{"-1.5", -1_500_000, nil},
		{".25", 250_000, nil},
		{"3.", 3 * scale, nil},
		{"0.000001", 1, nil},
		{"1.0000000", scale, nil}, // zeros beyond six places are exact
		{"007", 7 * scale, nil},
		{"9000000000000", 9_000_000_000_000 * scale, nil},
		{"-9000000000000", -9_000_000_000_000 * scale, nil},

		{"", 0, ErrSyntax},
		{"-", 0, ErrSyntax},
		{"+", 0, ErrSyntax},
		{".", 0, ErrSyntax},
		{"-.", 0, ErrSyntax},
		{"--1", 0, ErrSyntax},
		{"1.2.3", 0, ErrSyntax},
		{"1,000", 0, ErrSyntax},
		{" 1", 0, ErrSyntax},
		{"1 ", 0, ErrSyntax},
		{"1e3", 0, ErrSyntax},
		{"１", 0, ErrSyntax}, // full width is form.ParseAmount's business
		{"1O0", 0, ErrSyntax},

		{"1.0000001", 0, ErrPrecision},
		{"0.1234567", 0, ErrPrecision},

		{"9000000000000.000001", 0, ErrRange},
		{"9000000000001", 0, ErrRange},
		{"-9000000000001", 0, ErrRange},
		{"99999999999999999999999999", 0, ErrRange},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
			t.Errorf("Parse(%q) error = %v, want %v", tt.in, err, tt.err)
			continue
		}
		if tt.err == nil && got.m != tt.want {
			t.Errorf("Parse(%q) = %d (m), want %d", tt.in, got.m, tt.want)
		}
	}
}

func TestMulDiv(t *testing.T) {
	tests := []struct {
		name    string
		a, b, c string
		places  int
		r       Rounding
		want    string
	}{
		// rule 1, Shanghai: executed ÷ adjusted, percent rounded up
		{"rate 70000/71200 up", "70000", "100", "71200", 2, Up, "98.32"},
		{"rate 677500/680000 up", "677500", "100", "680000", 2, Up, "99.64"},
		{"rate exact up", "70000", "100", "70000", 2, Up, "100"},
		{"rate 119829/123475 up", "119829", "100", "123475", 2, Up, "97.05"},
		// rule 13, Sichuan and Anhui truncate
		{"rate 1157.97/2000 down", "1157.97", "100", "2000", 2, Down, "57.89"},
		{"rate 70000/71200 down", "70000", "100", "71200", 2, Down, "98.31"},
		// rule 2: budget score half-up
		{"budget 97.05×10/100 half-up", "97.05", "10", "100", 2, HalfUp, "9.71"},
		{"budget 9.704 half-up", "9.704", "1", "1", 2, HalfUp, "9.7"},
		{"budget 98.32×10/100", "98.32", "10", "100", 2, HalfUp, "9.83"},
		// thirds: the remainder below the sixth place decides at places 6
		{"1/3 half-up 6", "1", "1", "3", 6, HalfUp, "0.333333"},
		{"2/3 half-up 6", "2", "1", "3", 6, HalfUp, "0.666667"},
		{"2/3 down 6", "2", "1", "3", 6, Down, "0.666666"},
		{"1/3 up 6", "1", "1", "3", 6, Up, "0.333334"},
		{"0.000001/2 half-up 6 (tie)", "0.000001", "1", "2", 6, HalfUp, "0.000001"},
		{"0.000001/2 down 6", "0.000001", "1", "2", 6, Down, "0"},
		{"2.5 half-up 0", "2.5", "1", "1", 0, HalfUp, "3"},
		{"2.4999 half-up 0", "2.4999", "1", "1", 0, HalfUp, "2"},
		{"places below 0 is 0", "2.5", "1", "1", -3, HalfUp, "3"},
		{"places above 6 is 6", "1", "1", "3", 9, Down, "0.333333"},
		// signs: modes act on the magnitude
		{"negative half-up", "-9.705", "1", "1", 2, HalfUp, "-9.71"},
		{"negative up", "-70000", "100", "71200", 2, Up, "-98.32"},
		{"negative down", "1157.97", "-100", "2000", 2, Down, "-57.89"},
		{"two negatives", "-1", "-1", "3", 2, HalfUp, "0.33"},
		{"three negatives", "-1", "-1", "-3", 2, HalfUp, "-0.33"},
		// zeros
		{"divide by zero", "5", "1", "0", 2, HalfUp, "0"},
		{"zero numerator", "0", "5", "3", 2, Up, "0"},
		// rule 3: weight × actual ÷ target, rounded once
		{"weight 10 × 5000 ÷ 6000", "10", "5000", "6000", 2, HalfUp, "8.33"},
	}
	for _, tt := range tests {
		got := MulDiv(MustParse(tt.a), MustParse(tt.b), MustParse(tt.c), tt.places, tt.r)
		if want := MustParse(tt.want); got != want {
			t.Errorf("%s: MulDiv(%s, %s, %s, %d, %d) = %s, want %s", tt.name, tt.a, tt.b, tt.c, tt.places, tt.r, got, want)
		}
	}
}

func TestRoundMulDiv(t *testing.T) {
	if got := MustParse("9.705").Round(2, HalfUp); got.String() != "9.71" {
		t.Errorf("9.705 Round(2, HalfUp) = %s", got)
	}
	if got := MustParse("9.705").Round(2, Down); got.String() != "9.7" {
		t.Errorf("9.705 Round(2, Down) = %s", got)
	}
	if got := MustParse("9.701").Round(2, Up); got.String() != "9.71" {
		t.Errorf("9.701 Round(2, Up) = %s", got)
	}
	if got := MustParse("70000").Div(MustParse("712"), 2, Up); got.String() != "98.32" {
		t.Errorf("70000 Div 712 (2, Up) = %s", got)
	}
	if got := MustParse("5").Div(Zero, 2, HalfUp); !got.IsZero() {
		t.Errorf("5 Div 0 = %s, want 0", got)
	}
	if got := MustParse("97.05").Mul(MustParse("0.1"), 2, HalfUp); got.String() != "9.71" {
		t.Errorf("97.05 Mul 0.1 = %s", got)
	}
}

func TestSaturation(t *testing.T) {
	maxDec, minDec := Dec{math.MaxInt64}, Dec{math.MinInt64 + 1}
	tests := []struct {
		name string
		got  Dec
		want Dec
	}{
		{"MulDiv overflow", MulDiv(MaxAbs, MaxAbs, One, 2, HalfUp), maxDec},
		{"MulDiv negative overflow", MulDiv(MaxAbs.Neg(), MaxAbs, One, 2, HalfUp), minDec},
		{"Div by tiny", MaxAbs.Div(Dec{1}, 2, Down), maxDec},
		// a·b/c = 2^64 − 1 + 1/2: rounding up must saturate, not wrap around to 0
		{"MulDiv round-up at 2^64", MulDiv(Dec{31 * 8191}, Dec{145295143558111}, Dec{2}, 6, HalfUp), maxDec},
		{"MulDiv round-up at 2^64, Up", MulDiv(Dec{31 * 8191}, Dec{145295143558111}, Dec{2}, 6, Up), maxDec},
		{"MulDiv round-up at 2^64, negative", MulDiv(Dec{-31 * 8191}, Dec{145295143558111}, Dec{2}, 6, Up), minDec},
		{"Add overflow", MaxAbs.Add(MaxAbs), maxDec},
		{"Sub overflow", MaxAbs.Neg().Sub(MaxAbs), minDec},
		{"Add no overflow", MaxAbs.Add(MaxAbs.Neg()), Zero},
		{"Neg of MinInt64", Dec{math.MinInt64}.Neg(), maxDec},
		{"Abs", MustParse("-2.5").Abs(), MustParse("2.5")},
		{"FromInt above MaxAbs", FromInt(10_000_000_000_000), MaxAbs},
		{"FromInt below -MaxAbs", FromInt(-10_000_000_000_000), MaxAbs.Neg()},
		{"FromInt", FromInt(-42), MustParse("-42")},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %d (m), want %d", tt.name, tt.got.m, tt.want.m)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		in     string
		places int
		fixed  string
		group  string
	}{
		{"1234567", 2, "1234567.00", "1,234,567.00"},
		{"1234567.891", 2, "1234567.89", "1,234,567.89"},
		{"9.9", 2, "9.90", "9.90"},
		{"9.705", 2, "9.71", "9.71"}, // half-up
		{"9.704999", 2, "9.70", "9.70"},
		{"999.995", 2, "1000.00", "1,000.00"}, // the carry reaches the grouping
		{"-1234.5", 2, "-1234.50", "-1,234.50"},
		{"-0.001", 2, "0.00", "0.00"}, // no "-0.00"
		{"0", 2, "0.00", "0.00"},
		{"100", 0, "100", "100"},
		{"1000", 0, "1000", "1,000"},
		{"123456", 0, "123456", "123,456"},
		{"2.5", 0, "3", "3"},
		{"0.000001", 6, "0.000001", "0.000001"},
		{"1", 9, "1.000000", "1.000000"}, // places clamp to 6
		{"1.5", -1, "2", "2"},            // and to 0
		{"9000000000000", 2, "9000000000000.00", "9,000,000,000,000.00"},
	}
	for _, tt := range tests {
		d := MustParse(tt.in)
		if got := d.Fixed(tt.places); got != tt.fixed {
			t.Errorf("%s.Fixed(%d) = %q, want %q", tt.in, tt.places, got, tt.fixed)
		}
		if got := d.Grouped(tt.places); got != tt.group {
			t.Errorf("%s.Grouped(%d) = %q, want %q", tt.in, tt.places, got, tt.group)
		}
	}
}

func TestStringAndText(t *testing.T) {
	for in, want := range map[string]string{
		"9.90": "9.9", "10.000": "10", "-0.05": "-0.05", "0": "0", "-0": "0", "0.000001": "0.000001",
		"1234567.5": "1234567.5",
	} {
		d := MustParse(in)
		if got := d.String(); got != want {
			t.Errorf("MustParse(%q).String() = %q, want %q", in, got, want)
		}
		b, err := d.MarshalText()
		if err != nil || string(b) != want {
			t.Errorf("MarshalText(%q) = %q, %v", in, b, err)
		}
		var e Dec
		if err := e.UnmarshalText(b); err != nil || e != d {
			t.Errorf("UnmarshalText(%q) = %s, %v", b, e, err)
		}
	}
	var e Dec
	if err := e.UnmarshalText([]byte("1,000")); !errors.Is(err, ErrSyntax) {
		t.Errorf("UnmarshalText(1,000) error = %v", err)
	}
}

func TestCompare(t *testing.T) {
	a, b := MustParse("1.5"), MustParse("2")
	if a.Cmp(b) != -1 || b.Cmp(a) != 1 || a.Cmp(a) != 0 {
		t.Error("Cmp")
	}
	if a.Min(b) != a || a.Max(b) != b || b.Min(a) != a || b.Max(a) != b {
		t.Error("Min/Max")
	}
	if Zero.Sign() != 0 || a.Sign() != 1 || a.Neg().Sign() != -1 || !Zero.IsZero() || a.IsZero() {
		t.Error("Sign/IsZero")
	}
	if a.Add(b) != MustParse("3.5") || a.Sub(b) != MustParse("-0.5") {
		t.Error("Add/Sub")
	}
}

func TestMustParsePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustParse(\"x\") did not panic")
		}
	}()
	MustParse("x")
}
