package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"selfeval/internal/app"
	"selfeval/internal/auth"
	"selfeval/internal/form"
	"selfeval/internal/i18n"
	"selfeval/internal/scoring"
	"selfeval/internal/store"
	"selfeval/internal/workflow"
	"selfeval/views"
)

// transition handles submit, withdraw, return, approve and reopen: the workflow decides, the store
// records the change of state with its comment in one transaction.
func (s *Server) transition(action workflow.Action) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, _, err := formID(c)
		if err != nil {
			return err
		}
		p, _ := principal(c)
		base, _ := strconv.Atoi(c.FormValue("version"))
		m := app.Move{Action: action, Base: base, Comment: c.FormValue("comment") + c.FormValue("reason")}
		l, err := s.app.Transition(c.Request().Context(), p, id, m)
		var refused *app.RefusedError
		switch {
		case errors.As(err, &refused):
			return s.refuse(c, loaded{id: id, a: l.Access, p: p, rec: l.Record}, refused.Decision)
		case errors.Is(err, store.ErrConflict):
			return fail(http.StatusConflict, "form.conflict", l.Record.UpdatedBy, stamp(l.Record.UpdatedAt))
		case err != nil:
			return appError(err)
		}
		target := "/forms/" + strconv.FormatInt(id, 10)
		if p.Role == auth.RoleSupervisor {
			target = "/review"
		}
		return c.Redirect(http.StatusSeeOther, target+"?done="+string(action))
	}
}

// refuse answers a refused action on a form the person may see (loadForm answered 404
// otherwise): the form page with the blocking problems (422) for a submission with errors,
// 403 with the reason for anything else (through handleError, as every error).
func (s *Server) refuse(c echo.Context, l loaded, d workflow.Decision) error {
	switch d.Reason {
	case workflow.ReasonBlockingProblems:
		page, err := s.fullFormPage(c, l.id, l.a, l.p, l.rec)
		if err != nil {
			return err
		}
		for _, pr := range page.Calc.Problems {
			if pr.Severity == string(scoring.Error) {
				page.Workflow.Blocking = append(page.Workflow.Blocking, pr)
			}
		}
		return render(c, http.StatusUnprocessableEntity, views.FormView(page))
	}
	return workflowRefusal(d)
}

// workflowRefusal is the 403 that says why the workflow refused an action.
func workflowRefusal(d workflow.Decision) error {
	key := "workflow.reason." + d.Reason
	if !i18n.Has(key) {
		key = "error.403"
	}
	return fail(http.StatusForbidden, key)
}

// addComment records a reviewer's comment on one row (or the whole form).
func (s *Server) addComment(c echo.Context) error {
	id, _, err := formID(c)
	if err != nil {
		return err
	}
	p, _ := principal(c)
	_, err = s.app.Comment(c.Request().Context(), p, id, c.FormValue("field"), c.FormValue("body"))
	var refused *app.RefusedError
	switch {
	case errors.As(err, &refused):
		return workflowRefusal(refused.Decision)
	case errors.Is(err, app.ErrBadField):
		return echo.ErrBadRequest
	case err != nil:
		return appError(err)
	}
	return c.Redirect(http.StatusSeeOther, "/forms/"+strconv.FormatInt(id, 10)+"?done=comment")
}

// reviewList is /review: the forms submitted by the units the supervisor reviews.
func (s *Server) reviewList(c echo.Context) error {
	p, _ := principal(c)
	if p.Role != auth.RoleSupervisor {
		return echo.ErrForbidden
	}
	return s.bulkPage(c, p, http.StatusOK, nil, "", nil)
}

// workflowView fills what the form page shows of the workflow for p.
func (s *Server) workflowView(c echo.Context, page *views.FormPage, a store.Access, p auth.Principal) error {
	ctx := c.Request().Context()
	w := &page.Workflow
	// Submission is offered even while problems block it: the button shows why it is disabled.
	for _, act := range workflow.Actions(p, app.Subject(a, 0)) {
		if act != workflow.Edit && act != workflow.Comment {
			w.Actions = append(w.Actions, string(act))
		} else if act == workflow.Comment {
			w.CanComment = true
		}
	}
	if w.CanComment {
		w.RowOptions = append(w.RowOptions, views.Option{Value: "", Label: page.T("review.form_level")})
		for i, in := range page.Form.Indicators {
			w.RowOptions = append(w.RowOptions, views.Option{Value: form.RowPrefix(i), Label: page.T("review.row", i+1, in.Name)})
		}
	}
	returnedAt := -1
	// A draft that was withdrawn has been submitted, and perhaps returned and commented on
	// before: its transitions tell. One that never was has none, and so no review comments.
	transitions, err := s.store.Transitions(ctx, page.ID)
	if err != nil {
		return err
	}
	if len(transitions) > 0 {
		if w.Comments, err = s.rowRemarks(c, page.ID); err != nil {
			return err
		}
		for _, t := range transitions {
			if t.To == string(workflow.Returned) {
				w.LastReturn = &views.Remark{Body: t.Comment, By: t.Username, At: stamp(t.At)}
				returnedAt = t.Version
			}
		}
	}
	if err := s.reviewPanel(c, page, a, p, false); err != nil {
		return err
	}
	if p.Role == auth.RoleSupervisor || p.Role == auth.RoleAuditor || p.Role == auth.RoleAdmin {
		for _, pr := range page.Calc.Problems {
			if pr.Flag {
				w.Flags = append(w.Flags, pr)
			}
		}
		if returnedAt >= 0 && a.Status == string(workflow.Submitted) {
			return s.changesSince(c, page, returnedAt)
		}
	}
	return nil
}

