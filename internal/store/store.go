// Package store keeps selfeval's data in SQLite: orgs, users, forms with their indicator
// rows, and the history of every change and transition.
//
// One Store type with one method per query, as in miniflux. Writes go through a single
// connection and run in BEGIN IMMEDIATE transactions, so a read-then-write (a save checks
// the version it replaces) never fails with SQLITE_BUSY halfway; reads use a pool of
// read-only connections that WAL lets run beside the writer. Timestamps are stored as
// unix milliseconds (UTC): sortable, compact, and one convention everywhere.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Errors callers act on, matched with errors.Is; every other error is a database failure.
var (
	// ErrNotFound: no such org, user, form or comment (also when a referenced one is missing).
	ErrNotFound = errors.New("not found")
	// ErrConflict: the form changed since the version the person started from (or is no
	// longer in the expected state). Tell the person; never overwrite.
	ErrConflict = errors.New("conflict: changed by someone else")
	// ErrDuplicate: an org name or username is already taken.
	ErrDuplicate = errors.New("duplicate name")
	// ErrReadOnly: the database cannot be written (a read-only file, directory or file
	// system): every save would fail.
	ErrReadOnly = errors.New("read-only database")
	// ErrInUse: another connection, such as a running server's, has the database open.
	ErrInUse = errors.New("in use")
)

// readerConns is the size of the read pool; SQLite in WAL mode reads in parallel.
const readerConns = 4

// Store is the database of selfeval. It is safe for concurrent use.
type Store struct {
	w    *sql.DB // the one writer connection
	r    *sql.DB // read-only pool
	dsn  string  // without _txlock and _query_only
	path string  // the database file
	now  func() time.Time

	stmts statements // read statements, prepared once
}

// Open opens (creating if needed) the database file at path and brings its schema up to date.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	base := "file:" + escapePath(path) +
		"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)"
	w, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	s := &Store{w: w, dsn: base, path: path, now: func() time.Time { return time.Now().UTC() }}
	if err := s.migrate(context.Background()); err != nil {
		w.Close()
		if isReadOnly(err) {
			return nil, fmt.Errorf("store: open %s: %w (%v)", path, ErrReadOnly, err)
		}
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// Readers begin deferred transactions (a snapshot, no write lock) and refuse writes.
	r, err := sql.Open("sqlite", base+"&_txlock=deferred&_query_only=1")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	r.SetMaxOpenConns(readerConns)
	r.SetMaxIdleConns(readerConns)
	s.r = r
	return s, nil
}

// escapePath keeps the characters that mean something in a URI from being read as such.
func escapePath(p string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
}

// Close runs PRAGMA optimize (cheap, keeps the query planner's statistics fresh) and closes the database.
func (s *Store) Close() error {
	_, _ = s.w.Exec("PRAGMA optimize")
	return errors.Join(s.stmts.close(), s.r.Close(), s.w.Close())
}

// Ping checks that both the writer and the readers answer.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.w.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping writer: %w", err)
	}
	if err := s.r.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping reader: %w", err)
	}
	return nil
}

// CheckWritable checks that the database takes a write, as every save needs: on the writer
// connection, behind any save under way, it begins a write transaction, rewrites the rows of
// schema_version as they are and rolls back, so nothing is left behind. A database that
// cannot be written (a read-only file or directory) gives an error matching ErrReadOnly;
// one locked by another process past the busy timeout gives SQLITE_BUSY. It does not prove
// that the disk has room for the next commit.
func (s *Store) CheckWritable(ctx context.Context) error {
	err := func() error {
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, "UPDATE schema_version SET applied_at = applied_at"); err != nil {
			return err
		}
		return tx.Rollback()
	}()
	if err == nil {
		return nil
	}
	if isReadOnly(err) {
		return fmt.Errorf("store: %s: %w (%v)", s.path, ErrReadOnly, err)
	}
	return fmt.Errorf("store: %s does not take writes: %w", s.path, err)
}

// isReadOnly reports whether err is SQLite's refusal to write a database it opened read-only.
func isReadOnly(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_READONLY
}

// Backup writes a consistent copy of the database to dest, which must not exist yet (see
// BackupFile); saves go on while it copies.
func (s *Store) Backup(ctx context.Context, dest string) error {
	return BackupFile(ctx, s.path, dest)
}

// BackupFile writes a consistent copy of the database file src to dest, which must not exist
// yet, while servers may go on writing to src. A plain copy of the file is not a backup: in
// WAL mode the latest saves are in src-wal until a checkpoint, and a copy taken during a
// write may be torn. VACUUM INTO reads one snapshot (the file and the WAL as of one commit)
// on a read-only connection of its own, so it neither waits for the writers nor changes src
// (no migration, no checkpoint; when nobody has src open, SQLite leaves an empty -wal and a
// -shm beside it, as for any reader); the copy has no WAL of its own. It is written to a
// temporary file beside dest, synced, and renamed, so dest is either whole or absent.
func BackupFile(ctx context.Context, src, dest string) error {
	fail := func(err error) error { return fmt.Errorf("store: backup to %s: %w", dest, err) }
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("store: backup of %s: %w", src, err)
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o750); err != nil {
		return fail(err)
	}
	if _, err := os.Stat(dest); err == nil {
		return fail(os.ErrExist)
	}
	// VACUUM INTO takes an empty file: this one reserves a unique name beside dest.
	tmp, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".tmp-*")
	if err != nil {
		return fail(err)
	}
	tmpPath := tmp.Name()
	defer os.Remove(tmpPath) // after the rename there is nothing at tmpPath
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	db, err := sql.Open("sqlite", "file:"+escapePath(src)+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return fail(err)
	}
	_, err = db.ExecContext(ctx, "VACUUM INTO ?", tmpPath)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fail(err)
	}
	if err := syncFile(tmpPath); err != nil {
		return fail(err)
	}
	if _, err := os.Stat(dest); err == nil {
		return fail(os.ErrExist)
	}
	if err := os.Rename(tmpPath, dest); err != nil {
		return fail(err)
	}
	if err := SyncDir(filepath.Dir(dest)); err != nil {
		return fail(err)
	}
	return nil
}

