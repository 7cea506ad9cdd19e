package web

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"selfeval/internal/app"
	"selfeval/internal/i18n"
	"selfeval/internal/workflow"
	"selfeval/views"
)

// flagsShown bounds the forms listed under each flag (the count says how many there are).
const flagsShown = 50

// overview is /overview?year=Y: the year at a glance for supervisors, administrators and
// auditors, over the units each may see (0 or no year: the newest year with forms).
func (s *Server) overview(c echo.Context) error {
	p, _ := principal(c)
	ctx := c.Request().Context()
	years, err := s.store.Years(ctx)
	if err != nil {
		return err
	}
	year, _ := strconv.Atoi(c.QueryParam("year"))
	if year < 2000 || year > 2100 {
		year = time.Now().In(shanghai).Year()
		if len(years) > 0 {
			year = years[0]
		}
	}
	if !containsInt(years, year) {
		years = append(years, year)
		sort.Sort(sort.Reverse(sort.IntSlice(years)))
	}
	ov, err := s.app.Overview(ctx, p, year)
	if err != nil {
		return appError(err)
	}
	page := views.OverviewPage{Page: s.page(c), Year: year, Years: years, Forms: ov.Forms}
	page.Nav = s.nav(c, p)
	for _, st := range []workflow.State{workflow.Draft, workflow.Submitted, workflow.Returned, workflow.Approved} {
		page.Statuses = append(page.Statuses, views.Bar{Label: page.T("status." + string(st)), N: ov.ByStatus[string(st)]})
	}
	for _, b := range ov.RateBands {
		page.RateBands = append(page.RateBands, views.Bar{Label: page.T("overview.band." + b.Key), N: b.N})
	}
	for _, g := range ov.Grades {
		label := page.T("overview.no_grade")
		if g.Key != "none" {
			label = i18n.GradeLabel(page.Lang, g.Key)
		}
		page.Grades = append(page.Grades, views.Bar{Label: label, N: g.N})
	}
	units := map[int64]string{}
	for _, u := range ov.Units {
		units[u.Unit.ID] = u.Unit.Name
		row := unitRow(u)
		page.Units = append(page.Units, row)
		if u.NotStarted() {
			page.NotStarted = append(page.NotStarted, u.Unit.Name)
		}
		if u.Waiting() > 0 {
			page.Waiting = append(page.Waiting, row)
		}
	}
	for _, f := range ov.Flags {
		fb := views.FlagBar{Code: f.Code, Label: page.T("flag." + f.Code), N: len(f.Forms)}
		for _, r := range f.Forms[:min(len(f.Forms), flagsShown)] {
			fb.Forms = append(fb.Forms, views.FormLink{ID: r.ID, Project: r.Project, Unit: units[r.UnitID]})
		}
		page.Flags = append(page.Flags, fb)
	}
	return render(c, http.StatusOK, views.OverviewView(page))
}

// unitRow is a unit's line of the overview.
func unitRow(u app.UnitProgress) views.UnitRow {
	return views.UnitRow{Unit: u.Unit.Name, Department: u.Department, Forms: u.Forms,
		Draft: u.ByStatus[string(workflow.Draft)], Submitted: u.ByStatus[string(workflow.Submitted)],
		Returned: u.ByStatus[string(workflow.Returned)], Approved: u.ByStatus[string(workflow.Approved)]}
}
