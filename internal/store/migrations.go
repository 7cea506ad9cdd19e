package store

import (
	"context"
	"fmt"
	"strings"
)

// migrations are applied in order, each once, each in its own transaction; the number of
// the last one applied is kept in schema_version. Append only: never edit a released entry.
var migrations = []string{
	// 1: the initial schema.
	`
CREATE TABLE orgs (
	id        INTEGER PRIMARY KEY,
	name      TEXT NOT NULL UNIQUE,
	parent_id INTEGER REFERENCES orgs(id)
);
CREATE INDEX orgs_parent ON orgs(parent_id);

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
	password_hash TEXT NOT NULL,
	role          TEXT NOT NULL CHECK (role IN ('staff', 'supervisor', 'admin', 'auditor')),
	org_id        INTEGER REFERENCES orgs(id),
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    INTEGER NOT NULL
);
CREATE INDEX users_org ON users(org_id);

CREATE TABLE forms (
	id                 INTEGER PRIMARY KEY,
	year               INTEGER NOT NULL,
	project            TEXT NOT NULL,
	department         TEXT NOT NULL,
	unit               TEXT NOT NULL,
	unit_id            INTEGER NOT NULL REFERENCES orgs(id),
	total_initial      TEXT NOT NULL,
	total_adjusted     TEXT NOT NULL,
	total_executed     TEXT NOT NULL,
	fiscal_initial     TEXT NOT NULL,
	fiscal_adjusted    TEXT NOT NULL,
	fiscal_executed    TEXT NOT NULL,
	carryover_initial  TEXT NOT NULL,
	carryover_adjusted TEXT NOT NULL,
	carryover_executed TEXT NOT NULL,
	other_initial      TEXT NOT NULL,
	other_adjusted     TEXT NOT NULL,
	other_executed     TEXT NOT NULL,
	budget_weight      TEXT NOT NULL,
	goals_expected     TEXT NOT NULL,
	goals_achieved     TEXT NOT NULL,
	status             TEXT NOT NULL DEFAULT 'draft'
	                   CHECK (status IN ('draft', 'submitted', 'returned', 'approved')),
	version            INTEGER NOT NULL DEFAULT 1,
	profile            TEXT NOT NULL,
	execution_rate     TEXT NOT NULL DEFAULT '',
	total              TEXT NOT NULL DEFAULT '',
	grade              TEXT NOT NULL DEFAULT '',
	created_at         INTEGER NOT NULL,
	updated_at         INTEGER NOT NULL,
	updated_by         INTEGER REFERENCES users(id)
);
CREATE INDEX forms_year_status ON forms(year, status);
CREATE INDEX forms_unit_year ON forms(unit_id, year);
CREATE INDEX forms_status ON forms(status);

CREATE TABLE indicators (
	form_id     INTEGER NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	level1      TEXT NOT NULL,
	level2      TEXT NOT NULL,
	name        TEXT NOT NULL,
	target      TEXT NOT NULL,
	actual      TEXT NOT NULL,
	weight      TEXT NOT NULL,
	score       TEXT NOT NULL,
	deviation   TEXT NOT NULL,
	achievement TEXT NOT NULL,
	PRIMARY KEY (form_id, position)
) WITHOUT ROWID;

-- history, transitions and row_comments do not cascade: deleting a form that has a
-- record of its changes has to be a deliberate act.
CREATE TABLE history (
	id      INTEGER PRIMARY KEY,
	form_id INTEGER NOT NULL REFERENCES forms(id),
	version INTEGER NOT NULL,
	field   TEXT NOT NULL,
	old     TEXT NOT NULL,
	new     TEXT NOT NULL,
	user_id INTEGER REFERENCES users(id),
	at      INTEGER NOT NULL
);
CREATE INDEX history_form ON history(form_id, version);

CREATE TABLE transitions (
	id          INTEGER PRIMARY KEY,
	form_id     INTEGER NOT NULL REFERENCES forms(id),
	version     INTEGER NOT NULL,
	from_status TEXT NOT NULL,
	to_status   TEXT NOT NULL,
	comment     TEXT NOT NULL DEFAULT '',
	user_id     INTEGER REFERENCES users(id),
	at          INTEGER NOT NULL
);
CREATE INDEX transitions_form ON transitions(form_id);

CREATE TABLE row_comments (
	id       INTEGER PRIMARY KEY,
	form_id  INTEGER NOT NULL REFERENCES forms(id),
	version  INTEGER NOT NULL,
	field    TEXT NOT NULL,
	body     TEXT NOT NULL,
	user_id  INTEGER REFERENCES users(id),
	at       INTEGER NOT NULL,
	resolved INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX row_comments_form ON row_comments(form_id);
`,
	// 2: sessions ended by signing out, so that a copy of their cookie no longer works.
	`
CREATE TABLE revoked_sessions (
	sid   TEXT PRIMARY KEY,
	until INTEGER NOT NULL
) WITHOUT ROWID;
`,
	// 3: a counter per user that ends their open sessions when an administrator changes them.
	`ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;`,
	// 4: soft deletion of drafts: a deleted form leaves every list and count, and keeps its
	// content and history, so that an administrator can restore it.
	`
ALTER TABLE forms ADD COLUMN deleted_at INTEGER;
ALTER TABLE forms ADD COLUMN deleted_by INTEGER REFERENCES users(id);
CREATE INDEX forms_deleted ON forms(deleted_at) WHERE deleted_at IS NOT NULL;
`,
	// 5: the version of the profile the summary figures were computed with, so that they are
	// computed again when a rule of the profile changes (0: before this was kept).
	`ALTER TABLE forms ADD COLUMN summary_version INTEGER NOT NULL DEFAULT 0;`,
	// 6: the sign-ins and failed tries, for administrators (kept 90 days).
	`
CREATE TABLE sign_ins (
	id       INTEGER PRIMARY KEY,
	at       INTEGER NOT NULL,
	username TEXT NOT NULL,
	user_id  INTEGER REFERENCES users(id),
	address  TEXT NOT NULL,
	outcome  TEXT NOT NULL
);
CREATE INDEX sign_ins_at ON sign_ins(at);
`,
	// 7: the unit of a form's amounts (元 or 万元), its template, and the funds rows of
	// Sichuan's template; every form stored before is a Shanghai form in 元 ('') and keeps
	// its content as it is.
	`
ALTER TABLE forms ADD COLUMN amount_unit TEXT NOT NULL DEFAULT '';
ALTER TABLE forms ADD COLUMN template TEXT NOT NULL DEFAULT '';
ALTER TABLE forms ADD COLUMN special_initial TEXT NOT NULL DEFAULT '';
ALTER TABLE forms ADD COLUMN special_adjusted TEXT NOT NULL DEFAULT '';
ALTER TABLE forms ADD COLUMN special_executed TEXT NOT NULL DEFAULT '';
ALTER TABLE forms ADD COLUMN own_initial TEXT NOT NULL DEFAULT '';
ALTER TABLE forms ADD COLUMN own_adjusted TEXT NOT NULL DEFAULT '';
ALTER TABLE forms ADD COLUMN own_executed TEXT NOT NULL DEFAULT '';
`,
	// 8: the profile an administrator chose for a department's forms of a year.
	`
CREATE TABLE profile_choices (
	dept_id    INTEGER NOT NULL REFERENCES orgs(id),
	year       INTEGER NOT NULL,
	profile    TEXT NOT NULL,
	chosen_by  INTEGER REFERENCES users(id),
	chosen_at  INTEGER NOT NULL,
	PRIMARY KEY (dept_id, year)
) WITHOUT ROWID;
`,
	// 9: a unit may carry its department's name (大英县司法局 under 大英县司法局): names are
	// unique among departments and among units, no longer across both. The table is made
	// anew, as SQLite changes a constraint, with the same ids, so nothing that refers to an
	// organisation changes.
	withoutForeignKeys + `
CREATE TABLE orgs_new (
	id        INTEGER PRIMARY KEY,
	name      TEXT NOT NULL,
	parent_id INTEGER REFERENCES orgs(id)
);
INSERT INTO orgs_new (id, name, parent_id) SELECT id, name, parent_id FROM orgs;
DROP TABLE orgs;
ALTER TABLE orgs_new RENAME TO orgs;
CREATE UNIQUE INDEX orgs_name ON orgs(name, parent_id IS NULL);
CREATE INDEX orgs_parent ON orgs(parent_id);
`,
	// 10: the flags of a form's summary (the reviewer's flags, a code each, space-separated),
	// for lists and overviews that filter and count them without scoring every form; every
	// summary is made stale so that the next start computes its flags.
	`
ALTER TABLE forms ADD COLUMN flags TEXT NOT NULL DEFAULT '';
UPDATE forms SET summary_version = 0;
`,
	// 11: the reviewer's score (审核得分) and reason (扣分原因) of each indicator row, one per
	// row, given at the form's version then (the version of its submission): a later
	// submission is reviewed anew, and the history keeps every score given.
	`
CREATE TABLE review_scores (
	form_id  INTEGER NOT NULL REFERENCES forms(id),
	position INTEGER NOT NULL,
	version  INTEGER NOT NULL,
	score    TEXT NOT NULL,
	reason   TEXT NOT NULL,
	user_id  INTEGER REFERENCES users(id),
	at       INTEGER NOT NULL,
	PRIMARY KEY (form_id, position)
) WITHOUT ROWID;
`,
	// 12: the self-assessments departments opened for their units, with their due dates.
	deadlinesSchema,
	// 13: the indexes of the paged, sorted and filtered list and of its exports.
	listIndexes,
}

