package form

import "testing"

func TestCells(t *testing.T) {
	if got := TrimCell("\u3000\u200b 培训费 \ufeff"); got != "培训费" {
		t.Errorf("TrimCell = %q", got)
	}
	if got := Squeeze("年度 指标值\u3000"); got != "年度指标值" {
		t.Errorf("Squeeze = %q", got)
	}
	for s, want := range map[string]int{"2022年度": 2022, "（２０２３年）": 2023, "12022年": 0, "202年": 0, "年度": 0} {
		if y, ok := YearIn(s); y != want || ok != (want != 0) {
			t.Errorf("YearIn(%q) = %d, %v; want %d", s, y, ok, want)
		}
	}
}
