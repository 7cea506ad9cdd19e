package form

import (
	"errors"
	"unicode"
	"unicode/utf8"

	"selfeval/internal/decimal"
)

// Errors of ParseAmount and ParseNumber (rule 12). Each is an inline error on the field
// that was typed; callers test them with errors.Is.
var (
	// ErrEmpty means the field is blank: nothing but spaces, of any width.
	ErrEmpty = errors.New("form: empty")
	// ErrNotNumber means the text is not a number as people type them ("1O0", "abc", "1.2.3", "5,").
	ErrNotNumber = errors.New("form: not a number")
	// ErrTooPrecise means more decimal places than the field holds: 2 for amounts (cents),
	// 4 for weights and scores. Trailing zeros do not count ("1.500" is 1.5).
	ErrTooPrecise = errors.New("form: too many decimal places")
	// ErrTooLarge means a magnitude above decimal.MaxAbs (nine trillion).
	ErrTooLarge = errors.New("form: number too large")
	// ErrNegative means a negative amount, weight or score, which the form never holds.
	ErrNegative = errors.New("form: negative number")
)

// Decimal places accepted by ParseAmount and ParseNumber.
const (
	// AmountPlaces is the most decimal places of an amount in 元: cents.
	AmountPlaces = 2
	// NumberPlaces is the most decimal places of a weight or score.
	NumberPlaces = 4
)

// Normalize is the width and space normalisation applied to everything people type:
// full-width ASCII (U+FF01–U+FF5E: "７０％", "，", "＞", "（") and the small form variants
// (U+FE50–U+FE6B: "﹥", "﹦") become what they stand for, the minus sign U+2212 "-"; U+3000,
// tabs, newlines, no-break and other Unicode spaces become ' '; zero-width characters
// (U+200B–U+200D, U+2060, U+FEFF) are removed; runs of spaces collapse to one; leading
// and trailing spaces are trimmed; invalid UTF-8 becomes U+FFFD. Nothing else changes:
// operators such as "≧" and Chinese punctuation such as "、" are kept (see Equivalent).
// Normalize is idempotent, and returns s itself (no allocation) when s is already normal.
func Normalize(s string) string {
	if isNormal(s) {
		return s
	}
	var buf [128]byte
	b := appendNormal(buf[:0], s)
	return string(b)
}

// isNormal reports whether Normalize(s) == s.
func isNormal(s string) bool {
	prevSpace := true // a leading space is not normal
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' {
				if prevSpace {
					return false
				}
				prevSpace = true
			} else {
				if c <= '\r' && c >= '\t' {
					return false
				}
				prevSpace = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return false
		}
		if _, act := classify(r); act != keep {
			return false
		}
		prevSpace = false
		i += size
	}
	return len(s) == 0 || s[len(s)-1] != ' '
}

type action uint8

const (
	keep action = iota
	mapped
	space
	drop
)

// classify says what Normalize does with r, and the rune it becomes when mapped.
func classify(r rune) (rune, action) {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0, mapped
	case r >= 0xFE50 && r <= 0xFE6B:
		if m := smallForms[r-0xFE50]; m != 0 {
			return m, mapped
		}
	case r == '−': // U+2212 MINUS SIGN
		return '-', mapped
	case r == ' ':
		return ' ', space
	case r < utf8.RuneSelf:
		if r >= '\t' && r <= '\r' {
			return ' ', space
		}
		return r, keep
	case r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0xFEFF:
		return 0, drop
	case unicode.IsSpace(r):
		return ' ', space
	}
	return r, keep
}

// smallForms are the Unicode small form variants (U+FE50–U+FE6B: "﹥", "﹦", "﹪", "﹙") as
// their compatibility decomposition writes them; 0 for the unassigned.
var smallForms = [...]rune{',', '、', '.', 0, ';', ':', '?', '!', '—', '(', ')', '{', '}', '〔', '〕', '#',
	'&', '*', '+', '-', '<', '>', '=', 0, '\\', '$', '%', '@'}

// appendNormal appends Normalize(s) to b.
func appendNormal(b []byte, s string) []byte {
	pending := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		m, act := classify(r)
		switch act {
		case drop:
			continue
		case space:
			pending = len(b) > 0
			continue
		}
		if pending {
			b = append(b, ' ')
			pending = false
		}
		b = utf8.AppendRune(b, m) // RuneError of an invalid byte becomes U+FFFD
	}
	return b
}

// ParseAmount reads an amount of money in 元 as people type it (rule 12): "70000",
// "70,000", "70，000", "７００００", "70000.5", "70 000", "70000元", "７００００ 元".
//
// Spaces of any width may appear anywhere and are ignored. Grouping commas (half or full
// width) are accepted between digits of the integer part only, in any grouping ("7,0000");
// a comma at either end, next to the point or after it is refused. A leading or trailing
// point is accepted (".5", "5."). One trailing 元 is allowed. At most AmountPlaces significant
// decimal places. A leading minus ("-", "－", "−") gives ErrNegative, except for zero ("-0" is 0).
//
// Errors, in order of precedence: ErrEmpty, ErrNotNumber, ErrNegative, ErrTooPrecise, ErrTooLarge.
func ParseAmount(s string) (decimal.Dec, error) { return parseTyped(s, AmountPlaces, true) }

