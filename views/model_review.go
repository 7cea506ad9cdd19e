package views

import "strconv"

// Workflow is the review part of a form page: what the person may do now and what the
// reviewer and the staff should see.
type Workflow struct {
	Actions    []string         // workflow actions offered now: submit, return, approve, reopen
	CanComment bool             // a reviewer may comment on a row
	RowOptions []Option         // rows to comment on
	Comments   map[int][]Remark // row comments by indicator index
	LastReturn *Remark          // the latest return or reopen, with its comment
	Flags      []ProblemView    // what a reviewer should look at
	Changes    []ChangeView     // what changed since the form was returned
	Blocking   []ProblemView    // why a submission was refused
	Error      string           // why an action was refused
	// Review is the reviewer's scores of the rows beside the self scores; nil when there is
	// nothing to show (no review score, and the person may not enter one).
	Review *ReviewScores
}

// ReviewScores is the reviewer's scores (审核得分) of a form's indicator rows beside its self
// scores, with the difference report and the figures under the review scores.
type ReviewScores struct {
	// CanEnter says the person may enter review scores now (a supervisor reviewing the
	// submitted form); the rows are then fields.
	CanEnter bool
	Rows     []ReviewScoreRow // every row when CanEnter, else the rows with a review score
	// Differing are the rows whose review score is not their self score: the difference report.
	Differing []ReviewScoreRow
	// SelfTotal is the self total; Total, Grade (in the reader's words) and Difference (signed)
	// are those under the review scores.
	SelfTotal, Total, Grade, Difference string
	Capped                              bool // the total under the review scores is capped by the execution band
	Final                               bool // the form is approved: Total and Grade are its final figures
	Scored                              int  // the number of rows with a review score
}

// ReviewScoreRow is one indicator row of the review: its self score, and the review score and
// reason stored (or as typed, when they were refused), with what the page showed before.
type ReviewScoreRow struct {
	Row                 int // counted from 0
	Name, Weight, Self  string
	Score, Reason       string // the fields' values: the review score as stored (or typed)
	Shown               string // the stored review score as the form prints scores ("1.00"); "" without one
	WasScore, WasReason string // the stored review, which a save sends back for the conflict check
	Difference          string // the review score minus the self score, signed; "" without a review score
	Differs             bool
	By, At              string // who gave the stored review score, and when
	Error               string // why what was typed was refused
	Invalid             string // the field Error is about: "score" or "reason"
	Conflict            string // who changed the review meanwhile, and to what
	Saved               bool   // the row was saved just now
}

// differenceLine is one line of the difference report: the row, its self and review scores,
// the difference and the reason.
func (f *FormPage) differenceLine(r ReviewScoreRow) string {
	line := f.T("review_scores.difference_line", r.Row+1, r.Name, r.Self, r.Shown, r.Difference)
	if r.Reason != "" {
		line += f.T("review_scores.because", r.Reason)
	}
	return line
}

// ReviewRowID is the element id of row i of the review table.
func ReviewRowID(i int) string { return "review-row-" + strconv.Itoa(i) }

// Remark is a comment with who wrote it and when.
type Remark struct {
	Body, By, At string
}

// ChangeView is one changed field.
type ChangeView struct {
	Field, Label, Old, New, By, At string
}

// HistoryPage is /forms/{id}/history: every change and transition in time order.
type HistoryPage struct {
	Page
	ID      int64
	Project string
	Events  []HistoryEvent
}

// HistoryEvent is one line of the timeline: a field change or a transition.
type HistoryEvent struct {
	At, By     string
	Version    int
	Transition bool
	Field      string
	Label      string // the field in words
	Old, New   string
	FromLabel  string
	ToLabel    string
	Comment    string
}

// ReviewPage is /review: the forms waiting for the signed-in supervisor, each with a box to
// approve or return several at once.
type ReviewPage struct {
	Page
	Rows []ReviewRow
	// Bulk is what a bulk approval or return did; nil before one.
	Bulk *BulkSummary
	// Comment is the return comment typed, kept when the bulk action was refused.
	Comment string
}

// ReviewRow is one form waiting for review, with the version the list shows (a bulk action
// acts on that version, and refuses a form changed since).
type ReviewRow struct {
	ListRow
	Version int
	Checked bool // selected in the bulk action that was refused whole
}

// BulkSummary is what a bulk approval or return did, form by form.
type BulkSummary struct {
	Action  string // approve or return
	Error   string // why nothing was done (no form selected, a return without a comment)
	Done    []BulkLine
	Refused []BulkLine
}

// BulkLine is one form of a bulk action: its project and, when refused, why.
type BulkLine struct {
	ID      int64
	Project string
	Reason  string
}

// AdminPage is /admin: departments and units as a tree, and users.
type AdminPage struct {
	Page
	Orgs    []OrgNode
	Users   []UserRow
	Roles   []Option
	OrgOpts []Option
	Message string
	Error   string
	// SignIns are the latest tries to sign in, newest first.
	SignIns []SignInRow
}

// SignInRow is one try to sign in, ready to show.
type SignInRow struct {
	At, Username, Address, Outcome string
	Failed                         bool
}

// OrgNode is a department with its units.
type OrgNode struct {
	ID    int64
	Name  string
	Units []OrgNode
}

// UserRow is one account in the admin page.
type UserRow struct {
	ID             int64
	Username, Role string
	RoleLabel      string
	OrgID          int64
	Org            string
	Disabled       bool
}
