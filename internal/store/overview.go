package store

import (
	"context"
	"fmt"
)

// OverviewRow is what an overview reads of one form: where it belongs, its state and its
// stored summary; no content, so that a year of thousands of forms reads in one pass.
type OverviewRow struct {
	ID, UnitID    int64
	Project       string
	Status        string
	ExecutionRate string
	Grade         string
	Flags         string
}

// OverviewRows returns the forms of year (not deleted) of the units unitIDs (nil: every unit;
// empty: none), ordered by unit and id.
func (s *Store) OverviewRows(ctx context.Context, year int, unitIDs []int64) ([]OverviewRow, error) {
	if unitIDs != nil && len(unitIDs) == 0 {
		return nil, nil
	}
	q := `SELECT f.id, f.unit_id, f.project, f.status, f.execution_rate, f.grade, f.flags
		FROM forms f WHERE f.year = ? AND ` + notDeleted
	args := []any{year}
	if unitIDs != nil {
		q += " AND f.unit_id IN (" + placeholders(len(unitIDs)) + ")"
		for _, id := range unitIDs {
			args = append(args, id)
		}
	}
	rows, err := reader{s: s}.QueryContext(ctx, q+" ORDER BY f.unit_id, f.id", args...)
	if err != nil {
		return nil, fmt.Errorf("store: overview of %d: %w", year, err)
	}
	defer rows.Close()
	var out []OverviewRow
	for rows.Next() {
		var r OverviewRow
		if err := rows.Scan(&r.ID, &r.UnitID, &r.Project, &r.Status, &r.ExecutionRate, &r.Grade, &r.Flags); err != nil {
			return nil, fmt.Errorf("store: overview of %d: %w", year, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
