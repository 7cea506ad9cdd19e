package scoring

import (
	"regexp"
	"slices"
	"strings"

	"selfeval/internal/decimal"
	"selfeval/internal/form"
	"selfeval/internal/i18n"
)

// Explanation says why one computed figure is what it is: the rule that produced it, its
// inputs and the rule's source, e.g. "反向指标：实际 12 高于目标 10，得分 = (1 − 2 ÷ 10) × 分值 10
// = 8，四舍五入至 2 位小数：8.00（依据：…）". Explain makes them; Message words them.
type Explanation struct {
	// Figure is the figure explained: FigureRate, FigureBudget, FigureTotal, FigureCap,
	// FigureGrade, or "indicators.N.suggested" and "indicators.N.deduction" for row N
	// (counted from 0, as in field paths). A row's suggestion is explained by the rule that
	// made it; when the profile then deducts points, the deduction's explanation follows and
	// its Value is the suggestion the row shows. Likewise a cap's Value is the total shown.
	Figure string `json:"figure"`
	// Rule is the profile's rule (a key of Profile.Sources: "rate", "reverse", "caps" …) or a
	// rule every profile shares ("positive", "words", "deadline", "total").
	Rule string `json:"rule"`
	// Key is the catalog key of the message, "explain." + Key.
	Key string `json:"key"`
	// Args are the message's values: amounts, rates and scores as the rule used them.
	Args []string `json:"args"`
	// Rounding is "up", "down" or "half_up" when the figure is the rounded result of the
	// message's formula, to Places places; "" when nothing was rounded.
	Rounding string `json:"rounding,omitempty"`
	Places   int    `json:"places,omitempty"`
	// Value is the figure as printed.
	Value string `json:"value"`
	// Source is the document number or the address the rule was read from; for a rounded
	// score, followed by the source of the profile's score rounding.
	Source string `json:"source"`
	// Profile is the title of the profile the rule is of (上海市 2022 年).
	Profile string `json:"profile"`
}

// docNumbers and addresses find, in a rule's source, what a person can look up: the number of
// a document (财预〔2020〕10号) and the address of a published form.
var (
	docNumbers = regexp.MustCompile(`\p{Han}+〔\d{4}〕\d+号`)
	addresses  = regexp.MustCompile(`https?://[^\s()（）;；，,]+`)
)

// Citation is what a person is shown of e's source: the document numbers and addresses it
// names, or, for a rule no document states (a decision, the seed's printed figures), the
// profile it belongs to. The full note stays in Source, for the JSON and the developers.
func (e *Explanation) Citation(lang i18n.Lang) string {
	var found []string
	for _, m := range append(docNumbers.FindAllString(e.Source, -1), addresses.FindAllString(e.Source, -1)...) {
		if !slices.Contains(found, m) {
			found = append(found, m)
		}
	}
	if len(found) > 0 {
		return strings.Join(found, "；")
	}
	return i18n.T(lang, "explain.source_profile", e.Profile)
}

// The figures that are not a row's (Explanation.Figure).
const (
	FigureRate   = "execution_rate"
	FigureBudget = "budget_score"
	FigureTotal  = "total"
	FigureCap    = "cap"
	FigureGrade  = "grade"
)

// Explain scores f under p and returns why each computed figure is what it is, in the order
// the figures are computed: execution rate, budget score, each row's suggested score and
// deduction, total, cap, grade. A row the rules cannot score says so; a row without a
// target or an actual has none. Score itself explains nothing, so that a keystroke costs no
// more than its figures; call Explain when a person asks why.
func Explain(f *form.Form, p *Profile) []Explanation {
	var ex []Explanation
	s := scorer{p: p, ex: &ex}
	s.run(f)
	return ex
}

// Message words e in lang: the rule with its inputs, the rounding and where the rule comes
// from (Citation).
func (e *Explanation) Message(lang i18n.Lang) string {
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		args[i] = a
	}
	if strings.HasPrefix(e.Key, "grade") && len(args) > 0 {
		args[len(args)-1] = i18n.GradeLabel(lang, e.Args[len(e.Args)-1])
	}
	var b strings.Builder
	b.WriteString(i18n.T(lang, "explain."+e.Key, args...))
	switch {
	case e.Rounding != "" && e.Places == 0:
		b.WriteString(i18n.T(lang, "explain.rounded."+e.Rounding+".whole", e.Value))
	case e.Rounding != "":
		b.WriteString(i18n.T(lang, "explain.rounded."+e.Rounding, e.Places, e.Value))
	}
	b.WriteString(i18n.T(lang, "explain.source", e.Citation(lang)))
	return b.String()
}

