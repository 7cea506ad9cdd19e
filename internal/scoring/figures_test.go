package scoring

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestFigures: the one formatting of a result gives scores and the rate two places, weights
// as they add up, and no suggested score for a row the person must grade.
func TestFigures(t *testing.T) {
	f := base()
	f.Funds.Total.Executed, f.Funds.Fiscal.Executed = "98765.4", "98765.4"
	f.Indicators = append(f.Indicators, row("效益指标", "社会效益指标", "明显提升", "有所提升", "0.5", ""))
	r := score(f)
	fg := r.Figures()
	if fg.ExecutionRate != "98.77" || fg.WeightSum != r.WeightSum.String() || fg.Total != r.Total.Fixed(2) ||
		fg.Grade != r.Grade || fg.Profile != Shanghai2022.Name {
		t.Errorf("figures %+v of result %v", fg, r.Total)
	}
	if len(fg.Indicators) != 2 || fg.Indicators[0].Suggested != "90.00" || fg.Indicators[1].Suggested != "" {
		t.Errorf("indicators %+v", fg.Indicators)
	}
	if len(fg.Subtotals) == 0 || fg.Subtotals[0].Weight != "90" || !strings.Contains(fg.Subtotals[0].Score, ".") {
		t.Errorf("subtotals %+v", fg.Subtotals)
	}
	// The interchange names are part of the format: a rename would break readers of exports.
	b, err := json.Marshal(fg)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{`"execution_rate":"98.77"`, `"indicators":[`, `"suggested":""`, `"level1":"产出指标"`} {
		if !strings.Contains(string(b), name) {
			t.Errorf("JSON %s lacks %s", b, name)
		}
	}
	if strings.Contains(string(b), "BudgetWeight") || strings.Contains(string(b), "budget_weight") {
		t.Errorf("the form carries the budget weight; figures must not write it: %s", b)
	}
	if s := Summarize(&f, &Shanghai2022); s.ExecutionRate != fg.ExecutionRate || s.Total != fg.Total || s.Grade != fg.Grade {
		t.Errorf("summary %+v differs from figures", s)
	}
}

// TestSummaryFlags: a summary keeps the codes of the reviewer's flags, each once and sorted,
// and none of the problems that are not flags.
func TestSummaryFlags(t *testing.T) {
	f := base()
	f.Funds.Total.Executed, f.Funds.Fiscal.Executed = "50000", "50000" // a low execution rate
	f.Indicators = append(f.Indicators,
		row("产出指标", "数量指标", "≥100人", "200人", "5", ""), // over-achieved, twice
		row("产出指标", "数量指标", "≥10课时", "30课时", "5", ""))
	s := Summarize(&f, &Shanghai2022)
	if !strings.Contains(s.Flags, "funds.low_execution") || !strings.Contains(s.Flags, "indicator.over_achieved") {
		t.Errorf("flags %q, want the low execution and the over-achievement", s.Flags)
	}
	if codes := strings.Fields(s.Flags); !slices.IsSorted(codes) {
		t.Errorf("flags %q are not sorted", s.Flags)
	}
	for _, code := range strings.Fields(s.Flags) {
		if strings.Count(" "+s.Flags+" ", " "+code+" ") != 1 {
			t.Errorf("%s twice in %q", code, s.Flags)
		}
	}
	if strings.Contains(s.Flags, "weights.sum") {
		t.Errorf("an error that is no flag among the flags: %q", s.Flags)
	}
}
