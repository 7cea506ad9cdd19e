// Package decimal is the exact number type of selfeval: money, weights, rates and scores.
//
// A Dec is a fixed-point decimal with six fractional digits held in an int64, so it
// never allocates and never meets binary floating point. Six digits are enough for
// every amount a person types (cents) and every intermediate a rule needs; results
// are rounded to two places by the rules themselves, with the mode each rule names.
// Parse refuses magnitudes above MaxAbs (nine trillion); arithmetic saturates at the int64
// range (about 9.2 trillion) instead of wrapping.
package decimal

import (
	"errors"
	"math"
	"math/bits"
	"strconv"
	"strings"
	"sync/atomic"
)

// Places is the number of fractional digits a Dec holds.
const Places = 6

const scale = 1_000_000

// Dec is an exact decimal number. The zero value is 0.
type Dec struct{ m int64 } // m = value × 10^6

// Rounding says how a result is brought to fewer places.
type Rounding uint8

const (
	// HalfUp rounds to nearest, ties away from zero (四舍五入).
	HalfUp Rounding = iota
	// Up rounds away from zero (进一法), as Shanghai prints execution rates.
	Up
	// Down rounds toward zero (截断), as Sichuan and Anhui print them.
	Down
)

// Errors returned by Parse.
var (
	ErrSyntax    = errors.New("not a number")
	ErrPrecision = errors.New("more than 6 decimal places")
	ErrRange     = errors.New("number too large")
)

// MaxAbs is the largest magnitude Parse accepts: 9,000,000,000,000 (nine trillion).
var MaxAbs = Dec{9_000_000_000_000 * scale}

// Common constants.
var (
	Zero    = Dec{}
	One     = Dec{scale}
	Hundred = Dec{100 * scale}
)

// FromInt returns n as a Dec, saturating beyond MaxAbs.
func FromInt(n int64) Dec {
	if n > MaxAbs.m/scale {
		return MaxAbs
	}
	if n < -MaxAbs.m/scale {
		return MaxAbs.Neg()
	}
	return Dec{n * scale}
}

// Parse reads a plain ASCII decimal: optional sign, digits, optional point and up to six
// fractional digits ("70000", "-1.5", ".25", "3."). Grouping, full-width digits and units are
// the business of form.ParseAmount, which normalises what people type before calling Parse.
func Parse(s string) (Dec, error) {
	if s == "" {
		return Dec{}, ErrSyntax
	}
	neg := false
	switch s[0] {
	case '-':
		neg = true
		s = s[1:]
	case '+':
		s = s[1:]
	}
	intPart, frac, hasPoint := strings.Cut(s, ".")
	if intPart == "" && frac == "" {
		return Dec{}, ErrSyntax
	}
	if hasPoint && strings.Contains(frac, ".") {
		return Dec{}, ErrSyntax
	}
	var v int64
	for i := 0; i < len(intPart); i++ {
		c := intPart[i]
		if c < '0' || c > '9' {
			return Dec{}, ErrSyntax
		}
		v = v*10 + int64(c-'0')
		if v > MaxAbs.m/scale {
			return Dec{}, ErrRange
		}
	}
	v *= scale
	f := int64(scale / 10)
	for i := 0; i < len(frac); i++ {
		c := frac[i]
		if c < '0' || c > '9' {
			return Dec{}, ErrSyntax
		}
		if f == 0 {
			if c != '0' {
				return Dec{}, ErrPrecision
			}
			continue
		}
		v += int64(c-'0') * f
		f /= 10
	}
	if v > MaxAbs.m {
		return Dec{}, ErrRange
	}
	if neg {
		v = -v
	}
	return Dec{v}, nil
}

// MustParse is Parse for constants in code and tests; it panics on a malformed literal.
func MustParse(s string) Dec {
	d, err := Parse(s)
	if err != nil {
		panic("decimal.MustParse(" + strconv.Quote(s) + "): " + err.Error())
	}
	return d
}

// Add returns d + e, saturating at the int64 range.
func (d Dec) Add(e Dec) Dec {
	s := d.m + e.m
	if (s > d.m) != (e.m > 0) {
		if e.m > 0 {
			return Dec{math.MaxInt64}
		}
		return Dec{math.MinInt64 + 1}
	}
	return Dec{s}
}

// Sub returns d − e, saturating at the int64 range.
func (d Dec) Sub(e Dec) Dec { return d.Add(e.Neg()) }

// Neg returns −d.
func (d Dec) Neg() Dec {
	if d.m == math.MinInt64 {
		return Dec{math.MaxInt64}
	}
	return Dec{-d.m}
}

// Abs returns |d|.
func (d Dec) Abs() Dec {
	if d.m < 0 {
		return d.Neg()
	}
	return d
}

// Cmp compares d and e: −1 if d < e, 0 if equal, +1 if d > e.
func (d Dec) Cmp(e Dec) int {
	switch {
	case d.m < e.m:
		return -1
	case d.m > e.m:
		return 1
	}
	return 0
}

// Sign returns −1, 0 or +1.
func (d Dec) Sign() int { return d.Cmp(Zero) }

// IsZero reports whether d is 0.
func (d Dec) IsZero() bool { return d.m == 0 }

// Min returns the smaller of d and e.
func (d Dec) Min(e Dec) Dec {
	if e.m < d.m {
		return e
	}
	return d
}

// Max returns the larger of d and e.
func (d Dec) Max(e Dec) Dec {
	if e.m > d.m {
		return e
	}
	return d
}

// Round returns d rounded to places (0–6) fractional digits with mode r.
func (d Dec) Round(places int, r Rounding) Dec { return MulDiv(d, One, One, places, r) }

