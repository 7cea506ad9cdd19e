package form

import "testing"

func TestSaysAchieved(t *testing.T) {
	for s, want := range map[string]bool{
		"达成预期指标": true, "已完成": true, "按期完成": true, "全部完成": true, "实现预期目标": true, "达到年度指标值": true,
		"已按期完成。": true, "达成 预期 目标": true, "均已完成": true, "完成年度任务": true,
		"基本完成": false, "部分达成": false, "未完成": false, "未达成预期指标": false, "没有完成": false, "不达标": false,
		"完成率95%": false, "提升": false, "": false, "完成了一部分": false,
	} {
		if got := SaysAchieved(s); got != want {
			t.Errorf("SaysAchieved(%q) = %v, want %v", s, got, want)
		}
	}
}
