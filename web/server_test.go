package web

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"selfeval/internal/auth"
	"selfeval/internal/form"
	"selfeval/internal/i18n"
	"selfeval/internal/store"
)

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

// ---- 13. health ----

func TestHealthz(t *testing.T) {
	e := newEnv(t)
	c := e.client(t)
	resp := c.get("/healthz")
	wantStatus(t, c, resp, http.StatusOK)
	if got := strings.TrimSpace(c.body(resp)); got != "ok" {
		t.Errorf("healthz body %q", got)
	}
	if c.cookie(anonCookie) != "" || c.cookie(sessionName) != "" {
		t.Errorf("healthz set a cookie")
	}
	resp = c.get("/static/app.js")
	wantStatus(t, c, resp, http.StatusOK)
	if !strings.Contains(c.body(resp), "relogin") {
		t.Errorf("/static/app.js is not the app's script")
	}
	// A database that takes no writes (here: closed under the server) is not healthy.
	e.Store.Close()
	resp = c.get("/healthz")
	wantStatus(t, c, resp, http.StatusServiceUnavailable)
	if got := strings.TrimSpace(c.body(resp)); got != "database does not take writes" {
		t.Errorf("healthz body %q", got)
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
