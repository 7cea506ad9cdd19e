package views

// ListExtra is what the list page shows besides ListPage: the delete action of its rows, the
// link to the deleted forms, a refused action, and the rows of the deleted-forms list.
type ListExtra struct {
	ShowDeleted bool               // a link to the deleted forms (administrators and auditors)
	Error       string             // why an action was refused
	Rows        map[int64]RowExtra // by form id
	Deleted     []DeletedRow       // the deleted forms, for DeletedListView
	CanRestore  bool               // the person may restore deleted forms (administrators)
}

// Row returns the extra of row id (the zero value when there is none).
func (x ListExtra) Row(id int64) RowExtra { return x.Rows[id] }

// RowExtra is the delete action of one row of the list.
type RowExtra struct {
	CanDelete     bool
	ConfirmDelete string // the question data-confirm asks before the deletion
	DeleteLabel   string // the button's accessible name, with the project
}

// DeletedRow is one deleted form: what it was, and who deleted it when.
type DeletedRow struct {
	ID                           int64
	Year, Project, Unit          string
	DeletedAt, DeletedBy         string
	ConfirmRestore, RestoreLabel string
}

// CopyDuplicatePage asks what to do when next year already has the form being copied.
type CopyDuplicatePage struct {
	Page
	SourceID   int64  // the form being copied
	Year       int    // next year
	Project    string // as stored in next year's form
	ExistingID int64
	Status     string // label of the existing form's state
	CanReplace bool   // the existing form is a draft
	Error      string
}
