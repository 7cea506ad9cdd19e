package web

// The list's query through the whole router on a real SQLite file: paging, search, sort and
// each filter, what each person sees, and the exports of the same query (CSV and 汇总表).

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"selfeval/internal/decimal"
	"selfeval/internal/form"
	"selfeval/internal/i18n"
	"selfeval/internal/scoring"
	"selfeval/internal/store"
)

// seedYear is the year of the forms seedList adds (the demo's forms are of 2022).
const seedYear = 2021

// seedRates are the execution rates the seeded forms take in turn: blanks, ties, whole
// parts of one to three digits and fractions of several lengths, so that an order of the
// text would not be the order of the values.
var seedRates = []string{"", "9.25", "99.5", "100.00", "99.03", "51.29", "100", "0.00", "99.50", "120.7", "99.03"}

// seedNames are projects whose names a search must find however they are typed (widths,
// spaces, case); the other seeded forms are 项目-NNN.
var seedNames = map[int]string{3: "培训 费（第二期）", 4: "ＩＴ运维服务", 5: "社区　宣传"}

// listSeed is form i of n seeded forms of year, of unit units[i % len(units)]: its content,
// with a summary as scoring stores it (the list shows it as it is stored).
func listSeed(i, year int, units []store.Org, dept string) store.NewForm {
	u := units[i%len(units)]
	project := fmt.Sprintf("项目-%03d", i)
	if name, ok := seedNames[i]; ok {
		project = name
	}
	rate := seedRates[i%len(seedRates)]
	sum := store.Summary{ExecutionRate: rate, ProfileVersion: scoring.Default.Version}
	if rate != "" {
		t := 40 + (i*7)%61
		sum.Total = fmt.Sprintf("%d.%02d", t, i%100)
		switch {
		case t >= 90:
			sum.Grade = "优"
		case t >= 80:
			sum.Grade = "良"
		case t >= 60:
			sum.Grade = "中"
		default:
			sum.Grade = "差"
		}
	}
	switch {
	case i%6 == 0:
		sum.Flags = "funds.low_execution indicator.over_achieved"
	case i%4 == 0:
		sum.Flags = "funds.low_execution"
	case i%9 == 1:
		sum.Flags = "indicator.above_suggested"
	}
	f := form.Form{Year: year, Project: project, Department: dept, Unit: u.Name, BudgetWeight: "10",
		Funds: form.Funds{Total: form.FundsRow{Initial: "1000", Adjusted: "1000.00", Executed: strconv.Itoa(500 + i%500)}}}
	if i%8 == 7 {
		f.AmountUnit = form.WanYuan
		f.Funds.Total = form.FundsRow{Adjusted: "207.4538", Executed: "200.1234"}
	}
	return store.NewForm{Form: f, UnitID: u.ID, Profile: scoring.Default.Name, Summary: sum}
}

// seedList adds n forms of seedYear, alternately of the demo unit and of the other unit, and
// moves some through the workflow: i%5 == 1 submitted, 2 approved, 3 returned. It returns
// the forms as the list reads them, by id.
func seedList(t testing.TB, e *env, n int) map[int64]store.FormSummary {
	t.Helper()
	ctx := context.Background()
	units := []store.Org{e.DemoUnit, e.OtherUnit}
	forms := make([]store.NewForm, n)
	for i := range forms {
		forms[i] = listSeed(i, seedYear, units, e.DemoDept.Name)
	}
	recs, err := e.Store.CreateForms(ctx, forms, 0)
	if err != nil {
		t.Fatal(err)
	}
	sup, err := e.Store.UserByUsername(ctx, "supervisor")
	if err != nil {
		t.Fatal(err)
	}
	for i, rec := range recs {
		steps := map[int][]string{1: {"submitted"}, 2: {"submitted", "approved"}, 3: {"submitted", "returned"}}[i%5]
		from, version := "draft", rec.Version
		for _, to := range steps {
			r, err := e.Store.Transition(ctx, rec.ID, version, from, to, "", sup.ID)
			if err != nil {
				t.Fatal(err)
			}
			from, version = to, r.Version
		}
	}
	all, err := e.Store.ListForms(ctx, store.ListFilter{Year: seedYear})
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]store.FormSummary{}
	for _, f := range all {
		out[f.ID] = f
	}
	if len(out) != n {
		t.Fatalf("seeded %d forms, the store lists %d", n, len(out))
	}
	return out
}

