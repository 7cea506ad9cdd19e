package web

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"selfeval/internal/auth"
	"selfeval/internal/store"
)

const (
	sessionName  = "selfeval"
	principalKey = "principal"
)

// newSessionStore keeps sessions in a cookie that is signed and encrypted (AES-256) with keys
// derived from each session key, newest first: a key rotation keeps older cookies readable.
func newSessionStore(cfg Config) *sessions.CookieStore {
	hash, block := derivedKeys(cfg.SessionKeys, "cookie hash"), derivedKeys(cfg.SessionKeys, "cookie block")
	var pairs [][]byte
	for i := range hash {
		pairs = append(pairs, hash[i], block[i])
	}
	st := sessions.NewCookieStore(pairs...)
	st.Options = &sessions.Options{
		Path:     "/",
		HttpOnly: true,
		Secure:   cfg.Secure,
		SameSite: http.SameSiteLaxMode,
	}
	// The cookie lives as long as the idle timeout allows; loadSession enforces the timeout itself.
	st.MaxAge(int(cfg.IdleTimeout / time.Second))
	return st
}

// LoadSessionKeys returns the session keys from the environment variable SELFEVAL_SESSION_KEYS
// (hex keys separated by commas, newest first) or from path, which is created with a new
// random key (mode 0600) on first start.
func LoadSessionKeys(path string) ([][]byte, error) {
	if env := os.Getenv("SELFEVAL_SESSION_KEYS"); env != "" {
		return decodeKeys(env)
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, err
		}
		data = []byte(hex.EncodeToString(key) + "\n")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			return nil, fmt.Errorf("write session key: %w", err)
		}
	} else if err != nil {
		return nil, fmt.Errorf("read session key: %w", err)
	}
	return decodeKeys(string(data))
}

func decodeKeys(s string) ([][]byte, error) {
	var keys [][]byte
	for _, part := range strings.Split(strings.TrimSpace(s), ",") {
		k, err := hex.DecodeString(strings.TrimSpace(part))
		if err != nil || len(k) < 32 {
			return nil, errors.New("session key: want hex keys of at least 32 bytes, separated by commas")
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// loadSession puts the signed-in person, if any, into the context. A session idle for longer
// than the timeout counts as none.
func (s *Server) loadSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ck, err := c.Cookie(sessionName)
		if err != nil {
			return next(c)
		}
		e, ok := s.decoded.get(ck.Value)
		if !ok {
			if e, ok = s.decodeSession(c); !ok {
				return next(c)
			}
			s.decoded.put(ck.Value, e)
		}
		// The CSRF token stays bound to this cookie's session even once it has expired, so that
		// a save posted after the timeout gets "sign in again" (401), not a CSRF refusal.
		c.Set(sidKey, e.sid)
		now := s.cfg.Now()
		s.recheckAccount(c, e.p.UserID, now)
		if now.Sub(time.Unix(e.seen, 0)) > s.cfg.IdleTimeout || !s.decoded.valid(e) {
			return next(c)
		}
		c.Set(principalKey, e.p)
		if now.Unix()-e.seen > 60 { // refresh the idle clock at most once a minute
			return s.touchSession(c, next)
		}
		return next(c)
	}
}

// accountRecheck is how long the state of an account is trusted before it is read again: a
// change made outside this server (`selfeval user disable` on the command line, another
// server on the same database) takes effect within this time.
const accountRecheck = 5 * time.Second

// recheckAccount reads the account again when its state is older than accountRecheck. A
// failed read keeps the state known so far (the next request tries again).
func (s *Server) recheckAccount(c echo.Context, id int64, now time.Time) {
	if !s.decoded.stale(id, now) {
		return
	}
	u, err := s.store.UserByID(c.Request().Context(), id)
	if err != nil {
		s.log.Warn("recheck account", "user", id, "err", err)
		return
	}
	s.decoded.setAccount(u, now)
}

// sessionEntry is what a session cookie says: who, and when they were last seen.
type sessionEntry struct {
	p     auth.Principal
	sid   string
	epoch int64 // the account's session epoch when the person signed in
	seen  int64
}

func (s *Server) decodeSession(c echo.Context) (sessionEntry, bool) {
	sess, err := s.sessions.Get(c.Request(), sessionName)
	if err != nil || sess.IsNew {
		return sessionEntry{}, false
	}
	var e sessionEntry
	e.p.UserID, _ = sess.Values["uid"].(int64)
	e.p.Username, _ = sess.Values["username"].(string)
	role, _ := sess.Values["role"].(string)
	e.p.Role = auth.Role(role)
	e.p.OrgID, _ = sess.Values["org"].(int64)
	e.seen, _ = sess.Values["seen"].(int64)
	e.sid, _ = sess.Values["sid"].(string)
	e.epoch, _ = sess.Values["epoch"].(int64)
	return e, e.p.UserID != 0
}

func (s *Server) touchSession(c echo.Context, next echo.HandlerFunc) error {
	if sess, err := s.sessions.Get(c.Request(), sessionName); err == nil {
		sess.Values["seen"] = s.cfg.Now().Unix()
		_ = sess.Save(c.Request(), c.Response())
	}
	return next(c)
}

// sessionCache remembers decoded session cookies: decoding (an HMAC and gob) would otherwise
// be a good part of every keystroke. A cookie value is signed and immutable, so caching its
// meaning is safe; the cache is bounded by dropping everything when full.
type sessionCache struct {
	mu       sync.Mutex
	m        map[string]sessionEntry
	revoked  map[string]bool   // sessions ended by signing out
	accounts map[int64]account // the state of accounts that sessions depend on
}

// account is what a session of an account depends on, and when it was read.
type account struct {
	disabled bool
	epoch    int64
	read     time.Time
}

// valid reports whether a session still stands: not signed out, its account not disabled,
// and begun in the account's current session epoch (a change of role, unit or password
// ends older sessions: the person signs in again and gets the new rights).
func (sc *sessionCache) valid(e sessionEntry) bool {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	a := sc.accounts[e.p.UserID]
	return !sc.revoked[e.sid] && !a.disabled && e.epoch == a.epoch
}

// setAccount records the state of an account read at now: at start-up, at sign-in, after an
// administrator changed it and when it was read again (recheckAccount).
func (sc *sessionCache) setAccount(u store.User, now time.Time) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.accounts == nil {
		sc.accounts = make(map[int64]account)
	}
	// A read from before a change (an older epoch) never undoes what a later one recorded.
	if old, ok := sc.accounts[u.ID]; ok && u.SessionEpoch < old.epoch {
		return
	}
	sc.accounts[u.ID] = account{disabled: u.Disabled, epoch: u.SessionEpoch, read: now}
}

