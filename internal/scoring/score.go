package scoring

import (
	"errors"
	"strconv"

	"selfeval/internal/decimal"
	"selfeval/internal/form"
)

// Kind says how an indicator row was scored.
type Kind string

// The kinds of indicator rows (rules 3–5).
const (
	Quantitative Kind = "quantitative" // target is operator + number + unit
	Qualitative  Kind = "qualitative"  // target is words
	Deadline     Kind = "deadline"     // target is a date, month or quarter
)

// Result is everything computed from one form.
type Result struct {
	Profile        string
	ExecutionRate  decimal.Dec // percent, with the profile's places, not capped
	RatePlaces     int         // places the rate is rounded to and printed with: 2, or 0 (whole percents)
	ScorePlaces    int         // places computed scores are rounded to and printed with: 2, or 0
	BudgetWeight   decimal.Dec
	BudgetScore    decimal.Dec
	IndicatorScore decimal.Dec // sum of the counted indicator scores
	Total          decimal.Dec
	Grade          string
	WeightSum      decimal.Dec // budget weight + indicator weights
	Indicators     []IndicatorResult
	Subtotals      []Subtotal
	Problems       []Problem
}

// IndicatorResult is what the rules say of one indicator row.
type IndicatorResult struct {
	Kind         Kind
	Met          bool        // the target was reached (in full, or by its deadline)
	HasSuggested bool        // false when the person must grade the row (rule 4)
	Suggested    decimal.Dec // the rule's score, with the profile's places
	Deducted     decimal.Dec // points the profile's deduction took off the suggestion (指标偏离)
	Score        decimal.Dec // the score counted in the total: assigned, else suggested
	Weight       decimal.Dec
}

// Subtotal is the weight and score of one level-1 label, or of one level-2 label under it.
type Subtotal struct {
	Level1, Level2 string // Level2 is "" for a level-1 subtotal
	Weight, Score  decimal.Dec
}

// Severity says whether a problem blocks submission.
type Severity string

// The severities of problems.
const (
	Error   Severity = "error"   // blocks submission
	Warning Severity = "warning" // shown, does not block
)

// Problem is one thing wrong or worth a look, at one field.
type Problem struct {
	Code     string   // stable, e.g. "indicator.deviation"; the catalog key is "problem."+Code
	Field    string   // interchange path counted from 0, e.g. "indicators.3.deviation"
	Severity Severity // error blocks submission
	Flag     bool     // shown to the reviewer as a flag (rules 6, 7, 10)
	Args     []string // values for the message
}

// Blocking reports whether any problem is an error.
func (r *Result) Blocking() bool {
	for _, p := range r.Problems {
		if p.Severity == Error {
			return true
		}
	}
	return false
}

var (
	hundred      = decimal.Hundred
	lowExecution = decimal.FromInt(90) // below this the reviewer is shown a flag
)

// Score computes the figures and problems of f under profile p. It never fails: anything
// it cannot read becomes a problem at its field.
func Score(f *form.Form, p *Profile) Result {
	s := scorer{p: p}
	s.run(f)
	return s.res
}

// run fills s.res from f.
func (s *scorer) run(f *form.Form) {
	p := s.p
	s.unit = f.AmountUnit.Unit()
	s.res = Result{Profile: p.Name, RatePlaces: p.RatePlaces, ScorePlaces: p.ScorePlaces}
	if !f.AmountUnit.Known() {
		s.problem(Error, "amount_unit.unknown", form.PathAmountUnit, string(f.AmountUnit))
		s.unit = form.Yuan
	}
	s.funds(&f.Funds)
	s.budget(f.BudgetWeight)
	s.indicators(f)
	s.totals(f)
	// A field past the form's bound cannot be saved: said at the field, as one types.
	form.EachTooLong(f, func(path string, n int) {
		s.problem(Error, "field.too_long", path, strconv.Itoa(n), strconv.Itoa(form.MaxFieldChars))
	})
}

type scorer struct {
	p      *Profile
	unit   form.AmountUnit
	res    Result
	parsed []form.Value   // values already read in this form: forms repeat "100%", "提升", "有效" …
	ex     *[]Explanation // where Explain collects why each figure is what it is; nil when scoring
}

