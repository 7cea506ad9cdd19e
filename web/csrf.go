package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"
)

// CSRF protection, bound to the session. The token of a signed-in person is an HMAC of their
// session's random id (which only their encrypted session cookie carries); the token of a
// visitor not signed in (the sign-in form, the language switch) is an HMAC of a random value
// in the anonCookie. A state-changing request must carry the token in the X-CSRF-Token header
// or in the _csrf field of its body, never in the query string, unless the browser says it
// comes from this origin (Sec-Fetch-Site: same-origin); a browser's cross-site request is
// refused outright. A cookie planted by a sibling host or another port of this host cannot
// help: a token no longer equals a cookie, and a planted session cookie cannot be forged.

// anonCookie holds the random value the CSRF token of a visitor not signed in is bound to.
const anonCookie = "_csrf"

// csrfKey and sidKey are where the request's CSRF token and session id are kept in the
// context.
const (
	csrfKey = "csrf"
	sidKey  = "sid"
)

// errBadToken is the cause logged for a state-changing request without the right token.
var errBadToken = errors.New("missing or wrong CSRF token")

// csrf checks state-changing requests (see the comment above) and makes the page's token
// available through csrfToken. It runs after loadSession, which finds the session id.
func (s *Server) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		switch req.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
			return next(c)
		}
		switch req.Header.Get(echo.HeaderSecFetchSite) {
		case "same-origin":
			return next(c)
		case "cross-site":
			return csrfFailed(errCrossSite, c)
		}
		got := req.Header.Get(echo.HeaderXCSRFToken)
		if got == "" {
			got = req.PostFormValue("_csrf") // the body only: PostForm leaves the query out
		}
		if !s.validToken(c, got) {
			return csrfFailed(errBadToken, c)
		}
		return next(c)
	}
}

// csrfToken is the token a page of this request carries in its forms. For a visitor not
// signed in it sets the anonCookie first, when there is none.
func (s *Server) csrfToken(c echo.Context) string {
	if tok, ok := c.Get(csrfKey).(string); ok {
		return tok
	}
	tok := s.tokenFor(s.binding(c, true), 0)
	c.Set(csrfKey, tok)
	return tok
}

// binding is what the request's token is bound to: "sid:" and the session id when someone is
// signed in, else "anon:" and the anonCookie, which create makes when there is none ("" if
// not).
func (s *Server) binding(c echo.Context, create bool) string {
	if sid, ok := c.Get(sidKey).(string); ok && sid != "" {
		return "sid:" + sid
	}
	if ck, err := c.Cookie(anonCookie); err == nil && len(ck.Value) == 32 {
		return "anon:" + ck.Value
	}
	if !create {
		return ""
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	v := hex.EncodeToString(b)
	c.SetCookie(&http.Cookie{Name: anonCookie, Value: v, Path: "/", HttpOnly: true, Secure: s.cfg.Secure,
		SameSite: http.SameSiteLaxMode})
	// Later reads in this request see it, as the next request will.
	c.Request().AddCookie(&http.Cookie{Name: anonCookie, Value: v})
	return "anon:" + v
}

// tokenFor is the token of a binding under session key k (0 is the newest; older keys still
// accept tokens made before a rotation).
func (s *Server) tokenFor(binding string, k int) string {
	if binding == "" {
		return ""
	}
	m := hmac.New(sha256.New, s.csrfKeys[k])
	m.Write([]byte(binding))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// validToken reports whether got is the token of this request's binding under any key.
func (s *Server) validToken(c echo.Context, got string) bool {
	b := s.binding(c, false)
	if got == "" || b == "" {
		return false
	}
	for k := range s.csrfKeys {
		if hmac.Equal([]byte(got), []byte(s.tokenFor(b, k))) {
			return true
		}
	}
	return false
}

// derivedKeys derives a key for purpose from each session key, newest first: the CSRF keys
// and the cookie's hash and encryption keys are never the same bytes.
func derivedKeys(keys [][]byte, purpose string) [][]byte {
	out := make([][]byte, len(keys))
	for i, k := range keys {
		m := hmac.New(sha256.New, k)
		m.Write([]byte("selfeval " + purpose))
		out[i] = m.Sum(nil)
	}
	return out
}
