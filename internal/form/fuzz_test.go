package form

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"selfeval/internal/decimal"
)

var amountSeeds = []string{
	"70000", "70,000", "70，000", "７００００", "７０，０００．５０元", " 70 000 元 ", "7,0000", "1.500",
	"", "   ", "1O0", "abc", "1.2.3", ",5", "5,", "-5", "－0", "0.001", "9000000000000.01",
	"99999999999999999999999", ".5", "5.", "元", "70000元元", "\u200b1\u200b", "a\xff", "+1,000.00",
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range amountSeeds {
		f.Add(s)
	}
	sentinels := []error{ErrEmpty, ErrNotNumber, ErrTooPrecise, ErrTooLarge, ErrNegative}
	known := func(err error) bool {
		for _, e := range sentinels {
			if errors.Is(err, e) {
				return true
			}
		}
		return false
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseAmount(s)
		if err != nil {
			if !known(err) {
				t.Fatalf("ParseAmount(%q): unexpected error %v", s, err)
			}
			if !d.IsZero() {
				t.Fatalf("ParseAmount(%q) = %s with error %v", s, d, err)
			}
		} else {
			if d.Sign() < 0 || d.Cmp(decimal.MaxAbs) > 0 {
				t.Fatalf("ParseAmount(%q) = %s: out of range", s, d)
			}
			for _, again := range []string{d.Fixed(2), d.Grouped(2), d.Grouped(2) + "元", d.String()} {
				e, err := ParseAmount(again)
				if err != nil || e != d {
					t.Fatalf("ParseAmount(%q) = %s, but ParseAmount(%q) = %s, %v", s, d, again, e, err)
				}
			}
			if !strings.Contains(s, "元") {
				if n, err := ParseNumber(s); err != nil || n != d {
					t.Fatalf("ParseAmount(%q) = %s, but ParseNumber = %s, %v", s, d, n, err)
				}
			}
		}
		// Parsing is invariant under Normalize.
		if d2, err2 := ParseAmount(Normalize(s)); d2 != d || err2 != err {
			t.Fatalf("ParseAmount(%q) = %s, %v but ParseAmount(Normalize) = %s, %v", s, d, err, d2, err2)
		}

		n, err := ParseNumber(s)
		if err != nil {
			if !known(err) {
				t.Fatalf("ParseNumber(%q): unexpected error %v", s, err)
			}
			return
		}
		if n.Sign() < 0 {
			t.Fatalf("ParseNumber(%q) = %s < 0", s, n)
		}
		if again, err := ParseNumber(n.Fixed(NumberPlaces)); err != nil || again != n {
			t.Fatalf("ParseNumber(%q) = %s, but ParseNumber(%q) = %s, %v", s, n, n.Fixed(NumberPlaces), again, err)
		}
	})
}

func FuzzParseValue(f *testing.F) {
	for _, s := range seedTargets {
		f.Add(s)
	}
	for _, s := range []string{
		"", " ", "<p>1</p>", "1O0", "-5%", "1-12", "2022年1月至2023年3月", "Q1-Q4", "不低于90%", "90%以上",
		"十一月", "第三季度", "2022-12-31", "2022.12", "1——12月", "a\xffb", "\u200b", "＞＝８５％", "年底前",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := ParseValue(s)
		if v.Raw != s {
			t.Fatalf("ParseValue(%q).Raw = %q", s, v.Raw)
		}
		n := Normalize(s)
		if Normalize(n) != n {
			t.Fatalf("Normalize not idempotent: %q → %q → %q", s, n, Normalize(n))
		}
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q is not valid UTF-8", s, n)
		}
		if w := ParseValue(n); w.Raw != n || func() Value { w.Raw = s; return w }() != v {
			t.Fatalf("ParseValue(%q) = %+v, but ParseValue(Normalize) = %+v", s, v, w)
		}
		if !Equivalent(s, s) || !Equivalent(s, n) || !Equivalent(n, s) {
			t.Fatalf("Equivalent(%q, %q) is false", s, n)
		}
		if (v.Kind == KindEmpty) != (n == "") {
			t.Fatalf("ParseValue(%q).Kind = %v, normalised %q", s, v.Kind, n)
		}
		if (v.Kind == KindWords) != (v.Words != "") || (v.Kind == KindWords && v.Words != n) {
			t.Fatalf("ParseValue(%q) = %+v: Words inconsistent with Kind", s, v)
		}
		switch v.Kind {
		case KindNumber:
			if v.Number.Sign() < 0 {
				t.Fatalf("ParseValue(%q).Number = %s < 0", s, v.Number)
			}
			if Normalize(v.Unit) != v.Unit {
				t.Fatalf("ParseValue(%q).Unit = %q is not normalised", s, v.Unit)
			}
		case KindDeadline:
			if v.When.Month < 1 || v.When.Month > 12 {
				t.Fatalf("ParseValue(%q).When = %+v", s, v.When)
			}
			if v.When.Compare(v.When) != 0 {
				t.Fatalf("Compare of %+v with itself is not 0", v.When)
			}
		case KindRange:
			if v.From.Month < 1 || v.From.Month > 12 || v.To.Month < 1 || v.To.Month > 12 {
				t.Fatalf("ParseValue(%q) = %+v: month out of range", s, v)
			}
		}
		if v.Kind != KindNumber && (v.Unit != "" || !v.Number.IsZero()) {
			t.Fatalf("ParseValue(%q) = %+v: number fields set on kind %v", s, v, v.Kind)
		}
		if v.Reverse() && v.Kind != KindNumber {
			t.Fatalf("ParseValue(%q) = %+v: Reverse on kind %v", s, v, v.Kind)
		}
	})
}
