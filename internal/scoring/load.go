package scoring

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"selfeval/internal/decimal"
	"selfeval/internal/form"
)

// embedded holds the profile files built into the binary.
//
//go:embed profiles/*.json
var embedded embed.FS

// mustLoadEmbedded loads the embedded profiles, the default first.
func mustLoadEmbedded() []Profile { return mustLoad(embedded) }

// mustLoad loads the profiles of fsys. A bad embedded file is a build mistake: it panics with
// the file, the line and the reason.
func mustLoad(fsys fs.FS) []Profile {
	ps, err := LoadProfiles(fsys)
	if err != nil {
		panic("scoring: " + err.Error())
	}
	return ps
}

// LoadError says why a profile file was refused: the file, the line (from 1) and the reason.
type LoadError struct {
	File   string
	Line   int
	Reason string
}

func (e *LoadError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason) }

// LoadProfiles reads every *.json file of fsys (in any directory) as one profile, sorted by
// name with the default ("shanghai-2022") first. A file with an unknown key, a missing or
// malformed rule, bands that leave a gap between 0 and 100%, grade bands that do not reach
// down to 0, an unknown template or one without a total funds row, a rule without its
// source, or a name another file already has, is refused with a *LoadError.
func LoadProfiles(fsys fs.FS) ([]Profile, error) {
	return loadProfiles(fsys, form.Templates)
}

func loadProfiles(fsys fs.FS, templates []*form.Template) ([]Profile, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && path.Ext(p) == ".json" {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, errors.New("no profile file (*.json)")
	}
	var out []Profile
	seen := map[string]string{}
	for _, name := range files {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		p, err := parseProfile(name, data, templates)
		if err != nil {
			return nil, err
		}
		if other, dup := seen[p.Name]; dup {
			return nil, &LoadError{name, lineAt(data, keyOffsets(data), "name"), fmt.Sprintf("profile %q is already defined in %s", p.Name, other)}
		}
		seen[p.Name] = name
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].Name == defaultName) != (out[j].Name == defaultName) {
			return out[i].Name == defaultName
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// The file format of a profile (docs/PROFILES.md): decimals are strings, as in the
// interchange format.
type (
	fileProfile struct {
		Name             string              `json:"name"`
		Version          int                 `json:"version"`
		Title            string              `json:"title"`
		Locality         string              `json:"locality"`
		Years            []int               `json:"years"`
		Template         string              `json:"template"`
		Rate             *fileRounding       `json:"rate"`
		Scores           *fileRounding       `json:"scores"`
		BudgetWeight     string              `json:"budget_weight"`
		BudgetBands      []fileRateBand      `json:"budget_bands"`
		Reverse          string              `json:"reverse"`
		Caps             []fileCap           `json:"caps"`
		Deduction        *fileDeduction      `json:"deduction"`
		OverAchievement  string              `json:"over_achievement"`
		DeviationFrom    string              `json:"deviation_from"`
		ExplainRateBelow string              `json:"explain_rate_below"`
		Qualitative      map[string]fileBand `json:"qualitative"`
		Grades           []fileGrade         `json:"grades"`
		Vocabulary       []fileLevel1        `json:"vocabulary"`
		UsualSplit       []fileSplit         `json:"usual_split"`
		Sources          map[string]string   `json:"sources"`
	}
	fileRounding struct {
		Rounding string `json:"rounding"`
		Places   *int   `json:"places"`
	}
	fileRateBand struct {
		From  string `json:"from"`
		Share string `json:"share"`
	}
	fileCap struct {
		RateBelow string `json:"rate_below"`
		Max       string `json:"max"`
	}
	fileDeduction struct {
		From   string `json:"from"`
		Points string `json:"points"`
	}
	fileBand struct {
		Low          string `json:"low"`
		High         string `json:"high"`
		HighIncluded bool   `json:"high_included"`
	}
	fileGrade struct {
		Grade string `json:"grade"`
		From  string `json:"from"`
	}
	fileLevel1 struct {
		Level1 string   `json:"level1"`
		Level2 []string `json:"level2"`
	}
	fileSplit struct {
		Level1 string `json:"level1"`
		Weight string `json:"weight"`
	}
)

// parser converts one file, remembering the first thing wrong and where.
type parser struct {
	file string
	data []byte
	offs map[string]int64
	err  *LoadError
}

// fail records the first problem, at the line of the key path (dotted, indexes counted from 0).
func (ps *parser) fail(at, format string, args ...any) {
	if ps.err == nil {
		ps.err = &LoadError{ps.file, lineAt(ps.data, ps.offs, at), fmt.Sprintf(format, args...)}
	}
}

// dec reads a required decimal at key path at.
func (ps *parser) dec(at, s string) decimal.Dec {
	if s == "" {
		ps.fail(at, "missing %q", lastKey(at))
		return decimal.Zero
	}
	return ps.optDec(at, s)
}

// optDec reads an optional decimal ("" is 0).
func (ps *parser) optDec(at, s string) decimal.Dec {
	if s == "" {
		return decimal.Zero
	}
	v, err := decimal.Parse(s)
	if err != nil || v.Sign() < 0 {
		ps.fail(at, "%q is not a non-negative decimal", s)
	}
	return v
}

// rounding reads a rounding rule: its mode and its places, two or none.
func (ps *parser) rounding(at string, r *fileRounding) (decimal.Rounding, int) {
	if r == nil {
		ps.fail(at, "missing %q", at)
		return decimal.HalfUp, 2
	}
	var mode decimal.Rounding
	switch r.Rounding {
	case "up":
		mode = decimal.Up
	case "down":
		mode = decimal.Down
	case "half_up":
		mode = decimal.HalfUp
	default:
		ps.fail(at+".rounding", "rounding %q: want \"up\", \"down\" or \"half_up\"", r.Rounding)
	}
	if r.Places == nil || (*r.Places != 0 && *r.Places != 2) {
		ps.fail(at+".places", "places: want 2 or 0 (whole numbers)")
		return mode, 2
	}
	return mode, *r.Places
}

func parseProfile(file string, data []byte, templates []*form.Template) (Profile, error) {
	ps := &parser{file: file, data: data, offs: keyOffsets(data)}
	var fp fileProfile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fp); err != nil {
		return Profile{}, ps.decodeError(err)
	}
	if dec.More() {
		return Profile{}, &LoadError{file, lineOf(data, dec.InputOffset()), "more than one JSON value"}
	}
	p := ps.convert(&fp, templates)
	if ps.err != nil {
		return Profile{}, ps.err
	}
	return p, nil
}

