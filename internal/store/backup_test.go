package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestBackupUnderWrites: a backup taken while saves go on holds every save made before it
// began, and each form as of one moment: at a version that was saved, with the value saved
// under it and a history that ends there.
func TestBackupUnderWrites(t *testing.T) {
	s, _ := openTest(t)
	fx := newFixture(t, s)
	var ids []int64
	for i := 0; i < 3; i++ {
		rec, err := s.CreateForm(ctx, sampleForm(5), fx.unit.ID, "shanghai-2022", sum1, fx.staff.ID)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, rec.ID)
	}
	type key struct {
		id      int64
		version int
	}
	var (
		mu    sync.Mutex
		saved = map[key]string{} // the goals.achieved of each version saved
		done  = map[int64]int{}  // the last version saved of each form
		stop  = make(chan struct{})
		wg    sync.WaitGroup
		werr  error
		count int
	)
	wg.Go(func() {
		version := map[int64]int{}
		for _, id := range ids {
			version[id] = 1
		}
		for n := 0; ; n++ {
			select {
			case <-stop:
				return
			default:
			}
			id := ids[n%len(ids)]
			f := sampleForm(5)
			f.Goals.Achieved = fmt.Sprintf("save %d", n)
			rec, _, err := s.SaveForm(ctx, id, version[id], f, sum1, fx.staff.ID)
			if err != nil {
				werr = err
				return
			}
			version[id] = rec.Version
			mu.Lock()
			saved[key{id, rec.Version}] = f.Goals.Achieved
			done[id] = rec.Version
			count++
			mu.Unlock()
		}
	})
	time.Sleep(100 * time.Millisecond)
	mu.Lock()
	before := map[int64]int{}
	for id, v := range done {
		before[id] = v
	}
	mu.Unlock()
	dir := filepath.Join(t.TempDir(), "backups")
	dest := filepath.Join(dir, "copy.db")
	if err := s.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	close(stop)
	wg.Wait()
	if werr != nil {
		t.Fatal(werr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the backup directory holds %d files, want the backup alone", len(entries))
	}
	info, err := InspectFile(ctx, dest)
	if err != nil || info.Forms != len(ids) || info.SchemaVersion != LatestSchemaVersion() {
		t.Fatalf("InspectFile = %+v, %v", info, err)
	}
	b, err := Open(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for _, id := range ids {
		rec, err := b.Form(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Version < before[id] {
			t.Errorf("form %d: version %d in the backup, but %d was saved before it began", id, rec.Version, before[id])
		}
		if want, ok := saved[key{id, rec.Version}]; rec.Version > 1 && (!ok || rec.Form.Goals.Achieved != want) {
			t.Errorf("form %d at version %d holds %q, saved as %q", id, rec.Version, rec.Form.Goals.Achieved, want)
		}
		h, err := b.History(ctx, id)
		if err != nil || len(h) == 0 || h[len(h)-1].Version != rec.Version {
			t.Errorf("form %d at version %d: history ends at %+v (%v)", id, rec.Version, h[len(h)-1], err)
		}
	}
	t.Logf("%d saves, %d of them before the backup began", count, before[ids[0]]+before[ids[1]]+before[ids[2]]-3)
}

// A backup that fails leaves nothing behind: no file at dest, no temporary file beside it.
func TestBackupFailureLeavesNothing(t *testing.T) {
	s, path := openTest(t)
	dir := t.TempDir()
	dest := filepath.Join(dir, "copy.db")
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.Backup(canceled, dest); err == nil {
		t.Error("a backup with a canceled context succeeded")
	}
	if err := BackupFile(ctx, path+".missing", dest); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("backup of a missing database: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("failed backups left %d files: %v", len(entries), entries)
	}
	if _, err := os.Stat(path + ".missing"); err == nil {
		t.Error("a backup of a missing database created it")
	}
}

// TestInspectFile: a backup checks out; a damaged file, a newer schema, another database, a
// text file and a live database with its log do not.
func TestInspectFile(t *testing.T) {
	s, path := openTest(t)
	fx := newFixture(t, s)
	if _, err := s.CreateForm(ctx, sampleForm(15), fx.unit.ID, "shanghai-2022", sum1, fx.staff.ID); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	if err := s.Backup(ctx, good); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(good)
	info, err := InspectFile(ctx, good)
	if err != nil || info != (FileInfo{Size: st.Size(), Forms: 1, SchemaVersion: LatestSchemaVersion()}) {
		t.Fatalf("InspectFile(backup) = %+v, %v", info, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("InspectFile left files beside the backup: %v", entries)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	variant := func(name string, change func(path string)) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		change(p)
		return p
	}
	exec := func(p, query string) {
		db, err := sql.Open("sqlite", p)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec(query); err != nil {
			t.Fatal(err)
		}
	}
	damaged := variant("damaged.db", func(p string) {
		f, err := os.OpenFile(p, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		// Past the first page (the header and the schema): the pages of the tables.
		junk := []byte(strings.Repeat("\xa5", 4096))
		for off := int64(4096); off < int64(len(data)); off += 3 * 4096 {
			if _, err := f.WriteAt(junk[:min(len(junk), len(data)-int(off))], off); err != nil {
				t.Fatal(err)
			}
		}
	})
	newer := variant("newer.db", func(p string) { exec(p, "INSERT INTO schema_version VALUES (999, 0)") })
	other := filepath.Join(dir, "other.db")
	exec(other, "CREATE TABLE t (x)")
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte(strings.Repeat("not a database\n", 500)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, path, want string }{
		{"damaged", damaged, "damaged.db"},
		{"newer schema", newer, "schema version 999"},
		{"another database", other, "not a selfeval database"},
		{"text", text, "notes.txt"},
		{"live database", path, "write-ahead log"},
		{"missing", filepath.Join(dir, "nowhere.db"), "no such file"},
	} {
		if info, err := InspectFile(ctx, tt.path); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: InspectFile = %+v, %v; want an error with %q", tt.name, info, err, tt.want)
		}
	}
}

// TestCheckWritable: a writable database takes the check and keeps nothing of it; one opened
// read-only fails it with ErrReadOnly.
func TestCheckWritable(t *testing.T) {
	s, path := openTest(t)
	versions := func() string {
		var v string
		if err := s.r.QueryRow("SELECT group_concat(version || ':' || applied_at) FROM schema_version").Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	before, walBefore := versions(), fileSize(t, path+"-wal")
	for i := 0; i < 3; i++ {
		if err := s.CheckWritable(ctx); err != nil {
			t.Fatalf("CheckWritable on a writable database: %v", err)
		}
	}
	if after := versions(); after != before {
		t.Errorf("schema_version changed: %s, was %s", after, before)
	}
	if walAfter := fileSize(t, path+"-wal"); walAfter != walBefore {
		t.Errorf("the check wrote to the WAL: %d bytes, was %d", walAfter, walBefore)
	}
	// The writer connection as SQLite opens it when the file's permissions deny writing.
	ro, err := sql.Open("sqlite", s.dsn+"&mode=ro&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	s.w.Close()
	s.w = ro
	if err := s.CheckWritable(ctx); !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), path) {
		t.Errorf("CheckWritable on a read-only connection: %v, want ErrReadOnly naming %s", err, path)
	}
}

// A file that its permissions make read-only fails the check (not as root, whom permissions
// do not stop; cmd/selfeval tests this as another user).
func TestCheckWritableReadOnlyFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes read-only files; TestServeRefusesReadOnly covers this as another user")
	}
	s, path := openTest(t)
	s.Close()
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	ro, err := Open(path)
	if err != nil {
		if !errors.Is(err, ErrReadOnly) {
			t.Fatalf("Open of a read-only file: %v", err)
		}
		return
	}
	defer ro.Close()
	if err := ro.CheckWritable(ctx); !errors.Is(err, ErrReadOnly) {
		t.Errorf("CheckWritable on a read-only file: %v, want ErrReadOnly", err)
	}
}

// TestCheckUnused: an open store makes its file in use; once closed, it is not.
func TestCheckUnused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "selfeval.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckUnused(ctx, path); !errors.Is(err, ErrInUse) {
		t.Errorf("CheckUnused with the store open: %v, want ErrInUse", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := CheckUnused(ctx, path); err != nil {
		t.Errorf("CheckUnused with the store closed: %v", err)
	}
	if err := CheckUnused(ctx, path+".missing"); err == nil || errors.Is(err, ErrInUse) {
		t.Errorf("CheckUnused of a missing file: %v", err)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}