// value reads a target or actual, once per distinct text in a form.
func (s *scorer) value(raw string) form.Value {
	for i := range s.parsed {
		if s.parsed[i].Raw == raw {
			return s.parsed[i]
		}
	}
	v := form.ParseValue(raw)
	if len(s.parsed) < 64 {
		s.parsed = append(s.parsed, v)
	}
	return v
}

func (s *scorer) problem(sev Severity, code, field string, args ...string) {
	s.res.Problems = append(s.res.Problems, Problem{Code: code, Field: field, Severity: sev, Args: args})
}

func (s *scorer) flag(code, field string, args ...string) {
	s.res.Problems = append(s.res.Problems, Problem{Code: code, Field: field, Severity: Warning, Flag: true, Args: args})
}

// amount reads an amount in the form's unit; blank is 0 and any other unreadable text is an
// error at field.
func (s *scorer) amount(raw, field string) decimal.Dec {
	v, err := form.ParseAmountIn(raw, s.unit)
	if err != nil && !errors.Is(err, form.ErrEmpty) {
		code := "amount." + reason(err)
		if s.unit == form.WanYuan && errors.Is(err, form.ErrTooPrecise) {
			code = "amount.precision_wan"
		}
		s.problem(Error, code, field, raw)
	}
	return v
}

// number reads a weight or score; ok is false when blank or unreadable (unreadable is an error
// at field, a path made only then: the keystroke path builds no strings it does not show).
func (s *scorer) number(raw string, field fieldPath) (v decimal.Dec, ok bool) {
	v, err := form.ParseNumber(raw)
	if err == nil {
		return v, true
	}
	if !errors.Is(err, form.ErrEmpty) {
		s.problem(Error, "number."+reason(err), field.String(), raw)
	}
	return decimal.Zero, false
}

// fieldPath is an interchange path: a top-level name (Row < 0) or indicators.Row.Name.
type fieldPath struct {
	Row  int
	Name string
}

func (f fieldPath) String() string {
	if f.Row < 0 {
		return f.Name
	}
	return form.RowPath(f.Row, f.Name)
}

func reason(err error) string {
	switch {
	case errors.Is(err, form.ErrTooPrecise):
		return "precision"
	case errors.Is(err, form.ErrTooLarge):
		return "range"
	case errors.Is(err, form.ErrNegative):
		return "negative"
	}
	return "syntax"
}

// fundsFields are the field paths of the funds grid, built once.
var fundsFields = func() (f [len(form.FundsRowNames)][3]string) {
	for i, name := range form.FundsRowNames {
		for j, col := range form.FundsColumns {
			f[i][j] = form.FundsPath(name, col)
		}
	}
	return f
}()

// funds applies rules 1 and 10.
func (s *scorer) funds(fu *form.Funds) {
	var v [len(form.FundsRowNames)][3]decimal.Dec
	for i, name := range form.FundsRowNames {
		row := fu.Row(name)
		v[i] = [3]decimal.Dec{
			s.amount(row.Initial, fundsFields[i][0]),
			s.amount(row.Adjusted, fundsFields[i][1]),
			s.amount(row.Executed, fundsFields[i][2]),
		}
	}
	for c, col := range [3]string{"initial", "adjusted", "executed"} {
		sum := decimal.Zero
		for _, row := range v[1:] { // the sources: every row but the total, of any template
			sum = sum.Add(row[c])
		}
		if sum.Cmp(v[0][c]) != 0 {
			s.flag("funds.rows_mismatch", form.FundsPath("total", col), form.GroupedIn(v[0][c], s.unit), form.GroupedIn(sum, s.unit))
		}
	}
	adjusted, executed := v[0][1], v[0][2]
	if adjusted.IsZero() {
		s.problem(Warning, "funds.zero_budget", form.FundsPath("total", "adjusted"))
		if s.ex != nil {
			s.explain(FigureRate, "rate", "rate.zero_budget", "", 0, printed(s.res.ExecutionRate, s.p.RatePlaces))
		}
		return
	}
	s.res.ExecutionRate = decimal.MulDiv(executed, hundred, adjusted, s.p.RatePlaces, s.p.RateRounding)
	if s.ex != nil {
		s.explain(FigureRate, "rate", "rate", rounding(s.p.RateRounding), s.p.RatePlaces, printed(s.res.ExecutionRate, s.p.RatePlaces),
			form.GroupedIn(executed, s.unit), form.GroupedIn(adjusted, s.unit), decimal.MulDiv(executed, hundred, adjusted, 4, decimal.HalfUp).String())
	}
	if b := s.p.ExplainRateBelow; !b.IsZero() && s.res.ExecutionRate.Cmp(b) < 0 {
		s.problem(Warning, "funds.rate_explanation", form.FundsPath("total", "executed"), printed(s.res.ExecutionRate, s.p.RatePlaces), b.String())
	}
	if executed.Cmp(adjusted) > 0 {
		s.flag("funds.over_budget", form.FundsPath("total", "executed"))
	}
	if s.res.ExecutionRate.Cmp(lowExecution) < 0 {
		s.flag("funds.low_execution", form.FundsPath("total", "executed"), printed(s.res.ExecutionRate, s.p.RatePlaces))
	}
}