// sharedSources are the sources of the rules every profile applies the same way.
var sharedSources = map[string]string{
	"positive": "财预〔2020〕10号：完成指标值的，记该指标所赋全部分值；未完成指标值的，按照完成值与指标值的比例记分（docs/DOMAIN.md rule 3）",
	"words":    "docs/DOMAIN.md rule 4: an actual that is the target's text is achieved",
	"deadline": "docs/DOMAIN.md rule 5: an actual no later than the deadline is achieved",
	"total":    "docs/DOMAIN.md rule 8: total = budget score + indicator scores",
}

// explain records one explanation; value is the figure as printed.
func (s *scorer) explain(figure, rule, key, rounding string, places int, value string, args ...string) {
	src, ok := s.p.Sources[rule]
	if !ok {
		src = sharedSources[rule]
	}
	if rounding == "" {
		places = 0
	}
	// A rounded score names the rounding's source too (the rate's own source covers its rounding).
	if sc := s.p.Sources["scores"]; rounding != "" && rule != "rate" && sc != "" && sc != src {
		src += "; " + sc
	}
	if figure == FigureRate {
		value += "%"
	}
	*s.ex = append(*s.ex, Explanation{Figure: figure, Rule: rule, Key: key, Args: args, Rounding: rounding,
		Places: places, Value: value, Source: src, Profile: s.p.Title})
}

// explainQuantitative records why row i's suggested score is got (rule 3): case key of
// quantitative, and weight × num ÷ den when proportional.
func (s *scorer) explainQuantitative(i int, key string, w, t, a, num, den, got decimal.Dec) {
	rule := "positive"
	switch {
	case strings.HasPrefix(key, "reverse"):
		rule = "reverse"
	case key == "zero_target":
		rule = "zero_target"
	}
	// The weight is the formula's (分值 10), or the full score a met row gets (10.00).
	r, exact, weight := "", "", printed(got, s.p.ScorePlaces)
	if !den.IsZero() {
		r, exact, weight = rounding(s.p.ScoreRounding), decimal.MulDiv(w, num, den, decimal.Places, decimal.HalfUp).String(), w.String()
	}
	s.explain(fieldPath{i, "suggested"}.String(), rule, "indicator."+key, r, s.p.ScorePlaces, printed(got, s.p.ScorePlaces),
		a.String(), t.String(), weight, a.Sub(t).String(), t.Add(t).String(), exact)
}

// explainWords records why a row that is not two numbers has its suggestion, or none (rules 4, 5).
func (s *scorer) explainWords(r *IndicatorResult, target, actual *form.Value, i int) {
	if target.Kind == form.KindEmpty || actual.Kind == form.KindEmpty {
		return
	}
	figure := fieldPath{i, "suggested"}.String()
	switch {
	case !r.Met && r.Kind == Deadline && actual.Kind == form.KindDeadline:
		s.explain(figure, "qualitative", "indicator.deadline.late", "", 0, "", actual.Raw, target.Raw)
	case !r.Met:
		s.explain(figure, "qualitative", "indicator.none", "", 0, "", actual.Raw, target.Raw)
	case r.Kind == Deadline && actual.Kind == form.KindDeadline:
		s.explain(figure, "deadline", "indicator.deadline.met", "", 0, printed(r.Suggested, s.p.ScorePlaces),
			actual.Raw, target.Raw, printed(r.Suggested, s.p.ScorePlaces))
	default:
		s.explain(figure, "words", "indicator.words.met", "", 0, printed(r.Suggested, s.p.ScorePlaces),
			actual.Raw, target.Raw, printed(r.Suggested, s.p.ScorePlaces))
	}
}

// explainGrade records which band gives the total its grade (rule 8).
func (s *scorer) explainGrade(total decimal.Dec, grade string) {
	g := s.p.Grades
	i := 0
	for i < len(g)-1 && total.Cmp(g[i].From) < 0 {
		i++
	}
	if i == len(g)-1 && i > 0 {
		s.explain(FigureGrade, "grades", "grade.below", "", 0, grade, printed(total, s.p.ScorePlaces), g[i-1].From.String(), grade)
		return
	}
	s.explain(FigureGrade, "grades", "grade", "", 0, grade, printed(total, s.p.ScorePlaces), g[i].From.String(), grade)
}

// rounding names a rounding mode as explanations and profile files do.
func rounding(r decimal.Rounding) string {
	switch r {
	case decimal.Up:
		return "up"
	case decimal.Down:
		return "down"
	}
	return "half_up"
}

// printed is a computed figure as the form prints it: with places places (2, or 0 for whole
// numbers); a figure with a fraction that whole numbers would hide (a score a person typed,
// 8.5) keeps two.
func printed(d decimal.Dec, places int) string {
	if places == 0 && d.Scale() > 0 {
		places = 2
	}
	return d.Fixed(places)
}
