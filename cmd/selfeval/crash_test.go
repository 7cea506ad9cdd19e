package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"selfeval/internal/form"
	"selfeval/internal/store"
)

// asMain is the environment variable that makes the test binary run as selfeval itself, so
// that a test can start the real server as a process of its own, and kill it.
const asMain = "SELFEVAL_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asMain) == "1" {
		main() // exits
	}
	os.Exit(m.Run())
}

// selfevalCmd is the command "selfeval args…", run by the test binary itself (see TestMain).
func selfevalCmd(t *testing.T, bin string, args ...string) *exec.Cmd {
	t.Helper()
	if bin == "" {
		var err error
		if bin, err = os.Executable(); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), asMain+"=1")
	return cmd
}

// server is a "selfeval serve" process.
type server struct {
	t        *testing.T
	cmd      *exec.Cmd
	addr     string // host:port it listens on
	password string // of the demo account staff, printed on the first start
	stderr   string // the file its stderr goes to
	exited   chan struct{}
}

// startServer starts "selfeval serve --db db --addr addr extra…" and waits until it serves.
func startServer(t *testing.T, db, addr string, extra ...string) *server {
	t.Helper()
	cmd := selfevalCmd(t, "", append([]string{"serve", "--db", db, "--addr", addr}, extra...)...)
	errFile, err := os.CreateTemp(t.TempDir(), "stderr-*")
	if err != nil {
		t.Fatal(err)
	}
	defer errFile.Close()
	cmd.Stderr = errFile
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{t: t, cmd: cmd, stderr: errFile.Name(), exited: make(chan struct{})}
	t.Cleanup(s.kill)
	up := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) == 3 && f[0] == "staff" {
				s.password = f[2]
			}
			if a, ok := strings.CutPrefix(sc.Text(), "selfeval: serving on http://"); ok {
				up <- strings.Fields(a)[0]
			}
		}
		_, _ = io.Copy(io.Discard, out)
		_ = cmd.Wait()
		close(s.exited)
	}()
	select {
	case s.addr = <-up:
	case <-s.exited:
		t.Fatalf("selfeval serve exited before serving: %s", s.log())
	case <-time.After(20 * time.Second):
		t.Fatalf("selfeval serve did not start within 20 s: %s", s.log())
	}
	return s
}

func (s *server) url() string { return "http://" + s.addr }

// log is what the server wrote on stderr.
func (s *server) log() string {
	data, _ := os.ReadFile(s.stderr)
	return string(data)
}

// kill ends the server with SIGKILL, as a crash or a power cut would, and waits until it is gone.
func (s *server) kill() {
	select {
	case <-s.exited:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.exited
}

// stop ends the server as an operator does (SIGTERM) and waits until it is gone.
func (s *server) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(15 * time.Second):
		s.t.Errorf("the server did not stop within 15 s of SIGTERM")
		s.kill()
	}
}

var (
	csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)
	formLink  = regexp.MustCompile(`href="/forms/(\d+)"`)
)

// session is a browser signed in as the demo staff: its cookies, and the token its pages carry.
type session struct {
	http *http.Client
	csrf string
	ids  []int64 // the forms of the list
}

// signIn signs in as staff with password, as the login page does, and reads the list.
func signIn(t *testing.T, base, password string) *session {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	page := get(t, c, base+"/login")
	m := csrfInput.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no CSRF token on the login page")
	}
	resp, err := c.PostForm(base+"/login", url.Values{"_csrf": {m[1]}, "username": {"staff"}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	list := get(t, c, base+"/forms")
	m = csrfInput.FindStringSubmatch(list)
	if m == nil {
		t.Fatalf("not signed in (%s): no token on the list", resp.Status)
	}
	s := &session{http: c, csrf: m[1]}
	seen := map[int64]bool{}
	for _, l := range formLink.FindAllStringSubmatch(list, -1) {
		id, _ := strconv.ParseInt(l[1], 10, 64)
		if !seen[id] {
			seen[id] = true
			s.ids = append(s.ids, id)
		}
	}
	return s
}

func get(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", u, resp.Status)
	}
	return string(body)
}

