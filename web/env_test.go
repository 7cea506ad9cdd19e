package web

// The test environment of the handler tests: a real SQLite file with the demo forms, the whole
// router behind httptest.NewServer, a clock the test moves, and clients that behave like a
// browser without JavaScript (cookie jar, no redirect following, hidden _csrf fields).

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/crypto/bcrypt"

	"selfeval/internal/auth"
	"selfeval/internal/demo"
	"selfeval/internal/store"
)

func TestMain(m *testing.M) {
	auth.Cost = bcrypt.MinCost
	os.Exit(m.Run())
}

// Passwords of the accounts newEnv adds besides the demo ones.
const (
	otherPassword   = "other-password-1"
	auditorPassword = "auditor-password-1"
)

// env is one application under test.
type env struct {
	Store *store.Store
	Srv   *Server
	TS    *httptest.Server
	// Passwords maps every username (staff, supervisor, admin, other, auditor) to its password.
	Passwords map[string]string
	// The orgs: the demo department and unit, and the second department and unit.
	DemoDept, DemoUnit, OtherDept, OtherUnit store.Org

	mu  sync.Mutex
	now time.Time
}

// testIdleTimeout is the idle timeout of the server under test.
const testIdleTimeout = time.Hour

// newEnv starts the application on a fresh database in t.TempDir(), seeded with the demo.
func newEnv(t testing.TB) *env {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(filepath.Join(t.TempDir(), "selfeval.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	accounts, err := demo.Load(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{Store: st, Passwords: map[string]string{},
		now: time.Date(2023, 3, 1, 9, 0, 0, 0, time.UTC)}
	for _, a := range accounts {
		e.Passwords[a.Username] = a.Password
	}
	if e.DemoDept, err = st.OrgByName(ctx, demo.Department); err != nil {
		t.Fatal(err)
	}
	if e.DemoUnit, err = st.OrgByName(ctx, demo.Unit); err != nil {
		t.Fatal(err)
	}
	if e.OtherDept, err = st.CreateOrg(ctx, "其他部门", 0); err != nil {
		t.Fatal(err)
	}
	if e.OtherUnit, err = st.CreateOrg(ctx, "其他单位", e.OtherDept.ID); err != nil {
		t.Fatal(err)
	}
	e.addUser(t, "other", otherPassword, auth.RoleStaff, e.OtherUnit.ID)
	e.addUser(t, "auditor", auditorPassword, auth.RoleAuditor, e.OtherDept.ID)

	hashKey := bytes.Repeat([]byte{0x11}, 32)
	blockKey := bytes.Repeat([]byte{0x22}, 32)
	e.Srv = mustNew(t, st, Config{
		SessionKeys: [][]byte{hashKey, blockKey},
		IdleTimeout: testIdleTimeout,
		Now:         e.clock,
	})
	e.TS = httptest.NewServer(e.Srv)
	t.Cleanup(e.TS.Close)
	return e
}

// mustNew builds the application over st or fails the test. Without a Logger in cfg, the
// server logs warnings and errors to stderr, not a line per request.
func mustNew(t testing.TB, st *store.Store, cfg Config) *Server {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	srv, err := New(st, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

func (e *env) addUser(t testing.TB, name, pw string, role auth.Role, org int64) store.User {
	t.Helper()
	hash, err := auth.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	u, err := e.Store.CreateUser(context.Background(), store.User{Username: name, PasswordHash: hash, Role: role, OrgID: org})
	if err != nil {
		t.Fatal(err)
	}
	e.Passwords[name] = pw
	return u
}

// clock is the server's Config.Now.
func (e *env) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

// advance moves the server's clock forward.
func (e *env) advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = e.now.Add(d)
}

// formRecord reads form id straight from the store.
func (e *env) formRecord(t testing.TB, id int64) store.FormRecord {
	t.Helper()
	rec, err := e.Store.Form(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// client is one browser: its own cookies, redirects not followed.
type client struct {
	t    testing.TB
	e    *env
	hc   *http.Client
	jar  *cookiejar.Jar
	csrf string // the _csrf of the last page that had one

	mu     sync.Mutex
	bodies map[*http.Response][]byte
}

func (e *env) client(t testing.TB) *client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &client{t: t, e: e, jar: jar, bodies: map[*http.Response][]byte{},
		hc: &http.Client{
			Jar:           jar,
			Timeout:       30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}}
}

// login signs in through the sign-in page, as a person does.
func (c *client) login(user, pw string) *http.Response {
	c.t.Helper()
	c.get("/login")
	return c.postForm("/login", url.Values{"username": {user}, "password": {pw}})
}

// loginAs signs in with the known password of user and fails the test unless it worked.
func (c *client) loginAs(user string) *client {
	c.t.Helper()
	resp := c.login(user, c.e.Passwords[user])
	if resp.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("login %s: status %d, want 303", user, resp.StatusCode)
	}
	c.get(resp.Header.Get("Location")) // as a browser follows the redirect: the new session's token
	return c
}

func (c *client) get(path string) *http.Response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.e.TS.URL+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.do(req)
}

// postForm posts vals as a form without JavaScript would, adding the page's _csrf unless vals has one.
func (c *client) postForm(path string, vals url.Values) *http.Response {
	c.t.Helper()
	v := cloneValues(vals)
	if _, ok := v["_csrf"]; !ok {
		v.Set("_csrf", c.token())
	}
	return c.post(path, v.Encode(), nil)
}

// htmx posts vals as htmx does: HX-Request and the CSRF token in a header.
func (c *client) htmx(path string, vals url.Values) *http.Response {
	c.t.Helper()
	return c.post(path, vals.Encode(), http.Header{"Hx-Request": {"true"}, "X-Csrf-Token": {c.token()}})
}

// post sends an urlencoded body with extra headers, nothing added.
func (c *client) post(path, body string, h http.Header) *http.Response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.e.TS.URL+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, vs := range h {
		req.Header[k] = vs
	}
	return c.do(req)
}

