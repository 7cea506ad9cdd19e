package web

// A year's export that takes long runs as a job: POST /exports starts it, its page shows a
// progress bar that asks GET /exports/{id} for the job's state every second, and the file is
// downloaded from /exports/{id}/file once written. A job is its starter's alone (anybody
// else, and a job that expired, is 404), runs with a bound on how many run at once, writes to
// a temporary file on disk that is removed once downloaded or when it expires, and stops when
// its owner cancels it or when nobody has asked for its state for a while (the page closed).

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"selfeval/internal/app"
	"selfeval/internal/auth"
	"selfeval/views"
)

// The bounds of export jobs.
const (
	// exportSyncForms is the most forms GET /forms.xlsx writes while the person waits; a
	// larger year is sent to the export page, to run as a job.
	exportSyncForms = 100
	// exportRunning is how many jobs run at once, of everybody: each takes a core.
	exportRunning = 2
	// exportPerPerson is how many jobs a person keeps: starting another forgets their oldest
	// finished one.
	exportPerPerson = 3
	// exportKeep is how long a finished job and its file are kept, unless downloaded first.
	exportKeep = 15 * time.Minute
	// exportAbandoned: a running job whose state nobody asked for this long is cancelled (its
	// page asks every second).
	exportAbandoned = 30 * time.Second
	// exportMaxTime stops a job that runs longer, whatever happens.
	exportMaxTime = 20 * time.Minute
)

// The states of a job, as the views name them.
const (
	jobRunning    = "running"
	jobReady      = "ready"
	jobDownloaded = "downloaded"
	jobCancelled  = "cancelled"
	jobFailed     = "failed"
)

// Why a job was cancelled, as the causes of its context.
var (
	errJobCancelled = errors.New("export cancelled by its owner")
	errJobAbandoned = errors.New("export abandoned: no one asked for its state")
	errJobTooLong   = errors.New("export ran too long")
)

// exportJob is one export being written or written.
type exportJob struct {
	id                string
	owner             int64
	year, forms       int
	name, contentType string
	started           time.Time
	done              atomic.Int64 // forms written
	polled            atomic.Int64 // when its state was last asked for (Config.Now, Unix ns)
	cancel            context.CancelCauseFunc
	stopped           chan struct{} // closed when the worker has returned

	// Guarded by exportJobs.mu.
	state    string
	reason   string // the catalog key of why a job stopped (failed or cancelled)
	path     string // the file of a ready job
	finished time.Time
}

// exportJobs are the jobs of one server, in memory: a restart forgets them (and leaves their
// temporary files to the system's cleaning of its temporary directory).
type exportJobs struct {
	mu      sync.Mutex
	m       map[string]*exportJob
	running int
	now     func() time.Time // the server's clock, for the sweep after a job's file expires
}

// errExportBusy is a job refused because too many run.
type errExportBusy struct{ own bool }

func (e errExportBusy) Error() string { return "export: too many running" }

