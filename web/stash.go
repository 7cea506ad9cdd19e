package web

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"

	"selfeval/internal/form"
)

// previewStash keeps what an import preview read until the person creates the drafts: the
// create step posts only the stash's id, never the forms again, so it creates exactly what
// the preview showed (and checked), and a large paste that previews is not refused for its
// size on create. A stash is the previewing person's own, lives stashTTL, and each person has
// at most stashPerPerson (the oldest goes first).
type previewStash struct {
	mu sync.Mutex
	m  map[string]stashed
}

// stashed is one preview's forms.
type stashed struct {
	owner int64
	forms []form.Form
	at    time.Time
}

const (
	stashTTL       = time.Hour
	stashPerPerson = 5
)

// put keeps forms for owner at now and returns the stash's id.
func (ps *previewStash) put(owner int64, forms []form.Form, now time.Time) string {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.m == nil {
		ps.m = make(map[string]stashed)
	}
	var oldest string
	n := 0
	for id, st := range ps.m {
		switch {
		case now.Sub(st.at) > stashTTL:
			delete(ps.m, id)
		case st.owner == owner:
			n++
			if oldest == "" || st.at.Before(ps.m[oldest].at) {
				oldest = id
			}
		}
	}
	if n >= stashPerPerson {
		delete(ps.m, oldest)
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	id := hex.EncodeToString(b)
	ps.m[id] = stashed{owner: owner, forms: forms, at: now}
	return id
}

// get returns the forms of stash id if it is owner's and not expired at now.
func (ps *previewStash) get(owner int64, id string, now time.Time) ([]form.Form, bool) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	st, ok := ps.m[id]
	if !ok || st.owner != owner || now.Sub(st.at) > stashTTL {
		return nil, false
	}
	return st.forms, true
}

// drop forgets stash id (its drafts were created).
func (ps *previewStash) drop(id string) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	delete(ps.m, id)
}
