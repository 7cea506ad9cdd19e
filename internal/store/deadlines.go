package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// deadlinesSchema is the table of the self-assessments a department opened for its units,
// each with its due date (migration 12).
const deadlinesSchema = `
CREATE TABLE deadlines (
	dept_id   INTEGER NOT NULL REFERENCES orgs(id),
	year      INTEGER NOT NULL,
	due       TEXT NOT NULL, -- YYYY-MM-DD, the last day to submit, in China Standard Time
	opened_by INTEGER REFERENCES users(id),
	opened_at INTEGER NOT NULL,
	PRIMARY KEY (dept_id, year)
) WITHOUT ROWID;
`

// Deadline is the self-assessment of a year a department opened for its units, due on Due
// (YYYY-MM-DD, the last day forms may be submitted).
type Deadline struct {
	DeptID int64
	Year   int
	Due    string
}

// SetDeadline opens (or moves the due date of) department deptID's self-assessment of year.
// A department that does not exist, or a unit, gives ErrNotFound.
func (s *Store) SetDeadline(ctx context.Context, deptID int64, year int, due string, by int64) error {
	if err := s.checkDepartment(ctx, deptID); err != nil {
		return fmt.Errorf("store: deadline: %w", err)
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO deadlines (dept_id, year, due, opened_by, opened_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (dept_id, year) DO UPDATE SET due = excluded.due, opened_by = excluded.opened_by, opened_at = excluded.opened_at`,
		deptID, year, due, nullID(by), millis(s.now()))
	if err != nil {
		return fmt.Errorf("store: deadline: %w", mapErr(err))
	}
	return nil
}

// Deadlines returns the deadlines of year (0: of every year), newest year first.
func (s *Store) Deadlines(ctx context.Context, year int) ([]Deadline, error) {
	q, args := "SELECT dept_id, year, due FROM deadlines", []any{}
	if year != 0 {
		q, args = q+" WHERE year = ?", append(args, year)
	}
	rows, err := s.r.QueryContext(ctx, q+" ORDER BY year DESC, dept_id", args...)
	if err != nil {
		return nil, fmt.Errorf("store: deadlines: %w", err)
	}
	defer rows.Close()
	var out []Deadline
	for rows.Next() {
		var d Deadline
		if err := rows.Scan(&d.DeptID, &d.Year, &d.Due); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// LatestDeadline is the deadline of department deptID's newest opened year; ok is false when
// it opened none.
func (s *Store) LatestDeadline(ctx context.Context, deptID int64) (d Deadline, ok bool, err error) {
	err = s.r.QueryRowContext(ctx, "SELECT dept_id, year, due FROM deadlines WHERE dept_id = ? ORDER BY year DESC LIMIT 1", deptID).
		Scan(&d.DeptID, &d.Year, &d.Due)
	if errors.Is(err, sql.ErrNoRows) {
		return Deadline{}, false, nil
	}
	if err != nil {
		return Deadline{}, false, fmt.Errorf("store: deadline of %d: %w", deptID, err)
	}
	return d, true, nil
}
