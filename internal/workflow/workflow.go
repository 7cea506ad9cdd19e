// Package workflow is the review state machine of a form (DOMAIN.md, "Workflow"):
// which states a form goes through, who may move it, and why a move is refused.
//
// It is pure: no SQL, no HTTP. The caller gathers the facts about the form (its unit,
// the unit's department, its state, its number of blocking problems) into a Subject,
// asks Decide, and only then records the transition in the store.
//
//	  ┌─────withdraw──────┐
//	  ▼                   │
//	draft ──submit──▶ submitted ──approve──▶ approved
//	                   │    ▲                   │
//	            return │    │ submit     reopen │ (admin, with a reason)
//	                   ▼    │                   │
//	                  returned ◀────────────────┘
//
// Who does what:
//
//   - staff of the form's unit edit it (in draft or returned; the state is kept) and
//     submit it (draft or returned → submitted), which is refused while the form has
//     problems of severity error;
//   - staff of the form's unit also withdraw (撤回) a form they submitted, as long as the
//     supervisor has not returned or approved it (submitted → draft): then it is no longer
//     submitted, and the state refuses the withdrawal (a row comment does not stop it, and
//     stays on its row). A withdrawn form goes back
//     to draft, also when it had been returned before its submission: the store records who
//     moved a form from which state to which, not why, and a withdrawal to "returned" would
//     read as a second return (by the unit, without a comment) that hides the reviewer's
//     comment and resets "what changed since the return". As a draft the reviewer's comments
//     and the last return stay where they were;
//   - a supervisor who may see the form (its unit's department, or the department itself
//     when the department files forms of its own) returns it with a comment (submitted →
//     returned), approves it (submitted → approved), or comments on a row while it is
//     submitted (the state is kept);
//   - an admin reopens an approved form with a reason. It goes back to returned, not to
//     draft: the form lands in the unit's "returned" list with the reason as the latest
//     transition comment, staff edit it and submit it again, and the supervisor reviews
//     it again. Admins do not return or approve: reviewing is the supervisor's job;
//   - auditors, and everyone else, do nothing.
package workflow

import (
	"errors"
	"fmt"
	"strings"

	"selfeval/internal/auth"
	"selfeval/internal/i18n"
)

// State is where a form is in the review. Its string values are stored in the
// database (forms.status) and used in URLs and JSON.
type State string

// The states of a form.
const (
	Draft     State = "draft"     // 草稿: being filled in by the unit
	Submitted State = "submitted" // 已提交: waiting for the supervisor's review
	Returned  State = "returned"  // 已退回: sent back to the unit, with a comment, to change and resubmit
	Approved  State = "approved"  // 已通过: accepted; read-only until an admin reopens it
)

// AllStates lists every state, in the order the form's life goes through them.
var AllStates = []State{Draft, Submitted, Returned, Approved}

// ErrUnknownState is returned by ParseState for a string that names no state.
var ErrUnknownState = errors.New("workflow: unknown state")

// ParseState returns the state named s exactly as stored ("draft", "submitted",
// "returned", "approved").
func ParseState(s string) (State, error) {
	for _, st := range AllStates {
		if string(st) == s {
			return st, nil
		}
	}
	return "", fmt.Errorf("%w %q", ErrUnknownState, s)
}

// Action is something a person asks to do to a form.
type Action string

// The actions. Edit and Comment leave the state as it is; the others move the form.
const (
	Edit     Action = "edit"     // change the content (staff of the unit; draft or returned)
	Submit   Action = "submit"   // hand in for review (staff of the unit; draft or returned → submitted)
	Withdraw Action = "withdraw" // 撤回: take back before the review (staff of the unit; submitted → draft)
	Return   Action = "return"   // send back with a comment (supervisor; submitted → returned)
	Approve  Action = "approve"  // accept (supervisor; submitted → approved)
	Reopen   Action = "reopen"   // undo an approval, with a reason (admin; approved → returned)
	Comment  Action = "comment"  // remark on a row while reviewing (supervisor; submitted)
)

// AllActions lists every action, in the order Actions offers them (the order of the buttons).
var AllActions = []Action{Edit, Submit, Withdraw, Return, Approve, Reopen, Comment}

// ErrUnknownAction is returned by ParseAction for a string that names no action.
var ErrUnknownAction = errors.New("workflow: unknown action")

// ParseAction returns the action named s exactly ("edit", "submit", "withdraw", "return",
// "approve", "reopen", "comment").
func ParseAction(s string) (Action, error) {
	for _, a := range AllActions {
		if string(a) == s {
			return a, nil
		}
	}
	return "", fmt.Errorf("%w %q", ErrUnknownAction, s)
}

// Subject is what the workflow needs to know about a form.
type Subject struct {
	UnitID       int64 // the implementing unit that fills in the form
	UnitParentID int64 // the unit's supervising department; 0 = none
	State        State
	Blocking     int // the number of problems of severity error; any other value than 0 refuses submission
}