// listIDs are the ids of the rows of a list page, in order.
func listIDs(t testing.TB, doc *goquery.Document) []int64 {
	t.Helper()
	var ids []int64
	doc.Find(`[data-testid="form-row"] td.card-title a`).Each(func(_ int, a *goquery.Selection) {
		id, err := strconv.ParseInt(strings.TrimPrefix(a.AttrOr("href", ""), "/forms/"), 10, 64)
		if err != nil {
			t.Fatalf("row link %q", a.AttrOr("href", ""))
		}
		ids = append(ids, id)
	})
	return ids
}

// allPages follows the list's next links from path and returns the ids of every page.
func allPages(t testing.TB, c *client, path string) []int64 {
	t.Helper()
	var ids []int64
	for range 100 {
		doc := c.page(path)
		ids = append(ids, listIDs(t, doc)...)
		next, ok := doc.Find(`[data-testid="page-next"]`).Attr("href")
		if !ok {
			return ids
		}
		path = next
	}
	t.Fatalf("more than 100 pages from %s", path)
	return nil
}

// expectIDs are the ids of forms that keep passes, in the order of column col (desc: the
// reverse), ties by id: the list's order as this test understands it, computed apart from SQL.
func expectIDs(forms map[int64]store.FormSummary, keep func(store.FormSummary) bool, col string, desc bool) []int64 {
	var list []store.FormSummary
	for _, f := range forms {
		if keep == nil || keep(f) {
			list = append(list, f)
		}
	}
	status := map[string]int{"draft": 0, "submitted": 1, "returned": 2, "approved": 3}
	grade := map[string]int{"": 0, "差": 1, "中": 2, "良": 3, "优": 4}
	dec := func(s string) decimal.Dec {
		if s == "" {
			return decimal.MustParse("-1")
		}
		return decimal.MustParse(s)
	}
	by := func(a, b store.FormSummary) int {
		switch col {
		case store.SortProject:
			return strings.Compare(a.Project, b.Project)
		case store.SortUnit:
			return strings.Compare(a.Unit, b.Unit)
		case store.SortStatus:
			return cmp.Compare(status[a.Status], status[b.Status])
		case store.SortRate:
			return dec(a.ExecutionRate).Cmp(dec(b.ExecutionRate))
		case store.SortTotal:
			return dec(a.Total).Cmp(dec(b.Total))
		case store.SortGrade:
			return cmp.Compare(grade[a.Grade], grade[b.Grade])
		case store.SortUpdated:
			return a.UpdatedAt.Compare(b.UpdatedAt)
		}
		panic(col)
	}
	slices.SortFunc(list, func(a, b store.FormSummary) int {
		c := cmp.Or(by(a, b), cmp.Compare(a.ID, b.ID))
		if desc {
			return -c
		}
		return c
	})
	ids := make([]int64, len(list))
	for i, f := range list {
		ids[i] = f.ID
	}
	return ids
}

