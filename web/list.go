package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"selfeval/internal/app"
	"selfeval/internal/auth"
	"selfeval/internal/form"
	"selfeval/internal/scoring"
	"selfeval/internal/store"
	"selfeval/views"
)

// visibleUnits lists the units whose forms p may see; nil means every unit. A page asks
// for them more than once (its list, the navigation's counts), so they are read once a request.
func (s *Server) visibleUnits(c echo.Context, p auth.Principal) ([]int64, error) {
	if units, ok := c.Get(unitsKey).([]int64); ok {
		return units, nil
	}
	units, err := s.app.VisibleUnits(c.Request().Context(), p)
	if err == nil {
		c.Set(unitsKey, units)
	}
	return units, err
}

// unitsKey keeps a request's visible units in its context.
const unitsKey = "selfeval.units"

// nav counts what waits for p: drafts to fill in, returned forms, forms to review.
func (s *Server) nav(c echo.Context, p auth.Principal) views.NavCounts {
	units, err := s.visibleUnits(c, p)
	if err != nil {
		return views.NavCounts{}
	}
	counts, err := s.store.StatusCounts(c.Request().Context(), store.ListFilter{UnitIDs: units})
	if err != nil {
		return views.NavCounts{}
	}
	switch p.Role {
	case auth.RoleStaff:
		return views.NavCounts{ToFill: counts["draft"], Returned: counts["returned"]}
	case auth.RoleSupervisor:
		return views.NavCounts{ToReview: counts["submitted"]}
	}
	return views.NavCounts{}
}

func (s *Server) listForms(c echo.Context) error {
	p, _ := principal(c)
	if c.QueryParam("deleted") == "1" && (p.Role == auth.RoleAdmin || p.Role == auth.RoleAuditor) {
		return s.deletedList(c, p)
	}
	year, _ := strconv.Atoi(c.QueryParam("year"))
	page, x, err := s.listPage(c, p, year, c.QueryParam("status"))
	if err != nil {
		return err
	}
	page.Message = s.listMessage(c, page.Page, p)
	return render(c, http.StatusOK, views.ListView(page, x))
}

// listPage builds the list of year (0 = the newest year with forms) and status for p, with
// the delete action on the drafts p may delete.
func (s *Server) listPage(c echo.Context, p auth.Principal, year int, status string) (views.ListPage, views.ListExtra, error) {
	ctx := c.Request().Context()
	units, err := s.visibleUnits(c, p)
	if err != nil {
		return views.ListPage{}, views.ListExtra{}, err
	}
	years, err := s.store.Years(ctx)
	if err != nil {
		return views.ListPage{}, views.ListExtra{}, err
	}
	if year == 0 {
		year = time.Now().Year()
		if len(years) > 0 {
			year = years[0] // newest first
		}
	}
	if !containsInt(years, year) {
		years = append(years, year)
		sort.Sort(sort.Reverse(sort.IntSlice(years)))
	}
	rows, err := s.store.ListForms(ctx, store.ListFilter{Year: year, Status: status, UnitIDs: units})
	if err != nil {
		return views.ListPage{}, views.ListExtra{}, err
	}
	page := views.ListPage{Page: s.page(c), Year: year, Years: years, Status: status, CanCreate: p.Role == auth.RoleStaff}
	page.Nav = s.nav(c, p)
	x := views.ListExtra{ShowDeleted: p.Role == auth.RoleAdmin || p.Role == auth.RoleAuditor, Rows: map[int64]views.RowExtra{}}
	for _, r := range rows {
		page.Rows = append(page.Rows, listRow(page.Page, r, p.Role == auth.RoleStaff))
		if app.CanDelete(p, r.UnitID, r.Status) {
			x.Rows[r.ID] = views.RowExtra{CanDelete: true, ConfirmDelete: page.T("list.delete_confirm", r.Project),
				DeleteLabel: page.T("list.delete_label", r.Project)}
		}
	}
	return page, x, nil
}

// listMessage is the notice of the list after an import, a copy, a deletion or a restore.
func (s *Server) listMessage(c echo.Context, pg views.Page, p auth.Principal) string {
	q := c.QueryParam
	num := func(k string) (int, bool) { n, err := strconv.Atoi(q(k)); return n, err == nil }
	if n, ok := num("created"); ok {
		if r, ok := num("replaced"); ok {
			k, _ := num("skipped")
			return pg.T("import.result", n, r, k)
		}
		return pg.T("import.created", n)
	}
	if n, ok := num("copied_all"); ok {
		if k, ok := num("skipped"); ok {
			return pg.T("list.copied_skipped", n, k)
		}
		return pg.T("list.copied_all", n)
	}
	if id, err := strconv.ParseInt(q("removed"), 10, 64); err == nil {
		if project := s.deletedProject(c, p, id); project != "" {
			return pg.T("list.deleted_one", project)
		}
	}
	return ""
}

