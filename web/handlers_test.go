package web

// Handler tests through the whole router on a real SQLite file: what a person without
// JavaScript (plain form posts) and htmx (headers, out-of-band answers) see and what is stored.

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"selfeval/internal/auth"
	"selfeval/internal/form"
	"selfeval/internal/i18n"
	"selfeval/internal/store"
)

const training = "培训费" // the demo form most tests use: 99.03%, 9.90, 99.90, 优, 13 rows

// wantStatus fails the test unless resp has status code.
func wantStatus(t testing.TB, c *client, resp *http.Response, code int) {
	t.Helper()
	if resp.StatusCode != code {
		t.Fatalf("%s %s: status %d, want %d; body: %.400s", resp.Request.Method, resp.Request.URL.Path,
			resp.StatusCode, code, c.body(resp))
	}
}

// wantRedirect fails the test unless resp is a 303 to location.
func wantRedirect(t testing.TB, c *client, resp *http.Response, location string) {
	t.Helper()
	wantStatus(t, c, resp, http.StatusSeeOther)
	if got := resp.Header.Get("Location"); got != location {
		t.Fatalf("%s %s: Location %q, want %q", resp.Request.Method, resp.Request.URL.Path, got, location)
	}
}

// inputValue is the value of the input (or the text of the textarea) named name.
func inputValue(doc *goquery.Document, name string) string {
	s := doc.Find(`[name="` + name + `"]`).First()
	if goquery.NodeName(s) == "textarea" {
		return s.Text()
	}
	v, _ := s.Attr("value")
	return v
}

// rows is the number of indicator rows of a form page.
func rows(doc *goquery.Document) int { return doc.Find(`[data-testid="indicator-row"]`).Length() }

// hiddenFields returns the hidden inputs of the form matched by sel.
func hiddenFields(doc *goquery.Document, sel string) url.Values {
	v := url.Values{}
	doc.Find(sel).First().Find(`input[type="hidden"]`).Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		val, _ := s.Attr("value")
		v.Set(name, val)
	})
	return v
}

// oob returns the text of the out-of-band element with data-testid id, and whether it is one.
// oob returns the text of the element with data-testid id and whether it is swapped out of
// band (as a whole, or its content for the figures).
func oob(doc *goquery.Document, id string) (string, bool) {
	s := doc.Find(`[data-testid="` + id + `"]`).First()
	v, ok := s.Attr("hx-swap-oob")
	return strings.TrimSpace(s.Text()), ok && (v == "true" || v == "innerHTML")
}

// openForm signs in a fresh client as user and loads the page of the demo form project.
func openForm(t testing.TB, e *env, user, project string) (*client, int64, *goquery.Document) {
	t.Helper()
	c := e.client(t).loginAs(user)
	id := c.formIDOf(project, 2022)
	return c, id, c.page(formPath(id, ""))
}

// ---- 1. sign-in, sessions, sign-out ----

func TestLoginWrongPassword(t *testing.T) {
	e := newEnv(t)
	tests := []struct{ name, user, pw string }{
		{"wrong password", "staff", "not-the-password"},
		{"unknown user", "nobody", "whatever-password"},
		{"empty", "", ""},
		{"password of another user", "staff", otherPassword},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := e.client(t)
			resp := c.login(tt.user, tt.pw)
			wantStatus(t, c, resp, http.StatusUnauthorized)
			doc := c.doc(resp)
			if got := testid(doc, "login-error"); got != "用户名或密码不正确" {
				t.Errorf("login-error = %q", got)
			}
			if got := inputValue(doc, "username"); got != tt.user {
				t.Errorf("username kept as %q, want %q", got, tt.user)
			}
			if c.cookie(sessionName) != "" {
				t.Errorf("a failed login set a session cookie")
			}
			wantRedirect(t, c, c.get("/forms"), "/login?next=%2Fforms")
		})
	}
}

func TestLoginUsernameCaseAndSpaces(t *testing.T) {
	e := newEnv(t)
	c := e.client(t)
	wantRedirect(t, c, c.login(" Staff ", e.Passwords["staff"]), "/forms")
	if got := testid(c.page("/forms"), "username"); !strings.HasPrefix(got, "staff（") {
		t.Errorf("username shown = %q", got)
	}
}

func TestLoginDisabledUser(t *testing.T) {
	e := newEnv(t)
	u := e.addUser(t, "gone", "gone-password-1", auth.RoleStaff, e.DemoUnit.ID)
	u.Disabled = true
	if err := e.Store.UpdateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	c := e.client(t)
	wantStatus(t, c, c.login("gone", "gone-password-1"), http.StatusUnauthorized)
}

func TestLoginSetsSessionCookie(t *testing.T) {
	e := newEnv(t)
	c := e.client(t)
	resp := c.login("staff", e.Passwords["staff"])
	wantRedirect(t, c, resp, "/forms")
	var sess *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == sessionName {
			sess = ck
		}
	}
	if sess == nil {
		t.Fatalf("no %s cookie set; Set-Cookie: %q", sessionName, resp.Header.Values("Set-Cookie"))
	}
	if !sess.HttpOnly {
		t.Errorf("session cookie is not HttpOnly")
	}
	if sess.SameSite != http.SameSiteLaxMode {
		t.Errorf("session cookie SameSite = %v, want Lax", sess.SameSite)
	}
	if sess.Path != "/" {
		t.Errorf("session cookie Path = %q, want /", sess.Path)
	}
	doc := c.page("/forms")
	if got := testid(doc, "username"); !strings.HasPrefix(got, "staff") {
		t.Errorf("username shown = %q", got)
	}
}

func TestLoginRequired(t *testing.T) {
	e := newEnv(t)
	c := e.client(t)
	tests := []struct{ path, location string }{
		{"/forms", "/login?next=%2Fforms"},
		{"/forms?year=2022&status=draft", "/login?next=%2Fforms%3Fyear%3D2022%26status%3Ddraft"},
		{"/forms/1", "/login?next=%2Fforms%2F1"},
	}
	for _, tt := range tests {
		wantRedirect(t, c, c.get(tt.path), tt.location)
	}
	// Scripts and htmx get 401, not a redirect to a page they cannot show.
	c.get("/login")
	wantStatus(t, c, c.htmx("/forms/1/recalc", url.Values{}), http.StatusUnauthorized)
	wantStatus(t, c, c.get("/forms/1.json"), http.StatusUnauthorized)
	// GET / goes to the list.
	wantRedirect(t, c, c.get("/"), "/forms")
}

