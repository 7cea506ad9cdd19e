package app

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"selfeval/internal/auth"
	"selfeval/internal/exchange/xlsx"
	"selfeval/internal/form"
	"selfeval/internal/scoring"
	"selfeval/internal/store"
)

// The bound on the sheets of a year's workbook: up to it, one workbook of the summary sheet
// and a sheet per form; beyond it, a zip of one workbook per form and the summary's own.
// A workbook keeps every sheet in memory until it is written (some 20 KB a form), a zip only
// the form being written: the bound is what keeps an export's memory bounded.
const (
	// DefaultSheets is the bound unless the person asks for another.
	DefaultSheets = 300
	// MaxSheets is the largest bound a person may ask for.
	MaxSheets = 1000
)

// ContentTypeXLSX and ContentTypeZip are the media types of the two forms of a year's export.
const (
	ContentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	ContentTypeZip  = "application/zip"
)

// YearExport is the export of the forms of a year that a person may see, planned (counted)
// and not yet written.
type YearExport struct {
	// Year is the year exported; Forms how many forms it had when planned; Sheets the bound.
	Year, Forms, Sheets int

	app    *App
	filter store.ListFilter
}

// PlanExport counts the forms of year that p may see and decides the export's form for a
// bound of sheets (DefaultSheets when ≤ 0, at most MaxSheets). ErrNothing when there is none.
func (a *App) PlanExport(ctx context.Context, p auth.Principal, year, sheets int) (*YearExport, error) {
	units, err := a.VisibleUnits(ctx, p)
	if err != nil {
		return nil, err
	}
	lf := store.ListFilter{Year: year, UnitIDs: units}
	n := 0
	if lf.UnitIDs == nil || len(lf.UnitIDs) > 0 {
		counts, err := a.store.StatusCounts(ctx, lf)
		if err != nil {
			return nil, err
		}
		for _, c := range counts {
			n += c
		}
	}
	if n == 0 {
		return nil, fmt.Errorf("%w: no forms of %d", ErrNothing, year)
	}
	if sheets <= 0 {
		sheets = DefaultSheets
	}
	return &YearExport{Year: year, Forms: n, Sheets: min(sheets, MaxSheets), app: a, filter: lf}, nil
}

// Zip reports whether the export is a zip of workbooks: more forms than the bound.
func (e *YearExport) Zip() bool { return e.Forms > e.Sheets }

// FileName is the name the export is downloaded as: 2022.xlsx, or 2022.zip.
func (e *YearExport) FileName() string {
	if e.Zip() {
		return strconv.Itoa(e.Year) + ".zip"
	}
	return strconv.Itoa(e.Year) + ".xlsx"
}

// ContentType is the media type of the export.
func (e *YearExport) ContentType() string {
	if e.Zip() {
		return ContentTypeZip
	}
	return ContentTypeXLSX
}

// Write writes the export to w as the forms are read from the store, a batch at a time, and
// calls progress (when not nil) with the number of forms written so far after each form. It
// stops with ctx's error when ctx is done, checked before each form.
func (e *YearExport) Write(ctx context.Context, w io.Writer, progress func(done int)) error {
	if e.Zip() {
		return e.writeZip(ctx, w, progress)
	}
	book, err := xlsx.NewWorkbook(e.Forms > 1)
	if err != nil {
		return err
	}
	defer book.Close()
	err = e.app.store.ExportForms(ctx, e.filter, 0, func(rec *store.FormRecord) error {
		if err := book.Add(&rec.Form, ProfileOf(rec.Profile)); err != nil {
			return err
		}
		if progress != nil {
			progress(book.Len())
		}
		return nil
	})
	if err != nil {
		return err
	}
	if book.Len() == 0 { // every form was deleted since the plan
		return fmt.Errorf("%w: no forms of %d", ErrNothing, e.Year)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	_, err = book.WriteTo(w)
	return err
}

// writeZip writes a zip of one workbook per form, each as /forms/{id}.xlsx gives it, named
// by its place and project (0001-培训费.xlsx), and last the summary workbook (0000-汇总.xlsx),
// whose figures are values.
func (e *YearExport) writeZip(ctx context.Context, w io.Writer, progress func(done int)) error {
	zw := zip.NewWriter(w)
	summary, err := xlsx.NewSummaryWorkbook()
	if err != nil {
		return err
	}
	defer summary.Close()
	width := max(4, len(strconv.Itoa(e.Forms)))
	number := func(i int) string {
		s := strconv.Itoa(i)
		return strings.Repeat("0", max(0, width-len(s))) + s
	}
	err = e.app.store.ExportForms(ctx, e.filter, 0, func(rec *store.FormRecord) error {
		prof := ProfileOf(rec.Profile)
		entry, err := stored(zw, number(summary.Len()+1)+"-"+fileName(rec.Form.Project)+".xlsx")
		if err != nil {
			return err
		}
		if err := xlsx.WriteProfiles(entry, []form.Form{rec.Form}, []*scoring.Profile{prof}); err != nil {
			return err
		}
		if err := summary.Add(&rec.Form, prof); err != nil {
			return err
		}
		if progress != nil {
			progress(summary.Len())
		}
		return nil
	})
	if err != nil {
		return err
	}
	if summary.Len() == 0 {
		return fmt.Errorf("%w: no forms of %d", ErrNothing, e.Year)
	}
	entry, err := stored(zw, number(0)+"-汇总.xlsx")
	if err != nil {
		return err
	}
	if _, err := summary.WriteTo(entry); err != nil {
		return err
	}
	return zw.Close()
}

// stored adds a file to zw as it is, not compressed again: a workbook is a zip already.
func stored(zw *zip.Writer, name string) (io.Writer, error) {
	return zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Modified: time.Now()})
}

// fileName makes a project name a file name in any system: no path separator, no character
// Windows refuses, no control character, at most 60 characters; "表" when nothing is left.
func fileName(project string) string {
	s := strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`/\:*?"<>|`, r):
			return '_'
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, project)
	s = strings.Trim(strings.TrimSpace(s), ".")
	if utf8.RuneCountInString(s) > 60 {
		s = string([]rune(s)[:60])
	}
	if s == "" {
		return "表"
	}
	return s
}