// ack is a save the server acknowledged: 200 with the version it was stored as.
type ack struct {
	version int
	value   string
	at      time.Time
}

// editor is one open form page whose save queue (static/app.js, Queue) saves what the person
// types into 实际完成目标 (goals.achieved).
type editor struct {
	s       *session
	base    string
	id      int64
	version int        // the version the page holds
	fields  url.Values // the page's fields as of that version
	start   ack        // the version and value the page was opened at
	acks    []ack
	cut     int // saves that got no answer (the server was killed or down) and were sent again
}

// openEditor reads form id as its page holds it.
func openEditor(t *testing.T, s *session, base string, id int64) *editor {
	t.Helper()
	var doc struct {
		form.Form
		Version int `json:"version"`
	}
	if err := json.Unmarshal([]byte(get(t, s.http, fmt.Sprintf("%s/forms/%d.json", base, id))), &doc); err != nil {
		t.Fatal(err)
	}
	e := &editor{s: s, base: base, id: id, version: doc.Version, fields: url.Values{}}
	for _, f := range form.Fields(&doc.Form) {
		e.fields.Set(f.Path, f.Value)
	}
	e.start = ack{version: doc.Version, value: doc.Goals.Achieved}
	return e
}

// errRetry is the queue's "send again at once": someone saved between the server's read and write.
var errRetry = errors.New("retry")

// errNoAnswer is a save that got no answer: the page's queue sends it again later.
var errNoAnswer = errors.New("no answer")

// save sends one save as the page's queue does (Queue.body and Queue.flush): every field,
// the version the page holds, merge=1 and the base value of the field that changed, with the
// headers of its fetch. It returns the version of the answer.
func (e *editor) save(value string) (int, error) {
	b := url.Values{}
	for k, v := range e.fields {
		b[k] = v
	}
	b.Set("_csrf", e.s.csrf)
	b.Set("version", strconv.Itoa(e.version))
	b.Set("merge", "1")
	b.Set(form.PathGoalsAchieved, value)
	if old := e.fields.Get(form.PathGoalsAchieved); old != value {
		b.Set("base."+form.PathGoalsAchieved, old)
	}
	req, err := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/forms/%d", e.base, e.id), strings.NewReader(b.Encode()))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("HX-Request", "true")
	req.Header.Set("X-CSRF-Token", e.s.csrf)
	resp, err := e.s.http.Do(req)
	if err != nil {
		return 0, fmt.Errorf("%w: %v", errNoAnswer, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, fmt.Errorf("%w: %v", errNoAnswer, err)
	}
	var ans struct {
		Version   int               `json:"version"`
		Retry     bool              `json:"retry"`
		Conflicts []json.RawMessage `json:"conflicts"`
	}
	jerr := json.Unmarshal(body, &ans)
	switch {
	case resp.StatusCode == http.StatusConflict && ans.Retry:
		return 0, errRetry
	case resp.StatusCode >= 500:
		return 0, fmt.Errorf("%w: %s", errNoAnswer, resp.Status)
	case resp.StatusCode != http.StatusOK || jerr != nil || ans.Version == 0:
		return 0, fmt.Errorf("save of form %d: %s %.200s", e.id, resp.Status, body)
	case len(ans.Conflicts) > 0:
		return 0, fmt.Errorf("save of form %d: conflicts with nobody else editing: %s", e.id, body)
	}
	return ans.Version, nil
}

// typeAndSave saves value until it is acknowledged, sending it again after no answer as the
// queue does (the page keeps what the person typed), and records the acknowledgement.
func (e *editor) typeAndSave(value string) error {
	deadline := time.Now().Add(20 * time.Second)
	for {
		v, err := e.save(value)
		switch {
		case err == nil:
			e.version = v
			e.fields.Set(form.PathGoalsAchieved, value)
			e.acks = append(e.acks, ack{version: v, value: value, at: time.Now()})
			return nil
		case errors.Is(err, errRetry):
		case errors.Is(err, errNoAnswer) && time.Now().Before(deadline):
			e.cut++
			time.Sleep(20 * time.Millisecond)
		default:
			return err
		}
	}
}

// autosave types and saves until stop is closed, then returns the first error.
func (e *editor) autosave(n int, stop <-chan struct{}) error {
	for seq := 1; ; seq++ {
		select {
		case <-stop:
			return nil
		default:
		}
		if err := e.typeAndSave(fmt.Sprintf("编辑者%d 第%d次输入", n, seq)); err != nil {
			return err
		}
		time.Sleep(rand.N(10 * time.Millisecond))
	}
}

// editors runs one autosaving editor on each of the first n forms until the returned stop
// function is called, which waits for them and reports their errors.
func runEditors(t *testing.T, s *session, base string, n int) ([]*editor, func()) {
	t.Helper()
	if len(s.ids) < n {
		t.Fatalf("%d forms in the list, want %d", len(s.ids), n)
	}
	eds := make([]*editor, n)
	for i := range eds {
		eds[i] = openEditor(t, s, base, s.ids[i])
	}
	stop := make(chan struct{})
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i, e := range eds {
		wg.Go(func() { errs[i] = e.autosave(i+1, stop) })
	}
	return eds, func() {
		close(stop)
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
	}
}

// acksOf counts the acknowledged saves and the saves cut by the server's end.
func acksOf(eds []*editor) (acked, cut int) {
	for _, e := range eds {
		acked += len(e.acks)
		cut += e.cut
	}
	return acked, cut
}

// integrity runs PRAGMA integrity_check on the database at path (the first connection after a
// crash recovers the write-ahead log) and returns its answer.
func integrity(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("PRAGMA integrity_check")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, l)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "; ")
}

