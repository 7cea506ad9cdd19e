package web

import (
	"context"
	"net/http"
	"net/url"
	"selfeval/internal/store"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// ---- 2. list ----

func TestListStaff(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	for _, path := range []string{"/forms", "/forms?year=2022"} {
		doc := c.page(path)
		list := doc.Find(`[data-testid="form-row"]`)
		if list.Length() != 10 {
			t.Fatalf("%s: %d rows, want 10", path, list.Length())
		}
		found := false
		list.Each(func(_ int, r *goquery.Selection) {
			cells := r.Find("td")
			if got := strings.TrimSpace(cells.Eq(2).Text()); got != "草稿" {
				t.Errorf("%s: status %q, want 草稿", path, got)
			}
			if got := strings.TrimSpace(cells.Eq(1).Text()); got != e.DemoUnit.Name {
				t.Errorf("%s: unit %q", path, got)
			}
			if strings.TrimSpace(cells.Eq(0).Text()) != training {
				return
			}
			found = true
			if got := strings.TrimSpace(cells.Eq(3).Text()); got != "99.03%" {
				t.Errorf("%s: execution rate %q, want 99.03%%", path, got)
			}
			if got := strings.TrimSpace(cells.Eq(4).Text()); got != "99.90" {
				t.Errorf("%s: total %q, want 99.90", path, got)
			}
			if got := strings.TrimSpace(cells.Eq(5).Text()); got != "优" {
				t.Errorf("%s: grade %q, want 优", path, got)
			}
		})
		if !found {
			t.Errorf("%s: no row for %s", path, training)
		}
		if got := testid(doc, "nav-to-fill"); got != "10" {
			t.Errorf("%s: nav-to-fill = %q, want 10", path, got)
		}
	}
}

func TestListFilters(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	tests := []struct {
		query string
		rows  int
	}{
		{"year=2022", 10},
		{"year=2022&status=draft", 10},
		{"year=2022&status=submitted", 0},
		{"year=2022&status=approved", 0},
		{"year=2021", 0},
		{"year=2023&status=draft", 0},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			doc := c.page("/forms?" + tt.query)
			if n := doc.Find(`[data-testid="form-row"]`).Length(); n != tt.rows {
				t.Errorf("%d rows, want %d", n, tt.rows)
			}
			if tt.rows == 0 && doc.Find("td.empty").Length() != 1 {
				t.Errorf("no empty-list message")
			}
			q, _ := url.ParseQuery(tt.query)
			if got, _ := doc.Find(`select[name="year"] option[selected]`).Attr("value"); got != q.Get("year") {
				t.Errorf("selected year %q, want %q", got, q.Get("year"))
			}
			if got, _ := doc.Find(`select[name="status"] option[selected]`).Attr("value"); got != q.Get("status") {
				t.Errorf("selected status %q, want %q", got, q.Get("status"))
			}
		})
	}
}

func TestLanguageSwitch(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	c.page("/forms?year=2022")
	wantRedirect(t, c, c.postForm("/lang", url.Values{"lang": {"en"}, "next": {"/forms?year=2022"}}), "/forms?year=2022")
	doc := c.page("/forms?year=2022")
	if got, _ := doc.Find("html").Attr("lang"); got != "en" {
		t.Errorf("html lang = %q, want en", got)
	}
	if got := testid(doc, "nav-forms"); !strings.HasPrefix(got, "Forms") {
		t.Errorf("nav-forms = %q, want Forms…", got)
	}
	if got := strings.TrimSpace(doc.Find("h1").First().Text()); got != "Project performance self-assessments" {
		t.Errorf("h1 = %q", got)
	}
	if got := strings.TrimSpace(doc.Find(`[data-testid="form-row"] td`).Eq(2).Text()); got != "Draft" {
		t.Errorf("status label = %q, want Draft", got)
	}
	if !strings.Contains(doc.Find("thead").Text(), "Execution rate") {
		t.Errorf("no English column header: %q", doc.Find("thead").Text())
	}
	// The form page is English too, and switching back works; an unsafe next stays on the site.
	id := c.formIDOf(training, 2022)
	if got := c.page(formPath(id, "")).Find("h1.official-title").Text(); got != "Project Expenditure Performance Self-Assessment" {
		t.Errorf("form title = %q", got)
	}
	wantRedirect(t, c, c.postForm("/lang", url.Values{"lang": {"zh"}, "next": {"//evil.example"}}), "/forms")
	if got := testid(c.page("/forms"), "nav-forms"); !strings.HasPrefix(got, "自评表") {
		t.Errorf("after switching back nav-forms = %q", got)
	}
}

// TestListDefaultsToNewestYear: the list opens on the newest year that has forms (store.Years
// lists them newest first).
func TestListDefaultsToNewestYear(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	c.page("/forms")
	wantStatus(t, c, c.postForm("/forms/new", url.Values{"year": {"2023"}, "project": {"测试"}}), http.StatusSeeOther)
	doc := c.page("/forms")
	if got, _ := doc.Find(`select[name="year"] option[selected]`).Attr("value"); got != "2023" {
		t.Errorf("/forms opens on year %s, want the newest year 2023 (store.Years lists them newest first)", got)
	}
}

// ---- 14. new form and copy to next year ----

