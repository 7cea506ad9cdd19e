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

// labelSynonyms are the other wordings of the form's labels that published forms use, by the
// label the readers match: 权重 for 分值, 全年实际值 for 实际完成值, 年初设定目标 for 预期目标 ….
var labelSynonyms = map[string]string{
	"总额":           "年度资金总额",
	"资金总额":         "年度资金总额",
	"年初设定目标":       "预期目标",
	"项目年度目标":       "预期目标",
	"年度目标完成情况":     "实际完成情况",
	"年度总体目标完成情况综述": "实际完成情况",
	"全年实际完成情况":     "实际完成情况",
	"全年实际值":        "实际完成值",
	"实际值":          "实际完成值",
	"完成值":          "实际完成值",
	"权重":           "分值",
	"未完成原因分析":      "偏差原因分析及改进措施",
	"偏差原因分析":       "偏差原因分析及改进措施",
	"未完成原因分析及改进措施": "偏差原因分析及改进措施",
	"偏差原因及改进措施":    "偏差原因分析及改进措施",
	"计量单位":         "度量单位",
	"指标方向":         "指标性质",
}

// CanonicalLabel is a squeezed cell as the readers (text and workbook) match labels: without a trailing colon
// ("年度资金总额:"), 本年财政拨款 read as 当年财政拨款, and the synonyms of labelSynonyms.
func CanonicalLabel(c string) string {
	c = strings.TrimRight(c, ":：")
	if rest, ok := strings.CutSuffix(c, "本年财政拨款"); ok {
		c = rest + "当年财政拨款"
	}
	if l, ok := labelSynonyms[c]; ok {
		return l
	}
	return c
}
