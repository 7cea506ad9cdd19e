package web

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"selfeval/internal/app"
	"selfeval/internal/exchange"
	"selfeval/internal/form"
	"selfeval/internal/scoring"
	"selfeval/internal/store"
)

// htmxGet GETs path as htmx's polling does.
func (c *client) htmxGet(path string) *http.Response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.e.TS.URL+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("HX-Request", "true")
	return c.do(req)
}

// startJob posts the export of year with a bound of sheets and returns the job's address.
func startJob(t *testing.T, c *client, year, sheets string) string {
	t.Helper()
	resp := c.postForm("/exports", url.Values{"year": {year}, "sheets": {sheets}})
	wantStatus(t, c, resp, http.StatusSeeOther)
	loc := resp.Header.Get("Location")
	if !strings.HasPrefix(loc, "/exports/") {
		t.Fatalf("started export sent to %q", loc)
	}
	stopAtEnd(t, c.e, loc)
	return loc
}

// stopAtEnd cancels the job at loc when the test ends, and waits for it, before the
// database closes.
func stopAtEnd(t testing.TB, e *env, loc string) {
	job := jobAt(t, e, loc)
	t.Cleanup(func() {
		job.cancel(errJobCancelled)
		<-job.stopped
	})
}

// jobAt is the job at address loc, straight from the server.
func jobAt(t testing.TB, e *env, loc string) *exportJob {
	t.Helper()
	e.Srv.exports.mu.Lock()
	defer e.Srv.exports.mu.Unlock()
	j := e.Srv.exports.m[strings.TrimPrefix(loc, "/exports/")]
	if j == nil {
		t.Fatalf("no job at %s", loc)
	}
	return j
}

// pollJob asks for the job's fragment every 20 ms, as its page does every second, until
// until says so (or 60 s pass), and returns the last fragment.
func pollJob(t *testing.T, c *client, loc string, until func(*goquery.Selection) bool) *goquery.Selection {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp := c.htmxGet(loc)
		wantStatus(t, c, resp, http.StatusOK)
		job := c.doc(resp).Find(`[data-testid=export-job]`)
		if job.Length() != 1 {
			t.Fatalf("GET %s: no job fragment: %.300s", loc, c.body(resp))
		}
		if until(job) {
			return job
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still %s after 60 s", loc, job.AttrOr("data-state", ""))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func finished(job *goquery.Selection) bool { return job.AttrOr("data-state", "") != jobRunning }

// progressAt returns a condition: the job has written at least n forms (or stopped).
func progressAt(n int) func(*goquery.Selection) bool {
	return func(job *goquery.Selection) bool {
		done, _ := strconv.Atoi(job.Find(`[data-testid=export-progress]`).AttrOr("value", "0"))
		return finished(job) || done >= n
	}
}

// addForms adds n copies of the demo's forms (their projects numbered) to unit in 2022.
func addForms(t testing.TB, e *env, unit int64, n int) {
	t.Helper()
	read := demoForms(t, e)
	var batch []store.NewForm
	for i := 0; len(batch) < n; i++ {
		f := read[i%len(read)]
		f.Project += " " + strconv.Itoa(i)
		batch = append(batch, store.NewForm{Form: f, UnitID: unit, Profile: scoring.Default.Name,
			Summary: app.Summarize(&f, &scoring.Default)})
	}
	if _, err := e.Store.CreateForms(context.Background(), batch, 0); err != nil {
		t.Fatal(err)
	}
}

// TestExportJobFlow: the export page says how many forms and what they become under the
// bound; a started job shows its progress, then its file, which downloads once and is
// removed; nobody else sees it or downloads it; a finished job expires, file and all.
func TestExportJobFlow(t *testing.T) {
	e := newEnv(t)
	staff := e.client(t).loginAs("staff")
	doc := staff.page("/exports?year=2022")
	if got := doc.Find(`[data-testid=export-count]`).Text(); !strings.Contains(got, "10 张") || !strings.Contains(got, "一个工作簿（11 张工作表）") {
		t.Errorf("count %q", got)
	}
	if v := doc.Find(`[data-testid=export-sheets]`).AttrOr("value", ""); v != strconv.Itoa(app.DefaultSheets) {
		t.Errorf("the bound shown is %q", v)
	}
	if href := doc.Find(`[data-testid=export-now]`).AttrOr("href", ""); href != "/forms.xlsx?year=2022&sheets=300" {
		t.Errorf("download-now link %q", href)
	}
	if got := staff.page("/exports?year=2022&sheets=4").Find(`[data-testid=export-count]`).Text(); !strings.Contains(got, "超过 4 张，将导出为 zip（11 个工作簿）") {
		t.Errorf("count with a bound of 4: %q", got)
	}

	loc := startJob(t, staff, "2022", "300")
	if staff.page(loc).Find(`[data-testid=export-job]`).Length() != 1 {
		t.Errorf("the job's page shows no job")
	}
	// Anybody else: 404 for the job, its file and its cancel, running or not.
	for _, who := range []string{"supervisor", "admin", "other"} {
		c := e.client(t).loginAs(who)
		wantStatus(t, c, c.get(loc), http.StatusNotFound)
		wantStatus(t, c, c.get(loc+"/file"), http.StatusNotFound)
		wantStatus(t, c, c.postForm(loc+"/cancel", nil), http.StatusNotFound)
		if c.page("/exports?year=2022").Find(`[data-testid=export-job]`).Length() != 0 {
			t.Errorf("%s's export page lists staff's job", who)
		}
	}
	job := pollJob(t, staff, loc, finished)
	if state := job.AttrOr("data-state", ""); state != jobReady {
		t.Fatalf("job %s: %s", state, job.Text())
	}
	if href := job.Find(`[data-testid=export-download]`).AttrOr("href", ""); href != loc+"/file" {
		t.Errorf("download link %q", href)
	}
	if staff.page("/exports?year=2022").Find(`[data-testid=export-job][data-state=ready]`).Length() != 1 {
		t.Errorf("the export page does not list the ready job")
	}
	path := jobAt(t, e, loc).path
	resp := staff.get(loc + "/file")
	wantStatus(t, staff, resp, http.StatusOK)
	if ct, cd := resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"); !strings.Contains(ct, "spreadsheetml") || !strings.Contains(cd, "2022.xlsx") {
		t.Errorf("Content-Type %q, Content-Disposition %q", ct, cd)
	}
	if file, err := exchange.Read([]byte(staff.body(resp))); err != nil || len(file.Forms) != 10 {
		t.Errorf("downloaded workbook: %v, %d forms", err, len(file.Forms))
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the downloaded file %s is still there (%v)", path, err)
	}
	wantStatus(t, staff, staff.get(loc+"/file"), http.StatusNotFound)
	if state := pollJob(t, staff, loc, finished).AttrOr("data-state", ""); state != jobDownloaded {
		t.Errorf("after the download the job is %s", state)
	}

	// A finished job is kept exportKeep, then forgotten with its file.
	loc = startJob(t, staff, "2022", "300")
	pollJob(t, staff, loc, finished)
	path = jobAt(t, e, loc).path
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	e.advance(exportKeep + time.Minute)
	wantStatus(t, staff, staff.get(loc), http.StatusNotFound)
	wantStatus(t, staff, staff.get(loc+"/file"), http.StatusNotFound)
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the expired file %s is still there (%v)", path, err)
	}
}

