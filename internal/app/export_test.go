package app

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"selfeval/internal/auth"
	"selfeval/internal/demo"
	"selfeval/internal/exchange/text"
	"selfeval/internal/exchange/xlsx"
	"selfeval/internal/store"
)

// TestPlanExport: the export counts the forms the person may see, takes the default bound
// unless asked for another, keeps it under MaxSheets, and is a zip beyond it.
func TestPlanExport(t *testing.T) {
	a, st, other := demoApp(t)
	unit, err := st.OrgByName(ctx, demo.Unit)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		who           auth.Principal
		sheets        int
		forms, bound  int
		zip           bool
		name, content string
	}{
		{Operator, 0, 11, DefaultSheets, false, "2022.xlsx", ContentTypeXLSX},
		{Operator, 10, 11, 10, true, "2022.zip", ContentTypeZip},
		{Operator, 11, 11, 11, false, "2022.xlsx", ContentTypeXLSX},
		{Operator, MaxSheets + 1, 11, MaxSheets, false, "2022.xlsx", ContentTypeXLSX},
		{auth.Principal{Role: auth.RoleStaff, OrgID: unit.ID}, 3, 10, 3, true, "2022.zip", ContentTypeZip},
		{auth.Principal{Role: auth.RoleStaff, OrgID: other.ID}, 0, 1, DefaultSheets, false, "2022.xlsx", ContentTypeXLSX},
	}
	for _, tt := range tests {
		e, err := a.PlanExport(ctx, tt.who, 2022, tt.sheets)
		if err != nil || e.Forms != tt.forms || e.Sheets != tt.bound || e.Zip() != tt.zip || e.FileName() != tt.name || e.ContentType() != tt.content {
			t.Errorf("%s of %d, %d sheets: %+v (%v)", tt.who.Role, tt.who.OrgID, tt.sheets, e, err)
		}
	}
	if _, err := a.PlanExport(ctx, Operator, 1999, 0); !errors.Is(err, ErrNothing) {
		t.Errorf("an empty year: %v, want ErrNothing", err)
	}
	if _, err := a.PlanExport(ctx, auth.Principal{Role: auth.RoleSupervisor, OrgID: 999}, 2022, 0); !errors.Is(err, ErrNothing) {
		t.Errorf("a supervisor of no unit: %v, want ErrNothing", err)
	}
}

