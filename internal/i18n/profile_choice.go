package i18n

func init() { add(profileChoiceMessages) }

// profileChoiceMessages are the texts of the rule profiles' page and of rescoring a year.
var profileChoiceMessages = map[string][2]string{
	"nav.profiles":          {"评分规则", "Scoring rules"},
	"profiles.title":        {"评分规则", "Scoring rules"},
	"profiles.choices":      {"各部门各年度采用的规则", "The rules of each department and year"},
	"profiles.profile":      {"规则", "Rules"},
	"profiles.name":         {"标识", "Identifier"},
	"profiles.version":      {"版本", "Version"},
	"profiles.known":        {"可用的规则", "Rules available"},
	"profiles.none_chosen":  {"尚未为任何部门选择规则：所有自评表采用默认规则。", "No department has rules chosen: every form follows the default rules."},
	"profiles.choose":       {"采用", "Adopt"},
	"profiles.choose_hint":  {"新建的自评表采用所选规则；已有的自评表保持原规则，直到点击“重新评分”并确认。", "New forms follow the rules chosen; existing forms keep theirs until you open the rescoring and confirm it."},
	"profiles.rescore":      {"重新评分…", "Rescore…"},
	"admin.profile_chosen":  {"已为该部门该年度采用规则“%s”。", "Rules “%s” adopted for that department and year."},
	"admin.profile_unknown": {"没有这套规则。", "There are no such rules."},
	"admin.rescored":        {"已按所选规则重新评分 %s 张自评表。", "Rescored %s forms with the rules chosen."},
	"rescore.title":         {"重新评分", "Rescore"},
	"rescore.intro":         {"%s %d 年度的自评表改按“%s”评分。以下是会变化的自评表，确认后才会更改：", "The forms of %s for %d are to be scored with “%s”. These are the forms that would change; nothing changes until you confirm:"},
	"rescore.nothing":       {"所有自评表已采用所选规则，无需重新评分。", "Every form already follows the rules chosen: nothing to rescore."},
	"rescore.from":          {"现用规则", "Rules now"},
	"rescore.kept":          {"已审核通过，保持原评分", "approved: its figures are kept"},
	"rescore.apply":         {"确认重新评分（%d 张得分有变化）", "Rescore (the figures of %d forms change)"},
	"rescore.back":          {"返回评分规则", "Back to the scoring rules"},
	"history.field.profile": {"评分规则", "Scoring rules"},
}
