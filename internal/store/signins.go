package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// The outcomes of a sign-in as SignIn records them.
const (
	SignInOK        = "ok"        // the password was right
	SignInWrong     = "wrong"     // a wrong password, or no such account
	SignInDisabled  = "disabled"  // the right password of a disabled account
	SignInThrottled = "throttled" // refused before the password was checked: too many tries
)

// SignIn is one try to sign in: when, as whom, from where, and how it ended.
type SignIn struct {
	At       time.Time
	Username string // as typed (trimmed)
	UserID   int64  // 0 when no account has that name
	Address  string // the client's address as the server saw it
	Outcome  string // one of the SignIn* outcomes
}

// signInsKept is how long the sign-in log is kept.
const signInsKept = 90 * 24 * time.Hour

// RecordSignIn adds a try to the sign-in log, and forgets tries older than 90 days.
func (s *Store) RecordSignIn(ctx context.Context, in SignIn) error {
	uid := sql.NullInt64{Int64: in.UserID, Valid: in.UserID != 0}
	_, err := s.w.ExecContext(ctx, `INSERT INTO sign_ins (at, username, user_id, address, outcome) VALUES (?, ?, ?, ?, ?)`,
		millis(in.At), in.Username, uid, in.Address, in.Outcome)
	if err == nil { // through the index on at: nothing to do most of the time
		_, err = s.w.ExecContext(ctx, `DELETE FROM sign_ins WHERE at < ?`, millis(in.At.Add(-signInsKept)))
	}
	if err != nil {
		return fmt.Errorf("store: record sign-in: %w", err)
	}
	return nil
}

// SignIns returns the latest n tries, newest first.
func (s *Store) SignIns(ctx context.Context, n int) ([]SignIn, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT at, username, COALESCE(user_id, 0), address, outcome
		FROM sign_ins ORDER BY at DESC, id DESC LIMIT ?`, n)
	if err != nil {
		return nil, fmt.Errorf("store: sign-ins: %w", err)
	}
	defer rows.Close()
	var out []SignIn
	for rows.Next() {
		var in SignIn
		var at int64
		if err := rows.Scan(&at, &in.Username, &in.UserID, &in.Address, &in.Outcome); err != nil {
			return nil, err
		}
		in.At = time.UnixMilli(at)
		out = append(out, in)
	}
	return out, rows.Err()
}
