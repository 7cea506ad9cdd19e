package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"selfeval/internal/store"
)

// TestBackupRestoreUnderWrites: "selfeval backup" taken while editors save through a running
// server holds a consistent prefix of the saves: every form, each at a version that was
// acknowledged (or the one it had before), with every save acknowledged before the backup
// began. "selfeval restore" puts it in place of a new database, and of the server's once the
// server is gone, keeping the old one; what it refuses, it leaves as it was.
func TestBackupRestoreUnderWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a server")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "data", "selfeval.db")
	srv := startServer(t, db, "127.0.0.1:0", "--demo")
	password := srv.password
	sess := signIn(t, srv.url(), password)
	eds, stop := runEditors(t, sess, srv.url(), 3)
	time.Sleep(400 * time.Millisecond)

	backup := filepath.Join(dir, "backups", "before.db")
	began := time.Now()
	out := mustRunCLI(t, "", "backup", "--db", db, "--out", backup)
	took := time.Since(began)
	time.Sleep(300 * time.Millisecond)
	stop()
	if !regexp.MustCompile(`^wrote .*before\.db: \d+ bytes, 10 forms, schema version \d+, integrity ok\n$`).MatchString(out) {
		t.Errorf("backup said %q", out)
	}
	if code, _, errs := cli(t, "", "backup", "--db", db, "--out", backup); code != 1 || !strings.Contains(errs, "exists already") {
		t.Errorf("a backup over an existing file: exit %d, %q", code, errs)
	}

	restored := filepath.Join(dir, "restored", "selfeval.db")
	out = mustRunCLI(t, "", "restore", "--from", backup, "--db", restored)
	if !strings.Contains(out, "restored "+backup+" to "+restored+": ") || !strings.Contains(out, "10 forms") || strings.Contains(out, "kept as") {
		t.Errorf("restore to a new path said %q", out)
	}
	if got := integrity(t, restored); got != "ok" {
		t.Errorf("integrity_check of the restored database: %s", got)
	}
	st, err := store.Open(restored)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range sess.ids {
		if _, err := st.Form(context.Background(), id); err != nil {
			t.Errorf("form %d of the list is not in the backup: %v", id, err)
		}
	}
	inBackup, beforeBackup := 0, 0
	for _, e := range eds {
		rec, err := st.Form(context.Background(), e.id)
		if err != nil {
			t.Fatal(err)
		}
		acked := append([]ack{e.start}, e.acks...)
		i := slices.IndexFunc(acked, func(a ack) bool { return a.version == rec.Version })
		if i < 0 || acked[i].value != rec.Form.Goals.Achieved {
			t.Errorf("form %d in the backup: version %d with %q, which was never acknowledged", e.id, rec.Version, rec.Form.Goals.Achieved)
			continue
		}
		for _, a := range e.acks {
			if a.at.Before(began) && a.version > rec.Version {
				t.Errorf("form %d: version %d was acknowledged before the backup began, and the backup has version %d", e.id, a.version, rec.Version)
			}
			if a.at.Before(began) {
				beforeBackup++
			}
		}
		h, err := st.History(context.Background(), e.id)
		if err != nil || h[len(h)-1].Version != rec.Version {
			t.Errorf("form %d at version %d: its history ends elsewhere (%v)", e.id, rec.Version, err)
		}
		inBackup += i
	}
	st.Close()
	acked, _ := acksOf(eds)
	t.Logf("backup taken in %s while 3 editors saved: %d saves acknowledged in all, %d before the backup began, %d in the backup; restored: 10 forms, integrity ok",
		took.Round(time.Millisecond), acked, beforeBackup, inBackup)

	// What restore refuses, it leaves as it was.
	refuse := func(want string, args ...string) {
		t.Helper()
		code, out, errs := cli(t, "", append([]string{"restore"}, args...)...)
		if code != 1 || out != "" || !strings.Contains(errs, want) || !strings.Contains(errs, "nothing was changed") {
			t.Errorf("restore %v: exit %d, stdout %q, stderr %q; want exit 1 and %q", args, code, out, errs, want)
		}
	}
	refuse("exists: to replace it with the backup, add --force", "--from", backup, "--db", restored)
	refuse("open in another process", "--from", backup, "--db", db, "--force")
	refuse("a write-ahead log (its -wal file) lies beside it", "--from", db, "--db", filepath.Join(dir, "copy.db"))
	if _, err := os.Stat(filepath.Join(dir, "copy.db")); err == nil {
		t.Error("a refused restore created the database")
	}
	damaged := filepath.Join(dir, "damaged.db")
	data, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(damaged, append(data[:100:100], bytes.Repeat([]byte{0xa5}, len(data)-100)...), 0o600); err != nil {
		t.Fatal(err)
	}
	refuse("is not a backup to restore", "--from", damaged, "--db", restored, "--force")

	// Once the server is gone (killed here: its latest saves are in its -wal), its database is
	// replaced, and kept with every save.
	srv.kill()
	out = mustRunCLI(t, "", "restore", "--from", backup, "--db", db, "--force")
	m := regexp.MustCompile(`kept as (\S+\.before-restore-\d{8}T\d{6}Z)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("restore --force said %q", out)
	}
	for _, side := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(db + side); err == nil {
			t.Errorf("%s%s stayed beside the restored database", db, side)
		}
	}
	// versions reads the version of each editor's form in the database at path.
	versions := func(path string) map[int64]int {
		b, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		out := map[int64]int{}
		for _, e := range eds {
			rec, err := b.Form(context.Background(), e.id)
			if err != nil {
				t.Fatal(err)
			}
			out[e.id] = rec.Version
		}
		return out
	}
	aside, now, fromBackup := versions(m[1]), versions(db), versions(restored)
	for _, e := range eds {
		if last := e.acks[len(e.acks)-1].version; aside[e.id] != last {
			t.Errorf("form %d in the database put aside: version %d, want the last saved, %d", e.id, aside[e.id], last)
		}
		if now[e.id] != fromBackup[e.id] {
			t.Errorf("form %d after restore --force: version %d, the backup has %d", e.id, now[e.id], fromBackup[e.id])
		}
	}
	// The restored database serves, and the accounts of the backup sign in.
	srv = startServer(t, db, "127.0.0.1:0")
	signIn(t, srv.url(), password)
	srv.stop()
}

// syncBuffer is a log that a test reads while a goroutine writes it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestScheduledBackups: serve's schedule writes a checked backup every interval, named by the
// UTC time, keeps the newest --keep of them and deletes no other file; a backup that fails is
// logged, and the next tick makes one.
func TestScheduledBackups(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "selfeval.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dir := t.TempDir()
	others := []string{"selfeval-20200101T000000Z.db.bak", "selfeval-manual.db", "notes.txt"}
	for _, n := range append(others, "selfeval-20200101T000000Z.db") {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// A clock that stands still once: the second backup has the name of the first and fails.
	var (
		clockMu sync.Mutex
		ticks   int
	)
	start := time.Date(2026, 12, 1, 20, 0, 0, 0, time.FixedZone("CST", 8*3600))
	clock := func() time.Time {
		clockMu.Lock()
		defer clockMu.Unlock()
		ticks++
		if ticks >= 2 {
			return start.Add(time.Duration(ticks-2) * time.Hour)
		}
		return start
	}
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		scheduleBackups(ctx, st, dir, 20*time.Millisecond, 2, log, clock)
		close(done)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(logs.String(), "backup written") < 4 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
	text := logs.String()
	written := regexp.MustCompile(`msg="backup written" file=(\S+) bytes=\d+ forms=0`).FindAllStringSubmatch(text, -1)
	if len(written) < 4 || !strings.Contains(text, `level=ERROR msg="scheduled backup failed; the next one is tried as planned"`) {
		t.Fatalf("the schedule logged:\n%s", text)
	}
	if first := filepath.Base(written[0][1]); first != "selfeval-20261201T120000Z.db" {
		t.Errorf("the first backup is %s, want it named by the UTC time", first)
	}
	var kept []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		kept = append(kept, e.Name())
	}
	want := append(slices.Clone(others), filepath.Base(written[len(written)-2][1]), filepath.Base(written[len(written)-1][1]))
	slices.Sort(want)
	if !slices.Equal(kept, want) {
		t.Errorf("the backup directory holds %v, want %v", kept, want)
	}
	for _, w := range written[len(written)-2:] {
		if _, err := store.InspectFile(context.Background(), w[1]); err != nil {
			t.Errorf("a kept backup does not check out: %v", err)
		}
	}
}

// TestBackupRestoreUsage: mistakes on the command line are one-line errors that change nothing.
func TestBackupRestoreUsage(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nowhere.db")
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"backup", "--db", missing}, 2, "selfeval backup --db PATH --out FILE"},
		{[]string{"backup", "--db", missing, "--out", filepath.Join(dir, "b.db")}, 1, "no database at " + missing},
		{[]string{"restore", "--db", missing}, 2, "selfeval restore --from FILE --db PATH [--force]"},
		{[]string{"restore", "--from", missing, "--db", filepath.Join(dir, "x.db")}, 1, "no such file"},
		{[]string{"serve", "--backup-dir", dir, "--backup-every", "10s"}, 2, "--backup-every is at least 1m"},
		{[]string{"serve", "--backup-dir", dir, "--keep", "0"}, 2, "--keep at least 1"},
	} {
		code, out, errs := cli(t, "", tt.args...)
		if code != tt.code || out != "" || !strings.Contains(errs, tt.want) || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q on one line", tt.args, code, out, errs, tt.code, tt.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the mistakes left files: %v", entries)
	}
}
