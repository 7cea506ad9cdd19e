package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"selfeval/internal/store"
)

// barValues are the numbers a chart of the page shows, bar by bar.
func barValues(doc *goquery.Document, testid string) []int {
	var out []int
	doc.Find(`[data-testid="` + testid + `"] [data-testid=bar-value]`).Each(func(_ int, s *goquery.Selection) {
		n, _ := strconv.Atoi(strings.TrimSpace(s.Text()))
		out = append(out, n)
	})
	return out
}

// TestOverview: the supervisor's overview of 2022 counts the demo department's forms by state,
// by execution rate and by grade as their stored summaries say, counts each flag and links its
// forms, names a unit that has not started, and lists the units waiting for review; an
// auditor sees it too, staff do not.
func TestOverview(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	idle, err := e.Store.CreateOrg(ctx, "尚未填报的单位", e.DemoDept.ID)
	if err != nil {
		t.Fatal(err)
	}
	sup := e.client(t).loginAs("supervisor")
	id := e.client(t).loginAs("staff").formIDOf(training, 2022)
	e.submitAs(t, id, "staff")

	recs, err := e.Store.FormsOf(ctx, store.ListFilter{Year: 2022, UnitIDs: []int64{e.DemoUnit.ID}})
	if err != nil || len(recs) == 0 {
		t.Fatalf("demo forms: %d, %v", len(recs), err)
	}
	low, excellent, flagged := 0, 0, 0
	for _, r := range recs {
		if r.Summary.Grade == "优" {
			excellent++
		}
		if strings.Contains(r.Summary.Flags, "funds.low_execution") {
			flagged++
		}
		if rate, _ := strconv.ParseFloat(r.Summary.ExecutionRate, 64); rate < 60 {
			low++
		}
	}

	resp := sup.get("/overview?year=2022")
	wantStatus(t, sup, resp, http.StatusOK)
	doc := sup.doc(resp)
	status := barValues(doc, "chart-status") // draft, submitted, returned, approved
	if len(status) != 4 || status[0] != len(recs)-1 || status[1] != 1 {
		t.Errorf("by state %v, want %d drafts and 1 submitted", status, len(recs)-1)
	}
	rates := barValues(doc, "chart-rate")
	if len(rates) != 7 || rates[0] != low || sum(rates) != len(recs) {
		t.Errorf("rates %v, want %d below 60%% and %d in all", rates, low, len(recs))
	}
	if grades := barValues(doc, "chart-grade"); len(grades) != 5 || grades[0] != excellent || sum(grades) != len(recs) {
		t.Errorf("grades %v, want %d 优", grades, excellent)
	}
	if flagged > 0 {
		g := doc.Find(`[data-testid=flag-group][data-code="funds.low_execution"]`)
		if !strings.Contains(g.Text(), strconv.Itoa(flagged)) || g.Next().Find("a").Length() != flagged {
			t.Errorf("the low-execution flag: %q with %d links, want %d", g.Text(), g.Next().Find("a").Length(), flagged)
		}
	}
	if got := doc.Find(`[data-testid=not-started]`).Text(); !strings.Contains(got, idle.Name) || strings.Contains(got, e.DemoUnit.Name) {
		t.Errorf("not started: %q, want %s only", got, idle.Name)
	}
	if got := doc.Find(`[data-testid=waiting]`).Text(); !strings.Contains(got, e.DemoUnit.Name) {
		t.Errorf("waiting for review: %q", got)
	}
	if n := doc.Find(`[data-testid=overview-unit]`).Length(); n != 2 {
		t.Errorf("%d units in the table, want the demo unit and the idle one", n)
	}
	if strings.Contains(doc.Text(), e.OtherUnit.Name) {
		t.Error("the supervisor's overview shows another department's unit")
	}

	aud := e.client(t).loginAs("auditor")
	wantStatus(t, aud, aud.get("/overview?year=2022"), http.StatusOK)
	staff := e.client(t).loginAs("staff")
	wantStatus(t, staff, staff.get("/overview"), http.StatusForbidden)
	// A year out of range falls back to the newest year with forms.
	if got := sup.doc(sup.get("/overview?year=99999")).Find(`[data-testid=overview-forms]`).Text(); !strings.Contains(got, "2022") {
		t.Errorf("a bad year shows %q", got)
	}
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}
