package store

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"selfeval/internal/decimal"
	"selfeval/internal/form"
)

// TestDecimalOrder: the list orders stored figures by their value, ties (99.5 and 99.50) by
// id, a blank below every number, without reading them as floats.
func TestDecimalOrder(t *testing.T) {
	s, _ := openTest(t)
	fx := newFixture(t, s)
	rates := []string{"100", "9.25", "", "99.5", "100.00", "0.00", "99.50", "120.7", "99.03", "10", "1000", "0", "99.031"}
	var forms []NewForm
	for _, r := range rates {
		f := sampleForm(1)
		f.Project = "率" + r
		forms = append(forms, NewForm{Form: f, UnitID: fx.unit.ID, Profile: "p", Summary: Summary{ExecutionRate: r}})
	}
	recs, err := s.CreateForms(ctx, forms, 0)
	if err != nil {
		t.Fatal(err)
	}
	value := func(r string) decimal.Dec {
		if r == "" {
			return decimal.MustParse("-1")
		}
		return decimal.MustParse(r)
	}
	want := make([]int64, len(recs))
	for i := range recs {
		want[i] = recs[i].ID
	}
	slices.SortStableFunc(want, func(a, b int64) int {
		return value(rates[a-recs[0].ID]).Cmp(value(rates[b-recs[0].ID]))
	})
	for _, desc := range []bool{false, true} {
		res, err := s.ListPage(ctx, ListQuery{ListFilter: ListFilter{Year: 2022}, Sort: SortRate, Desc: desc})
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, r := range res.Rows {
			got = append(got, r.ID)
		}
		w := slices.Clone(want)
		if desc {
			slices.Reverse(w)
		}
		if !slices.Equal(got, w) {
			t.Errorf("desc %v: %v, want %v", desc, got, w)
		}
	}
}

// TestListQueryBounds: a person who may see no unit, or asks for a unit they may not see,
// gets nothing; a page below 1 is the first and beyond the last the last; a search matches
// words of the project or the unit whatever their width and spaces.
func TestListQueryBounds(t *testing.T) {
	s, _ := openTest(t)
	fx := newFixture(t, s)
	var forms []NewForm
	for i := range 3 {
		f := sampleForm(1)
		f.Project = []string{"培训　费", "ＩＴ运维", "宣传"}[i]
		unit := []Org{fx.unit, fx.unit, fx.unit2}[i]
		f.Unit = unit.Name
		forms = append(forms, NewForm{Form: f, UnitID: unit.ID, Profile: "p"})
	}
	if _, err := s.CreateForms(ctx, forms, 0); err != nil {
		t.Fatal(err)
	}
	count := func(q ListQuery) int {
		t.Helper()
		res, err := s.ListPage(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if res.Matches != len(res.Rows) {
			t.Errorf("%+v: %d matches, %d rows", q, res.Matches, len(res.Rows))
		}
		n := 0
		if err := s.EachListed(ctx, q, func(*ListedForm) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		if n != res.Matches {
			t.Errorf("%+v: the export has %d forms, the list %d", q, n, res.Matches)
		}
		return res.Matches
	}
	for _, tt := range []struct {
		q    ListQuery
		want int
	}{
		{ListQuery{}, 3},
		{ListQuery{ListFilter: ListFilter{UnitIDs: []int64{}}}, 0},
		{ListQuery{ListFilter: ListFilter{UnitIDs: []int64{fx.unit.ID}}, UnitID: fx.unit2.ID}, 0},
		{ListQuery{ListFilter: ListFilter{UnitIDs: []int64{fx.unit.ID}}}, 2},
		{ListQuery{UnitID: fx.unit2.ID}, 1},
		{ListQuery{Search: "培训费"}, 1},
		{ListQuery{Search: "it"}, 1},
		{ListQuery{Search: "运维 ＩＴ"}, 1},
		{ListQuery{Search: "社区建设"}, 1}, // the unit's name
		{ListQuery{Search: "%"}, 0},
		{ListQuery{Sort: "id; DROP TABLE forms", Page: -3}, 3},
	} {
		if got := count(tt.q); got != tt.want {
			t.Errorf("%+v: %d forms, want %d", tt.q, got, tt.want)
		}
	}
	res, err := s.ListPage(ctx, ListQuery{Page: 7})
	if err != nil || res.Page != 1 || res.Pages != 1 || len(res.Rows) != 3 {
		t.Errorf("page 7 of 1: %+v %v", res, err)
	}
	if got := SearchWords(" ＩＴ　运维  "); !slices.Equal(got, []string{"it", "运维"}) {
		t.Errorf("SearchWords %q", got)
	}
	if got := SearchKey(form.Normalize("培训 费（Ａ）")); got != "培训费(a)" {
		t.Errorf("SearchKey %q", got)
	}
}

// TestListIndexes: with listIndexes (migration 13), counting a year's matches
// reads the index alone, the page and the exports find the year's forms by it, and the
// exports find each form's last submission and approval in the transitions' index.
func TestListIndexes(t *testing.T) {
	s, _ := openTest(t)
	newFixture(t, s)
	plan := func(query string, args ...any) string {
		t.Helper()
		rows, err := s.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var lines []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, detail)
		}
		return strings.Join(lines, "\n")
	}
	for _, q := range []ListQuery{
		{ListFilter: ListFilter{Year: 2022}},
		{ListFilter: ListFilter{Year: 2022, Status: "submitted", UnitIDs: []int64{1, 2}}, Grade: "优"},
		{ListFilter: ListFilter{Year: 2022}, UnitID: 3, Search: "培训", Sort: SortTotal, Desc: true},
		{ListFilter: ListFilter{Year: 2022}, Flag: "funds.low_execution", Sort: SortRate},
	} {
		where, args := q.where()
		if p := plan("SELECT COUNT(*) FROM forms f"+where, args...); !usesIndex(p, "INDEX forms_list") ||
			q.Search == "" && q.Flag == "" && !usesIndex(p, "COVERING INDEX forms_list") {
			t.Errorf("count of %+v:\n%s", q, p)
		}
		p := plan("SELECT f.id, "+lastTransition+", "+lastTransition+" FROM forms f"+where+q.orderBy(), append([]any{"submitted", "approved"}, args...)...)
		if strings.Count(p, "COVERING INDEX transitions_form_to") != 2 {
			t.Errorf("export of %+v:\n%s", q, p)
		}
	}
	// The default order of a year is the index's: no sort.
	q := ListQuery{ListFilter: ListFilter{Year: 2022}}
	where, args := q.where()
	if p := plan("SELECT f.id FROM forms f"+where+q.orderBy()+" LIMIT 100", args...); !usesIndex(p, "INDEX forms_list_unit") || strings.Contains(p, "TEMP B-TREE") {
		t.Errorf("first page:\n%s", p)
	}
	units := plan("SELECT o.id FROM orgs o WHERE o.id IN (SELECT f.unit_id FROM forms f"+where+")", args...)
	years := plan("SELECT DISTINCT f.year FROM forms f WHERE " + notDeleted + " ORDER BY f.year DESC")
	if !usesIndex(units, "COVERING INDEX forms_list") || !usesIndex(years, "COVERING INDEX forms_list") {
		t.Errorf("units of a year:\n%s\nyears:\n%s", units, years)
	}
}

// usesIndex reports whether a query plan reads the index named at the end of what (the
// words before the index's name, "COVERING INDEX forms_list"), not one whose name begins so.
func usesIndex(plan, what string) bool {
	return regexp.MustCompile(regexp.QuoteMeta(what) + `( |$)`).MatchString(strings.ReplaceAll(plan, "\n", " \n"))
}