// TestExportBounds: the bound and the year are checked; a year nobody may see is 404; a
// person runs one export at a time and exportRunning run at once; the plain GET of a year
// larger than exportSyncForms goes to the export page.
func TestExportBounds(t *testing.T) {
	e := newEnv(t)
	addForms(t, e, e.DemoUnit.ID, 1500)
	staff := e.client(t).loginAs("staff")
	for _, bad := range []string{"0", "1001", "abc", "-3"} {
		resp := staff.postForm("/exports", url.Values{"year": {"2022"}, "sheets": {bad}})
		wantStatus(t, staff, resp, http.StatusUnprocessableEntity)
		if msg := staff.doc(resp).Find(`[data-testid=export-error]`).Text(); !strings.Contains(msg, "“"+bad+"”") {
			t.Errorf("sheets %q: %q", bad, msg)
		}
	}
	wantStatus(t, staff, staff.postForm("/exports", url.Values{"year": {"abc"}}), http.StatusBadRequest)
	wantStatus(t, staff, staff.get("/forms.xlsx?year=2022&sheets=0"), http.StatusBadRequest)
	other := e.client(t).loginAs("other")
	wantStatus(t, other, other.postForm("/exports", url.Values{"year": {"2022"}}), http.StatusNotFound)
	if got := other.page("/exports?year=2022").Find(`[data-testid=export-count]`).Text(); !strings.Contains(got, "没有") {
		t.Errorf("other's export page: %q", got)
	}
	wantRedirect(t, staff, staff.get("/forms.xlsx?year=2022"), "/exports?year=2022&sheets=300")

	// 1,510 forms as a zip of workbooks: long enough to be running for what follows.
	first := startJob(t, staff, "2022", "10")
	resp := staff.postForm("/exports", url.Values{"year": {"2022"}})
	wantStatus(t, staff, resp, http.StatusTooManyRequests)
	if msg := staff.doc(resp).Find(`[data-testid=export-error]`).Text(); !strings.Contains(msg, "你已有一个导出正在进行") {
		t.Errorf("a second export of the same person: %q", msg)
	}
	sup := e.client(t).loginAs("supervisor")
	second := startJob(t, sup, "2022", "10")
	admin := e.client(t).loginAs("admin")
	resp = admin.postForm("/exports", url.Values{"year": {"2022"}})
	wantStatus(t, admin, resp, http.StatusTooManyRequests)
	if msg := admin.doc(resp).Find(`[data-testid=export-error]`).Text(); !strings.Contains(msg, "已有 2 个导出正在进行") {
		t.Errorf("a third export at once: %q", msg)
	}
	for _, j := range []struct {
		c   *client
		loc string
	}{{staff, first}, {sup, second}} {
		wantRedirect(t, j.c, j.c.postForm(j.loc+"/cancel", nil), j.loc)
		if state := jobAt(t, e, j.loc).state; state != jobCancelled {
			t.Errorf("%s after cancel: %s", j.loc, state)
		}
	}
	// Both stopped: the next one starts.
	pollJob(t, admin, startJob(t, admin, "2022", "1000"), progressAt(1))
}

