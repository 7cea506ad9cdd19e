package form

import (
	"strings"

	"selfeval/internal/decimal"
)

// LabelPoints splits a level label that carries its points, as forms published elsewhere
// write it ("产出指标(50分)", "产出指标（50 分）", "数量指标(20.5分)"), into the label itself and
// the points; ok is false for a label without them, whose name is then the label, normalised.
func LabelPoints(label string) (name string, points decimal.Dec, ok bool) {
	s := Normalize(label) // full-width brackets and digits become ASCII
	if !strings.HasSuffix(s, "分)") {
		return s, decimal.Zero, false
	}
	open := strings.LastIndexByte(s, '(')
	if open < 0 {
		return s, decimal.Zero, false
	}
	n := strings.TrimSpace(strings.TrimSuffix(s[open+1:len(s)-len(")")], "分"))
	d, err := decimal.Parse(strings.TrimSpace(n))
	if err != nil || d.Sign() < 0 {
		return s, decimal.Zero, false
	}
	return strings.TrimSpace(s[:open]), d, true
}

// LabelName is a level label without the points it may carry ("产出指标(50分)" → "产出指标").
func LabelName(label string) string {
	name, _, _ := LabelPoints(label)
	return name
}
