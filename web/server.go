// Package web is the HTTP face of selfeval: an Echo router over the store, rendering templ views.
// Handlers are short: parse the request, call a package below, render.
package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"selfeval/internal/app"
	"selfeval/internal/auth"
	"selfeval/internal/i18n"
	"selfeval/internal/store"
	"selfeval/internal/workflow"
	"selfeval/static"
	"selfeval/views"
)

// MaxBody is the largest request body accepted; larger ones get 413.
const MaxBody = "1M"

// Config is what a Server needs besides the store.
type Config struct {
	// SessionKeys are hash/encryption key pairs for the session cookie, newest first (rotation).
	SessionKeys [][]byte
	// Secure marks cookies Secure; set it when serving over TLS.
	Secure bool
	// IdleTimeout ends a session after this long without a request.
	IdleTimeout time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives request and error logs; nil means slog.Default().
	Logger *slog.Logger
}

// Server is the web application.
type Server struct {
	store    *store.Store
	app      *app.App
	sessions *sessions.CookieStore
	cfg      Config
	log      *slog.Logger
	echo     *echo.Echo
	decoded  sessionCache
	csrfKeys [][]byte // derived from the session keys, newest first (csrf.go)

	// Sign-in tries: throttled per account and per client address, and the password checks
	// (bcrypt, tens of milliseconds of a core each) run at most this many at once.
	accountThrottle, addressThrottle *auth.Throttle
	passwordChecks                   chan struct{}

	previews previewStash // what import previews read, until the drafts are created
	exports  exportJobs   // the year exports that run as jobs (export_jobs.go)
}

// New builds the application over st. It fails when it cannot read the signed-out sessions
// or the accounts: serving without them would let ended sessions work again.
func New(st *store.Store, cfg Config) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = 8 * time.Hour
	}
	if len(cfg.SessionKeys) == 0 {
		return nil, errors.New("web: no session key")
	}
	s := &Server{store: st, app: app.New(st), cfg: cfg, log: cfg.Logger, sessions: newSessionStore(cfg),
		csrfKeys:        derivedKeys(cfg.SessionKeys, "csrf"),
		accountThrottle: &auth.Throttle{Free: 5, Base: 2 * time.Second, Max: 15 * time.Minute},
		// An office's staff may share one address: more tries before it waits, and shorter.
		addressThrottle: &auth.Throttle{Free: 30, Base: time.Second, Max: 5 * time.Minute},
		passwordChecks:  make(chan struct{}, max(1, runtime.NumCPU()/2))}
	if err := s.loadRevoked(); err != nil {
		return nil, err
	}
	s.echo = s.routes()
	return s, nil
}

// ServeHTTP makes Server an http.Handler. Static files are answered before Echo, outside the
// session and CSRF middleware: they need neither, and a cookie on them would spoil caching.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, static.Prefix) {
		noSniff(w)
		static.Handler.ServeHTTP(w, r)
		return
	}
	s.echo.ServeHTTP(w, r)
}

// loadRevoked reads the sessions ended by signing out and the disabled accounts, so that
// neither works again after a restart.
func (s *Server) loadRevoked() error {
	ctx := context.Background()
	sids, err := s.store.RevokedSessions(ctx, s.cfg.Now())
	if err != nil {
		return fmt.Errorf("web: load revoked sessions: %w", err)
	}
	s.decoded.revoke(sids...)
	users, err := s.store.Users(ctx)
	if err != nil {
		return fmt.Errorf("web: load users: %w", err)
	}
	for _, u := range users {
		s.decoded.setAccount(u, s.cfg.Now())
	}
	return nil
}

