package web

import (
	"errors"
	"net/http"
	"strconv"

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
	units, err := s.visibleUnits(c, p)
	if err != nil {
		return err
	}
	rows, err := s.store.ListForms(c.Request().Context(), store.ListFilter{Status: string(workflow.Submitted), UnitIDs: units})
	if err != nil {
		return err
	}
	page := views.ReviewPage{Page: s.page(c)}
	page.Nav = s.nav(c, p)
	for _, r := range rows {
		page.Rows = append(page.Rows, listRow(page.Page, r, false))
	}
	return render(c, http.StatusOK, views.ReviewView(page))
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
