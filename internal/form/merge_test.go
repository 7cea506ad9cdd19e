package form

import (
	"reflect"
	"testing"
)

func mergeBase() Form {
	return Form{
		Year: 2022, Project: "培训费", BudgetWeight: "10",
		Funds: Funds{Total: FundsRow{Initial: "100", Adjusted: "200", Executed: "50"}},
		Indicators: []Indicator{
			{Level1: "产出指标", Level2: "数量指标", Name: "培训人次", Target: "≥100", Actual: "120", Weight: "20"},
			{Level1: "产出指标", Level2: "质量指标", Name: "合格率", Target: "≥90%", Actual: "95%", Weight: "20"},
			{Level1: "效益指标", Level2: "社会效益指标", Name: "满意度", Target: "≥90%", Actual: "92%", Weight: "50"},
		},
	}
}

// edit makes the person's edit: the base with change applied, Base filled from the fields
// that differ.
func edit(base Form, change func(*Form)) Edit {
	mine := base
	mine.Indicators = append([]Indicator(nil), base.Indicators...)
	change(&mine)
	e := Edit{Mine: mine, Base: map[string]string{}}
	if len(mine.Indicators) != len(base.Indicators) {
		e.RowsChanged, e.BaseRows = true, base.Indicators
		return e
	}
	for _, f := range Fields(&mine) {
		if b, _ := Get(&base, f.Path); b != f.Value {
			e.Base[f.Path] = b
		}
	}
	return e
}