func (s *Server) routes() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	e.Use(s.logRequests)
	e.Use(secureHeaders)
	e.Use(middleware.Recover())
	// The session before the body limit, so that even a refused body's error page carries
	// the session's CSRF token; the CSRF check after it, since it may read the body.
	e.Use(s.loadSession)
	e.Use(middleware.BodyLimit(MaxBody))
	e.Use(s.csrf)

	e.GET("/healthz", s.healthz)
	e.GET("/", func(c echo.Context) error { return c.Redirect(http.StatusSeeOther, "/forms") })
	e.GET("/login", s.loginPage)
	e.POST("/login", s.login)
	e.POST("/logout", s.logout)
	e.POST("/lang", s.setLang)

	g := e.Group("", s.requireUser)
	g.GET("/forms", s.listForms)
	g.GET("/forms.xlsx", s.exportYear)
	g.GET("/exports", s.exportPage)
	g.POST("/exports", s.startExport)
	g.GET("/exports/:id", s.exportStatus)
	g.GET("/exports/:id/file", s.exportFile)
	g.POST("/exports/:id/cancel", s.cancelExport)
	g.GET("/forms.csv", s.exportListCSV)
	g.GET("/forms-summary.xlsx", s.exportListSummary)
	g.GET("/import", s.importPage, requireRole(auth.RoleStaff))
	g.POST("/import/preview", s.importPreview, requireRole(auth.RoleStaff))
	g.POST("/import", s.importCreate, requireRole(auth.RoleStaff))
	g.POST("/forms/copy-year", s.copyYear, requireRole(auth.RoleStaff))
	g.POST("/forms/new", s.createForm)
	g.GET("/forms/:id", s.showForm)
	g.POST("/forms/:id", s.saveForm)
	g.POST("/forms/:id/recalc", s.recalc)
	g.POST("/forms/:id/explain", s.explain)
	g.POST("/forms/:id/copy", s.copyForm)
	g.POST("/forms/:id/delete", s.deleteForm)
	g.POST("/forms/:id/restore", s.restoreForm, requireRole(auth.RoleAdmin))
	g.POST("/forms/:id/submit", s.transition(workflow.Submit))
	g.POST("/forms/:id/withdraw", s.transition(workflow.Withdraw))
	g.POST("/forms/:id/return", s.transition(workflow.Return))
	g.POST("/forms/:id/approve", s.transition(workflow.Approve))
	g.POST("/forms/:id/reopen", s.transition(workflow.Reopen))
	g.POST("/forms/:id/comments", s.addComment)
	g.POST("/forms/:id/review-scores", s.saveReviewScore)
	g.GET("/forms/:id/history", s.history)
	g.GET("/forms/:id/history.json", s.history)
	g.GET("/forms/:id/print", s.printForm)
	g.GET("/review", s.reviewList)
	g.POST("/review/bulk", s.bulkReview, requireRole(auth.RoleSupervisor))
	g.GET("/overview", s.overview, requireRole(auth.RoleSupervisor, auth.RoleAdmin, auth.RoleAuditor))
	g.POST("/overview/deadline", s.openYear, requireRole(auth.RoleSupervisor, auth.RoleAdmin))
	g.GET("/admin", s.adminPage, requireRole(auth.RoleAdmin, auth.RoleAuditor))
	g.GET("/admin/profiles", s.profilesPage, requireRole(auth.RoleAdmin, auth.RoleAuditor))
	admin := g.Group("/admin", requireRole(auth.RoleAdmin))
	admin.POST("/profiles", s.chooseProfile)
	admin.GET("/rescore", s.rescorePage)
	admin.POST("/rescore", s.rescore)
	admin.POST("/orgs", s.addOrg)
	admin.POST("/users", s.addUser)
	admin.POST("/users/:uid", s.updateUser)
	admin.POST("/users/:uid/password", s.resetPassword)
	return e
}

// healthz says ok only when the database takes a write (written and rolled back): a
// read-only or unreachable database is 503, so that a load balancer stops sending saves that
// would fail.
func (s *Server) healthz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := s.store.CheckWritable(ctx); err != nil {
		s.log.Error("health check", "err", err)
		return c.String(http.StatusServiceUnavailable, "database does not take writes\n")
	}
	return c.String(http.StatusOK, "ok\n")
}

// render renders a component into a buffer first, so that a failing component becomes a clean
// error page rather than half a page.
func render(c echo.Context, code int, comp templ.Component) error {
	buf := buffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 {
			buf.Reset()
			buffers.Put(buf)
		}
	}()
	if err := comp.Render(c.Request().Context(), buf); err != nil {
		return err
	}
	return c.HTMLBlob(code, buf.Bytes())
}

// buffers keeps page buffers for reuse: a form page is tens of kilobytes, and growing a fresh
// buffer for each request costs more than rendering it.
var buffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 64<<10)) }}

func isHTMX(c echo.Context) bool { return c.Request().Header.Get("HX-Request") == "true" }

// page is the common part of every view for this request.
func (s *Server) page(c echo.Context) views.Page {
	p := views.Page{Lang: langOf(c)}
	// The page to come back to after switching the language: a page answered to a POST has
	// no address to GET again (the list is the way back then).
	if m := c.Request().Method; m == http.MethodGet || m == http.MethodHead {
		p.Path = c.Request().URL.RequestURI()
	}
	p.CSRF = s.csrfToken(c)
	if u, ok := principal(c); ok {
		p.Username, p.Role = u.Username, string(u.Role)
	}
	return p
}

func langOf(c echo.Context) i18n.Lang {
	if ck, err := c.Cookie("lang"); err == nil {
		return i18n.ParseLang(ck.Value)
	}
	return i18n.Zh
}
