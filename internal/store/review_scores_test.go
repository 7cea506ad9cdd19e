package store

import (
	"errors"
	"slices"
	"testing"
)

// TestReviewScores: a reviewer's score and reason of a row are kept with the form's version,
// each change in the history; a change made from what another reviewer overwrote meanwhile,
// or on a form no longer submitted at that version, is a conflict that writes nothing; the
// scores of a round end with the next submission.
func TestReviewScores(t *testing.T) {
	s, _ := openTest(t)
	fx := newFixture(t, s)
	rec, err := s.CreateForm(ctx, sampleForm(3), fx.unit.ID, "shanghai-2022", sum1, fx.staff.ID)
	if err != nil {
		t.Fatal(err)
	}
	// A draft is not reviewed.
	if _, _, err := s.SetReviewScore(ctx, rec.ID, ReviewScoreEdit{Row: 0, Score: "8", Version: 1}, fx.sup.ID); !errors.Is(err, ErrNotUnderReview) || !errors.Is(err, ErrConflict) {
		t.Errorf("a review score of a draft: %v, want a conflict", err)
	}
	if _, err := s.Transition(ctx, rec.ID, 1, "draft", "submitted", "", fx.staff.ID); err != nil {
		t.Fatal(err)
	}
	const v = 2
	got, changes, err := s.SetReviewScore(ctx, rec.ID, ReviewScoreEdit{Row: 1, Score: "3", Reason: "部分有效，扣 1.5 分", Version: v}, fx.sup.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Row != 1 || got.Score != "3" || got.Reason != "部分有效，扣 1.5 分" || got.Username != "li" || got.At.IsZero() {
		t.Errorf("stored %+v", got)
	}
	want := []Change{{"indicators.1.review_score", "", "3"}, {"indicators.1.review_reason", "", "部分有效，扣 1.5 分"}}
	if !slices.Equal(changes, want) {
		t.Errorf("changes = %v, want %v", changes, want)
	}
	if f := s.mustForm(t, rec.ID); f.Version != v || f.Status != "submitted" {
		t.Errorf("a review score changed the form to version %d, %s", f.Version, f.Status)
	}

	// Another reviewer's page still shows no score: their change is refused with the stored one.
	cur, _, err := s.SetReviewScore(ctx, rec.ID, ReviewScoreEdit{Row: 1, Score: "5", Version: v}, fx.sup.ID)
	if !errors.Is(err, ErrConflict) || errors.Is(err, ErrNotUnderReview) || cur.Score != "3" || cur.Username != "li" {
		t.Errorf("a change from a stale page: %+v, %v; want a conflict with the stored score", cur, err)
	}
	// The same change, from what is stored, only the score: one history row.
	if _, changes, err = s.SetReviewScore(ctx, rec.ID, ReviewScoreEdit{Row: 1, Score: "4", Reason: "部分有效，扣 1.5 分",
		WasScore: "3", WasReason: "部分有效，扣 1.5 分", Version: v}, fx.sup.ID); err != nil || len(changes) != 1 {
		t.Errorf("a change of the score: %v, %v", changes, err)
	}
	// Nothing changed: nothing written.
	if _, changes, err = s.SetReviewScore(ctx, rec.ID, ReviewScoreEdit{Row: 1, Score: "4", Reason: "部分有效，扣 1.5 分",
		WasScore: "4", WasReason: "部分有效，扣 1.5 分", Version: v}, fx.sup.ID); err != nil || len(changes) != 0 {
		t.Errorf("a change that changes nothing: %v, %v", changes, err)
	}
	// A stale version is a conflict too.
	if _, _, err := s.SetReviewScore(ctx, rec.ID, ReviewScoreEdit{Row: 0, Score: "10", Version: 1}, fx.sup.ID); !errors.Is(err, ErrNotUnderReview) {
		t.Errorf("a change at an old version: %v", err)
	}
	if _, _, err := s.SetReviewScore(ctx, rec.ID, ReviewScoreEdit{Row: 0, Score: "9", Reason: "x", Version: v}, fx.sup.ID); err != nil {
		t.Fatal(err)
	}
	scores, err := s.ReviewScores(ctx, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(scores) != 2 || scores[0].Row != 0 || scores[0].Score != "9" || scores[1].Row != 1 || scores[1].Score != "4" {
		t.Errorf("review scores = %+v", scores)
	}
	// Both blank remove the row's score.
	if _, _, err := s.SetReviewScore(ctx, rec.ID, ReviewScoreEdit{Row: 0, WasScore: "9", WasReason: "x", Version: v}, fx.sup.ID); err != nil {
		t.Fatal(err)
	}
	if scores, _ = s.ReviewScores(ctx, rec.ID); len(scores) != 1 {
		t.Errorf("after removing row 0: %+v", scores)
	}
	if _, _, err := s.SetReviewScore(ctx, rec.ID+1, ReviewScoreEdit{Version: v}, fx.sup.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("a missing form: %v", err)
	}

	h, err := s.History(ctx, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	var fields []string
	for _, e := range h {
		if _, _, ok := ReviewFieldOf(e.Field); ok {
			if e.Version != v || e.Username != "li" {
				t.Errorf("history of %s at version %d by %q", e.Field, e.Version, e.Username)
			}
			fields = append(fields, e.Field+":"+e.Old+">"+e.New)
		}
	}
	wantFields := []string{"indicators.1.review_score:>3", "indicators.1.review_reason:>部分有效，扣 1.5 分",
		"indicators.1.review_score:3>4", "indicators.0.review_score:>9", "indicators.0.review_reason:>x",
		"indicators.0.review_score:9>", "indicators.0.review_reason:x>"}
	if !slices.Equal(fields, wantFields) {
		t.Errorf("history of the review:\n got %v\nwant %v", fields, wantFields)
	}

	// Returned, the scores stay for the unit to read; submitted again, the form is reviewed
	// anew, and a score of the new round starts from none.
	if _, err := s.Transition(ctx, rec.ID, v, "submitted", "returned", "请核实", fx.sup.ID); err != nil {
		t.Fatal(err)
	}
	if scores, _ = s.ReviewScores(ctx, rec.ID); len(scores) != 1 {
		t.Errorf("the returned form shows %d review scores, want 1", len(scores))
	}
	if _, err := s.Transition(ctx, rec.ID, v+1, "returned", "submitted", "", fx.staff.ID); err != nil {
		t.Fatal(err)
	}
	if scores, _ = s.ReviewScores(ctx, rec.ID); len(scores) != 0 {
		t.Errorf("the form submitted again shows the last round's review scores: %+v", scores)
	}
	if _, changes, err := s.SetReviewScore(ctx, rec.ID, ReviewScoreEdit{Row: 1, Score: "5", Version: v + 2}, fx.sup.ID); err != nil ||
		!slices.Equal(changes, []Change{{"indicators.1.review_score", "", "5"}}) {
		t.Errorf("a score of the new round: %v, %v", changes, err)
	}
}

func TestReviewFieldOf(t *testing.T) {
	for path, want := range map[string]struct {
		row  int
		name string
		ok   bool
	}{
		"indicators.3.review_score":  {3, FieldReviewScore, true},
		"indicators.0.review_reason": {0, FieldReviewReason, true},
		"indicators.3.score":         {},
		"indicators.3":               {},
		"review_score":               {},
		"indicators.x.review_score":  {},
	} {
		row, name, ok := ReviewFieldOf(path)
		if row != want.row || name != want.name || ok != want.ok {
			t.Errorf("ReviewFieldOf(%q) = %d, %q, %v; want %+v", path, row, name, ok, want)
		}
	}
	if got := ReviewField(7, FieldReviewReason); got != "indicators.7.review_reason" {
		t.Errorf("ReviewField = %q", got)
	}
}

// mustForm reads form id or fails the test.
func (s *Store) mustForm(t *testing.T, id int64) FormRecord {
	t.Helper()
	rec, err := s.Form(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}
