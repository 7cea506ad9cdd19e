package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"selfeval/internal/auth"
)

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
	// The sign-in form's next (the language switch above it has its own).
	if got, _ := login.Find(`main form[action="/login"] [name="next"]`).Attr("value"); got != formPath(id, "") {
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
