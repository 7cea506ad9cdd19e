package web

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"selfeval/internal/store"
)

// TestCSRFPlantedCookie is the attack of the issue: a page on a sibling host (or another port
// of this host) plants a _csrf cookie it got from the sign-in page, with the token that goes
// with it, and posts as the administrator (Sec-Fetch-Site: same-site). The token is bound to
// the administrator's session, so nothing is created; the same with the administrator's own
// token sent in the query string.
func TestCSRFPlantedCookie(t *testing.T) {
	e := newEnv(t)
	admin := e.client(t).loginAs("admin")
	adminToken := admin.token()
	attacker := e.client(t)
	attacker.get("/login")
	planted, plantedToken := attacker.cookie(anonCookie), attacker.token()
	if planted == "" || plantedToken == "" || plantedToken == planted {
		t.Fatalf("the sign-in page gives cookie %q and token %q", planted, plantedToken)
	}
	newAdmin := url.Values{"username": {"intruder"}, "password": {"intruder-password-1"}, "role": {"admin"}, "org_id": {"1"}}
	forge := func(query string, body url.Values, h http.Header) *http.Response {
		req, err := http.NewRequest(http.MethodPost, e.TS.URL+"/admin/users"+query, strings.NewReader(body.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-site")
		for k, v := range h {
			req.Header[k] = v
		}
		req.AddCookie(&http.Cookie{Name: sessionName, Value: admin.cookie(sessionName)})
		req.AddCookie(&http.Cookie{Name: anonCookie, Value: planted})
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	withToken := func(tok string) url.Values {
		v := cloneValues(newAdmin)
		v.Set("_csrf", tok)
		return v
	}
	for name, resp := range map[string]*http.Response{
		"planted cookie, its token in the body":   forge("", withToken(plantedToken), nil),
		"planted cookie, its token in the header": forge("", newAdmin, http.Header{"X-Csrf-Token": {plantedToken}}),
		"the admin's token in the query string":   forge("?_csrf="+url.QueryEscape(adminToken), newAdmin, nil),
		"the cookie's value as the token":         forge("", withToken(planted), nil),
	} {
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", name, resp.StatusCode)
		}
	}
	if _, err := e.Store.UserByUsername(context.Background(), "intruder"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a forged request created an administrator (%v)", err)
	}
	// The control: the administrator's own token in the body is accepted from a same-site page.
	if resp := forge("", withToken(adminToken), nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the administrator's own token: status %d, want 303", resp.StatusCode)
	}
	// A browser's same-origin request needs no token.
	same := e.client(t).loginAs("staff")
	resp := same.post("/lang", url.Values{"lang": {"en"}, "next": {"/forms"}}.Encode(), http.Header{"Sec-Fetch-Site": {"same-origin"}})
	wantStatus(t, same, resp, http.StatusSeeOther)
}

// TestSessionCookie: the session cookie is encrypted (nothing of the person can be read from
// it), signing in as someone else ends the earlier session on the server, and a page that
// signed in again from a script gets the new session's token.
func TestSessionCookie(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	raw := c.cookie(sessionName)
	// A gorilla cookie is base64 of "date|value|mac", the value base64 of what it holds.
	inner, _ := base64.URLEncoding.DecodeString(raw)
	for _, part := range strings.Split(string(inner), "|") {
		b, _ := base64.URLEncoding.DecodeString(part)
		if strings.Contains(string(b), "staff") || strings.Contains(string(b), "username") {
			t.Fatalf("the session cookie's payload shows the person: %q", b)
		}
	}
	// The same browser signs in as the supervisor: a copy of the staff session no longer works.
	old := raw
	c.login("supervisor", e.Passwords["supervisor"])
	req, _ := http.NewRequest(http.MethodGet, e.TS.URL+"/forms", nil)
	req.AddCookie(&http.Cookie{Name: sessionName, Value: old})
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Errorf("the earlier session still works after signing in as another: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	// Signing in again from a script answers the new token, which the next post uses.
	s := e.client(t)
	s.get("/login")
	resp = s.post("/login", url.Values{"_csrf": {s.token()}, "username": {"staff"}, "password": {e.Passwords["staff"]}}.Encode(),
		http.Header{"X-Requested-With": {"fetch"}})
	wantStatus(t, s, resp, http.StatusNoContent)
	tok := resp.Header.Get("X-Csrf-Token")
	if tok == "" || tok == s.token() {
		t.Fatalf("the new session's token %q (the sign-in page's was %q)", tok, s.token())
	}
	resp = s.post("/lang", url.Values{"lang": {"en"}, "next": {"/forms"}, "_csrf": {s.token()}}.Encode(), nil)
	wantStatus(t, s, resp, http.StatusForbidden) // the sign-in page's token belongs to no session now
	resp = s.post("/lang", url.Values{"lang": {"en"}, "next": {"/forms"}, "_csrf": {tok}}.Encode(), nil)
	wantStatus(t, s, resp, http.StatusSeeOther)
}

// TestSecurityHeaders: every page and JSON answer carries the content security policy
// (no inline script, no framing), nosniff, a same-origin referrer policy and no-store; the
// print page's button needs no inline script.
func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	c, id, _ := openForm(t, e, "staff", training)
	anon := e.client(t)
	for name, resp := range map[string]*http.Response{
		"form page": c.get(formPath(id, "")), "form JSON": c.get(formPath(id, ".json")), "list": c.get("/forms"),
		"print": c.get(formPath(id, "/print")), "sign-in page": anon.get("/login"), "error": c.get("/forms/999999"),
	} {
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "script-src 'self' 'unsafe-inline'") ||
			!strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: Content-Security-Policy %q", name, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "same-origin" ||
			h.Get("Cache-Control") != "no-store" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", name, h)
		}
	}
	body := c.body(c.get(formPath(id, "/print")))
	if strings.Contains(body, "onclick") || !strings.Contains(body, "data-print") {
		t.Errorf("the print page's button uses inline script")
	}
}
