package auth

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

func TestMain(m *testing.M) {
	Cost = bcrypt.MinCost
	m.Run()
}

func TestParseRole(t *testing.T) {
	tests := []struct {
		in      string
		want    Role
		wantErr bool
	}{
		{"staff", RoleStaff, false},
		{"supervisor", RoleSupervisor, false},
		{"admin", RoleAdmin, false},
		{"auditor", RoleAuditor, false},
		{"", "", true},
		{"Admin", "", true},
		{" staff", "", true},
		{"root", "", true},
	}
	for _, tt := range tests {
		got, err := ParseRole(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseRole(%q) = %q, %v; want %q, err=%v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil && !errors.Is(err, ErrUnknownRole) {
			t.Errorf("ParseRole(%q) error %v is not ErrUnknownRole", tt.in, err)
		}
	}
	for _, r := range Roles {
		if !r.Valid() {
			t.Errorf("%q not valid", r)
		}
	}
}

func TestHashPassword(t *testing.T) {
	tests := []struct {
		name    string
		pw      string
		wantErr error
	}{
		{"ascii", "correct horse", nil},
		{"exactly ten", "k7Rq2mX9pL", nil},
		{"eight, as once allowed", "12345678", ErrPasswordTooShort},
		{"nine", "k7Rq2mX9p", ErrPasswordTooShort},
		{"empty", "", ErrPasswordTooShort},
		{"ten chinese characters", "闵行区地区工作办公室", nil}, // 10 runes, 30 bytes
		{"nine chinese characters", "闵行区地区工作办公", ErrPasswordTooShort},
		{"72 bytes", strings.Repeat("ab", 36), nil},
		{"73 bytes", strings.Repeat("ab", 36) + "c", ErrPasswordTooLong},
		{"in the list", "1qaz2wsx3edc", ErrPasswordCommon},
		{"in the list, other case", "PASSWORD1234", ErrPasswordCommon},
		{"a run up", "1234567890", ErrPasswordCommon},
		{"a run down", "9876543210", ErrPasswordCommon},
		{"letters in a row", "abcdefghijk", ErrPasswordCommon},
		{"one character", "zzzzzzzzzzzz", ErrPasswordCommon},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := HashPassword(tt.pw)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if h == tt.pw || !strings.HasPrefix(h, "$2") {
				t.Fatalf("hash %q does not look like bcrypt", h)
			}
			if !CheckPassword(h, tt.pw) {
				t.Error("CheckPassword(right password) = false")
			}
			if CheckPassword(h, tt.pw+"x") {
				t.Error("CheckPassword(wrong password) = true")
			}
		})
	}
}

func TestCheckPasswordNoUser(t *testing.T) {
	if CheckPassword("", "anything at all") {
		t.Error("empty hash matched")
	}
	if CheckPassword("not a hash", "anything at all") {
		t.Error("garbage hash matched")
	}
}

func TestHashesAreSalted(t *testing.T) {
	a, _ := HashPassword("same password")
	b, _ := HashPassword("same password")
	if a == b {
		t.Error("two hashes of the same password are equal")
	}
}

func TestCanView(t *testing.T) {
	const (
		dept      = 10 // a department (主管部门)
		unit      = 11 // a unit under dept
		otherUnit = 12 // another unit under dept
		otherDept = 20
		foreign   = 21 // a unit under otherDept
	)
	staff := Principal{UserID: 1, Role: RoleStaff, OrgID: unit}
	sup := Principal{UserID: 2, Role: RoleSupervisor, OrgID: dept}
	tests := []struct {
		name         string
		p            Principal
		unit, parent int64
		want         bool
	}{
		{"staff own unit", staff, unit, dept, true},
		{"staff sibling unit", staff, otherUnit, dept, false},
		{"staff foreign unit", staff, foreign, otherDept, false},
		{"staff of the department sees not its units", Principal{Role: RoleStaff, OrgID: dept}, unit, dept, false},
		{"staff of the department sees its own forms", Principal{Role: RoleStaff, OrgID: dept}, dept, 0, true},
		{"staff without org", Principal{Role: RoleStaff}, 0, 0, false},
		{"supervisor unit under dept", sup, unit, dept, true},
		{"supervisor other unit under dept", sup, otherUnit, dept, true},
		{"supervisor department's own form", sup, dept, 0, true},
		{"supervisor foreign unit", sup, foreign, otherDept, false},
		{"supervisor of a unit sees it", Principal{Role: RoleSupervisor, OrgID: unit}, unit, dept, true},
		{"supervisor without org, top-level unit", Principal{Role: RoleSupervisor}, dept, 0, false},
		{"admin", Principal{Role: RoleAdmin}, foreign, otherDept, true},
		{"auditor", Principal{Role: RoleAuditor}, foreign, otherDept, true},
		{"no role", Principal{OrgID: unit}, unit, dept, false},
		{"unknown role", Principal{Role: "root", OrgID: unit}, unit, dept, false},
	}
	for _, tt := range tests {
		if got := CanView(tt.p, tt.unit, tt.parent); got != tt.want {
			t.Errorf("%s: CanView = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCanEdit(t *testing.T) {
	tests := []struct {
		name string
		p    Principal
		unit int64
		want bool
	}{
		{"staff own unit", Principal{Role: RoleStaff, OrgID: 11}, 11, true},
		{"staff other unit", Principal{Role: RoleStaff, OrgID: 11}, 12, false},
		{"staff without org", Principal{Role: RoleStaff}, 0, false},
		{"supervisor of the unit's department", Principal{Role: RoleSupervisor, OrgID: 10}, 11, false},
		{"supervisor whose org is the unit", Principal{Role: RoleSupervisor, OrgID: 11}, 11, false},
		{"admin", Principal{Role: RoleAdmin, OrgID: 11}, 11, false},
		{"auditor", Principal{Role: RoleAuditor, OrgID: 11}, 11, false},
		{"no role", Principal{OrgID: 11}, 11, false},
	}
	for _, tt := range tests {
		if got := CanEdit(tt.p, tt.unit); got != tt.want {
			t.Errorf("%s: CanEdit = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestCheckNewPassword: a new password may not be the username, in any case or reversed.
func TestCheckNewPassword(t *testing.T) {
	for pw, want := range map[string]error{"zhangsan-01": ErrPasswordIsUsername, "ZHANGSAN-01": ErrPasswordIsUsername,
		"10-nasgnahz": ErrPasswordIsUsername, "zhangsan-01-x": nil, "12345678": ErrPasswordTooShort} {
		if err := CheckNewPassword("zhangsan-01", pw); !errors.Is(err, want) {
			t.Errorf("CheckNewPassword(zhangsan-01, %q) = %v, want %v", pw, err, want)
		}
		if IsPasswordError(CheckNewPassword("zhangsan-01", pw)) != (want != nil) {
			t.Errorf("IsPasswordError of %q", pw)
		}
	}
}