func TestNewForm(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	c.page("/forms")
	resp := c.postForm("/forms/new", url.Values{"year": {"2023"}, "project": {"  测试 "}})
	wantStatus(t, c, resp, http.StatusSeeOther)
	loc := resp.Header.Get("Location")
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/forms/"), 10, 64)
	if err != nil {
		t.Fatalf("Location %q", loc)
	}
	doc := c.page(loc)
	if got := inputValue(doc, "project"); got != "测试" {
		t.Errorf("project %q", got)
	}
	if got := doc.Find("p.official-year").Text(); got != "(2023 年度)" {
		t.Errorf("year line %q", got)
	}
	if testid(doc, "unit") != e.DemoUnit.Name || testid(doc, "department") != e.DemoDept.Name {
		t.Errorf("unit %q department %q", testid(doc, "unit"), testid(doc, "department"))
	}
	skeleton := [][2]string{
		{"产出指标", "数量指标"}, {"产出指标", "质量指标"}, {"产出指标", "时效指标"},
		{"效益指标", "社会效益指标"}, {"效益指标", "可持续影响指标"}, {"满意度指标", "服务对象满意度指标"},
	}
	if n := rows(doc); n != len(skeleton) {
		t.Errorf("%d rows, want the %d of the skeleton", n, len(skeleton))
	}
	for i, want := range skeleton {
		p := "indicators." + strconv.Itoa(i) + "."
		if got := [2]string{inputValue(doc, p+"level1"), inputValue(doc, p+"level2")}; got != want {
			t.Errorf("row %d = %v, want %v", i, got, want)
		}
		if got := inputValue(doc, p+"name"); got != "" {
			t.Errorf("row %d has a name %q", i, got)
		}
	}
	rec := e.formRecord(t, id)
	if rec.Form.Year != 2023 || rec.Status != "draft" || rec.UnitID != e.DemoUnit.ID || rec.Version != 1 {
		t.Errorf("stored %+v", rec)
	}
	if n := c.page("/forms?year=2023").Find(`[data-testid="form-row"]`).Length(); n != 1 {
		t.Errorf("2023 list has %d rows", n)
	}
	// What cannot be a form is refused.
	for _, v := range []url.Values{
		{"year": {"2023"}, "project": {"  "}},
		{"year": {"两千"}, "project": {"x"}},
		{"year": {"1999"}, "project": {"x"}},
	} {
		wantStatus(t, c, c.postForm("/forms/new", v), http.StatusBadRequest)
	}
}

func TestCopyToNextYear(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	id := c.formIDOf(training, 2022)
	src := e.formRecord(t, id)
	resp := c.postForm(formPath(id, "/copy"), url.Values{})
	wantStatus(t, c, resp, http.StatusSeeOther)
	loc := resp.Header.Get("Location")
	path, query, _ := strings.Cut(loc, "?")
	nid, err := strconv.ParseInt(strings.TrimPrefix(path, "/forms/"), 10, 64)
	if err != nil || nid == id || query != "done=copied" {
		t.Fatalf("Location %q", loc)
	}
	if notice := c.doc(c.get(loc)).Find(`[data-testid=notice]`).Text(); !strings.Contains(notice, "请确认") {
		t.Errorf("the copy does not ask to confirm the initial budget: %q", notice)
	}
	rec := e.formRecord(t, nid)
	f := rec.Form
	if f.Year != 2023 || rec.Status != "draft" || rec.Version != 1 || f.Project != training || rec.UnitID != e.DemoUnit.ID {
		t.Errorf("copy: year %d status %s version %d project %q", f.Year, rec.Status, rec.Version, f.Project)
	}
	if f.Funds.Total.Initial != src.Form.Funds.Total.Adjusted || f.Funds.Total.Initial != "195000.00" {
		t.Errorf("initial budget %q, want this year's adjusted %q", f.Funds.Total.Initial, src.Form.Funds.Total.Adjusted)
	}
	if f.Funds.Total.Adjusted != "" || f.Funds.Total.Executed != "" {
		t.Errorf("adjusted %q executed %q carried over", f.Funds.Total.Adjusted, f.Funds.Total.Executed)
	}
	if f.Goals.Expected != src.Form.Goals.Expected || f.Goals.Achieved != "" {
		t.Errorf("goals not carried over as they should be")
	}
	if len(f.Indicators) != 13 {
		t.Fatalf("%d rows, want 13", len(f.Indicators))
	}
	for i, in := range f.Indicators {
		s := src.Form.Indicators[i]
		if in.Target != s.Target || in.Name != s.Name || in.Weight != s.Weight || in.Level1 != s.Level1 {
			t.Errorf("row %d: target/name/weight not kept: %+v", i, in)
		}
		if in.Actual != "" || in.Score != "" || in.Deviation != "" || in.Achievement != "" {
			t.Errorf("row %d: actual results carried over: %+v", i, in)
		}
	}
	doc := c.page(loc)
	if got := inputValue(doc, "indicators.1.target"); got != "300人" {
		t.Errorf("page target %q", got)
	}
	if got := inputValue(doc, "indicators.1.actual"); got != "" {
		t.Errorf("page actual %q", got)
	}
	// The source is untouched.
	if again := e.formRecord(t, id); again.Version != 1 || again.Form.Year != 2022 {
		t.Errorf("copying changed the source")
	}
}

// TestNewFormInvalid: a new form without a project name (blanks only) or with a year out of
// range is refused with a message saying what to give, and nothing is created.
func TestNewFormInvalid(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	c.page("/forms")
	for _, vals := range []url.Values{{"year": {"2023"}, "project": {"   "}}, {"year": {"1899"}, "project": {"甲"}}} {
		resp := c.postForm("/forms/new", vals)
		wantStatus(t, c, resp, http.StatusBadRequest)
		if body := c.body(resp); !strings.Contains(body, "请填写年度（2000–2100）和项目名称。") || !strings.Contains(body, `href="/forms"`) {
			t.Errorf("%v: the refusal does not say what to give or has no way back: %.300s", vals, body)
		}
	}
	if list, _ := e.Store.ListForms(context.Background(), store.ListFilter{Year: 2023}); len(list) != 0 {
		t.Errorf("%d forms created", len(list))
	}
}
