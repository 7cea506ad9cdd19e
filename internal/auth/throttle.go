package auth

import (
	"sync"
	"time"
)

// Throttle slows down the guessing of passwords. Each key (an account, a client address) may
// fail Free times; each failure after that makes it wait before its next try, Base at first,
// doubling up to Max. A wait is a delay, never a lock: a stranger who types wrong passwords
// for someone's account keeps that person out at most Max at a time, and the right password
// after the wait works. A success forgets the key's failures; failures older than a day are
// forgotten anyway.
type Throttle struct {
	Free      int
	Base, Max time.Duration

	mu sync.Mutex
	m  map[string]strikes
}

// strikes is the failures of one key.
type strikes struct {
	n     int       // failures since the last success
	until time.Time // no try before this
	last  time.Time // the last failure
	told  bool      // a refusal during this wait has been reported (Refused)
}

// throttleForget is how long after its last failure a key starts afresh.
const throttleForget = 24 * time.Hour

// throttleSize bounds the keys kept; past it, keys without a wait still to serve are dropped.
const throttleSize = 100_000

// Wait is how long key must still wait at now before its next try; 0 lets it try.
func (t *Throttle) Wait(key string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	if st, ok := t.m[key]; ok && st.until.After(now) {
		return st.until.Sub(now)
	}
	return 0
}

// Fail records a failed try of key at now and returns the wait it now owes.
func (t *Throttle) Fail(key string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = make(map[string]strikes)
	}
	if len(t.m) >= throttleSize {
		t.prune(now)
	}
	st := t.m[key]
	if now.Sub(st.last) > throttleForget {
		st = strikes{}
	}
	st.n++
	st.last, st.told = now, false
	if over := st.n - t.Free; over > 0 {
		wait := t.Max
		if over < 32 && t.Base<<(over-1) < t.Max {
			wait = t.Base << (over - 1)
		}
		st.until = now.Add(wait)
	}
	t.m[key] = st
	return max(0, st.until.Sub(now))
}

// Refused notes a try of key refused for its wait and reports whether it is the first of
// this wait: a flood of refused tries is logged once, not once a try.
func (t *Throttle) Refused(key string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	st, ok := t.m[key]
	if !ok || st.told {
		return false
	}
	st.told = true
	t.m[key] = st
	return true
}

// Succeed forgets the failures of key.
func (t *Throttle) Succeed(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.m, key)
}

// prune drops the keys that owe no wait at now (the lock is held).
func (t *Throttle) prune(now time.Time) {
	for k, st := range t.m {
		if !st.until.After(now) {
			delete(t.m, k)
		}
	}
}
