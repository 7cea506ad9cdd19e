package app

import (
	"context"
	"errors"
	"time"

	"selfeval/internal/auth"
	"selfeval/internal/store"
	"selfeval/internal/workflow"
)

// ErrBadDate is a due date that is not a day (YYYY-MM-DD) within two years after the year assessed.
var ErrBadDate = errors.New("app: bad due date")

// china is the time zone the due dates are days of.
var china = time.FixedZone("CST", 8*3600)

// OpenYear opens department deptID's self-assessment of year for its units, due on due
// (YYYY-MM-DD, the last day forms may be submitted), or moves its due date. An administrator
// opens any department's; a supervisor their own department's (ErrForbidden otherwise).
func (a *App) OpenYear(ctx context.Context, p auth.Principal, deptID int64, year int, due string) error {
	if !(p.Role == auth.RoleAdmin || p.Role == auth.RoleSupervisor && p.OrgID == deptID) {
		return ErrForbidden
	}
	d, err := time.ParseInLocation("2006-01-02", due, china)
	if err != nil || year < 2000 || year > 2100 || d.Year() < year || d.Year() > year+2 {
		return ErrBadDate
	}
	return a.store.SetDeadline(ctx, deptID, year, due, p.UserID)
}

// DaysLeft is the number of days from today's date (in China) to the due date: 0 on the due
// day itself, negative once it has passed. ok is false for a date that does not parse.
func DaysLeft(due string, now time.Time) (days int, ok bool) {
	d, err := time.ParseInLocation("2006-01-02", due, china)
	if err != nil {
		return 0, false
	}
	y, m, day := now.In(china).Date()
	today := time.Date(y, m, day, 0, 0, 0, 0, china)
	return int(d.Sub(today).Hours() / 24), true
}

// UnitDeadline is the due date of the newest self-assessment open for unit's department,
// and the year it is of; ok is false when none is open.
func (a *App) UnitDeadline(ctx context.Context, unit int64) (store.Deadline, bool, error) {
	u, err := a.store.OrgByID(ctx, unit)
	if err != nil || u.ParentID == 0 {
		return store.Deadline{}, false, err
	}
	return a.store.LatestDeadline(ctx, u.ParentID)
}

// lateness marks the units of ov whose department's due date for ov.Year has passed while
// forms are still to submit (drafts, returned forms, or none at all).
func lateness(ov *Overview, deadlines []store.Deadline, now time.Time) {
	due := map[int64]string{}
	for _, d := range deadlines {
		due[d.DeptID] = d.Due
	}
	for i := range ov.Units {
		u := &ov.Units[i]
		u.Due = due[u.Unit.ParentID]
		days, ok := DaysLeft(u.Due, now)
		open := u.Forms == 0 || u.ByStatus[string(workflow.Draft)]+u.ByStatus[string(workflow.Returned)] > 0
		u.Late = ok && days < 0 && open
	}
}
