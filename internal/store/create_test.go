package store

import (
	"errors"
	"testing"
	"time"
)

// TestCreateFormsAllOrNothing: when one form of an import cannot be stored, none is.
func TestCreateFormsAllOrNothing(t *testing.T) {
	s, _ := openTest(t)
	fx := newFixture(t, s)
	good := NewForm{Form: sampleForm(3), UnitID: fx.unit.ID, Profile: "shanghai-2022"}
	bad := NewForm{Form: sampleForm(2), UnitID: 9999, Profile: "shanghai-2022"} // no such unit
	if _, err := s.CreateForms(ctx, []NewForm{good, good, bad}, fx.staff.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
	list, err := s.ListForms(ctx, ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 0 {
		t.Fatalf("%d forms stored by a failed import, want 0", len(list))
	}
	recs, err := s.CreateForms(ctx, []NewForm{good, good}, fx.staff.ID)
	if err != nil || len(recs) != 2 || recs[0].ID == recs[1].ID || len(recs[1].Form.Indicators) != 3 {
		t.Fatalf("create two: %v %+v", err, recs)
	}
}

// TestRevokedSessions: revoked sessions are kept until their cookies expire.
func TestRevokedSessions(t *testing.T) {
	s, _ := openTest(t)
	now := time.Now()
	if err := s.RevokeSession(ctx, "old", now.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeSession(ctx, "live", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	sids, err := s.RevokedSessions(ctx, now)
	if err != nil || len(sids) != 1 || sids[0] != "live" {
		t.Fatalf("revoked = %v, %v; want [live]", sids, err)
	}
}
