package web

import (
	"bufio"
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"selfeval/internal/i18n"
	"selfeval/internal/store"
)

// TestCSRFErrorForms: a post without a token is 403 with the catalog's CSRF message, as a
// page for a plain post, as a short text for htmx, and as JSON for a JSON client.
func TestCSRFErrorForms(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	msg := i18n.T(i18n.Zh, "error.csrf")
	body := url.Values{"year": {"2023"}, "project": {"x"}}.Encode()
	tests := []struct {
		name, path string
		h          http.Header
		mime       string
	}{
		{"page", "/forms/new", nil, "text/html"},
		{"htmx", "/forms/new", http.Header{"Hx-Request": {"true"}}, "text/plain"},
		{"fetch", "/forms/new", http.Header{"X-Requested-With": {"fetch"}}, "text/plain"},
		{"accept json", "/forms/new", http.Header{"Accept": {"application/json"}}, "application/json"},
		{"json address", "/forms/1.json", nil, "application/json"},
		{"cross-site", "/forms/new", http.Header{"Sec-Fetch-Site": {"cross-site"}, "Hx-Request": {"true"}}, "text/plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := c.post(tt.path, body, tt.h)
			wantStatus(t, c, resp, http.StatusForbidden)
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, tt.mime) {
				t.Errorf("Content-Type %q, want %s", ct, tt.mime)
			}
			got := c.body(resp)
			switch tt.mime {
			case "text/html":
				if !strings.Contains(got, msg) || !strings.Contains(got, "<html") {
					t.Errorf("the page does not explain: %.300s", got)
				}
			case "text/plain":
				if got != msg {
					t.Errorf("text %q, want %q", got, msg)
				}
			default:
				wantErrorJSON(t, got, msg, http.StatusForbidden)
			}
		})
	}
	if n, _ := e.Store.ListForms(t.Context(), store.ListFilter{Year: 2023}); len(n) != 0 {
		t.Errorf("a post without a token created %d forms", len(n))
	}
}

// TestJSONNotFound: a .json address that names no form answers 404 with the JSON error shape,
// in the person's language; signed out, it is 401 in the same shape.
func TestJSONNotFound(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	resp := c.get("/forms/99999.json")
	wantStatus(t, c, resp, http.StatusNotFound)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	wantErrorJSON(t, c.body(resp), i18n.T(i18n.Zh, "error.404"), http.StatusNotFound)

	wantStatus(t, c, c.postForm("/lang", url.Values{"lang": {"en"}}), http.StatusSeeOther)
	resp = c.get("/forms/99999/history.json")
	wantStatus(t, c, resp, http.StatusNotFound)
	wantErrorJSON(t, c.body(resp), i18n.T(i18n.En, "error.404"), http.StatusNotFound)

	// Signed out, a JSON address is a 401 in the same shape, not the sign-in page.
	anon := e.client(t)
	resp = anon.get("/forms/1.json")
	wantStatus(t, anon, resp, http.StatusUnauthorized)
	wantErrorJSON(t, anon.body(resp), i18n.T(i18n.Zh, "login.expired_title"), http.StatusUnauthorized)
	// and for htmx the same message as a short text.
	anon.get("/login")
	resp = anon.htmx("/forms/1/recalc", url.Values{})
	wantStatus(t, anon, resp, http.StatusUnauthorized)
	if got := anon.body(resp); got != i18n.T(i18n.Zh, "login.expired_title") {
		t.Errorf("htmx 401 says %q", got)
	}
}

// wantErrorJSON fails the test unless body is {"error": msg, "status": code} and nothing else.
func wantErrorJSON(t *testing.T, body, msg string, code int) {
	t.Helper()
	var got map[string]any
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatalf("not JSON: %v: %.300s", err, body)
	}
	if len(got) != 2 || got["error"] != msg || got["status"] != float64(code) {
		t.Errorf("JSON %v, want error %q and status %d", got, msg, code)
	}
}

// TestNewFailsWithoutRevokedSessions: a server that cannot read the signed-out sessions does
// not start (it would accept them again).
func TestNewFailsWithoutRevokedSessions(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "selfeval.db"))
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	srv, err := New(st, Config{SessionKeys: [][]byte{bytes.Repeat([]byte{1}, 32)}})
	if err == nil || srv != nil {
		t.Fatalf("New on a closed store = %v, %v; want an error", srv, err)
	}
	if !strings.Contains(err.Error(), "revoked sessions") {
		t.Errorf("error %q does not say what failed", err)
	}
}

// lockedBuffer is a log sink that the server's goroutines and the test share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestRequestLog: every request is one line with method, route pattern, status, duration and
// the user id once signed in; the password and the session cookie appear nowhere in the log.
func TestRequestLog(t *testing.T) {
	e := newEnv(t)
	var logs lockedBuffer
	srv := mustNew(t, e.Store, Config{
		SessionKeys: e.Srv.cfg.SessionKeys,
		IdleTimeout: testIdleTimeout,
		Now:         e.clock,
		Logger:      slog.New(slog.NewJSONHandler(&logs, nil)),
	})
	e.TS = httptest.NewServer(srv)
	t.Cleanup(e.TS.Close)
	c := e.client(t)
	pw := e.Passwords["staff"]
	wantStatus(t, c, c.login("staff", pw), http.StatusSeeOther)
	wantStatus(t, c, c.get("/forms/99999"), http.StatusNotFound)
	staff, err := e.Store.UserByUsername(t.Context(), "staff")
	if err != nil {
		t.Fatal(err)
	}

	login := waitLogLine(t, &logs, "POST", "/login")
	if login["status"] != float64(http.StatusSeeOther) || login["user"] != float64(staff.ID) || login["level"] != "INFO" {
		t.Errorf("login line %v: want status 303, user %d, level INFO", login, staff.ID)
	}
	if d, ok := login["duration"].(float64); !ok || d <= 0 {
		t.Errorf("login line %v has no duration", login)
	}
	if missing := waitLogLine(t, &logs, "GET", "/forms/:id"); missing["status"] != float64(http.StatusNotFound) {
		t.Errorf("line of a missing form %v: want status 404", missing)
	}
	out := logs.String()
	if strings.Contains(out, pw) {
		t.Errorf("the password is in the log:\n%s", out)
	}
	if sess := c.cookie(sessionName); sess == "" || strings.Contains(out, sess) {
		t.Errorf("the session cookie is in the log (or there is none):\n%s", out)
	}
	if strings.Contains(out, "/forms/99999") {
		t.Errorf("the log has the raw address, not the route:\n%s", out)
	}
}

// waitLogLine returns the first request line for method and route, waiting a little: the
// server writes it as the answer goes out.
func waitLogLine(t *testing.T, logs *lockedBuffer, method, route string) map[string]any {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		sc := bufio.NewScanner(strings.NewReader(logs.String()))
		for sc.Scan() {
			var line map[string]any
			if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
				t.Fatalf("log line is not JSON: %v: %s", err, sc.Text())
			}
			if line["msg"] == "request" && line["method"] == method && line["route"] == route {
				return line
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no request line for %s %s in:\n%s", method, route, logs.String())
		}
	}
}
