package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

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
func (s *Server) login(c echo.Context) error {
	username := strings.TrimSpace(c.FormValue("username"))
	next, replay := safeNext(c.FormValue("next")), c.FormValue("replay")
	u, err := s.store.UserByUsername(c.Request().Context(), username)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	// One password check whether or not the user exists, so timing does not tell (an empty
	// hash checks against a dummy).
	ok := auth.CheckPassword(u.PasswordHash, c.FormValue("password")) && err == nil && !u.Disabled
	if !ok {
		if c.Request().Header.Get("X-Requested-With") != "" {
			return c.String(http.StatusUnauthorized, s.page(c).T("login.failed"))
		}
		return s.renderLogin(c, http.StatusUnauthorized, next, replay, username, s.page(c).T("login.failed"))
	}
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
