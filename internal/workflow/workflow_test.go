package workflow

import (
	"errors"
	"slices"
	"testing"
	"unicode"

	"selfeval/internal/auth"
)

// The organisation of the tests: department 1 supervises units 11 and 12; department 2
// supervises unit 21. The form under test belongs to unit 11.
const (
	dept      = 1
	unit      = 11
	otherUnit = 12
	otherDept = 2
)

var subjectBase = Subject{UnitID: unit, UnitParentID: dept}

// persona is one kind of person, by their relation to the form of unit 11.
type persona struct {
	name string
	p    auth.Principal
}

var personas = []persona{
	{"staff_own_unit", auth.Principal{UserID: 1, Username: "s11", Role: auth.RoleStaff, OrgID: unit}},
	{"staff_other_unit", auth.Principal{UserID: 2, Username: "s12", Role: auth.RoleStaff, OrgID: otherUnit}},
	{"staff_of_department", auth.Principal{UserID: 3, Username: "s1", Role: auth.RoleStaff, OrgID: dept}},
	{"staff_no_org", auth.Principal{UserID: 4, Username: "s0", Role: auth.RoleStaff}},
	{"supervisor_department", auth.Principal{UserID: 5, Username: "v1", Role: auth.RoleSupervisor, OrgID: dept}},
	// The form's unit is itself the supervisor's org: a department filing a form of its
	// own. auth.CanView lets them see it, and the brief defines the reviewer as a
	// supervisor who can see the form, so they review it.
	{"supervisor_filing_org", auth.Principal{UserID: 6, Username: "v11", Role: auth.RoleSupervisor, OrgID: unit}},
	{"supervisor_other_department", auth.Principal{UserID: 7, Username: "v2", Role: auth.RoleSupervisor, OrgID: otherDept}},
	{"supervisor_no_org", auth.Principal{UserID: 8, Username: "v0", Role: auth.RoleSupervisor}},
	{"admin", auth.Principal{UserID: 9, Username: "a", Role: auth.RoleAdmin}},
	{"auditor", auth.Principal{UserID: 10, Username: "au", Role: auth.RoleAuditor}},
	{"anonymous", auth.Principal{}},
	{"unknown_role", auth.Principal{UserID: 11, Username: "x", Role: "boss", OrgID: unit}},
}

// ---- The specification, written out independently of workflow.go. ----

// invisible: personas who may not see the form at all.
var invisible = map[string]bool{
	"staff_other_unit": true, "staff_of_department": true, "staff_no_org": true,
	"supervisor_other_department": true, "supervisor_no_org": true,
	"anonymous": true, "unknown_role": true,
}

// roleActions: the actions that are each visible persona's job, whatever the state.
var roleActions = map[string][]Action{
	"staff_own_unit":        {Edit, Submit, Withdraw},
	"supervisor_department": {Return, Approve, Comment},
	"supervisor_filing_org": {Return, Approve, Comment},
	"admin":                 {Reopen},
	"auditor":               {},
}

type triple struct {
	persona string
	from    State
	action  Action
}

// allowed: every (persona, state, action) that may happen, and the state it leads to.
// Anything not listed here is refused.
var allowed = map[triple]State{
	{"staff_own_unit", Draft, Edit}:               Draft,
	{"staff_own_unit", Returned, Edit}:            Returned,
	{"staff_own_unit", Draft, Submit}:             Submitted,
	{"staff_own_unit", Returned, Submit}:          Submitted,
	{"staff_own_unit", Submitted, Withdraw}:       Draft,
	{"supervisor_department", Submitted, Return}:  Returned,
	{"supervisor_department", Submitted, Approve}: Approved,
	{"supervisor_department", Submitted, Comment}: Submitted,
	{"supervisor_filing_org", Submitted, Return}:  Returned,
	{"supervisor_filing_org", Submitted, Approve}: Approved,
	{"supervisor_filing_org", Submitted, Comment}: Submitted,
	{"admin", Approved, Reopen}:                   Returned,
}

// needsComment: actions refused without a comment that is not blank.
var needsComment = map[Action]bool{Return: true, Reopen: true, Comment: true}

// needsClean: actions refused while the form has blocking problems.
var needsClean = map[Action]bool{Submit: true}

var comments = []struct {
	name    string
	text    string
	present bool
}{
	{"absent", "", false},
	{"blank", " \t\n\u3000", false}, // spaces, including the full-width one, are no comment
	{"present", "第3行偏差说明不充分", true},
}

var blockings = []int{0, 1}

