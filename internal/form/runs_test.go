package form

import (
	"reflect"
	"testing"
)

func TestLabelRuns(t *testing.T) {
	row := func(l1, l2 string) Indicator { return Indicator{Level1: l1, Level2: l2} }
	rows := []Indicator{row("产出", "数量"), row("产出", "数量"), row("产出", "质量"), row("效益", "社会"), row("产出", "数量")}
	want := []Run{
		{Label: "产出", From: 0, To: 3, Sub: []Run{{Label: "数量", From: 0, To: 2}, {Label: "质量", From: 2, To: 3}}},
		{Label: "效益", From: 3, To: 4, Sub: []Run{{Label: "社会", From: 3, To: 4}}},
		{Label: "产出", From: 4, To: 5, Sub: []Run{{Label: "数量", From: 4, To: 5}}},
	}
	if got := LabelRuns(rows); !reflect.DeepEqual(got, want) {
		t.Errorf("LabelRuns =\n %+v\nwant\n %+v", got, want)
	}
	if got := LabelRuns(nil); got != nil {
		t.Errorf("LabelRuns(nil) = %+v", got)
	}
}