// budget applies rule 2 (or the profile's rate bands).
func (s *scorer) budget(raw string) {
	w := s.p.BudgetWeight
	if raw != "" {
		if v, ok := s.number(raw, fieldPath{-1, form.PathBudgetWeight}); ok {
			w = v
		}
	}
	s.res.BudgetWeight = w
	rate := s.res.ExecutionRate.Min(hundred)
	places, mode := s.p.ScorePlaces, s.p.ScoreRounding
	if len(s.p.RateBands) == 0 {
		s.res.BudgetScore = decimal.MulDiv(rate, w, hundred, places, mode)
		if s.ex != nil {
			s.explain(FigureBudget, "budget_weight", "budget.ratio", rounding(mode), places, printed(s.res.BudgetScore, s.p.ScorePlaces),
				printed(rate, s.p.RatePlaces), w.String(), decimal.MulDiv(rate, w, hundred, decimal.Places, decimal.HalfUp).String())
		}
		return
	}
	for _, b := range s.p.RateBands {
		if rate.Cmp(b.From) >= 0 {
			s.res.BudgetScore = w.Mul(b.Share, places, mode)
			if s.ex != nil {
				s.explain(FigureBudget, "budget_bands", "budget.band", rounding(mode), places, printed(s.res.BudgetScore, s.p.ScorePlaces),
					printed(rate, s.p.RatePlaces), b.From.String(), w.String(), b.Share.String())
			}
			return
		}
	}
}

// indicators applies rules 3–7 and 11 to every row.
func (s *scorer) indicators(f *form.Form) {
	if len(f.Indicators) == 0 {
		s.problem(Error, "indicators.none", form.PathIndicators)
		return
	}
	s.res.Indicators = make([]IndicatorResult, len(f.Indicators))
	for i := range f.Indicators {
		s.res.Indicators[i] = s.indicator(i, &f.Indicators[i], f.Year)
	}
}

func (s *scorer) indicator(i int, in *form.Indicator, year int) IndicatorResult {
	path := func(name string) string { return fieldPath{i, name}.String() }
	s.vocabulary(in, i, year)
	var r IndicatorResult
	w, hasWeight := s.number(in.Weight, fieldPath{i, "weight"})
	if !hasWeight && in.Weight == "" {
		s.problem(Error, "indicator.weight_missing", path("weight"))
	}
	r.Weight = w
	if in.Name == "" {
		s.problem(Error, "indicator.name_missing", path("name"))
	}
	target, actual := s.value(in.Target), s.value(in.Actual)
	switch {
	case target.Kind == form.KindEmpty:
		s.problem(Error, "indicator.target_missing", path("target"))
	case actual.Kind == form.KindEmpty:
		s.problem(Error, "indicator.actual_missing", path("actual"))
	}
	s.suggest(&r, &target, &actual, in.Deviation, i)

	// Rows the rules cannot score are graded by the person, who scores within the grade's band.
	// An actual that says in words that the target was reached ("达成预期指标", "已完成") is
	// taken as the achieved grade until the person chooses one, with a note saying so.
	achievement := in.Achievement
	if achievement == "" && !r.HasSuggested && r.Kind == Qualitative && form.SaysAchieved(in.Actual) {
		achievement = form.Achieved
		s.problem(Warning, "indicator.achieved_in_words", path("achievement"), in.Actual)
	}
	band, graded := s.grade(achievement, i)
	graded = graded && !r.HasSuggested
	if !r.HasSuggested && !graded && target.Kind != form.KindEmpty && actual.Kind != form.KindEmpty {
		s.problem(Warning, "indicator.grade_needed", path("achievement"))
	}

	score, hasScore := s.number(in.Score, fieldPath{i, "score"})
	switch {
	case hasScore:
		r.Score = score
	case in.Score == "" && r.HasSuggested:
		r.Score = r.Suggested
		hasScore = true
	case in.Score == "":
		s.problem(Error, "indicator.score_missing", path("score"))
	}
	if !hasScore {
		return r
	}
	if hasWeight && r.Score.Cmp(w) > 0 {
		s.problem(Error, "indicator.score_range", path("score"), r.Score.String(), w.String())
	}
	if graded {
		s.checkBand(r.Score, w, band, achievement, i)
	}
	above := r.HasSuggested && r.Score.Cmp(r.Suggested) > 0
	if above {
		s.flag("indicator.above_suggested", path("score"), r.Score.String(), r.Suggested.Fixed(2))
	}
	if (above || (hasWeight && r.Score.Cmp(w) < 0)) && blank(in.Deviation) {
		s.problem(Error, "indicator.deviation", path("deviation"))
	}
	return r
}