// decodeError places an error of encoding/json at its line.
func (ps *parser) decodeError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return &LoadError{ps.file, lineOf(ps.data, syn.Offset), syn.Error()}
	case errors.As(err, &typ):
		return &LoadError{ps.file, lineOf(ps.data, typ.Offset), fmt.Sprintf("%q: expected %s, found %s", typ.Field, typ.Type, typ.Value)}
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		key, _ := strconv.Unquote(name)
		line := 1
		if at, ok := firstKey(ps.offs, key); ok {
			line = lineAt(ps.data, ps.offs, at)
		}
		return &LoadError{ps.file, line, "unknown key " + name}
	}
	return &LoadError{ps.file, 1, err.Error()}
}

// ruleKeys are the rules a profile names, each with its source; optional ones only when set.
var ruleKeys = []string{"template", "rate", "scores", "budget_weight", "budget_bands", "reverse", "zero_target",
	"caps", "deduction", "over_achievement", "deviation_from", "explain_rate_below", "qualitative", "grades",
	"vocabulary", "usual_split"}

func (ps *parser) convert(fp *fileProfile, templates []*form.Template) Profile {
	p := Profile{Name: fp.Name, Version: fp.Version, Title: fp.Title, Locality: fp.Locality, Years: fp.Years,
		Template: fp.Template, Reverse: ReverseFormula(fp.Reverse), Sources: fp.Sources}
	for _, req := range [][2]string{{"name", fp.Name}, {"title", fp.Title}, {"locality", fp.Locality}, {"template", fp.Template}} {
		if req[1] == "" {
			ps.fail(req[0], "missing %q", req[0])
		}
	}
	if fp.Version < 1 {
		ps.fail("version", "version: want a number from 1")
	}
	if len(fp.Years) == 0 {
		ps.fail("years", "missing \"years\"")
	}
	ps.template(fp.Template, templates)
	p.RateRounding, p.RatePlaces = ps.rounding("rate", fp.Rate)
	p.ScoreRounding, p.ScorePlaces = ps.rounding("scores", fp.Scores)
	p.BudgetWeight = ps.dec("budget_weight", fp.BudgetWeight)
	if p.Reverse != ReverseRatio && p.Reverse != ReverseLinear {
		ps.fail("reverse", "reverse %q: want \"ratio\" or \"linear\"", fp.Reverse)
	}
	ps.budgetBands(&p, fp.BudgetBands)
	ps.caps(&p, fp.Caps)
	if d := fp.Deduction; d != nil {
		p.Deduction = &Deduction{From: ps.dec("deduction.from", d.From), Points: ps.dec("deduction.points", d.Points)}
	}
	p.OverAchievement = ps.dec("over_achievement", fp.OverAchievement)
	p.DeviationFrom = ps.optDec("deviation_from", fp.DeviationFrom)
	p.ExplainRateBelow = ps.optDec("explain_rate_below", fp.ExplainRateBelow)
	ps.qualitative(&p, fp.Qualitative)
	ps.grades(&p, fp.Grades)
	if len(fp.Vocabulary) == 0 {
		ps.fail("vocabulary", "missing \"vocabulary\"")
	}
	for i, l1 := range fp.Vocabulary {
		if l1.Level1 == "" || len(l1.Level2) == 0 {
			ps.fail(fmt.Sprintf("vocabulary.%d", i), "a level 1 needs its name and its level-2 labels")
		}
		p.Vocabulary = append(p.Vocabulary, Level1{Name: l1.Level1, Level2: l1.Level2})
	}
	for i, sp := range fp.UsualSplit {
		at := fmt.Sprintf("usual_split.%d", i)
		if !slices.ContainsFunc(p.Vocabulary, func(l Level1) bool { return l.Name == sp.Level1 }) {
			ps.fail(at+".level1", "usual split of %q, which the vocabulary lacks", sp.Level1)
		}
		p.UsualSplit = append(p.UsualSplit, Split{Level1: sp.Level1, Weight: ps.dec(at+".weight", sp.Weight)})
	}
	ps.sources(fp)
	return p
}

