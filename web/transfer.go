package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"selfeval/internal/auth"
	"selfeval/internal/exchange"
	"selfeval/internal/form"
	"selfeval/internal/scoring"
	"selfeval/internal/store"
	"selfeval/views"
)

// exportForm is /forms/{id}.xlsx: the form in the official layout, with formulas.
func (s *Server) exportForm(c echo.Context, rec store.FormRecord) error {
	prof := profileOf(rec.Profile)
	return s.sendXLSX(c, rec.Form.Project, []form.Form{rec.Form}, &prof)
}

// exportYear is /forms.xlsx?year=Y: every form of that year the person may see, a sheet each,
// and a summary sheet.
func (s *Server) exportYear(c echo.Context) error {
	p, _ := principal(c)
	year, err := strconv.Atoi(c.QueryParam("year"))
	if err != nil {
		return echo.ErrBadRequest
	}
	units, err := s.visibleUnits(c, p)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	list, err := s.store.ListForms(ctx, store.ListFilter{Year: year, UnitIDs: units})
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return echo.ErrNotFound
	}
	forms := make([]form.Form, 0, len(list))
	for _, fs := range list {
		rec, err := s.store.Form(ctx, fs.ID)
		if err != nil {
			return err
		}
		forms = append(forms, rec.Form)
	}
	return s.sendXLSX(c, strconv.Itoa(year), forms, &scoring.Default)
}

func (s *Server) sendXLSX(c echo.Context, name string, forms []form.Form, p *scoring.Profile) error {
	var buf bytes.Buffer
	if err := exchange.WriteXLSX(&buf, forms, p); err != nil {
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
// reader's notes, before anything is created.
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
	read, format, err := exchange.Read(data)
	if err != nil {
		page.Error = page.T("import.failed", err.Error())
		return render(c, http.StatusUnprocessableEntity, views.ImportView(page))
	}
	page.Format = string(format)
	docs := make([]exchange.Document, len(read))
	prof := scoring.Default
	for i, im := range read {
		r := scoring.Score(&im.Form, &prof)
		v := views.ImportedView{Project: im.Form.Project, Year: strconv.Itoa(im.Form.Year), Rows: len(im.Form.Indicators),
			Rate: r.ExecutionRate.Fixed(2) + "%", Total: r.Total.Fixed(2), Grade: r.Grade}
		for _, n := range im.Notes {
			msg := n.Zh
			if page.Lang == "en" {
				msg = n.En
			}
			v.Notes = append(v.Notes, msg)
		}
		page.Found = append(page.Found, v)
		docs[i] = exchange.Document{Form: im.Form}
	}
	payload, err := json.Marshal(docs)
	if err != nil {
		return err
	}
	page.Payload = string(payload)
	return render(c, http.StatusOK, views.ImportView(page))
}

// importCreate creates the previewed forms as drafts of the person's unit, all or none.
func (s *Server) importCreate(c echo.Context) error {
	p, _ := principal(c)
	forms, err := exchange.ReadJSON([]byte(c.FormValue("forms")))
	if err != nil {
		page := views.ImportPage{Page: s.page(c)}
		page.Error = page.T("import.failed", err.Error())
		return render(c, http.StatusUnprocessableEntity, views.ImportView(page))
	}
	n, err := s.createDrafts(c, p, forms)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/forms?year="+strconv.Itoa(forms[0].Year)+"&created="+strconv.Itoa(n))
}

// copyYear starts next year's drafts from every form of the person's unit in a year.
func (s *Server) copyYear(c echo.Context) error {
	p, _ := principal(c)
	year, err := strconv.Atoi(c.FormValue("year"))
	if err != nil {
		return echo.ErrBadRequest
	}
	ctx := c.Request().Context()
	list, err := s.store.ListForms(ctx, store.ListFilter{Year: year, UnitIDs: []int64{p.OrgID}})
	if err != nil {
		return err
	}
	var next []form.Form
	for _, fs := range list {
		rec, err := s.store.Form(ctx, fs.ID)
		if err != nil {
			return err
		}
		next = append(next, form.NextYear(rec.Form))
	}
	if len(next) == 0 {
		return echo.ErrNotFound
	}
	n, err := s.createDrafts(c, p, next)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/forms?year="+strconv.Itoa(year+1)+"&copied_all="+strconv.Itoa(n))
}

// createDrafts stores forms as drafts of p's unit (department and unit names from the
// organisation tree), in one transaction.
func (s *Server) createDrafts(c echo.Context, p auth.Principal, forms []form.Form) (int, error) {
	ctx := c.Request().Context()
	unit, err := s.store.OrgByID(ctx, p.OrgID)
	if err != nil {
		return 0, err
	}
	dept := ""
	if unit.ParentID != 0 {
		if d, err := s.store.OrgByID(ctx, unit.ParentID); err == nil {
			dept = d.Name
		}
	}
	prof := scoring.Default
	news := make([]store.NewForm, len(forms))
	for i, f := range forms {
		f.Unit, f.Department = unit.Name, dept
		news[i] = store.NewForm{Form: f, UnitID: unit.ID, Profile: prof.Name, Summary: store.Summarize(&f, &prof)}
	}
	recs, err := s.store.CreateForms(ctx, news, p.UserID)
	return len(recs), err
}

// isXLSXPath reports whether the form address asks for the workbook.
func isXLSXPath(ext string) bool { return strings.EqualFold(ext, "xlsx") }
