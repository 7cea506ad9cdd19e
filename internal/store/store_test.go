package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"selfeval/internal/auth"
	"selfeval/internal/form"
)

var ctx = context.Background()

func openTest(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data", "selfeval.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// fixture is a department with two units and a user for each role.
type fixture struct {
	dept, unit, unit2 Org
	staff, sup        User
}

func newFixture(t testing.TB, s *Store) fixture {
	t.Helper()
	var fx fixture
	var err error
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	fx.dept, err = s.CreateOrg(ctx, "上海市闵行区地区工作办公室(汇总)", 0)
	must(err)
	fx.unit, err = s.CreateOrg(ctx, "上海市闵行区地区工作办公室", fx.dept.ID)
	must(err)
	fx.unit2, err = s.CreateOrg(ctx, "上海市闵行区社区建设中心", fx.dept.ID)
	must(err)
	fx.staff, err = s.CreateUser(ctx, User{Username: "zhang", PasswordHash: "x", Role: auth.RoleStaff, OrgID: fx.unit.ID})
	must(err)
	fx.sup, err = s.CreateUser(ctx, User{Username: "li", PasswordHash: "x", Role: auth.RoleSupervisor, OrgID: fx.dept.ID})
	must(err)
	return fx
}

// sampleForm is a form with n indicator rows and text that must survive byte for byte:
// Chinese, markup, full-width characters, quotes, newlines and empty strings.
func sampleForm(n int) form.Form {
	f := form.Form{
		Year:       2022,
		Project:    "“云邻里”与“社区云”对接方案",
		Department: "上海市闵行区地区工作办公室(汇总)",
		Unit:       "上海市闵行区地区工作办公室",
		Funds: form.Funds{
			Total:     form.FundsRow{Initial: "380000.00", Adjusted: "195,000.00", Executed: "193100.00"},
			Fiscal:    form.FundsRow{Initial: "0", Adjusted: "１９５０００", Executed: "193100.00元"},
			Carryover: form.FundsRow{Initial: "0", Adjusted: "0", Executed: ""},
			Other:     form.FundsRow{Initial: " 0 ", Adjusted: "0", Executed: ""},
		},
		BudgetWeight: "10",
		Goals: form.Goals{
			Expected: "<p>完成街镇干部培训，提升基层治理能力。</p>",
			Achieved: "已完成。\n共培训1700人次；'quotes' & \"more\" \\ back\tslash",
		},
	}
	for i := range n {
		f.Indicators = append(f.Indicators, form.Indicator{
			Level1:      "产出指标",
			Level2:      "数量指标",
			Name:        fmt.Sprintf("街镇干部培训人数%d", i),
			Target:      "≥300人",
			Actual:      fmt.Sprintf("%d人", 1700+i),
			Weight:      "10",
			Score:       "",
			Deviation:   "",
			Achievement: "",
		})
	}
	if n > 2 {
		f.Indicators[1] = form.Indicator{Level1: "效益指标", Level2: "社会效益指标", Name: "基层干部队伍社会治理能力",
			Target: "有效", Actual: "部分有效", Weight: "5", Score: "4.5", Deviation: "<b>受疫情影响</b>，下年改进",
			Achievement: form.Partial}
		f.Indicators[2].Level1 = "" // a missing label is kept as missing
	}
	return f
}

func TestOpenTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "selfeval.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateOrg(ctx, "单位", 0); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(path)
	if err != nil {
		t.Fatalf("second open: %v", err)
	}
	defer s.Close()
	v, err := s.SchemaVersion(ctx)
	if err != nil || v != len(migrations) {
		t.Fatalf("schema version = %d, %v; want %d", v, err, len(migrations))
	}
	var rows int
	if err := s.r.QueryRow("SELECT COUNT(*) FROM schema_version").Scan(&rows); err != nil || rows != len(migrations) {
		t.Fatalf("schema_version rows = %d, %v", rows, err)
	}
	if _, err := s.OrgByName(ctx, "单位"); err != nil {
		t.Fatal(err)
	}
}

func TestPragmas(t *testing.T) {
	s, _ := openTest(t)
	if err := s.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		db     string
		pragma string
		want   string
	}{
		{"w", "journal_mode", "wal"}, {"r", "journal_mode", "wal"},
		{"w", "foreign_keys", "1"}, {"r", "foreign_keys", "1"},
		{"w", "synchronous", "1"}, {"r", "synchronous", "1"},
		{"w", "busy_timeout", "5000"}, {"r", "busy_timeout", "5000"},
		{"w", "query_only", "0"}, {"r", "query_only", "1"},
	} {
		db := s.w
		if c.db == "r" {
			db = s.r
		}
		var got string
		if err := db.QueryRow("PRAGMA " + c.pragma).Scan(&got); err != nil || got != c.want {
			t.Errorf("%s: PRAGMA %s = %q, %v; want %q", c.db, c.pragma, got, err, c.want)
		}
	}
	if _, err := s.r.Exec("INSERT INTO orgs (name) VALUES ('x')"); err == nil {
		t.Error("a reader wrote")
	}
}