// template checks that the profile's template exists and has a total funds row.
func (ps *parser) template(name string, templates []*form.Template) {
	for _, t := range templates {
		if t.Name == name {
			if !t.HasRow("total") {
				ps.fail("template", "template %q has no total funds row", name)
			}
			return
		}
	}
	if name != "" {
		ps.fail("template", "unknown template %q", name)
	}
}

// budgetBands reads the execution-rate bands: From descending, the last from 0, so that
// every rate between 0 and 100% falls in one.
func (ps *parser) budgetBands(p *Profile, bands []fileRateBand) {
	for i, b := range bands {
		at := fmt.Sprintf("budget_bands.%d", i)
		rb := RateBand{From: ps.dec(at+".from", b.From), Share: ps.dec(at+".share", b.Share)}
		if rb.Share.Cmp(decimal.One) > 0 {
			ps.fail(at+".share", "share %s is more than 1", b.Share)
		}
		if i > 0 && rb.From.Cmp(p.RateBands[i-1].From) >= 0 {
			ps.fail(at+".from", "budget bands must go from the highest rate down")
		}
		p.RateBands = append(p.RateBands, rb)
	}
	if n := len(p.RateBands); n > 0 && !p.RateBands[n-1].From.IsZero() {
		ps.fail(fmt.Sprintf("budget_bands.%d.from", n-1), "budget bands leave a gap: rates below %s%% fall in no band", p.RateBands[n-1].From)
	}
}

// caps reads the caps on the total: RateBelow ascending, and a lower rate never allows more.
func (ps *parser) caps(p *Profile, caps []fileCap) {
	for i, c := range caps {
		at := fmt.Sprintf("caps.%d", i)
		tc := TotalCap{RateBelow: ps.dec(at+".rate_below", c.RateBelow), Max: ps.dec(at+".max", c.Max)}
		if i > 0 && (tc.RateBelow.Cmp(p.Caps[i-1].RateBelow) <= 0 || tc.Max.Cmp(p.Caps[i-1].Max) <= 0) {
			ps.fail(at, "caps must go from the lowest rate up, each allowing more than the one before")
		}
		p.Caps = append(p.Caps, tc)
	}
}

// qualitative reads the bands of the three grades, which must cover 0 to 100% of the weight
// without a gap or an overlap (rule 4).
func (ps *parser) qualitative(p *Profile, bands map[string]fileBand) {
	if len(bands) == 0 {
		ps.fail("qualitative", "missing \"qualitative\"")
		return
	}
	p.Bands = map[string]Band{}
	type named struct {
		name string
		Band
	}
	var all []named
	for _, g := range []form.Achievement{form.Achieved, form.Partial, form.Missed} {
		b, ok := bands[string(g)]
		at := "qualitative." + string(g)
		if !ok {
			ps.fail("qualitative", "missing the band of %q", g)
			continue
		}
		band := Band{Low: ps.dec(at+".low", b.Low), High: ps.dec(at+".high", b.High), HighIncluded: b.HighIncluded}
		if band.Low.Cmp(band.High) >= 0 {
			ps.fail(at, "band %q: low %s is not below high %s", g, b.Low, b.High)
		}
		p.Bands[string(g)] = band
		all = append(all, named{string(g), band})
	}
	for name := range bands {
		if _, ok := p.Bands[name]; !ok {
			ps.fail("qualitative."+name, "unknown grade %q: want achieved, partial, missed", name)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Low.Cmp(all[j].Low) < 0 })
	if len(all) == 0 {
		return
	}
	if !all[0].Low.IsZero() {
		ps.fail("qualitative."+all[0].name+".low", "qualitative bands leave a gap: shares below %s of the weight fall in no band", all[0].Low)
	}
	for i := 1; i < len(all); i++ {
		prev, b := all[i-1], all[i]
		if b.Low.Cmp(prev.High) != 0 || prev.HighIncluded {
			ps.fail("qualitative."+b.name+".low", "qualitative bands %q and %q leave a gap or overlap at %s", prev.name, b.name, prev.High)
		}
	}
	if top := all[len(all)-1]; top.High.Cmp(decimal.One) != 0 || !top.HighIncluded {
		ps.fail("qualitative."+top.name+".high", "qualitative bands leave a gap: the full weight (1, included) falls in no band")
	}
}