func TestLoginRedirectsToNext(t *testing.T) {
	e := newEnv(t)
	tests := []struct{ next, want string }{
		{"/forms/3", "/forms/3"},
		{"/forms?year=2022", "/forms?year=2022"},
		{"", "/forms"},
		{"//evil.example/x", "/forms"},
		{"https://evil.example/", "/forms"},
		{"/\\evil.example", "/forms"},
		{"forms", "/forms"},
	}
	for _, tt := range tests {
		t.Run(tt.next, func(t *testing.T) {
			c := e.client(t)
			c.get("/login?next=" + url.QueryEscape(tt.next))
			resp := c.postForm("/login", url.Values{"username": {"staff"}, "password": {e.Passwords["staff"]}, "next": {tt.next}})
			wantRedirect(t, c, resp, tt.want)
		})
	}
	// The sign-in page carries next in its form.
	c := e.client(t)
	doc := c.page("/login?next=%2Fforms%2F3")
	if got := hiddenFields(doc, `main form[action="/login"]`).Get("next"); got != "/forms/3" {
		t.Errorf("hidden next = %q, want /forms/3", got)
	}
}

func TestLoginFromScript(t *testing.T) {
	e := newEnv(t)
	c := e.client(t)
	c.get("/login")
	h := http.Header{"X-Requested-With": {"fetch"}, "X-Csrf-Token": {c.token()}}
	bad := url.Values{"username": {"staff"}, "password": {"wrong-password"}}
	wantStatus(t, c, c.post("/login", bad.Encode(), h), http.StatusUnauthorized)
	good := url.Values{"username": {"staff"}, "password": {e.Passwords["staff"]}}
	wantStatus(t, c, c.post("/login", good.Encode(), h), http.StatusNoContent)
	wantStatus(t, c, c.get("/forms"), http.StatusOK)
}

func TestLogout(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	c.page("/forms")
	resp := c.postForm("/logout", url.Values{})
	wantRedirect(t, c, resp, "/login")
	if c.cookie(sessionName) != "" {
		t.Errorf("session cookie still held after logout")
	}
	wantRedirect(t, c, c.get("/forms"), "/login?next=%2Fforms")
}

// TestLogoutEndsSessionOnServer: signing out ends the session on the server, so a copy of
// the cookie taken before (another tab's request log, a proxy, malware) no longer works.
func TestLogoutEndsSessionOnServer(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	c.page("/forms")
	stolen := c.cookie(sessionName)
	wantRedirect(t, c, c.postForm("/logout", url.Values{}), "/login")

	thief := e.client(t)
	u, _ := url.Parse(e.TS.URL)
	thief.jar.SetCookies(u, []*http.Cookie{{Name: sessionName, Value: stolen, Path: "/"}})
	if resp := thief.get("/forms"); resp.StatusCode == http.StatusOK {
		t.Errorf("the session cookie of a signed-out session still opens /forms (status %d); "+
			"logout must end the session on the server (revoke its sid)", resp.StatusCode)
	}
}

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

// ---- 3. open ----

