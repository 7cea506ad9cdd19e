package store

import (
	"context"
	"fmt"
	"slices"

	"selfeval/internal/form"
)

// ExportBatch is how many forms ExportForms reads at a time: a few hundred kilobytes of forms
// and rows in memory, and two queries for each hundred forms.
const ExportBatch = 100

// ExportForms calls fn with each form that matches lf, whole (its rows in order), in id
// order, the record fn gets being its own until fn returns, reading batch forms (ExportBatch when batch ≤ 0) and then their rows at a time, so
// that an export of any size holds one batch in memory. It stops at fn's first error, which
// it returns, and when ctx is done, checked before each form. Each batch is read as it
// stands when it is read: a form saved during an export is exported as it was or as it is.
func (s *Store) ExportForms(ctx context.Context, lf ListFilter, batch int, fn func(*FormRecord) error) error {
	if lf.UnitIDs != nil && len(lf.UnitIDs) == 0 {
		return nil
	}
	if batch <= 0 {
		batch = ExportBatch
	}
	where, args := lf.where()
	formsQ := `SELECT ` + formColumns + ` FROM forms f LEFT JOIN users u ON u.id = f.updated_by` +
		where + ` AND f.id > ? ORDER BY f.id LIMIT ?`
	rowsQ := `SELECT i.form_id, i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score,
		i.deviation, i.achievement FROM indicators i JOIN forms f ON f.id = i.form_id` +
		where + ` AND i.form_id BETWEEN ? AND ? ORDER BY i.form_id, i.position`
	r := reader{s: s}
	recs := make([]FormRecord, 0, batch)
	index := make(map[int64]int, batch)
	var after int64
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		clear(index)
		recs = recs[:0]
		if err := exportBatch(ctx, r, formsQ, slices.Concat(args, []any{after, batch}), &recs, index); err != nil {
			return err
		}
		if len(recs) == 0 {
			return nil
		}
		first, last := recs[0].ID, recs[len(recs)-1].ID
		if err := exportRows(ctx, r, rowsQ, slices.Concat(args, []any{first, last}), recs, index); err != nil {
			return err
		}
		for i := range recs {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(&recs[i]); err != nil {
				return err
			}
		}
		if len(recs) < batch {
			return nil
		}
		after = last
	}
}

// exportBatch reads the forms of one batch into recs, each with no rows yet, and indexes them by id.
func exportBatch(ctx context.Context, r reader, q string, args []any, recs *[]FormRecord, index map[int64]int) error {
	rows, err := r.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: export forms: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		rec, err := scanForm(rows)
		if err != nil {
			return fmt.Errorf("store: export forms: %w", err)
		}
		rec.Form.Indicators = []form.Indicator{}
		index[rec.ID] = len(*recs)
		*recs = append(*recs, rec)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: export forms: %w", err)
	}
	return nil
}

// exportRows reads the indicator rows query q selects (form id first, then the row) into the
// records of recs that index gives by form id: a batch of an export, or all of FormsOf.
func exportRows(ctx context.Context, r reader, q string, args []any, recs []FormRecord, index map[int64]int) error {
	rows, err := r.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: export rows: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var in form.Indicator
		if err := rows.Scan(&id, &in.Level1, &in.Level2, &in.Name, &in.Target, &in.Actual, &in.Weight, &in.Score,
			&in.Deviation, &in.Achievement); err != nil {
			return fmt.Errorf("store: export rows: %w", err)
		}
		if k, ok := index[id]; ok {
			recs[k].Form.Indicators = append(recs[k].Form.Indicators, in)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: export rows: %w", err)
	}
	return nil
}