// Mul returns d × e rounded to places fractional digits with mode r.
func (d Dec) Mul(e Dec, places int, r Rounding) Dec { return MulDiv(d, e, One, places, r) }

// Div returns d ÷ e rounded to places fractional digits with mode r. Division by zero gives 0:
// callers that must tell the person check for a zero divisor first.
func (d Dec) Div(e Dec, places int, r Rounding) Dec { return MulDiv(d, One, e, places, r) }

// MulDiv returns a × b ÷ c computed exactly in 128 bits and then rounded once to places
// (0–6) fractional digits with mode r. A zero c gives 0; a result beyond the int64 range
// saturates. Rounding once is what makes "weight × actual ÷ target" exact.
func MulDiv(a, b, c Dec, places int, r Rounding) Dec {
	if c.m == 0 {
		return Zero
	}
	if places < 0 {
		places = 0
	}
	if places > Places {
		places = Places
	}
	neg := (a.m < 0) != (b.m < 0) != (c.m < 0)
	if a.m == 0 || b.m == 0 {
		return Zero
	}
	ua, ub, uc := absU(a.m), absU(b.m), absU(c.m)
	// raw result = a·b / c (the scales cancel: (a/s)(b/s)/(c/s) = ab/(cs), times s).
	hi, lo := bits.Mul64(ua, ub)
	if hi >= uc {
		return saturated(neg)
	}
	q, rem := bits.Div64(hi, lo, uc)
	step := pow10[Places-places]
	whole, part := q/step, q%step
	up := false
	switch r {
	case Up:
		up = part > 0 || rem > 0
	case HalfUp:
		if step == 1 {
			up = rem >= uc-rem
		} else {
			up = part >= step/2
		}
	}
	if up {
		if whole >= math.MaxInt64/step {
			return saturated(neg) // also keeps whole++ from wrapping to 0 when q = 2^64−1
		}
		whole++
	}
	if whole > math.MaxInt64/step {
		return saturated(neg)
	}
	v := int64(whole * step)
	if neg {
		v = -v
	}
	return Dec{v}
}

var pow10 = [...]uint64{1, 10, 100, 1000, 10000, 100000, 1000000}

func absU(v int64) uint64 {
	if v < 0 {
		return uint64(-v)
	}
	return uint64(v)
}

func saturated(neg bool) Dec {
	if neg {
		return Dec{math.MinInt64 + 1}
	}
	return Dec{math.MaxInt64}
}

// Scale is the number of fractional digits d needs, 0 to Places: 2 for 9.25, 0 for 10.
func (d Dec) Scale() int {
	m := d.m % scale
	if m == 0 {
		return 0
	}
	n := Places
	for m%10 == 0 {
		m /= 10
		n--
	}
	return n
}

// String returns the shortest exact form: "9.9", "10", "-0.05".
func (d Dec) String() string {
	var s string
	if d.m >= 0 && d.m <= cachedMax*scale && d.m%(scale/100) == 0 {
		s = d.Fixed(2) // a cached string, of which the result is a part
	} else {
		s = d.Fixed(Places)
	}
	if strings.IndexByte(s, '.') >= 0 {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	return s
}

// Fixed returns d with exactly places fractional digits, rounded half-up: Fixed(2) of 9.9 is "9.90".
func (d Dec) Fixed(places int) string {
	if places == 2 {
		if r := d.Round(2, HalfUp); r.m >= 0 && r.m <= cachedMax*scale {
			return fixed2(int(r.m / (scale / 100)))
		}
	}
	var buf [32]byte
	return string(d.appendFixed(buf[:0], places, false))
}

// AppendFixed appends d with exactly places fractional digits, rounded half-up, as Fixed
// returns it.
func (d Dec) AppendFixed(b []byte, places int) []byte { return d.appendFixed(b, places, false) }

// cachedMax is the largest value whose two-place form is kept once formatted: scores,
// weights and rates (0.00 to 100.00) are formatted on every keystroke and would otherwise
// each take a new string.
const cachedMax = 100

// fixed2Cache holds the two-place forms of 0.00 to 100.00 by hundredths, filled as used.
var fixed2Cache [cachedMax*100 + 1]atomic.Pointer[string]

// fixed2 is the two-place form of hundredths/100 for 0 ≤ hundredths ≤ 10000.
func fixed2(hundredths int) string {
	if p := fixed2Cache[hundredths].Load(); p != nil {
		return *p
	}
	var buf [8]byte
	s := string(Dec{int64(hundredths) * (scale / 100)}.appendFixed(buf[:0], 2, false))
	fixed2Cache[hundredths].Store(&s)
	return s
}

// Grouped returns d with places fractional digits and thousands separators: "1,234,567.00".
func (d Dec) Grouped(places int) string {
	var buf [40]byte
	return string(d.appendFixed(buf[:0], places, true))
}

func (d Dec) appendFixed(b []byte, places int, group bool) []byte {
	if places < 0 {
		places = 0
	}
	if places > Places {
		places = Places
	}
	r := d.Round(places, HalfUp)
	u := absU(r.m)
	if r.m < 0 {
		b = append(b, '-')
	}
	ip, fp := u/scale, u%scale
	var db [20]byte
	digits := strconv.AppendUint(db[:0], ip, 10)
	for i, c := range digits {
		if group && i > 0 && (len(digits)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, c)
	}
	if places > 0 {
		b = append(b, '.')
		fd := strconv.AppendUint(db[:0], fp+scale, 10)[1:] // six digits, zero-padded
		b = append(b, fd[:places]...)
	}
	return b
}

// MarshalText writes the shortest exact form, so a Dec in JSON is a string.
func (d Dec) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads what MarshalText wrote.
func (d *Dec) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