// suggest applies rules 3–6: the kind of the row, whether it met its target, and the suggested
// score. A row that missed a target the rules cannot measure (words, a late deadline, an actual
// that is not a number) gets no suggestion: the person grades it (rule 4).
func (s *scorer) suggest(r *IndicatorResult, target, actual *form.Value, deviation string, i int) {
	w := r.Weight
	switch {
	case target.Kind == form.KindNumber && actual.Kind == form.KindNumber:
		r.Kind = Quantitative
		r.HasSuggested = true
		r.Suggested, r.Met = s.quantitative(w, target, actual, i)
		s.unitCheck(target, actual, i)
		if !target.Reverse() && target.Number.Sign() > 0 {
			s.overTarget(r, target, actual, deviation, i)
		}
		return
	case target.Kind == form.KindNumber:
		r.Kind = Quantitative
	case target.Kind == form.KindDeadline:
		r.Kind = Deadline
		if actual.Kind == form.KindDeadline {
			r.Met = actual.When.Compare(target.When) <= 0
		}
	default:
		r.Kind = Qualitative
	}
	if !r.Met && target.Kind != form.KindEmpty {
		r.Met = form.Equivalent(target.Raw, actual.Raw)
	}
	if r.Met {
		r.HasSuggested = true
		r.Suggested = s.full(w)
	}
	if s.ex != nil {
		s.explainWords(r, target, actual, i)
	}
}

// quantitative is rule 3: positive or reverse, full weight when met, else proportional (a
// reverse row by the profile's formula); a reverse target of 0 that is not reached scores 0.
func (s *scorer) quantitative(w decimal.Dec, target, actual *form.Value, i int) (decimal.Dec, bool) {
	t, a := target.Number, actual.Number
	places, mode := s.p.ScorePlaces, s.p.ScoreRounding
	full := s.full(w)
	// num and den are the ratio of a proportional score (weight × num ÷ den); key names the
	// case for the explanation.
	var num, den decimal.Dec
	var key string
	switch {
	case target.Reverse() && a.Cmp(t) <= 0:
		key = "reverse.met"
	case target.Reverse() && t.IsZero():
		key = "zero_target"
	case target.Reverse() && s.p.Reverse == ReverseLinear && a.Cmp(t.Add(t)) >= 0:
		key = "reverse.linear_zero"
	case target.Reverse() && s.p.Reverse == ReverseLinear:
		key, num, den = "reverse.linear", t.Add(t).Sub(a), t
	case target.Reverse():
		key, num, den = "reverse.ratio", t, a
	case t.Sign() <= 0:
		key = "positive.zero"
	case a.Cmp(t) >= 0:
		key = "positive.met"
	default:
		key, num, den = "positive.ratio", a, t
	}
	met := key == "reverse.met" || key == "positive.zero" || key == "positive.met"
	got := decimal.Zero
	switch {
	case met:
		got = full
	case !den.IsZero():
		got = decimal.MulDiv(w, num, den, places, mode)
	}
	if s.ex != nil {
		s.explainQuantitative(i, key, w, t, a, num, den, got)
	}
	return got, met
}

