package form

import (
	"strings"
	"unicode"
)

// The readers of copied tables and of workbooks see cells as people wrote them; these clean
// them up the same way in both.

// TrimCell trims white space, including full-width spaces, zero-width spaces and BOMs.
func TrimCell(s string) string { return strings.TrimFunc(s, isBlank) }

func isBlank(r rune) bool { return unicode.IsSpace(r) || r == '\u200B' || r == '\uFEFF' }

// Squeeze removes all white space, for matching labels written with spaces ("年度 指标值").
func Squeeze(s string) string {
	if strings.IndexFunc(s, isBlank) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isBlank(r) {
			return -1
		}
		return r
	}, s)
}

// YearIn finds a year written as four digits followed by 年 ("2022年度"), ASCII or full-width.
func YearIn(s string) (int, bool) {
	rs := []rune(s)
	for i := 0; i+4 < len(rs); i++ {
		if rs[i+4] != '年' {
			continue
		}
		y, ok := 0, true
		for _, r := range rs[i : i+4] {
			d := Digit(r)
			if d < 0 {
				ok = false
				break
			}
			y = y*10 + d
		}
		if ok && (i == 0 || Digit(rs[i-1]) < 0) {
			return y, true
		}
	}
	return 0, false
}

// Digit returns the value of an ASCII or full-width digit, or -1.
func Digit(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r >= '０' && r <= '９':
		return int(r - '０')
	}
	return -1
}
