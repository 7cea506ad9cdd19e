package form

import (
	"errors"
	"testing"

	"selfeval/internal/decimal"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"   ", ""},
		{"\u3000\u3000", ""},
		{"有效", "有效"},
		{" 有效 ", "有效"},
		{"有\u3000\u3000效", "有 效"},
		{"a \t\n b", "a b"},
		{"≥６０００份", "≥6000份"},
		{"７００００元", "70000元"},
		{"７０，０００．５", "70,000.5"},
		{"＞＝８５％", ">=85%"},
		{"（２０２２版）", "(2022版)"},
		{"Ｑ４", "Q4"},
		{"１～１２月", "1~12月"},
		{"a\u00a0b", "a b"},        // no-break space
		{"a\u2003b", "a b"},        // em space
		{"a\u200bb", "ab"},         // zero-width space removed
		{"\ufeff有效", "有效"},         // BOM removed
		{"a \u200b b", "a b"},      // removal does not leave two spaces
		{"≧ 100 %", "≧ 100 %"},     // operators are kept (Equivalent maps them)
		{"14个街镇、工业区", "14个街镇、工业区"}, // 、 is not full-width ASCII
		{"a\xffb", "a\ufffdb"},     // invalid UTF-8
		{"\x01", "\x01"},           // other control characters are kept
	}
	for _, tt := range tests {
		got := Normalize(tt.in)
		if got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := Normalize(got); again != got {
			t.Errorf("Normalize not idempotent on %q: %q then %q", tt.in, got, again)
		}
	}
}

