package i18n

import "strings"

func init() { add(vocabularyMessages) }

// vocabularyMessages name the grades of the total (rule 8) and the level-1 and level-2
// labels of the indicator tree (rule 11) in English. The key is the prefix and the Chinese
// label as stored ("grade.优", "level.产出指标"), and the Chinese text is the label itself:
// stored data stays Chinese, and only what a person reads in English changes. Every label
// of the profiles' vocabularies is here, with the cost indicators of newer Shanghai guidance
// and the 长效管理指标 of older forms.
var vocabularyMessages = map[string][2]string{
	"grade.优": {"优", "Excellent"},
	"grade.良": {"良", "Good"},
	"grade.中": {"中", "Fair"},
	"grade.差": {"差", "Poor"},

	"level.产出指标": {"产出指标", "Output"},
	"level.数量指标": {"数量指标", "Quantity"},
	"level.质量指标": {"质量指标", "Quality"},
	"level.时效指标": {"时效指标", "Timeliness"},
	"level.成本指标": {"成本指标", "Cost"},

	"level.效益指标":    {"效益指标", "Benefits"},
	"level.经济效益指标":  {"经济效益指标", "Economic benefits"},
	"level.社会效益指标":  {"社会效益指标", "Social benefits"},
	"level.生态效益指标":  {"生态效益指标", "Ecological benefits"},
	"level.可持续影响指标": {"可持续影响指标", "Sustainable impact"},

	"level.满意度指标":     {"满意度指标", "Satisfaction"},
	"level.服务对象满意度指标": {"服务对象满意度指标", "Beneficiary satisfaction"},

	"level.经济成本指标":   {"经济成本指标", "Economic cost"},
	"level.社会成本指标":   {"社会成本指标", "Social cost"},
	"level.生态环境成本指标": {"生态环境成本指标", "Environmental cost"},

	"level.长效管理指标": {"长效管理指标", "Long-term management"},
}

// GradeLabel returns the grade of a total (优, 良, 中, 差) as a person reads it in lang:
// "Excellent" for 优 in English. An unknown grade, and every grade in Chinese, is returned
// as it is.
func GradeLabel(lang Lang, grade string) string {
	return vocab(lang, "grade.", grade)
}

// LevelLabel returns the English gloss of a level-1 or level-2 indicator label of the
// vocabulary ("Output" for 产出指标) when lang is English, and text itself otherwise: in
// Chinese, or for a label the vocabulary does not know. Surrounding spaces are ignored.
func LevelLabel(lang Lang, text string) string {
	return vocab(lang, "level.", text)
}

// VocabLabel returns the English label of a grade or of a level-1 or level-2 indicator
// label when lang is English and the text is one the catalog knows, and text otherwise.
func VocabLabel(lang Lang, text string) string {
	if s := GradeLabel(lang, text); s != text {
		return s
	}
	return LevelLabel(lang, text)
}

func vocab(lang Lang, prefix, text string) string {
	if lang != En {
		return text
	}
	if m, ok := catalog[prefix+strings.TrimSpace(text)]; ok {
		return m[1]
	}
	return text
}
