package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Access is what deciding who may see or change a form needs, without its content: the
// keystroke path reads only this.
type Access struct {
	UnitID, UnitParentID int64
	Year                 int
	Status               string
	Version              int
	Profile              string
}

const accessQuery = `SELECT f.unit_id, COALESCE(o.parent_id, 0), f.year, f.status, f.version, f.profile
	FROM forms f JOIN orgs o ON o.id = f.unit_id WHERE f.id = ? AND ` + notDeleted

// FormAccess returns the access facts of form id, or ErrNotFound (also for a deleted form:
// nobody opens it until an administrator restores it).
func (s *Store) FormAccess(ctx context.Context, id int64) (Access, error) {
	var a Access
	err := reader{s: s}.QueryRowContext(ctx, accessQuery, id).Scan(&a.UnitID, &a.UnitParentID, &a.Year, &a.Status, &a.Version, &a.Profile)
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	if err != nil {
		return a, fmt.Errorf("store: access of form %d: %w", id, err)
	}
	return a, nil
}
