package web

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"selfeval/internal/auth"
	"selfeval/internal/store"
)

// TestAccountChangedOutsideServer: an account disabled in the database by someone else than
// this server (the command line, another server) loses its open sessions within
// accountRecheck, and enabled again it can sign in.
func TestAccountChangedOutsideServer(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	wantStatus(t, c, c.get("/forms"), http.StatusOK)
	u, err := e.Store.UserByUsername(context.Background(), "staff")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Store.SetDisabled(context.Background(), u.ID, true); err != nil {
		t.Fatal(err)
	}
	e.advance(accountRecheck + time.Second)
	resp := c.get("/forms")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Fatalf("a disabled account reading /forms after %v: %d to %q, want 303 to /login", accountRecheck, resp.StatusCode, resp.Header.Get("Location"))
	}
	if err := e.Store.SetDisabled(context.Background(), u.ID, false); err != nil {
		t.Fatal(err)
	}
	c2 := e.client(t).loginAs("staff")
	wantStatus(t, c2, c2.get("/forms"), http.StatusOK)
}

// TestAccountStateNotUndone: a read of an account from before a change (an older session
// epoch) does not undo the state a later read recorded.
func TestAccountStateNotUndone(t *testing.T) {
	var sc sessionCache
	now := time.Now()
	sc.setAccount(store.User{ID: 7, Disabled: true, SessionEpoch: 3}, now)
	sc.setAccount(store.User{ID: 7, Disabled: false, SessionEpoch: 2}, now.Add(time.Second))
	if sc.valid(sessionEntry{p: auth.Principal{UserID: 7}, epoch: 2}) || sc.valid(sessionEntry{p: auth.Principal{UserID: 7}, epoch: 3}) {
		t.Error("a stale read revived a disabled account")
	}
}
