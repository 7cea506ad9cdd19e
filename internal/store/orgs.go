package store

import (
	"context"
	"fmt"
)

// Org is a department (主管部门) or a unit (实施单位); a unit's parent is its department.
type Org struct {
	ID       int64
	Name     string
	ParentID int64 // 0 = none (a top-level department)
}

const orgColumns = "id, name, COALESCE(parent_id, 0)"

// CreateOrg adds an org under parentID (0 for none). A name in use by another department
// (for a department) or another unit (for a unit) gives ErrDuplicate: a unit may carry its
// department's name. A parent that does not exist gives ErrNotFound.
func (s *Store) CreateOrg(ctx context.Context, name string, parentID int64) (Org, error) {
	res, err := s.w.ExecContext(ctx, "INSERT INTO orgs (name, parent_id) VALUES (?, ?)", name, nullID(parentID))
	if err != nil {
		return Org{}, fmt.Errorf("store: create org %q: %w", name, mapErr(err))
	}
	id, err := res.LastInsertId()
	if err != nil {
		return Org{}, fmt.Errorf("store: create org %q: %w", name, err)
	}
	return Org{ID: id, Name: name, ParentID: parentID}, nil
}

// OrgByName returns the org with exactly this name: the unit, when a unit and a department
// (its own, as a rule) both have it.
func (s *Store) OrgByName(ctx context.Context, name string) (Org, error) {
	var o Org
	err := s.r.QueryRowContext(ctx, "SELECT "+orgColumns+" FROM orgs WHERE name = ? ORDER BY parent_id IS NULL LIMIT 1", name).
		Scan(&o.ID, &o.Name, &o.ParentID)
	if err != nil {
		return Org{}, fmt.Errorf("store: org %q: %w", name, mapErr(err))
	}
	return o, nil
}

// DepartmentByName returns the department (an org without a parent) with exactly this name.
func (s *Store) DepartmentByName(ctx context.Context, name string) (Org, error) {
	var o Org
	err := s.r.QueryRowContext(ctx, "SELECT "+orgColumns+" FROM orgs WHERE name = ? AND parent_id IS NULL", name).
		Scan(&o.ID, &o.Name, &o.ParentID)
	if err != nil {
		return Org{}, fmt.Errorf("store: department %q: %w", name, mapErr(err))
	}
	return o, nil
}

// OrgByID returns the org with this id.
func (s *Store) OrgByID(ctx context.Context, id int64) (Org, error) {
	var o Org
	err := s.r.QueryRowContext(ctx, "SELECT "+orgColumns+" FROM orgs WHERE id = ?", id).
		Scan(&o.ID, &o.Name, &o.ParentID)
	if err != nil {
		return Org{}, fmt.Errorf("store: org %d: %w", id, mapErr(err))
	}
	return o, nil
}

// Orgs returns every org, ordered by id (departments are usually created before their units).
func (s *Store) Orgs(ctx context.Context) ([]Org, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+orgColumns+" FROM orgs ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("store: orgs: %w", err)
	}
	defer rows.Close()
	var out []Org
	for rows.Next() {
		var o Org
		if err := rows.Scan(&o.ID, &o.Name, &o.ParentID); err != nil {
			return nil, fmt.Errorf("store: orgs: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: orgs: %w", err)
	}
	return out, nil
}
