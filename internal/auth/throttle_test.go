package auth

import (
	"testing"
	"time"
)

// TestThrottle: the free failures cost nothing; then each failure doubles the wait up to the
// cap; the right password after the wait clears it; other keys are not touched; a day later
// a key starts afresh.
func TestThrottle(t *testing.T) {
	th := &Throttle{Free: 3, Base: time.Second, Max: 10 * time.Second}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	var waits []time.Duration
	for range 8 {
		if w := th.Wait("user:staff", now); w > 0 {
			now = now.Add(w) // the attacker waits as told
		}
		waits = append(waits, th.Fail("user:staff", now))
	}
	want := []time.Duration{0, 0, 0, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second}
	for i := range want {
		if waits[i] != want[i] {
			t.Fatalf("waits %v, want %v", waits, want)
		}
	}
	if w := th.Wait("user:staff", now.Add(3*time.Second)); w != 7*time.Second {
		t.Errorf("wait 3 s into a 10 s wait = %v", w)
	}
	if !th.Refused("user:staff") || th.Refused("user:staff") || th.Refused("user:other") {
		t.Error("a wait's refusals are not reported once")
	}
	if th.Wait("user:other", now) != 0 || th.Wait("ip:10.0.0.1", now) != 0 {
		t.Error("another key waits")
	}
	th.Succeed("user:staff")
	if th.Wait("user:staff", now) != 0 || th.Fail("user:staff", now) != 0 {
		t.Error("a success did not clear the failures")
	}
	for range 5 {
		th.Fail("ip:10.0.0.9", now)
	}
	if th.Fail("ip:10.0.0.9", now.Add(25*time.Hour)) != 0 {
		t.Error("failures of yesterday still count")
	}
}