// TestExportCancelStops: an export of many forms stops within a second of being cancelled
// by its owner, and of being abandoned (no poll for exportAbandoned); its page says which.
// A plain GET whose client has gone stops too, and answers nothing.
func TestExportCancelStops(t *testing.T) {
	e := newEnv(t)
	addForms(t, e, e.DemoUnit.ID, 3000)
	addForms(t, e, e.OtherUnit.ID, 900)
	admin := e.client(t).loginAs("admin")
	other := e.client(t).loginAs("other")

	// A workbook of other's 900 forms, and a zip of the 3,910 the administrator sees.
	for _, tc := range []struct {
		c    *client
		zip  bool
		name string
	}{{other, false, "2022.xlsx"}, {admin, true, "2022.zip"}} {
		loc := startJob(t, tc.c, "2022", "1000")
		pollJob(t, tc.c, loc, progressAt(20))
		job := jobAt(t, e, loc)
		if job.name != tc.name {
			t.Errorf("the job writes %s, want %s", job.name, tc.name)
		}
		cancelled := time.Now()
		resp := tc.c.post(loc+"/cancel", "", http.Header{"Hx-Request": {"true"}, "X-Csrf-Token": {tc.c.token()}})
		wantStatus(t, tc.c, resp, http.StatusOK)
		select {
		case <-job.stopped:
		case <-time.After(time.Until(cancelled.Add(time.Second))):
			t.Fatalf("%s: the export still ran a second after it was cancelled", tc.name)
		}
		frag := tc.c.doc(resp).Find(`[data-testid=export-job]`)
		if state, reason := frag.AttrOr("data-state", ""), frag.Find(`[data-testid=export-reason]`).Text(); state != jobCancelled || reason != "已取消。" {
			t.Errorf("%s: after cancel %s, %q", tc.name, state, reason)
		}
		if done := int(job.done.Load()); done >= job.forms {
			t.Errorf("%s: the cancelled export wrote all %d forms", tc.name, done)
		}
	}

	loc := startJob(t, admin, "2022", "10")
	pollJob(t, admin, loc, progressAt(20))
	job := jobAt(t, e, loc)
	e.advance(exportAbandoned + time.Second) // the page closed: nobody polls
	abandonedAt := time.Now()
	select {
	case <-job.stopped:
	case <-time.After(time.Until(abandonedAt.Add(time.Second))):
		t.Fatal("the abandoned export still ran a second later")
	}
	frag := pollJob(t, admin, loc, finished)
	if reason := frag.Find(`[data-testid=export-reason]`).Text(); frag.AttrOr("data-state", "") != jobCancelled || !strings.Contains(reason, "无人查看进度") {
		t.Errorf("abandoned job: %s %q", frag.AttrOr("data-state", ""), reason)
	}

	// The plain GET of a small year (one form of 2021), its client gone before the work:
	// nothing is written.
	f := demoForms(t, e)[0]
	f.Year = 2021
	if _, err := e.Store.CreateForms(context.Background(), []store.NewForm{{Form: f, UnitID: e.DemoUnit.ID,
		Profile: scoring.Default.Name, Summary: app.Summarize(&f, &scoring.Default)}}, 0); err != nil {
		t.Fatal(err)
	}
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(gone, http.MethodGet, "/forms.xlsx?year=2021", nil)
	staff := e.client(t).loginAs("staff")
	u, _ := url.Parse(e.TS.URL)
	for _, ck := range staff.jar.Cookies(u) {
		req.AddCookie(ck)
	}
	rec := httptest.NewRecorder()
	e.Srv.ServeHTTP(rec, req)
	if rec.Body.Len() != 0 || rec.Code >= 500 {
		t.Errorf("the GET whose client went away answered %d with %d bytes", rec.Code, rec.Body.Len())
	}
	wantStatus(t, staff, staff.get("/forms.xlsx?year=2021"), http.StatusOK) // with its client, it is written
}

