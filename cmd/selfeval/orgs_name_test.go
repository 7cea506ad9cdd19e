package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"selfeval/internal/store"
)

// TestImportUnitOfItsDepartmentsName: a published form whose unit carries its department's
// name (主管部门 大英县司法局, 实施单位 大英县司法局) is imported into an empty database as a
// unit under a department of that name, each made with a line on stderr, and the form is the
// unit's.
func TestImportUnitOfItsDepartmentsName(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "selfeval.db")
	file := filepath.Join(dir, "form.json")
	const name = "大英县司法局"
	doc := `{"year":2023,"project":"安可替代补助资金","department":"` + name + `","unit":"` + name + `",
		"funds":{"total":{"initial":"0","adjusted":"3.36","executed":"3.36"}},"amount_unit":"万元",
		"indicators":[{"level1":"产出指标","level2":"质量指标","name":"支付合规率","target":"=100%","actual":"100%","weight":"90","score":"90"}]}`
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := cli(t, "", "import", "--db", db, file)
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	if strings.Count(errs, name) < 2 {
		t.Errorf("stderr does not name the department and the unit made:\n%s", errs)
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	unit, err := st.OrgByName(ctx, name)
	if err != nil || unit.ParentID == 0 {
		t.Fatalf("the unit %+v, %v: want a unit under its department", unit, err)
	}
	dept, err := st.DepartmentByName(ctx, name)
	if err != nil || dept.ID != unit.ParentID {
		t.Fatalf("the department %+v, %v: want the unit's parent", dept, err)
	}
	forms, err := st.FormsOf(ctx, store.ListFilter{Year: 2023, UnitIDs: []int64{unit.ID}})
	if err != nil || len(forms) != 1 || forms[0].Form.AmountUnit != "万元" {
		t.Errorf("the unit's forms: %d, %v", len(forms), err)
	}
}