// stale reports whether the state of account id was read longer than accountRecheck ago.
func (sc *sessionCache) stale(id int64, now time.Time) bool {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return now.Sub(sc.accounts[id].read) > accountRecheck
}

func (sc *sessionCache) revoke(sids ...string) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.revoked == nil {
		sc.revoked = make(map[string]bool)
	}
	for _, sid := range sids {
		sc.revoked[sid] = true
	}
}

const sessionCacheSize = 4096

func (sc *sessionCache) get(k string) (sessionEntry, bool) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	e, ok := sc.m[k]
	return e, ok
}

func (sc *sessionCache) put(k string, e sessionEntry) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.m == nil || len(sc.m) >= sessionCacheSize {
		sc.m = make(map[string]sessionEntry)
	}
	sc.m[k] = e
}

func principal(c echo.Context) (auth.Principal, bool) {
	p, ok := c.Get(principalKey).(auth.Principal)
	return p, ok
}

// startSession signs p in with a fresh session: nothing of an earlier session is carried over.
// epoch is the account's session epoch: a later change of the account ends the session.
func (s *Server) startSession(c echo.Context, p auth.Principal, epoch int64) error {
	sess := sessions.NewSession(s.sessions, sessionName)
	opts := *s.sessions.Options
	sess.Options = &opts
	sess.IsNew = true
	sid := make([]byte, 16)
	_, _ = rand.Read(sid)
	sess.Values["sid"] = hex.EncodeToString(sid)
	sess.Values["uid"] = p.UserID
	sess.Values["username"] = p.Username
	sess.Values["role"] = string(p.Role)
	sess.Values["org"] = p.OrgID
	sess.Values["epoch"] = epoch
	sess.Values["seen"] = s.cfg.Now().Unix()
	c.Set(principalKey, p)
	c.Set(sidKey, sess.Values["sid"])
	c.Set(csrfKey, nil) // the token of the new session, from now on
	return sess.Save(c.Request(), c.Response())
}

// endSession signs the person out: the session is revoked on the server too (kept in the store
// across restarts), so a copy of the cookie no longer works, and the cookie is cleared.
func (s *Server) endSession(c echo.Context) error {
	if err := s.revokeSession(c); err != nil {
		return err
	}
	c.Set(principalKey, nil)
	c.Set(sidKey, "")
	c.Set(csrfKey, nil)
	sess := sessions.NewSession(s.sessions, sessionName)
	opts := *s.sessions.Options
	opts.MaxAge = -1
	sess.Options = &opts
	return sess.Save(c.Request(), c.Response())
}

// revokeSession ends the session the request's cookie carries, if any, on the server too
// (kept in the store across restarts), so that a copy of the cookie no longer works.
func (s *Server) revokeSession(c echo.Context) error {
	e, ok := s.decodeSession(c)
	if !ok || e.sid == "" {
		return nil
	}
	until := time.Unix(e.seen, 0).Add(s.cfg.IdleTimeout)
	if err := s.app.SignOut(c.Request().Context(), e.sid, until); err != nil {
		return err
	}
	s.decoded.revoke(e.sid)
	return nil
}

// requireUser lets signed-in people through. Others get 401 when the request comes from
// htmx or a script (app.js then asks them to sign in again without leaving the page), the
// sign-in page for a page load, and for a form posted without JavaScript the sign-in page
// carrying what they posted, so that signing in completes the save.
func (s *Server) requireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, ok := principal(c); ok {
			return next(c)
		}
		req := c.Request()
		switch {
		case isHTMX(c) || wantsJSON(c) || req.Header.Get("X-Requested-With") != "":
			return fail(http.StatusUnauthorized, "login.expired_title")
		case req.Method == http.MethodGet || req.Method == http.MethodHead:
			return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(req.URL.RequestURI()))
		}
		next, replay := "/forms", ""
		if _, ok := savePath(req.URL.Path); ok {
			if err := req.ParseForm(); err == nil {
				body := req.PostForm
				body.Del("_csrf")
				next, replay = req.URL.Path, body.Encode()
			}
		}
		return s.renderLogin(c, http.StatusUnauthorized, next, replay, "", "")
	}
}
