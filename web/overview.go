package web

import (
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"selfeval/internal/app"
	"selfeval/internal/auth"
	"selfeval/internal/i18n"
	"selfeval/internal/store"
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
	ov, err := s.app.Overview(ctx, p, year, s.cfg.Now())
	if err != nil {
		return appError(err)
	}
	page := views.OverviewPage{Page: s.page(c), Year: year, Years: years, Forms: ov.Forms}
	page.Nav = s.nav(c, p)
	page.Message, page.Error = adminMessage(page.Page, c.QueryParam("msg"), c.QueryParam("arg")), adminMessage(page.Page, c.QueryParam("err"), c.QueryParam("arg"))
	page.Deadlines = s.deadlineRows(p, page.Page, &ov)
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
		if u.Late {
			page.Late = append(page.Late, row)
			page.Remind += remindLine(page.Page, u) + "\n"
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

// remindLine is a late unit's line of the "to remind" list: what it has still to submit.
func remindLine(p views.Page, u app.UnitProgress) string {
	if u.NotStarted() {
		return p.T("overview.remind_none", u.Unit.Name, u.Due)
	}
	return p.T("overview.remind_line", u.Unit.Name, u.ByStatus[string(workflow.Draft)], u.ByStatus[string(workflow.Returned)], u.Due)
}

// deadlineRows are the departments of ov with their due dates of the year, in words.
func (s *Server) deadlineRows(p auth.Principal, pg views.Page, ov *app.Overview) []views.DeadlineRow {
	var out []views.DeadlineRow
	for _, d := range ov.Departments {
		row := views.DeadlineRow{DeptID: d.Department.ID, Department: d.Department.Name, Due: d.Due,
			CanSet: p.Role == auth.RoleAdmin || p.Role == auth.RoleSupervisor}
		if days, ok := app.DaysLeft(row.Due, s.cfg.Now()); ok {
			row.Left, row.Late = daysText(pg, days), days < 0
		}
		out = append(out, row)
	}
	return out
}

// navDeadline is what the staff's navigation says of the due date of their department's
// newest open self-assessment: "2022 年度截止 2023-03-31，还有 10 天", or "".
func (s *Server) navDeadline(c echo.Context, p auth.Principal) string {
	d, ok, err := s.app.UnitDeadline(c.Request().Context(), p.OrgID)
	if err != nil || !ok {
		return ""
	}
	days, ok := app.DaysLeft(d.Due, s.cfg.Now())
	if !ok {
		return ""
	}
	pg := s.page(c)
	return pg.T("deadline.nav", d.Year, d.Due, daysText(pg, days))
}

// daysText says the days left to a due date, or how long ago it passed.
func daysText(p views.Page, days int) string {
	switch {
	case days > 0:
		return p.T("deadline.days_left", days)
	case days == 0:
		return p.T("deadline.today")
	}
	return p.T("deadline.days_late", -days)
}

// openYear is POST /overview/deadline: a department's self-assessment of a year opened for its
// units with a due date, or its due date moved.
func (s *Server) openYear(c echo.Context) error {
	dept, _ := strconv.ParseInt(c.FormValue("dept_id"), 10, 64)
	year, _ := strconv.Atoi(c.FormValue("year"))
	due := c.FormValue("due")
	back := func(param, key, arg string) error {
		q := url.Values{param: {key}, "arg": {arg}}
		if year >= 2000 && year <= 2100 {
			q.Set("year", strconv.Itoa(year))
		}
		return c.Redirect(http.StatusSeeOther, "/overview?"+q.Encode())
	}
	p, _ := principal(c)
	err := s.app.OpenYear(c.Request().Context(), p, dept, year, due)
	switch {
	case errors.Is(err, app.ErrBadDate):
		return back("err", "admin.deadline_bad", due)
	case errors.Is(err, store.ErrNotFound):
		return back("err", "admin.bad_input", "")
	case err != nil:
		return appError(err)
	}
	return back("msg", "admin.deadline_set", due)
}

// unitRow is a unit's line of the overview.
func unitRow(u app.UnitProgress) views.UnitRow {
	return views.UnitRow{Unit: u.Unit.Name, Department: u.Department, Forms: u.Forms, Late: u.Late,
		Draft: u.ByStatus[string(workflow.Draft)], Submitted: u.ByStatus[string(workflow.Submitted)],
		Returned: u.ByStatus[string(workflow.Returned)], Approved: u.ByStatus[string(workflow.Approved)]}
}