func TestOrgs(t *testing.T) {
	s, _ := openTest(t)
	fx := newFixture(t, s)
	if _, err := s.CreateOrg(ctx, fx.unit.Name, fx.dept.ID); !errors.Is(err, ErrDuplicate) {
		t.Errorf("a second unit of a unit's name: %v", err)
	}
	if _, err := s.CreateOrg(ctx, fx.dept.Name, 0); !errors.Is(err, ErrDuplicate) {
		t.Errorf("a second department of a department's name: %v", err)
	}
	if _, err := s.CreateOrg(ctx, "新单位", 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing parent: %v", err)
	}
	if o, err := s.OrgByName(ctx, fx.unit.Name); err != nil || o != fx.unit {
		t.Errorf("OrgByName = %+v, %v", o, err)
	}
	if o, err := s.OrgByID(ctx, fx.dept.ID); err != nil || o != fx.dept {
		t.Errorf("OrgByID = %+v, %v", o, err)
	}
	if _, err := s.OrgByID(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing org: %v", err)
	}
	if _, err := s.OrgByName(ctx, "无"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing org: %v", err)
	}
	all, err := s.Orgs(ctx)
	if err != nil || !reflect.DeepEqual(all, []Org{fx.dept, fx.unit, fx.unit2}) {
		t.Errorf("Orgs = %+v, %v", all, err)
	}
}

func TestUsers(t *testing.T) {
	s, _ := openTest(t)
	if n, err := s.CountUsers(ctx); err != nil || n != 0 {
		t.Fatalf("CountUsers on a new database = %d, %v", n, err)
	}
	fx := newFixture(t, s)
	admin, err := s.CreateUser(ctx, User{Username: "admin", PasswordHash: "h", Role: auth.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.UserByID(ctx, admin.ID)
	if err != nil || got != admin || got.OrgID != 0 || got.CreatedAt.IsZero() {
		t.Errorf("UserByID = %+v, %v; want %+v", got, err, admin)
	}
	for _, name := range []string{"zhang", "ZHANG", "Zhang"} {
		if got, err := s.UserByUsername(ctx, name); err != nil || got != fx.staff {
			t.Errorf("UserByUsername(%q) = %+v, %v", name, got, err)
		}
	}
	if _, err := s.CreateUser(ctx, User{Username: "Zhang", PasswordHash: "h", Role: auth.RoleStaff}); !errors.Is(err, ErrDuplicate) {
		t.Errorf("duplicate username: %v", err)
	}
	if _, err := s.CreateUser(ctx, User{Username: "wang", PasswordHash: "h", Role: "root"}); err == nil {
		t.Error("unknown role accepted")
	}
	if _, err := s.CreateUser(ctx, User{Username: "wang", PasswordHash: "h", Role: auth.RoleStaff, OrgID: 999}); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing org: %v", err)
	}
	if _, err := s.UserByUsername(ctx, "nobody"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing user: %v", err)
	}

	u := fx.staff
	u.Role, u.OrgID, u.Disabled, u.PasswordHash = auth.RoleSupervisor, fx.dept.ID, true, "ignored"
	if err := s.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassword(ctx, u.ID, "new hash"); err != nil {
		t.Fatal(err)
	}
	u.PasswordHash = "new hash"
	u.SessionEpoch = 2 // each change ends the user's open sessions
	if got, _ := s.UserByID(ctx, u.ID); got != u {
		t.Errorf("after update = %+v, want %+v", got, u)
	}
	u.Username = "LI"
	if err := s.UpdateUser(ctx, u); !errors.Is(err, ErrDuplicate) {
		t.Errorf("rename to a taken name: %v", err)
	}
	if err := s.UpdateUser(ctx, User{ID: 999, Username: "x", Role: auth.RoleStaff}); !errors.Is(err, ErrNotFound) {
		t.Errorf("update missing user: %v", err)
	}
	if err := s.SetPassword(ctx, 999, "h"); !errors.Is(err, ErrNotFound) {
		t.Errorf("password of missing user: %v", err)
	}
	all, err := s.Users(ctx)
	if err != nil || len(all) != 3 || all[0].Username != "admin" || all[1].Username != "li" || all[2].Username != "zhang" {
		t.Errorf("Users = %+v, %v", all, err)
	}
	if n, _ := s.CountUsers(ctx); n != 3 {
		t.Errorf("CountUsers = %d", n)
	}
}

func TestBackup(t *testing.T) {
	s, _ := openTest(t)
	fx := newFixture(t, s)
	rec, err := s.CreateForm(ctx, sampleForm(15), fx.unit.ID, "shanghai-2022", sum1, fx.staff.ID)
	if err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "backups", "copy.db")
	if err := s.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, dest); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("backup over an existing file: %v", err)
	}
	b, err := Open(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	got, err := b.Form(ctx, rec.ID)
	if err != nil || !reflect.DeepEqual(got, rec) {
		t.Errorf("form in backup = %+v, %v", got, err)
	}
}

// A path with characters that mean something in a URI still names the file.
func TestOpenOddPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "自评 100%#1?x=y")
	s, err := Open(filepath.Join(dir, "selfeval.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.CreateOrg(ctx, "单位", 0); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "selfeval.db")); err != nil {
		t.Errorf("database not at the given path: %v", err)
	}
}
