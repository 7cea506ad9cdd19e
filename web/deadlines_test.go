package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"selfeval/internal/app"
)

// TestDeadlines: the supervisor opens the demo department's 2022 for its units with a due
// date; the staff see the days left in their navigation; once the date has passed, the
// overview lists the demo unit (its drafts unsubmitted) as late, with a line to copy for the
// reminder; a bad date is refused with a message; staff cannot open a year, nor a supervisor
// another department's.
func TestDeadlines(t *testing.T) {
	e := newEnv(t)
	sup := e.client(t).loginAs("supervisor")
	dept := strconv.FormatInt(e.DemoDept.ID, 10)
	due := e.clock().In(time.FixedZone("CST", 8*3600)).AddDate(0, 0, 10).Format("2006-01-02")
	resp := sup.postForm("/overview/deadline", url.Values{"dept_id": {dept}, "year": {"2022"}, "due": {due}})
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "msg=admin.deadline_set") {
		t.Fatalf("open the year: %d → %s", resp.StatusCode, loc)
	}
	resp.Body.Close()
	if got := sup.page("/overview?year=2022").Find(`[data-testid=days-left]`).Text(); got != "还有 10 天" {
		t.Errorf("the overview says %q of the due date, want 还有 10 天", got)
	}
	staff := e.client(t).loginAs("staff")
	if got := staff.page("/forms").Find(`[data-testid=nav-deadline]`).Text(); !strings.Contains(got, due) || !strings.Contains(got, "还有 10 天") {
		t.Errorf("the staff's navigation says %q, want the due date and 还有 10 天", got)
	}
	if late := sup.page("/overview?year=2022").Find(`[data-testid=late]`).Length(); late != 0 {
		t.Error("a unit is late before the due date")
	}

	// The due date moved to a day that has passed: five days ago.
	due = e.clock().In(time.FixedZone("CST", 8*3600)).AddDate(0, 0, -5).Format("2006-01-02")
	resp = sup.postForm("/overview/deadline", url.Values{"dept_id": {dept}, "year": {"2022"}, "due": {due}})
	resp.Body.Close()
	late, _ := app.DaysLeft(due, e.clock())
	doc := sup.page("/overview?year=2022")
	if got := doc.Find(`[data-testid=days-left]`).Text(); late != -5 || got != "已逾期 5 天" {
		t.Errorf("after the due date the overview says %q (%d days)", got, late)
	}
	if got := doc.Find(`[data-testid=late]`).Text(); !strings.Contains(got, e.DemoUnit.Name) {
		t.Errorf("late units %q, want the demo unit", got)
	}
	if got := doc.Find(`[data-testid=remind]`).Text(); !strings.Contains(got, e.DemoUnit.Name+"：草稿 10 张、已退回 0 张未提交（截止 "+due+"）") {
		t.Errorf("the reminder reads %q", got)
	}

	for _, bad := range []string{"2022-13-01", "明天", "2030-01-01", ""} {
		resp := sup.postForm("/overview/deadline", url.Values{"dept_id": {dept}, "year": {"2022"}, "due": {bad}})
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); !strings.Contains(loc, "err=admin.deadline_bad") {
			t.Errorf("due %q: → %s, want refused", bad, loc)
		}
	}
	// A unit is no department: refused with the catalog's message, nothing else in it.
	admin := e.client(t).loginAs("admin")
	resp = admin.postForm("/overview/deadline", url.Values{"dept_id": {strconv.FormatInt(e.DemoUnit.ID, 10)}, "year": {"2022"}, "due": {due}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("a unit's deadline: %d", resp.StatusCode)
	}
	if msg := admin.page(resp.Header.Get("Location")).Find(`[data-testid=overview-error]`).Text(); msg != "请完整填写。" {
		t.Errorf("a unit's deadline says %q", msg)
	}
	other := strconv.FormatInt(e.OtherDept.ID, 10)
	resp = sup.postForm("/overview/deadline", url.Values{"dept_id": {other}, "year": {"2022"}, "due": {due}})
	wantStatus(t, sup, resp, http.StatusForbidden)
	resp = staff.postForm("/overview/deadline", url.Values{"dept_id": {dept}, "year": {"2022"}, "due": {due}})
	wantStatus(t, staff, resp, http.StatusForbidden)
}

// TestDaysLeft: days are counted in China's calendar: 0 on the due day, negative after it.
func TestDaysLeft(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	for _, tt := range []struct {
		due  string
		now  time.Time
		want int
	}{
		{"2023-03-31", time.Date(2023, 3, 31, 23, 59, 0, 0, cst), 0},
		{"2023-03-31", time.Date(2023, 3, 31, 16, 30, 0, 0, time.UTC), -1}, // 00:30 on 1 April in China
		{"2023-03-31", time.Date(2023, 3, 1, 9, 0, 0, 0, cst), 30},
	} {
		if got, ok := app.DaysLeft(tt.due, tt.now); !ok || got != tt.want {
			t.Errorf("DaysLeft(%s, %v) = %d, %v; want %d", tt.due, tt.now, got, ok, tt.want)
		}
	}
	if _, ok := app.DaysLeft("", time.Now()); ok {
		t.Error("no due date has days left")
	}
}