// changesSince lists the fields changed after version v (the return), for the reviewer.
func (s *Server) changesSince(c echo.Context, page *views.FormPage, v int) error {
	entries, err := s.store.History(c.Request().Context(), page.ID)
	if err != nil {
		return err
	}
	// Net changes: a field typed over several autosaves shows once, from its value at the
	// return to its value now; a field changed and changed back does not show.
	index := map[string]int{}
	var changes []views.ChangeView
	for _, e := range entries {
		if e.Version <= v || e.Field == store.FieldStatus || e.Field == store.FieldCreated {
			continue
		}
		if _, _, review := store.ReviewFieldOf(e.Field); review { // the reviewer's own, not the unit's
			continue
		}
		if i, ok := index[e.Field]; ok {
			changes[i].New, changes[i].By, changes[i].At = e.New, e.Username, stamp(e.At)
			continue
		}
		index[e.Field] = len(changes)
		changes = append(changes, views.ChangeView{Field: e.Field, Label: fieldLabel(page.Page, e.Field), Old: e.Old, New: e.New, By: e.Username, At: stamp(e.At)})
	}
	for _, ch := range changes {
		if ch.Old != ch.New {
			page.Workflow.Changes = append(page.Workflow.Changes, ch)
		}
	}
	return nil
}

// rowRemarks are the reviewer's comments on the rows of form id, by row (-1: the form).
func (s *Server) rowRemarks(c echo.Context, id int64) (map[int][]views.Remark, error) {
	comments, err := s.store.RowComments(c.Request().Context(), id)
	if err != nil {
		return nil, err
	}
	out := map[int][]views.Remark{}
	for _, rc := range comments {
		i := form.RowOf(rc.Field)
		out[i] = append(out[i], views.Remark{Body: rc.Body, By: rc.Username, At: stamp(rc.At)})
	}
	return out, nil
}

// reviewPanel fills the review scores of the form page: the fields of every row for a
// supervisor who may review the submitted form, else the rows the reviewer scored (none:
// no panel). force shows the fields even when the person may no longer enter scores (to
// say beside the row why the save was refused).
func (s *Server) reviewPanel(c echo.Context, page *views.FormPage, a store.Access, p auth.Principal, force bool) error {
	canEnter := force || workflow.Decide(p, app.Subject(a, 0), workflow.Approve, "").Allowed
	scores, err := s.app.ReviewScores(c.Request().Context(), page.ID)
	if err != nil || !canEnter && len(scores) == 0 {
		return err
	}
	prof := profileOf(a.Profile)
	res := scoring.Score(&page.Form, &prof)
	rv := app.Review(scores, &prof, &res)
	page.Workflow.Review = reviewScoresView(page, &rv, canEnter, a.Status == string(workflow.Approved))
	return nil
}

// reviewScoresView is what the page shows of the review rv of the form of page.
func reviewScoresView(page *views.FormPage, rv *app.Reviewing, canEnter, final bool) *views.ReviewScores {
	v := &rv.Review
	out := &views.ReviewScores{CanEnter: canEnter, Final: final, Scored: len(rv.Scores), Capped: v.Capped,
		SelfTotal: page.Calc.Total, Total: v.Show(v.Total), Grade: gradeLabel(page.Page, v.Grade)}
	if len(rv.Scores) > 0 {
		out.Difference = v.ShowSigned(v.Difference)
	}
	reviewed := map[int]scoring.ReviewedRow{}
	for _, r := range v.Rows {
		reviewed[r.Row] = r
	}
	for i, in := range page.Form.Indicators {
		row := views.ReviewScoreRow{Row: i, Name: in.Name, Weight: in.Weight}
		if i < len(page.Calc.Indicators) {
			row.Self = page.Calc.Indicators[i].Score
		}
		stored, ok := rv.Scored(i)
		if !ok && !canEnter {
			continue
		}
		if ok {
			row.Score, row.Reason, row.WasScore, row.WasReason = stored.Score, stored.Reason, stored.Score, stored.Reason
			row.By, row.At = stored.Username, stamp(stored.At)
		}
		if r, ok := reviewed[i]; ok {
			row.Shown, row.Difference, row.Differs = v.Show(r.Review), v.ShowSigned(r.Difference), r.Differs()
		}
		out.Rows = append(out.Rows, row)
		if row.Differs {
			out.Differing = append(out.Differing, row)
		}
	}
	return out
}

