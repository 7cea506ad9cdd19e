package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// HistoryEntry is one recorded change of one field of a form.
type HistoryEntry struct {
	Version  int // the version the change produced
	Field    string
	Old      string
	New      string
	Username string // "" when made by no user (an import)
	At       time.Time
}

// Transition is one recorded change of a form's workflow state.
type Transition struct {
	Version  int // the version the transition produced
	From     string
	To       string
	Comment  string
	Username string
	At       time.Time
}

// RowComment is a reviewer's remark on one field or row of a form (e.g. `indicators.3`).
type RowComment struct {
	ID       int64
	FormID   int64
	Version  int // the version of the form commented on
	Field    string
	Body     string
	Username string
	At       time.Time
	Resolved bool
}

func insertHistory(ctx context.Context, tx *sql.Tx, formID int64, version int, changes []Change, by int64, at int64) error {
	st, err := tx.PrepareContext(ctx, `INSERT INTO history (form_id, version, field, old, new, user_id, at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, c := range changes {
		if _, err := st.ExecContext(ctx, formID, version, c.Field, c.Old, c.New, nullID(by), at); err != nil {
			return fmt.Errorf("history of %s: %w", c.Field, mapErr(err))
		}
	}
	return nil
}

// History returns every recorded change of form formID, oldest first.
func (s *Store) History(ctx context.Context, formID int64) ([]HistoryEntry, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT h.version, h.field, h.old, h.new, COALESCE(u.username, ''), h.at
		FROM history h LEFT JOIN users u ON u.id = h.user_id
		WHERE h.form_id = ? ORDER BY h.version, h.id`, formID)
	if err != nil {
		return nil, fmt.Errorf("store: history of form %d: %w", formID, err)
	}
	defer rows.Close()
	var out []HistoryEntry
	for rows.Next() {
		var e HistoryEntry
		var at int64
		if err := rows.Scan(&e.Version, &e.Field, &e.Old, &e.New, &e.Username, &at); err != nil {
			return nil, fmt.Errorf("store: history of form %d: %w", formID, err)
		}
		e.At = fromMillis(at)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: history of form %d: %w", formID, err)
	}
	return out, nil
}

// Transition moves form formID from state from to state to, as of baseVersion: it bumps
// the version and records the transition (and a `status` history row) in one transaction.
// A stale baseVersion, or a state other than from, gives ErrConflict; whether the move is
// allowed at all is the workflow's decision, made before calling this.
func (s *Store) Transition(ctx context.Context, formID int64, baseVersion int, from, to, comment string, by int64) (FormRecord, error) {
	rec, err := s.transition(ctx, formID, baseVersion, from, to, comment, by, nil)
	if err != nil {
		return FormRecord{}, fmt.Errorf("store: form %d from %s to %s: %w", formID, from, to, err)
	}
	return rec, nil
}

// TransitionSummary is Transition that also stores sum as the form's summary, in the same
// transaction: an approval stores the final figures (under the review scores), a reopening
// the self figures again.
func (s *Store) TransitionSummary(ctx context.Context, formID int64, baseVersion int, from, to, comment string, by int64, sum Summary) (FormRecord, error) {
	rec, err := s.transition(ctx, formID, baseVersion, from, to, comment, by, &sum)
	if err != nil {
		return FormRecord{}, fmt.Errorf("store: form %d from %s to %s: %w", formID, from, to, err)
	}
	return rec, nil
}

