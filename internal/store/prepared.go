package store

import (
	"context"
	"database/sql"
	"sync"
)

// statements holds the read statements prepared once on the reader pool: preparing is a good
// part of a small query's cost, and the pages run the same few queries over and over.
type statements struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

func (st *statements) get(ctx context.Context, db *sql.DB, q string) (*sql.Stmt, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if s, ok := st.m[q]; ok {
		return s, nil
	}
	s, err := db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if st.m == nil {
		st.m = make(map[string]*sql.Stmt)
	}
	st.m[q] = s
	return s, nil
}

func (st *statements) close() error {
	st.mu.Lock()
	defer st.mu.Unlock()
	var first error
	for _, s := range st.m {
		if err := s.Close(); err != nil && first == nil {
			first = err
		}
	}
	st.m = nil
	return first
}

// reader is a queryer over the reader pool (tx nil) or a read transaction that runs every
// query through its prepared statement.
type reader struct {
	s  *Store
	tx *sql.Tx
}

func (r reader) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	st, err := r.s.stmts.get(ctx, r.s.r, q)
	if err != nil || r.tx == nil {
		return st, err
	}
	return r.tx.StmtContext(ctx, st), nil
}

// QueryContext runs q through its prepared statement.
func (r reader) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := r.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext runs q through its prepared statement; a statement that cannot be prepared
// runs unprepared, so that its error comes back through the row as usual.
func (r reader) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := r.stmt(ctx, q)
	if err != nil {
		if r.tx != nil {
			return r.tx.QueryRowContext(ctx, q, args...)
		}
		return r.s.r.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}
