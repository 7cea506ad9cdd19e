package store

import (
	"errors"
	"reflect"
	"sync"
	"testing"

	"selfeval/internal/form"
)

var sum1 = Summary{ExecutionRate: "99.03", Total: "99.90", Grade: "优", Flags: "indicator.over_achieved"}

func TestFormRoundTrip(t *testing.T) {
	s, _ := openTest(t)
	fx := newFixture(t, s)
	f := sampleForm(15)
	rec, err := s.CreateForm(ctx, f, fx.unit.ID, "shanghai-2022", sum1, fx.staff.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rec.ID == 0 || rec.Version != 1 || rec.Status != "draft" || rec.UnitID != fx.unit.ID ||
		rec.Profile != "shanghai-2022" || rec.Summary != sum1 || rec.UpdatedBy != "zhang" || rec.UpdatedAt.IsZero() {
		t.Errorf("created record = %+v", rec)
	}
	got, err := s.Form(ctx, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Form, f) {
		t.Errorf("round trip differs:\n got %#v\nwant %#v", got.Form, f)
	}
	if !reflect.DeepEqual(got, rec) {
		t.Errorf("Form() = %+v, CreateForm returned %+v", got, rec)
	}
	h, err := s.History(ctx, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 1 || h[0].Field != FieldCreated || h[0].Version != 1 || h[0].Username != "zhang" {
		t.Errorf("history after create = %+v", h)
	}
}

func TestFormEmpty(t *testing.T) {
	s, _ := openTest(t)
	fx := newFixture(t, s)
	rec, err := s.CreateForm(ctx, form.Form{}, fx.unit.ID, "", Summary{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Form.Indicators == nil || len(rec.Form.Indicators) != 0 || rec.UpdatedBy != "" {
		t.Errorf("empty form read back as %+v", rec)
	}
	if _, err := s.Form(ctx, rec.ID+1); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing form: %v", err)
	}
	if _, err := s.CreateForm(ctx, form.Form{}, 999, "", Summary{}, 0); !errors.Is(err, ErrNotFound) {
		t.Errorf("form of a missing unit: %v", err)
	}
}

func TestSaveFormHistory(t *testing.T) {
	s, _ := openTest(t)
	fx := newFixture(t, s)
	f := sampleForm(15)
	rec, err := s.CreateForm(ctx, f, fx.unit.ID, "shanghai-2022", sum1, fx.staff.ID)
	if err != nil {
		t.Fatal(err)
	}

	g := sampleForm(15)
	g.Funds.Total.Executed = "194100.00"
	removed := g.Indicators[5]
	added := form.Indicator{Level1: "满意度指标", Level2: "服务对象满意度指标", Name: "培训对象满意度",
		Target: "≥90%", Actual: "95%", Weight: "10", Score: "10"}
	g.Indicators = append(append(g.Indicators[:5:5], g.Indicators[6:]...), added)
	sum2 := Summary{ExecutionRate: "99.54", Total: "99.95", Grade: "优"}

	saved, changes, err := s.SaveForm(ctx, rec.ID, 1, g, sum2, fx.staff.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []Change{
		{Field: "funds.total.executed", Old: "193100.00", New: "194100.00"},
		{Field: "indicators.5", Old: `{"level1":"产出指标","level2":"数量指标","name":"街镇干部培训人数5","target":"≥300人","actual":"1705人","weight":"10","score":"","deviation":"","achievement":""}`, New: ""},
		{Field: "indicators.14", Old: "", New: `{"level1":"满意度指标","level2":"服务对象满意度指标","name":"培训对象满意度","target":"≥90%","actual":"95%","weight":"10","score":"10","deviation":"","achievement":""}`},
	}
	if !reflect.DeepEqual(changes, want) {
		t.Errorf("changes:\n got %q\nwant %q", changes, want)
	}
	if removed.Name != "街镇干部培训人数5" {
		t.Fatal("fixture changed")
	}
	if saved.Version != 2 || saved.Summary != sum2 || !reflect.DeepEqual(saved.Form, g) {
		t.Errorf("saved = %+v", saved)
	}
	got, err := s.Form(ctx, rec.ID)
	if err != nil || !reflect.DeepEqual(got, saved) {
		t.Errorf("Form() after save = %+v, %v", got, err)
	}

	h, err := s.History(ctx, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 1+len(want) {
		t.Fatalf("history has %d rows: %+v", len(h), h)
	}
	for i, c := range want {
		e := h[i+1]
		if e.Version != 2 || e.Field != c.Field || e.Old != c.Old || e.New != c.New || e.Username != "zhang" {
			t.Errorf("history[%d] = %+v, want %+v at version 2", i+1, e, c)
		}
	}

	// Saving the same content again changes nothing, not even the version.
	same, changes, err := s.SaveForm(ctx, rec.ID, 2, g, sum2, fx.staff.ID)
	if err != nil || changes != nil || same.Version != 2 {
		t.Errorf("no-op save = v%d, %v, %v", same.Version, changes, err)
	}
	// Even from a stale version: what the person has is what is stored.
	if same, _, err = s.SaveForm(ctx, rec.ID, 1, g, sum2, fx.staff.ID); err != nil || same.Version != 2 {
		t.Errorf("no-op save from a stale version = v%d, %v", same.Version, err)
	}
	if h2, _ := s.History(ctx, rec.ID); len(h2) != len(h) {
		t.Errorf("no-op save wrote history: %d rows", len(h2))
	}
	// Newer derived figures alone are kept without a version.
	sum3 := Summary{ExecutionRate: "99.54", Total: "99.96", Grade: "优"}
	if same, _, err = s.SaveForm(ctx, rec.ID, 2, g, sum3, fx.staff.ID); err != nil || same.Version != 2 || same.Summary != sum3 {
		t.Errorf("summary-only save = %+v, %v", same, err)
	}
	if got, _ := s.Form(ctx, rec.ID); got.Summary != sum3 {
		t.Errorf("summary not stored: %+v", got.Summary)
	}
}

func TestSaveConflict(t *testing.T) {
	s, _ := openTest(t)
	fx := newFixture(t, s)
	rec, err := s.CreateForm(ctx, sampleForm(3), fx.unit.ID, "shanghai-2022", sum1, fx.staff.ID)
	if err != nil {
		t.Fatal(err)
	}
	first, second := sampleForm(3), sampleForm(3)
	first.Project, second.Project = "第一", "第二"
	if _, _, err := s.SaveForm(ctx, rec.ID, 1, first, sum1, fx.staff.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SaveForm(ctx, rec.ID, 1, second, sum1, fx.sup.ID); !errors.Is(err, ErrConflict) {
		t.Fatalf("second save on version 1: %v, want ErrConflict", err)
	}
	got, err := s.Form(ctx, rec.ID)
	if err != nil || got.Form.Project != "第一" || got.Version != 2 || got.UpdatedBy != "zhang" {
		t.Errorf("after conflict: %+v, %v", got, err)
	}
	if h, _ := s.History(ctx, rec.ID); len(h) != 2 {
		t.Errorf("history after conflict: %+v", h)
	}
	if _, _, err := s.SaveForm(ctx, 999, 1, second, sum1, 0); !errors.Is(err, ErrNotFound) {
		t.Errorf("save of a missing form: %v", err)
	}
}

func TestTransition(t *testing.T) {
	s, _ := openTest(t)
	fx := newFixture(t, s)
	rec, err := s.CreateForm(ctx, sampleForm(3), fx.unit.ID, "shanghai-2022", sum1, fx.staff.ID)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := s.Transition(ctx, rec.ID, 1, "draft", "submitted", "", fx.staff.ID)
	if err != nil || sub.Status != "submitted" || sub.Version != 2 {
		t.Fatalf("submit = %+v, %v", sub, err)
	}
	for _, c := range []struct {
		name     string
		version  int
		from, to string
		want     error
	}{
		{"stale version", 1, "submitted", "returned", ErrConflict},
		{"wrong state", 2, "draft", "submitted", ErrConflict},
		{"unknown state", 2, "submitted", "lost", nil}, // refused by the CHECK constraint
	} {
		_, err := s.Transition(ctx, rec.ID, c.version, c.from, c.to, "x", fx.sup.ID)
		if err == nil || (c.want != nil && !errors.Is(err, c.want)) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	if _, err := s.Transition(ctx, 999, 1, "draft", "submitted", "", 0); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing form: %v", err)
	}
	ret, err := s.Transition(ctx, rec.ID, 2, "submitted", "returned", "请补充偏差原因", fx.sup.ID)
	if err != nil || ret.Status != "returned" || ret.Version != 3 || ret.UpdatedBy != "li" {
		t.Fatalf("return = %+v, %v", ret, err)
	}
	tr, err := s.Transitions(ctx, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr) != 2 || tr[0].From != "draft" || tr[0].To != "submitted" || tr[0].Version != 2 || tr[0].Username != "zhang" ||
		tr[1].Comment != "请补充偏差原因" || tr[1].Username != "li" || tr[1].Version != 3 {
		t.Errorf("transitions = %+v", tr)
	}
	h, _ := s.History(ctx, rec.ID)
	if len(h) != 3 || h[2].Field != FieldStatus || h[2].Old != "submitted" || h[2].New != "returned" || h[2].Version != 3 {
		t.Errorf("history = %+v", h)
	}
	// A save edited from before the transition is a conflict.
	g := sampleForm(3)
	g.Project = "改"
	if _, _, err := s.SaveForm(ctx, rec.ID, 2, g, sum1, fx.staff.ID); !errors.Is(err, ErrConflict) {
		t.Errorf("save across a transition: %v", err)
	}
}

func TestListForms(t *testing.T) {
	s, _ := openTest(t)
	fx := newFixture(t, s)
	mk := func(year int, unit int64, project string) FormRecord {
		f := sampleForm(1)
		f.Year, f.Project = year, project
		rec, err := s.CreateForm(ctx, f, unit, "shanghai-2022", Summary{ExecutionRate: "98.32", Total: "99.83", Grade: "优"}, fx.staff.ID)
		if err != nil {
			t.Fatal(err)
		}
		return rec
	}
	a := mk(2022, fx.unit.ID, "A")
	b := mk(2022, fx.unit2.ID, "B")
	c := mk(2023, fx.unit.ID, "C")
	d := mk(2021, fx.unit2.ID, "D")
	if _, err := s.Transition(ctx, b.ID, 1, "draft", "submitted", "", fx.staff.ID); err != nil {
		t.Fatal(err)
	}
	ids := func(lf ListFilter) []int64 {
		t.Helper()
		l, err := s.ListForms(ctx, lf)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, f := range l {
			out = append(out, f.ID)
		}
		return out
	}
	for _, c := range []struct {
		name string
		lf   ListFilter
		want []int64
	}{
		{"all", ListFilter{}, []int64{a.ID, b.ID, c.ID, d.ID}},
		{"year", ListFilter{Year: 2022}, []int64{a.ID, b.ID}},
		{"status", ListFilter{Status: "submitted"}, []int64{b.ID}},
		{"unit", ListFilter{UnitIDs: []int64{fx.unit.ID}}, []int64{a.ID, c.ID}},
		{"units", ListFilter{UnitIDs: []int64{fx.unit2.ID, fx.unit.ID}}, []int64{a.ID, b.ID, c.ID, d.ID}},
		{"no units", ListFilter{UnitIDs: []int64{}}, nil},
		{"year and unit", ListFilter{Year: 2022, UnitIDs: []int64{fx.unit2.ID}}, []int64{b.ID}},
		{"all three", ListFilter{Year: 2022, Status: "draft", UnitIDs: []int64{fx.unit2.ID}}, nil},
		{"no year", ListFilter{Year: 2020}, nil},
	} {
		if got := ids(c.lf); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	l, _ := s.ListForms(ctx, ListFilter{Status: "submitted"})
	want := FormSummary{ID: b.ID, Year: 2022, Project: "B", Department: b.Form.Department, Unit: b.Form.Unit,
		UnitID: fx.unit2.ID, Status: "submitted", Version: 2, ExecutionRate: "98.32", Total: "99.83", Grade: "优",
		UpdatedAt: l[0].UpdatedAt}
	if len(l) != 1 || l[0] != want || l[0].UpdatedAt.IsZero() {
		t.Errorf("summary = %+v", l)
	}
	years, err := s.Years(ctx)
	if err != nil || !reflect.DeepEqual(years, []int{2023, 2022, 2021}) {
		t.Errorf("years = %v, %v", years, err)
	}
}

// TestConcurrentSaves races saves from the same base version, through one Store and
// through a second Store on the same file (as a second process would): each round,
// exactly one save wins and the others get ErrConflict.
func TestConcurrentSaves(t *testing.T) {
	s, path := openTest(t)
	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	fx := newFixture(t, s)
	rec, err := s.CreateForm(ctx, sampleForm(10), fx.unit.ID, "shanghai-2022", sum1, fx.staff.ID)
	if err != nil {
		t.Fatal(err)
	}
	const rounds, writers = 5, 6
	for round := range rounds {
		base := round + 1
		var wg sync.WaitGroup
		results := make([]error, writers)
		for w := range writers {
			wg.Go(func() {
				st := s
				if w%2 == 1 {
					st = s2
				}
				f := sampleForm(10)
				f.Indicators[0].Actual = "writer " + string(rune('A'+w))
				f.Project = "round " + string(rune('0'+round))
				_, _, results[w] = st.SaveForm(ctx, rec.ID, base, f, sum1, fx.staff.ID)
			})
		}
		wg.Wait()
		wins, winner := 0, -1
		for w, err := range results {
			switch {
			case err == nil:
				wins, winner = wins+1, w
			case !errors.Is(err, ErrConflict):
				t.Fatalf("round %d writer %d: %v", round, w, err)
			}
		}
		if wins != 1 {
			t.Fatalf("round %d: %d winners", round, wins)
		}
		got, err := s.Form(ctx, rec.ID)
		if err != nil || got.Version != base+1 || got.Form.Indicators[0].Actual != "writer "+string(rune('A'+winner)) {
			t.Fatalf("round %d: stored v%d %q, winner %d (%v)", round, got.Version, got.Form.Indicators[0].Actual, winner, err)
		}
	}
}

func TestRowComments(t *testing.T) {
	s, _ := openTest(t)
	fx := newFixture(t, s)
	rec, err := s.CreateForm(ctx, sampleForm(3), fx.unit.ID, "shanghai-2022", sum1, fx.staff.ID)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.AddRowComment(ctx, rec.ID, "indicators.1", "<script>偏差原因不充分</script>", fx.sup.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == 0 || c.Version != 1 || c.Username != "li" || c.At.IsZero() {
		t.Errorf("comment = %+v", c)
	}
	if err := s.ResolveRowComment(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	cs, err := s.RowComments(ctx, rec.ID)
	c.Resolved = true
	if err != nil || len(cs) != 1 || cs[0] != c {
		t.Errorf("comments = %+v, %v; want %+v", cs, err, c)
	}
	if _, err := s.AddRowComment(ctx, 999, "project", "x", fx.sup.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("comment on a missing form: %v", err)
	}
	if err := s.ResolveRowComment(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("resolve a missing comment: %v", err)
	}
}

func BenchmarkSaveForm(b *testing.B) {
	s, _ := openTest(b)
	fx := newFixture(b, s)
	f := sampleForm(40)
	rec, err := s.CreateForm(ctx, f, fx.unit.ID, "shanghai-2022", sum1, fx.staff.ID)
	if err != nil {
		b.Fatal(err)
	}
	version := rec.Version
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		// One typed change per save, as the debounced autosave sends them.
		f.Indicators[i%40].Actual = string(rune('0'+i%10)) + "人"
		f.Funds.Total.Executed = string(rune('0' + i%7))
		r, _, err := s.SaveForm(ctx, rec.ID, version, f, sum1, fx.staff.ID)
		if err != nil {
			b.Fatal(err)
		}
		version = r.Version
	}
}

// TestSaveFormRecordIsStored: the record a save returns, built from the write without
// reading the form again, is the record a fresh read gives.
func TestSaveFormRecordIsStored(t *testing.T) {
	st, _ := openTest(t)
	fx := newFixture(t, st)
	rec, err := st.CreateForm(ctx, sampleForm(4), fx.unit.ID, "shanghai-2022", sum1, fx.staff.ID)
	if err != nil {
		t.Fatal(err)
	}
	f := rec.Form
	f.Project = "改名"
	f.Indicators = append(f.Indicators, form.Indicator{Name: "新增", Weight: "5"})
	saved, _, err := st.SaveForm(ctx, rec.ID, rec.Version, f, Summary{ExecutionRate: "1", Total: "2", Grade: "差"}, fx.sup.ID)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := st.Form(ctx, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(saved, fresh) {
		t.Errorf("the save returned\n %+v\na fresh read gives\n %+v", saved, fresh)
	}
}

// TestFormsOf: the records an export reads in two queries are those Form reads one by one,
// rows in order, a form without rows included, deleted forms and other years left out.
func TestFormsOf(t *testing.T) {
	s, _ := openTest(t)
	fx := newFixture(t, s)
	var want []FormRecord
	for _, n := range []int{3, 0, 15} {
		rec, err := s.CreateForm(ctx, sampleForm(n), fx.unit.ID, "shanghai-2022", sum1, fx.staff.ID)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, rec)
	}
	other := sampleForm(2)
	other.Year = 2030
	if _, err := s.CreateForm(ctx, other, fx.unit2.ID, "banded-2023", sum1, fx.staff.ID); err != nil {
		t.Fatal(err)
	}
	gone, err := s.CreateForm(ctx, sampleForm(1), fx.unit.ID, "shanghai-2022", sum1, fx.staff.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteForm(ctx, gone.ID, 0, fx.staff.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.FormsOf(ctx, ListFilter{Year: want[0].Form.Year, UnitIDs: []int64{fx.unit.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d forms, want %d", len(got), len(want))
	}
	for i := range want {
		fresh, err := s.Form(ctx, want[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got[i], fresh) {
			t.Errorf("form %d:\n FormsOf %+v\n Form    %+v", i, got[i], fresh)
		}
	}
}