// TestListPaging: 100 forms a page, the count of matches, links to the pages around the
// current one and to the first and last, previous and next; a page beyond the last is the
// last page, and a page that is no number is the first.
func TestListPaging(t *testing.T) {
	e := newEnv(t)
	forms := seedList(t, e, 250)
	c := e.client(t).loginAs("admin")
	base := "/forms?year=" + strconv.Itoa(seedYear)
	want := expectIDs(forms, nil, store.DefaultSort, false)
	pages := []struct {
		query      string
		page, rows int
		count      string
	}{
		{"", 1, 100, "共 250 张自评表，当前第 1–100 张"},
		{"&page=2", 2, 100, "共 250 张自评表，当前第 101–200 张"},
		{"&page=3", 3, 50, "共 250 张自评表，当前第 201–250 张"},
		{"&page=4", 3, 50, "共 250 张自评表，当前第 201–250 张"},
		{"&page=99999999999999999999", 1, 100, "共 250 张自评表，当前第 1–100 张"}, // no int: the first
		{"&page=-2", 1, 100, "共 250 张自评表，当前第 1–100 张"},
		{"&page=二", 1, 100, "共 250 张自评表，当前第 1–100 张"},
		{"&page=999999999", 3, 50, "共 250 张自评表，当前第 201–250 张"},
	}
	for _, p := range pages {
		doc := c.page(base + p.query)
		ids := listIDs(t, doc)
		from := (p.page - 1) * 100
		if !slices.Equal(ids, want[from:from+p.rows]) {
			t.Errorf("%s: rows %v…, want %v…", p.query, ids[:min(3, len(ids))], want[from:from+3])
		}
		if got := testid(doc, "list-count"); got != p.count {
			t.Errorf("%s: count %q, want %q", p.query, got, p.count)
		}
		if got := testid(doc, "page-current"); got != strconv.Itoa(p.page) {
			t.Errorf("%s: current page %q, want %d", p.query, got, p.page)
		}
		prev, hasPrev := doc.Find(`[data-testid="page-prev"]`).Attr("href")
		next, hasNext := doc.Find(`[data-testid="page-next"]`).Attr("href")
		if hasPrev != (p.page > 1) || hasNext != (p.page < 3) {
			t.Errorf("%s: previous %v next %v on page %d of 3", p.query, hasPrev, hasNext, p.page)
		}
		if hasPrev && prev != pageHref(seedYear, p.page-1) {
			t.Errorf("%s: previous %q", p.query, prev)
		}
		if hasNext && next != pageHref(seedYear, p.page+1) {
			t.Errorf("%s: next %q", p.query, next)
		}
		var links []string
		doc.Find(`[data-testid="pager"] a[data-testid="page-link"]`).Each(func(_ int, a *goquery.Selection) {
			links = append(links, a.Text())
		})
		if len(links) != 2 {
			t.Errorf("%s: page links %v, want the two other pages", p.query, links)
		}
	}
	if got := allPages(t, c, base); !slices.Equal(got, want) {
		t.Errorf("following next over every page: %d rows, want the %d forms once each in order", len(got), len(want))
	}

	// Of many pages, the pager shows the first, the last and two either side, with gaps.
	seedMore(t, e, 1000)
	doc := c.page(base + "&page=7")
	var pager []string
	doc.Find(`[data-testid="pager"] > *`).Each(func(_ int, s *goquery.Selection) { pager = append(pager, strings.TrimSpace(s.Text())) })
	if got := strings.Join(pager, " "); got != "上一页 1 … 5 6 7 8 9 … 13 下一页" {
		t.Errorf("pager of page 7 of 13: %q", got)
	}
	// A year of one page has no pager.
	if doc := c.page("/forms?year=2022"); doc.Find(`[data-testid="pager"]`).Length() != 0 || testid(doc, "list-count") != "共 10 张自评表，当前第 1–10 张" {
		t.Errorf("the demo year: pager %d, count %q", doc.Find(`[data-testid="pager"]`).Length(), testid(doc, "list-count"))
	}
}

// seedMore adds n more forms of seedYear to the demo unit, in one batch, without workflow.
func seedMore(t testing.TB, e *env, n int) {
	t.Helper()
	forms := make([]store.NewForm, n)
	for i := range forms {
		forms[i] = listSeed(1000+i, seedYear, []store.Org{e.DemoUnit}, e.DemoDept.Name)
	}
	if _, err := e.Store.CreateForms(context.Background(), forms, 0); err != nil {
		t.Fatal(err)
	}
}

// pageHref is the address of page n of the seeded year, as the list links it.
func pageHref(year, n int) string {
	v := url.Values{"year": {strconv.Itoa(year)}}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	return "/forms?" + v.Encode()
}

// TestListSort: every column sorts both ways, over every page, ties by id; the header of
// the sorted column says so (aria-sort) and links to the other direction, the others to
// their ascending order; an unknown column or direction is the default.
func TestListSort(t *testing.T) {
	e := newEnv(t)
	forms := seedList(t, e, 230)
	c := e.client(t).loginAs("auditor")
	for _, col := range listColumns {
		for _, desc := range []bool{false, true} {
			q := url.Values{"year": {strconv.Itoa(seedYear)}, "sort": {col}}
			if desc {
				q.Set("dir", "desc")
			}
			path := "/forms?" + q.Encode()
			if got, want := allPages(t, c, path), expectIDs(forms, nil, col, desc); !slices.Equal(got, want) {
				t.Errorf("%s: order differs from the expected one at row %d of %d", path, firstDiff(got, want), len(want))
			}
			doc := c.page(path)
			th := doc.Find(`[data-testid="sort-` + col + `"]`).Parent()
			wantSort, otherDir := "ascending", "desc"
			if desc {
				wantSort, otherDir = "descending", ""
			}
			if got := th.AttrOr("aria-sort", ""); got != wantSort {
				t.Errorf("%s: aria-sort %q, want %q", path, got, wantSort)
			}
			link, _ := url.Parse(doc.Find(`[data-testid="sort-`+col+`"]`).AttrOr("href", ""))
			if link.Query().Get("dir") != otherDir || (link.Query().Get("sort") != col && col != store.DefaultSort) {
				t.Errorf("%s: the header links to %s", path, link)
			}
			for _, other := range listColumns {
				if other == col {
					continue
				}
				a := doc.Find(`[data-testid="sort-` + other + `"]`)
				l, _ := url.Parse(a.AttrOr("href", ""))
				if a.Parent().AttrOr("aria-sort", "") != "none" || l.Query().Get("dir") != "" || l.Query().Get("page") != "" {
					t.Errorf("%s: header of %s: aria-sort %q, link %s", path, other, a.Parent().AttrOr("aria-sort", ""), l)
				}
			}
			// The filter form keeps the sort (a choice of its own, for phones, which show no header).
			sortSel := doc.Find(`select[name="sort"] option[selected]`).AttrOr("value", "")
			dirSel := doc.Find(`select[name="dir"] option[selected]`).AttrOr("value", "")
			if sortSel != col || (dirSel == "desc") != desc {
				t.Errorf("%s: the filter form keeps sort %q dir %q", path, sortSel, dirSel)
			}
		}
	}
	want := expectIDs(forms, nil, store.DefaultSort, false)[:100]
	for _, q := range []string{"&sort=price", "&sort=" + url.QueryEscape("f.id;DROP TABLE forms"), "&sort=rate&dir=sideways"} {
		got := listIDs(t, c.page("/forms?year="+strconv.Itoa(seedYear)+q))
		exp := want
		if strings.Contains(q, "rate") {
			exp = expectIDs(forms, nil, store.SortRate, false)[:100]
		}
		if !slices.Equal(got, exp) {
			t.Errorf("%s: not the default order", q)
		}
	}
}

