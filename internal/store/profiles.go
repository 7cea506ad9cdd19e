package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// FieldProfile is the field of the history row that records a form rescored with another
// profile (old and new are profile names).
const FieldProfile = "profile"

// ProfileChoice is the profile an administrator chose for the forms of a department and year.
type ProfileChoice struct {
	DeptID  int64
	Year    int
	Profile string
}

// SetProfileChoice records profile as the choice for department deptID's forms of year, in
// place of any earlier choice. A department that does not exist, or is a unit, gives ErrNotFound.
func (s *Store) SetProfileChoice(ctx context.Context, deptID int64, year int, profile string, by int64) error {
	if err := s.checkDepartment(ctx, deptID); err != nil {
		return fmt.Errorf("store: profile choice: %w", err)
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO profile_choices (dept_id, year, profile, chosen_by, chosen_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (dept_id, year) DO UPDATE SET profile = excluded.profile, chosen_by = excluded.chosen_by,
			chosen_at = excluded.chosen_at`, deptID, year, profile, nullID(by), millis(s.now()))
	if err != nil {
		return fmt.Errorf("store: profile choice: %w", mapErr(err))
	}
	return nil
}

// checkDepartment is nil when id is a department (an org without a parent), ErrNotFound for
// a unit or an org that does not exist.
func (s *Store) checkDepartment(ctx context.Context, id int64) error {
	var parent sql.NullInt64
	err := s.r.QueryRowContext(ctx, "SELECT parent_id FROM orgs WHERE id = ?", id).Scan(&parent)
	switch {
	case errors.Is(err, sql.ErrNoRows) || err == nil && parent.Valid:
		return ErrNotFound
	case err != nil:
		return err
	}
	return nil
}

// ProfileChoices lists every choice made, by year (newest first) and department.
func (s *Store) ProfileChoices(ctx context.Context) ([]ProfileChoice, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT dept_id, year, profile FROM profile_choices ORDER BY year DESC, dept_id")
	if err != nil {
		return nil, fmt.Errorf("store: profile choices: %w", err)
	}
	defer rows.Close()
	var out []ProfileChoice
	for rows.Next() {
		var c ProfileChoice
		if err := rows.Scan(&c.DeptID, &c.Year, &c.Profile); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ProfileFor is the profile chosen for department deptID's forms of year; ok is false when
// none was chosen.
func (s *Store) ProfileFor(ctx context.Context, deptID int64, year int) (profile string, ok bool, err error) {
	err = s.r.QueryRowContext(ctx, "SELECT profile FROM profile_choices WHERE dept_id = ? AND year = ?", deptID, year).Scan(&profile)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("store: profile for %d, %d: %w", deptID, year, err)
	}
	return profile, true, nil
}

// SetFormProfile scores form id with another profile: its profile and summary change, its
// content and version do not, and the history records the change of profile at the form's
// version. Nothing happens when the form has that profile already; a form deleted or not
// found gives ErrNotFound.
func (s *Store) SetFormProfile(ctx context.Context, id int64, profile string, sum Summary, by int64) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: rescore form %d: %w", id, err)
	}
	defer tx.Rollback()
	var old string
	var version int
	err = tx.QueryRowContext(ctx, "SELECT profile, version FROM forms WHERE id = ? AND deleted_at IS NULL", id).Scan(&old, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("store: rescore form %d: %w", id, err)
	}
	if old == profile {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE forms SET profile = ?, execution_rate = ?, total = ?, grade = ?,
		summary_version = ?, flags = ? WHERE id = ?`, profile, sum.ExecutionRate, sum.Total, sum.Grade, sum.ProfileVersion, sum.Flags, id); err != nil {
		return fmt.Errorf("store: rescore form %d: %w", id, err)
	}
	if err := insertHistory(ctx, tx, id, version, []Change{{Field: FieldProfile, Old: old, New: profile}}, by, millis(s.now())); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: rescore form %d: %w", id, err)
	}
	return nil
}
