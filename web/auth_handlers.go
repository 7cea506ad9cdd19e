package web

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"selfeval/internal/auth"
	"selfeval/internal/store"
	"selfeval/views"
)

func (s *Server) loginPage(c echo.Context) error {
	return s.renderLogin(c, http.StatusOK, c.QueryParam("next"), "", "", "")
}

func (s *Server) renderLogin(c echo.Context, code int, next, replay, username, errMsg string) error {
	return render(c, code, views.LoginView(views.LoginPage{
		Page: s.page(c), Next: safeNext(next), Replay: replay, Username: username, Error: errMsg,
	}))
}

// login checks the password, starts a fresh session and goes on to where the person was going.
// A save that arrived after the session expired (replay) is completed now. Scripts (the
// sign-in dialog of app.js) get 204 instead of a redirect.
//
// Tries are throttled per account and per client address before the password is checked
// (429 with Retry-After and "请 N 秒后再试"), password checks run at most a few at a time so
// that a flood of them leaves the other requests a core, and every try is logged for the
// administrators.
func (s *Server) login(c echo.Context) error {
	ctx, now := c.Request().Context(), s.cfg.Now()
	username := strings.TrimSpace(c.FormValue("username"))
	next, replay := safeNext(c.FormValue("next")), c.FormValue("replay")
	addr := clientAddress(c)
	userKey, addrKey := "user:"+strings.ToLower(username), "addr:"+addr
	if wait := max(s.accountThrottle.Wait(userKey, now), s.addressThrottle.Wait(addrKey, now)); wait > 0 {
		// Logged once a wait, so that a flood of refused tries writes nothing more.
		first := s.accountThrottle.Refused(userKey)
		if s.addressThrottle.Refused(addrKey) || first {
			if err := s.recordSignIn(c, username, 0, addr, store.SignInThrottled); err != nil {
				return err
			}
		}
		secs := int((wait + time.Second - 1) / time.Second)
		c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
		return s.loginRefused(c, http.StatusTooManyRequests, next, replay, username, s.page(c).T("login.throttled", secs))
	}
	u, err := s.store.UserByUsername(ctx, username)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	select {
	case s.passwordChecks <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	// One password check whether or not the user exists, so timing does not tell (an empty
	// hash checks against a dummy).
	right := auth.CheckPassword(u.PasswordHash, c.FormValue("password")) && err == nil
	<-s.passwordChecks
	outcome := store.SignInOK
	switch {
	case !right:
		outcome = store.SignInWrong
	case u.Disabled:
		outcome = store.SignInDisabled
	}
	if err := s.recordSignIn(c, username, u.ID, addr, outcome); err != nil {
		return err
	}
	if outcome != store.SignInOK {
		s.accountThrottle.Fail(userKey, now)
		s.addressThrottle.Fail(addrKey, now)
		return s.loginRefused(c, http.StatusUnauthorized, next, replay, username, s.page(c).T("login.failed"))
	}
	s.accountThrottle.Succeed(userKey)
	p := auth.Principal{UserID: u.ID, Username: u.Username, Role: u.Role, OrgID: u.OrgID}
	s.decoded.setAccount(u, s.cfg.Now())
	// Whoever was signed in on this browser before is signed out, on the server too.
	if err := s.revokeSession(c); err != nil {
		return err
	}
	if err := s.startSession(c, p, u.SessionEpoch); err != nil {
		return err
	}
	if c.Request().Header.Get("X-Requested-With") != "" {
		// The page that signed in again goes on with the new session's token.
		c.Response().Header().Set(echo.HeaderXCSRFToken, s.csrfToken(c))
		return c.NoContent(http.StatusNoContent)
	}
	if replay != "" {
		return s.replaySave(c, next, replay)
	}
	return c.Redirect(http.StatusSeeOther, next)
}

// loginRefused answers a refused sign-in: the message alone to the sign-in dialog of app.js,
// the sign-in page with it otherwise.
func (s *Server) loginRefused(c echo.Context, code int, next, replay, username, msg string) error {
	if c.Request().Header.Get("X-Requested-With") != "" {
		return c.String(code, msg)
	}
	return s.renderLogin(c, code, next, replay, username, msg)
}

// recordSignIn adds a try to the sign-in log the administrators read.
func (s *Server) recordSignIn(c echo.Context, username string, uid int64, addr, outcome string) error {
	return s.store.RecordSignIn(c.Request().Context(), store.SignIn{At: s.cfg.Now(), Username: username, UserID: uid,
		Address: addr, Outcome: outcome})
}

// clientAddress is the address the request came from as the server saw it: the peer of the
// connection, not a header a client could set (behind a proxy, every try shares the proxy's
// address, and the per-account throttle still holds).
func clientAddress(c echo.Context) string {
	host, _, err := net.SplitHostPort(c.Request().RemoteAddr)
	if err != nil {
		return c.Request().RemoteAddr
	}
	return host
}

func (s *Server) logout(c echo.Context) error {
	if err := s.endSession(c); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/login")
}

// setLang remembers the chosen language in a cookie.
func (s *Server) setLang(c echo.Context) error {
	lang := "zh"
	if c.FormValue("lang") == "en" {
		lang = "en"
	}
	c.SetCookie(&http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.cfg.Secure, SameSite: http.SameSiteLaxMode})
	return c.Redirect(http.StatusSeeOther, safeNext(c.FormValue("next")))
}

// safeNext keeps redirects on this site: only a local absolute path is accepted.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		u.Host != "" || u.Scheme != "" || strings.Contains(next, "\\") {
		return "/forms"
	}
	return next
}
