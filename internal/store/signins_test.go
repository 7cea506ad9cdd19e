package store

import (
	"testing"
	"time"
)

// TestSignIns: tries are kept newest first with their outcome, and forgotten after 90 days.
func TestSignIns(t *testing.T) {
	s, _ := openTest(t)
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	tries := []SignIn{
		{At: t0.Add(-100 * 24 * time.Hour), Username: "old", Address: "10.0.0.9", Outcome: SignInWrong},
		{At: t0, Username: "staff", Address: "10.0.0.1", Outcome: SignInWrong},
		{At: t0.Add(time.Second), Username: "staff", Address: "10.0.0.1", Outcome: SignInThrottled},
		{At: t0.Add(time.Minute), Username: "nobody", Address: "10.0.0.2", Outcome: SignInWrong},
	}
	for _, in := range tries {
		if err := s.RecordSignIn(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.SignIns(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Username != "nobody" || got[2].Outcome != SignInWrong || !got[1].At.Equal(t0.Add(time.Second)) {
		t.Errorf("sign-ins %+v", got)
	}
	if got, _ := s.SignIns(ctx, 1); len(got) != 1 {
		t.Errorf("limit 1 gave %d", len(got))
	}
}
