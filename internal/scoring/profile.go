// Package scoring turns a form into its figures: execution rate, budget score, suggested
// indicator scores, subtotals, total, grade and the problems a person or reviewer must see.
//
// The rules are those of DOMAIN.md. What differs between localities lives in a Profile value,
// never in a fork of the code: the default is Shanghai 2022.
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

	// RateRounding is how the execution rate is brought to two places (rule 1, rule 13).
	RateRounding decimal.Rounding
	// RateBands, when set, replace "rate × weight" with a share of the budget weight by band
	// (rule 13). Bands are checked in order; the first whose From the rate reaches applies.
	RateBands []RateBand
	// TotalCap, when set, caps the total when the execution rate is low.
	TotalCap *TotalCap
	// OverAchievement is the ratio of actual to target from which a positive indicator is
	// flagged as possibly under-targeted (rule 6): 1.3 in Shanghai.
	OverAchievement decimal.Dec
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
}

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

var d = decimal.MustParse

// vocabulary2022 is the indicator tree of 2022 (rule 11).
var vocabulary2022 = []Level1{
	{"产出指标", []string{"数量指标", "质量指标", "时效指标", "成本指标"}},
	{"效益指标", []string{"经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"}},
	{"满意度指标", []string{"服务对象满意度指标"}},
}

var grades = []GradeBand{{"优", d("90")}, {"良", d("80")}, {"中", d("60")}, {"差", decimal.Zero}}

var qualitativeBands = map[string]Band{
	"achieved": {Low: d("0.8"), High: d("1"), HighIncluded: true},
	"partial":  {Low: d("0.6"), High: d("0.8")},
	"missed":   {Low: d("0"), High: d("0.6")},
}

// Shanghai2022 is the default profile: the rules of DOMAIN.md as the seed's printed figures show them.
var Shanghai2022 = Profile{
	Name:            "shanghai-2022",
	Version:         1,
	Title:           "上海市 2022 年",
	RateRounding:    decimal.Up,
	OverAchievement: d("1.3"),
	BudgetWeight:    d("10"),
	UsualSplit:      []Split{{"产出指标", d("50")}, {"效益指标", d("30")}, {"满意度指标", d("10")}},
	Vocabulary:      vocabulary2022,
	Grades:          grades,
	Bands:           qualitativeBands,
}

// Banded2023 is a locality's variant, to show that profiles carry the differences: the
// budget score by execution-rate bands instead of a ratio, the total capped at 80 when less
// than 60% was spent, over-achievement flagged from 120%, and rates truncated as Sichuan and
// Anhui print them.
var Banded2023 = Profile{
	Name:         "banded-2023",
	Version:      1,
	Title:        "执行率分档示例",
	RateRounding: decimal.Down,
	RateBands: []RateBand{
		{From: d("90"), Share: d("1")},
		{From: d("80"), Share: d("0.8")},
		{From: d("60"), Share: d("0.6")},
		{From: d("0"), Share: d("0")},
	},
	TotalCap:        &TotalCap{RateBelow: d("60"), Max: d("80")},
	OverAchievement: d("1.2"),
	BudgetWeight:    d("10"),
	UsualSplit:      []Split{{"产出指标", d("50")}, {"效益指标", d("30")}, {"满意度指标", d("10")}},
	Vocabulary:      vocabulary2022,
	Grades:          grades,
	Bands:           qualitativeBands,
}

// Default is the profile new forms are scored with.
var Default = Shanghai2022

var profiles = []Profile{Shanghai2022, Banded2023}

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