// full is the score of a row that met its target: its weight, to two places even where the
// profile prints whole points, so that a met row of weight 22.5 is not short of its weight.
func (s *scorer) full(w decimal.Dec) decimal.Dec {
	return w.Round(max(s.p.ScorePlaces, 2), s.p.ScoreRounding)
}

// overTarget applies what the profile says of a positive row whose actual is well above its
// target: the over-achievement flag (rule 6), the deduction (指标偏离) and the explanation
// required from a ratio.
func (s *scorer) overTarget(r *IndicatorResult, target, actual *form.Value, deviation string, i int) {
	t, a := target.Number, actual.Number
	reaches := func(ratio decimal.Dec) bool {
		return !ratio.IsZero() && a.Cmp(t.Mul(ratio, decimal.Places, decimal.HalfUp)) >= 0
	}
	var pct string
	if reaches(s.p.OverAchievement) || (s.p.Deduction != nil && reaches(s.p.Deduction.From)) || reaches(s.p.DeviationFrom) {
		pct = decimal.MulDiv(a, hundred, t, 0, decimal.Down).String()
	}
	if reaches(s.p.OverAchievement) {
		s.flag("indicator.over_achieved", fieldPath{i, "actual"}.String(), pct)
	}
	if d := s.p.Deduction; d != nil && reaches(d.From) {
		before := r.Suggested
		r.Suggested = r.Suggested.Sub(d.Points).Max(decimal.Zero)
		r.Deducted = before.Sub(r.Suggested)
		s.problem(Warning, "indicator.deducted", fieldPath{i, "actual"}.String(), pct, d.Points.String())
		if s.ex != nil {
			s.explain(fieldPath{i, "deduction"}.String(), "deduction", "deduction", "", 0, printed(r.Suggested, s.p.ScorePlaces),
				a.String(), t.String(), pct, d.From.Mul(hundred, 0, decimal.HalfUp).String(), d.Points.String(),
				printed(before, s.p.ScorePlaces), printed(r.Suggested, s.p.ScorePlaces))
		}
	}
	if reaches(s.p.DeviationFrom) && blank(deviation) {
		s.problem(Error, "indicator.deviation_over", fieldPath{i, "deviation"}.String(), pct, s.p.DeviationFrom.Mul(hundred, 0, decimal.HalfUp).String())
	}
}

// unitCheck warns when target and actual both name a unit and the units differ.
func (s *scorer) unitCheck(target, actual *form.Value, i int) {
	if target.Unit != "" && actual.Unit != "" && form.Normalize(target.Unit) != form.Normalize(actual.Unit) {
		s.problem(Warning, "indicator.unit_mismatch", fieldPath{i, "actual"}.String(), actual.Unit, target.Unit)
	}
}

// grade reads the chosen achievement grade of a row.
func (s *scorer) grade(a form.Achievement, i int) (Band, bool) {
	if a == "" {
		return Band{}, false
	}
	b, ok := s.p.Bands[string(a)]
	if !ok {
		s.problem(Error, "indicator.achievement", fieldPath{i, "achievement"}.String(), string(a))
	}
	return b, ok
}

// checkBand is rule 4: a graded row's score must lie in its grade's band.
func (s *scorer) checkBand(score, w decimal.Dec, b Band, a form.Achievement, i int) {
	low, high := w.Mul(b.Low, 2, decimal.HalfUp), w.Mul(b.High, 2, decimal.HalfUp)
	inside := score.Cmp(low) >= 0 && (score.Cmp(high) < 0 || (b.HighIncluded && score.Cmp(high) == 0))
	if !inside {
		s.problem(Error, "indicator.score_band", fieldPath{i, "score"}.String(), score.String(), string(a), low.String(), high.String())
	}
}

// vocabulary is rule 11: unknown labels are kept, with a warning.
func (s *scorer) vocabulary(in *form.Indicator, i int, year int) {
	if in.Level1 == "" && in.Level2 == "" {
		return
	}
	// A label may carry its points, "产出指标(50分)": the label is what is before them.
	level1, level2 := form.LabelName(in.Level1), form.LabelName(in.Level2)
	for _, l1 := range s.p.Vocabulary {
		if l1.Name != level1 {
			continue
		}
		for _, l2 := range l1.Level2 {
			if l2 == level2 {
				return
			}
		}
		s.problem(Warning, "indicator.level2_unknown", fieldPath{i, "level2"}.String(), in.Level2, in.Level1)
		return
	}
	s.problem(Warning, "indicator.level1_unknown", fieldPath{i, "level1"}.String(), in.Level1, strconv.Itoa(year))
}

