package form

import "strings"

// SaysAchieved reports whether an actual value of a qualitative row says in words that the
// target was reached: a verb of reaching (达成, 达到, 完成, 实现), optionally after 已, 均已,
// 全部, 按期 or 已按期, and optionally followed by what was reached (预期, 目标, 预期目标,
// 年度指标, 年度指标值 …), as published forms write it ("达成预期指标", "已完成", "按期完成",
// "全部完成", "实现预期目标"). A phrase that qualifies or denies (基本, 部分, 未, 没有, 不)
// is not achievement.
func SaysAchieved(actual string) bool {
	s := strings.TrimRight(Squeeze(Normalize(actual)), "。.!！")
	if s == "" || strings.ContainsAny(s, "未不没") || strings.Contains(s, "基本") || strings.Contains(s, "部分") {
		return false
	}
	for _, p := range [...]string{"已按期", "均已", "已全部", "全部", "按期", "已"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			s = rest
			break
		}
	}
	for _, verb := range [...]string{"达成", "达到", "完成", "实现"} {
		if rest, ok := strings.CutPrefix(s, verb); ok {
			switch rest {
			case "", "预期", "目标", "预期目标", "预期指标", "预期效果", "年度指标", "年度指标值", "年度目标",
				"指标", "指标值", "目标值", "任务", "年度任务", "既定目标":
				return true
			}
		}
	}
	return false
}