// syncFile flushes the file at path to disk.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// SyncDir flushes the directory dir to disk, so that a file created or renamed in it is
// still there after a power cut.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	if err := d.Sync(); err != nil {
		d.Close()
		return err
	}
	return d.Close()
}

// CheckUnused reports ErrInUse when a connection of this or another process has the
// database file at path open, as a running server has. It asks SQLite for an exclusive lock
// on the file, without waiting: each connection to a database in WAL mode holds a shared
// lock on it for as long as it is open. When nobody has it open, the lock is taken and
// released at once, and a write-ahead log left by a crash is checkpointed into the file, as
// any first connection does.
func CheckUnused(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+escapePath(path)+"?mode=rw&_pragma=busy_timeout(0)&_pragma=locking_mode(EXCLUSIVE)")
	if err != nil {
		return fmt.Errorf("store: %s: %w", path, err)
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n)
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY {
		return fmt.Errorf("store: %s: %w", path, ErrInUse)
	}
	if err != nil {
		return fmt.Errorf("store: %s: %w", path, err)
	}
	return db.Close()
}

// FileInfo is what InspectFile found in a database file.
type FileInfo struct {
	Size          int64 // bytes
	Forms         int   // forms, counting those deleted softly
	SchemaVersion int   // the last migration applied
}

// LatestSchemaVersion is the schema version this program's migrations bring a database to.
func LatestSchemaVersion() int { return len(migrations) }

// InspectFile checks a database file that nobody writes, such as a backup: PRAGMA
// integrity_check says ok, it is a selfeval database with a schema version this program
// knows (an older one is brought up to date when it is opened), and it has no write-ahead
// log beside it (whose content a copy of the file alone would lack). The file is opened
// read-only and immutable: nothing is written, not even a -shm file.
func InspectFile(ctx context.Context, path string) (FileInfo, error) {
	fail := func(format string, args ...any) (FileInfo, error) {
		return FileInfo{}, fmt.Errorf("store: %s: "+format, append([]any{path}, args...)...)
	}
	st, err := os.Stat(path)
	if err != nil {
		return FileInfo{}, fmt.Errorf("store: %w", err)
	}
	if !st.Mode().IsRegular() {
		return fail("not a file")
	}
	if wal, err := os.Stat(path + "-wal"); err == nil && wal.Size() > 0 {
		return fail("a write-ahead log (its -wal file) lies beside it, so the file alone lacks the latest saves: it is a live database or a plain copy of one, not a backup")
	}
	db, err := sql.Open("sqlite", "file:"+escapePath(path)+"?mode=ro&immutable=1")
	if err != nil {
		return fail("%v", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check(20)")
	if err != nil {
		return fail("not a database: %v", err)
	}
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return fail("integrity check: %v", err)
		}
		problems = append(problems, line)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fail("integrity check: %v", err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return fail("the integrity check fails: %s", strings.Join(problems, "; "))
	}
	info := FileInfo{Size: st.Size()}
	if err := db.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_version").Scan(&info.SchemaVersion); err != nil {
		return fail("not a selfeval database: %v", err)
	}
	if info.SchemaVersion < 1 || info.SchemaVersion > LatestSchemaVersion() {
		return fail("schema version %d, and this selfeval knows versions 1 to %d (a newer selfeval made it?)", info.SchemaVersion, LatestSchemaVersion())
	}
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM forms").Scan(&info.Forms); err != nil {
		return fail("count forms: %v", err)
	}
	return info, nil
}

// queryer is what both *sql.DB and *sql.Tx offer, so a read can run inside a write transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// mapErr turns the database errors callers act on into the store's own.
func mapErr(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w: %v", ErrDuplicate, err)
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			// The org, user or form referred to does not exist.
			return fmt.Errorf("%w: %v", ErrNotFound, err)
		}
	}
	return err
}

// nullID stores the id 0 ("none") as NULL, so a foreign key is not checked against it.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func millis(t time.Time) int64 { return t.UnixMilli() }

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// affectedOne turns the result of an UPDATE by id into nil, ErrNotFound (no row) or the
// mapped error, wrapped with the context format.
func affectedOne(res sql.Result, err error, format string, args ...any) error {
	if err != nil {
		return fmt.Errorf(format+": %w", append(args, mapErr(err))...)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf(format+": %w", append(args, err)...)
	}
	if n == 0 {
		return fmt.Errorf(format+": %w", append(args, ErrNotFound)...)
	}
	return nil
}
