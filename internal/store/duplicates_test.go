package store

import (
	"errors"
	"testing"
	"time"

	"selfeval/internal/form"
)

func TestProjectKey(t *testing.T) {
	same := [][]string{
		{"培训费", "培训 费", " 培训费　", "培\u3000训\t费", "培训\u200b费"},
		{"闵行区居村民服务自治平台(2022运维)", "闵行区居村民服务自治平台（２０２２运维）", "闵行区居村民服务自治平台 (2022 运维)"},
		{"ABC项目", "ＡＢＣ项目", "A B C 项目"},
	}
	for _, group := range same {
		for _, s := range group[1:] {
			if ProjectKey(s) != ProjectKey(group[0]) {
				t.Errorf("ProjectKey(%q) = %q, want %q", s, ProjectKey(s), ProjectKey(group[0]))
			}
		}
	}
	for _, pair := range [][2]string{{"培训费", "调研经费"}, {"ABC项目", "abc项目"}, {"培训费", "培训费2"}, {"“云邻里”", "\"云邻里\""}} {
		if ProjectKey(pair[0]) == ProjectKey(pair[1]) {
			t.Errorf("%q and %q have the same key %q", pair[0], pair[1], ProjectKey(pair[0]))
		}
	}
	if got := ProjectKey("ｐｒｏｊ　１"); got != "proj1" {
		t.Errorf("ProjectKey = %q, want proj1", got)
	}
}

// named is sampleForm(3) of year 2022 called project.
func named(project string) form.Form {
	f := sampleForm(3)
	f.Project = project
	return f
}

func TestImportFormsDuplicates(t *testing.T) {
	s, _ := openTest(t)
	fx := newFixture(t, s)
	draft, err := s.CreateForm(ctx, named("培训费"), fx.unit.ID, "shanghai-2022", sum1, fx.staff.ID)
	if err != nil {
		t.Fatal(err)
	}
	submitted, err := s.CreateForm(ctx, named("调研经费"), fx.unit.ID, "shanghai-2022", sum1, fx.staff.ID)
	if err != nil {
		t.Fatal(err)
	}
	if submitted, err = s.Transition(ctx, submitted.ID, 1, "draft", "submitted", "", fx.staff.ID); err != nil {
		t.Fatal(err)
	}
	for _, variant := range []string{"培训费", "培训 费", "培训费　", "培训\u3000费"} {
		d, err := s.FindDuplicates(ctx, fx.unit.ID, 2022, variant)
		if err != nil || len(d) != 1 || d[0].ID != draft.ID || !d[0].Replaceable() || d[0].Project != "培训费" {
			t.Errorf("FindDuplicates(%q) = %+v, %v", variant, d, err)
		}
	}
	if d, _ := s.FindDuplicates(ctx, fx.unit2.ID, 2022, "培训费"); len(d) != 0 {
		t.Errorf("another unit's form is a duplicate: %+v", d)
	}
	if d, _ := s.FindDuplicates(ctx, fx.unit.ID, 2023, "培训费"); len(d) != 0 {
		t.Errorf("another year's form is a duplicate: %+v", d)
	}
	if d, _ := s.FindDuplicates(ctx, fx.unit.ID, 2022, "调研 经费"); len(d) != 1 || d[0].Replaceable() {
		t.Errorf("the submitted duplicate: %+v", d)
	}

	// Skip, keep both, and a form of another unit, in one call.
	out, err := s.ImportForms(ctx, []NewForm{
		{Form: named("培训 费"), UnitID: fx.unit.ID, Profile: "shanghai-2022", OnDuplicate: Skip},
		{Form: named("培训费"), UnitID: fx.unit2.ID, Profile: "shanghai-2022", OnDuplicate: Skip},
		{Form: named("调研经费"), UnitID: fx.unit.ID, Profile: "shanghai-2022", OnDuplicate: KeepBoth},
		{Form: named("调研经费"), UnitID: fx.unit.ID, Profile: "shanghai-2022", OnDuplicate: Skip},
	}, fx.staff.ID)
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Action != Skipped || len(out[0].Duplicates) != 1 || out[0].Duplicates[0].ID != draft.ID || out[0].Record.ID != 0 {
		t.Errorf("skip: %+v", out[0])
	}
	if out[1].Action != Created || out[1].Record.UnitID != fx.unit2.ID || len(out[1].Duplicates) != 0 {
		t.Errorf("other unit: %+v", out[1])
	}
	if out[2].Action != Created || len(out[2].Duplicates) != 1 || out[2].Record.ID == submitted.ID {
		t.Errorf("keep both: %+v", out[2])
	}
	// The copy kept in this very import is not a duplicate of the fourth form; the stored one is.
	if out[3].Action != Skipped || len(out[3].Duplicates) != 1 || out[3].Duplicates[0].ID != submitted.ID {
		t.Errorf("skip beside a form of the same import: %+v", out[3])
	}
	list, _ := s.ListForms(ctx, ListFilter{UnitIDs: []int64{fx.unit.ID}})
	if len(list) != 3 {
		t.Errorf("unit has %d forms, want 3 (培训费, 调研经费 twice)", len(list))
	}

	// Replace of the draft is a save: version 2, field by field in the history.
	repl := named("培训费")
	repl.Goals.Achieved = "全部完成"
	repl.Indicators[0].Actual = "1800人"
	out, err = s.ImportForms(ctx, []NewForm{{Form: repl, UnitID: fx.unit.ID, Profile: "shanghai-2022", Summary: sum1, OnDuplicate: Replace}}, fx.sup.ID)
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Action != Replaced || out[0].Record.ID != draft.ID || out[0].Record.Version != 2 || out[0].Record.Form.Goals.Achieved != "全部完成" {
		t.Fatalf("replace: %+v", out[0])
	}
	h, _ := s.History(ctx, draft.ID)
	fields := map[string]HistoryEntry{}
	for _, e := range h {
		fields[e.Field] = e
	}
	if e := fields["goals.achieved"]; e.Version != 2 || e.New != "全部完成" || e.Username != "li" {
		t.Errorf("history of the replace: %+v", h)
	}
	if e := fields["indicators.0.actual"]; e.Old != "1700人" || e.New != "1800人" {
		t.Errorf("history of the replaced row: %+v", e)
	}

	// Replace of the submitted form is refused, and nothing of the import is written.
	before, _ := s.ListForms(ctx, ListFilter{})
	_, err = s.ImportForms(ctx, []NewForm{
		{Form: named("新项目"), UnitID: fx.unit.ID, Profile: "shanghai-2022"},
		{Form: named("调研经费"), UnitID: fx.unit.ID, Profile: "shanghai-2022", OnDuplicate: Replace, ReplaceID: submitted.ID},
	}, fx.staff.ID)
	if !errors.Is(err, ErrNotDraft) {
		t.Errorf("replace of a submitted form: %v, want ErrNotDraft", err)
	}
	after, _ := s.ListForms(ctx, ListFilter{})
	if len(after) != len(before) {
		t.Errorf("a refused import created forms: %d → %d", len(before), len(after))
	}
	if rec, _ := s.Form(ctx, submitted.ID); rec.Version != submitted.Version {
		t.Errorf("the submitted form changed: version %d", rec.Version)
	}
	// A ReplaceID that is not a duplicate is a conflict.
	_, err = s.ImportForms(ctx, []NewForm{{Form: named("培训费"), UnitID: fx.unit.ID, OnDuplicate: Replace, ReplaceID: submitted.ID}}, 0)
	if !errors.Is(err, ErrConflict) {
		t.Errorf("replace of a form that is not a duplicate: %v", err)
	}
}