func firstDiff(a, b []int64) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestListSearch: the words of a search must each be in the project or the unit, compared
// as the app compares names (width and spaces normalised, then no space) and ignoring case;
// the search stays in the box, the count says how many match, and what matches nothing says so.
func TestListSearch(t *testing.T) {
	e := newEnv(t)
	forms := seedList(t, e, 120)
	c := e.client(t).loginAs("admin")
	idOf := map[string]int64{}
	for id, f := range forms {
		idOf[f.Project] = id
	}
	for _, tt := range []struct {
		q    string
		want []int64
	}{
		{"培训费(第二期)", []int64{idOf["培训 费（第二期）"]}},
		{"  培训费  第二期 ", []int64{idOf["培训 费（第二期）"]}},
		{"it运维", []int64{idOf["ＩＴ运维服务"]}},
		{"ＩＴ 服务", []int64{idOf["ＩＴ运维服务"]}},
		{"社区宣传", []int64{idOf["社区　宣传"]}},
		{"项目-11", expectIDs(forms, func(f store.FormSummary) bool { return strings.HasPrefix(f.Project, "项目-11") }, store.DefaultSort, false)},
		{"其他单位 项目-01", expectIDs(forms, func(f store.FormSummary) bool {
			return f.UnitID == e.OtherUnit.ID && strings.HasPrefix(f.Project, "项目-01")
		}, store.DefaultSort, false)},
		{"其他 单位", expectIDs(forms, func(f store.FormSummary) bool { return f.UnitID == e.OtherUnit.ID }, store.DefaultSort, false)[:60]},
		{"%", nil},
		{"_", nil},
		{"不存在的项目", nil},
	} {
		t.Run(tt.q, func(t *testing.T) {
			doc := c.page("/forms?" + url.Values{"year": {strconv.Itoa(seedYear)}, "q": {tt.q}}.Encode())
			if got := listIDs(t, doc); !slices.Equal(got, tt.want) {
				t.Errorf("rows %v, want %v", got, tt.want)
			}
			if got := doc.Find(`[data-testid="list-search"]`).AttrOr("value", ""); got != form.Normalize(tt.q) {
				t.Errorf("search box %q", got)
			}
			if len(tt.want) == 0 && testid(doc, "list-count") != "共 0 张自评表" || len(tt.want) == 0 && !strings.Contains(doc.Find("td.empty").Text(), "没有符合条件的自评表") {
				t.Errorf("nothing found, yet count %q and %q", testid(doc, "list-count"), doc.Find("td.empty").Text())
			}
			if doc.Find(`[data-testid="list-clear"]`).AttrOr("href", "") != "/forms?year="+strconv.Itoa(seedYear) {
				t.Errorf("no way to clear the search")
			}
		})
	}
	// A search longer than the bound is cut, not refused.
	long := strings.Repeat("项", 300)
	doc := c.page("/forms?" + url.Values{"year": {strconv.Itoa(seedYear)}, "q": {long}}.Encode())
	if got := doc.Find(`[data-testid="list-search"]`).AttrOr("value", ""); len([]rune(got)) != maxSearchRunes {
		t.Errorf("a search of 300 characters is kept as %d", len([]rune(got)))
	}
}

