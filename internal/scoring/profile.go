// Package scoring turns a form into its figures: execution rate, budget score, suggested
// indicator scores, subtotals, total, grade and the problems a person or reviewer must see.
//
// The rules are those of DOMAIN.md. What differs between localities lives in a Profile value,
// never in a fork of the code: each profile is a JSON file of profiles/ (docs/PROFILES.md),
// embedded in the binary and loaded once at start; the default is Shanghai 2022.
package scoring

import (
	"selfeval/internal/decimal"
	"selfeval/internal/form"
)

// Profile is a named, versioned rule set. Each form records the profile it was scored with.
type Profile struct {
	Name    string // stable identifier stored with the form, e.g. "shanghai-2022"
	Version int    // bumped when a rule of the profile changes
	Title   string // human name, Chinese

	// Locality is the office or region whose published forms the rules were read from.
	Locality string
	// Years are the years of the forms the profile was read from.
	Years []int
	// Template names the form's layout (form.Templates): "shanghai-2022", "national-2020", "sichuan-2023".
	Template string

	// RateRounding and RatePlaces are how the execution rate is rounded: two places or a
	// whole percent (rule 1, rule 13).
	RateRounding decimal.Rounding
	RatePlaces   int
	// ScoreRounding and ScorePlaces are how the budget score and the suggested indicator
	// scores are rounded: two places or whole points (rules 2, 3).
	ScoreRounding decimal.Rounding
	ScorePlaces   int
	// RateBands, when set, replace "rate × weight" with a share of the budget weight by band
	// (rule 13). Bands are checked in order; the first whose From the rate reaches applies.
	RateBands []RateBand
	// Reverse is the formula of a reverse indicator that missed its target (rule 3).
	Reverse ReverseFormula
	// Caps limit the total by execution band, ordered by RateBelow ascending: the first cap
	// whose RateBelow the rate is under applies (rule 13).
	Caps []TotalCap
	// Deduction, when set, takes points off a positive indicator whose actual reaches a
	// multiple of its target (指标偏离).
	Deduction *Deduction
	// OverAchievement is the ratio of actual to target from which a positive indicator is
	// flagged as possibly under-targeted (rule 6): 1.3 in Shanghai.
	OverAchievement decimal.Dec
	// DeviationFrom, when not zero, is the ratio of actual to target from which a positive
	// indicator needs a deviation explanation even at full score (Guangxi: 1.3).
	DeviationFrom decimal.Dec
	// ExplainRateBelow, when not zero, is the execution rate (percent) under which the rate
	// must be explained (Sichuan: 90).
	ExplainRateBelow decimal.Dec
	// BudgetWeight is the weight of budget execution when a form leaves it blank (rule 2).
	BudgetWeight decimal.Dec
	// UsualSplit is the customary weight of each level-1 indicator (rule 9); a different
	// split is a warning.
	UsualSplit []Split
	// Vocabulary is the level-1 → level-2 tree of the year (rule 11).
	Vocabulary []Level1
	// Grades are the grade bands of the total, highest first (rule 8).
	Grades []GradeBand
	// Bands are the score bands of a qualitative grade as a share of the weight (rule 4).
	Bands map[string]Band
	// Sources names, for each rule of the profile (the keys of its file: "rate", "reverse",
	// "caps" …), the document number or the address of the published form it was read from.
	Sources map[string]string
}

// ReverseFormula is how a reverse indicator (≤, <) that missed its target is scored.
type ReverseFormula string

// The reverse formulas (rule 3).
const (
	// ReverseRatio is weight × target ÷ actual.
	ReverseRatio ReverseFormula = "ratio"
	// ReverseLinear is the full weight up to the target, then (1 − (actual − target) ÷
	// target) × weight, and 0 from twice the target.
	ReverseLinear ReverseFormula = "linear"
)

// RateBand gives Share of the budget weight when the execution rate is at least From percent.
type RateBand struct {
	From  decimal.Dec
	Share decimal.Dec
}

// TotalCap limits the total to Max when the execution rate is below RateBelow percent.
type TotalCap struct {
	RateBelow decimal.Dec
	Max       decimal.Dec
}

// Deduction takes Points off a positive indicator whose actual is at least From × target.
type Deduction struct {
	From   decimal.Dec
	Points decimal.Dec
}

// Split is the usual weight of one level-1 indicator.
type Split struct {
	Level1 string
	Weight decimal.Dec
}

// Level1 is a level-1 indicator with the level-2 labels allowed under it.
type Level1 struct {
	Name   string
	Level2 []string
}

// GradeBand is a grade and the lowest total that earns it.
type GradeBand struct {
	Grade string
	From  decimal.Dec
}

// Band is the range of a qualitative grade as shares of the weight: Low ≤ share, and
// share ≤ High when HighIncluded, else share < High.
type Band struct {
	Low, High    decimal.Dec
	HighIncluded bool
}

// defaultName is the name of the profile new forms are scored with.
const defaultName = "shanghai-2022"

// profiles are the embedded profiles, the default first, loaded once (load.go).
var profiles = mustLoadEmbedded()

// Shanghai2022 is the default profile: the rules of DOMAIN.md as the seed's printed figures
// show them (profiles/shanghai-2022.json).
var Shanghai2022 = mustLookup("shanghai-2022")

// Banded2023 is the invented example of budget bands and a cap (profiles/banded-2023.json):
// its figures are those of no published locality.
var Banded2023 = mustLookup("banded-2023")

// Default is the profile new forms are scored with.
var Default = Shanghai2022

// Profiles lists the known profiles, the default first.
func Profiles() []Profile { return profiles }

// Lookup returns the profile with the given name; "" gives the default.
func Lookup(name string) (Profile, bool) {
	if name == "" {
		return Default, true
	}
	for _, p := range profiles {
		if p.Name == name {
			return p, true
		}
	}
	return Profile{}, false
}

// mustLookup returns an embedded profile that the code names; its absence is a build mistake.
func mustLookup(name string) Profile {
	for _, p := range profiles {
		if p.Name == name {
			return p
		}
	}
	panic("scoring: no embedded profile " + name)
}

// Skeleton returns the rows a new form starts with: one empty row under each usual level-2
// label of the profile's vocabulary.
func (p *Profile) Skeleton() []form.Indicator {
	usual := map[string]bool{"数量指标": true, "质量指标": true, "时效指标": true, "社会效益指标": true,
		"可持续影响指标": true, "服务对象满意度指标": true}
	var rows []form.Indicator
	for _, l1 := range p.Vocabulary {
		for _, l2 := range l1.Level2 {
			if usual[l2] {
				rows = append(rows, form.Indicator{Level1: l1.Name, Level2: l2})
			}
		}
	}
	return rows
}
