package store

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"testing"
)

// TestExportForms: read a batch at a time, the export gives the same whole forms as FormsOf,
// in id order, whatever the batch size (one that divides the count, one that does not, one
// larger); it keeps to the filter, and stops at fn's error and at a cancelled context.
func TestExportForms(t *testing.T) {
	s, _ := openTest(t)
	fx := newFixture(t, s)
	var batch []NewForm
	for i := range 12 {
		f := sampleForm(1 + i%4)
		f.Project += strconv.Itoa(i)
		unit := fx.unit.ID
		if i%3 == 0 {
			unit = fx.unit2.ID
		}
		if i == 5 {
			f.Year = 2021
		}
		batch = append(batch, NewForm{Form: f, UnitID: unit, Profile: "p"})
	}
	if _, err := s.CreateForms(ctx, batch, fx.staff.ID); err != nil {
		t.Fatal(err)
	}
	for _, lf := range []ListFilter{{Year: 2022}, {Year: 2022, UnitIDs: []int64{fx.unit.ID}}, {}} {
		want, err := s.FormsOf(ctx, lf)
		if err != nil {
			t.Fatal(err)
		}
		for _, size := range []int{1, 4, 5, 100, 0} {
			var got []FormRecord
			err := s.ExportForms(ctx, lf, size, func(rec *FormRecord) error {
				got = append(got, *rec)
				return nil
			})
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("%+v in batches of %d: %d forms (%v), want the %d of FormsOf", lf, size, len(got), err, len(want))
			}
		}
	}
	n := 0
	if err := s.ExportForms(ctx, ListFilter{UnitIDs: []int64{}}, 0, func(*FormRecord) error { n++; return nil }); err != nil || n != 0 {
		t.Errorf("no unit: %d forms (%v)", n, err)
	}
	stop := errors.New("stop")
	n = 0
	if err := s.ExportForms(ctx, ListFilter{}, 5, func(*FormRecord) error {
		n++
		if n == 7 {
			return stop
		}
		return nil
	}); !errors.Is(err, stop) || n != 7 {
		t.Errorf("fn's error: %v after %d forms", err, n)
	}
	c, cancel := context.WithCancel(ctx)
	n = 0
	if err := s.ExportForms(c, ListFilter{}, 5, func(*FormRecord) error {
		if n++; n == 2 {
			cancel()
		}
		return nil
	}); !errors.Is(err, context.Canceled) || n != 2 {
		t.Errorf("cancelled: %v after %d forms", err, n)
	}
}