func TestNormalizeNoAllocWhenNormal(t *testing.T) {
	for _, s := range []string{"≥6000份", "有效", "100%全覆盖", "≧ 100 %", ""} {
		if n := testing.AllocsPerRun(100, func() { _ = Normalize(s) }); n != 0 {
			t.Errorf("Normalize(%q) allocates %v times", s, n)
		}
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		want string // expected value, when err is nil
		err  error
	}{
		{"70000", "70000", nil},
		{"70,000", "70000", nil},
		{"70，000", "70000", nil},
		{"７００００", "70000", nil},
		{"７０，０００．５０", "70000.5", nil},
		{"70000元", "70000", nil},
		{"７００００元", "70000", nil},
		{"70000 元", "70000", nil},
		{" 70 000 ", "70000", nil},
		{"\u300070,000\u3000元\u3000", "70000", nil},
		{"71200.00", "71200", nil},
		{"1,234,567.89", "1234567.89", nil},
		{"7,0000", "70000", nil}, // any grouping is accepted
		{"1.500", "1.5", nil},    // trailing zeros are not places
		{"0.05", "0.05", nil},
		{".5", "0.5", nil},
		{"5.", "5", nil},
		{"0", "0", nil},
		{"000", "0", nil},
		{"0070", "70", nil},
		{"+5", "5", nil},
		{"-0", "0", nil},
		{"-0.00", "0", nil},
		{"9000000000000", "9000000000000", nil},
		{"9,000,000,000,000.00元", "9000000000000", nil},
		{"00000000000000000001", "1", nil}, // leading zeros are not digits of magnitude
		{"1.0000000000000000", "1", nil},

		{"", "", ErrEmpty},
		{"   ", "", ErrEmpty},
		{"\u3000 \t", "", ErrEmpty},
		{"\u200b", "", ErrEmpty},

		{"1O0", "", ErrNotNumber}, // letter O
		{"l00", "", ErrNotNumber}, // letter l
		{"abc", "", ErrNotNumber},
		{"1.2.3", "", ErrNotNumber},
		{",5", "", ErrNotNumber},
		{"5,", "", ErrNotNumber},
		{"5,元", "", ErrNotNumber},
		{"1,,000", "", ErrNotNumber},
		{"1,.5", "", ErrNotNumber},
		{"1.5,0", "", ErrNotNumber},
		{".", "", ErrNotNumber},
		{"-", "", ErrNotNumber},
		{"元", "", ErrNotNumber},
		{"元70000", "", ErrNotNumber},
		{"70元000", "", ErrNotNumber},
		{"70000元元", "", ErrNotNumber},
		{"70000万元", "", ErrNotNumber},
		{"¥70000", "", ErrNotNumber},
		{"1e5", "", ErrNotNumber},
		{"5-", "", ErrNotNumber},
		{"--5", "", ErrNotNumber},
		{"+-5", "", ErrNotNumber},
		{"—", "", ErrNotNumber},
		{"98.32%", "", ErrNotNumber},
		{"a\xff", "", ErrNotNumber},
		{"七万", "", ErrNotNumber},

		{"-5", "", ErrNegative},
		{"－５", "", ErrNegative},
		{"−5", "", ErrNegative}, // U+2212
		{"- 70,000元", "", ErrNegative},
		{"-0.001", "", ErrNegative}, // negative wins over precision

		{"0.001", "", ErrTooPrecise},
		{"1.005", "", ErrTooPrecise},
		{"1.0000001", "", ErrTooPrecise},

		{"9000000000000.01", "", ErrTooLarge},
		{"9000000000001", "", ErrTooLarge},
		{"99999999999999999999999999999", "", ErrTooLarge},
	}
	for _, tt := range tests {
		got, err := ParseAmount(tt.in)
		if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
			t.Errorf("ParseAmount(%q) error = %v, want %v", tt.in, err, tt.err)
			continue
		}
		if tt.err == nil && got.Cmp(decimal.MustParse(tt.want)) != 0 {
			t.Errorf("ParseAmount(%q) = %s, want %s", tt.in, got, tt.want)
		}
		if tt.err != nil && !got.IsZero() {
			t.Errorf("ParseAmount(%q) = %s with error %v, want 0", tt.in, got, err)
		}
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  error
	}{
		{"10", "10", nil},
		{"9.83", "9.83", nil},
		{"９．７１", "9.71", nil},
		{"99.9", "99.9", nil},
		{"0.1234", "0.1234", nil},
		{"0.12340", "0.1234", nil},
		{" 15 ", "15", nil},
		{"1,000", "1000", nil},
		{"", "", ErrEmpty},
		{"0.12345", "", ErrTooPrecise},
		{"10元", "", ErrNotNumber}, // 元 only for amounts
		{"10分", "", ErrNotNumber},
		{"—", "", ErrNotNumber},
		{"-1", "", ErrNegative},
		{"10000000000000", "", ErrTooLarge},
	}
	for _, tt := range tests {
		got, err := ParseNumber(tt.in)
		if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
			t.Errorf("ParseNumber(%q) error = %v, want %v", tt.in, err, tt.err)
			continue
		}
		if tt.err == nil && got.Cmp(decimal.MustParse(tt.want)) != 0 {
			t.Errorf("ParseNumber(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestParseAmountSeed(t *testing.T) {
	// Every executed amount of the seed, as printed.
	for in, want := range map[string]string{
		"70,000": "70000", "330,000": "330000", "119,829": "119829", "9,884": "9884",
		"193,100": "193100", "667,380": "667380", "549,120": "549120", "220,000": "220000",
		"677,500": "677500", "177,000": "177000", "945000.00": "945000",
	} {
		got, err := ParseAmount(in)
		if err != nil || got.Cmp(decimal.MustParse(want)) != 0 {
			t.Errorf("ParseAmount(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
}

func TestParseAmountNoAlloc(t *testing.T) {
	for _, s := range []string{"70,000", "７００００元", "1,234,567.89", "1O0"} {
		if n := testing.AllocsPerRun(100, func() { _, _ = ParseAmount(s) }); n != 0 {
			t.Errorf("ParseAmount(%q) allocates %v times", s, n)
		}
	}
}

func BenchmarkParseAmount(b *testing.B) {
	inputs := []string{"70,000", "71200.00", "７００００元", "1,234,567.89 元"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_, _ = ParseAmount(inputs[i%len(inputs)])
	}
}