// do sends req and reads the whole answer, remembering the _csrf of HTML pages.
func (c *client) do(req *http.Request) *http.Response {
	c.t.Helper()
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		c.t.Fatalf("%s %s: read body: %v", req.Method, req.URL.Path, err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	c.mu.Lock()
	c.bodies[resp] = b
	c.mu.Unlock()
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		if doc, err := goquery.NewDocumentFromReader(bytes.NewReader(b)); err == nil {
			if tok, ok := doc.Find(`input[name="_csrf"]`).First().Attr("value"); ok && tok != "" {
				c.csrf = tok
			}
		}
	}
	return resp
}

// token is the CSRF token the app expects: the one of the last page.
func (c *client) token() string { return c.csrf }

// cookie returns the value of the named cookie the client would send, or "".
func (c *client) cookie(name string) string {
	u, _ := url.Parse(c.e.TS.URL)
	for _, ck := range c.jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// body returns the whole body of a response of this client.
func (c *client) body(resp *http.Response) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return string(c.bodies[resp])
}

// doc parses a response of this client as HTML.
func (c *client) doc(resp *http.Response) *goquery.Document {
	c.t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(c.body(resp)))
	if err != nil {
		c.t.Fatal(err)
	}
	return doc
}

// page GETs path, requires 200 and returns the document.
func (c *client) page(path string) *goquery.Document {
	c.t.Helper()
	resp := c.get(path)
	if resp.StatusCode != http.StatusOK {
		c.t.Fatalf("GET %s: status %d, want 200: %.300s", path, resp.StatusCode, c.body(resp))
	}
	return c.doc(resp)
}

// formIDOf finds the id of the form whose project is named project in the list of year.
func (c *client) formIDOf(project string, year int) int64 {
	c.t.Helper()
	doc := c.page("/forms?year=" + strconv.Itoa(year))
	var id int64
	doc.Find(`[data-testid="form-row"] a`).EachWithBreak(func(_ int, a *goquery.Selection) bool {
		if strings.TrimSpace(a.Text()) != project {
			return true
		}
		href, _ := a.Attr("href")
		id, _ = strconv.ParseInt(strings.TrimPrefix(href, "/forms/"), 10, 64)
		return false
	})
	if id == 0 {
		c.t.Fatalf("no form %q in the list of %d", project, year)
	}
	return id
}

// formPath is the page of form id.
func formPath(id int64, suffix string) string { return "/forms/" + strconv.FormatInt(id, 10) + suffix }

// editorValues returns what the browser would post from the page's #form-editor: every named
// input, textarea and select that is not disabled, buttons left out.
func editorValues(doc *goquery.Document) url.Values {
	v := url.Values{}
	doc.Find("#form-editor").Find("input[name], textarea[name], select[name]").Each(func(_ int, s *goquery.Selection) {
		if _, disabled := s.Attr("disabled"); disabled {
			return
		}
		name, _ := s.Attr("name")
		switch goquery.NodeName(s) {
		case "input":
			switch typ, _ := s.Attr("type"); typ {
			case "submit", "button", "reset", "image":
				return
			case "checkbox", "radio":
				if _, checked := s.Attr("checked"); !checked {
					return
				}
			}
			val, _ := s.Attr("value")
			v.Add(name, val)
		case "textarea":
			v.Add(name, s.Text())
		case "select":
			opt := s.Find("option[selected]").First()
			if opt.Length() == 0 {
				opt = s.Find("option").First()
			}
			val, _ := opt.Attr("value")
			v.Add(name, val)
		}
	})
	return v
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// testid returns the trimmed text of the first element with data-testid id.
func testid(doc *goquery.Document, id string) string {
	return strings.TrimSpace(doc.Find(`[data-testid="` + id + `"]`).First().Text())
}
