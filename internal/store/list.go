package store

import (
	"selfeval/internal/form"
	"slices"

	"context"
	"fmt"
	"strings"
	"time"
)

// ListFilter selects forms for the list page. Zero values select every form that is not deleted.
type ListFilter struct {
	Year    int     // 0 = every year
	Status  string  // "" = every state
	UnitIDs []int64 // nil = every unit; empty = none (a person who may see no unit)
	Deleted bool    // true = only the deleted forms (an administrator's list), false = only the others
}

// FormSummary is one line of the list page: plain columns, no indicator rows.
type FormSummary struct {
	ID            int64
	Year          int
	Project       string
	Department    string
	Unit          string
	UnitID        int64
	Status        string
	Version       int
	ExecutionRate string
	Total         string
	Grade         string
	Flags         string // the codes of its flags for the reviewer, space-separated (Summary.Flags)
	UpdatedAt     time.Time
	DeletedAt     time.Time // zero unless deleted
	DeletedBy     string    // username of who deleted it; "" unless deleted
}

// notDeleted is the condition every query that lists or counts forms (of alias f) adds.
const notDeleted = "f.deleted_at IS NULL"

// where is the WHERE clause (with its leading space) and arguments of lf, over forms as f.
func (lf ListFilter) where() (string, []any) {
	where := []string{notDeleted}
	if lf.Deleted {
		where[0] = "f.deleted_at IS NOT NULL"
	}
	var args []any
	if lf.Year != 0 {
		where, args = append(where, "f.year = ?"), append(args, lf.Year)
	}
	if lf.Status != "" {
		where, args = append(where, "f.status = ?"), append(args, lf.Status)
	}
	if lf.UnitIDs != nil {
		where = append(where, "f.unit_id IN ("+placeholders(len(lf.UnitIDs))+")")
		for _, id := range lf.UnitIDs {
			args = append(args, id)
		}
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// StatusCounts counts the forms that match lf by status (for the navigation's badges).
func (s *Store) StatusCounts(ctx context.Context, lf ListFilter) (map[string]int, error) {
	counts := map[string]int{}
	if lf.UnitIDs != nil && len(lf.UnitIDs) == 0 {
		return counts, nil
	}
	where, args := lf.where()
	rows, err := reader{s: s}.QueryContext(ctx, "SELECT f.status, COUNT(*) FROM forms f"+where+" GROUP BY f.status", args...)
	if err != nil {
		return nil, fmt.Errorf("store: count forms: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var status string
		var n int
		if err := rows.Scan(&status, &n); err != nil {
			return nil, fmt.Errorf("store: count forms: %w", err)
		}
		counts[status] = n
	}
	return counts, rows.Err()
}

// ListForms returns the forms that match lf, ordered by id.
func (s *Store) ListForms(ctx context.Context, lf ListFilter) ([]FormSummary, error) {
	if lf.UnitIDs != nil && len(lf.UnitIDs) == 0 {
		return nil, nil
	}
	where, args := lf.where()
	q := `SELECT f.id, f.year, f.project, f.department, f.unit, f.unit_id, f.status, f.version,
		f.execution_rate, f.total, f.grade, f.flags, f.updated_at, COALESCE(f.deleted_at, 0), COALESCE(u.username, '')
		FROM forms f LEFT JOIN users u ON u.id = f.deleted_by` + where
	rows, err := reader{s: s}.QueryContext(ctx, q+" ORDER BY f.id", args...)
	if err != nil {
		return nil, fmt.Errorf("store: list forms: %w", err)
	}
	defer rows.Close()
	var out []FormSummary
	for rows.Next() {
		var f FormSummary
		var at, deleted int64
		if err := rows.Scan(&f.ID, &f.Year, &f.Project, &f.Department, &f.Unit, &f.UnitID, &f.Status, &f.Version,
			&f.ExecutionRate, &f.Total, &f.Grade, &f.Flags, &at, &deleted, &f.DeletedBy); err != nil {
			return nil, fmt.Errorf("store: list forms: %w", err)
		}
		f.UpdatedAt = fromMillis(at)
		if deleted != 0 {
			f.DeletedAt = fromMillis(deleted)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list forms: %w", err)
	}
	return out, nil
}

// Years returns the years that have forms (not deleted), newest first (the list page's year picker).
func (s *Store) Years(ctx context.Context) ([]int, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT DISTINCT f.year FROM forms f WHERE "+notDeleted+" ORDER BY f.year DESC")
	if err != nil {
		return nil, fmt.Errorf("store: years: %w", err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, fmt.Errorf("store: years: %w", err)
		}
		out = append(out, y)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: years: %w", err)
	}
	return out, nil
}

// FormsOf returns the whole records of the forms that match lf, in id order, in two queries
// (the forms, then all their rows), however many forms there are: what an export reads.
func (s *Store) FormsOf(ctx context.Context, lf ListFilter) ([]FormRecord, error) {
	if lf.UnitIDs != nil && len(lf.UnitIDs) == 0 {
		return nil, nil
	}
	where, args := lf.where()
	r := reader{s: s}
	rows, err := r.QueryContext(ctx, `SELECT `+formColumns+`
		FROM forms f LEFT JOIN users u ON u.id = f.updated_by`+where+" ORDER BY f.id", args...)
	if err != nil {
		return nil, fmt.Errorf("store: forms: %w", err)
	}
	var out []FormRecord
	index := map[int64]int{}
	for rows.Next() {
		rec, err := scanForm(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: forms: %w", err)
		}
		rec.Form.Indicators = []form.Indicator{}
		index[rec.ID] = len(out)
		out = append(out, rec)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: forms: %w", err)
	}
	err = exportRows(ctx, r, `SELECT i.form_id, i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score,
		i.deviation, i.achievement FROM indicators i JOIN forms f ON f.id = i.form_id`+where+" ORDER BY i.form_id, i.position", args, out, index)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// StaleSummaries returns the forms (not deleted) whose summary figures were computed with
// another version of their profile than current says (by profile name), oldest first. Forms
// of a profile current does not name are left alone.
func (s *Store) StaleSummaries(ctx context.Context, current map[string]int) ([]int64, error) {
	var out []int64
	for name, version := range current {
		rows, err := s.r.QueryContext(ctx, "SELECT f.id FROM forms f WHERE f.profile = ? AND f.summary_version <> ? AND "+notDeleted, name, version)
		if err != nil {
			return nil, fmt.Errorf("store: stale summaries: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: stale summaries: %w", err)
			}
			out = append(out, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: stale summaries: %w", err)
		}
	}
	slices.Sort(out)
	return out, nil
}