// reviewRow returns the row i of the review of page, or nil.
func reviewRow(page *views.FormPage, i int) *views.ReviewScoreRow {
	if page.Workflow.Review == nil {
		return nil
	}
	for k := range page.Workflow.Review.Rows {
		if r := &page.Workflow.Review.Rows[k]; r.Row == i {
			return r
		}
	}
	return nil
}

// saveReviewScore records a reviewer's score and reason of one row (POST
// /forms/{id}/review-scores): htmx gets the row back with the summary out of band, a plain
// post is sent back to the row (303). A score refused is answered 422, a review changed
// meanwhile 409: the row says why, with what was typed kept in its fields.
func (s *Server) saveReviewScore(c echo.Context) error {
	id, _, err := formID(c)
	if err != nil {
		return err
	}
	row, err := strconv.Atoi(c.FormValue("row"))
	if err != nil {
		return echo.ErrBadRequest
	}
	p, _ := principal(c)
	base, _ := strconv.Atoi(c.FormValue("version"))
	e := app.ReviewEntry{Row: row, Score: c.FormValue("review_score"), Reason: c.FormValue("review_reason"),
		WasScore: c.FormValue("was_score"), WasReason: c.FormValue("was_reason"), Base: base}
	l, _, err := s.app.SetReviewScore(c.Request().Context(), p, id, e)
	var (
		refused  *app.RefusedError
		bad      *scoring.ReviewError
		conflict *app.ReviewScoreConflict
	)
	switch {
	case errors.As(err, &refused):
		return workflowRefusal(refused.Decision)
	case errors.As(err, &bad) && bad.Code == scoring.ReviewNoRow:
		return echo.ErrBadRequest
	case errors.As(err, &bad):
		return s.reviewAnswer(c, l, p, e, http.StatusUnprocessableEntity, func(pg views.Page, r *views.ReviewScoreRow) {
			args := make([]any, len(bad.Args))
			for i, a := range bad.Args {
				args[i] = a
			}
			r.Error, r.Invalid = pg.T("review_scores.error."+bad.Code, args...), "score"
			if bad.Code == scoring.ReviewReasonRequired || bad.Code == scoring.ReviewReasonTooLong {
				r.Invalid = "reason"
			}
		})
	case errors.As(err, &conflict) && errors.Is(err, store.ErrNotUnderReview):
		if !isHTMX(c) {
			return fail(http.StatusConflict, "review_scores.conflict_form")
		}
		return s.reviewAnswer(c, l, p, e, http.StatusConflict, func(pg views.Page, r *views.ReviewScoreRow) {
			r.Conflict = pg.T("review_scores.conflict_form")
		})
	case errors.As(err, &conflict):
		st := conflict.Stored
		return s.reviewAnswer(c, l, p, e, http.StatusConflict, func(pg views.Page, r *views.ReviewScoreRow) {
			r.WasScore, r.WasReason = st.Score, st.Reason
			r.Conflict = pg.T("review_scores.conflict", st.Username, stamp(st.At), st.Score, st.Reason)
		})
	case err != nil:
		return appError(err)
	}
	if !isHTMX(c) {
		return c.Redirect(http.StatusSeeOther, "/forms/"+strconv.FormatInt(id, 10)+"?done=review_score#"+views.ReviewRowID(row))
	}
	return s.reviewAnswer(c, l, p, e, http.StatusOK, func(_ views.Page, r *views.ReviewScoreRow) { r.Saved = true })
}

// reviewAnswer answers a save of row e.Row of the review of the form l: the row as stored
// now, changed by mark (what was typed kept, with why it was refused), and the summary, as
// htmx swaps them; the whole form page for a plain post.
func (s *Server) reviewAnswer(c echo.Context, l app.Loaded, p auth.Principal, e app.ReviewEntry, code int, mark func(views.Page, *views.ReviewScoreRow)) error {
	rec := l.Record
	var page views.FormPage
	if isHTMX(c) {
		page = s.formPage(c, rec.ID, l.Access, p, rec.Form)
		if err := s.reviewPanel(c, &page, l.Access, p, code == http.StatusConflict); err != nil {
			return err
		}
	} else {
		var err error
		if page, err = s.fullFormPage(c, rec.ID, l.Access, p, rec); err != nil {
			return err
		}
	}
	r := reviewRow(&page, e.Row)
	if r == nil {
		return echo.ErrBadRequest
	}
	if code != http.StatusOK {
		r.Score, r.Reason = strings.TrimSpace(e.Score), strings.TrimSpace(e.Reason)
	}
	mark(page.Page, r)
	if !isHTMX(c) {
		return render(c, code, views.FormView(page))
	}
	return render(c, code, views.ReviewScoreAnswer(page, *r))
}

