package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"selfeval/internal/app"
	"selfeval/internal/auth"
	"selfeval/internal/exchange"
	"selfeval/internal/exchange/diag"
	"selfeval/internal/exchange/xlsx"
	"selfeval/internal/form"
	"selfeval/internal/scoring"
	"selfeval/internal/store"
	"selfeval/views"
)

// exportForm is /forms/{id}.xlsx: the form in the official layout, with formulas.
func (s *Server) exportForm(c echo.Context, rec store.FormRecord) error {
	return s.sendXLSX(c, rec.Form.Project, []form.Form{rec.Form}, []*scoring.Profile{app.ProfileOf(rec.Profile)})
}

// exportYear is /forms.xlsx?year=Y[&sheets=N]: every form of that year the person may see, a
// sheet each, and a summary sheet (beyond N forms, a zip of workbooks), written while the
// person waits when the year is small (exportSyncForms) and stopped when they go away; a
// larger year is sent to the export page, where it runs as a job.
func (s *Server) exportYear(c echo.Context) error {
	p, _ := principal(c)
	year, sheets, ok, err := exportParams(c.QueryParam("year"), c.QueryParam("sheets"))
	if err != nil || !ok {
		return echo.ErrBadRequest
	}
	ctx := c.Request().Context()
	plan, err := s.app.PlanExport(ctx, p, year, sheets)
	if err == nil && plan.Forms > exportSyncForms {
		return c.Redirect(http.StatusSeeOther, "/exports?year="+strconv.Itoa(year)+"&sheets="+strconv.Itoa(plan.Sheets))
	}
	var buf bytes.Buffer
	if err == nil {
		err = plan.Write(ctx, &buf, nil)
	}
	if err != nil && ctx.Err() != nil { // the person went away: nobody to answer
		return nil
	}
	if err != nil {
		return appError(err)
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, "attachment; filename*=UTF-8''"+url.PathEscape(plan.FileName()))
	return c.Blob(http.StatusOK, plan.ContentType(), buf.Bytes())
}

// sendXLSX answers the workbook of forms, each written with its profile.
func (s *Server) sendXLSX(c echo.Context, name string, forms []form.Form, profiles []*scoring.Profile) error {
	var buf bytes.Buffer
	if err := xlsx.WriteProfiles(&buf, forms, profiles); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, "attachment; filename*=UTF-8''"+url.PathEscape(name+".xlsx"))
	return c.Blob(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
}

func (s *Server) importPage(c echo.Context) error {
	p, _ := principal(c)
	page := views.ImportPage{Page: s.page(c)}
	page.Nav = s.nav(c, p)
	return render(c, http.StatusOK, views.ImportView(page))
}

