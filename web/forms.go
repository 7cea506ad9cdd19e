package web

import (
	"errors"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"selfeval/internal/app"
	"selfeval/internal/auth"
	formjson "selfeval/internal/exchange/json"
	"selfeval/internal/form"
	"selfeval/internal/i18n"
	"selfeval/internal/scoring"
	"selfeval/internal/store"
	"selfeval/views"
)

// formID reads the :id of the path, which may carry a format suffix (".json").
func formID(c echo.Context) (int64, string, error) {
	raw := c.Param("id")
	base, ext, _ := strings.Cut(raw, ".")
	id, err := strconv.ParseInt(base, 10, 64)
	if err != nil || id <= 0 {
		return 0, "", echo.ErrNotFound
	}
	return id, ext, nil
}

// access loads who may do what with form id; a form the person may not see does not exist for them.
func (s *Server) access(c echo.Context, id int64) (store.Access, auth.Principal, error) {
	p, _ := principal(c)
	a, err := s.app.Access(c.Request().Context(), p, id)
	return a, p, appError(err)
}

// loaded is a form as a handler needs it: its id and format suffix, who asks, what they may
// do with it, and the stored record.
type loaded struct {
	id  int64
	ext string
	a   store.Access
	p   auth.Principal
	rec store.FormRecord
}

// loadForm reads the form of the path for the signed-in person; a form they may not see is
// not found.
func (s *Server) loadForm(c echo.Context) (loaded, error) {
	id, ext, err := formID(c)
	if err != nil {
		return loaded{}, err
	}
	l, err := s.loadFormID(c, id)
	l.ext = ext
	return l, err
}

// loadFormID is loadForm for a form named otherwise than by the path (a replayed save).
func (s *Server) loadFormID(c echo.Context, id int64) (loaded, error) {
	p, _ := principal(c)
	l, err := s.app.Load(c.Request().Context(), p, id)
	return loaded{id: id, a: l.Access, p: p, rec: l.Record}, appError(err)
}

func profileOf(name string) scoring.Profile { return *app.ProfileOf(name) }

// formPage builds the view of a form from what is stored or what was posted: what a
// recalculation answers. editorPage adds what the whole editor needs besides.
func (s *Server) formPage(c echo.Context, id int64, a store.Access, p auth.Principal, f form.Form) views.FormPage {
	prof := profileOf(a.Profile)
	r := scoring.Score(&f, &prof)
	return s.scoredPage(c, id, a, p, f, &r)
}

// scoredPage is formPage of a form already scored (r).
func (s *Server) scoredPage(c echo.Context, id int64, a store.Access, p auth.Principal, f form.Form, r *scoring.Result) views.FormPage {
	pg := s.page(c)
	return views.FormPage{
		Page: pg, ID: id, Version: a.Version, Status: a.Status, StatusLabel: pg.T("status." + a.Status),
		Editable: app.CanEdit(p, a), Form: f, Calc: calcView(pg.Lang, &f, r), Groups: groupsOf(&f),
	}
}

// groupsOf is the signature of the rows' grouping: it changes when a row's level 1 or
// level 2 changes, or rows are added, moved or removed.
func groupsOf(f *form.Form) string {
	h := fnv.New64a()
	for _, in := range f.Indicators {
		h.Write([]byte(in.Level1))
		h.Write([]byte{0})
		h.Write([]byte(in.Level2))
		h.Write([]byte{1})
	}
	return strconv.FormatUint(h.Sum64(), 36)
}

// editorPage is formPage with the label vocabulary for the editor's suggestions.
func (s *Server) editorPage(c echo.Context, id int64, a store.Access, p auth.Principal, f form.Form) views.FormPage {
	page := s.formPage(c, id, a, p, f)
	prof := profileOf(a.Profile)
	page.Level1, page.Level2 = vocabulary(&prof)
	return page
}

func (s *Server) showForm(c echo.Context) error {
	l, err := s.loadForm(c)
	if err != nil {
		return err
	}
	rec, ext := l.rec, l.ext
	switch {
	case ext == "":
	case isXLSXPath(ext):
		return s.exportForm(c, rec)
	case ext == "json":
		prof := profileOf(rec.Profile)
		doc := formjson.Scored(rec.Form, &prof)
		doc.ID, doc.Status, doc.Version = rec.ID, rec.Status, rec.Version
		return c.JSONPretty(http.StatusOK, doc, "  ")
	default:
		return echo.ErrNotFound
	}
	page, err := s.fullFormPage(c, l.id, l.a, l.p, rec)
	if err != nil {
		return err
	}
	switch done := c.QueryParam("done"); {
	case done == "copied":
		page.Notice = page.T("form.copied_notice")
	case done != "" && i18n.Has("review.done."+done):
		page.Notice = page.T("review.done." + done)
	}
	return render(c, http.StatusOK, views.FormView(page))
}