func listRow(pg views.Page, r store.FormSummary, canCopy bool) views.ListRow {
	return views.ListRow{
		ID: r.ID, Project: r.Project, Unit: r.Unit, Status: r.Status, StatusLabel: pg.T("status." + r.Status),
		ExecutionRate: percent(r.ExecutionRate), Total: r.Total, Grade: gradeLabel(pg, r.Grade), UpdatedAt: stamp(r.UpdatedAt),
		CanCopy: canCopy,
	}
}

func percent(rate string) string {
	if rate == "" {
		return ""
	}
	return rate + "%"
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// createForm starts a new draft for the person's unit with the usual indicator skeleton.
func (s *Server) createForm(c echo.Context) error {
	p, _ := principal(c)
	if p.Role != auth.RoleStaff {
		return echo.ErrForbidden
	}
	year, err := strconv.Atoi(c.FormValue("year"))
	project := strings.TrimSpace(c.FormValue("project"))
	if err != nil || year < 2000 || year > 2100 || project == "" {
		return fail(http.StatusBadRequest, "list.new_invalid")
	}
	f := form.Form{Year: year, Project: project, Indicators: scoring.Default.Skeleton()}
	return s.createFor(c, p, f)
}

// copyForm starts next year's draft from a form (form.NextYear). When next year already has
// the form, it asks what to do (open the existing one, replace it if a draft, keep both),
// and does it when on_duplicate (replace, keep or skip) and target say.
func (s *Server) copyForm(c echo.Context) error {
	l, err := s.loadForm(c)
	if err != nil {
		return err
	}
	if !auth.CanEdit(l.p, l.a.UnitID) {
		return echo.ErrForbidden
	}
	asked := c.FormValue("on_duplicate")
	ch, ok := parseChoice(asked, c.FormValue("target"))
	if !ok {
		return fail(http.StatusBadRequest, "copy.bad_choice", asked)
	}
	next := form.NextYear(l.rec.Form)
	outs, err := s.importDrafts(c, l.p, []form.Form{next}, []choice{ch})
	if msg := refusal(s.page(c), err); msg != "" {
		return s.copyQuestion(c, l, next, http.StatusConflict, msg)
	}
	if err != nil {
		return err
	}
	o := outs[0]
	switch {
	case o.Action == store.Skipped && asked == "":
		return s.copyQuestion(c, l, next, http.StatusOK, "")
	case o.Action == store.Skipped:
		return c.Redirect(http.StatusSeeOther, "/forms/"+strconv.FormatInt(o.Duplicates[0].ID, 10))
	}
	return c.Redirect(http.StatusSeeOther, "/forms/"+strconv.FormatInt(o.Record.ID, 10)+"?done=copied")
}

// copyQuestion is the page that asks what to do with a copy next year already has.
func (s *Server) copyQuestion(c echo.Context, l loaded, next form.Form, code int, msg string) error {
	dups, err := s.store.FindDuplicates(c.Request().Context(), l.p.OrgID, next.Year, next.Project)
	if err != nil {
		return err
	}
	if len(dups) == 0 { // gone meanwhile: nothing to ask about
		return c.Redirect(http.StatusSeeOther, "/forms?year="+strconv.Itoa(next.Year))
	}
	d := dups[0]
	for _, x := range dups {
		if x.Replaceable() {
			d = x
			break
		}
	}
	pg := views.CopyDuplicatePage{Page: s.page(c), SourceID: l.id, Year: next.Year, Project: d.Project,
		ExistingID: d.ID, Status: s.page(c).T("status." + d.Status), CanReplace: d.Replaceable(), Error: msg}
	pg.Nav = s.nav(c, l.p)
	return render(c, code, views.CopyDuplicateView(pg))
}

// createFor stores f as a new draft of p's unit and shows it.
func (s *Server) createFor(c echo.Context, p auth.Principal, f form.Form) error {
	outs, err := s.app.CreateDrafts(c.Request().Context(), p, []app.Draft{{Form: f}})
	if err != nil {
		return appError(err)
	}
	return c.Redirect(http.StatusSeeOther, "/forms/"+strconv.FormatInt(outs[0].Record.ID, 10))
}
