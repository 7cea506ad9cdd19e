package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"selfeval/internal/auth"
)

// User is a person who signs in. Usernames are unique regardless of ASCII case.
type User struct {
	ID           int64
	Username     string
	PasswordHash string // bcrypt, from auth.HashPassword
	Role         auth.Role
	OrgID        int64 // the unit (staff) or department (supervisor); 0 = none
	Disabled     bool
	CreatedAt    time.Time
	// SessionEpoch counts the changes that end the user's open sessions (role, org,
	// disabled flag, password): a session remembers the epoch it began in.
	SessionEpoch int64
}

const userColumns = "id, username, password_hash, role, COALESCE(org_id, 0), disabled, created_at, session_epoch"

func scanUser(sc interface{ Scan(...any) error }) (User, error) {
	var u User
	var created int64
	err := sc.Scan(&u.ID, &u.Username, &u.PasswordHash, &u.Role, &u.OrgID, &u.Disabled, &created, &u.SessionEpoch)
	u.CreatedAt = fromMillis(created)
	return u, err
}

// CreateUser adds u (its ID is ignored) and returns it with its ID and creation time.
// A username in use gives ErrDuplicate, an org that does not exist ErrNotFound.
func (s *Store) CreateUser(ctx context.Context, u User) (User, error) {
	if u.CreatedAt.IsZero() {
		u.CreatedAt = s.now()
	}
	u.CreatedAt = u.CreatedAt.UTC().Truncate(time.Millisecond)
	res, err := s.w.ExecContext(ctx, `INSERT INTO users (username, password_hash, role, org_id, disabled, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`,
		u.Username, u.PasswordHash, string(u.Role), nullID(u.OrgID), boolInt(u.Disabled), millis(u.CreatedAt))
	if err != nil {
		return User{}, fmt.Errorf("store: create user %q: %w", u.Username, mapErr(err))
	}
	if u.ID, err = res.LastInsertId(); err != nil {
		return User{}, fmt.Errorf("store: create user %q: %w", u.Username, err)
	}
	return u, nil
}

// UserByUsername returns the user signing in as name (ASCII case does not matter).
func (s *Store) UserByUsername(ctx context.Context, name string) (User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE username = ?", name))
	if err != nil {
		return User{}, fmt.Errorf("store: user %q: %w", name, mapErr(err))
	}
	return u, nil
}

// UserByID returns the user with this id.
func (s *Store) UserByID(ctx context.Context, id int64) (User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
	if err != nil {
		return User{}, fmt.Errorf("store: user %d: %w", id, mapErr(err))
	}
	return u, nil
}

// Users returns every user, ordered by username.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+userColumns+" FROM users ORDER BY username")
	if err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	return out, nil
}

// CountUsers returns how many users exist (0 on first start: time to create an admin).
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM users").Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count users: %w", err)
	}
	return n, nil
}

// ErrLastAdmin: the change would leave no active administrator (an account with role admin
// that is not disabled), and so nobody who can manage the accounts. The store refuses it
// itself, in the same statement as the change, so that two administrators disabling each
// other at the same moment cannot both succeed.
var ErrLastAdmin = errors.New("the last active administrator")

// lastAdminGuard follows "WHERE id = ?" in an UPDATE of one user and takes one argument,
// whether the user is an active administrator after the change: the row changes only if it
// stays one, or is not one now, or another active administrator remains.
const lastAdminGuard = ` AND (? OR NOT (role = 'admin' AND disabled = 0)
	OR EXISTS (SELECT 1 FROM users o WHERE o.role = 'admin' AND o.disabled = 0 AND o.id <> users.id))`

// activeAdmin reports whether an account with this role and flag is an active administrator.
func activeAdmin(role auth.Role, disabled bool) bool { return role == auth.RoleAdmin && !disabled }

// UpdateUser saves u's username, role, org and disabled flag, and ends the user's open
// sessions (a new session epoch). The password changes only through SetPassword, so an edit
// form cannot blank it by accident. A change that would leave no active administrator gives
// ErrLastAdmin and changes nothing.
func (s *Store) UpdateUser(ctx context.Context, u User) error {
	res, err := s.w.ExecContext(ctx, `UPDATE users SET username = ?, role = ?, org_id = ?, disabled = ?,
		session_epoch = session_epoch + 1 WHERE id = ?`+lastAdminGuard,
		u.Username, string(u.Role), nullID(u.OrgID), boolInt(u.Disabled), u.ID, activeAdmin(u.Role, u.Disabled))
	return s.guarded(ctx, u.ID, res, err, "store: update user %d")
}

// SetDisabled disables (or enables again) the user id and ends their open sessions; only the
// flag changes, so it cannot undo a change of role or unit made meanwhile. Disabling the last
// active administrator gives ErrLastAdmin and changes nothing.
func (s *Store) SetDisabled(ctx context.Context, id int64, disabled bool) error {
	res, err := s.w.ExecContext(ctx, `UPDATE users SET disabled = ?, session_epoch = session_epoch + 1
		WHERE id = ?`+lastAdminGuard, boolInt(disabled), id, !disabled)
	return s.guarded(ctx, id, res, err, "store: set disabled of user %d")
}

// guarded is affectedOne for an UPDATE of the user id with lastAdminGuard: when no row
// changed, it tells a missing user (ErrNotFound) from one the guard protected (ErrLastAdmin).
func (s *Store) guarded(ctx context.Context, id int64, res sql.Result, err error, format string) error {
	if err != nil {
		return fmt.Errorf(format+": %w", id, mapErr(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf(format+": %w", id, err)
	}
	if n == 1 {
		return nil
	}
	var one int
	if err := s.w.QueryRowContext(ctx, "SELECT 1 FROM users WHERE id = ?", id).Scan(&one); err != nil {
		return fmt.Errorf(format+": %w", id, mapErr(err))
	}
	return fmt.Errorf(format+": %w", id, ErrLastAdmin)
}

// SetPassword replaces the password hash of the user id and ends their open sessions.
func (s *Store) SetPassword(ctx context.Context, id int64, hash string) error {
	res, err := s.w.ExecContext(ctx, "UPDATE users SET password_hash = ?, session_epoch = session_epoch + 1 WHERE id = ?", hash, id)
	return affectedOne(res, err, "store: set password of user %d", id)
}
