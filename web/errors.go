package web

// The one error path: handlers return a pageError (or an echo.HTTPError, or any other error),
// and handleError turns it into what the person reads, in their language: an HTML page for a
// page load, a short text for htmx and scripts, JSON for JSON clients. The request log is
// here too, because it writes the status that handleError chose.

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"selfeval/internal/app"
	"selfeval/internal/form"
	"selfeval/views"
)

// pageError is an error a person is meant to read: the status of the answer and the catalog
// message (key and arguments) that says what went wrong. Err, if any, is the cause, for the
// log only: the person never sees it.
type pageError struct {
	Code int
	Key  string
	Args []any
	Err  error
}

func (e *pageError) Error() string {
	s := strconv.Itoa(e.Code) + " " + e.Key
	if len(e.Args) > 0 {
		s += fmt.Sprint(e.Args)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *pageError) Unwrap() error { return e.Err }

// fail is the error answered with status code and the catalog message key, formatted with args.
func fail(code int, key string, args ...any) error {
	return &pageError{Code: code, Key: key, Args: args}
}

// csrfFailed is Echo's CSRF ErrorHandler (and what a cross-site request gets): a missing or
// wrong token is 403 with a message that says what to do.
func csrfFailed(err error, _ echo.Context) error {
	return &pageError{Code: http.StatusForbidden, Key: "error.csrf", Err: err}
}

// errCrossSite is the cause logged for a state-changing request that a browser marked as
// coming from another site.
var errCrossSite = errors.New("cross-site request")

// asPageError is what err says to the person: itself when it is a pageError, the status and
// the standard message of an echo.HTTPError, and 500 for anything else.
func asPageError(err error) *pageError {
	var pe *pageError
	if errors.As(err, &pe) {
		return pe
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return &pageError{Code: he.Code, Key: errorKey(he.Code), Err: err}
	}
	return &pageError{Code: http.StatusInternalServerError, Key: "error.500", Err: err}
}

// errorKey is the catalog message of an HTTP status that has no message of its own.
func errorKey(code int) string {
	switch code {
	case 400, 403, 404, 405, 413:
		return "error." + strconv.Itoa(code)
	}
	if code < 500 {
		return "error.400"
	}
	return "error.500"
}

// handleError is Echo's HTTPErrorHandler and the one place errors become answers. Anything
// that is not a pageError or an echo.HTTPError is a 500 with a log line; the person never
// sees the cause or a stack trace.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	pe := asPageError(err)
	if pe.Code >= 500 {
		s.log.Error("request failed", "method", c.Request().Method, "route", c.Path(), "path", c.Request().URL.Path, "err", err)
	}
	p := s.page(c)
	msg := p.T(pe.Key, pe.Args...)
	switch errorFormat(c) {
	case formatJSON:
		_ = c.JSON(pe.Code, errorBody{Error: msg, Status: pe.Code})
	case formatText:
		_ = c.String(pe.Code, msg)
	default:
		if rerr := render(c, pe.Code, views.ErrorView(views.ErrorPage{Page: p, Code: pe.Code, Message: msg})); rerr != nil {
			_ = c.String(pe.Code, msg)
		}
	}
}

// errorBody is the JSON answer of an error.
type errorBody struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}

// The forms of an error answer.
const (
	formatHTML = iota
	formatText
	formatJSON
)

// errorFormat is the form of an error answer for this request: JSON for a .json address,
// a short text for htmx and scripts (app.js shows it as the reason; its saves also accept
// JSON, but read an error as text), JSON for other clients that accept it, a page otherwise.
func errorFormat(c echo.Context) int {
	r := c.Request()
	switch {
	case strings.HasSuffix(r.URL.Path, ".json"):
		return formatJSON
	case isHTMX(c) || r.Header.Get("X-Requested-With") != "" || r.Method == http.MethodHead:
		return formatText
	case acceptsJSON(c):
		return formatJSON
	}
	return formatHTML
}

// wantsJSON reports whether the request is for JSON: a .json address or Accept: application/json.
func wantsJSON(c echo.Context) bool {
	return strings.HasSuffix(c.Request().URL.Path, ".json") || acceptsJSON(c)
}

func acceptsJSON(c echo.Context) bool {
	return strings.Contains(c.Request().Header.Get(echo.HeaderAccept), echo.MIMEApplicationJSON)
}

// logRequests writes one line per request at Info: method, route (the pattern, such as
// /forms/:id, so no ids or query strings), status, duration and the signed-in person's user
// id. Never a body, a query string or a cookie, so no password or session reaches the log.
// An error is answered here, through handleError, so that the line has the status sent.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		if err := next(c); err != nil {
			c.Error(err)
		}
		ctx := c.Request().Context()
		if !s.log.Enabled(ctx, slog.LevelInfo) {
			return nil
		}
		attrs := []slog.Attr{
			slog.String("method", c.Request().Method),
			slog.String("route", c.Path()),
			slog.Int("status", c.Response().Status),
			slog.Duration("duration", time.Since(start)),
		}
		if p, ok := principal(c); ok {
			attrs = append(attrs, slog.Int64("user", p.UserID))
		}
		s.log.LogAttrs(ctx, slog.LevelInfo, "request", attrs...)
		return nil
	}
}

// appError is the answer to an error of a use case: 403 for what the person may not do,
// 404 for a form that does not exist for them or nothing to work on, the error otherwise.
func appError(err error) error {
	switch {
	case errors.Is(err, app.ErrForbidden):
		return echo.ErrForbidden
	case errors.Is(err, app.ErrNotFound), errors.Is(err, app.ErrNothing):
		return echo.ErrNotFound
	}
	return err
}

// limitFailed is the answer to a form past one of its bounds: 422 with the bound named, in
// the form of answer the request takes. Nothing is cut: the person's page keeps its text.
func limitFailed(pg views.Page, le *form.LimitError) error {
	return &pageError{Code: http.StatusUnprocessableEntity, Key: "error.limit", Args: []any{limitMessage(pg, le)}}
}

// limitMessage names the bound a form passes, with the field in words.
func limitMessage(pg views.Page, le *form.LimitError) string {
	switch le.Kind {
	case form.LimitRows:
		return pg.T("limit.rows", le.Got, le.Limit)
	case form.LimitChars:
		return pg.T("limit.chars", fieldLabel(pg, le.Path), le.Got, le.Limit)
	}
	return pg.T("limit.year", le.Got, form.MinYear, form.MaxYear)
}