// savedValues is what the history of form id records of goals.achieved, by version.
func savedValues(t *testing.T, st *store.Store, id int64) map[int]string {
	t.Helper()
	h, err := st.History(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]string{}
	for _, e := range h {
		if e.Field == form.PathGoalsAchieved {
			out[e.Version] = e.New
		}
	}
	return out
}

// TestCrashKeepsAcknowledgedSaves: editors autosave four forms while the server is killed
// with SIGKILL at random moments and started again; every save the server acknowledged is in
// the database afterwards, with its value under its version, each form ends at its last
// acknowledged save, and the database passes PRAGMA integrity_check.
func TestCrashKeepsAcknowledgedSaves(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a server five times")
	}
	const kills, editors = 5, 4
	db := filepath.Join(t.TempDir(), "selfeval.db")
	srv := startServer(t, db, "127.0.0.1:0", "--demo")
	if srv.password == "" {
		t.Fatal("serve --demo printed no password for staff")
	}
	addr, base := srv.addr, srv.url()
	sess := signIn(t, base, srv.password)
	eds, stop := runEditors(t, sess, base, editors)
	start := time.Now()
	seed := rand.Uint64()
	rng := rand.New(rand.NewPCG(seed, 0))
	var down time.Duration // from each kill until the server serves again
	for k := 0; k < kills; k++ {
		time.Sleep(300*time.Millisecond + time.Duration(rng.IntN(900))*time.Millisecond)
		srv.kill()
		t0 := time.Now()
		srv = startServer(t, db, addr)
		down += time.Since(t0)
	}
	time.Sleep(300 * time.Millisecond)
	stop()
	srv.kill() // and once more with nothing in flight: the last saves survive a crash too
	acked, cut := acksOf(eds)
	if acked == 0 || cut == 0 {
		t.Fatalf("%d saves acknowledged, %d cut by the kills: the kills hit no save", acked, cut)
	}

	if got := integrity(t, db); got != "ok" {
		t.Errorf("PRAGMA integrity_check after %d kills: %s", kills+1, got)
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	lost := 0
	for _, e := range eds {
		values := savedValues(t, st, e.id)
		for _, a := range e.acks {
			if got, ok := values[a.version]; !ok || got != a.value {
				lost++
				t.Errorf("form %d: the save acknowledged as version %d (%q) is not in the database (history: %q)", e.id, a.version, a.value, got)
			}
		}
		rec, err := st.Form(context.Background(), e.id)
		if err != nil {
			t.Fatal(err)
		}
		last := e.acks[len(e.acks)-1]
		if rec.Version != last.version || rec.Form.Goals.Achieved != last.value {
			t.Errorf("form %d is at version %d with %q; the last save acknowledged was version %d with %q",
				e.id, rec.Version, rec.Form.Goals.Achieved, last.version, last.value)
		}
	}
	t.Logf("%d editors, %s: %d saves acknowledged, %d sent again after no answer, %d kills (SIGKILL, %d under load, back in %s on average), lost %d, integrity_check %s (seed %d)",
		editors, time.Since(start).Round(100*time.Millisecond), acked, cut, kills+1, kills, (down / kills).Round(time.Millisecond), lost, integrity(t, db), seed)
}