// fullFormPage is the form page with everything around the table: navigation, save time and
// the workflow panel.
func (s *Server) fullFormPage(c echo.Context, id int64, a store.Access, p auth.Principal, rec store.FormRecord) (views.FormPage, error) {
	a.Version, a.Status = rec.Version, rec.Status
	page := s.editorPage(c, id, a, p, rec.Form)
	page.SavedAt = page.T("form.saved_at", stamp(rec.UpdatedAt))
	page.Page.Nav = s.nav(c, p)
	page.CanDelete = app.CanDelete(p, a.UnitID, rec.Status)
	return page, s.workflowView(c, &page, a, p)
}

// recalc answers a keystroke: the posted form is scored and every figure comes back out of
// band. Nothing is stored; the database is read only to check access.
func (s *Server) recalc(c echo.Context) error {
	id, _, err := formID(c)
	if err != nil {
		return err
	}
	a, p, err := s.access(c, id)
	if err != nil {
		return err
	}
	in, err := readPosted(c, a.Year)
	if err != nil {
		return badBody(err)
	}
	if in.Op == "" && wantsFigures(c) {
		return s.figures(c, id, a, p, &in)
	}
	f := in.Form
	focus := form.ApplyRowOp(&f, in.Op)
	page := s.formPage(c, id, a, p, f)
	page.Restructure = in.Op != "" || in.Groups != page.Groups
	if page.Restructure {
		prof := profileOf(a.Profile)
		page.Level1, page.Level2 = vocabulary(&prof)
		if page.Workflow.Comments, err = s.rowRemarks(c, id); err != nil {
			return err
		}
	}
	if focus >= 0 {
		c.Response().Header().Set("HX-Trigger-After-Swap", `{"selfeval:focus":"`+views.FieldID(form.RowPath(focus, "name"))+`"}`)
	}
	return render(c, http.StatusOK, views.RecalcView(page))
}

// saveForm saves what was posted, against the version it was based on. The page's save queue
// gets the new version and time back as JSON; a plain form post is redirected to the page
// (303). A save against a newer version is merged (the queue) or refused with what the person
// typed kept on the page (a plain post).
func (s *Server) saveForm(c echo.Context) error {
	id, _, err := formID(c)
	if err != nil {
		return err
	}
	return s.save(c, id, func() (posted, error) { return readPosted(c, 0) })
}

// save saves the form read by read (from this request, or replayed after signing in again).
func (s *Server) save(c echo.Context, id int64, read func() (posted, error)) error {
	p, _ := principal(c)
	in, err := read()
	if err != nil {
		return badBody(err)
	}
	base, err := strconv.Atoi(in.Version)
	if in.Overwrite != "" {
		base, err = strconv.Atoi(in.Overwrite)
	}
	if err != nil {
		return echo.ErrBadRequest
	}
	sv := app.Save{Form: in.Form, Base: base, Overwrite: in.Overwrite != "", Op: in.Op}
	if in.Merge {
		e := in.edit()
		sv.Edit = &e
	}
	if in.RowsPosted > form.MaxRows {
		return limitFailed(s.page(c), &form.LimitError{Kind: form.LimitRows, Path: form.PathIndicators, Got: in.RowsPosted, Limit: form.MaxRows})
	}
	res, err := s.app.Save(c.Request().Context(), p, id, sv)
	latest := res.Before.Record
	var le *form.LimitError
	switch {
	case errors.As(err, &le):
		return limitFailed(s.page(c), le)
	case errors.Is(err, store.ErrConflict) && in.Merge && wantsSaveJSON(c):
		// Someone saved between reading and writing: the page sends the same save again
		// at once, and it is merged then.
		return c.JSON(http.StatusConflict, saveAnswer{Retry: true})
	case errors.Is(err, store.ErrConflict) && wantsSaveJSON(c):
		pg := s.page(c)
		return c.JSON(http.StatusConflict, saveAnswer{Version: latest.Version,
			Message: pg.T("form.conflict", latest.UpdatedBy, stamp(latest.UpdatedAt))})
	case errors.Is(err, store.ErrConflict):
		return s.conflict(c, loaded{id: id, a: res.Before.Access, p: p, rec: latest}, base, res.Form)
	case errors.Is(err, app.ErrForbidden):
		return fail(http.StatusForbidden, "form.read_only")
	case err != nil:
		return appError(err)
	case wantsSaveJSON(c):
		return s.savedJSON(c, loaded{id: id, a: res.Before.Access, p: p, rec: latest}, res.Record, res.Merged)
	}
	target := "/forms/" + strconv.FormatInt(id, 10)
	if res.Focus >= 0 {
		target += "#row-" + strconv.Itoa(res.Focus)
	}
	return c.Redirect(http.StatusSeeOther, target)
}

