package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"selfeval/internal/auth"
	"selfeval/internal/form"
	"selfeval/internal/scoring"
	"selfeval/internal/store"
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
	var err2 error
	switch {
	case d.To == workflow.Approved || m.Action == workflow.Reopen:
		// The list shows an approved form's final figures, and a reopened one's own again.
		sum := store.Summary(res.Summary(ProfileOf(rec.Profile)))
		if d.To == workflow.Approved {
			if sum, err2 = a.finalSummary(ctx, &rec, &res); err2 != nil {
				return l, err2
			}
		}
		_, err2 = a.store.TransitionSummary(ctx, id, base, rec.Status, string(d.To), comment, p.UserID, sum)
	default:
		_, err2 = a.store.Transition(ctx, id, base, rec.Status, string(d.To), comment, p.UserID)
	}
	if err2 != nil {
		return l, fmt.Errorf("app: %s form %d: %w", m.Action, id, err2)
	}
	return l, nil
}

// finalSummary is the summary of an approved form, res its scoring: its own figures, with the
// total and grade under the review scores of its latest review where it has any
// (scoring.Reviewed).
func (a *App) finalSummary(ctx context.Context, rec *store.FormRecord, res *scoring.Result) (store.Summary, error) {
	prof := ProfileOf(rec.Profile)
	sum := store.Summary(res.Summary(prof))
	scores, err := a.store.ReviewScores(ctx, rec.ID)
	if err != nil || len(scores) == 0 {
		return sum, err
	}
	final := Review(scores, prof, res).Review
	sum.Total, sum.Grade = final.Show(final.Total), final.Grade
	return sum, nil
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

// ReviewEntry is a reviewer's score and reason of one indicator row as their page sends it.
type ReviewEntry struct {
	Row           int
	Score, Reason string // as typed; both blank remove the row's review score
	// WasScore and WasReason are what the page showed of the row's review before.
	WasScore, WasReason string
	// Base is the version of the form the page showed; 0 takes the stored one.
	Base int
}

// Reviewing is a form's review as a page shows it: the review scores stored for its current
// round and the figures they give.
type Reviewing struct {
	Scores []store.ReviewScore
	Review scoring.Review
}

// Scored returns the stored review score of row i, if it has one.
func (r *Reviewing) Scored(i int) (store.ReviewScore, bool) {
	for _, s := range r.Scores {
		if s.Row == i {
			return s, true
		}
	}
	return store.ReviewScore{}, false
}

// ReviewScores reads the review scores of form id in its current round of review. It does
// not check who asks: the caller has loaded the form for them.
func (a *App) ReviewScores(ctx context.Context, id int64) ([]store.ReviewScore, error) {
	return a.store.ReviewScores(ctx, id)
}

// Review is the review of the form scored res (under prof) with its stored review scores:
// its figures under them (scoring.Reviewed).
func Review(scores []store.ReviewScore, prof *scoring.Profile, res *scoring.Result) Reviewing {
	// A stored score is stored as read, so it reads again; one that would not is left out.
	in := make([]scoring.ReviewScore, 0, len(scores))
	for _, s := range scores {
		if d, err := form.ParseNumber(s.Score); err == nil {
			in = append(in, scoring.ReviewScore{Row: s.Row, Score: d, Reason: s.Reason})
		}
	}
	return Reviewing{Scores: scores, Review: scoring.Reviewed(res, prof, in)}
}

// ReviewScoreConflict is returned by SetReviewScore, wrapping store.ErrConflict, when the
// row's review changed since the page was shown (Stored is the row's review as stored now),
// or, wrapping store.ErrNotUnderReview too, when the form is no longer the one reviewed.
type ReviewScoreConflict struct {
	Stored store.ReviewScore
	err    error
}

// Error says what changed.
func (e *ReviewScoreConflict) Error() string { return "app: " + e.err.Error() }

// Unwrap gives the store's error.
func (e *ReviewScoreConflict) Unwrap() error { return e.err }

// SetReviewScore records p's review score and reason of one row of form id, if p may review
// the form now (a supervisor who may approve it: the form is submitted and theirs to
// review), and returns the form with its review after the change. A score that is no number
// between 0 and the row's weight, or below the self score without a reason, is a
// *scoring.ReviewError; a workflow refusal a *RefusedError; a change made from what another
// reviewer has changed since, or on a form that is no longer the one reviewed, a
// *ReviewScoreConflict; a form p may not see ErrNotFound.
func (a *App) SetReviewScore(ctx context.Context, p auth.Principal, id int64, e ReviewEntry) (Loaded, Reviewing, error) {
	l, err := a.Load(ctx, p, id)
	if err != nil {
		return l, Reviewing{}, err
	}
	rec := &l.Record
	if d := workflow.Decide(p, Subject(l.Access, 0), workflow.Approve, ""); !d.Allowed {
		// The form the page showed was under review, and someone acted on it since.
		if d.Reason == workflow.ReasonState && e.Base > 0 && e.Base != rec.Version {
			return l, Reviewing{}, &ReviewScoreConflict{err: store.ErrNotUnderReview}
		}
		return l, Reviewing{}, &RefusedError{Decision: d}
	}
	res := scoring.Score(&rec.Form, ProfileOf(rec.Profile))
	s, blank, err := scoring.CheckReviewScore(&res, e.Row, e.Score, e.Reason)
	if err != nil {
		return l, Reviewing{}, err
	}
	edit := store.ReviewScoreEdit{Row: e.Row, Reason: s.Reason, WasScore: e.WasScore, WasReason: e.WasReason, Version: rec.Version}
	if !blank {
		edit.Score = s.Score.String()
	}
	if e.Base > 0 {
		edit.Version = e.Base
	}
	stored, _, err := a.store.SetReviewScore(ctx, id, edit, p.UserID)
	if errors.Is(err, store.ErrConflict) {
		return l, Reviewing{}, &ReviewScoreConflict{Stored: stored, err: err}
	}
	if err != nil {
		return l, Reviewing{}, err
	}
	scores, err := a.store.ReviewScores(ctx, id)
	if err != nil {
		return l, Reviewing{}, err
	}
	return l, Review(scores, ProfileOf(rec.Profile), &res), nil
}

// BulkItem is one form of a bulk approval or return, with the version the list showed.
type BulkItem struct {
	ID   int64
	Base int
}

// BulkOutcome is what became of one form of a bulk action: Err is nil when it was done, and
// otherwise what Transition refused it with (a *RefusedError, an error wrapping
// store.ErrConflict for a form changed since the list was shown, ErrNotFound).
type BulkOutcome struct {
	ID      int64
	Project string // "" for a form p may not see
	Err     error
}

// ErrBulkAction is returned by BulkTransition for an action other than approve and return.
var ErrBulkAction = errors.New("app: only approve and return act on several forms at once")

// BulkTransition approves or returns (with one comment for all) each of the forms items,
// one by one through Transition, each from the version the list showed and recorded as if
// done alone; a form refused does not stop the others. A return without a comment is
// refused whole (a *RefusedError) before any form is touched.
func (a *App) BulkTransition(ctx context.Context, p auth.Principal, action workflow.Action, comment string, items []BulkItem) ([]BulkOutcome, error) {
	if action != workflow.Approve && action != workflow.Return {
		return nil, ErrBulkAction
	}
	if action == workflow.Return && strings.TrimSpace(comment) == "" {
		return nil, &RefusedError{Decision: workflow.Decision{Reason: workflow.ReasonCommentRequired}}
	}
	out := make([]BulkOutcome, 0, len(items))
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		l, err := a.Transition(ctx, p, it.ID, Move{Action: action, Base: it.Base, Comment: comment})
		out = append(out, BulkOutcome{ID: it.ID, Project: l.Record.Form.Project, Err: err})
	}
	return out, nil
}