// ParseNumber reads a weight or a score as people type it: like ParseAmount, without the
// trailing 元 and with at most NumberPlaces significant decimal places.
func ParseNumber(s string) (decimal.Dec, error) { return parseTyped(s, NumberPlaces, false) }

// maxIntDigits is the number of integer digits of decimal.MaxAbs (9,000,000,000,000).
const maxIntDigits = 13

func parseTyped(s string, places int, yuan bool) (decimal.Dec, error) {
	if s == "" {
		return decimal.Zero, ErrEmpty
	}
	if d, ok := plainDecimal(s, places); ok {
		return d, nil
	}
	var (
		buf       [maxIntDigits + 1 + decimal.Places]byte
		n         int // bytes of buf used by the integer digits
		fracBuf   [decimal.Places]byte
		fracSig   int // significant fraction digits (up to the last non-zero one)
		fracN     int // fraction digits seen
		intDigits int // significant integer digits seen (leading zeros skipped)
		digits    int // all digits seen
		nonZero   bool
		neg       bool
		signed    bool
		point     bool
		comma     bool // a comma is waiting for its digit
		lastDigit bool // the last non-space character was a digit
		unit      bool // 元 was seen: only spaces may follow
		seen      bool // a non-space character was seen
	)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size == 1 {
			return decimal.Zero, ErrNotNumber
		}
		m, act := classify(r)
		if act == space || act == drop {
			continue
		}
		seen = true
		if unit {
			return decimal.Zero, ErrNotNumber
		}
		switch {
		case m >= '0' && m <= '9':
			digits++
			comma = false
			lastDigit = true
			if point {
				fracN++
				if m != '0' {
					nonZero = true
					if fracN > len(fracBuf) {
						fracSig = fracN // beyond any limit: only the count matters
						continue
					}
					fracSig = fracN
				}
				if fracN <= len(fracBuf) {
					fracBuf[fracN-1] = byte(m)
				}
				continue
			}
			if m == '0' && intDigits == 0 {
				continue // leading zero
			}
			nonZero = true
			intDigits++
			if intDigits <= maxIntDigits {
				buf[n] = byte(m)
				n++
			}
		case m == ',':
			if !lastDigit || point {
				return decimal.Zero, ErrNotNumber
			}
			comma = true
			lastDigit = false
		case m == '.':
			if point || comma {
				return decimal.Zero, ErrNotNumber
			}
			point = true
			lastDigit = false
		case m == '-' || m == '+' || m == '−':
			if signed || digits > 0 || point {
				return decimal.Zero, ErrNotNumber
			}
			signed = true
			neg = m != '+'
		case m == '元' && yuan:
			if digits == 0 || comma {
				return decimal.Zero, ErrNotNumber
			}
			unit = true
		default:
			return decimal.Zero, ErrNotNumber
		}
	}
	switch {
	case !seen:
		return decimal.Zero, ErrEmpty
	case digits == 0 || comma:
		return decimal.Zero, ErrNotNumber
	case neg && nonZero:
		return decimal.Zero, ErrNegative
	case fracSig > places:
		return decimal.Zero, ErrTooPrecise
	case intDigits > maxIntDigits:
		return decimal.Zero, ErrTooLarge
	}
	if n == 0 {
		buf[0] = '0'
		n = 1
	}
	if fracSig > 0 {
		buf[n] = '.'
		n++
		n += copy(buf[n:], fracBuf[:fracSig])
	}
	d, err := decimal.Parse(string(buf[:n]))
	if err != nil {
		// Only the range can fail: the text was checked digit by digit above.
		return decimal.Zero, ErrTooLarge
	}
	return d, nil
}

// plainDecimal reads the common case quickly: ASCII digits with at most one point between
// digits and at most places decimals. Anything else goes the long way, which also explains
// what is wrong.
func plainDecimal(s string, places int) (decimal.Dec, bool) {
	point := -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.' && point < 0:
			point = i
		case c < '0' || c > '9':
			return decimal.Zero, false
		}
	}
	if point == 0 || point == len(s)-1 || (point > 0 && len(s)-point-1 > places) || len(s) > 16 {
		return decimal.Zero, false
	}
	d, err := decimal.Parse(s)
	return d, err == nil
}

// ShowAmount is how an amount is shown: 1,234,567.00 when the text is an amount (as
// ParseAmount reads it), and the text as typed otherwise. The page's script formats a plain
// number the same way when a person leaves the field.
func ShowAmount(s string) string {
	d, err := ParseAmount(s)
	if err != nil {
		return s
	}
	return d.Grouped(2)
}
