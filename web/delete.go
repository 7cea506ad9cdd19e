package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"selfeval/internal/app"
	"selfeval/internal/auth"
	"selfeval/internal/store"
	"selfeval/views"
)

// deleteForm is POST /forms/{id}/delete: staff of the form's unit delete a draft, softly
// (an administrator can restore it). version, when posted, must be the current one.
func (s *Server) deleteForm(c echo.Context) error {
	id, _, err := formID(c)
	if err != nil {
		return err
	}
	version := 0 // none posted: whatever the version
	if v := c.FormValue("version"); v != "" {
		if version, err = strconv.Atoi(v); err != nil || version <= 0 {
			return echo.ErrBadRequest
		}
	}
	p, _ := principal(c)
	got, err := s.app.Delete(c.Request().Context(), p, id, version)
	l := loaded{id: id, a: got.Access, p: p, rec: got.Record}
	pg := s.page(c)
	switch {
	case errors.Is(err, app.ErrNotFound), errors.Is(err, app.ErrForbidden):
		return appError(err)
	case errors.Is(err, store.ErrNotDraft):
		return s.listRefused(c, l, pg.T("delete.not_draft", l.rec.Form.Project, pg.T("status."+l.rec.Status)))
	case errors.Is(err, store.ErrConflict):
		return s.listRefused(c, l, pg.T("delete.changed", l.rec.Form.Project))
	case errors.Is(err, store.ErrNotFound):
		return echo.ErrNotFound
	case err != nil:
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/forms?year="+strconv.Itoa(l.rec.Form.Year)+"&removed="+strconv.FormatInt(l.id, 10))
}

// listRefused answers a refused deletion with the list of the form's year and the reason (409).
func (s *Server) listRefused(c echo.Context, l loaded, msg string) error {
	page, x, err := s.listPage(c, l.p, l.rec.Form.Year, "")
	if err != nil {
		return err
	}
	x.Error = msg
	return render(c, http.StatusConflict, views.ListView(page, x))
}

// restoreForm is POST /forms/{id}/restore (administrators): a deleted form comes back as a
// draft of its unit. Restoring a form that is not deleted changes nothing and shows it.
func (s *Server) restoreForm(c echo.Context) error {
	id, _, err := formID(c)
	if err != nil {
		return err
	}
	p, _ := principal(c)
	err = s.app.Restore(c.Request().Context(), p, id)
	switch {
	case errors.Is(err, app.ErrForbidden):
		return appError(err)
	case errors.Is(err, store.ErrConflict):
		return c.Redirect(http.StatusSeeOther, "/forms/"+strconv.FormatInt(id, 10))
	case errors.Is(err, store.ErrNotFound):
		return echo.ErrNotFound
	case err != nil:
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/forms?deleted=1&restored="+strconv.FormatInt(id, 10))
}

// deletedList is /forms?deleted=1 for administrators and auditors: every deleted form, who
// deleted it and when; administrators restore them from here.
func (s *Server) deletedList(c echo.Context, p auth.Principal) error {
	ctx := c.Request().Context()
	rows, err := s.store.ListForms(ctx, store.ListFilter{Deleted: true})
	if err != nil {
		return err
	}
	page := views.ListPage{Page: s.page(c)}
	page.Nav = s.nav(c, p)
	x := views.ListExtra{CanRestore: p.Role == auth.RoleAdmin}
	for _, r := range rows {
		x.Deleted = append(x.Deleted, views.DeletedRow{ID: r.ID, Year: strconv.Itoa(r.Year), Project: r.Project, Unit: r.Unit,
			DeletedAt: stamp(r.DeletedAt), DeletedBy: r.DeletedBy,
			ConfirmRestore: page.T("list.restore_confirm", r.Project), RestoreLabel: page.T("list.restore_label", r.Project)})
	}
	if id, err := strconv.ParseInt(c.QueryParam("restored"), 10, 64); err == nil {
		if rec, err := s.store.Form(ctx, id); err == nil {
			page.Message = page.T("list.restored", rec.Form.Project)
		}
	}
	return render(c, http.StatusOK, views.DeletedListView(page, x))
}

// deletedProject is the project of deleted form id if p may see it, else "".
func (s *Server) deletedProject(c echo.Context, p auth.Principal, id int64) string {
	units, err := s.visibleUnits(c, p)
	if err != nil {
		return ""
	}
	rows, err := s.store.ListForms(c.Request().Context(), store.ListFilter{Deleted: true, UnitIDs: units})
	if err != nil {
		return ""
	}
	for _, r := range rows {
		if r.ID == id {
			return r.Project
		}
	}
	return ""
}
