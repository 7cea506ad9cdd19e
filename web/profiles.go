package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"selfeval/internal/app"
	"selfeval/internal/i18n"
	"selfeval/internal/scoring"
	"selfeval/internal/store"
	"selfeval/views"
)

// profilesPage is /admin/profiles: the known profiles and the choice of each department and
// year (the administrator changes it; the auditor reads it).
func (s *Server) profilesPage(c echo.Context) error {
	ctx := c.Request().Context()
	orgs, err := s.store.Orgs(ctx)
	if err != nil {
		return err
	}
	choices, err := s.store.ProfileChoices(ctx)
	if err != nil {
		return err
	}
	p, _ := principal(c)
	page := views.ProfilesPage{Page: s.page(c), Year: time.Now().In(shanghai).Year() - 1}
	page.Nav = s.nav(c, p)
	page.Message, page.Error = adminMessage(page.Page, c.QueryParam("msg"), c.QueryParam("arg")), adminMessage(page.Page, c.QueryParam("err"), c.QueryParam("arg"))
	names := map[int64]string{}
	for _, o := range orgs {
		names[o.ID] = o.Name
		if o.ParentID == 0 {
			page.Departments = append(page.Departments, views.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
		}
	}
	for _, pr := range scoring.Profiles() {
		page.Profiles = append(page.Profiles, views.ProfileRow{Name: pr.Name, Title: pr.Title, Version: pr.Version})
	}
	for _, ch := range choices {
		page.Choices = append(page.Choices, views.ChoiceRow{DeptID: ch.DeptID, Department: names[ch.DeptID], Year: ch.Year,
			Profile: app.ProfileOf(ch.Profile).Title})
	}
	return render(c, http.StatusOK, views.ProfilesView(page))
}

// profilesDone goes back to /admin/profiles with a message, as adminDone does for /admin.
func (s *Server) profilesDone(c echo.Context, key string, ok bool, arg string) error {
	return doneAt(c, "/admin/profiles", key, ok, arg)
}

// chooseProfile is POST /admin/profiles: the profile of a department's forms of a year.
func (s *Server) chooseProfile(c echo.Context) error {
	dept, _ := strconv.ParseInt(c.FormValue("dept_id"), 10, 64)
	year, err := strconv.Atoi(c.FormValue("year"))
	name := c.FormValue("profile")
	if err != nil || year < 2000 || year > 2100 {
		return s.profilesDone(c, "admin.bad_input", false, "")
	}
	p, _ := principal(c)
	err = s.app.ChooseProfile(c.Request().Context(), p, dept, year, name)
	switch {
	case errors.Is(err, app.ErrUnknownProfile):
		return s.profilesDone(c, "admin.profile_unknown", false, "")
	case errors.Is(err, store.ErrNotFound):
		return s.profilesDone(c, "admin.bad_input", false, "")
	case err != nil:
		return err
	}
	return s.profilesDone(c, "admin.profile_chosen", true, app.ProfileOf(name).Title)
}

// rescoreTarget reads the department (under the name deptKey) and the year of a rescoring.
func rescoreTarget(c echo.Context, deptKey string) (int64, int, bool) {
	dept, err1 := strconv.ParseInt(c.FormValue(deptKey), 10, 64)
	year, err2 := strconv.Atoi(c.FormValue("year"))
	return dept, year, err1 == nil && err2 == nil && year >= 2000 && year <= 2100
}

// rescorePage is GET /admin/rescore?dept=D&year=Y: what rescoring that year changes.
func (s *Server) rescorePage(c echo.Context) error {
	dept, year, ok := rescoreTarget(c, "dept")
	if !ok {
		return echo.ErrNotFound
	}
	ctx := c.Request().Context()
	d, err := s.store.OrgByID(ctx, dept)
	if errors.Is(err, store.ErrNotFound) || err == nil && d.ParentID != 0 {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	chosen, found, err := s.store.ProfileFor(ctx, dept, year)
	if err != nil {
		return err
	}
	if !found {
		return echo.ErrNotFound
	}
	p, _ := principal(c)
	plan, err := s.app.RescorePlan(ctx, p, dept, year)
	if err != nil {
		return err
	}
	page := views.RescorePage{Page: s.page(c), DeptID: dept, Department: d.Name, Year: year, Profile: app.ProfileOf(chosen).Title}
	page.Nav = s.nav(c, p)
	for _, r := range plan {
		row := views.RescoreRow{ID: r.ID, Project: r.Project, Unit: r.Unit, From: r.From, Changed: r.Changed() && !r.Kept, Kept: r.Kept,
			RateBefore: r.Before.ExecutionRate + "%", RateAfter: r.After.ExecutionRate + "%",
			TotalBefore: r.Before.Total, TotalAfter: r.After.Total,
			GradeBefore: i18n.GradeLabel(page.Lang, r.Before.Grade), GradeAfter: i18n.GradeLabel(page.Lang, r.After.Grade)}
		if r.Kept {
			row.RateAfter, row.TotalAfter, row.GradeAfter = row.RateBefore, row.TotalBefore, row.GradeBefore
		}
		if row.Changed {
			page.Changing++
		}
		page.Rows = append(page.Rows, row)
	}
	return render(c, http.StatusOK, views.RescoreView(page))
}

// rescore is POST /admin/rescore: the forms of a department's year scored with its chosen profile.
func (s *Server) rescore(c echo.Context) error {
	dept, year, ok := rescoreTarget(c, "dept_id")
	if !ok {
		return s.profilesDone(c, "admin.bad_input", false, "")
	}
	p, _ := principal(c)
	n, err := s.app.Rescore(c.Request().Context(), p, dept, year)
	if err != nil {
		return err
	}
	return s.profilesDone(c, "admin.rescored", true, strconv.Itoa(n))
}
