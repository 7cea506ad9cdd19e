package app

import (
	"context"
	"errors"
	"time"

	"selfeval/internal/auth"
	"selfeval/internal/store"
)

// The refusals of a change to an account that would lock its maker out.
var (
	// ErrSelfDisable: nobody disables their own account.
	ErrSelfDisable = errors.New("app: one's own account stays enabled")
	// ErrSelfDemote: nobody takes the administrator role from their own account.
	ErrSelfDemote = errors.New("app: one's own account keeps the administrator role")
)

// mayAdminister reports whether p manages departments, units and accounts: an administrator
// signed in, or the Operator at the command line.
func mayAdminister(p auth.Principal) bool { return p.Role == auth.RoleAdmin }

// CreateOrg adds a department (parent 0) or a unit under its department. The store's
// ErrDuplicate and ErrNotFound (no such parent) say what was wrong.
func (a *App) CreateOrg(ctx context.Context, p auth.Principal, name string, parent int64) (store.Org, error) {
	if !mayAdminister(p) {
		return store.Org{}, ErrForbidden
	}
	return a.store.CreateOrg(ctx, name, parent)
}

// CreateUser adds an account with the password given (hashed here): the store's
// ErrDuplicate and ErrNotFound (no such organisation), or auth's refusal of the password.
func (a *App) CreateUser(ctx context.Context, p auth.Principal, username, password string, role auth.Role, org int64) (store.User, error) {
	if !mayAdminister(p) {
		return store.User{}, ErrForbidden
	}
	if err := auth.CheckNewPassword(username, password); err != nil {
		return store.User{}, err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return store.User{}, err
	}
	return a.store.CreateUser(ctx, store.User{Username: username, PasswordHash: hash, Role: role, OrgID: org})
}

// AccountChange is a change of an account's role, organisation and whether it is disabled.
type AccountChange struct {
	ID       int64
	Role     auth.Role
	OrgID    int64
	Disabled bool
}

// UpdateUser makes the change and ends the account's open sessions; changed reports whether
// anything changed (a change to nothing keeps the sessions). Nobody disables or demotes their
// own account (ErrSelfDisable, ErrSelfDemote), and no change leaves the installation without
// an active administrator (store.ErrLastAdmin).
func (a *App) UpdateUser(ctx context.Context, p auth.Principal, ch AccountChange) (user store.User, changed bool, err error) {
	before, err := a.account(ctx, p, ch.ID)
	if err != nil {
		return before, false, err
	}
	after := before
	after.Role, after.OrgID, after.Disabled = ch.Role, ch.OrgID, ch.Disabled
	if err := selfLockout(p, before, after); err != nil || after == before {
		return before, false, err
	}
	return before, true, a.store.UpdateUser(ctx, after)
}

// SetDisabled disables or enables account id and ends its sessions, changing only that (a
// change of role or unit made meanwhile stays), under the rules of UpdateUser.
func (a *App) SetDisabled(ctx context.Context, p auth.Principal, id int64, disabled bool) (user store.User, changed bool, err error) {
	before, err := a.account(ctx, p, id)
	if err != nil {
		return before, false, err
	}
	after := before
	after.Disabled = disabled
	if err := selfLockout(p, before, after); err != nil || after == before {
		return before, false, err
	}
	return before, true, a.store.SetDisabled(ctx, id, disabled)
}

// account reads account id for an administrator's change.
func (a *App) account(ctx context.Context, p auth.Principal, id int64) (store.User, error) {
	if !mayAdminister(p) {
		return store.User{}, ErrForbidden
	}
	return a.store.UserByID(ctx, id)
}

// selfLockout refuses p's change of their own account from before to after when it would
// lock them out: disabling it, or taking the administrator role from it. Deleting one's own
// account, should deletion ever be offered, is the same as disabling it.
func selfLockout(p auth.Principal, before, after store.User) error {
	if p.UserID == 0 || p.UserID != before.ID {
		return nil
	}
	switch {
	case after.Disabled && !before.Disabled:
		return ErrSelfDisable
	case before.Role == auth.RoleAdmin && after.Role != auth.RoleAdmin:
		return ErrSelfDemote
	}
	return nil
}

// SetPassword gives account id a new password (hashed here) and ends its sessions.
func (a *App) SetPassword(ctx context.Context, p auth.Principal, id int64, password string) error {
	if !mayAdminister(p) {
		return ErrForbidden
	}
	u, err := a.store.UserByID(ctx, id)
	if err != nil {
		return err
	}
	if err := auth.CheckNewPassword(u.Username, password); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	return a.store.SetPassword(ctx, id, hash)
}

// SignOut ends session sid on the server, so that a copy of its cookie no longer works; the
// record is kept until the session would have expired anyway.
func (a *App) SignOut(ctx context.Context, sid string, until time.Time) error {
	return a.store.RevokeSession(ctx, sid, until)
}