// TestListFilterEach: status, unit, grade and flag filter the list, alone and together, and
// with the search and the sort; the filters show what is chosen; a value the list does not
// know is no filter.
func TestListFilterEach(t *testing.T) {
	e := newEnv(t)
	forms := seedList(t, e, 260)
	c := e.client(t).loginAs("admin")
	other := strconv.FormatInt(e.OtherUnit.ID, 10)
	hasFlag := func(f store.FormSummary, code string) bool { return slices.Contains(strings.Fields(f.Flags), code) }
	for _, tt := range []struct {
		query string
		keep  func(store.FormSummary) bool
	}{
		{"status=approved", func(f store.FormSummary) bool { return f.Status == "approved" }},
		{"status=returned", func(f store.FormSummary) bool { return f.Status == "returned" }},
		{"unit=" + other, func(f store.FormSummary) bool { return f.UnitID == e.OtherUnit.ID }},
		{"grade=优", func(f store.FormSummary) bool { return f.Grade == "优" }},
		{"grade=差", func(f store.FormSummary) bool { return f.Grade == "差" }},
		{"flag=funds.low_execution", func(f store.FormSummary) bool { return hasFlag(f, "funds.low_execution") }},
		{"flag=indicator.over_achieved", func(f store.FormSummary) bool { return hasFlag(f, "indicator.over_achieved") }},
		{"flag=indicator.above_suggested", func(f store.FormSummary) bool { return hasFlag(f, "indicator.above_suggested") }},
		{"flag=funds.over_budget", func(store.FormSummary) bool { return false }},
		{"flag=any", func(f store.FormSummary) bool { return f.Flags != "" }},
		{"status=draft&unit=" + other + "&grade=良&flag=funds.low_execution", func(f store.FormSummary) bool {
			return f.Status == "draft" && f.UnitID == e.OtherUnit.ID && f.Grade == "良" && hasFlag(f, "funds.low_execution")
		}},
		{"flag=any&q=项目-1&sort=total&dir=desc", func(f store.FormSummary) bool {
			return f.Flags != "" && strings.HasPrefix(f.Project, "项目-1")
		}},
		// Unknown values are no filter.
		{"status=deleted&grade=A&flag=funds&unit=x", nil},
		{"unit=999999", nil},
	} {
		t.Run(tt.query, func(t *testing.T) {
			q, _ := url.ParseQuery(tt.query)
			sortBy, desc := q.Get("sort"), q.Get("dir") == "desc"
			if sortBy == "" {
				sortBy = store.DefaultSort
			}
			want := expectIDs(forms, tt.keep, sortBy, desc)
			path := "/forms?year=" + strconv.Itoa(seedYear) + "&" + tt.query
			if got := allPages(t, c, path); !slices.Equal(got, want) {
				t.Errorf("%d rows, want %d (first difference at %d)", len(got), len(want), firstDiff(got, want))
			}
			doc := c.page(path)
			if tt.keep != nil {
				for _, name := range []string{"status", "unit", "grade", "flag"} {
					if v := q.Get(name); v != "" {
						if got := doc.Find(`select[name="`+name+`"] option[selected]`).AttrOr("value", ""); got != v {
							t.Errorf("filter %s shows %q, want %q", name, got, v)
						}
					}
				}
				if len(want) > 0 && testid(doc, "list-count") != fmt.Sprintf("共 %d 张自评表，当前第 1–%d 张", len(want), min(100, len(want))) {
					t.Errorf("count %q for %d matches", testid(doc, "list-count"), len(want))
				}
			} else if n := doc.Find(`select:not([name="sort"]) option[selected][value]:not([value=""])`).Length(); n != 1 { // the year only
				t.Errorf("%d filters show a choice", n)
			}
		})
	}
	// The rows show their flags by name.
	doc := c.page("/forms?year=" + strconv.Itoa(seedYear) + "&flag=indicator.over_achieved")
	row := doc.Find(`[data-testid="form-row"]`).First()
	if got := row.Find(`[data-flag]`).Map(func(_ int, s *goquery.Selection) string { return s.Text() }); !slices.Equal(got, []string{"执行率低于 90%", "超额完成"}) {
		t.Errorf("flags of the row: %q", got)
	}
	// The unit filter offers the units that have forms in the year, by name.
	units := doc.Find(`select[name="unit"] option`).Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	if !slices.Equal(units, []string{"全部", e.OtherUnit.Name, e.DemoUnit.Name}) && !slices.Equal(units, []string{"全部", e.DemoUnit.Name, e.OtherUnit.Name}) {
		t.Errorf("unit choices %q", units)
	}
}

