package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"selfeval/internal/store"
)

// stampLayout is the UTC time in the names of scheduled backups and of a database put aside
// by a restore: 20261201T120000Z.
const stampLayout = "20060102T150405Z"

// backupName is the name of a scheduled backup, selfeval-20261201T120000Z.db: the only files
// that the schedule deletes.
var backupName = regexp.MustCompile(`^selfeval-\d{8}T\d{6}Z\.db$`)

// runBackup is "selfeval backup --db PATH --out FILE": a consistent copy of the database,
// taken while servers go on saving (see store.BackupFile), then opened and checked.
func runBackup(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	const use = "selfeval backup --db PATH --out FILE"
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "data/selfeval.db", "database file")
	out := fs.String("out", "", "the backup file to write; it must not exist")
	if err := fs.Parse(args); err != nil || *out == "" || fs.NArg() != 0 {
		return fmt.Errorf("%w: %s", errUsage, use)
	}
	if _, err := os.Stat(*dbPath); err != nil {
		return fmt.Errorf("no database at %s", *dbPath)
	}
	if _, err := os.Lstat(*out); err == nil {
		return fmt.Errorf("%s exists already: a backup never replaces a file, choose another name", *out)
	}
	if err := store.BackupFile(ctx, *dbPath, *out); err != nil {
		return err
	}
	info, err := store.InspectFile(ctx, *out)
	if err != nil {
		return fmt.Errorf("the backup was written but does not check out: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s: %d bytes, %d forms, schema version %d, integrity ok\n", *out, info.Size, info.Forms, info.SchemaVersion)
	return nil
}

// runRestore is "selfeval restore --from FILE --db PATH [--force]": put a backup in place of
// the database. The backup is copied into a temporary file beside PATH, synced, checked
// (integrity, a schema version this selfeval knows) and renamed to PATH, so PATH is the old
// database or the whole backup, never a mix. An existing database is replaced only with
// --force, and never while a connection (a running server) has it open; it is then kept as
// PATH.before-restore-TIMESTAMP with its -wal and -shm, which must not stay beside the
// restored file: SQLite would apply that log to it.
func runRestore(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	const use = "selfeval restore --from FILE --db PATH [--force]"
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "the backup to restore")
	dbPath := fs.String("db", "data/selfeval.db", "database file to restore to")
	force := fs.Bool("force", false, "replace an existing database (it is kept as PATH.before-restore-TIMESTAMP)")
	if err := fs.Parse(args); err != nil || *from == "" || fs.NArg() != 0 {
		return fmt.Errorf("%w: %s", errUsage, use)
	}
	const unchanged = "; nothing was changed"
	backup, err := store.InspectFile(ctx, *from)
	if err != nil {
		return fmt.Errorf("%s is not a backup to restore: %w%s", *from, err, unchanged)
	}
	if present := databaseFiles(*dbPath); len(present) > 0 && !*force {
		return fmt.Errorf("%s exists: to replace it with the backup, add --force (it is then kept as %s.before-restore-TIMESTAMP)%s", *dbPath, *dbPath, unchanged)
	}
	if _, err := os.Lstat(*dbPath); err == nil {
		// A server that started between this check and the rename below would keep the old
		// file open: stop the servers first, as the message says.
		err := store.CheckUnused(ctx, *dbPath)
		if errors.Is(err, store.ErrInUse) {
			return fmt.Errorf("the database %s is open in another process (a running selfeval serve?): stop it first, then restore%s", *dbPath, unchanged)
		}
		if err != nil {
			return fmt.Errorf("%w%s", err, unchanged)
		}
	}
	dir := filepath.Dir(*dbPath)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("%w%s", err, unchanged)
	}
	tmp, err := copyToTemp(*from, dir, *dbPath)
	if err != nil {
		return fmt.Errorf("copy %s into %s: %w%s", *from, dir, err, unchanged)
	}
	defer os.Remove(tmp) // nothing is there after the rename
	if _, err := store.InspectFile(ctx, tmp); err != nil {
		return fmt.Errorf("the copy of the backup does not check out: %w%s", err, unchanged)
	}
	// Listed again: the check above checkpoints a log left by a crash into the file, and
	// deletes it.
	present := databaseFiles(*dbPath)
	aside := ""
	if len(present) > 0 {
		aside = *dbPath + ".before-restore-" + time.Now().UTC().Format(stampLayout)
		if err := moveAside(*dbPath, aside, present); err != nil {
			return fmt.Errorf("put the old database aside: %w%s", err, unchanged)
		}
	}
	if err := os.Rename(tmp, *dbPath); err != nil {
		if aside != "" {
			err = fmt.Errorf("%w (the old database is at %s)", err, aside)
		}
		return fmt.Errorf("put the backup in place: %w", err)
	}
	if err := store.SyncDir(dir); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored %s to %s: %d bytes, %d forms, schema version %d, integrity ok\n", *from, *dbPath, backup.Size, backup.Forms, backup.SchemaVersion)
	if aside != "" {
		moved := make([]string, len(present))
		for i, suffix := range present {
			moved[i] = aside + suffix
		}
		fmt.Fprintf(stdout, "the database that was there is kept as %s\n", strings.Join(moved, ", "))
	}
	if backup.SchemaVersion < store.LatestSchemaVersion() {
		fmt.Fprintf(stdout, "selfeval serve brings it from schema version %d to %d when it opens it\n", backup.SchemaVersion, store.LatestSchemaVersion())
	}
	return nil
}

