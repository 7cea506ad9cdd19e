package diag

// Note says what the reader guessed, for the person to check. It carries no text: its
// message is the catalog's "note."+Code (or "note."+Code+"."+Variant) formatted with Args,
// see NoteMessage. In JSON it also carries that message as "zh" and "en" (output only).
type Note struct {
	Code    string   `json:"code"`              // one of the Note* codes; stable
	Variant string   `json:"variant,omitempty"` // which of the code's messages, e.g. "year" of NoteFieldMissing; "" for the code's only one
	Line    int      `json:"line"`              // 1-based line in the input where it happened
	Field   string   `json:"field"`             // interchange path counted from 0, e.g. "indicators.3.level1"; "" for the whole form
	Args    []string `json:"args,omitempty"`    // the values the message quotes (labels, names, line numbers), as written
}

// The note codes. They are stable: callers may match on them.
const (
	// NoteLevel1Inferred: the row had no level-1 label of its own, or the one above belongs to
	// another group; level 1 was inferred from the level-2 label (数量指标 → 产出指标, …).
	NoteLevel1Inferred = "level1_inferred"
	// NoteLevel1Inherited: the level-1 cell was blank on the first row after a page break and
	// was taken from the row above, on the page before (a merged cell across the break).
	NoteLevel1Inherited = "level1_inherited"
	// NoteLevel2Inherited: as NoteLevel1Inherited, for the level-2 cell.
	NoteLevel2Inherited = "level2_inherited"
	// NoteLevel2Inferred: the level-2 cell was blank under a level-1 label that has only one
	// level 2 (满意度指标 → 服务对象满意度指标).
	NoteLevel2Inferred = "level2_inferred"
	// NoteLabelMoved: a level-1 or level-2 label that stood on a row of its own, on the
	// continuation of a split row, or in the table header was given to the row(s) it belongs to
	// (a vertically centred merged cell).
	NoteLabelMoved = "label_moved"
	// NoteLabelUnknown: a cell before the indicator name is not a label of the vocabulary: it
	// was kept as written as a blank level-1 or level-2 label, or, when the row has both, joined
	// to the front of the name; or the row has one vocabulary label too many, which is ignored.
	NoteLabelUnknown = "label_unknown"
	// NoteRowJoined: a row (or a word) split across a page break was joined into one row.
	NoteRowJoined = "row_joined"
	// NoteColumnShifted: the row's cells stood one or more columns left or right of the table
	// header (merged cells); they were aligned by content on the 分值 and 得分 columns.
	NoteColumnShifted = "column_shifted"
	// NoteSpaceRemoved: a space between two Chinese characters of an indicator name, left by a
	// line wrap inside the cell, was removed.
	NoteSpaceRemoved = "space_removed"
	// NoteNoIndicatorColumn: the indicator table has no leading 绩效指标 column.
	NoteNoIndicatorColumn = "no_indicator_column"
	// NoteNoTotalRow: the form ended without a 总分 row.
	NoteNoTotalRow = "no_total_row"
	// NoteMarkupKept: a goal contains markup such as <p>; it was kept as written, as text.
	NoteMarkupKept = "markup_kept"
	// NoteRemark: the row's 备注 column holds text; it is kept here, not in the deviation.
	NoteRemark = "remark"
	// NoteFieldMissing: a part of the form (project, funds row, goals, level-2 label, …) was
	// not found; the field is left empty.
	NoteFieldMissing = "field_missing"
)
