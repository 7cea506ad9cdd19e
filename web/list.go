package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"selfeval/internal/auth"
	"selfeval/internal/form"
	"selfeval/internal/scoring"
	"selfeval/internal/store"
	"selfeval/views"
)

// visibleUnits lists the units whose forms p may see; nil means every unit.
func (s *Server) visibleUnits(c echo.Context, p auth.Principal) ([]int64, error) {
	switch p.Role {
	case auth.RoleAdmin, auth.RoleAuditor:
		return nil, nil
	case auth.RoleStaff:
		return []int64{p.OrgID}, nil
	}
	orgs, err := s.store.Orgs(c.Request().Context())
	if err != nil {
		return nil, err
	}
	units := []int64{}
	for _, o := range orgs {
		if auth.CanView(p, o.ID, o.ParentID) {
			units = append(units, o.ID)
		}
	}
	return units, nil
}

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
	ctx := c.Request().Context()
	units, err := s.visibleUnits(c, p)
	if err != nil {
		return err
	}
	years, err := s.store.Years(ctx)
	if err != nil {
		return err
	}
	year, _ := strconv.Atoi(c.QueryParam("year"))
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
	status := c.QueryParam("status")
	rows, err := s.store.ListForms(ctx, store.ListFilter{Year: year, Status: status, UnitIDs: units})
	if err != nil {
		return err
	}
	page := views.ListPage{Page: s.page(c), Year: year, Years: years, Status: status, CanCreate: p.Role == auth.RoleStaff}
	page.Nav = s.nav(c, p)
	if n, err := strconv.Atoi(c.QueryParam("created")); err == nil {
		page.Message = page.T("import.created", n)
	}
	if n, err := strconv.Atoi(c.QueryParam("copied_all")); err == nil {
		page.Message = page.T("list.copied_all", n)
	}
	for _, r := range rows {
		page.Rows = append(page.Rows, listRow(page.Page, r, p.Role == auth.RoleStaff))
	}
	return render(c, http.StatusOK, views.ListView(page))
}

func listRow(pg views.Page, r store.FormSummary, canCopy bool) views.ListRow {
	return views.ListRow{
		ID: r.ID, Project: r.Project, Unit: r.Unit, Status: r.Status, StatusLabel: pg.T("status." + r.Status),
		ExecutionRate: percent(r.ExecutionRate), Total: r.Total, Grade: r.Grade, UpdatedAt: stamp(r.UpdatedAt),
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
		return echo.NewHTTPError(http.StatusBadRequest, "year and project are required")
	}
	f := form.Form{Year: year, Project: project, Indicators: scoring.Default.Skeleton()}
	return s.createFor(c, p, f, false)
}

// copyForm starts next year's draft from a form (form.NextYear).
func (s *Server) copyForm(c echo.Context) error {
	l, err := s.loadForm(c)
	if err != nil {
		return err
	}
	if !auth.CanEdit(l.p, l.a.UnitID) {
		return echo.ErrForbidden
	}
	return s.createFor(c, l.p, form.NextYear(l.rec.Form), true)
}

func (s *Server) createFor(c echo.Context, p auth.Principal, f form.Form, copied bool) error {
	ctx := c.Request().Context()
	unit, err := s.store.OrgByID(ctx, p.OrgID)
	if err != nil {
		return err
	}
	f.Unit = unit.Name
	if unit.ParentID != 0 {
		if dept, err := s.store.OrgByID(ctx, unit.ParentID); err == nil {
			f.Department = dept.Name
		}
	}
	prof := scoring.Default
	rec, err := s.store.CreateForm(ctx, f, unit.ID, prof.Name, store.Summarize(&f, &prof), p.UserID)
	if err != nil {
		return err
	}
	target := "/forms/" + strconv.FormatInt(rec.ID, 10)
	if copied {
		target += "?done=copied"
	}
	return c.Redirect(http.StatusSeeOther, target)
}