// importPreview reads pasted text or an uploaded file and shows the forms found, with the
// reader's notes, the unit each goes to and the stored forms each duplicates, before anything
// is created.
func (s *Server) importPreview(c echo.Context) error {
	p, _ := principal(c)
	page := views.ImportPage{Page: s.page(c), Text: c.FormValue("text")}
	page.Nav = s.nav(c, p)
	data := []byte(page.Text)
	if fh, err := c.FormFile("file"); err == nil && fh.Size > 0 {
		f, err := fh.Open()
		if err != nil {
			return err
		}
		data, err = io.ReadAll(f)
		f.Close()
		if err != nil {
			return err
		}
	} else if err != nil && !errors.Is(err, http.ErrMissingFile) {
		return badBody(err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		page.Error = page.T("import.nothing")
		return render(c, http.StatusUnprocessableEntity, views.ImportView(page))
	}
	file, err := exchange.Read(data)
	if err != nil {
		page.Error = page.T("import.failed", diag.ErrorMessage(err, page.Lang))
		return render(c, http.StatusUnprocessableEntity, views.ImportView(page))
	}
	read, format := file.Forms, file.Format
	for _, l := range file.Left {
		page.Left = append(page.Left, page.T("import.left", l.Position, l.Project))
	}
	for i, im := range read { // refused here, as creating them would refuse them
		var le *form.LimitError
		if errors.As(form.CheckLimits(&im.Form), &le) {
			page.Error = page.T("import.failed", page.T("import.limit", i+1, im.Form.Project, limitMessage(page.Page, le)))
			return render(c, http.StatusUnprocessableEntity, views.ImportView(page))
		}
	}
	unit, _, err := s.app.UnitOf(c.Request().Context(), p)
	if err != nil {
		return appError(err)
	}
	page.Format = string(format)
	forms := make([]form.Form, len(read))
	for i, im := range read {
		v, err := s.importedView(c, page.Page, unit, i, im)
		if err != nil {
			return err
		}
		if len(v.Duplicates) > 0 {
			page.Duplicates++
		}
		page.Found = append(page.Found, v)
		forms[i] = im.Form
	}
	page.Stash = s.previews.put(p.UserID, forms, s.cfg.Now())
	return render(c, http.StatusOK, views.ImportView(page))
}

// importedView is one form of the preview: its figures and notes, the unit it goes to, and
// the stored forms of that unit it duplicates.
func (s *Server) importedView(c echo.Context, pg views.Page, unit store.Org, i int, im exchange.Imported) (views.ImportedView, error) {
	r := scoring.Score(&im.Form, &scoring.Default)
	calc := calcView(pg.Lang, &im.Form, &r)
	v := views.ImportedView{Project: im.Form.Project, Year: strconv.Itoa(im.Form.Year), Rows: len(im.Form.Indicators),
		Rate: calc.Rate(), Total: calc.Total, Grade: calc.GradeName(), Index: i, Unit: unit.Name}
	if u := strings.TrimSpace(im.Form.Unit); u != "" && u != unit.Name {
		v.FileUnit = u
	}
	for _, n := range im.Notes {
		v.Notes = append(v.Notes, diag.NoteMessage(n, pg.Lang))
	}
	dups, err := s.store.FindDuplicates(c.Request().Context(), unit.ID, im.Form.Year, im.Form.Project)
	if err != nil {
		return v, err
	}
	for _, d := range dups {
		v.Duplicates = append(v.Duplicates, views.DuplicateView{ID: d.ID, Project: d.Project, StatusLabel: pg.T("status." + d.Status)})
		if v.ReplaceID == 0 && d.Replaceable() {
			v.ReplaceID = d.ID
		}
	}
	return v, nil
}

// importCreate creates the previewed forms as drafts of the person's unit, all or none; a
// form that duplicates a stored one is skipped, replaces it or is kept beside it as the
// person chose (dup.N, default skip; target.N is the draft to replace).
func (s *Server) importCreate(c echo.Context) error {
	p, _ := principal(c)
	page := views.ImportPage{Page: s.page(c)}
	page.Nav = s.nav(c, p)
	stash := c.FormValue("stash")
	forms, ok := s.previews.get(p.UserID, stash, s.cfg.Now())
	if !ok {
		page.Error = page.T("import.expired")
		return render(c, http.StatusUnprocessableEntity, views.ImportView(page))
	}
	choices := make([]choice, len(forms))
	for i := range forms {
		ch, ok := parseChoice(c.FormValue("dup."+strconv.Itoa(i)), c.FormValue("target."+strconv.Itoa(i)))
		if !ok {
			page.Error = page.T("import.bad_choice", c.FormValue("dup."+strconv.Itoa(i)))
			return render(c, http.StatusUnprocessableEntity, views.ImportView(page))
		}
		choices[i] = ch
	}
	outs, err := s.importDrafts(c, p, forms, choices)
	if msg := refusal(page.Page, err); msg != "" {
		page.Error = msg
		return render(c, http.StatusUnprocessableEntity, views.ImportView(page))
	}
	if err != nil {
		return err
	}
	s.previews.drop(stash)
	n := tally(outs)
	target := "/forms?year=" + strconv.Itoa(forms[0].Year) + "&created=" + strconv.Itoa(n[store.Created])
	if n[store.Replaced]+n[store.Skipped] > 0 {
		target += "&replaced=" + strconv.Itoa(n[store.Replaced]) + "&skipped=" + strconv.Itoa(n[store.Skipped])
	}
	return c.Redirect(http.StatusSeeOther, target)
}

// refusal is the message for an import or copy the store refused as a whole ("" for any other error).
func refusal(pg views.Page, err error) string {
	var ie *store.ImportError
	var de *app.DraftError
	var le *form.LimitError
	switch {
	case errors.As(err, &de) && errors.As(err, &le):
		return pg.T("import.failed", pg.T("import.limit", de.Index+1, de.Project, limitMessage(pg, le)))
	case errors.As(err, &ie) && errors.Is(err, store.ErrNotDraft):
		return pg.T("import.replace_refused", ie.Project)
	case errors.Is(err, store.ErrConflict):
		return pg.T("import.stale")
	}
	return ""
}

// tally counts the outcomes by action.
func tally(outs []store.Outcome) map[store.Action]int {
	n := map[store.Action]int{}
	for _, o := range outs {
		n[o.Action]++
	}
	return n
}

// copyYear starts next year's drafts from every form of the person's unit in a year; a form
// that next year already has is skipped, and the list says how many were.
func (s *Server) copyYear(c echo.Context) error {
	p, _ := principal(c)
	year, err := strconv.Atoi(c.FormValue("year"))
	if err != nil {
		return echo.ErrBadRequest
	}
	outs, err := s.app.CopyYear(c.Request().Context(), p, year)
	if msg := refusal(s.page(c), err); msg != "" {
		return &pageError{Code: http.StatusUnprocessableEntity, Key: "error.refused", Args: []any{msg}}
	}
	if err != nil {
		return appError(err)
	}
	n := tally(outs)
	target := "/forms?year=" + strconv.Itoa(year+1) + "&copied_all=" + strconv.Itoa(n[store.Created])
	if n[store.Skipped] > 0 {
		target += "&skipped=" + strconv.Itoa(n[store.Skipped])
	}
	return c.Redirect(http.StatusSeeOther, target)
}

// choice is what to do with a form to create when it duplicates a stored one.
type choice struct {
	policy store.OnDuplicate
	target int64 // the draft to replace; 0 = the first draft among the duplicates
}

// parseChoice reads a posted choice ("" is skip) and the draft to replace; ok is false for
// a choice that is not skip, replace or keep.
func parseChoice(policy, target string) (choice, bool) {
	ch := choice{policy: store.Skip}
	if policy != "" {
		var ok bool
		if ch.policy, ok = store.ParseOnDuplicate(policy); !ok {
			return ch, false
		}
	}
	if id, err := strconv.ParseInt(target, 10, 64); err == nil && id > 0 {
		ch.target = id
	}
	return ch, true
}

// importDrafts stores forms as drafts of p's unit, each duplicate as its choice says, all or
// none (app.CreateDrafts).
func (s *Server) importDrafts(c echo.Context, p auth.Principal, forms []form.Form, choices []choice) ([]store.Outcome, error) {
	drafts := make([]app.Draft, len(forms))
	for i, f := range forms {
		drafts[i] = app.Draft{Form: f, OnDuplicate: choices[i].policy, ReplaceID: choices[i].target}
	}
	outs, err := s.app.CreateDrafts(c.Request().Context(), p, drafts)
	if errors.Is(err, app.ErrForbidden) {
		return nil, echo.ErrForbidden
	}
	return outs, err
}

// isXLSXPath reports whether the form address asks for the workbook.
func isXLSXPath(ext string) bool { return strings.EqualFold(ext, "xlsx") }
