package i18n

func init() { add(explainPageMessages) }

// explainPageMessages are the texts of the editor's "why this figure".
var explainPageMessages = map[string][2]string{
	"explain.source_profile": {"“%s”评分规则", "the rules “%s”"},
	"explain.heading":        {"计算依据", "How this was computed"},
	"explain.none":           {"这一项由填报人评定，没有计算规则。", "This figure is graded by a person: no rule computes it."},
	"explain.ask":            {"计算依据", "How this was computed"},
	"explain.failed":         {"暂时无法取得计算依据，请稍后再试。", "The explanation could not be fetched; try again in a moment."},
}
