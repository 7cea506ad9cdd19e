package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// StatusDeleted is the state the transitions of a deletion and a restore record (draft →
// deleted, deleted → draft). The form's own status stays draft: deletion is a mark beside it.
const StatusDeleted = "deleted"

// DeleteForm deletes draft formID for user by, softly: the form leaves every list and
// count, FormAccess and Form answer ErrNotFound for it, but its content and history stay,
// and the deletion is recorded as a transition draft → deleted (with a `status` history row
// and a new version), so who deleted it and when is kept. baseVersion 0 deletes whatever the
// version; another one that is not current gives ErrConflict. A form that is not a draft
// gives ErrNotDraft; a missing or already deleted one ErrNotFound.
func (s *Store) DeleteForm(ctx context.Context, formID int64, baseVersion int, by int64) error {
	if err := s.markDeleted(ctx, formID, baseVersion, by, true); err != nil {
		return fmt.Errorf("store: delete form %d: %w", formID, err)
	}
	return nil
}

// RestoreForm undoes the deletion of form formID for user by (an administrator), recorded
// as a transition deleted → draft, and returns the form. A form that is not deleted gives
// ErrConflict, a missing one ErrNotFound.
func (s *Store) RestoreForm(ctx context.Context, formID int64, by int64) (FormRecord, error) {
	if err := s.markDeleted(ctx, formID, 0, by, false); err != nil {
		return FormRecord{}, fmt.Errorf("store: restore form %d: %w", formID, err)
	}
	return s.Form(ctx, formID)
}

// markDeleted sets (del) or clears the deletion mark of formID and records the transition.
func (s *Store) markDeleted(ctx context.Context, formID int64, baseVersion int, by int64, del bool) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := millis(s.now())
	from, to := "draft", StatusDeleted
	q := `UPDATE forms SET deleted_at = ?, deleted_by = ?, version = version + 1
		WHERE id = ? AND deleted_at IS NULL AND status = 'draft' AND (? = 0 OR version = ?) RETURNING version`
	args := []any{now, nullID(by), formID, baseVersion, baseVersion}
	if !del {
		from, to = StatusDeleted, "draft"
		q = `UPDATE forms SET deleted_at = NULL, deleted_by = NULL, version = version + 1
			WHERE id = ? AND deleted_at IS NOT NULL RETURNING version`
		args = []any{formID}
	}
	var version int
	err = tx.QueryRowContext(ctx, q, args...).Scan(&version)
	if errors.Is(err, sql.ErrNoRows) {
		return whyNotMarked(ctx, tx, formID, del)
	}
	if err != nil {
		return mapErr(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO transitions (form_id, version, from_status, to_status, comment, user_id, at)
		VALUES (?, ?, ?, ?, '', ?, ?)`, formID, version, from, to, nullID(by), now); err != nil {
		return mapErr(err)
	}
	if err := insertHistory(ctx, tx, formID, version, []Change{{FieldStatus, from, to}}, by, now); err != nil {
		return err
	}
	return tx.Commit()
}

// whyNotMarked tells why markDeleted changed no row: a missing form (or, deleting, an already
// deleted one) is ErrNotFound; deleting, a form that is not a draft ErrNotDraft and a stale
// version ErrConflict; restoring, a form that is not deleted ErrConflict.
func whyNotMarked(ctx context.Context, tx *sql.Tx, formID int64, del bool) error {
	var status string
	var deleted bool
	err := tx.QueryRowContext(ctx, "SELECT status, deleted_at IS NOT NULL FROM forms WHERE id = ?", formID).Scan(&status, &deleted)
	switch {
	case err != nil:
		return mapErr(err)
	case del && deleted:
		return ErrNotFound
	case del && status != "draft":
		return fmt.Errorf("%w: the form is %s", ErrNotDraft, status)
	}
	return ErrConflict
}