// demoForms are the demo's forms of 2022, as stored.
func demoForms(t testing.TB, e *env) []form.Form {
	t.Helper()
	recs, err := e.Store.FormsOf(context.Background(), store.ListFilter{Year: 2022, UnitIDs: []int64{e.DemoUnit.ID}})
	if err != nil || len(recs) < 10 {
		t.Fatalf("%d demo forms (%v)", len(recs), err)
	}
	forms := make([]form.Form, 10)
	for i := range forms {
		forms[i] = recs[i].Form
	}
	return forms
}

// TestExportZip: beyond the bound the year is a zip of one workbook per form, each as
// /forms/{id}.xlsx gives it, and the summary workbook; the same through a job.
func TestExportZip(t *testing.T) {
	e := newEnv(t)
	staff := e.client(t).loginAs("staff")
	check := func(resp *http.Response) {
		t.Helper()
		wantStatus(t, staff, resp, http.StatusOK)
		if ct, cd := resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"); ct != app.ContentTypeZip || !strings.Contains(cd, "2022.zip") {
			t.Errorf("Content-Type %q, Content-Disposition %q", ct, cd)
		}
		body := []byte(staff.body(resp))
		zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
		if err != nil {
			t.Fatal(err)
		}
		if len(zr.File) != 11 || zr.File[10].Name != "0000-汇总.xlsx" || !strings.HasPrefix(zr.File[0].Name, "0001-") {
			t.Fatalf("%d files: %q … %q", len(zr.File), zr.File[0].Name, zr.File[len(zr.File)-1].Name)
		}
		for _, zf := range zr.File[:10] {
			r, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(r)
			r.Close()
			if err != nil {
				t.Fatal(err)
			}
			if file, err := exchange.Read(data); err != nil || len(file.Forms) != 1 || !strings.Contains(zf.Name, file.Forms[0].Form.Project) {
				t.Errorf("%s: %v, %d forms", zf.Name, err, len(file.Forms))
			}
		}
	}
	check(staff.get("/forms.xlsx?year=2022&sheets=3"))
	loc := startJob(t, staff, "2022", "3")
	if job := pollJob(t, staff, loc, finished); job.AttrOr("data-state", "") != jobReady || !strings.Contains(job.Text(), "2022.zip") {
		t.Fatalf("job: %s", job.Text())
	}
	check(staff.get(loc + "/file"))
}

// The route matrix's export jobs: one job of staff's per fixture, started (and, for the
// file, finished) when a case first needs it.
var matrixJobs sync.Map // *authzFixture → job address

// staffJob is the address of staff's export of 2022 in fixture f, finished.
func (f *authzFixture) staffJob() string {
	if loc, ok := matrixJobs.Load(f); ok {
		return loc.(string)
	}
	c := f.clients["staff"]
	t := c.t.(*testing.T)
	loc := startJob(t, c, "2022", "")
	pollJob(t, c, loc, finished)
	matrixJobs.Store(f, loc)
	return loc
}

// rJob calls the address of staff's job with suffix as the person (GET, or POST with post).
func rJob(suffix string, post bool) func(*authzFixture, string, *client) *http.Response {
	return func(f *authzFixture, _ string, c *client) *http.Response {
		if post {
			return c.postForm(f.staffJob()+suffix, nil)
		}
		return c.get(f.staffJob() + suffix)
	}
}

// rStartExport starts an export of 2022 as the person and waits for it to finish, so that
// the next person's is not refused for the bound on exports running.
func rStartExport(f *authzFixture, _ string, c *client) *http.Response {
	resp := c.postForm("/exports", url.Values{"year": {"2022"}})
	if loc := resp.Header.Get("Location"); resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(loc, "/exports/") {
		stopAtEnd(c.t, f.e, loc)
		pollJob(c.t.(*testing.T), c, loc, finished)
	}
	return resp
}