// TestListVisibility: each person lists what they may see, and no filter widens it: staff
// their unit, a supervisor their department's units, "other" only their own unit's forms;
// a deleted form is in no list, count or export.
func TestListVisibility(t *testing.T) {
	e := newEnv(t)
	forms := seedList(t, e, 150)
	ofUnit := func(id int64) func(store.FormSummary) bool {
		return func(f store.FormSummary) bool { return f.UnitID == id }
	}
	year := "/forms?year=" + strconv.Itoa(seedYear)
	other := strconv.FormatInt(e.OtherUnit.ID, 10)
	for _, tt := range []struct {
		user string
		keep func(store.FormSummary) bool
	}{
		{"staff", ofUnit(e.DemoUnit.ID)},
		{"supervisor", ofUnit(e.DemoUnit.ID)},
		{"other", ofUnit(e.OtherUnit.ID)},
		{"admin", nil},
		{"auditor", nil},
	} {
		c := e.client(t).loginAs(tt.user)
		want := expectIDs(forms, tt.keep, store.DefaultSort, false)
		if got := allPages(t, c, year); !slices.Equal(got, want) {
			t.Errorf("%s lists %d forms, want %d", tt.user, len(got), len(want))
		}
		// Asking for a unit one may not see shows one's own, not that unit's.
		if got := allPages(t, c, year+"&unit="+other+"&q=其他单位"); tt.keep != nil && tt.user != "other" && len(got) != 0 {
			t.Errorf("%s finds %d forms of the other unit", tt.user, len(got))
		}
		if tt.user == "staff" && c.page(year).Find(`select[name="unit"]`).Length() != 0 {
			t.Errorf("staff of one unit are offered a unit filter")
		}
		rows := csvRows(t, c, "/forms.csv?year="+strconv.Itoa(seedYear))
		if len(rows)-1 != len(want) {
			t.Errorf("%s: the CSV has %d forms, want %d", tt.user, len(rows)-1, len(want))
		}
	}
	// A deleted draft leaves the list, the count and the exports.
	var draft store.FormSummary
	for _, id := range expectIDs(forms, func(f store.FormSummary) bool { return f.Status == "draft" && f.UnitID == e.DemoUnit.ID }, store.DefaultSort, false) {
		draft = forms[id]
		break
	}
	if err := e.Store.DeleteForm(context.Background(), draft.ID, draft.Version, 0); err != nil {
		t.Fatal(err)
	}
	c := e.client(t).loginAs("admin")
	if got := allPages(t, c, year); slices.Contains(got, draft.ID) || len(got) != len(forms)-1 {
		t.Errorf("after deleting %d: %d rows", draft.ID, len(got))
	}
	if got := testid(c.page(year), "list-count"); got != fmt.Sprintf("共 %d 张自评表，当前第 1–100 张", len(forms)-1) {
		t.Errorf("count %q after a deletion", got)
	}
	for _, r := range csvRows(t, c, "/forms.csv?year="+strconv.Itoa(seedYear)) {
		if r[1] == draft.Project {
			t.Errorf("the CSV has the deleted form %q", draft.Project)
		}
	}
}

