package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestLoginThrottle: after five wrong passwords an account waits, growing with each further
// try, before a password is checked at all (even the right one is refused meanwhile, 429
// with Retry-After and "请 N 秒后再试"); once the wait is over the right password works and
// clears it. Other accounts are not held up. The administrators read every try in the log.
func TestLoginThrottle(t *testing.T) {
	e := newEnv(t)
	c := e.client(t)
	try := func(user, pw string) *http.Response {
		c.get("/login")
		return c.postForm("/login", url.Values{"username": {user}, "password": {pw}})
	}
	for i := range 5 {
		wantStatus(t, c, try("staff", "wrong-password-"+strconv.Itoa(i)), http.StatusUnauthorized)
	}
	wantStatus(t, c, try("staff", "wrong-password-5"), http.StatusUnauthorized) // the sixth: now it waits
	resp := try("staff", e.Passwords["staff"])
	wantStatus(t, c, resp, http.StatusTooManyRequests)
	secs, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	if err != nil || secs < 1 {
		t.Fatalf("Retry-After %q", resp.Header.Get("Retry-After"))
	}
	if msg := testid(c.doc(resp), "login-error"); !strings.Contains(msg, "请 "+strconv.Itoa(secs)+" 秒后再试") {
		t.Errorf("the sign-in page says %q", msg)
	}
	if c.cookie(sessionName) != "" {
		t.Fatal("a throttled try signed in")
	}
	// The supervisor, from the same address, is not held up.
	other := e.client(t)
	other.loginAs("supervisor")
	// After the wait, the right password works and clears the failures.
	e.advance(time.Duration(secs) * time.Second)
	wantRedirect(t, c, try("staff", e.Passwords["staff"]), "/forms")
	c.postForm("/logout", url.Values{})
	wantStatus(t, c, try("staff", "wrong-password-6"), http.StatusUnauthorized)
	wantStatus(t, c, try("staff", e.Passwords["staff"]), http.StatusSeeOther)
	// A script's sign-in gets the same answer, as text.
	s := e.client(t)
	for range 6 {
		s.get("/login")
		s.post("/login", url.Values{"_csrf": {s.token()}, "username": {"admin"}, "password": {"wrong-wrong-wrong"}}.Encode(), nil)
	}
	s.get("/login")
	resp = s.post("/login", url.Values{"_csrf": {s.token()}, "username": {"admin"}, "password": {e.Passwords["admin"]}}.Encode(),
		http.Header{"X-Requested-With": {"fetch"}})
	wantStatus(t, s, resp, http.StatusTooManyRequests)
	if body := s.body(resp); !strings.Contains(body, "秒后再试") {
		t.Errorf("the dialog's answer %q", body)
	}
	// The log, newest first, with the outcomes.
	admin := e.client(t)
	e.advance(20 * time.Minute)
	admin.loginAs("admin")
	log := admin.page("/admin").Find(`[data-testid=sign-ins] tbody tr`)
	if log.Length() < 15 {
		t.Fatalf("the sign-in log shows %d tries", log.Length())
	}
	text := log.Text()
	for _, want := range []string{"成功", "密码错误或无此用户", "尝试过多，未核对密码", "staff", "supervisor"} {
		if !strings.Contains(text, want) {
			t.Errorf("the sign-in log lacks %q", want)
		}
	}
	if first := strings.TrimSpace(log.First().Find("td").Eq(1).Text()); first != "admin" {
		t.Errorf("the newest try is %q's, want admin's", first)
	}
}