// withoutForeignKeys begins a migration that makes a table anew: it runs with the foreign
// key checks off (SQLite's procedure for a change ALTER TABLE cannot make), and they are
// checked whole before it commits.
const withoutForeignKeys = "-- without foreign keys\n"

// migrate applies the migrations not yet applied. Each runs in a BEGIN IMMEDIATE
// transaction that re-reads the version first, so two processes starting at once
// cannot apply the same migration twice.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
		version    INTEGER PRIMARY KEY,
		applied_at INTEGER NOT NULL
	)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for i, m := range migrations {
		if err := s.applyMigration(ctx, i+1, m); err != nil {
			return fmt.Errorf("migrate to version %d: %w", i+1, err)
		}
	}
	return nil
}

func (s *Store) applyMigration(ctx context.Context, version int, sqlText string) error {
	rebuild := strings.HasPrefix(sqlText, withoutForeignKeys)
	if rebuild {
		// The writer has one connection: the pragma holds for the transaction below.
		if _, err := s.w.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
			return err
		}
		defer s.w.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON")
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var current int
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_version").Scan(&current); err != nil {
		return err
	}
	if current >= version {
		return nil
	}
	if _, err := tx.ExecContext(ctx, sqlText); err != nil {
		return err
	}
	if rebuild {
		rows, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
		if err != nil {
			return err
		}
		broken := rows.Next()
		rows.Close()
		if broken {
			return fmt.Errorf("a reference is broken after version %d", version)
		}
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
		version, millis(s.now())); err != nil {
		return err
	}
	return tx.Commit()
}

// SchemaVersion returns the number of the last migration applied.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.r.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_version").Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return v, nil
}
