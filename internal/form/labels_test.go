package form

import "testing"

func TestLabelPoints(t *testing.T) {
	for label, want := range map[string]struct {
		name, points string
		ok           bool
	}{
		"产出指标(50分)": {"产出指标", "50", true}, "产出指标（50 分）": {"产出指标", "50", true}, "数量指标(20.5分)": {"数量指标", "20.5", true},
		"产出指标 （３０分）": {"产出指标", "30", true}, "产出指标": {"产出指标", "0", false}, "效益指标(社会)": {"效益指标(社会)", "0", false},
		"(分)": {"(分)", "0", false}, "满意度(-5分)": {"满意度(-5分)", "0", false},
	} {
		name, pts, ok := LabelPoints(label)
		if name != want.name || pts.String() != want.points || ok != want.ok {
			t.Errorf("LabelPoints(%q) = %q, %s, %v; want %+v", label, name, pts, ok, want)
		}
	}
}
