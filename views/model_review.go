package views

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
}

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

// ReviewPage is /review: the forms waiting for the signed-in supervisor.
type ReviewPage struct {
	Page
	Rows []ListRow
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