// start registers a job for owner of plan and runs run in its own goroutine, or refuses it
// when exportRunning jobs run or owner has one running. clock is the server's.
func (js *exportJobs) start(owner int64, plan *app.YearExport, clock func() time.Time,
	run func(ctx context.Context, job *exportJob)) (*exportJob, error) {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.now = clock
	now := clock()
	js.sweepLocked(now)
	var finished []*exportJob
	for _, j := range js.m {
		if j.owner != owner {
			continue
		}
		if j.state == jobRunning {
			return nil, errExportBusy{own: true}
		}
		finished = append(finished, j)
	}
	if js.running >= exportRunning {
		return nil, errExportBusy{}
	}
	sort.Slice(finished, func(a, b int) bool { return finished[a].started.Before(finished[b].started) })
	for _, j := range finished[:max(0, len(finished)-exportPerPerson+1)] {
		js.dropLocked(j)
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	ctx, cancel := context.WithCancelCause(context.Background())
	ctx, stop := context.WithTimeoutCause(ctx, exportMaxTime, errJobTooLong)
	job := &exportJob{id: hex.EncodeToString(b), owner: owner, year: plan.Year, forms: plan.Forms,
		name: plan.FileName(), contentType: plan.ContentType(), started: now, cancel: cancel,
		stopped: make(chan struct{}), state: jobRunning}
	job.polled.Store(now.UnixNano())
	if js.m == nil {
		js.m = map[string]*exportJob{}
	}
	js.m[job.id] = job
	js.running++
	go func() {
		defer close(job.stopped)
		defer stop()
		run(ctx, job)
	}()
	return job, nil
}

// finish records how job's worker ended: its file written (path), or err, ctx telling why.
func (js *exportJobs) finish(ctx context.Context, job *exportJob, path string, err error, now time.Time) {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.running--
	job.finished = now
	switch cause := context.Cause(ctx); {
	case err == nil:
		job.state, job.path = jobReady, path
	case errors.Is(cause, errJobCancelled):
		job.state, job.reason = jobCancelled, "export.cancelled"
	case errors.Is(cause, errJobAbandoned):
		job.state, job.reason = jobCancelled, "export.abandoned"
	case errors.Is(cause, errJobTooLong):
		job.state, job.reason = jobCancelled, "export.too_long"
	default:
		job.state, job.reason = jobFailed, "export.failed"
	}
	clock := js.now
	time.AfterFunc(exportKeep+time.Second, func() { js.sweep(clock()) })
}

// sweep forgets the jobs finished more than exportKeep before now, removing their files, and
// cancels the running jobs nobody asked about for exportAbandoned.
func (js *exportJobs) sweep(now time.Time) {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.sweepLocked(now)
}

func (js *exportJobs) sweepLocked(now time.Time) {
	for _, j := range js.m {
		switch {
		case j.state == jobRunning && abandoned(j, now):
			j.cancel(errJobAbandoned)
		case j.state != jobRunning && now.Sub(j.finished) > exportKeep:
			js.dropLocked(j)
		}
	}
}

// dropLocked forgets finished job j and removes its file.
func (js *exportJobs) dropLocked(j *exportJob) {
	delete(js.m, j.id)
	if j.path != "" {
		_ = os.Remove(j.path)
		j.path = ""
	}
}

// abandoned reports whether nobody asked for j's state for exportAbandoned before now.
func abandoned(j *exportJob, now time.Time) bool {
	return now.Sub(time.Unix(0, j.polled.Load())) > exportAbandoned
}

// get returns owner's job id (nil when it is not, or no longer, there), after a sweep; poll
// records that its state was asked for.
func (js *exportJobs) get(owner int64, id string, now time.Time, poll bool) *exportJob {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.sweepLocked(now)
	j, ok := js.m[id]
	if !ok || j.owner != owner {
		return nil
	}
	if poll {
		j.polled.Store(now.UnixNano())
	}
	return j
}

// of returns owner's jobs, newest first.
func (js *exportJobs) of(owner int64, now time.Time) []*exportJob {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.sweepLocked(now)
	var out []*exportJob
	for _, j := range js.m {
		if j.owner == owner {
			out = append(out, j)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].started.After(out[b].started) })
	return out
}

// view is job as the views show it.
func (js *exportJobs) view(pg views.Page, j *exportJob) views.ExportJobView {
	js.mu.Lock()
	defer js.mu.Unlock()
	v := views.ExportJobView{Page: pg, ID: j.id, Year: j.year, Forms: j.forms, Done: int(j.done.Load()),
		State: j.state, FileName: j.name, KeepMinutes: int(exportKeep / time.Minute)}
	switch j.reason {
	case "":
	case "export.too_long":
		v.Reason = pg.T(j.reason, int(exportMaxTime/time.Minute))
	default:
		v.Reason = pg.T(j.reason)
	}
	return v
}