// databaseFiles returns the suffixes of the files of the database at path that exist: "" for
// the file itself, "-wal" and "-shm" for its log and the log's index.
func databaseFiles(path string) []string {
	var present []string
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if _, err := os.Lstat(path + suffix); err == nil {
			present = append(present, suffix)
		}
	}
	return present
}

// moveAside renames the files of the database at path (their suffixes in present) to the
// same names at aside, the log and its index first: a log left beside a restored file would
// be applied to it. If one fails, those moved already are put back.
func moveAside(path, aside string, present []string) error {
	for _, suffix := range present {
		if _, err := os.Lstat(aside + suffix); err == nil {
			return fmt.Errorf("%s%s exists already: restore again in a second", aside, suffix)
		}
	}
	for i := len(present) - 1; i >= 0; i-- {
		if err := os.Rename(path+present[i], aside+present[i]); err != nil {
			for _, moved := range present[i+1:] {
				err = errors.Join(err, os.Rename(aside+moved, path+moved))
			}
			return err
		}
	}
	return nil
}

// copyToTemp copies the file src into a new temporary file in dir, synced to disk, with the
// permissions of the file at like if there is one (else only the owner may read it), and
// returns its path.
func copyToTemp(src, dir, like string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer in.Close()
	out, err := os.CreateTemp(dir, ".selfeval-restore-*")
	if err != nil {
		return "", err
	}
	_, err = io.Copy(out, in)
	if fi, serr := os.Stat(like); err == nil && serr == nil {
		err = out.Chmod(fi.Mode().Perm())
	}
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out.Name())
		return "", err
	}
	return out.Name(), nil
}

// scheduleBackups is serve's --backup-dir: every interval (the first one an interval after
// the start) until ctx ends, a backup of st into dir named by the UTC time, checked; after
// each one that checks out, the scheduled backups in dir beyond the newest keep are deleted.
// A failure is logged and the next tick tries again: the server goes on serving.
func scheduleBackups(ctx context.Context, st *store.Store, dir string, every time.Duration, keep int, log *slog.Logger, now func() time.Time) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		err := scheduledBackup(ctx, st, dir, keep, log, now().UTC())
		if err != nil && ctx.Err() == nil {
			log.Error("scheduled backup failed; the next one is tried as planned", "dir", dir, "err", err, "next_in", every)
		}
	}
}

// scheduledBackup writes one scheduled backup, stamped at, checks it and deletes the ones
// beyond the newest keep.
func scheduledBackup(ctx context.Context, st *store.Store, dir string, keep int, log *slog.Logger, at time.Time) error {
	start := time.Now()
	path := filepath.Join(dir, "selfeval-"+at.Format(stampLayout)+".db")
	if err := st.Backup(ctx, path); err != nil {
		return err
	}
	info, err := store.InspectFile(ctx, path)
	if err != nil {
		// It must not count among the backups kept.
		return errors.Join(fmt.Errorf("the backup does not check out and is deleted: %w", err), os.Remove(path))
	}
	deleted, err := pruneBackups(dir, keep)
	log.Info("backup written", "file", path, "bytes", info.Size, "forms", info.Forms,
		"took", time.Since(start).Round(time.Millisecond), "deleted", deleted)
	if err != nil {
		return fmt.Errorf("delete old backups: %w", err)
	}
	return nil
}

// pruneBackups deletes the scheduled backups in dir (named as backupName) beyond the newest
// keep and returns the names it deleted. The names sort as their times do.
func pruneBackups(dir string, keep int) ([]string, error) {
	entries, err := os.ReadDir(dir) // sorted by name
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && backupName.MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	if len(names) <= keep {
		return nil, nil
	}
	old := names[:len(names)-keep]
	var errs []error
	for _, n := range old {
		errs = append(errs, os.Remove(filepath.Join(dir, n)))
	}
	return old, errors.Join(errs...)
}