// csvRows GETs a CSV export and returns its rows (the header first), checking the BOM.
func csvRows(t testing.TB, c *client, path string) [][]string {
	t.Helper()
	resp := c.get(path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %.200s", path, resp.StatusCode, c.body(resp))
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename*=UTF-8''") {
		t.Errorf("Content-Disposition %q", cd)
	}
	body := c.body(resp)
	rest, ok := strings.CutPrefix(body, "\uFEFF")
	if !ok {
		t.Fatalf("%s: no byte order mark: %q", path, body[:min(10, len(body))])
	}
	rows, err := csv.NewReader(strings.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// exportHeader is the header both exports have, in Chinese.
var exportHeader = []string{"实施单位", "项目名称", "状态", "全年预算数", "全年执行数", "金额单位",
	"执行率（%）", "预算执行得分", "总分", "等级", "标记", "提交时间", "通过时间"}

// TestListCSV: the CSV export is the list's query on every page, in its order, a row a form
// with the columns of the 汇总表: 培训费 of the demo with its figures, amounts in the form's
// unit, the flags by name and the last submission and approval times; in English in English.
func TestListCSV(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("supervisor")
	id := c.formIDOf(training, 2022)
	e.submitAs(t, id, "staff")
	rows := csvRows(t, c, "/forms.csv?year=2022&sort=total&dir=desc")
	if !slices.Equal(rows[0], exportHeader) {
		t.Errorf("header %q", rows[0])
	}
	if len(rows) != 11 {
		t.Fatalf("%d rows, want the header and the 10 demo forms", len(rows))
	}
	var row []string
	for _, r := range rows[1:] {
		if r[1] == training {
			row = r
		}
	}
	rec := e.formRecord(t, id)
	trs, err := e.Store.Transitions(context.Background(), id)
	if err != nil || len(trs) != 1 {
		t.Fatalf("transitions %v %v", trs, err)
	}
	want := []string{e.DemoUnit.Name, training, "已提交", "195000.00", "193100.00", "元", "99.03", "9.90", "99.90", "优",
		flagLabels(i18n.Zh, rec.Summary.Flags), stamp(trs[0].At), ""}
	if !slices.Equal(row, want) {
		t.Errorf("培训费:\n got  %q\n want %q", row, want)
	}
	// In the order of the list, and the same forms as its pages.
	var totals []decimal.Dec
	for _, r := range rows[1:] {
		totals = append(totals, decimal.MustParse(r[8]))
	}
	if !slices.IsSortedFunc(totals, func(a, b decimal.Dec) int { return b.Cmp(a) }) {
		t.Errorf("totals not descending: %v", totals)
	}
	doc := c.page("/forms?year=2022&sort=total&dir=desc")
	var projects []string
	doc.Find(`[data-testid="form-row"] td.card-title`).Each(func(_ int, s *goquery.Selection) { projects = append(projects, strings.TrimSpace(s.Text())) })
	var csvProjects []string
	for _, r := range rows[1:] {
		csvProjects = append(csvProjects, r[1])
	}
	if !slices.Equal(projects, csvProjects) {
		t.Errorf("the CSV's forms %q, the list's %q", csvProjects, projects)
	}
	if href := doc.Find(`[data-testid="export-csv"]`).AttrOr("href", ""); href != "/forms.csv?dir=desc&sort=total&year=2022" {
		t.Errorf("the list links its CSV as %q", href)
	}

	// Amounts in 万元 say so; approved forms have both times; a name that would be a formula is text.
	seedList(t, e, 16)
	c2 := e.client(t).loginAs("admin")
	rows = csvRows(t, c2, "/forms.csv?year="+strconv.Itoa(seedYear)+"&q=项目-007")
	if len(rows) != 2 || rows[1][3] != "207.4538" || rows[1][4] != "200.1234" || rows[1][5] != "万元" || rows[1][6] != seedRates[7] {
		t.Errorf("a form in 万元: %q", rows)
	}
	rows = csvRows(t, c2, "/forms.csv?year="+strconv.Itoa(seedYear)+"&status=approved")
	if len(rows) < 2 || rows[1][12] == "" || rows[1][11] == "" || rows[1][11] > rows[1][12] {
		t.Errorf("an approved form's times: %q", rows[1:])
	}
	if got := csvText("=HYPERLINK(\"x\")"); got != "'=HYPERLINK(\"x\")" {
		t.Errorf("csvText of a formula: %q", got)
	}
	c2.postForm("/lang", url.Values{"lang": {"en"}, "next": {"/forms"}})
	rows = csvRows(t, c2, "/forms.csv?year="+strconv.Itoa(seedYear)+"&q=项目-006")
	if rows[0][0] != "Unit" || rows[0][6] != "Execution rate (%)" || rows[1][2] != "Submitted" || rows[1][10] != "Execution below 90%; Over-achieved" {
		t.Errorf("English CSV: %q", rows)
	}
}

// TestListSummaryTable: the 汇总表 is one sheet with the CSV's columns and rows, numbers as
// numbers (amounts in their unit, rates and scores with their places) and times as times.
func TestListSummaryTable(t *testing.T) {
	e := newEnv(t)
	seedList(t, e, 40)
	c := e.client(t).loginAs("admin")
	query := "?year=" + strconv.Itoa(seedYear) + "&flag=any&sort=rate&dir=desc"
	resp := c.get("/forms-summary.xlsx" + query)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(c.body(resp))))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); len(sheets) != 1 || sheets[0] != "汇总表" {
		t.Errorf("sheets %q", sheets)
	}
	got, err := f.GetRows("汇总表")
	if err != nil {
		t.Fatal(err)
	}
	if got[0][0] != fmt.Sprintf("财政项目支出绩效自评汇总表（%d 年度）", seedYear) {
		t.Errorf("title %q", got[0][0])
	}
	if !slices.Equal(got[1], exportHeader) {
		t.Errorf("header %q", got[1])
	}
	want := csvRows(t, c, "/forms.csv"+query)
	if len(got)-2 != len(want)-1 {
		t.Fatalf("%d rows, the CSV %d", len(got)-2, len(want)-1)
	}
	// Each row shows what the CSV says (amounts grouped, as Excel formats them).
	for i, w := range want[1:] {
		g := append(got[i+2], make([]string, 13)...)[:13]
		for j := range w {
			wj := w[j]
			if j == 3 || j == 4 {
				d := decimal.MustParse(wj)
				wj = form.GroupedIn(d, form.AmountUnit(w[5]))
			}
			if g[j] != wj {
				t.Errorf("row %d column %s: %q, the CSV %q", i+1, exportHeader[j], g[j], wj)
			}
		}
	}
	// Figures are numbers, times are dates.
	for col, wantType := range map[string]excelize.CellType{"D3": excelize.CellTypeNumber, "G3": excelize.CellTypeNumber, "I3": excelize.CellTypeNumber} {
		if typ, err := f.GetCellType("汇总表", col); err != nil || (typ != wantType && typ != excelize.CellTypeUnset) {
			t.Errorf("%s is of type %v (%v)", col, typ, err)
		}
		if v, _ := f.GetCellValue("汇总表", col, excelize.Options{RawCellValue: true}); strings.ContainsAny(v, ",%元") {
			t.Errorf("%s holds %q, not a number", col, v)
		}
	}
	for r := 3; r < len(got); r++ {
		if v, _ := f.GetCellValue("汇总表", "L"+strconv.Itoa(r)); v != "" {
			raw, _ := f.GetCellValue("汇总表", "L"+strconv.Itoa(r), excelize.Options{RawCellValue: true})
			if _, err := strconv.ParseFloat(raw, 64); err != nil {
				t.Errorf("L%d: the time %q is stored as %q, not a date", r, v, raw)
			}
			break
		}
	}
}