func TestDeleteRestore(t *testing.T) {
	s, _ := openTest(t)
	fx := newFixture(t, s)
	s.now = func() time.Time { return time.Date(2023, 3, 1, 9, 0, 0, 0, time.UTC) }
	keep, err := s.CreateForm(ctx, named("培训费"), fx.unit.ID, "shanghai-2022", sum1, fx.staff.ID)
	if err != nil {
		t.Fatal(err)
	}
	gone, err := s.CreateForm(ctx, form.Form{Year: 2021, Project: "作废项目"}, fx.unit.ID, "shanghai-2022", sum1, fx.staff.ID)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := s.CreateForm(ctx, named("调研经费"), fx.unit.ID, "shanghai-2022", sum1, fx.staff.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Transition(ctx, sub.ID, 1, "draft", "submitted", "", fx.staff.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteForm(ctx, sub.ID, 0, fx.staff.ID); !errors.Is(err, ErrNotDraft) {
		t.Errorf("delete of a submitted form: %v, want ErrNotDraft", err)
	}
	if err := s.DeleteForm(ctx, gone.ID, 7, fx.staff.ID); !errors.Is(err, ErrConflict) {
		t.Errorf("delete of a stale version: %v, want ErrConflict", err)
	}
	if err := s.DeleteForm(ctx, 999, 0, fx.staff.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("delete of a missing form: %v", err)
	}
	if _, err := s.RestoreForm(ctx, gone.ID, fx.sup.ID); !errors.Is(err, ErrConflict) {
		t.Errorf("restore of a form that is not deleted: %v, want ErrConflict", err)
	}
	s.now = func() time.Time { return time.Date(2023, 3, 2, 10, 0, 0, 0, time.UTC) }
	if err := s.DeleteForm(ctx, gone.ID, 1, fx.staff.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteForm(ctx, gone.ID, 0, fx.staff.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("delete twice: %v, want ErrNotFound", err)
	}

	// Gone from every list and count, and from every way in by id.
	all, _ := s.ListForms(ctx, ListFilter{})
	if len(all) != 2 || all[0].ID != keep.ID || all[1].ID != sub.ID {
		t.Errorf("ListForms shows %+v", all)
	}
	if l, _ := s.ListForms(ctx, ListFilter{Year: 2021, Status: "draft", UnitIDs: []int64{fx.unit.ID}}); len(l) != 0 {
		t.Errorf("the deleted form is listed: %+v", l)
	}
	if c, _ := s.StatusCounts(ctx, ListFilter{}); c["draft"] != 1 || c["submitted"] != 1 {
		t.Errorf("StatusCounts = %v, want 1 draft and 1 submitted", c)
	}
	if y, _ := s.Years(ctx); len(y) != 1 || y[0] != 2022 {
		t.Errorf("Years = %v, want [2022]", y)
	}
	if _, err := s.FormAccess(ctx, gone.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("FormAccess of a deleted form: %v", err)
	}
	if _, err := s.Form(ctx, gone.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Form of a deleted form: %v", err)
	}
	if d, _ := s.FindDuplicates(ctx, fx.unit.ID, 2021, "作废项目"); len(d) != 0 {
		t.Errorf("a deleted form counts as a duplicate: %+v", d)
	}
	if _, _, err := s.SaveForm(ctx, gone.ID, 2, form.Form{Year: 2021, Project: "改"}, sum1, fx.staff.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("save of a deleted form: %v", err)
	}
	if _, err := s.Transition(ctx, gone.ID, 2, "draft", "submitted", "", fx.staff.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("submit of a deleted form: %v", err)
	}
	if _, err := s.AddRowComment(ctx, gone.ID, "indicators.0", "?", fx.sup.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("comment on a deleted form: %v", err)
	}

	// The administrator's list has it, with who and when.
	del, _ := s.ListForms(ctx, ListFilter{Deleted: true})
	if len(del) != 1 || del[0].ID != gone.ID || del[0].DeletedBy != "zhang" || !del[0].DeletedAt.Equal(time.Date(2023, 3, 2, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("deleted list = %+v", del)
	}
	if l, _ := s.ListForms(ctx, ListFilter{Deleted: true, UnitIDs: []int64{fx.unit2.ID}}); len(l) != 0 {
		t.Errorf("deleted list of another unit = %+v", l)
	}
	tr, _ := s.Transitions(ctx, gone.ID)
	if len(tr) != 1 || tr[0].From != "draft" || tr[0].To != StatusDeleted || tr[0].Username != "zhang" || tr[0].Version != 2 {
		t.Errorf("transitions after delete = %+v", tr)
	}

	rec, err := s.RestoreForm(ctx, gone.ID, fx.sup.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Version != 3 || rec.Status != "draft" || rec.Form.Project != "作废项目" {
		t.Errorf("restored = %+v", rec)
	}
	if all, _ := s.ListForms(ctx, ListFilter{}); len(all) != 3 {
		t.Errorf("after restore %d forms listed, want 3", len(all))
	}
	if del, _ := s.ListForms(ctx, ListFilter{Deleted: true}); len(del) != 0 {
		t.Errorf("still in the deleted list: %+v", del)
	}
	tr, _ = s.Transitions(ctx, gone.ID)
	if len(tr) != 2 || tr[1].From != StatusDeleted || tr[1].To != "draft" || tr[1].Username != "li" {
		t.Errorf("transitions after restore = %+v", tr)
	}
	h, _ := s.History(ctx, gone.ID)
	if len(h) != 3 || h[1].Field != FieldStatus || h[1].New != StatusDeleted || h[2].New != "draft" {
		t.Errorf("history = %+v", h)
	}
	if _, err := s.RestoreForm(ctx, 999, fx.sup.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("restore of a missing form: %v", err)
	}
}

// TestImportFormsCreatesUnits: a form naming a unit the tree lacks creates it, and its
// department, in the import's transaction: once for the batch, and not at all when the
// import fails.
func TestImportFormsCreatesUnits(t *testing.T) {
	s, _ := openTest(t)
	a, b := sampleForm(1), sampleForm(2)
	outs, err := s.ImportForms(ctx, []NewForm{{Form: a, NewUnit: "新单位", NewDepartment: "新部门"},
		{Form: b, NewUnit: "新单位", NewDepartment: "新部门"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(outs[0].NewOrgs) != 2 || outs[0].NewOrgs[0].Name != "新部门" || outs[0].NewOrgs[1].ParentID != outs[0].NewOrgs[0].ID ||
		len(outs[1].NewOrgs) != 0 || outs[1].Record.UnitID != outs[0].NewOrgs[1].ID {
		t.Errorf("outcomes %+v", outs)
	}
	// The second form fails (its unit does not exist): nothing of the first stays.
	_, err = s.ImportForms(ctx, []NewForm{{Form: sampleForm(3), NewUnit: "另一单位", NewDepartment: "另一部门"}, {Form: sampleForm(4), UnitID: 999999}}, 0)
	if err == nil {
		t.Fatal("an import with a missing unit succeeded")
	}
	for _, name := range []string{"另一单位", "另一部门"} {
		if _, err := s.OrgByName(ctx, name); !errors.Is(err, ErrNotFound) {
			t.Errorf("a failed import left %s behind (%v)", name, err)
		}
	}
}
