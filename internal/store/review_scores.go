package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"selfeval/internal/form"
)

// The names, after "indicators.N.", of the history fields of a row's review: its review
// score (审核得分) and its reason (扣分原因).
const (
	FieldReviewScore  = "review_score"
	FieldReviewReason = "review_reason"
)

// ReviewField is the history field of row i's review score (FieldReviewScore) or reason
// (FieldReviewReason): "indicators.3.review_score".
func ReviewField(i int, name string) string { return form.RowPrefix(i) + "." + name }

// ReviewFieldOf reads a history field of a row's review: its row and FieldReviewScore or
// FieldReviewReason; ok is false for any other field.
func ReviewFieldOf(path string) (row int, name string, ok bool) {
	row = form.RowOf(path)
	if row < 0 {
		return 0, "", false
	}
	name, ok = strings.CutPrefix(path, form.RowPrefix(row)+".")
	if !ok || name != FieldReviewScore && name != FieldReviewReason {
		return 0, "", false
	}
	return row, name, true
}

// ErrNotUnderReview: a review score of a form that is no longer submitted at the version the
// reviewer saw (withdrawn, returned, approved or submitted again meanwhile). It matches
// ErrConflict too.
var ErrNotUnderReview = fmt.Errorf("%w: the form is no longer under review at that version", ErrConflict)

// ReviewScore is a reviewer's score (审核得分) of one indicator row of a form in its current
// round of review, with the reason (扣分原因), who gave it and when.
type ReviewScore struct {
	Row      int    // the indicator row, counted from 0
	Score    string // as typed; the application checks that it reads as a number
	Reason   string
	Username string // "" when given by no user
	At       time.Time
}

// ReviewScoreEdit is a reviewer's change of one row's review score and reason, with what
// their page showed of them before.
type ReviewScoreEdit struct {
	Row           int
	Score, Reason string // both "" remove the row's review score
	// WasScore and WasReason are the row's score and reason as the person's page showed them
	// ("" for none): when the stored ones differ, someone changed them meanwhile.
	WasScore, WasReason string
	// Version is the version of the form the person reviewed; the form must still be at it,
	// and submitted.
	Version int
}

// roundOf is the condition that a review score (of alias r) belongs to the form's current
// round of review: it was given at or after the form's latest submission. A form submitted
// again after a return or a withdrawal is reviewed anew; the scores of the earlier rounds
// stay in the history.
const roundOf = `r.version >= (SELECT COALESCE(MAX(t.version), 0) FROM transitions t
	WHERE t.form_id = r.form_id AND t.to_status = 'submitted')`

const reviewScoreColumns = `r.position, r.score, r.reason, COALESCE(u.username, ''), r.at
	FROM review_scores r LEFT JOIN users u ON u.id = r.user_id`

func scanReviewScore(row interface{ Scan(...any) error }) (ReviewScore, error) {
	var rs ReviewScore
	var at int64
	err := row.Scan(&rs.Row, &rs.Score, &rs.Reason, &rs.Username, &at)
	rs.At = fromMillis(at)
	return rs, err
}

// ReviewScores returns the review scores of form formID in its current round of review
// (given since its latest submission), by row.
func (s *Store) ReviewScores(ctx context.Context, formID int64) ([]ReviewScore, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+reviewScoreColumns+`
		WHERE r.form_id = ? AND `+roundOf+` ORDER BY r.position`, formID)
	if err != nil {
		return nil, fmt.Errorf("store: review scores of form %d: %w", formID, err)
	}
	defer rows.Close()
	var out []ReviewScore
	for rows.Next() {
		rs, err := scanReviewScore(rows)
		if err != nil {
			return nil, fmt.Errorf("store: review scores of form %d: %w", formID, err)
		}
		out = append(out, rs)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: review scores of form %d: %w", formID, err)
	}
	return out, nil
}

// SetReviewScore records e, by user by, as the review score and reason of row e.Row of
// form formID, and one history row for each of the two that changed, under the form's
// version (a review score does not change the form, so its version stays). Both blank
// remove the row's review score.
//
// It gives ErrNotUnderReview (an ErrConflict), and writes nothing, when the form is no
// longer submitted at e.Version; ErrConflict when the row's stored score or reason is not
// what the person's page showed (e.WasScore, e.WasReason), with the stored one returned. A change that
// changes nothing writes nothing. A missing form gives ErrNotFound.
func (s *Store) SetReviewScore(ctx context.Context, formID int64, e ReviewScoreEdit, by int64) (ReviewScore, []Change, error) {
	rs, changes, err := s.setReviewScore(ctx, formID, e, by)
	if err != nil {
		return rs, nil, fmt.Errorf("store: review score of row %d of form %d: %w", e.Row, formID, err)
	}
	return rs, changes, nil
}

func (s *Store) setReviewScore(ctx context.Context, formID int64, e ReviewScoreEdit, by int64) (ReviewScore, []Change, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return ReviewScore{}, nil, err
	}
	defer tx.Rollback()
	var status string
	var version int
	if err := tx.QueryRowContext(ctx, "SELECT status, version FROM forms WHERE id = ? AND deleted_at IS NULL", formID).
		Scan(&status, &version); err != nil {
		return ReviewScore{}, nil, mapErr(err)
	}
	if status != "submitted" || version != e.Version {
		return ReviewScore{}, nil, fmt.Errorf("%w: it is %s at version %d, reviewed at %d", ErrNotUnderReview, status, version, e.Version)
	}
	cur, err := scanReviewScore(tx.QueryRowContext(ctx, `SELECT `+reviewScoreColumns+`
		WHERE r.form_id = ? AND r.position = ? AND `+roundOf, formID, e.Row))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		cur = ReviewScore{Row: e.Row}
	case err != nil:
		return ReviewScore{}, nil, err
	}
	if cur.Score != e.WasScore || cur.Reason != e.WasReason {
		return cur, nil, fmt.Errorf("%w: the review of row %d was changed by %s", ErrConflict, e.Row, cur.Username)
	}
	var changes []Change
	if cur.Score != e.Score {
		changes = append(changes, Change{ReviewField(e.Row, FieldReviewScore), cur.Score, e.Score})
	}
	if cur.Reason != e.Reason {
		changes = append(changes, Change{ReviewField(e.Row, FieldReviewReason), cur.Reason, e.Reason})
	}
	if len(changes) == 0 {
		return cur, nil, nil
	}
	now := s.now().Truncate(time.Millisecond)
	if e.Score == "" && e.Reason == "" {
		_, err = tx.ExecContext(ctx, "DELETE FROM review_scores WHERE form_id = ? AND position = ?", formID, e.Row)
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO review_scores (form_id, position, version, score, reason, user_id, at)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (form_id, position) DO UPDATE SET version = excluded.version, score = excluded.score,
				reason = excluded.reason, user_id = excluded.user_id, at = excluded.at`,
			formID, e.Row, version, e.Score, e.Reason, nullID(by), millis(now))
	}
	if err != nil {
		return ReviewScore{}, nil, mapErr(err)
	}
	if err := insertHistory(ctx, tx, formID, version, changes, by, millis(now)); err != nil {
		return ReviewScore{}, nil, err
	}
	out := ReviewScore{Row: e.Row, Score: e.Score, Reason: e.Reason, At: now}
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE((SELECT username FROM users WHERE id = ?), '')", by).Scan(&out.Username); err != nil {
		return ReviewScore{}, nil, err
	}
	return out, changes, tx.Commit()
}
