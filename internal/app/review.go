package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"selfeval/internal/auth"
	"selfeval/internal/form"
	"selfeval/internal/scoring"
	"selfeval/internal/workflow"
)

// RefusedError is returned when the workflow refuses an action; Decision says why.
type RefusedError struct {
	Decision workflow.Decision
}

// Error names the reason.
func (e *RefusedError) Error() string { return "app: refused: " + e.Decision.Reason }

// ErrBadField is returned for a comment on a row the form does not have.
var ErrBadField = errors.New("app: no such row")

// Move is a move of a form through the review: submit, withdraw, return, approve or reopen.
type Move struct {
	Action workflow.Action
	// Base is the version the person's page showed; 0 takes the stored one.
	Base int
	// Comment is the return comment or the reason for reopening ("" for the others).
	Comment string
}

// Transition moves form id as p asks, if the workflow allows it (a submission is refused
// while the stored form has errors), and records the change of state with its comment in
// one transaction. It returns the form as read before: ErrNotFound for a form p may not
// see, a *RefusedError when the workflow refuses, an error wrapping store.ErrConflict when
// the form changed since the page was shown.
func (a *App) Transition(ctx context.Context, p auth.Principal, id int64, m Move) (Loaded, error) {
	l, err := a.Load(ctx, p, id)
	if err != nil {
		return l, err
	}
	rec := l.Record
	res := scoring.Score(&rec.Form, ProfileOf(rec.Profile))
	comment := strings.TrimSpace(m.Comment)
	d := workflow.Decide(p, Subject(l.Access, Blocking(&res)), m.Action, comment)
	if !d.Allowed {
		return l, &RefusedError{Decision: d}
	}
	base := rec.Version
	if m.Base > 0 {
		base = m.Base
	}
	if _, err := a.store.Transition(ctx, id, base, rec.Status, string(d.To), comment, p.UserID); err != nil {
		return l, fmt.Errorf("app: %s form %d: %w", m.Action, id, err)
	}
	return l, nil
}

// Comment records p's comment on row field ("indicators.N") of form id, or on the whole
// form (field ""), if the workflow allows it.
func (a *App) Comment(ctx context.Context, p auth.Principal, id int64, field, body string) (Loaded, error) {
	l, err := a.Load(ctx, p, id)
	if err != nil {
		return l, err
	}
	if i := form.RowOf(field); field != "" && (i < 0 || i >= len(l.Record.Form.Indicators) || field != form.RowPrefix(i)) {
		return l, ErrBadField
	}
	body = strings.TrimSpace(body)
	if d := workflow.Decide(p, Subject(l.Access, 0), workflow.Comment, body); !d.Allowed {
		return l, &RefusedError{Decision: d}
	}
	if _, err := a.store.AddRowComment(ctx, id, field, body, p.UserID); err != nil {
		return l, err
	}
	return l, nil
}

// Blocking is the number of a scoring result's problems that block submission.
func Blocking(r *scoring.Result) int {
	n := 0
	for _, p := range r.Problems {
		if p.Severity == scoring.Error {
			n++
		}
	}
	return n
}
