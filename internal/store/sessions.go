package store

import (
	"context"
	"fmt"
	"time"
)

// RevokeSession records that the session sid was ended; until is when its cookie would have
// expired anyway, after which the record may be forgotten.
func (s *Store) RevokeSession(ctx context.Context, sid string, until time.Time) error {
	_, err := s.w.ExecContext(ctx, `INSERT OR REPLACE INTO revoked_sessions (sid, until) VALUES (?, ?)`, sid, millis(until))
	if err != nil {
		return fmt.Errorf("store: revoke session: %w", err)
	}
	return nil
}

// RevokedSessions returns the ended sessions whose cookies have not yet expired at now, and
// forgets the others.
func (s *Store) RevokedSessions(ctx context.Context, now time.Time) ([]string, error) {
	if _, err := s.w.ExecContext(ctx, `DELETE FROM revoked_sessions WHERE until <= ?`, millis(now)); err != nil {
		return nil, fmt.Errorf("store: forget old sessions: %w", err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT sid FROM revoked_sessions`)
	if err != nil {
		return nil, fmt.Errorf("store: revoked sessions: %w", err)
	}
	defer rows.Close()
	var sids []string
	for rows.Next() {
		var sid string
		if err := rows.Scan(&sid); err != nil {
			return nil, err
		}
		sids = append(sids, sid)
	}
	return sids, rows.Err()
}