// runExport is a job's worker: it writes the export to a temporary file, counting the forms
// written and cancelling itself when abandoned, and records how it ended.
func (s *Server) runExport(plan *app.YearExport) func(ctx context.Context, job *exportJob) {
	return func(ctx context.Context, job *exportJob) {
		path, err := s.writeExportFile(ctx, job, plan)
		if err != nil && ctx.Err() == nil {
			s.log.Error("export failed", "year", job.year, "forms", job.forms, "err", err)
		}
		s.exports.finish(ctx, job, path, err, s.cfg.Now())
	}
}

// writeExportFile writes plan to a new temporary file and returns its path; on an error the
// file is removed.
func (s *Server) writeExportFile(ctx context.Context, job *exportJob, plan *app.YearExport) (string, error) {
	f, err := os.CreateTemp("", "selfeval-export-*"+filepath.Ext(plan.FileName()))
	if err != nil {
		return "", err
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	err = plan.Write(ctx, bw, func(done int) {
		job.done.Store(int64(done))
		if abandoned(job, s.cfg.Now()) {
			job.cancel(errJobAbandoned)
		}
	})
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// exportParams reads the year (400 when it is not a number) and the bound on sheets (0 when
// absent; ok false when it is not a whole number from 1 to app.MaxSheets).
func exportParams(year, sheets string) (y, n int, ok bool, err error) {
	if y, err = strconv.Atoi(year); err != nil {
		return 0, 0, false, echo.ErrBadRequest
	}
	if sheets == "" {
		return y, 0, true, nil
	}
	n, err = strconv.Atoi(sheets)
	return y, n, err == nil && n >= 1 && n <= app.MaxSheets, nil
}

// exportPage is /exports?year=Y&sheets=N: how many forms of the year the person may see,
// what the export will be for the bound, the button that starts it, and their jobs.
func (s *Server) exportPage(c echo.Context) error {
	p, _ := principal(c)
	year := c.QueryParam("year")
	if year == "" {
		year = strconv.Itoa(s.cfg.Now().Year())
		if years, err := s.store.Years(c.Request().Context()); err == nil && len(years) > 0 {
			year = strconv.Itoa(years[0])
		}
	}
	y, sheets, ok, err := exportParams(year, c.QueryParam("sheets"))
	if err != nil {
		return err
	}
	page, err := s.exportView(c, p, y, sheets)
	if err != nil {
		return err
	}
	if !ok {
		page.Sheets = app.DefaultSheets
	}
	return render(c, http.StatusOK, views.ExportView(page))
}

// exportView is the export page of year for p with a bound of sheets (0: the default).
func (s *Server) exportView(c echo.Context, p auth.Principal, year, sheets int) (views.ExportPage, error) {
	pg := s.page(c)
	pg.Nav = s.nav(c, p)
	page := views.ExportPage{Page: pg, Year: year, Sheets: sheets, MaxSheets: app.MaxSheets, DefaultSheets: app.DefaultSheets}
	if page.Sheets <= 0 || page.Sheets > app.MaxSheets {
		page.Sheets = app.DefaultSheets
	}
	plan, err := s.app.PlanExport(c.Request().Context(), p, year, page.Sheets)
	switch {
	case errors.Is(err, app.ErrNothing):
	case err != nil:
		return page, err
	default:
		page.Forms = plan.Forms
		page.Now = plan.Forms <= exportSyncForms
	}
	for _, j := range s.exports.of(p.UserID, s.cfg.Now()) {
		page.Jobs = append(page.Jobs, s.exports.view(pg, j))
	}
	return page, nil
}

// startExport is POST /exports (year, sheets): it starts the export of the year as a job and
// answers the job's page (303), or its fragment to htmx.
func (s *Server) startExport(c echo.Context) error {
	p, _ := principal(c)
	y, sheets, ok, err := exportParams(c.FormValue("year"), c.FormValue("sheets"))
	if err != nil {
		return err
	}
	if !ok {
		page, err := s.exportView(c, p, y, 0)
		if err != nil {
			return err
		}
		page.SheetsText = c.FormValue("sheets")
		page.Error = page.T("export.bad_sheets", app.MaxSheets, page.SheetsText)
		return render(c, http.StatusUnprocessableEntity, views.ExportView(page))
	}
	plan, err := s.app.PlanExport(c.Request().Context(), p, y, sheets)
	if err != nil {
		return appError(err)
	}
	job, err := s.exports.start(p.UserID, plan, s.cfg.Now, s.runExport(plan))
	var busy errExportBusy
	if errors.As(err, &busy) {
		page, err := s.exportView(c, p, y, sheets)
		if err != nil {
			return err
		}
		page.Error = page.T("export.busy", exportRunning)
		if busy.own {
			page.Error = page.T("export.own_busy")
		}
		return render(c, http.StatusTooManyRequests, views.ExportView(page))
	}
	if err != nil {
		return err
	}
	if isHTMX(c) {
		return render(c, http.StatusOK, views.ExportJob(s.exports.view(s.page(c), job)))
	}
	return c.Redirect(http.StatusSeeOther, "/exports/"+job.id)
}

// ownJob is the job of the address for the signed-in person; 404 for anybody else's, an
// unknown one and one that expired. poll records that its state was asked for.
func (s *Server) ownJob(c echo.Context, poll bool) (*exportJob, error) {
	p, _ := principal(c)
	job := s.exports.get(p.UserID, c.Param("id"), s.cfg.Now(), poll)
	if job == nil {
		return nil, echo.ErrNotFound
	}
	return job, nil
}

// exportStatus is GET /exports/{id}: the job's progress, or its file once written; to htmx,
// the fragment that the page polls.
func (s *Server) exportStatus(c echo.Context) error {
	job, err := s.ownJob(c, true)
	if err != nil {
		return err
	}
	pg := s.page(c)
	if isHTMX(c) {
		return render(c, http.StatusOK, views.ExportJob(s.exports.view(pg, job)))
	}
	p, _ := principal(c)
	pg.Nav = s.nav(c, p)
	return render(c, http.StatusOK, views.ExportJobPage(s.exports.view(pg, job)))
}

// cancelExport is POST /exports/{id}/cancel: the job stops (within a second: the worker
// checks between forms) and its state is answered as exportStatus does.
func (s *Server) cancelExport(c echo.Context) error {
	job, err := s.ownJob(c, true)
	if err != nil {
		return err
	}
	job.cancel(errJobCancelled)
	select {
	case <-job.stopped:
	case <-time.After(2 * time.Second):
	}
	if isHTMX(c) {
		return render(c, http.StatusOK, views.ExportJob(s.exports.view(s.page(c), job)))
	}
	return c.Redirect(http.StatusSeeOther, "/exports/"+job.id)
}

// exportFile is GET /exports/{id}/file: the written export, as an attachment. Once it has
// been sent whole, the file is removed and the job says so; 409 while the job runs, 404 once
// the file is gone.
func (s *Server) exportFile(c echo.Context) error {
	job, err := s.ownJob(c, false)
	if err != nil {
		return err
	}
	s.exports.mu.Lock()
	state, path := job.state, job.path
	s.exports.mu.Unlock()
	switch state {
	case jobReady:
	case jobRunning:
		return fail(http.StatusConflict, "export.not_ready")
	default:
		return echo.ErrNotFound
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) { // removed meanwhile: downloaded or expired
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, job.contentType)
	h.Set(echo.HeaderContentLength, strconv.FormatInt(fi.Size(), 10))
	h.Set(echo.HeaderContentDisposition, "attachment; filename*=UTF-8''"+url.PathEscape(job.name))
	c.Response().WriteHeader(http.StatusOK)
	if _, err := io.Copy(c.Response(), f); err != nil {
		return nil // the client went away: the file stays for another try
	}
	s.exports.mu.Lock()
	if job.state == jobReady {
		job.state, job.path = jobDownloaded, ""
		_ = os.Remove(path)
	}
	s.exports.mu.Unlock()
	return nil
}
