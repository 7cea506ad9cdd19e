package i18n

func init() { add(punctuationMessages) }

// punctuationMessages are the punctuation a page puts around its texts, which differs by
// language: Chinese uses full-width colons and parentheses, English half-width ones with a
// space. A template writes p.T("punct.label", p.T("form.grade")) rather than a literal "：".
var punctuationMessages = map[string][2]string{
	"punct.label":         {"%s：", "%s:"},
	"punct.parenthetical": {"%s（%s）", "%s (%s)"},
	"form.row.add_sign":   {"＋", "+"},
}