func rowsConflict(m *form.Merged) bool {
	for _, cf := range m.Conflicts {
		if cf.Path == "indicators" {
			return true
		}
	}
	return false
}

// wantsSaveJSON reports whether the save comes from a script (the page's save queue, or
// htmx), which reads a JSON answer rather than following a redirect.
func wantsSaveJSON(c echo.Context) bool {
	return isHTMX(c) || strings.Contains(c.Request().Header.Get("Accept"), "application/json")
}

// saveAnswer is what the page's save queue reads after a save: the new version and time,
// and after a merge what others changed (to show) and what both changed (to choose).
type saveAnswer struct {
	Version   int            `json:"version,omitempty"`
	SavedAt   string         `json:"saved_at,omitempty"`
	Retry     bool           `json:"retry,omitempty"`
	Message   string         `json:"message,omitempty"`
	Merged    string         `json:"merged,omitempty"`
	Theirs    []form.Field   `json:"theirs,omitempty"`
	Conflicts []conflictView `json:"conflicts,omitempty"`
	Rows      string         `json:"rows,omitempty"`
}

// conflictView is one field that both people changed, as the page shows it beside the field.
type conflictView struct {
	Path    string `json:"path"`
	Label   string `json:"label"`
	Mine    string `json:"mine"`
	Theirs  string `json:"theirs"`
	Message string `json:"message"`
}

// savedJSON answers the save queue; after a merge that changed the rows it sends the
// indicator rows anew.
func (s *Server) savedJSON(c echo.Context, l loaded, saved store.FormRecord, m *form.Merged) error {
	pg := s.page(c)
	ans := saveAnswer{Version: saved.Version, SavedAt: pg.T("form.saved_at", clock(saved.UpdatedAt))}
	if m == nil {
		return c.JSON(http.StatusOK, ans)
	}
	by := l.rec.UpdatedBy
	ans.Theirs = m.Theirs
	if n := len(m.Theirs); n > 0 || m.Rows {
		ans.Merged = pg.T("form.merged", by, n)
	}
	for _, cf := range m.Conflicts {
		v := conflictView{Path: cf.Path, Label: pg.T("form.conflict.rows"), Message: pg.T("form.conflict.rows_text", by)}
		if cf.Path != "indicators" {
			v = conflictView{Path: cf.Path, Label: fieldLabel(pg, cf.Path), Mine: cf.Mine, Theirs: cf.Theirs,
				Message: pg.T("form.conflict.field", by, cf.Theirs)}
		}
		ans.Conflicts = append(ans.Conflicts, v)
	}
	// After a conflict on the rows themselves the page keeps the person's rows until they
	// choose; otherwise it shows the merged rows.
	if m.Rows && !rowsConflict(m) {
		a := l.a
		a.Version = saved.Version
		page := s.editorPage(c, l.id, a, l.p, saved.Form)
		var err error
		if page.Workflow.Comments, err = s.rowRemarks(c, l.id); err != nil {
			return err
		}
		var buf strings.Builder
		if err := views.IndicatorBody(page, false).Render(c.Request().Context(), &buf); err != nil {
			return err
		}
		ans.Rows = buf.String()
	}
	return c.JSON(http.StatusOK, ans)
}

// conflict tells the person who posted the plain form that someone else saved first: the
// page again with what they typed (409), still based on their version, so that saving it
// again as is conflicts again: overwriting is the explicit button.
func (s *Server) conflict(c echo.Context, l loaded, base int, mine form.Form) error {
	latest := l.rec
	page := s.editorPage(c, l.id, l.a, l.p, mine)
	page.Version = base
	page.Conflict = &views.Conflict{Latest: latest.Version, By: latest.UpdatedBy, At: stamp(latest.UpdatedAt)}
	return render(c, http.StatusConflict, views.FormView(page))
}

// savePath reports whether path is the save address of a form (/forms/{id}), the only
// request that is replayed after signing in again.
func savePath(path string) (int64, bool) {
	rest, ok := strings.CutPrefix(path, "/forms/")
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, ok && err == nil && id > 0
}

// replaySave completes a save that was posted after the session expired, once the person has
// signed in again.
func (s *Server) replaySave(c echo.Context, next, replay string) error {
	id, ok := savePath(next)
	if !ok {
		return c.Redirect(http.StatusSeeOther, next)
	}
	return s.save(c, id, func() (posted, error) {
		var p posted
		err := scanPairs([]byte(replay), p.set)
		return p, err
	})
}