// TestServeRefusesReadOnly: serve refuses to start on a database file it cannot write, and on
// one in a directory that takes no new file, saying so with the path; on the same database made
// writable it serves. As root, whom permissions do not stop, the server runs as nobody.
func TestServeRefusesReadOnly(t *testing.T) {
	dir := t.TempDir()
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		// nobody must reach the binary and the database: a copy in directories open to all.
		cred = &syscall.Credential{Uid: 65534, Gid: 65534}
		for _, d := range []string{filepath.Dir(dir), dir} {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		data, err := os.ReadFile(bin)
		if err != nil {
			t.Fatal(err)
		}
		bin = filepath.Join(dir, "selfeval")
		if err := os.WriteFile(bin, data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	dbDir := filepath.Join(dir, "data")
	db := filepath.Join(dbDir, "selfeval.db")
	mustRunCLI(t, "", "org", "add", "--db", db, "--name", "办公室")
	setModes := func(dirMode, fileMode os.FileMode) {
		t.Helper()
		for _, p := range []string{db, filepath.Join(dbDir, "session.key")} {
			if err := os.Chmod(p, fileMode); err != nil && !errors.Is(err, os.ErrNotExist) {
				t.Fatal(err)
			}
		}
		if err := os.Chmod(dbDir, dirMode); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { _ = os.Chmod(dbDir, 0o755) })
	serve := func(ctx context.Context) *exec.Cmd {
		cmd := exec.CommandContext(ctx, bin, "serve", "--db", db, "--addr", "127.0.0.1:0")
		cmd.Env = append(os.Environ(), asMain+"=1")
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		return cmd
	}
	for _, tt := range []struct {
		name              string
		dirMode, fileMode os.FileMode
		readOnlyWAL       bool // an empty -wal that only its owner, root or the tester, may write
		want              string
	}{
		{"read-only file", 0o777, 0o444, false, "the database " + db + " is read-only (permission denied)"},
		{"read-only directory", 0o555, 0o666, false, "the database " + db + " is read-only (its directory takes no new file"},
		{"read-only log", 0o777, 0o666, true, "the database " + db + " is read-only (SQLite cannot write it, or its -wal or -shm file)"},
	} {
		setModes(tt.dirMode, tt.fileMode)
		if tt.readOnlyWAL {
			if cred == nil {
				t.Logf("%s: skipped (not root: nobody else to own the log)", tt.name)
				continue
			}
			if err := os.WriteFile(db+"-wal", nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		out, err := serve(ctx).CombinedOutput()
		cancel()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.Contains(string(out), tt.want) || !strings.Contains(string(out), "writable by the user") {
			t.Errorf("%s: serve said %q (%v); want exit 1 and %q", tt.name, out, err, tt.want)
		}
		if strings.Count(strings.TrimSpace(string(out)), "\n") > 0 {
			t.Errorf("%s: want a one-line message, got %q", tt.name, out)
		}
		for _, side := range []string{"-wal", "-shm"} {
			if _, err := os.Stat(db + side); err == nil && !tt.readOnlyWAL {
				t.Errorf("%s: the refused start left %s%s behind", tt.name, db, side)
			}
			_ = os.Remove(db + side)
		}
	}
	// The same database, writable: it serves (the refusals were the permissions' doing).
	setModes(0o777, 0o666)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := serve(ctx)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	cancel()
	_ = cmd.Wait()
	if !strings.Contains(line, "serving on") {
		t.Errorf("serve on the writable database said %q", line)
	}
}
