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
)

// readerConns is the size of the read pool; SQLite in WAL mode reads in parallel.
const readerConns = 4

// Store is the database of selfeval. It is safe for concurrent use.
type Store struct {
	w   *sql.DB // the one writer connection
	r   *sql.DB // read-only pool
	dsn string  // without _txlock and _query_only
	now func() time.Time

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
	s := &Store{w: w, dsn: base, now: func() time.Time { return time.Now().UTC() }}
	if err := s.migrate(context.Background()); err != nil {
		w.Close()
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

// Backup writes a consistent copy of the database to dest, which must not exist yet.
// It reads a snapshot on a connection of its own (readers refuse VACUUM INTO, which
// counts as a write), so saves go on while it copies.
func (s *Store) Backup(ctx context.Context, dest string) error {
	if err := os.MkdirAll(filepath.Dir(dest), 0o750); err != nil {
		return fmt.Errorf("store: backup to %s: %w", dest, err)
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("store: backup to %s: %w", dest, os.ErrExist)
	}
	db, err := sql.Open("sqlite", s.dsn)
	if err != nil {
		return fmt.Errorf("store: backup to %s: %w", dest, err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
		return fmt.Errorf("store: backup to %s: %w", dest, err)
	}
	return db.Close()
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