// The reasons a Decision gives for a refusal. They are stable codes: callers switch on
// them and tests compare them; Decision.Message turns them into text.
const (
	// ReasonNotVisible: the person may not see the form at all (auth.CanView is false).
	// Callers answer 404, as if the form did not exist, so its existence does not leak.
	ReasonNotVisible = "not_visible"
	// ReasonRole: the action belongs to another role (staff edit, submit and withdraw; supervisors
	// return, approve and comment; admins reopen; auditors do nothing). Also given for
	// an action the workflow does not know. Callers answer 403 for this and every
	// reason below.
	ReasonRole = "role"
	// ReasonNotOwnUnit: a staff member who may see the form but whose unit it is not
	// (auth.CanEdit is false). With today's auth rules staff see only their own unit's
	// forms, so they get ReasonNotVisible first; this guards against the two diverging.
	ReasonNotOwnUnit = "not_own_unit"
	// ReasonState: the form's state does not allow the action (e.g. editing a submitted
	// form, approving a draft). Also given for a state the workflow does not know.
	ReasonState = "state"
	// ReasonCommentRequired: return, reopen and comment need a text that is not blank.
	ReasonCommentRequired = "comment_required"
	// ReasonBlockingProblems: submission while the form has problems of severity error.
	ReasonBlockingProblems = "blocking_problems"
)

// Reasons lists every reason code, in the order Decide checks them.
var Reasons = []string{ReasonNotVisible, ReasonRole, ReasonNotOwnUnit, ReasonState, ReasonCommentRequired, ReasonBlockingProblems}

// Decision is the answer of Decide.
type Decision struct {
	Allowed bool
	// To is the state the form is in after the action: the new state of a transition,
	// or the current state for Edit and Comment (no transition to record). "" when refused.
	To State
	// Reason is "" when allowed, otherwise one of the Reason… codes.
	Reason string
}

// actor is the one role that may do each action.
var actor = map[Action]auth.Role{
	Edit:     auth.RoleStaff,
	Submit:   auth.RoleStaff,
	Withdraw: auth.RoleStaff,
	Return:   auth.RoleSupervisor,
	Approve:  auth.RoleSupervisor,
	Comment:  auth.RoleSupervisor,
	Reopen:   auth.RoleAdmin,
}

// moves gives, for each action, the states it may start from and the state it leads to.
var moves = map[Action]map[State]State{
	Edit:     {Draft: Draft, Returned: Returned},
	Submit:   {Draft: Submitted, Returned: Submitted},
	Withdraw: {Submitted: Draft},
	Return:   {Submitted: Returned},
	Approve:  {Submitted: Approved},
	Comment:  {Submitted: Submitted},
	Reopen:   {Approved: Returned},
}

// needsText is the set of actions refused without a comment (or reason) that is not blank.
var needsText = map[Action]bool{Return: true, Reopen: true, Comment: true}

// Decide says whether p may do a on the form s, and if not, why.
//
// The checks run in this order, and the first that fails gives the reason: the person
// may see the form (ReasonNotVisible), the action is their role's (ReasonRole), a staff
// action is on their own unit's form (ReasonNotOwnUnit), the state allows the action
// (ReasonState), a return, reopen or comment has a text that is not blank
// (ReasonCommentRequired), and a submission has no blocking problems
// (ReasonBlockingProblems). The comment is otherwise ignored: approve and submit may
// carry one or not.
func Decide(p auth.Principal, s Subject, a Action, comment string) Decision {
	return decide(p.Role, auth.CanView(p, s.UnitID, s.UnitParentID), auth.CanEdit(p, s.UnitID), s, a, comment)
}

// decide is Decide on the facts auth gives about the person: their role, whether they
// see the form, and whether they are staff of its unit.
func decide(role auth.Role, visible, ownUnit bool, s Subject, a Action, comment string) Decision {
	if !visible {
		return refuse(ReasonNotVisible)
	}
	if r, ok := actor[a]; !ok || r != role {
		return refuse(ReasonRole)
	}
	if role == auth.RoleStaff && !ownUnit {
		return refuse(ReasonNotOwnUnit)
	}
	to, ok := moves[a][s.State]
	if !ok {
		return refuse(ReasonState)
	}
	if needsText[a] && strings.TrimSpace(comment) == "" {
		return refuse(ReasonCommentRequired)
	}
	if a == Submit && s.Blocking != 0 {
		return refuse(ReasonBlockingProblems)
	}
	return Decision{Allowed: true, To: to}
}

func refuse(reason string) Decision { return Decision{Reason: reason} }

// Actions returns the actions p may do on the form now, in the order of AllActions,
// for the buttons of the form's page. It ignores the comment requirement (the button
// opens the box to write it in) but not blocking problems: submit is not offered
// while the form has any. It returns nil when p may do nothing.
func Actions(p auth.Principal, s Subject) []Action {
	var out []Action
	for _, a := range AllActions {
		if Decide(p, s, a, "-").Allowed {
			out = append(out, a)
		}
	}
	return out
}

// Message returns the text of d's reason in lang ("en…" gives English, anything else
// Chinese), "" when d is allowed, and the code itself for a reason it does not know,
// so a missing text is visible, never blank.
func (d Decision) Message(lang string) string {
	if d.Reason == "" {
		return ""
	}
	key := "workflow.reason." + d.Reason
	if !i18n.Has(key) {
		return d.Reason
	}
	return i18n.T(i18n.ParseLang(lang), key)
}