// TestListFlagCodes: the flags the list filters by are the codes scoring marks as flags,
// each named in both languages.
func TestListFlagCodes(t *testing.T) {
	src, err := os.ReadFile("../internal/scoring/score.go")
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, m := range regexp.MustCompile(`s\.flag\("([a-z_.]+)"`).FindAllStringSubmatch(string(src), -1) {
		if !slices.Contains(codes, m[1]) {
			codes = append(codes, m[1])
		}
	}
	slices.Sort(codes)
	got := slices.Sorted(slices.Values(listFlags))
	if !slices.Equal(got, codes) {
		t.Errorf("the list's flags %q, scoring's %q", got, codes)
	}
	for _, code := range listFlags {
		zh, en := i18n.Pair("listq.flag." + code)
		if zh == "" || en == "" {
			t.Errorf("flag %s has no name: %q / %q", code, zh, en)
		}
	}
}

// TestListKeepsFeatures: with the query, the list keeps the year choice, the exports, the
// deleted list link for administrators and the copy and delete actions for staff, and the
// links that change one part of the query keep the others.
func TestListKeepsFeatures(t *testing.T) {
	e := newEnv(t)
	seedList(t, e, 600)
	c := e.client(t).loginAs("staff")
	doc := c.page("/forms?year=" + strconv.Itoa(seedYear) + "&status=draft&q=项目&sort=project&dir=desc&page=2")
	if doc.Find(`[data-testid="delete"]`).Length() == 0 || doc.Find(`button:contains("复制到下一年度")`).Length() == 0 {
		t.Errorf("staff lost the delete or copy action")
	}
	for _, sel := range []string{`[data-testid="export-year"]`, `[data-testid="copy-year"]`, `select[name="year"]`} {
		if doc.Find(sel).Length() != 1 {
			t.Errorf("no %s", sel)
		}
	}
	next, _ := url.Parse(doc.Find(`[data-testid="page-prev"]`).AttrOr("href", ""))
	if q := next.Query(); q.Get("status") != "draft" || q.Get("q") != "项目" || q.Get("sort") != "project" || q.Get("dir") != "desc" || q.Get("page") != "" {
		t.Errorf("previous page link %s", next)
	}
	sortLink, _ := url.Parse(doc.Find(`[data-testid="sort-total"]`).AttrOr("href", ""))
	if q := sortLink.Query(); q.Get("status") != "draft" || q.Get("q") != "项目" || q.Get("sort") != "total" || q.Get("page") != "" {
		t.Errorf("sort link %s", sortLink)
	}
	summary, _ := url.Parse(doc.Find(`[data-testid="export-summary"]`).AttrOr("href", ""))
	if q := summary.Query(); summary.Path != "/forms-summary.xlsx" || q.Get("status") != "draft" || q.Get("q") != "项目" || q.Get("page") != "" {
		t.Errorf("summary link %s", summary)
	}
	if testid(c.page("/forms?deleted=1"), "list-error") != "" {
		t.Errorf("staff see an error on /forms?deleted=1")
	}
	a := e.client(t).loginAs("admin")
	if a.page("/forms").Find(`[data-testid="show-deleted"]`).Length() != 1 {
		t.Errorf("no deleted list link for the administrator")
	}
}