func TestOpenForm(t *testing.T) {
	e := newEnv(t)
	_, _, doc := openForm(t, e, "staff", training)
	for id, want := range map[string]string{
		"execution-rate": "99.03%", "budget-score": "9.90", "total-score": "99.90", "grade": "优",
		"weight-sum": "100", "status": "草稿", "department": e.DemoDept.Name, "unit": e.DemoUnit.Name,
		"suggested-score-0": "10.00",
	} {
		if got := testid(doc, id); got != want {
			t.Errorf("%s = %q, want %q", id, got, want)
		}
	}
	if n := rows(doc); n != 13 {
		t.Errorf("%d indicator rows, want 13", n)
	}
	for name, want := range map[string]string{
		"project": training, "version": "1", "funds.total.executed": "193,100.00", "funds.total.adjusted": "195,000.00",
		"indicators.3.actual": "1700人", "indicators.0.target": ">=4", "indicators.12.name": "主管部门满意度",
	} {
		if doc.Find(`#form-editor [name="`+name+`"]`).Length() != 1 {
			t.Errorf("no field named %q", name)
		}
		if got := inputValue(doc, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if doc.Find(`[data-testid="save"]`).Length() != 1 {
		t.Errorf("staff sees no save button on a draft")
	}
	if _, ro := doc.Find(`[name="project"]`).Attr("readonly"); ro {
		t.Errorf("project is read-only for staff on a draft")
	}
}

func TestOpenMissingForm(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	for _, path := range []string{"/forms/99999", "/forms/0", "/forms/abc", "/forms/1.xml", "/nowhere"} {
		resp := c.get(path)
		wantStatus(t, c, resp, http.StatusNotFound)
		if c.doc(resp).Find(`[data-testid="error"]`).Length() != 1 {
			t.Errorf("%s: no error page", path)
		}
	}
	// A path that exists for another method: an error page, whichever of 404/405 Echo picks.
	resp := c.get("/logout")
	if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /logout: status %d", resp.StatusCode)
	}
	if c.doc(resp).Find(`[data-testid="error"]`).Length() != 1 {
		t.Errorf("GET /logout: no error page")
	}
}

// ---- 4. recalc ----

func TestRecalc(t *testing.T) {
	e := newEnv(t)
	c, id, doc := openForm(t, e, "staff", training)
	vals := editorValues(doc)
	vals.Set("funds.total.executed", "100000")
	resp := c.htmx(formPath(id, "/recalc"), vals)
	wantStatus(t, c, resp, http.StatusOK)
	out := c.doc(resp)
	for id, want := range map[string]string{
		"execution-rate": "51.29%", "budget-score": "5.13", "total-score": "95.13", "grade": "优",
		"weight-sum": "100", "indicator-score": "90.00",
	} {
		got, isOOB := oob(out, id)
		if got != want || !isOOB {
			t.Errorf("%s = %q (oob %v), want %q out of band", id, got, isOOB, want)
		}
	}
	for i := range 13 {
		if got, isOOB := oob(out, "suggested-score-"+strconv.Itoa(i)); got == "" || !isOOB {
			t.Errorf("suggested-score-%d = %q (oob %v)", i, got, isOOB)
		}
	}
	if _, isOOB := oob(out, "problems"); !isOOB {
		t.Errorf("problems panel not out of band")
	}
	if strings.Contains(c.body(resp), "<html") {
		t.Errorf("recalc answered a whole page")
	}
	// Nothing is saved.
	if rec := e.formRecord(t, id); rec.Version != 1 || rec.Form.Funds.Total.Executed != "193,100" {
		t.Errorf("recalc changed the form: version %d, executed %q", rec.Version, rec.Form.Funds.Total.Executed)
	}
	if got := testid(c.page(formPath(id, "")), "execution-rate"); got != "99.03%" {
		t.Errorf("after recalc the page shows %q, want 99.03%%", got)
	}
}

func TestRecalcMalformed(t *testing.T) {
	e := newEnv(t)
	c, id, doc := openForm(t, e, "staff", training)
	tests := []struct{ field, value, message string }{
		{"funds.total.executed", "1O0", "无法识别的金额 “1O0”"},
		{"funds.total.adjusted", "0", "年度资金总额 0.00 不等于各来源之和 195,000.00"},
		{"indicators.0.weight", "abc", "无法识别的数字 “abc”"},
		{"indicators.2.score", "-1", "不能为负数：“-1”"},
		{"budget_weight", "十", "无法识别的数字 “十”"},
	}
	for _, tt := range tests {
		t.Run(tt.field+"="+tt.value, func(t *testing.T) {
			vals := editorValues(doc)
			vals.Set(tt.field, tt.value)
			msgs := problemTexts(t, c, id, vals, tt.field)
			if !slices.Contains(msgs, tt.message) {
				t.Errorf("problems of %s = %q, want %q", tt.field, msgs, tt.message)
			}
		})
	}
	// Junk that is no form at all is still no server error.
	junk := url.Values{"indicators.999999999999.name": {"x"}, "indicators.-1.name": {"x"}, "indicators.400.weight": {"x"}}
	wantStatus(t, c, c.htmx(formPath(id, "/recalc"), junk), http.StatusOK)
}

// problemTexts posts vals to recalc and returns the messages of the problems of field.
func problemTexts(t *testing.T, c *client, id int64, vals url.Values, field string) []string {
	t.Helper()
	resp := c.htmx(formPath(id, "/recalc"), vals)
	wantStatus(t, c, resp, http.StatusOK)
	var msgs []string
	for _, li := range c.doc(resp).Find(`#problems li[data-field="` + field + `"]`).EachIter() {
		li.Find("a").Remove() // the severity label
		msgs = append(msgs, strings.TrimSpace(li.Text()))
	}
	return msgs
}

// A message without arguments is formatted all the same, so the "%%" that the catalog writes
// for a literal percent sign reaches the page as one "%": "执行率记为 0.00%".
// Seen for problem.funds.zero_budget and problem.funds.over_budget (internal/i18n/i18n.go T;
// also in the JSON's computed.problems messages via exchange.ProblemMessage).
func TestProblemMessagesWithPercent(t *testing.T) {
	e := newEnv(t)
	c, id, doc := openForm(t, e, "staff", training)
	tests := []struct{ lang, field, value, problemField, message string }{
		{"zh", "funds.total.adjusted", "", "funds.total.adjusted", "全年预算数为 0，执行率记为 0.00%"},
		{"zh", "funds.total.executed", "200000", "funds.total.executed", "全年执行数超过全年预算数，执行率按 100% 计分"},
		{"en", "funds.total.adjusted", "", "funds.total.adjusted", "The full-year budget is 0, so the execution rate is 0.00%"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.field+"="+tt.value, func(t *testing.T) {
			c.postForm("/lang", url.Values{"lang": {tt.lang}, "next": {"/forms"}})
			vals := editorValues(doc)
			vals.Set(tt.field, tt.value)
			msgs := problemTexts(t, c, id, vals, tt.problemField)
			if !slices.Contains(msgs, tt.message) {
				t.Errorf("problems of %s = %q, want %q", tt.problemField, msgs, tt.message)
			}
		})
	}
}

// ---- 5. save ----

func TestSavePlainPost(t *testing.T) {
	e := newEnv(t)
	c, id, doc := openForm(t, e, "staff", training)
	vals := editorValues(doc)
	vals.Set("funds.total.executed", "100000")
	vals.Set("op", "save")
	wantRedirect(t, c, c.postForm(formPath(id, ""), vals), formPath(id, ""))

	doc = c.page(formPath(id, ""))
	if got := inputValue(doc, "funds.total.executed"); got != "100,000.00" {
		t.Errorf("executed after save = %q, want it shown as 100,000.00", got)
	}
	if rec := e.formRecord(t, id); rec.Form.Funds.Total.Executed != "100000" {
		t.Errorf("stored %q, want the typed 100000", rec.Form.Funds.Total.Executed)
	}
	if got := inputValue(doc, "version"); got != "2" {
		t.Errorf("version after save = %q, want 2", got)
	}
	if got := testid(doc, "execution-rate"); got != "51.29%" {
		t.Errorf("execution rate after save = %q", got)
	}
	if n := rows(doc); n != 13 {
		t.Errorf("%d rows after save, want 13", n)
	}
	hist, err := e.Store.History(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var changed []store.HistoryEntry
	for _, h := range hist {
		if h.Version == 2 {
			changed = append(changed, h)
		}
	}
	if len(changed) != 1 || changed[0].Field != "funds.total.executed" || changed[0].Old != "193,100" ||
		changed[0].New != "100000" || changed[0].Username != "staff" {
		t.Errorf("history of version 2 = %+v, want one change funds.total.executed 193,100 → 100000 by staff", changed)
	}
	// The list shows the new summary.
	for _, r := range c.page("/forms?year=2022").Find(`[data-testid="form-row"]`).EachIter() {
		if strings.TrimSpace(r.Find("td").First().Text()) == training {
			if got := strings.TrimSpace(r.Find("td").Eq(3).Text()); got != "51.29%" {
				t.Errorf("list execution rate after save = %q", got)
			}
		}
	}
}

// saveAnswerOf decodes the JSON answer of a save from the page's script.
func saveAnswerOf(t *testing.T, c *client, resp *http.Response) saveAnswer {
	t.Helper()
	var ans saveAnswer
	if err := json.Unmarshal([]byte(c.body(resp)), &ans); err != nil {
		t.Fatalf("save answer is not JSON: %v", err)
	}
	return ans
}

func TestSaveFromScript(t *testing.T) {
	e := newEnv(t)
	c, id, doc := openForm(t, e, "staff", training)
	vals := editorValues(doc)
	vals.Set("funds.total.executed", "150000")
	resp := c.htmx(formPath(id, ""), vals)
	wantStatus(t, c, resp, http.StatusOK)
	ans := saveAnswerOf(t, c, resp)
	if ans.Version != 2 || !strings.HasPrefix(ans.SavedAt, "已保存 ") {
		t.Errorf("answer %+v, want version 2 and 已保存 hh:mm:ss", ans)
	}
	if rec := e.formRecord(t, id); rec.Version != 2 || rec.Form.Funds.Total.Executed != "150000" {
		t.Errorf("stored version %d executed %q", rec.Version, rec.Form.Funds.Total.Executed)
	}
	// The next autosave goes from the version it was given back.
	vals.Set("version", "2")
	vals.Set("funds.total.executed", "160000")
	if ans := saveAnswerOf(t, c, c.htmx(formPath(id, ""), vals)); ans.Version != 3 {
		t.Errorf("second autosave version = %d, want 3", ans.Version)
	}
	// Saving the same again changes nothing and is no conflict, even from the old version.
	vals.Set("version", "1")
	if ans := saveAnswerOf(t, c, c.htmx(formPath(id, ""), vals)); ans.Version != 3 {
		t.Errorf("unchanged save version = %d, want 3", ans.Version)
	}
	if rec := e.formRecord(t, id); rec.Version != 3 || rec.Form.Funds.Total.Executed != "160000" {
		t.Errorf("stored version %d executed %q, want 3 and 160000", rec.Version, rec.Form.Funds.Total.Executed)
	}
}

// TestSaveMerge: two people save the same version; the later save, sent by the page's
// script with what it changed (base.PATH), is merged field by field: a change to another
// row survives, the same field changed twice is a conflict that keeps the stored value.
func TestSaveMerge(t *testing.T) {
	e := newEnv(t)
	a, id, docA := openForm(t, e, "staff", training)
	b := e.client(t).loginAs("staff")
	docB := b.page(formPath(id, ""))

	valsA := editorValues(docA)
	valsA.Set("indicators.3.actual", "88%")
	valsA.Set("indicators.2.actual", "20课时")
	wantStatus(t, a, a.htmx(formPath(id, ""), valsA), http.StatusOK)

	valsB := editorValues(docB)
	valsB.Set("merge", "1")
	valsB.Set("base.indicators.1.actual", inputValue(docB, "indicators.1.actual"))
	valsB.Set("indicators.1.actual", "1600人")
	valsB.Set("base.indicators.2.actual", inputValue(docB, "indicators.2.actual"))
	valsB.Set("indicators.2.actual", "18课时")
	resp := b.htmx(formPath(id, ""), valsB)
	wantStatus(t, b, resp, http.StatusOK)
	ans := saveAnswerOf(t, b, resp)
	rec := e.formRecord(t, id)
	if got := [3]string{rec.Form.Indicators[1].Actual, rec.Form.Indicators[2].Actual, rec.Form.Indicators[3].Actual}; got != [3]string{"1600人", "20课时", "88%"} {
		t.Errorf("stored rows 2–4 %q, want B's 1600人, A's 20课时 (a conflict keeps it) and A's 88%%", got)
	}
	if ans.Version != rec.Version || !strings.Contains(ans.Merged, "已合并") {
		t.Errorf("answer version %d (stored %d), merged %q", ans.Version, rec.Version, ans.Merged)
	}
	if len(ans.Theirs) != 1 || ans.Theirs[0].Path != "indicators.3.actual" || ans.Theirs[0].Value != "88%" {
		t.Errorf("theirs %+v, want A's row 4", ans.Theirs)
	}
	if len(ans.Conflicts) != 1 || ans.Conflicts[0].Path != "indicators.2.actual" || ans.Conflicts[0].Mine != "18课时" || ans.Conflicts[0].Theirs != "20课时" {
		t.Errorf("conflicts %+v, want row 3 with both values", ans.Conflicts)
	}
	// Without the script's merge marks the older save is refused, never merged blindly.
	valsB.Del("merge")
	resp = b.htmx(formPath(id, ""), valsB)
	wantStatus(t, b, resp, http.StatusConflict)
	if ans := saveAnswerOf(t, b, resp); !strings.Contains(ans.Message, "此表已被 staff 于") {
		t.Errorf("refusal %+v", ans)
	}
}

func TestSaveBadVersion(t *testing.T) {
	e := newEnv(t)
	c, id, doc := openForm(t, e, "staff", training)
	vals := editorValues(doc)
	vals.Set("funds.total.executed", "1")
	vals.Set("version", "x")
	wantStatus(t, c, c.postForm(formPath(id, ""), vals), http.StatusBadRequest)
	vals.Del("version")
	wantStatus(t, c, c.postForm(formPath(id, ""), vals), http.StatusBadRequest)
	if rec := e.formRecord(t, id); rec.Version != 1 {
		t.Errorf("a bad save changed the form to version %d", rec.Version)
	}
}

// ---- 6. version conflict ----

func TestVersionConflict(t *testing.T) {
	e := newEnv(t)
	a, id, docA := openForm(t, e, "staff", training)
	b := e.client(t).loginAs("staff")
	docB := b.page(formPath(id, ""))
	if inputValue(docA, "version") != "1" || inputValue(docB, "version") != "1" {
		t.Fatalf("both should start from version 1")
	}

	valsA := editorValues(docA)
	valsA.Set("funds.total.executed", "100000")
	wantRedirect(t, a, a.postForm(formPath(id, ""), valsA), formPath(id, ""))

	valsB := editorValues(docB)
	valsB.Set("funds.total.executed", "120000")

	// A script's save on the old version without merge marks: 409 and nothing changes.
	resp := b.htmx(formPath(id, ""), valsB)
	wantStatus(t, b, resp, http.StatusConflict)
	if ans := saveAnswerOf(t, b, resp); ans.Version != 2 || !strings.Contains(ans.Message, "此表已被 staff 于") {
		t.Errorf("script conflict answer %+v, want the latest version 2 and who changed it", ans)
	}

	// Plain post: 409 and the page with B's typed value and the banner.
	resp = b.postForm(formPath(id, ""), valsB)
	wantStatus(t, b, resp, http.StatusConflict)
	docB = b.doc(resp)
	if docB.Find(`[data-testid="conflict"]`).Length() != 1 {
		t.Errorf("no conflict banner")
	}
	if got := inputValue(docB, "funds.total.executed"); got != "120,000.00" {
		t.Errorf("B's typed value not kept: %q, want 120000 shown as 120,000.00", got)
	}
	if got := testid(docB, "execution-rate"); got != "61.54%" {
		t.Errorf("the conflict page scores B's input: %q, want 61.54%%", got)
	}
	if rec := e.formRecord(t, id); rec.Version != 2 || rec.Form.Funds.Total.Executed != "100000" {
		t.Fatalf("after the conflicts the store holds version %d, executed %q; want A's 2 and 100000",
			rec.Version, rec.Form.Funds.Total.Executed)
	}
	// Saving the conflict page as is conflicts again.
	wantStatus(t, b, b.postForm(formPath(id, ""), editorValues(docB)), http.StatusConflict)

	// Overwriting is explicit: the banner's button posts overwrite=<latest>.
	over, _ := docB.Find(`[data-testid="conflict"] [data-testid="overwrite"]`).Attr("value")
	if over != "2" {
		t.Fatalf("overwrite button value %q, want 2", over)
	}
	valsB = editorValues(docB)
	valsB.Set("overwrite", over)
	wantRedirect(t, b, b.postForm(formPath(id, ""), valsB), formPath(id, ""))
	if rec := e.formRecord(t, id); rec.Version != 3 || rec.Form.Funds.Total.Executed != "120,000.00" {
		t.Errorf("after overwrite the store holds version %d, executed %q; want 3 and 120,000.00 (B's amount as shown)",
			rec.Version, rec.Form.Funds.Total.Executed)
	}
}

// ---- 7. expired session ----

func TestSessionIdleTimeoutSlides(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	for range 3 {
		e.advance(testIdleTimeout - time.Minute)
		wantStatus(t, c, c.get("/forms"), http.StatusOK)
	}
	e.advance(testIdleTimeout + time.Minute)
	wantRedirect(t, c, c.get("/forms"), "/login?next=%2Fforms")
}

func TestExpiredSessionHTMXSave(t *testing.T) {
	e := newEnv(t)
	c, id, doc := openForm(t, e, "staff", training)
	e.advance(testIdleTimeout + time.Minute)
	vals := editorValues(doc)
	vals.Set("funds.total.executed", "100000")
	resp := c.htmx(formPath(id, ""), vals)
	wantStatus(t, c, resp, http.StatusUnauthorized)
	wantStatus(t, c, c.htmx(formPath(id, "/recalc"), vals), http.StatusUnauthorized)
	if rec := e.formRecord(t, id); rec.Version != 1 || rec.Form.Funds.Total.Executed != "193,100" {
		t.Errorf("an expired htmx save changed the form: version %d", rec.Version)
	}
}

func TestExpiredSessionReplay(t *testing.T) {
	e := newEnv(t)
	c, id, doc := openForm(t, e, "staff", training)
	e.advance(testIdleTimeout + time.Minute)
	vals := editorValues(doc)
	vals.Set("funds.total.executed", "100000")
	vals.Set("op", "save")
	resp := c.postForm(formPath(id, ""), vals)
	wantStatus(t, c, resp, http.StatusUnauthorized)
	login := c.doc(resp)
	if login.Find(`[data-testid="replay-notice"]`).Length() != 1 {
		t.Errorf("the sign-in page does not say the save will be completed")
	}
	if got := inputValue(login, "next"); got != formPath(id, "") {
		t.Errorf("hidden next = %q, want %s", got, formPath(id, ""))
	}
	replay, err := url.ParseQuery(inputValue(login, "replay"))
	if err != nil || replay.Get("funds.total.executed") != "100000" || replay.Get("version") != "1" {
		t.Errorf("replay = %v (%v), want the posted form", replay, err)
	}
	if replay.Has("_csrf") {
		t.Errorf("the replay carries the CSRF token")
	}
	if rec := e.formRecord(t, id); rec.Version != 1 {
		t.Fatalf("the expired save went through before signing in")
	}

	// Sign in with the page's own form: next and replay ride along.
	fields := hiddenFields(login, `main form[action="/login"]`)
	fields.Set("username", "staff")
	fields.Set("password", e.Passwords["staff"])
	wantRedirect(t, c, c.postForm("/login", fields), formPath(id, ""))
	if rec := e.formRecord(t, id); rec.Version != 2 || rec.Form.Funds.Total.Executed != "100000" {
		t.Errorf("after signing in the store holds version %d, executed %q; want 2 and 100000",
			rec.Version, rec.Form.Funds.Total.Executed)
	}
	if got := testid(c.page(formPath(id, "")), "execution-rate"); got != "51.29%" {
		t.Errorf("page after replay shows %q", got)
	}
}

// TestExpiredSessionReplayNewForm: a plain post to /forms/new (or /forms/{id}/copy) whose
// session expired leads, after signing in again, to a page that exists (replaySave replays
// only saves, /forms/{id}).
func TestExpiredSessionReplayNewForm(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	c.page("/forms")
	e.advance(testIdleTimeout + time.Minute)
	resp := c.postForm("/forms/new", url.Values{"year": {"2023"}, "project": {"过期后新建"}})
	wantStatus(t, c, resp, http.StatusUnauthorized)
	login := c.doc(resp)
	fields := hiddenFields(login, `main form[action="/login"]`)
	fields.Set("username", "staff")
	fields.Set("password", e.Passwords["staff"])
	resp = c.postForm("/login", fields)
	wantStatus(t, c, resp, http.StatusSeeOther)
	loc := resp.Header.Get("Location")
	if got := c.get(loc); got.StatusCode != http.StatusOK {
		t.Errorf("after signing in again the person is sent to %s, which answers %d "+
			"(web/forms.go replaySave / web/session.go requireUser: a replay is only meaningful for /forms/{id})",
			loc, got.StatusCode)
	}
}

// ---- 8. authorization ----

func TestAuthorization(t *testing.T) {
	e := newEnv(t)
	staff := e.client(t).loginAs("staff")
	id := staff.formIDOf(training, 2022)
	vals := editorValues(staff.page(formPath(id, "")))
	vals.Set("funds.total.executed", "1")
	vals.Del("_csrf") // each client posts its own token

	tests := []struct {
		user       string
		listRows   int
		view       int // GET /forms/{id}
		save       int // POST /forms/{id}
		recalc     int
		copy       int
		editable   bool
		createForm int
	}{
		{"other", 0, 404, 404, 404, 404, false, 303},
		{"supervisor", 10, 200, 403, 200, 403, false, 403},
		{"auditor", 10, 200, 403, 200, 403, false, 403},
		{"admin", 10, 200, 403, 200, 403, false, 403},
		{"othersup", 0, 404, 404, 404, 404, false, 403},
	}
	e.addUser(t, "othersup", "othersup-password", auth.RoleSupervisor, e.OtherDept.ID)
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			c := e.client(t).loginAs(tt.user)
			list := c.page("/forms?year=2022")
			if n := list.Find(`[data-testid="form-row"]`).Length(); n != tt.listRows {
				t.Errorf("list shows %d forms, want %d", n, tt.listRows)
			}
			if got := list.Find(`form[action="/forms/new"]`).Length() == 1; got != (tt.createForm == 303) {
				t.Errorf("new-form section shown = %v", got)
			}
			resp := c.get(formPath(id, ""))
			wantStatus(t, c, resp, tt.view)
			if tt.view == 200 {
				doc := c.doc(resp)
				if got := doc.Find(`[data-testid="save"]`).Length() == 1; got != tt.editable {
					t.Errorf("save button shown = %v", got)
				}
				if _, ro := doc.Find(`[name="funds.total.executed"]`).Attr("readonly"); !ro {
					t.Errorf("inputs are not read-only")
				}
				if _, hx := doc.Find("#form-editor").Attr("hx-post"); hx {
					t.Errorf("a read-only form recalculates as one types")
				}
			}
			wantStatus(t, c, c.get(formPath(id, ".json")), tt.view)
			wantStatus(t, c, c.postForm(formPath(id, ""), vals), tt.save)
			wantStatus(t, c, c.htmx(formPath(id, ""), vals), tt.save)
			wantStatus(t, c, c.htmx(formPath(id, "/recalc"), vals), tt.recalc)
			wantStatus(t, c, c.postForm(formPath(id, "/copy"), url.Values{}), tt.copy)
			resp = c.postForm("/forms/new", url.Values{"year": {"2024"}, "project": {"越权"}})
			wantStatus(t, c, resp, tt.createForm)
			if rec := e.formRecord(t, id); rec.Version != 1 || rec.Form.Funds.Total.Executed != "193,100" {
				t.Errorf("%s changed the form: version %d, executed %q", tt.user, rec.Version, rec.Form.Funds.Total.Executed)
			}
		})
	}
	// The form "other" created belongs to their own unit, and staff do not see it.
	rows, err := e.Store.ListForms(context.Background(), store.ListFilter{Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].UnitID != e.OtherUnit.ID {
		t.Errorf("2024 forms = %+v, want one of 其他单位", rows)
	}
	if n := staff.page("/forms?year=2024").Find(`[data-testid="form-row"]`).Length(); n != 0 {
		t.Errorf("staff sees %d forms of another unit", n)
	}
}

