package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"selfeval/internal/demo"
	"selfeval/internal/form"
	"selfeval/internal/store"
)

// benchApp is the demo app with a signed-in staff session, for in-process benchmarks.
type benchApp struct {
	srv     *Server
	cookies []*http.Cookie
	csrf    string
	formID  int64
	body    string
}

var csrfRE = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// signedInBench is the application over st with user (one of the demo's accounts) signed in.
func signedInBench(b *testing.B, st *store.Store, accounts []demo.Account, user string) *benchApp {
	b.Helper()
	a := &benchApp{srv: mustNew(b, st, Config{SessionKeys: [][]byte{[]byte(strings.Repeat("k", 32))}})}
	rec := a.do(httptest.NewRequest(http.MethodGet, "/login", nil))
	a.cookies = rec.Result().Cookies()
	a.csrf = csrfRE.FindStringSubmatch(rec.Body.String())[1]
	pw := ""
	for _, acc := range accounts {
		if acc.Username == user {
			pw = acc.Password
		}
	}
	req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"_csrf": {a.csrf}, "username": {user}, "password": {pw}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if rec = a.do(req); rec.Code != http.StatusSeeOther {
		b.Fatalf("login as %s: %d", user, rec.Code)
	}
	a.cookies = append(a.cookies, rec.Result().Cookies()...)
	return a
}

func newBenchApp(b *testing.B) *benchApp {
	st, err := store.Open(filepath.Join(b.TempDir(), "selfeval.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	accounts, err := demo.Load(context.Background(), st)
	if err != nil {
		b.Fatal(err)
	}
	a := signedInBench(b, st, accounts, "staff")
	// The token of the new session, as the page after signing in carries it.
	a.csrf = csrfRE.FindStringSubmatch(a.do(httptest.NewRequest(http.MethodGet, "/forms", nil)).Body.String())[1]
	list, err := st.ListForms(context.Background(), store.ListFilter{})
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range list {
		if f.Project == "培训费" {
			a.formID = f.ID
		}
	}
	rf, err := st.Form(context.Background(), a.formID)
	if err != nil {
		b.Fatal(err)
	}
	v := url.Values{"_csrf": {a.csrf}, "version": {strconv.Itoa(rf.Version)}}
	for _, fv := range form.Fields(&rf.Form) {
		v.Set(fv.Path, fv.Value)
	}
	v.Set("funds.total.executed", "100000")
	v.Set("groups", groupsOf(&rf.Form)) // as the page sends it: a keystroke, not a regrouping
	a.body = v.Encode()
	return a
}

func (a *benchApp) do(req *http.Request) *httptest.ResponseRecorder {
	for _, c := range a.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	a.srv.ServeHTTP(rec, req)
	return rec
}

// BenchmarkRecalc is one keystroke of 培训费 through the whole router.
func BenchmarkRecalc(b *testing.B) {
	a := newBenchApp(b)
	path := "/forms/" + strconv.FormatInt(a.formID, 10) + "/recalc"
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(a.body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("HX-Request", "true")
		req.Header.Set("X-CSRF-Token", a.csrf)
		rec := a.do(req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "95.13") {
			b.Fatalf("recalc: %d %s", rec.Code, rec.Body.String()[:min(200, rec.Body.Len())])
		}
	}
}

// BenchmarkFigures is one keystroke of 培训费 as the page's script sends it (JSON, with the
// digest of the problems the page shows) through the whole router: session, CSRF, access
// check, body, scoring and the compact answer.
func BenchmarkFigures(b *testing.B) {
	a := newBenchApp(b)
	path := "/forms/" + strconv.FormatInt(a.formID, 10) + "/recalc"
	body := a.body + "&digest=" + a.digest(b, path)
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "application/json")
		req.Header.Set("X-CSRF-Token", a.csrf)
		rec := a.do(req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"95.13"`) || strings.Contains(rec.Body.String(), `"p":`) {
			b.Fatalf("figures: %d %s", rec.Code, rec.Body.String()[:min(200, rec.Body.Len())])
		}
	}
}

// digest is the digest of the problems of the benchmark's keystroke, as the page holds it
// after the first answer.
func (a *benchApp) digest(b *testing.B, path string) string {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(a.body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-CSRF-Token", a.csrf)
	var ans struct{ D string }
	if err := json.Unmarshal(a.do(req).Body.Bytes(), &ans); err != nil || ans.D == "" {
		b.Fatalf("no digest: %v", err)
	}
	return ans.D
}

// BenchmarkFormPage renders 培训费 through the whole router.
func BenchmarkFormPage(b *testing.B) {
	a := newBenchApp(b)
	path := "/forms/" + strconv.FormatInt(a.formID, 10)
	b.ReportAllocs()
	for b.Loop() {
		rec := a.do(httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("form page: %d", rec.Code)
		}
		_, _ = io.Copy(io.Discard, rec.Body)
	}
}