// TestExportWrite: up to the bound, one workbook with the summary and a sheet per form, as
// xlsx.Write makes it; beyond it, a zip of each form's workbook and the summary workbook.
func TestExportWrite(t *testing.T) {
	a, _, _ := demoApp(t)
	e, err := a.PlanExport(ctx, Operator, 2022, 0)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	var calls []int
	if err := e.Write(ctx, &buf, func(done int) { calls = append(calls, done) }); err != nil {
		t.Fatal(err)
	}
	if len(calls) != 11 || calls[10] != 11 {
		t.Errorf("progress %v", calls)
	}
	forms, err := xlsx.Read(bytes.NewReader(buf.Bytes()))
	if err != nil || len(forms) != 11 {
		t.Fatalf("the workbook holds %d forms (%v)", len(forms), err)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if sheets := wb.GetSheetList(); len(sheets) != 12 || sheets[0] != "汇总" {
		t.Errorf("sheets %v", sheets)
	}
	wb.Close()

	e, err = a.PlanExport(ctx, Operator, 2022, 4)
	if err != nil || !e.Zip() {
		t.Fatalf("%+v %v", e, err)
	}
	buf.Reset()
	if err := e.Write(ctx, &buf, nil); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 12 || zr.File[0].Name != "0001-"+forms[0].Project+".xlsx" || zr.File[11].Name != "0000-汇总.xlsx" {
		t.Fatalf("zip of %d files: first %q, last %q", len(zr.File), zr.File[0].Name, zr.File[len(zr.File)-1].Name)
	}
	for i, zf := range zr.File[:11] {
		data := readZipped(t, zf)
		got, err := xlsx.Read(bytes.NewReader(data))
		if err != nil || len(got) != 1 || got[0].Project != forms[i].Project || len(got[0].Indicators) != len(forms[i].Indicators) {
			t.Errorf("%s: %d forms (%v)", zf.Name, len(got), err)
		}
	}
	sum, err := excelize.OpenReader(bytes.NewReader(readZipped(t, zr.File[11])))
	if err != nil {
		t.Fatal(err)
	}
	defer sum.Close()
	rows, err := sum.GetRows("汇总")
	if err != nil || len(rows) != 13 || rows[2][1] != forms[0].Project || rows[12][1] != forms[10].Project {
		t.Fatalf("summary workbook: %d rows (%v): %q", len(rows), err, rows)
	}
	// The figures are values (there is no sheet to refer to); the grade is the formula on the total.
	if f, _ := sum.GetCellFormula("汇总", "I3"); f != "" {
		t.Errorf("total of the summary workbook is a formula: %s", f)
	}
	if f, _ := sum.GetCellFormula("汇总", "J3"); !strings.Contains(f, "I3") {
		t.Errorf("grade formula %q", f)
	}
	if v, err := sum.CalcCellValue("汇总", "J3"); err != nil || v != rows[2][9] || v == "" {
		t.Errorf("grade recalculated %q (%v), cached %q", v, err, rows[2][9])
	}
}

func readZipped(t *testing.T, zf *zip.File) []byte {
	t.Helper()
	r, err := zf.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// yearOf adds forms of 2022 to the other unit of demoApp's database until the year has n.
func yearOf(t testing.TB, n int) *App {
	a, st, other := demoApp(t)
	addForms(t, st, other.ID, n-11)
	return a
}

// TestExportCancelled: an export of many forms whose context is cancelled while it writes
// returns within a second, with the context's error, whether it writes a workbook or a zip.
func TestExportCancelled(t *testing.T) {
	a := yearOf(t, 3000)
	for _, sheets := range []int{MaxSheets, 10} {
		e, err := a.PlanExport(ctx, Operator, 2022, sheets)
		if err != nil {
			t.Fatal(err)
		}
		c, cancel := context.WithCancel(ctx)
		started := make(chan struct{})
		var once sync.Once
		returned := make(chan error, 1)
		go func() {
			returned <- e.Write(c, io.Discard, func(done int) {
				if done == 20 {
					once.Do(func() { close(started) })
				}
			})
		}()
		select {
		case <-started:
		case err := <-returned:
			t.Fatalf("%d sheets: returned before 20 forms: %v", sheets, err)
		case <-time.After(30 * time.Second):
			t.Fatalf("%d sheets: 20 forms not written in 30 s", sheets)
		}
		cancel()
		select {
		case err := <-returned:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("%d sheets: cancelled export returned %v", sheets, err)
			}
		case <-time.After(time.Second):
			t.Fatalf("%d sheets: the export still ran a second after it was cancelled", sheets)
		}
	}
}

// benchmarkExport writes the export of a year of 1,000 forms with a bound of sheets to a
// file, as a job does, and reports the process's peak resident memory and the peak of the
// heap while it writes.
func benchmarkExport(b *testing.B, sheets int, wantZip bool) {
	a := yearOf(b, 1000)
	out, err := os.CreateTemp(b.TempDir(), "export")
	if err != nil {
		b.Fatal(err)
	}
	defer out.Close()
	b.ReportAllocs()
	var heap, rss uint64
	for b.Loop() {
		h, r := peakMemory(b, func() {
			e, err := a.PlanExport(ctx, Operator, 2022, sheets)
			if err != nil || e.Forms != 1000 || e.Zip() != wantZip {
				b.Fatalf("%+v %v", e, err)
			}
			if _, err := out.Seek(0, 0); err != nil {
				b.Fatal(err)
			}
			w := bufio.NewWriterSize(out, 64<<10)
			if err := e.Write(ctx, w, nil); err != nil {
				b.Fatal(err)
			}
			if err := w.Flush(); err != nil {
				b.Fatal(err)
			}
		})
		heap, rss = max(heap, h), max(rss, r)
	}
	if fi, err := out.Stat(); err == nil {
		b.ReportMetric(float64(fi.Size())/1e6, "file-MB")
	}
	b.ReportMetric(float64(heap)/1e6, "peak-heap-MB")
	if rss > 0 {
		b.ReportMetric(float64(rss)/1e6, "peak-RSS-MB")
	}
}

// BenchmarkExportYearWorkbook1000 is the department's workbook of a year of 1,000 forms, as
// a job writes it when the bound lets it be one workbook (1,000 form sheets and 汇总): forms
// read a batch at a time, each sheet written as its form is read.
func BenchmarkExportYearWorkbook1000(b *testing.B) { benchmarkExport(b, 1000, false) }

// BenchmarkExportYearZip1000 is the same year with the default bound (300): a zip of 1,000
// workbooks and the summary workbook.
func BenchmarkExportYearZip1000(b *testing.B) { benchmarkExport(b, DefaultSheets, true) }

// peakMemory runs fn and returns the peak of the heap's objects (sampled every millisecond)
// and the process's peak resident set while fn ran (Linux's VmHWM, reset before fn through
// /proc/self/clear_refs; 0 where the system does not tell it).
func peakMemory(b *testing.B, fn func()) (heap, rss uint64) {
	b.Helper()
	runtime.GC()
	debug.FreeOSMemory()
	resetRSS := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			heap = max(heap, sample[0].Value.Uint64())
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	fn()
	close(stop)
	<-done
	if resetRSS {
		rss = vmHWM()
	}
	return heap, rss
}

// vmHWM is the process's peak resident set in bytes, from /proc/self/status.
func vmHWM() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// addForms adds n copies of the demo's forms (their projects numbered) to unit, in 2022.
func addForms(t testing.TB, st *store.Store, unit int64, n int) {
	t.Helper()
	read, err := text.Read(demo.Seed2022)
	if err != nil {
		t.Fatal(err)
	}
	var batch []store.NewForm
	for i := 0; len(batch) < n; i++ {
		f := read[i%len(read)].Form
		f.Project += " " + strconv.Itoa(i)
		batch = append(batch, store.NewForm{Form: f, UnitID: unit, Profile: ProfileOf("").Name, Summary: Summarize(&f, ProfileOf(""))})
	}
	if _, err := st.CreateForms(ctx, batch, 0); err != nil {
		t.Fatal(err)
	}
}