// totals applies rules 8 and 9 and the profile's cap.
func (s *scorer) totals(f *form.Form) {
	res := &s.res
	sum := res.BudgetWeight
	for i, r := range res.Indicators {
		in := &f.Indicators[i]
		res.IndicatorScore = res.IndicatorScore.Add(r.Score)
		sum = sum.Add(r.Weight)
		s.addSubtotal(in.Level1, "", r)
		s.addSubtotal(in.Level1, in.Level2, r)
	}
	res.WeightSum = sum
	if len(res.Indicators) > 0 && sum.Cmp(hundred) != 0 {
		s.problem(Error, "weights.sum", "indicators", sum.String())
	}
	for _, sp := range s.p.UsualSplit {
		for _, st := range res.Subtotals {
			if st.Level2 == "" && form.LabelName(st.Level1) == sp.Level1 && st.Weight.Cmp(sp.Weight) != 0 {
				s.problem(Warning, "weights.split", "indicators", sp.Level1, st.Weight.String(), sp.Weight.String())
			}
		}
	}
	// A label that carries its points ("产出指标(50分)") says what its rows' weights add up to.
	for _, st := range res.Subtotals {
		label := st.Level1
		if st.Level2 != "" {
			label = st.Level2
		}
		if _, pts, ok := form.LabelPoints(label); ok && pts.Cmp(st.Weight) != 0 {
			s.problem(Warning, "indicator.label_points", "indicators", label, pts.String(), st.Weight.String())
		}
	}
	res.Total = res.BudgetScore.Add(res.IndicatorScore)
	if s.ex != nil {
		s.explain(FigureTotal, "total", "total", "", 0, printed(res.Total, s.p.ScorePlaces),
			printed(res.BudgetScore, s.p.ScorePlaces), printed(res.IndicatorScore, s.p.ScorePlaces), printed(res.Total, s.p.ScorePlaces))
	}
	if c := s.p.capOf(res.ExecutionRate); c != nil && res.Total.Cmp(c.Max) > 0 {
		if s.ex != nil {
			s.explain(FigureCap, "caps", "cap", "", 0, c.Max.String(),
				printed(res.ExecutionRate, s.p.RatePlaces), c.RateBelow.String(), c.Max.String(), printed(res.Total, s.p.ScorePlaces), c.Max.String())
		}
		res.Total = c.Max
		s.problem(Warning, "total.capped", form.FundsPath("total", "executed"), c.RateBelow.String(), c.Max.String())
	}
	res.Grade = s.p.GradeOf(res.Total)
	if s.ex != nil {
		s.explainGrade(res.Total, res.Grade)
	}
}

// capOf returns the cap on the total at execution rate rate, or nil: the first cap, from the
// lowest rate up, whose RateBelow the rate is under (rule 13).
func (p *Profile) capOf(rate decimal.Dec) *TotalCap {
	for i := range p.Caps {
		if rate.Cmp(p.Caps[i].RateBelow) < 0 {
			return &p.Caps[i]
		}
	}
	return nil
}

func (s *scorer) subtotal(l1, l2 string) *Subtotal {
	for i := range s.res.Subtotals {
		if st := &s.res.Subtotals[i]; st.Level1 == l1 && st.Level2 == l2 {
			return st
		}
	}
	return nil
}

func (s *scorer) addSubtotal(l1, l2 string, r IndicatorResult) {
	st := s.subtotal(l1, l2)
	if st == nil {
		s.res.Subtotals = append(s.res.Subtotals, Subtotal{Level1: l1, Level2: l2})
		st = &s.res.Subtotals[len(s.res.Subtotals)-1]
	}
	st.Weight = st.Weight.Add(r.Weight)
	st.Score = st.Score.Add(r.Score)
}

// GradeOf returns the grade of a total (rule 8).
func (p *Profile) GradeOf(total decimal.Dec) string {
	for _, g := range p.Grades {
		if total.Cmp(g.From) >= 0 {
			return g.Grade
		}
	}
	return p.Grades[len(p.Grades)-1].Grade
}

func blank(s string) bool { return form.Normalize(s) == "" }