// reviewFieldLabel names a history field of a row's review ("第 3 行·审核得分"); ok is false for
// any other field.
func reviewFieldLabel(p views.Page, path string) (string, bool) {
	i, name, ok := store.ReviewFieldOf(path)
	if !ok {
		return "", false
	}
	return p.T("field.row", i+1) + "·" + p.T("history.field."+name), true
}

// bulkReview approves or returns, with one comment, the forms selected on /review (POST
// /review/bulk), each as if alone from the version the list showed, and shows the list again
// with what was done and what was refused, form by form.
func (s *Server) bulkReview(c echo.Context) error {
	p, _ := principal(c)
	action, err := workflow.ParseAction(c.FormValue("action"))
	if err != nil || action != workflow.Approve && action != workflow.Return {
		return echo.ErrBadRequest
	}
	params, err := c.FormParams()
	if err != nil {
		return echo.ErrBadRequest
	}
	comment := c.FormValue("comment")
	sum := &views.BulkSummary{Action: string(action)}
	pg := s.page(c)
	var items []app.BulkItem
	for _, v := range params["form"] {
		idText, versionText, _ := strings.Cut(v, ":")
		id, err1 := strconv.ParseInt(idText, 10, 64)
		version, err2 := strconv.Atoi(versionText)
		if err1 != nil || err2 != nil || id <= 0 || version <= 0 {
			sum.Error = pg.T("review_scores.bulk.bad")
			return s.bulkPage(c, p, http.StatusUnprocessableEntity, sum, comment, nil)
		}
		items = append(items, app.BulkItem{ID: id, Base: version})
	}
	if len(items) == 0 {
		sum.Error = pg.T("review_scores.bulk.none")
		return s.bulkPage(c, p, http.StatusUnprocessableEntity, sum, comment, nil)
	}
	outcomes, err := s.app.BulkTransition(c.Request().Context(), p, action, comment, items)
	var refused *app.RefusedError
	switch {
	case errors.As(err, &refused):
		sum.Error = pg.T("workflow.reason." + refused.Decision.Reason)
		return s.bulkPage(c, p, http.StatusUnprocessableEntity, sum, comment, items)
	case err != nil:
		return err
	}
	for _, o := range outcomes {
		line := views.BulkLine{ID: o.ID, Project: o.Project}
		switch {
		case o.Err == nil:
			sum.Done = append(sum.Done, line)
			continue
		case errors.As(o.Err, &refused) && refused.Decision.Reason == workflow.ReasonState:
			line.Reason = pg.T("review_scores.bulk.changed")
		case errors.As(o.Err, &refused):
			line.Reason = pg.T("workflow.reason." + refused.Decision.Reason)
		case errors.Is(o.Err, store.ErrConflict):
			line.Reason = pg.T("review_scores.bulk.changed")
		case errors.Is(o.Err, app.ErrNotFound):
			line.Reason, line.Project = pg.T("review_scores.bulk.not_found"), ""
		default:
			s.log.Error("bulk review", "action", action, "form", o.ID, "err", o.Err)
			line.Reason = pg.T("review_scores.bulk.failed")
		}
		sum.Refused = append(sum.Refused, line)
	}
	return s.bulkPage(c, p, http.StatusOK, sum, "", nil)
}

// bulkPage is /review, with the summary of a bulk action when sum is not nil; a refused one
// keeps its comment and its selection (checked).
func (s *Server) bulkPage(c echo.Context, p auth.Principal, code int, sum *views.BulkSummary, comment string, checked []app.BulkItem) error {
	units, err := s.visibleUnits(c, p)
	if err != nil {
		return err
	}
	rows, err := s.store.ListForms(c.Request().Context(), store.ListFilter{Status: string(workflow.Submitted), UnitIDs: units})
	if err != nil {
		return err
	}
	page := views.ReviewPage{Page: s.page(c), Bulk: sum, Comment: comment}
	page.Nav = s.nav(c, p)
	for _, r := range rows {
		row := views.ReviewRow{ListRow: listRow(page.Page, r, false), Version: r.Version}
		for _, it := range checked {
			row.Checked = row.Checked || it.ID == r.ID && it.Base == r.Version
		}
		page.Rows = append(page.Rows, row)
	}
	return render(c, code, views.ReviewView(page))
}