func (s *Store) transition(ctx context.Context, formID int64, baseVersion int, from, to, comment string, by int64, sum *Summary) (FormRecord, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return FormRecord{}, err
	}
	defer tx.Rollback()
	now := millis(s.now())
	res, err := tx.ExecContext(ctx, `UPDATE forms SET status = ?, version = version + 1, updated_at = ?, updated_by = ?
		WHERE id = ? AND version = ? AND status = ? AND deleted_at IS NULL`, to, now, nullID(by), formID, baseVersion, from)
	if err := checkUpdated(res, err); err != nil {
		return FormRecord{}, s.conflictOrMissing(ctx, tx, formID, err)
	}
	version := baseVersion + 1
	if _, err := tx.ExecContext(ctx, `INSERT INTO transitions (form_id, version, from_status, to_status, comment, user_id, at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, formID, version, from, to, comment, nullID(by), now); err != nil {
		return FormRecord{}, mapErr(err)
	}
	if err := insertHistory(ctx, tx, formID, version, []Change{{FieldStatus, from, to}}, by, now); err != nil {
		return FormRecord{}, err
	}
	if sum != nil {
		if _, err := tx.ExecContext(ctx, "UPDATE forms SET execution_rate = ?, total = ?, grade = ?, summary_version = ?, flags = ? WHERE id = ?",
			sum.ExecutionRate, sum.Total, sum.Grade, sum.ProfileVersion, sum.Flags, formID); err != nil {
			return FormRecord{}, err
		}
	}
	rec, err := getForm(ctx, tx, formID)
	if err != nil {
		return FormRecord{}, err
	}
	return rec, tx.Commit()
}

// conflictOrMissing tells a missing form (ErrNotFound) from a stale one (err).
func (s *Store) conflictOrMissing(ctx context.Context, tx *sql.Tx, formID int64, err error) error {
	var one int
	if e := tx.QueryRowContext(ctx, "SELECT 1 FROM forms WHERE id = ? AND deleted_at IS NULL", formID).Scan(&one); e != nil {
		return mapErr(e)
	}
	return err
}

// Transitions returns the workflow history of form formID, oldest first.
func (s *Store) Transitions(ctx context.Context, formID int64) ([]Transition, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT t.version, t.from_status, t.to_status, t.comment, COALESCE(u.username, ''), t.at
		FROM transitions t LEFT JOIN users u ON u.id = t.user_id
		WHERE t.form_id = ? ORDER BY t.id`, formID)
	if err != nil {
		return nil, fmt.Errorf("store: transitions of form %d: %w", formID, err)
	}
	defer rows.Close()
	var out []Transition
	for rows.Next() {
		var t Transition
		var at int64
		if err := rows.Scan(&t.Version, &t.From, &t.To, &t.Comment, &t.Username, &at); err != nil {
			return nil, fmt.Errorf("store: transitions of form %d: %w", formID, err)
		}
		t.At = fromMillis(at)
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: transitions of form %d: %w", formID, err)
	}
	return out, nil
}

// AddRowComment records a remark by user by on field (a field path or `indicators.N`) of
// form formID, against the form's current version. A missing form gives ErrNotFound.
func (s *Store) AddRowComment(ctx context.Context, formID int64, field, body string, by int64) (RowComment, error) {
	now := s.now().Truncate(time.Millisecond)
	var c RowComment
	err := s.w.QueryRowContext(ctx, `INSERT INTO row_comments (form_id, version, field, body, user_id, at)
		SELECT id, version, ?, ?, ?, ? FROM forms WHERE id = ? AND deleted_at IS NULL
		RETURNING id, version, COALESCE((SELECT username FROM users WHERE id = user_id), '')`,
		field, body, nullID(by), millis(now), formID).Scan(&c.ID, &c.Version, &c.Username)
	if err != nil {
		return RowComment{}, fmt.Errorf("store: comment on form %d: %w", formID, mapErr(err))
	}
	c.FormID, c.Field, c.Body, c.At = formID, field, body, now
	return c, nil
}

// ResolveRowComment marks comment id as dealt with.
func (s *Store) ResolveRowComment(ctx context.Context, id int64) error {
	res, err := s.w.ExecContext(ctx, "UPDATE row_comments SET resolved = 1 WHERE id = ?", id)
	return affectedOne(res, err, "store: resolve comment %d", id)
}

// RowComments returns the comments on form formID, oldest first.
func (s *Store) RowComments(ctx context.Context, formID int64) ([]RowComment, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT c.id, c.form_id, c.version, c.field, c.body, COALESCE(u.username, ''), c.at, c.resolved
		FROM row_comments c LEFT JOIN users u ON u.id = c.user_id
		WHERE c.form_id = ? ORDER BY c.id`, formID)
	if err != nil {
		return nil, fmt.Errorf("store: comments on form %d: %w", formID, err)
	}
	defer rows.Close()
	var out []RowComment
	for rows.Next() {
		var c RowComment
		var at int64
		if err := rows.Scan(&c.ID, &c.FormID, &c.Version, &c.Field, &c.Body, &c.Username, &at, &c.Resolved); err != nil {
			return nil, fmt.Errorf("store: comments on form %d: %w", formID, err)
		}
		c.At = fromMillis(at)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: comments on form %d: %w", formID, err)
	}
	return out, nil
}