// A submitted form is read-only for its own staff too.
func TestSubmittedFormReadOnly(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	id := c.formIDOf(training, 2022)
	vals := editorValues(c.page(formPath(id, "")))
	staff, err := e.Store.UserByUsername(context.Background(), "staff")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Store.Transition(context.Background(), id, 1, "draft", "submitted", "", staff.ID); err != nil {
		t.Fatal(err)
	}
	doc := c.page(formPath(id, ""))
	if got := testid(doc, "status"); got != "已提交" {
		t.Errorf("status %q", got)
	}
	if doc.Find(`[data-testid="save"]`).Length() != 0 {
		t.Errorf("save button on a submitted form")
	}
	if _, ro := doc.Find(`[name="project"]`).Attr("readonly"); !ro {
		t.Errorf("project editable on a submitted form")
	}
	vals.Set("funds.total.executed", "1")
	vals.Set("version", "2")
	wantStatus(t, c, c.postForm(formPath(id, ""), vals), http.StatusForbidden)
	if rec := e.formRecord(t, id); rec.Version != 2 || rec.Form.Funds.Total.Executed != "193,100" {
		t.Errorf("a submitted form was changed: version %d executed %q", rec.Version, rec.Form.Funds.Total.Executed)
	}
	if n := c.page("/forms?year=2022&status=submitted").Find(`[data-testid="form-row"]`).Length(); n != 1 {
		t.Errorf("status=submitted lists %d forms, want 1", n)
	}
	sup := e.client(t).loginAs("supervisor")
	if got := testid(sup.page("/forms"), "nav-to-review"); !strings.Contains(got, "1") {
		t.Errorf("supervisor's to-review badge = %q", got)
	}
}