// grades reads the grade bands: highest first, the last from 0 (rule 8).
func (ps *parser) grades(p *Profile, grades []fileGrade) {
	if len(grades) == 0 {
		ps.fail("grades", "missing \"grades\"")
		return
	}
	for i, g := range grades {
		at := fmt.Sprintf("grades.%d", i)
		gb := GradeBand{Grade: g.Grade, From: ps.dec(at+".from", g.From)}
		if g.Grade == "" {
			ps.fail(at, "a grade band needs its grade")
		}
		if i > 0 && gb.From.Cmp(p.Grades[i-1].From) >= 0 {
			ps.fail(at+".from", "grade bands must go from the highest total down")
		}
		p.Grades = append(p.Grades, gb)
	}
	if last := p.Grades[len(p.Grades)-1]; !last.From.IsZero() {
		ps.fail(fmt.Sprintf("grades.%d.from", len(grades)-1), "grade bands do not cover 0: totals below %s have no grade", last.From)
	}
}

// sources checks that every rule the file names has its source, and no source names a rule
// the file lacks.
func (ps *parser) sources(fp *fileProfile) {
	present := map[string]bool{
		"template": true, "rate": true, "scores": true, "budget_weight": true, "reverse": true, "zero_target": true,
		"over_achievement": true, "qualitative": true, "grades": true, "vocabulary": true, "usual_split": true,
		"budget_bands": len(fp.BudgetBands) > 0, "caps": len(fp.Caps) > 0, "deduction": fp.Deduction != nil,
		"deviation_from": fp.DeviationFrom != "", "explain_rate_below": fp.ExplainRateBelow != "",
	}
	for _, k := range ruleKeys {
		if present[k] && strings.TrimSpace(fp.Sources[k]) == "" {
			ps.fail("sources", "rule %q has no source", k)
		}
	}
	for k := range fp.Sources {
		if !present[k] {
			ps.fail("sources."+k, "a source for %q, which the profile does not set", k)
		}
	}
}

// keyOffsets maps the dotted path of every key and array element of data ("grades.1.from")
// to the offset just after it, for placing a problem at its line. Malformed JSON gives what
// could be read.
func keyOffsets(data []byte) map[string]int64 {
	offs := map[string]int64{}
	dec := json.NewDecoder(bytes.NewReader(data))
	var walk func(at string) bool
	walk = func(at string) bool {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if _, ok := offs[at]; !ok {
			offs[at] = dec.InputOffset()
		}
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return false
				}
				key, _ := k.(string)
				sub := join(at, key)
				offs[sub] = dec.InputOffset()
				if !walk(sub) {
					return false
				}
			}
			_, err = dec.Token()
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if !walk(join(at, strconv.Itoa(i))) {
					return false
				}
			}
			_, err = dec.Token()
		}
		return err == nil
	}
	walk("")
	return offs
}

func join(at, key string) string {
	if at == "" {
		return key
	}
	return at + "." + key
}

func lastKey(at string) string { return at[strings.LastIndexByte(at, '.')+1:] }

// firstKey returns the path of the first key named key in the file.
func firstKey(offs map[string]int64, key string) (string, bool) {
	best, found := "", false
	for at, off := range offs {
		if lastKey(at) == key && (!found || off < offs[best]) {
			best, found = at, true
		}
	}
	return best, found
}

// lineAt is the line of key path at, or of the nearest enclosing path the file has.
func lineAt(data []byte, offs map[string]int64, at string) int {
	for {
		if off, ok := offs[at]; ok && at != "" {
			return lineOf(data, off)
		}
		i := strings.LastIndexByte(at, '.')
		if i < 0 {
			return 1
		}
		at = at[:i]
	}
}

// lineOf is the line (from 1) of the byte just before offset off.
func lineOf(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off > 0 {
		off-- // the offset is just after the token: its last byte is on its line
	}
	return 1 + bytes.Count(data[:off], []byte("\n"))
}
