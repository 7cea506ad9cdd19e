package web

// The route × role authorization matrix: every route the router has, for each kind of person,
// with a valid CSRF token and a well-formed body, so that only authorization decides.

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"selfeval/internal/scoring"
	"selfeval/internal/store"
)

// The people of the matrix, in the order of routeCase.want.
var authzRoles = []string{"anonymous", "staff", "other", "supervisor", "admin", "auditor"}

// Expected outcomes besides a plain status code.
const (
	// anonLogin: the anonymous person is sent to sign in: 303 to /login?next=… for a page, 401
	// with the sign-in form for a post, 401 as a short text for a JSON address.
	anonLogin = -1
	// refused and notVisible are the refusals: 403, and 404 for a form the person may not see.
	refused    = http.StatusForbidden
	notVisible = http.StatusNotFound
)

// authzFixture is one application with a signed-in client per role and the facts the
// requests need.
type authzFixture struct {
	e       *env
	clients map[string]*client
	form    int64             // 培训费, a draft of the demo unit
	save    url.Values        // what the staff page posts, with one value changed
	uid     int64             // the user "other", target of the admin user routes
	export  string            // 培训费 as an interchange JSON array, for the import routes
	stash   map[string]string // the stash of a preview of export, by role (staff and other)
}

func newAuthzFixture(t *testing.T) *authzFixture {
	t.Helper()
	e := newEnv(t)
	f := &authzFixture{e: e, clients: map[string]*client{}}
	for _, role := range authzRoles {
		c := e.client(t)
		if role == "anonymous" {
			c.get("/login") // the CSRF cookie and token, as any visitor gets them
		} else {
			c.loginAs(role)
		}
		if c.token() == "" {
			t.Fatalf("%s has no CSRF token", role)
		}
		f.clients[role] = c
	}
	staff := f.clients["staff"]
	f.form = staff.formIDOf(training, 2022)
	f.save = editorValues(staff.page(formPath(f.form, "")))
	f.save.Del("_csrf") // each client posts its own token
	f.save.Set("indicators.0.actual", ">=5")
	resp := staff.get(formPath(f.form, ".json"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s.json: %d", formPath(f.form, ""), resp.StatusCode)
	}
	f.export = "[" + strings.Replace(staff.body(resp), `"year": 2022`, `"year": 2030`, 1) + "]"
	f.stash = map[string]string{}
	for _, role := range []string{"staff", "other"} {
		c := f.clients[role]
		doc := c.doc(c.multipartPost("/import/preview", map[string]string{"text": f.export}, "", nil))
		f.stash[role] = doc.Find(`input[name=stash]`).AttrOr("value", "")
		if f.stash[role] == "" {
			t.Fatalf("%s's preview has no stash", role)
		}
	}
	u, err := e.Store.UserByUsername(context.Background(), "other")
	if err != nil {
		t.Fatal(err)
	}
	f.uid = u.ID
	// The demo department's 2022 has a profile chosen (the default's own), so that its
	// rescoring page exists; rescoring it changes nothing.
	if err := e.Store.SetProfileChoice(context.Background(), e.DemoDept.ID, 2022, scoring.Default.Name, 0); err != nil {
		t.Fatal(err)
	}
	return f
}

// fingerprint is what any request of the matrix could change: the form, and the counts of
// forms, users, orgs and comments, and the account "other".
func (f *authzFixture) fingerprint(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	rec := f.e.formRecord(t, f.form)
	forms, err := f.e.Store.ListForms(ctx, store.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	users, err := f.e.Store.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	orgs, err := f.e.Store.Orgs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	comments, err := f.e.Store.RowComments(ctx, f.form)
	if err != nil {
		t.Fatal(err)
	}
	other, err := f.e.Store.UserByID(ctx, f.uid)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join([]string{rec.Status, strconv.Itoa(rec.Version), rec.Form.Indicators[0].Actual,
		strconv.Itoa(len(forms)), strconv.Itoa(len(users)), strconv.Itoa(len(orgs)), strconv.Itoa(len(comments)),
		string(other.Role), strconv.FormatInt(other.OrgID, 10), strconv.FormatBool(other.Disabled), other.PasswordHash}, "|")
}

// routeCase is one registered route: how to call it as a given person and what each person gets.
type routeCase struct {
	route string // "METHOD /path" as registered
	do    func(f *authzFixture, role string, c *client) *http.Response
	want  [6]int // anonymous, staff, other, supervisor, admin, auditor
}

// routeFormats are the other formats a route serves at the same address (/forms/{id}.json),
// each expected to give the same outcome as the page.
var routeFormats = map[string][]string{"GET /forms/:id": {".json", ".xlsx"}}

func rGet(path func(f *authzFixture) string) func(*authzFixture, string, *client) *http.Response {
	return func(f *authzFixture, _ string, c *client) *http.Response { return c.get(path(f)) }
}

func rPost(path func(f *authzFixture) string, body func(f *authzFixture, role string) url.Values) func(*authzFixture, string, *client) *http.Response {
	return func(f *authzFixture, role string, c *client) *http.Response {
		var v url.Values
		if body != nil {
			v = body(f, role)
		}
		return c.postForm(path(f), v)
	}
}

// rMultipart posts fields as multipart/form-data, as the import page's form does.
func rMultipart(path string, fields func(f *authzFixture) map[string]string) func(*authzFixture, string, *client) *http.Response {
	return func(f *authzFixture, _ string, c *client) *http.Response {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		vals := fields(f)
		vals["_csrf"] = c.token()
		for k, v := range vals {
			if err := w.WriteField(k, v); err != nil {
				c.t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			c.t.Fatal(err)
		}
		return c.post(path, buf.String(), http.Header{"Content-Type": {w.FormDataContentType()}})
	}
}

func rPath(p string) func(*authzFixture) string { return func(*authzFixture) string { return p } }

func rForm(suffix string) func(*authzFixture) string {
	return func(f *authzFixture) string { return formPath(f.form, suffix) }
}

func rUser(suffix string) func(*authzFixture) string {
	return func(f *authzFixture) string { return "/admin/users/" + strconv.FormatInt(f.uid, 10) + suffix }
}

func rValues(kv ...string) func(*authzFixture, string) url.Values {
	return func(*authzFixture, string) url.Values {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
}

// routeCases is the matrix. The form is 培训费 as a draft, so the staff's withdrawal, the
// reviewer's actions (return, approve, comment) and the admin's reopen are refused for the
// state (403) even to the role that does them; TestReviewCycle and TestWithdraw cover them in
// the states that allow them.
func routeCases() []routeCase {
	const ok, redirect = http.StatusOK, http.StatusSeeOther
	viewers := [6]int{anonLogin, ok, notVisible, ok, ok, ok}
	refusedOnDraft := [6]int{anonLogin, refused, notVisible, refused, refused, refused}
	adminOnly := [6]int{anonLogin, refused, refused, refused, redirect, refused}
	return []routeCase{
		// Public.
		{"GET /", rGet(rPath("/")), [6]int{redirect, redirect, redirect, redirect, redirect, redirect}},
		{"GET /healthz", rGet(rPath("/healthz")), [6]int{ok, ok, ok, ok, ok, ok}},
		{"GET /login", rGet(rPath("/login")), [6]int{ok, ok, ok, ok, ok, ok}},
		{"POST /login", rPost(rPath("/login"), func(f *authzFixture, role string) url.Values {
			if role == "anonymous" {
				role = "staff"
			}
			return url.Values{"username": {role}, "password": {f.e.Passwords[role]}}
		}), [6]int{redirect, redirect, redirect, redirect, redirect, redirect}},
		{"POST /logout", rPost(rPath("/logout"), nil), [6]int{redirect, redirect, redirect, redirect, redirect, redirect}},
		{"POST /lang", rPost(rPath("/lang"), rValues("lang", "en", "next", "/forms")), [6]int{redirect, redirect, redirect, redirect, redirect, redirect}},

		// Forms.
		{"GET /forms", rGet(rPath("/forms")), [6]int{anonLogin, ok, ok, ok, ok, ok}},
		{"POST /forms/new", rPost(rPath("/forms/new"), rValues("year", "2024", "project", "新项目")),
			[6]int{anonLogin, redirect, redirect, refused, refused, refused}},
		{"GET /forms.xlsx", rGet(rPath("/forms.xlsx?year=2022")), [6]int{anonLogin, ok, notVisible, ok, ok, ok}}, // other: no form of 2022
		{"GET /exports", rGet(rPath("/exports?year=2022")), [6]int{anonLogin, ok, ok, ok, ok, ok}},
		// other: no form of 2022. The job routes are of staff's job: nobody else's.
		{"POST /exports", rStartExport, [6]int{anonLogin, redirect, notVisible, redirect, redirect, redirect}},
		{"GET /exports/:id", rJob("", false), [6]int{anonLogin, ok, notVisible, notVisible, notVisible, notVisible}},
		{"GET /exports/:id/file", rJob("/file", false), [6]int{anonLogin, ok, notVisible, notVisible, notVisible, notVisible}},
		{"POST /exports/:id/cancel", rJob("/cancel", true), [6]int{anonLogin, redirect, notVisible, notVisible, notVisible, notVisible}},
		// The list's exports: everyone signed in gets the forms they may see ("other": none).
		{"GET /forms.csv", rGet(rPath("/forms.csv?year=2022&sort=total&dir=desc")), [6]int{anonLogin, ok, ok, ok, ok, ok}},
		{"GET /forms-summary.xlsx", rGet(rPath("/forms-summary.xlsx?year=2022&flag=any&sort=project")), [6]int{anonLogin, ok, ok, ok, ok, ok}},
		{"POST /forms/copy-year", rPost(rPath("/forms/copy-year"), rValues("year", "2022")),
			[6]int{anonLogin, redirect, notVisible, refused, refused, refused}}, // other: nothing to copy
		{"GET /import", rGet(rPath("/import")), [6]int{anonLogin, ok, ok, refused, refused, refused}},
		{"POST /import/preview", rMultipart("/import/preview", func(f *authzFixture) map[string]string {
			return map[string]string{"text": f.export}
		}), [6]int{anonLogin, ok, ok, refused, refused, refused}},
		{"POST /import", rPost(rPath("/import"), func(f *authzFixture, role string) url.Values {
			return url.Values{"stash": {f.stash[role]}, "dup.0": {"keep"}}
		}), [6]int{anonLogin, redirect, redirect, refused, refused, refused}},
		{"GET /forms/:id", rGet(rForm("")), viewers},
		{"POST /forms/:id", rPost(rForm(""), func(f *authzFixture, _ string) url.Values { return cloneValues(f.save) }),
			[6]int{anonLogin, redirect, notVisible, refused, refused, refused}},
		{"POST /forms/:id/recalc", rPost(rForm("/recalc"), func(f *authzFixture, _ string) url.Values { return cloneValues(f.save) }),
			[6]int{anonLogin, ok, notVisible, ok, ok, ok}},
		{"POST /forms/:id/explain", rPost(rForm("/explain"), func(f *authzFixture, _ string) url.Values {
			v := cloneValues(f.save)
			v.Set("figure", "total")
			return v
		}), [6]int{anonLogin, ok, notVisible, ok, ok, ok}},
		{"POST /forms/:id/copy", rPost(rForm("/copy"), nil), [6]int{anonLogin, redirect, notVisible, refused, refused, refused}},
		{"POST /forms/:id/delete", rPost(rForm("/delete"), nil), [6]int{anonLogin, redirect, notVisible, refused, refused, refused}},
		{"POST /forms/:id/restore", rPost(rForm("/restore"), nil), adminOnly}, // not deleted: admin is shown the form
		{"POST /forms/:id/submit", rPost(rForm("/submit"), rValues("version", "1")), [6]int{anonLogin, redirect, notVisible, refused, refused, refused}},
		{"POST /forms/:id/withdraw", rPost(rForm("/withdraw"), rValues("version", "1")), refusedOnDraft}, // staff: not submitted
		{"POST /forms/:id/return", rPost(rForm("/return"), rValues("version", "1", "comment", "请核实")), refusedOnDraft},
		{"POST /forms/:id/approve", rPost(rForm("/approve"), rValues("version", "1")), refusedOnDraft},
		{"POST /forms/:id/reopen", rPost(rForm("/reopen"), rValues("version", "1", "reason", "重新核对")), refusedOnDraft},
		{"POST /forms/:id/comments", rPost(rForm("/comments"), rValues("field", "indicators.2", "body", "请说明")), refusedOnDraft},
		{"POST /forms/:id/review-scores", rPost(rForm("/review-scores"), rValues("row", "0", "version", "1", "review_score", "1", "review_reason", "核减")), refusedOnDraft},
		{"GET /forms/:id/history", rGet(rForm("/history")), viewers},
		{"GET /forms/:id/history.json", rGet(rForm("/history.json")), viewers},
		{"GET /forms/:id/print", rGet(rForm("/print")), viewers},

		// Review and administration.
		{"GET /review", rGet(rPath("/review")), [6]int{anonLogin, refused, refused, ok, refused, refused}},
		{"POST /review/bulk", rPost(rPath("/review/bulk"), func(f *authzFixture, _ string) url.Values {
			return url.Values{"action": {"approve"}, "form": {strconv.FormatInt(f.form, 10) + ":1"}}
		}), [6]int{anonLogin, refused, refused, ok, refused, refused}}, // the supervisor is told the draft was not approved
		{"GET /overview", rGet(rPath("/overview?year=2022")), [6]int{anonLogin, refused, refused, ok, ok, ok}},
		{"POST /overview/deadline", rPost(rPath("/overview/deadline"), func(f *authzFixture, _ string) url.Values {
			return url.Values{"dept_id": {strconv.FormatInt(f.e.DemoDept.ID, 10)}, "year": {"2022"}, "due": {"2023-03-31"}}
		}), [6]int{anonLogin, refused, refused, redirect, redirect, refused}},
		{"GET /admin", rGet(rPath("/admin")), [6]int{anonLogin, refused, refused, refused, ok, ok}},
		{"POST /admin/orgs", rPost(rPath("/admin/orgs"), func(f *authzFixture, role string) url.Values {
			return url.Values{"name": {"新单位-" + role}, "parent_id": {strconv.FormatInt(f.e.DemoDept.ID, 10)}}
		}), adminOnly},
		{"POST /admin/users", rPost(rPath("/admin/users"), func(f *authzFixture, role string) url.Values {
			return url.Values{"username": {"new-" + role}, "password": {"new-password-1"}, "role": {"staff"},
				"org_id": {strconv.FormatInt(f.e.DemoUnit.ID, 10)}}
		}), adminOnly},
		{"POST /admin/users/:uid", rPost(rUser(""), func(f *authzFixture, _ string) url.Values {
			return url.Values{"role": {"staff"}, "org_id": {strconv.FormatInt(f.e.DemoUnit.ID, 10)}}
		}), adminOnly},
		{"POST /admin/users/:uid/password", rPost(rUser("/password"), rValues("password", "reset-password-1")), adminOnly},
		{"GET /admin/profiles", rGet(rPath("/admin/profiles")), [6]int{anonLogin, refused, refused, refused, ok, ok}},
		{"POST /admin/profiles", rPost(rPath("/admin/profiles"), func(f *authzFixture, _ string) url.Values {
			return url.Values{"dept_id": {strconv.FormatInt(f.e.DemoDept.ID, 10)}, "year": {"2023"}, "profile": {scoring.Default.Name}}
		}), adminOnly},
		{"GET /admin/rescore", rGet(func(f *authzFixture) string {
			return "/admin/rescore?dept=" + strconv.FormatInt(f.e.DemoDept.ID, 10) + "&year=2022"
		}), [6]int{anonLogin, refused, refused, refused, ok, refused}},
		{"POST /admin/rescore", rPost(rPath("/admin/rescore"), func(f *authzFixture, _ string) url.Values {
			return url.Values{"dept_id": {strconv.FormatInt(f.e.DemoDept.ID, 10)}, "year": {"2022"}}
		}), adminOnly},

		// The catch-alls Echo registers for the groups with middleware (requireUser, and
		// requireRole(admin) under /admin): an unknown address sends the anonymous person to
		// sign in and is 404 (403 under /admin) for the others.
		{echo.RouteNotFound + " /", rPost(rPath("/"), nil), [6]int{anonLogin, notVisible, notVisible, notVisible, notVisible, notVisible}},
		{echo.RouteNotFound + " /*", rGet(rPath("/no-such-page")), [6]int{anonLogin, notVisible, notVisible, notVisible, notVisible, notVisible}},
		{echo.RouteNotFound + " /admin", rPost(rPath("/admin"), nil), [6]int{anonLogin, notVisible, notVisible, notVisible, notVisible, notVisible}},
		{echo.RouteNotFound + " /admin/*", rGet(rPath("/admin/no-such-page")), [6]int{anonLogin, refused, refused, refused, notVisible, refused}},
	}
}

// registeredRoutes lists the router's routes as "METHOD /path", without /static.
func registeredRoutes(s *Server) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range s.echo.Routes() {
		if r.Path == "/static" || strings.HasPrefix(r.Path, "/static/") || strings.HasPrefix(r.Path, "/static*") {
			continue
		}
		k := r.Method + " " + r.Path
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// TestRouteAuthorization checks every route of the router for every kind of person. A route
// added without an entry in routeCases, or an entry whose route is gone, fails the test.
func TestRouteAuthorization(t *testing.T) {
	cases := routeCases()
	byRoute := map[string]routeCase{}
	for _, rc := range cases {
		if _, dup := byRoute[rc.route]; dup {
			t.Fatalf("route %s twice in the table", rc.route)
		}
		byRoute[rc.route] = rc
	}
	registered := registeredRoutes(newEnv(t).Srv)
	inRouter := map[string]bool{}
	for _, r := range registered {
		inRouter[r] = true
		if _, ok := byRoute[r]; !ok {
			t.Errorf("route %s has no entry in the authorization table", r)
		}
	}
	for _, rc := range cases {
		if !inRouter[rc.route] {
			t.Errorf("the table has %s, which the router does not have", rc.route)
		}
	}
	if t.Failed() {
		t.Fatalf("router has %d routes besides /static: %v", len(registered), registered)
	}

	checked := 0
	for _, rc := range cases {
		t.Run(strings.NewReplacer(" ", "_", "/", "~").Replace(rc.route), func(t *testing.T) {
			f := newAuthzFixture(t) // a fresh application: an allowed action must not change the next one's case
			before := f.fingerprint(t)
			// The refusals first, so that what an allowed request changes cannot decide them.
			order := make([]int, 0, len(authzRoles))
			for i, w := range rc.want {
				if !isAllowed(w) {
					order = append(order, i)
				}
			}
			refusals := len(order)
			for i, w := range rc.want {
				if isAllowed(w) {
					order = append(order, i)
				}
			}
			for n, i := range order {
				if n == refusals {
					if after := f.fingerprint(t); after != before {
						t.Errorf("refused requests changed the data:\n before %s\n after  %s", before, after)
					}
				}
				role := authzRoles[i]
				c := f.clients[role]
				resp := rc.do(f, role, c)
				checked++
				checkOutcome(t, c, role, resp, rc.want[i])
				for _, ext := range routeFormats[rc.route] {
					checkOutcome(t, c, role, c.get(formPath(f.form, ext)), rc.want[i])
				}
			}
			if refusals == len(order) {
				if after := f.fingerprint(t); after != before {
					t.Errorf("refused requests changed the data:\n before %s\n after  %s", before, after)
				}
			}
		})
	}
	if want := len(registered) * len(authzRoles); checked != want {
		t.Errorf("checked %d route × role combinations, want %d (%d routes × %d roles)", checked, want, len(registered), len(authzRoles))
	}
	t.Logf("checked %d route × role combinations (%d routes × %d roles)", checked, len(registered), len(authzRoles))
}

func isAllowed(code int) bool { return code >= 200 && code < 400 }

func checkOutcome(t *testing.T, c *client, role string, resp *http.Response, want int) {
	t.Helper()
	req := resp.Request
	what := role + " " + req.Method + " " + req.URL.Path
	if want != anonLogin {
		if resp.StatusCode != want {
			t.Errorf("%s: status %d, want %d; body: %.200s", what, resp.StatusCode, want, c.body(resp))
		}
		// A signed-in person who is let through is not sent to sign in instead.
		loc := resp.Header.Get("Location")
		if want == http.StatusSeeOther && role != "anonymous" && req.URL.Path != "/logout" && strings.HasPrefix(loc, "/login") {
			t.Errorf("%s: redirected to %q, want the page of the action", what, loc)
		}
		return
	}
	switch {
	case strings.HasSuffix(req.URL.Path, ".json"):
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", what, resp.StatusCode)
		}
	case req.Method == http.MethodGet:
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || loc != "/login?next="+url.QueryEscape(req.URL.RequestURI()) {
			t.Errorf("%s: status %d to %q, want 303 to the sign-in page", what, resp.StatusCode, loc)
		}
	default:
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(c.body(resp), `action="/login"`) {
			t.Errorf("%s: status %d, want 401 with the sign-in form; body: %.200s", what, resp.StatusCode, c.body(resp))
		}
	}
}
