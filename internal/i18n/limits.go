package i18n

func init() { add(limitMessages) }

// limitMessages name the bounds of a form (form.CheckLimits), the same for the editor, an
// import, the JSON and the command line.
var limitMessages = map[string][2]string{
	"error.refused":                       {"%s", "%s"},
	"error.limit":                         {"未保存：%s", "Not saved: %s"},
	"limit.rows":                          {"此表有 %d 行指标，最多 %d 行", "the form has %d indicator rows, at most %d"},
	"limit.chars":                         {"%s 有 %d 个字符，最多 %d 个", "%s has %d characters, at most %d"},
	"limit.year":                          {"年度 %d 不在 %d–%d 之间", "the year %d is not within %d–%d"},
	"import.expired":                      {"此次预览已过期或不属于您，未创建任何自评表：请重新预览后再创建。", "This preview has expired or is not yours; nothing was created: preview again, then create."},
	"import.limit":                        {"第 %d 张自评表（%s）：%s", "Form %d (%s): %s"},
	"problem.indicator.achieved_in_words": {"实际完成值“%s”表示已达成目标，按“达成年度指标”评分；如有不同，请选择达成程度。", "The actual value “%s” says the target was reached: scored as achieved; choose another grade if it was not."},
	"problem.indicator.label_points":      {"“%s”标明 %s 分，但其下各行分值合计 %s 分", "“%s” says %s points, but the weights of its rows add up to %s"},
	"problem.field.too_long":              {"有 %s 个字符，最多 %s 个：请删减后才能保存", "%s characters, at most %s: shorten it to save"},
}
