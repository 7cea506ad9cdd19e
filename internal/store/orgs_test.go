package store

import (
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
)

// TestUnitWithItsDepartmentsName: a unit may carry its department's name (大英县司法局 under
// 大英县司法局); OrgByName finds the unit, DepartmentByName the department, and an import of a
// form naming both creates the unit under the department instead of filing the form under the
// department itself.
func TestUnitWithItsDepartmentsName(t *testing.T) {
	s, _ := openTest(t)
	const name = "大英县司法局"
	dept, err := s.CreateOrg(ctx, name, 0)
	if err != nil {
		t.Fatal(err)
	}
	unit, err := s.CreateOrg(ctx, name, dept.ID)
	if err != nil {
		t.Fatalf("a unit of its department's name: %v", err)
	}
	if o, err := s.OrgByName(ctx, name); err != nil || o != unit {
		t.Errorf("OrgByName = %+v, %v; want the unit %+v", o, err, unit)
	}
	if o, err := s.DepartmentByName(ctx, name); err != nil || o != dept {
		t.Errorf("DepartmentByName = %+v, %v; want %+v", o, err, dept)
	}
	if _, err := s.DepartmentByName(ctx, "无"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing department: %v", err)
	}

	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	const other = "某县财政局"
	id, made, err := ensureUnit(ctx, tx, other, other)
	if err != nil || len(made) != 2 || made[0].ParentID != 0 || made[1].ParentID != made[0].ID || id != made[1].ID {
		t.Errorf("ensureUnit(%s under %s) = %d, %+v, %v; want the department and its unit made", other, other, id, made, err)
	}
	if again, made, err := ensureUnit(ctx, tx, other, other); err != nil || again != id || len(made) != 0 {
		t.Errorf("ensureUnit again = %d, %+v, %v; want the unit %d found", again, made, err, id)
	}
	if own, made, err := ensureUnit(ctx, tx, name, ""); err != nil || own != unit.ID || len(made) != 0 {
		t.Errorf("ensureUnit(%s, no department) = %d, %+v, %v; want the unit %d", name, own, made, err, unit.ID)
	}
}

// TestMigrationKeepsOrgReferences: a database made before migration 9 keeps its organisations'
// ids and every reference to them when the table is made anew, and foreign keys are checked
// again afterwards.
func TestMigrationKeepsOrgReferences(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for i, m := range migrations[:8] {
		if _, err := db.Exec(m); err != nil {
			t.Fatalf("migration %d: %v", i+1, err)
		}
		if _, err := db.Exec("INSERT INTO schema_version VALUES (?, 0)", i+1); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{
		`INSERT INTO orgs (id, name, parent_id) VALUES (7, '部门', NULL), (9, '单位', 7)`,
		`INSERT INTO users (id, username, password_hash, role, org_id, created_at) VALUES (3, 'u', 'x', 'staff', 9, 0)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatalf("open and migrate: %v", err)
	}
	defer s.Close()
	if v, err := s.SchemaVersion(ctx); err != nil || v != len(migrations) {
		t.Fatalf("schema version %d, %v", v, err)
	}
	if o, err := s.OrgByID(ctx, 9); err != nil || o.Name != "单位" || o.ParentID != 7 {
		t.Errorf("org 9 after the migration: %+v, %v", o, err)
	}
	if u, err := s.UserByUsername(ctx, "u"); err != nil || u.OrgID != 9 {
		t.Errorf("user after the migration: %+v, %v", u, err)
	}
	if _, err := s.w.Exec(`INSERT INTO users (username, password_hash, role, org_id, created_at) VALUES ('v', 'x', 'staff', 999, 0)`); err == nil {
		t.Error("a user of no organisation was stored: foreign keys are off after the migration")
	}
	if _, err := s.CreateOrg(ctx, "部门", 7); err != nil {
		t.Errorf("a unit of its department's name after the migration: %v", err)
	}
}
