package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"selfeval/internal/app"
	"sync"
	"time"

	"selfeval/internal/demo"
	"selfeval/internal/store"
	"selfeval/web"
)

// runServe is "selfeval serve": open or create the database, load the demo if asked, serve
// until SIGINT/SIGTERM, then shut down gracefully.
func runServe(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	dbPath := fs.String("db", "data/selfeval.db", "database file")
	demo := fs.Bool("demo", false, "on an empty database, load the 2022 demo forms and create demo accounts")
	secure := fs.Bool("secure-cookies", false, "mark cookies Secure (when served over TLS)")
	backupDir := fs.String("backup-dir", "", "write a backup of the database into this directory every --backup-every (none when empty)")
	backupEvery := fs.Duration("backup-every", 24*time.Hour, "the interval of the scheduled backups; the first one is an interval after the start")
	keep := fs.Int("keep", 14, "how many scheduled backups --backup-dir keeps; older ones are deleted")
	const use = "selfeval serve [--addr HOST:PORT] [--db PATH] [--demo] [--backup-dir DIR [--backup-every 24h] [--keep 14]]"
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return fmt.Errorf("%w: %s", errUsage, use)
	}
	if *backupDir != "" && (*backupEvery < time.Minute || *keep < 1) {
		return fmt.Errorf("%w: --backup-every is at least 1m and --keep at least 1: %s", errUsage, use)
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	tuneGC()
	if err := checkWritableFile(*dbPath); err != nil {
		return err
	}
	st, err := store.Open(*dbPath)
	if errors.Is(err, store.ErrReadOnly) {
		return readOnly(*dbPath, "SQLite cannot write it, or its -wal or -shm file")
	}
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.CheckWritable(ctx); errors.Is(err, store.ErrReadOnly) {
		return readOnly(*dbPath, "SQLite cannot write it, or its -wal or -shm file")
	} else if err != nil {
		return err
	}
	if *backupDir != "" {
		if err := os.MkdirAll(*backupDir, 0o750); err != nil {
			return fmt.Errorf("backup directory: %w", err)
		}
		var backups sync.WaitGroup
		defer backups.Wait() // after the backup under way, if any, has stopped
		bctx, stopBackups := context.WithCancel(ctx)
		defer stopBackups()
		backups.Go(func() { scheduleBackups(bctx, st, *backupDir, *backupEvery, *keep, log, time.Now) })
		log.Info("scheduled backups", "dir", *backupDir, "every", *backupEvery, "keep", *keep)
	}
	if *demo {
		if err := loadDemo(ctx, st, stdout); err != nil {
			return err
		}
	}
	// Figures computed with an older version of a profile are computed again before the
	// lists show them.
	n, err := app.New(st).RefreshSummaries(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		log.Info("summaries refreshed", "forms", n)
	}
	keys, err := web.LoadSessionKeys(filepath.Join(filepath.Dir(*dbPath), "session.key"))
	if err != nil {
		return err
	}
	handler, err := web.New(st, web.Config{SessionKeys: keys, Secure: *secure, Logger: log})
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "selfeval: serving on http://%s (database %s)\n", ln.Addr(), *dbPath)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// readOnly is serve's refusal of a database it cannot write, which it would otherwise serve
// while answering every save with an error; why says what failed.
func readOnly(dbPath, why string) error {
	return fmt.Errorf("the database %s is read-only (%s), so every save would fail: make the file and its directory writable by the user selfeval runs as (uid %d), or restore a backup to a writable place with: selfeval restore", dbPath, why, os.Geteuid())
}

// checkWritableFile refuses an existing database that the operating system will not let
// this process write, before SQLite opens it (which would leave -wal and -shm files beside
// it, as read-only as the file): the file must open for writing, and its directory must take
// new files, since SQLite creates the database's -wal and -shm there.
func checkWritableFile(dbPath string) error {
	if _, err := os.Stat(dbPath); err != nil {
		return nil // a new database: store.Open creates it, or says why not
	}
	f, err := os.OpenFile(dbPath, os.O_RDWR, 0)
	if err != nil {
		return readOnly(dbPath, unwrapPath(err).Error())
	}
	if err := f.Close(); err != nil {
		return err
	}
	probe, err := os.CreateTemp(filepath.Dir(dbPath), ".selfeval-write-check-*")
	if err != nil {
		return readOnly(dbPath, "its directory takes no new file: "+unwrapPath(err).Error())
	}
	return errors.Join(probe.Close(), os.Remove(probe.Name()))
}

// loadDemo loads the demo into an empty database and prints the accounts once.
func loadDemo(ctx context.Context, st *store.Store, out io.Writer) error {
	accounts, err := demo.Load(ctx, st)
	if err != nil {
		return err
	}
	if len(accounts) == 0 {
		fmt.Fprintln(out, "selfeval: the database has accounts already, so no demo data was loaded (the demo passwords were shown on its first start; delete the database to start afresh)")
		return nil
	}
	fmt.Fprintln(out, "selfeval: demo accounts (shown once):")
	for _, a := range accounts {
		fmt.Fprintf(out, "  %-10s %-10s %s\n", a.Username, a.Role, a.Password)
	}
	fmt.Fprintln(out, "selfeval: loaded the ten 2022 demo forms")
	return nil
}

// tuneGC lets the heap grow to five times what is live before collecting, unless GOGC says
// otherwise. The server keeps little (a few MB) and every keystroke allocates some 30 KB that
// is garbage at once: with Go's default the collector ran every few milliseconds under load
// and took a quarter of the keystroke rate (README, "Under load"); the server's RSS stays
// under 60 MB.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}