var states = []State{Draft, Submitted, Returned, Approved}
var actions = []Action{Edit, Submit, Withdraw, Return, Approve, Reopen, Comment}

// expect is the specified outcome; the order of the checks is the specified precedence.
func expect(persona string, st State, a Action, comment bool, blocking int) Decision {
	if invisible[persona] {
		return Decision{Reason: "not_visible"}
	}
	if !slices.Contains(roleActions[persona], a) {
		return Decision{Reason: "role"}
	}
	to, ok := allowed[triple{persona, st, a}]
	if !ok {
		return Decision{Reason: "state"}
	}
	if needsComment[a] && !comment {
		return Decision{Reason: "comment_required"}
	}
	if needsClean[a] && blocking > 0 {
		return Decision{Reason: "blocking_problems"}
	}
	return Decision{Allowed: true, To: to}
}

func TestSpecCoversEveryone(t *testing.T) {
	for _, ps := range personas {
		_, hasRole := roleActions[ps.name]
		if invisible[ps.name] == hasRole {
			t.Errorf("persona %s must be either invisible or have a role entry", ps.name)
		}
	}
	if !slices.Equal(states, AllStates) || !slices.Equal(actions, AllActions) {
		t.Errorf("AllStates %v / AllActions %v differ from the test's lists", AllStates, AllActions)
	}
}

func TestDecideExhaustive(t *testing.T) {
	checked, allowedCount := 0, 0
	reasons := map[string]int{}
	for _, ps := range personas {
		for _, st := range states {
			for _, a := range actions {
				for _, c := range comments {
					for _, b := range blockings {
						s := subjectBase
						s.State, s.Blocking = st, b
						got := Decide(ps.p, s, a, c.text)
						want := expect(ps.name, st, a, c.present, b)
						if got != want {
							t.Errorf("%s %s %s comment=%s blocking=%d: got %+v, want %+v",
								ps.name, st, a, c.name, b, got, want)
						}
						checked++
						if got.Allowed {
							allowedCount++
						}
						reasons[got.Reason]++
					}
				}
			}
		}
	}
	// 12 personas × 4 states × 7 actions × 3 comments × 2 blockings.
	if want := len(personas) * len(states) * len(actions) * len(comments) * len(blockings); checked != want || checked != 2016 {
		t.Fatalf("checked %d combinations, want %d = 2016", checked, want)
	}
	// Allowed: staff edit 2 states × 6, submit 2 states × 3 comments × blocking 0, withdraw
	// 1 state × 6, 2 supervisors × (return 1 comment × 2 + approve 6 + comment 1 × 2), admin
	// reopen 1 × 2.
	if allowedCount != 12+6+6+2*10+2 {
		t.Errorf("allowed %d combinations, want 46", allowedCount)
	}
	// Every reason the reachable personas can produce is produced at least once.
	for _, r := range []string{"", "not_visible", "role", "state", "comment_required", "blocking_problems"} {
		if reasons[r] == 0 {
			t.Errorf("no combination gave reason %q", r)
		}
	}
}

