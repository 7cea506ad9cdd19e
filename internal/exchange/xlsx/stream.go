package xlsx

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"selfeval/internal/form"
	"selfeval/internal/scoring"
)

// Workbook is a workbook written form by form, as an export reads them: Add writes a form's
// sheet at once through excelize's stream writer and keeps only its summary row (some
// hundred bytes), so that the forms, their rows and their scores need not all be in memory
// together. What a workbook holds until WriteTo is each sheet's XML, a few kilobytes a form:
// a caller bounds the number of sheets of one workbook (beyond it, a zip of workbooks).
//
// A Workbook is used by one goroutine; Close releases it whether or not it was written.
type Workbook struct {
	xw      *writer
	summary bool // a summary sheet leads the workbook
	sheets  bool // a sheet per form; false: the summary alone, its figures as values
	used    map[string]bool
	rows    []summaryRow
	written bool
}

// NewWorkbook starts a workbook of one sheet per form added, led by the summary sheet 汇总
// when summary is true (Write makes one for more than one form).
func NewWorkbook(summary bool) (*Workbook, error) {
	return newWorkbook(summary, true)
}

// NewSummaryWorkbook starts a workbook of the summary sheet alone: a row per form added, its
// figures written as values (there is no form sheet for a formula to read) and its grade as
// the profile's formula on the row's total. It goes with the workbooks of single forms that
// a zip holds.
func NewSummaryWorkbook() (*Workbook, error) {
	return newWorkbook(true, false)
}

func newWorkbook(summary, sheets bool) (*Workbook, error) {
	f := excelize.NewFile()
	b := &Workbook{xw: &writer{f: f, p: &scoring.Default, styles: map[styleKey]int{}},
		summary: summary, sheets: sheets, used: map[string]bool{}}
	if summary {
		b.used[strings.ToLower(summarySheet)] = true
		if err := f.SetSheetName(f.GetSheetName(0), summarySheet); err != nil {
			f.Close()
			return nil, err
		}
	}
	return b, nil
}

// Len is how many forms were added.
func (b *Workbook) Len() int { return len(b.rows) }

// Add writes form f with profile p (scoring.Default when nil): its sheet in the official
// layout, and its row of the summary. A form whose text a cell cannot hold is refused.
func (b *Workbook) Add(f *form.Form, p *scoring.Profile) error {
	if b.written {
		return errors.New("xlsx: form added to a workbook already written")
	}
	if p == nil {
		p = &scoring.Default
	}
	if err := checkLengths(f); err != nil {
		return err
	}
	b.xw.p = p
	res := scoring.Score(f, p)
	if !b.sheets {
		b.rows = append(b.rows, newSummaryRow("", 0, f, &res, p))
		return nil
	}
	i := len(b.rows)
	index := i
	if b.summary {
		index++
	}
	name := sheetName(f.Project, i, b.used)
	var err error
	if index == 0 {
		err = b.xw.f.SetSheetName(b.xw.f.GetSheetName(0), name)
	} else {
		_, err = b.xw.f.NewSheet(name)
	}
	if err != nil {
		return fmt.Errorf("xlsx: sheet %q: %w", name, err)
	}
	total, err := b.xw.formSheet(name, index, f, &res)
	if err != nil {
		return fmt.Errorf("xlsx: sheet %q: %w", name, err)
	}
	b.rows = append(b.rows, newSummaryRow(name, total, f, &res, p))
	return nil
}

// WriteTo writes the summary sheet (when the workbook has one) and the whole workbook to w.
// A workbook is written once.
func (b *Workbook) WriteTo(w io.Writer) (int64, error) {
	if b.written {
		return 0, errors.New("xlsx: workbook written twice")
	}
	b.written = true
	if len(b.rows) == 0 {
		return 0, errors.New("xlsx: no form to write")
	}
	if b.summary {
		if err := b.xw.summarySheet(0, b.rows); err != nil {
			return 0, fmt.Errorf("xlsx: summary sheet: %w", err)
		}
	}
	if err := b.xw.defineNames(); err != nil {
		return 0, err
	}
	// The first sheet is already the active one; SetActiveSheet would parse every streamed
	// sheet again (a third of the time of a ten-form workbook).
	return b.xw.f.WriteTo(w)
}

// Close releases the workbook (excelize's temporary files of large sheets).
func (b *Workbook) Close() error { return b.xw.f.Close() }