func TestMerge(t *testing.T) {
	tests := []struct {
		name      string
		mine      func(*Form)
		theirs    func(*Form)
		want      func(*Form)
		conflicts []string
		rows      bool
		theirsN   int
		blank     bool // three blank rows at the end, as a new form has
		moved     bool // the person moved rows (RowsChanged without a change of count)
	}{
		{
			name:    "different rows",
			mine:    func(f *Form) { f.Indicators[0].Actual = "130" },
			theirs:  func(f *Form) { f.Indicators[2].Actual = "99%" },
			want:    func(f *Form) { f.Indicators[0].Actual = "130"; f.Indicators[2].Actual = "99%" },
			theirsN: 1,
		},
		{
			name:    "header and funds",
			mine:    func(f *Form) { f.Project = "培训费（新）" },
			theirs:  func(f *Form) { f.Funds.Total.Executed = "60" },
			want:    func(f *Form) { f.Project = "培训费（新）"; f.Funds.Total.Executed = "60" },
			theirsN: 1,
		},
		{
			name:      "same field, different values",
			mine:      func(f *Form) { f.Indicators[1].Actual = "96%" },
			theirs:    func(f *Form) { f.Indicators[1].Actual = "97%" },
			want:      func(f *Form) { f.Indicators[1].Actual = "97%" },
			conflicts: []string{"indicators.1.actual"},
			theirsN:   0,
		},
		{
			name:   "same field, same value",
			mine:   func(f *Form) { f.Indicators[1].Actual = "96%" },
			theirs: func(f *Form) { f.Indicators[1].Actual = "96%" },
			want:   func(f *Form) { f.Indicators[1].Actual = "96%" },
		},
		{
			name: "they added a row above mine",
			mine: func(f *Form) { f.Indicators[2].Actual = "93%" },
			theirs: func(f *Form) {
				f.Indicators = append([]Indicator{{Level1: "产出指标", Level2: "时效指标", Name: "及时率"}}, f.Indicators...)
			},
			want: func(f *Form) {
				f.Indicators = append([]Indicator{{Level1: "产出指标", Level2: "时效指标", Name: "及时率"}}, f.Indicators...)
				f.Indicators[3].Actual = "93%"
			},
			rows: true,
		},
		{
			name: "they swapped rows, I changed one",
			mine: func(f *Form) { f.Indicators[0].Actual = "140" },
			theirs: func(f *Form) {
				f.Indicators[0], f.Indicators[1] = f.Indicators[1], f.Indicators[0]
			},
			want: func(f *Form) {
				f.Indicators[0], f.Indicators[1] = f.Indicators[1], f.Indicators[0]
				f.Indicators[1].Actual = "140"
			},
			rows: true,
		},
		{
			name:   "I added a row, they changed the header",
			mine:   func(f *Form) { f.Indicators = append(f.Indicators, Indicator{Name: "新指标"}) },
			theirs: func(f *Form) { f.Project = "改名" },
			want: func(f *Form) {
				f.Indicators = append(f.Indicators, Indicator{Name: "新指标"})
				f.Project = "改名"
			},
			theirsN: 1,
		},
		{
			name: "blank rows: they named one, I typed into another",
			mine: func(f *Form) { f.Indicators[5].Target = "≥1" },
			theirs: func(f *Form) {
				f.Indicators[3].Name = "新指标"
			},
			want:    func(f *Form) { f.Indicators[3].Name = "新指标"; f.Indicators[5].Target = "≥1" },
			theirsN: 1,
			blank:   true,
		},
		{
			name: "blank rows: they added one above mine",
			mine: func(f *Form) { f.Indicators[4].Target = "≥1" },
			theirs: func(f *Form) {
				f.Indicators = append(f.Indicators[:3], append([]Indicator{{Name: "插入"}}, f.Indicators[3:]...)...)
			},
			want: func(f *Form) {
				f.Indicators = append(f.Indicators[:3], append([]Indicator{{Name: "插入"}}, f.Indicators[3:]...)...)
			},
			conflicts: []string{"indicators"},
			rows:      true,
			blank:     true,
		},
		{
			name:      "I moved a row, they changed one",
			mine:      func(f *Form) { f.Indicators[0], f.Indicators[1] = f.Indicators[1], f.Indicators[0] },
			theirs:    func(f *Form) { f.Indicators[2].Actual = "1%" },
			want:      func(f *Form) { f.Indicators[2].Actual = "1%" },
			conflicts: []string{"indicators"},
			rows:      true,
			moved:     true,
		},
		{
			name:      "I added a row, they changed a row",
			mine:      func(f *Form) { f.Indicators = append(f.Indicators, Indicator{Name: "新指标"}) },
			theirs:    func(f *Form) { f.Indicators[0].Actual = "1" },
			want:      func(f *Form) { f.Indicators[0].Actual = "1" },
			conflicts: []string{"indicators"},
			rows:      true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := mergeBase()
			if tt.blank {
				base.Indicators = append(base.Indicators, Indicator{}, Indicator{}, Indicator{})
			}
			e := edit(base, tt.mine)
			if tt.moved {
				e.RowsChanged, e.BaseRows = true, base.Indicators
			}
			latest := edit(base, tt.theirs).Mine
			want := edit(base, tt.want).Mine
			m := Merge(e, latest)
			if !reflect.DeepEqual(m.Form, want) {
				t.Errorf("merged form\n got %+v\nwant %+v", m.Form, want)
			}
			var got []string
			for _, c := range m.Conflicts {
				got = append(got, c.Path)
			}
			if !reflect.DeepEqual(got, tt.conflicts) {
				t.Errorf("conflicts %v, want %v", got, tt.conflicts)
			}
			if m.Rows != tt.rows {
				t.Errorf("rows %v, want %v", m.Rows, tt.rows)
			}
			for _, c := range m.Conflicts {
				if c.Path == "indicators" {
					continue
				}
				if b, _ := Get(&base, c.Path); c.Base != b || c.Theirs != func() string { v, _ := Get(&latest, c.Path); return v }() {
					t.Errorf("conflict %+v: base or theirs wrong", c)
				}
			}
			if !tt.rows && len(m.Theirs) != tt.theirsN {
				t.Errorf("theirs %v, want %d of them", m.Theirs, tt.theirsN)
			}
		})
	}
}

func TestSetGet(t *testing.T) {
	var f Form
	for _, path := range []string{"project", "budget_weight", "goals.expected", "funds.other.executed", "indicators.2.achievement", "indicators.0.name"} {
		if !Set(&f, path, "v-"+path) {
			t.Fatalf("Set(%q) refused", path)
		}
		if got, ok := Get(&f, path); !ok || got != "v-"+path {
			t.Errorf("Get(%q) = %q, %v", path, got, ok)
		}
	}
	if len(f.Indicators) != 3 {
		t.Errorf("rows = %d, want 3", len(f.Indicators))
	}
	for _, bad := range []string{"", "year", "funds.x.initial", "funds.total.x", "indicators.-1.name", "indicators.500.name", "indicators.1.colour", "indicators.x.name"} {
		if Set(&f, bad, "x") {
			t.Errorf("Set(%q) accepted", bad)
		}
	}
	if len(f.Indicators) != 3 {
		t.Errorf("a refused path added rows: %d", len(f.Indicators))
	}
}