func TestFormJSON(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	id := c.formIDOf(training, 2022)
	resp := c.get(formPath(id, ".json"))
	wantStatus(t, c, resp, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	var doc struct {
		ID         int64  `json:"id"`
		Status     string `json:"status"`
		Version    int    `json:"version"`
		Project    string `json:"project"`
		Indicators []form.Indicator
		Computed   struct {
			ExecutionRate string `json:"execution_rate"`
			Total         string `json:"total"`
			Grade         string `json:"grade"`
		} `json:"computed"`
	}
	if err := json.Unmarshal([]byte(c.body(resp)), &doc); err != nil {
		t.Fatalf("%v: %.300s", err, c.body(resp))
	}
	if doc.ID != id || doc.Status != "draft" || doc.Version != 1 || doc.Project != training || len(doc.Indicators) != 13 {
		t.Errorf("json = id %d status %q version %d project %q rows %d", doc.ID, doc.Status, doc.Version, doc.Project, len(doc.Indicators))
	}
	if doc.Computed.ExecutionRate != "99.03" || doc.Computed.Total != "99.90" || doc.Computed.Grade != "优" {
		t.Errorf("computed = %+v", doc.Computed)
	}
	// Errors of a JSON address are JSON (see TestJSONNotFound), not pages.
	resp = c.get("/forms/99999.json")
	wantStatus(t, c, resp, http.StatusNotFound)
	if strings.Contains(c.body(resp), "<html") {
		t.Errorf("404 of a .json address is an HTML page")
	}
}

// ---- 9. CSRF ----

func TestCSRF(t *testing.T) {
	e := newEnv(t)
	c, id, doc := openForm(t, e, "staff", training)
	vals := editorValues(doc)
	vals.Set("funds.total.executed", "1")
	noToken := cloneValues(vals)
	noToken.Del("_csrf")
	badToken := cloneValues(vals)
	badToken.Set("_csrf", "not-the-token-not-the-token-1234")
	tests := []struct {
		name string
		path string
		body url.Values
		h    http.Header
	}{
		{"save without token", formPath(id, ""), noToken, nil},
		{"save with wrong token", formPath(id, ""), badToken, nil},
		{"htmx save with wrong header", formPath(id, ""), noToken, http.Header{"Hx-Request": {"true"}, "X-Csrf-Token": {"wrong"}}},
		{"htmx save without header", formPath(id, ""), noToken, http.Header{"Hx-Request": {"true"}}},
		{"recalc without token", formPath(id, "/recalc"), noToken, http.Header{"Hx-Request": {"true"}}},
		{"new form without token", "/forms/new", url.Values{"year": {"2023"}, "project": {"x"}}, nil},
		{"copy with wrong token", formPath(id, "/copy"), url.Values{"_csrf": {"wrong"}}, nil},
		{"logout without token", "/logout", url.Values{}, nil},
		{"logout with wrong token", "/logout", url.Values{"_csrf": {"wrong"}}, nil},
		{"lang without token", "/lang", url.Values{"lang": {"en"}}, nil},
		{"cross-site", formPath(id, ""), vals, http.Header{"Sec-Fetch-Site": {"cross-site"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := c.post(tt.path, tt.body.Encode(), tt.h)
			wantStatus(t, c, resp, http.StatusForbidden)
			if tt.h == nil && !strings.Contains(c.body(resp), "页面已过期或来源不明") {
				t.Errorf("403 page does not explain: %.300s", c.body(resp))
			}
		})
	}
	if rec := e.formRecord(t, id); rec.Version != 1 || rec.Form.Funds.Total.Executed != "193,100" {
		t.Errorf("a forged request changed the form: version %d", rec.Version)
	}
	if n, _ := e.Store.ListForms(context.Background(), store.ListFilter{Year: 2023}); len(n) != 0 {
		t.Errorf("a forged request created %d forms", len(n))
	}
	wantStatus(t, c, c.get("/forms"), http.StatusOK) // still signed in
	if got := testid(c.page("/forms"), "nav-forms"); !strings.HasPrefix(got, "自评表") {
		t.Errorf("language changed by a forged request: %q", got)
	}

	// Sign-in without or with a wrong token.
	for _, tok := range []string{"", "wrong"} {
		l := e.client(t)
		l.get("/login")
		v := url.Values{"username": {"staff"}, "password": {e.Passwords["staff"]}}
		if tok != "" {
			v.Set("_csrf", tok)
		}
		wantStatus(t, l, l.post("/login", v.Encode(), nil), http.StatusForbidden)
		if l.cookie(sessionName) != "" {
			t.Errorf("login with token %q started a session", tok)
		}
	}
	// The right token works (the control).
	vals.Set("funds.total.executed", "193100")
	wantRedirect(t, c, c.postForm(formPath(id, ""), vals), formPath(id, ""))
}

// ---- 10. body limit ----

func TestBodyLimit(t *testing.T) {
	e := newEnv(t)
	c, id, doc := openForm(t, e, "staff", training)
	vals := editorValues(doc)
	vals.Set("goals.achieved", strings.Repeat("x", 1<<20+1))
	resp := c.postForm(formPath(id, ""), vals)
	wantStatus(t, c, resp, http.StatusRequestEntityTooLarge)
	if !strings.Contains(c.body(resp), "1 MiB") {
		t.Errorf("413 page does not say the limit: %.300s", c.body(resp))
	}
	wantStatus(t, c, c.htmx(formPath(id, "/recalc"), vals), http.StatusRequestEntityTooLarge)
	// Just under the limit is fine.
	vals.Set("goals.achieved", strings.Repeat("y", 1<<19))
	wantStatus(t, c, c.htmx(formPath(id, "/recalc"), vals), http.StatusOK)
	// The app still answers.
	wantStatus(t, c, c.get("/healthz"), http.StatusOK)
	wantStatus(t, c, c.get(formPath(id, "")), http.StatusOK)
	if rec := e.formRecord(t, id); rec.Version != 1 {
		t.Errorf("an oversized save changed the form")
	}
}

// TestBodyLimitChunked: a body over 1 MiB sent without Content-Length (chunked) is cut off
// while the handler reads it, and answered 413 like one that says its length.
func TestBodyLimitChunked(t *testing.T) {
	e := newEnv(t)
	c, id, doc := openForm(t, e, "staff", training)
	vals := editorValues(doc)
	vals.Set("goals.achieved", strings.Repeat("x", 1<<20+1))
	req, err := http.NewRequest(http.MethodPost, e.TS.URL+formPath(id, ""), struct{ *strings.Reader }{strings.NewReader(vals.Encode())})
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = -1 // chunked
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	req.Header.Set("X-CSRF-Token", c.token())
	resp := c.do(req)
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked body over 1 MiB: status %d, want 413 (web/editor.go badBody keeps the body limit's error)", resp.StatusCode)
	}
	if rec := e.formRecord(t, id); rec.Version != 1 {
		t.Errorf("an oversized save changed the form")
	}
	wantStatus(t, c, c.get("/healthz"), http.StatusOK)
}

// ---- 11. escaping ----

func TestXSSEscaped(t *testing.T) {
	e := newEnv(t)
	const payload = `<script>alert(1)</script><p>x</p>`
	c, id, doc := openForm(t, e, "staff", training)
	vals := editorValues(doc)
	vals.Set("project", payload)
	vals.Set("indicators.0.deviation", payload)
	vals.Set("indicators.1.name", `"><img src=x onerror=alert(1)>`)
	wantRedirect(t, c, c.postForm(formPath(id, ""), vals), formPath(id, ""))

	for _, path := range []string{formPath(id, ""), "/forms?year=2022"} {
		resp := c.get(path)
		wantStatus(t, c, resp, http.StatusOK)
		body := c.body(resp)
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<p>x</p>") || strings.Contains(body, "<img src=x") {
			t.Errorf("%s: raw markup of the payload in the page", path)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s: escaped payload not in the page", path)
		}
		if n := c.doc(resp).Find(`script:not([type="application/json"])`).Length(); n != 2 {
			t.Errorf("%s: %d script elements, want the 2 of the layout", path, n)
		}
		c.doc(resp).Find(`script[type="application/json"]`).Each(func(_ int, js *goquery.Selection) {
			if strings.Contains(js.Text(), "<") {
				t.Errorf("%s: a JSON script holds markup: %.200s", path, js.Text())
			}
		})
	}
	doc = c.page(formPath(id, ""))
	if got := inputValue(doc, "project"); got != payload {
		t.Errorf("project round trip = %q", got)
	}
	if got := inputValue(doc, "indicators.0.deviation"); got != payload {
		t.Errorf("deviation round trip = %q", got)
	}
	if doc.Find("img").Length() != 0 {
		t.Errorf("attribute injection made an <img>")
	}

	// The seed's own markup: the goal of 社会建设宣传 starts with <p>.
	sid := c.formIDOf("社会建设宣传", 2022)
	resp := c.get(formPath(sid, ""))
	body := c.body(resp)
	if strings.Contains(body, "<p>总结年度") {
		t.Errorf("the seed's <p> is rendered as markup")
	}
	if !strings.Contains(body, "&lt;p&gt;总结年度") {
		t.Errorf("the seed's <p> is not shown escaped")
	}
	if got := inputValue(c.doc(resp), "goals.expected"); !strings.HasPrefix(got, "<p>总结年度") {
		t.Errorf("goals.expected = %.40q", got)
	}
}

// ---- 12. row operations ----

func TestRowOperations(t *testing.T) {
	e := newEnv(t)
	c, id, _ := openForm(t, e, "staff", training)
	tests := []struct {
		op     string
		focus  string
		rows   int
		expect func(t *testing.T, before, after []form.Indicator)
	}{
		{"add:2", "#row-3", 14, func(t *testing.T, b, a []form.Indicator) {
			want := form.Indicator{Level1: b[2].Level1, Level2: b[2].Level2}
			if a[3] != want {
				t.Errorf("new row = %+v, want %+v", a[3], want)
			}
			if a[2] != b[2] || a[4] != b[3] || a[13] != b[12] {
				t.Errorf("rows around the new one moved wrongly")
			}
		}},
		{"del:0", "#row-0", 13, func(t *testing.T, b, a []form.Indicator) {
			if a[0] != b[1] || a[12] != b[13] {
				t.Errorf("row 0 not deleted: first %q", a[0].Name)
			}
		}},
		{"up:1", "#row-0", 13, func(t *testing.T, b, a []form.Indicator) {
			if a[0] != b[1] || a[1] != b[0] || a[2] != b[2] {
				t.Errorf("up:1 did not swap rows 0 and 1: %q, %q", a[0].Name, a[1].Name)
			}
		}},
		{"down:0", "#row-1", 13, func(t *testing.T, b, a []form.Indicator) {
			if a[0] != b[1] || a[1] != b[0] || a[2] != b[2] {
				t.Errorf("down:0 did not swap rows 0 and 1: %q, %q", a[0].Name, a[1].Name)
			}
		}},
		{"up:0", "#row-0", 13, func(t *testing.T, b, a []form.Indicator) {
			if a[0] != b[0] || a[1] != b[1] {
				t.Errorf("up:0 moved rows")
			}
		}},
		{"del:99", "", 13, func(t *testing.T, b, a []form.Indicator) {
			if len(a) != len(b) {
				t.Errorf("an out-of-range op changed the rows")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			doc := c.page(formPath(id, ""))
			before := e.formRecord(t, id).Form.Indicators
			vals := editorValues(doc)
			vals.Set("op", tt.op)
			wantRedirect(t, c, c.postForm(formPath(id, ""), vals), formPath(id, tt.focus))
			doc = c.page(formPath(id, ""))
			if n := rows(doc); n != tt.rows {
				t.Fatalf("%d rows on the page, want %d", n, tt.rows)
			}
			after := e.formRecord(t, id).Form.Indicators
			if len(after) != tt.rows {
				t.Fatalf("%d rows stored, want %d", len(after), tt.rows)
			}
			tt.expect(t, before, after)
			for i, in := range after {
				if got := inputValue(doc, "indicators."+strconv.Itoa(i)+".name"); got != in.Name {
					t.Errorf("page row %d name %q, stored %q", i, got, in.Name)
				}
			}
		})
	}
}

// ---- 13. health ----

func TestHealthz(t *testing.T) {
	e := newEnv(t)
	c := e.client(t)
	resp := c.get("/healthz")
	wantStatus(t, c, resp, http.StatusOK)
	if got := strings.TrimSpace(c.body(resp)); got != "ok" {
		t.Errorf("healthz body %q", got)
	}
	if c.cookie("_csrf") != "" {
		t.Errorf("healthz set a CSRF cookie")
	}
	resp = c.get("/static/app.js")
	wantStatus(t, c, resp, http.StatusOK)
	if !strings.Contains(c.body(resp), "relogin") {
		t.Errorf("/static/app.js is not the app's script")
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

// ---- catalog ----

// TestCatalogKeysUsedByViews checks that every message key the views and handlers name
// literally, and every key they build from a fixed set, is in the catalog.
func TestCatalogKeysUsedByViews(t *testing.T) {
	var files []string
	for _, pat := range []string{"../views/*.templ", "*.go"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	lit := regexp.MustCompile(`\bT\("([a-z0-9_.]+)"`)
	seen := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(b), -1) {
			if strings.HasSuffix(m[1], ".") {
				continue // a prefix completed at run time: the built keys below
			}
			seen++
			if !i18n.Has(m[1]) {
				t.Errorf("%s: key %q not in the catalog", f, m[1])
			}
		}
	}
	if seen < 50 {
		t.Errorf("only %d literal keys found: the pattern no longer matches the code", seen)
	}
	var built []string
	for _, s := range []string{"draft", "submitted", "returned", "approved"} {
		built = append(built, "status."+s)
	}
	for _, r := range auth.Roles {
		built = append(built, "role."+string(r))
	}
	for _, a := range []string{"achieved", "partial", "missed"} {
		built = append(built, "problem.achievement."+a)
	}
	for _, s := range []string{"error", "warning"} {
		built = append(built, "problem.severity."+s)
	}
	for _, n := range form.FundsRowNames {
		built = append(built, "form.funds."+n)
	}
	for _, code := range []int{400, 403, 404, 405, 413, 500} {
		built = append(built, "error."+strconv.Itoa(code))
	}
	built = append(built, "error.csrf")
	for _, k := range built {
		if !i18n.Has(k) {
			t.Errorf("built key %q not in the catalog", k)
		}
		if zh, en := i18n.Pair(k); zh == "" || en == "" {
			t.Errorf("key %q lacks a language: %q / %q", k, zh, en)
		}
	}
}
