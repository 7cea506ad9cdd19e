package store

import (
	"errors"
	"sync"
	"testing"

	"selfeval/internal/auth"
)

// TestLastActiveAdmin: no change of an account leaves the installation without an active
// administrator; every other change goes through, and a refused one changes nothing.
func TestLastActiveAdmin(t *testing.T) {
	s, _ := openTest(t)
	fx := newFixture(t, s)
	a, err := s.CreateUser(ctx, User{Username: "a", PasswordHash: "h", Role: auth.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.CreateUser(ctx, User{Username: "b", PasswordHash: "h", Role: auth.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	reload := func(u User) User {
		t.Helper()
		got, err := s.UserByID(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	// With two active admins, one may be disabled.
	if err := s.SetDisabled(ctx, b.ID, true); err != nil {
		t.Fatalf("disable one of two admins: %v", err)
	}
	// Now a is the last one: disabling or demoting it is refused, and nothing changes.
	before := reload(a)
	if err := s.SetDisabled(ctx, a.ID, true); !errors.Is(err, ErrLastAdmin) {
		t.Errorf("disable the last admin: %v, want ErrLastAdmin", err)
	}
	demoted := before
	demoted.Role, demoted.OrgID = auth.RoleStaff, fx.unit.ID
	if err := s.UpdateUser(ctx, demoted); !errors.Is(err, ErrLastAdmin) {
		t.Errorf("demote the last admin: %v, want ErrLastAdmin", err)
	}
	disabled := before
	disabled.Disabled = true
	if err := s.UpdateUser(ctx, disabled); !errors.Is(err, ErrLastAdmin) {
		t.Errorf("disable the last admin through UpdateUser: %v, want ErrLastAdmin", err)
	}
	if got := reload(a); got != before {
		t.Errorf("refused changes changed the account: %+v, want %+v", got, before)
	}
	// Changes that keep it an active admin go through (and end its sessions).
	moved := before
	moved.OrgID = fx.dept.ID
	if err := s.UpdateUser(ctx, moved); err != nil {
		t.Errorf("move the last admin to another org: %v", err)
	}
	if got := reload(a); got.OrgID != fx.dept.ID || got.SessionEpoch != before.SessionEpoch+1 {
		t.Errorf("after the move: %+v", got)
	}
	if err := s.SetDisabled(ctx, a.ID, false); err != nil {
		t.Errorf("enable an active admin again: %v", err)
	}
	// Accounts that are not active admins are not protected, not even when no admin is active.
	if err := s.SetDisabled(ctx, fx.staff.ID, true); err != nil {
		t.Errorf("disable staff: %v", err)
	}
	if err := s.SetDisabled(ctx, b.ID, false); err != nil {
		t.Errorf("enable the disabled admin: %v", err)
	}
	// With b active again, a may go; then b is the last one.
	if err := s.UpdateUser(ctx, demoted); err != nil {
		t.Errorf("demote one of two admins: %v", err)
	}
	if err := s.SetDisabled(ctx, b.ID, true); !errors.Is(err, ErrLastAdmin) {
		t.Errorf("disable b, now the last admin: %v, want ErrLastAdmin", err)
	}
	// Unknown users and bad orgs keep their errors.
	if err := s.SetDisabled(ctx, 999, true); !errors.Is(err, ErrNotFound) || errors.Is(err, ErrLastAdmin) {
		t.Errorf("disable a missing user: %v, want ErrNotFound", err)
	}
	badOrg := reload(b)
	badOrg.OrgID = 999
	if err := s.UpdateUser(ctx, badOrg); !errors.Is(err, ErrNotFound) || errors.Is(err, ErrLastAdmin) {
		t.Errorf("an org that does not exist: %v, want ErrNotFound", err)
	}
}

// TestLastActiveAdminRace: two admins disabling each other at the same moment cannot both
// succeed; one active admin always remains.
func TestLastActiveAdminRace(t *testing.T) {
	for round := 0; round < 10; round++ {
		s, _ := openTest(t)
		var ids [2]int64
		for i, name := range []string{"a", "b"} {
			u, err := s.CreateUser(ctx, User{Username: name, PasswordHash: "h", Role: auth.RoleAdmin})
			if err != nil {
				t.Fatal(err)
			}
			ids[i] = u.ID
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range ids {
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = s.SetDisabled(ctx, ids[1-i], true) }()
		}
		wg.Wait()
		refused := 0
		for _, err := range errs {
			if errors.Is(err, ErrLastAdmin) {
				refused++
			} else if err != nil {
				t.Fatal(err)
			}
		}
		users, err := s.Users(ctx)
		if err != nil {
			t.Fatal(err)
		}
		active := 0
		for _, u := range users {
			if u.Role == auth.RoleAdmin && !u.Disabled {
				active++
			}
		}
		if refused != 1 || active != 1 {
			t.Fatalf("round %d: %d of the two crossed disablings refused, %d admins active; want 1 and 1 (%v)", round, refused, active, errs)
		}
	}
}