// A few outcomes written out literally, so a mistake shared by the spec table and the
// code cannot hide.
func TestDecideExamples(t *testing.T) {
	staff := personas[0].p
	sup := personas[4].p
	admin := personas[8].p
	s := func(st State, blocking int) Subject {
		return Subject{UnitID: unit, UnitParentID: dept, State: st, Blocking: blocking}
	}
	cases := []struct {
		name string
		p    auth.Principal
		s    Subject
		a    Action
		c    string
		want Decision
	}{
		{"staff submits a clean draft", staff, s(Draft, 0), Submit, "", Decision{Allowed: true, To: Submitted}},
		{"staff submits a draft with 3 errors", staff, s(Draft, 3), Submit, "", Decision{Reason: "blocking_problems"}},
		{"negative count is a bug: refuse", staff, s(Draft, -1), Submit, "", Decision{Reason: "blocking_problems"}},
		{"staff edits a returned form", staff, s(Returned, 2), Edit, "", Decision{Allowed: true, To: Returned}},
		{"staff edits a submitted form", staff, s(Submitted, 0), Edit, "", Decision{Reason: "state"}},
		{"staff edits an approved form", staff, s(Approved, 0), Edit, "", Decision{Reason: "state"}},
		{"staff withdraw a submitted form", staff, s(Submitted, 0), Withdraw, "", Decision{Allowed: true, To: Draft}},
		{"staff withdraw a submitted form with errors", staff, s(Submitted, 2), Withdraw, "", Decision{Allowed: true, To: Draft}},
		{"staff withdraw a draft", staff, s(Draft, 0), Withdraw, "", Decision{Reason: "state"}},
		{"staff withdraw a returned form", staff, s(Returned, 0), Withdraw, "", Decision{Reason: "state"}},
		{"staff withdraw an approved form", staff, s(Approved, 0), Withdraw, "", Decision{Reason: "state"}},
		{"staff of another unit withdraw", personas[1].p, s(Submitted, 0), Withdraw, "", Decision{Reason: "not_visible"}},
		{"supervisor withdraws", sup, s(Submitted, 0), Withdraw, "", Decision{Reason: "role"}},
		{"admin withdraws", admin, s(Submitted, 0), Withdraw, "", Decision{Reason: "role"}},
		{"staff approves", staff, s(Submitted, 0), Approve, "", Decision{Reason: "role"}},
		{"supervisor returns with a comment", sup, s(Submitted, 0), Return, "请补充", Decision{Allowed: true, To: Returned}},
		{"supervisor returns without", sup, s(Submitted, 0), Return, "  ", Decision{Reason: "comment_required"}},
		{"supervisor approves even with problems", sup, s(Submitted, 1), Approve, "", Decision{Allowed: true, To: Approved}},
		{"supervisor approves a draft", sup, s(Draft, 0), Approve, "", Decision{Reason: "state"}},
		{"supervisor edits", sup, s(Submitted, 0), Edit, "", Decision{Reason: "role"}},
		{"supervisor comments on a returned form", sup, s(Returned, 0), Comment, "x", Decision{Reason: "state"}},
		{"supervisor reopens", sup, s(Approved, 0), Reopen, "x", Decision{Reason: "role"}},
		{"admin reopens with a reason", admin, s(Approved, 0), Reopen, "数据有误", Decision{Allowed: true, To: Returned}},
		{"admin reopens without", admin, s(Approved, 0), Reopen, "", Decision{Reason: "comment_required"}},
		{"admin approves", admin, s(Submitted, 0), Approve, "", Decision{Reason: "role"}},
		{"admin reopens a returned form", admin, s(Returned, 0), Reopen, "x", Decision{Reason: "state"}},
		{"supervisor of another department", personas[6].p, s(Submitted, 0), Approve, "", Decision{Reason: "not_visible"}},
		{"zero principal", auth.Principal{}, s(Draft, 0), Edit, "", Decision{Reason: "not_visible"}},
		{"unit without a department, supervisor without org", personas[7].p, Subject{UnitID: unit, State: Submitted}, Approve, "", Decision{Reason: "not_visible"}},
		{"unknown action", staff, s(Draft, 0), Action("delete"), "", Decision{Reason: "role"}},
		{"unknown action, invisible", auth.Principal{}, s(Draft, 0), Action("delete"), "", Decision{Reason: "not_visible"}},
		{"unknown state", staff, s(State("archived"), 0), Edit, "", Decision{Reason: "state"}},
		{"empty state", sup, s("", 0), Approve, "", Decision{Reason: "state"}},
	}
	for _, tc := range cases {
		if got := Decide(tc.p, tc.s, tc.a, tc.c); got != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// not_own_unit is unreachable through Decide with today's auth rules (staff see only
// their own unit), so it is tested on the facts directly.
func TestNotOwnUnit(t *testing.T) {
	s := Subject{UnitID: unit, UnitParentID: dept, State: Draft}
	if got := decide(auth.RoleStaff, true, false, s, Edit, ""); got != (Decision{Reason: "not_own_unit"}) {
		t.Errorf("visible, not own unit: got %+v", got)
	}
	if got := decide(auth.RoleStaff, false, true, s, Edit, ""); got != (Decision{Reason: "not_visible"}) {
		t.Errorf("invisible comes first: got %+v", got)
	}
	if got := decide(auth.RoleStaff, true, false, s, Approve, ""); got != (Decision{Reason: "role"}) {
		t.Errorf("role comes before unit: got %+v", got)
	}
	s.State = Submitted
	if got := decide(auth.RoleStaff, true, false, s, Withdraw, ""); got != (Decision{Reason: "not_own_unit"}) {
		t.Errorf("staff of another unit withdraw: got %+v", got)
	}
	s.State = Approved
	if got := decide(auth.RoleStaff, true, false, s, Edit, ""); got != (Decision{Reason: "not_own_unit"}) {
		t.Errorf("unit comes before state: got %+v", got)
	}
}

func TestActions(t *testing.T) {
	// Exhaustive: Actions is exactly the actions Decide allows with a comment, in order.
	n := 0
	for _, ps := range personas {
		for _, st := range states {
			for _, b := range blockings {
				s := subjectBase
				s.State, s.Blocking = st, b
				var want []Action
				for _, a := range actions {
					if expect(ps.name, st, a, true, b).Allowed {
						want = append(want, a)
					}
				}
				if got := Actions(ps.p, s); !slices.Equal(got, want) {
					t.Errorf("%s %s blocking=%d: Actions = %v, want %v", ps.name, st, b, got, want)
				}
				n++
			}
		}
	}
	if n != 12*4*2 {
		t.Fatalf("checked %d, want %d", n, 12*4*2)
	}
	// Literal examples.
	s := func(st State, b int) Subject {
		return Subject{UnitID: unit, UnitParentID: dept, State: st, Blocking: b}
	}
	cases := []struct {
		p    auth.Principal
		s    Subject
		want []Action
	}{
		{personas[0].p, s(Draft, 0), []Action{Edit, Submit}},
		{personas[0].p, s(Draft, 2), []Action{Edit}},
		{personas[0].p, s(Returned, 0), []Action{Edit, Submit}},
		{personas[0].p, s(Submitted, 0), []Action{Withdraw}},
		{personas[0].p, s(Submitted, 3), []Action{Withdraw}},
		{personas[0].p, s(Approved, 0), nil},
		{personas[4].p, s(Submitted, 1), []Action{Return, Approve, Comment}},
		{personas[4].p, s(Approved, 0), nil},
		{personas[8].p, s(Approved, 0), []Action{Reopen}},
		{personas[8].p, s(Submitted, 0), nil},
		{personas[9].p, s(Submitted, 0), nil},
		{auth.Principal{}, s(Draft, 0), nil},
	}
	for _, tc := range cases {
		if got := Actions(tc.p, tc.s); !slices.Equal(got, tc.want) {
			t.Errorf("Actions(%s/%d, %s) = %v, want %v", tc.p.Role, tc.p.OrgID, tc.s.State, got, tc.want)
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func TestMessage(t *testing.T) {
	want := []string{"not_visible", "role", "not_own_unit", "state", "comment_required", "blocking_problems"}
	if !slices.Equal(Reasons, want) {
		t.Fatalf("Reasons = %v, want %v", Reasons, want)
	}
	seenZh, seenEn := map[string]bool{}, map[string]bool{}
	for _, r := range want {
		d := Decision{Reason: r}
		zh, en := d.Message("zh"), d.Message("en")
		if zh == "" || en == "" || zh == en || zh == r || en == r {
			t.Errorf("%s: zh %q, en %q", r, zh, en)
		}
		if !hasHan(zh) || hasHan(en) {
			t.Errorf("%s: zh %q should be Chinese, en %q English", r, zh, en)
		}
		if seenZh[zh] || seenEn[en] {
			t.Errorf("%s: message shared with another reason", r)
		}
		seenZh[zh], seenEn[en] = true, true
		if d.Message("") != zh || d.Message("fr") != zh || d.Message("zh-CN") != zh {
			t.Errorf("%s: Chinese is not the default", r)
		}
		if d.Message("en-US") != en || d.Message("EN") != en {
			t.Errorf("%s: en-US / EN not English", r)
		}
	}
	if m := (Decision{Allowed: true, To: Submitted}).Message("zh"); m != "" {
		t.Errorf("allowed decision has message %q", m)
	}
	if m := (Decision{Reason: "nonsense"}).Message("en"); m != "nonsense" {
		t.Errorf("unknown reason gives %q, want the code", m)
	}
}

func TestParse(t *testing.T) {
	for _, st := range states {
		if got, err := ParseState(string(st)); err != nil || got != st {
			t.Errorf("ParseState(%q) = %q, %v", st, got, err)
		}
	}
	for _, a := range actions {
		if got, err := ParseAction(string(a)); err != nil || got != a {
			t.Errorf("ParseAction(%q) = %q, %v", a, got, err)
		}
	}
	for _, bad := range []string{"", "Draft", " draft", "archived", "已提交"} {
		if _, err := ParseState(bad); !errors.Is(err, ErrUnknownState) {
			t.Errorf("ParseState(%q) err = %v", bad, err)
		}
	}
	for _, bad := range []string{"", "Submit", "delete", "approve ", "撤回", "Withdraw"} {
		if _, err := ParseAction(bad); !errors.Is(err, ErrUnknownAction) {
			t.Errorf("ParseAction(%q) err = %v", bad, err)
		}
	}
}
