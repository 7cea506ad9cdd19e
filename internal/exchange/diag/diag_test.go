package diag

import (
	"slices"
	"strings"
	"testing"

	"selfeval/internal/i18n"
)

// noteKeys lists every catalog key of a note the readers can produce ("note."+Code, or
// "note."+Code+"."+Variant), so that a test can check each has its message.
var noteKeys = []string{
	"note." + NoteLevel1Inferred,
	"note." + NoteLevel1Inferred + ".other_group",
	"note." + NoteLevel1Inherited,
	"note." + NoteLevel2Inherited,
	"note." + NoteLevel2Inferred,
	"note." + NoteLabelMoved + ".level1",
	"note." + NoteLabelMoved + ".level2",
	"note." + NoteLabelUnknown + ".kept",
	"note." + NoteLabelUnknown + ".joined",
	"note." + NoteLabelUnknown + ".ignored",
	"note." + NoteRowJoined,
	"note." + NoteColumnShifted,
	"note." + NoteSpaceRemoved,
	"note." + NoteNoIndicatorColumn,
	"note." + NoteNoTotalRow,
	"note." + NoteMarkupKept,
	"note." + NoteFieldMissing + ".year",
	"note." + NoteFieldMissing + ".project",
	"note." + NoteFieldMissing + ".department",
	"note." + NoteFieldMissing + ".unit",
	"note." + NoteFieldMissing + ".funds.total",
	"note." + NoteFieldMissing + ".funds.fiscal",
	"note." + NoteFieldMissing + ".funds.carryover",
	"note." + NoteFieldMissing + ".funds.other",
	"note." + NoteFieldMissing + ".funds.special",
	"note." + NoteFieldMissing + ".funds.own",
	"note." + NoteRemark,
	"note." + NoteFieldMissing + ".budget_weight",
	"note." + NoteFieldMissing + ".goals",
	"note." + NoteFieldMissing + ".indicator_table",
	"note." + NoteFieldMissing + ".indicator_rows",
	"note." + NoteFieldMissing + ".indicator_header",
	"note." + NoteFieldMissing + ".level1",
	"note." + NoteFieldMissing + ".level2",
	"note." + NoteFieldMissing + ".level2_mismatch",
}

// fileErrorCodes lists every FileError code, and the message for any other error.
var fileErrorCodes = []string{FileEmpty, FileNoForm, FileNoJSONForm, FileNoWorkbookForm, FileNotWorkbook,
	FileSheetUnreadable, FileJSONSyntax, FileJSONType, FileJSONDecimal, FileJSONTruncated, FileJSONMalformed, FileNoIndicators,
	FileTooLarge, FileTooManyForms, FileTooManyIndicators, FileJSONDepth, FileTooManyParts, FilePartTooLarge,
	FileUnzipTooLarge, FileCompressionRatio, FilePartSize, FilePartTags, FileTooManySheets, FileTooManyFormats,
	FileTooManyRows, FileTooManyColumns, FileTooManyCells, FileWorkbookCells, FileTooManyMerges, FileTooMuchText,
	fileUnreadable}

// TestMessagesInCatalog: every note, cell error and file error the readers can produce has its
// message in both languages, and the catalog has no such message the readers never produce.
func TestMessagesInCatalog(t *testing.T) {
	want := slices.Clone(noteKeys)
	want = append(want, "cellerror.at")
	for code := range cellErrorTakesValue {
		want = append(want, "cellerror."+code)
	}
	for _, code := range fileErrorCodes {
		want = append(want, "import.error."+code)
	}
	for _, k := range want {
		if !i18n.Has(k) {
			t.Errorf("%s: not in the catalog", k)
			continue
		}
		if zh, en := i18n.Pair(k); strings.TrimSpace(zh) == "" || strings.TrimSpace(en) == "" {
			t.Errorf("%s: zh %q, en %q", k, zh, en)
		}
	}
	for _, k := range i18n.Keys() {
		if (strings.HasPrefix(k, "note.") || strings.HasPrefix(k, "cellerror.") || strings.HasPrefix(k, "import.error.")) &&
			!slices.Contains(want, k) {
			t.Errorf("%s: in the catalog, but no reader produces it (add it to the lists in diag_test.go)", k)
		}
	}
}

// TestLimitMessages: the message of each limit code quotes all its arguments, the limit
// among them, in both languages; MB quotes a limit in MiB.
func TestLimitMessages(t *testing.T) {
	for code, args := range map[string][]string{
		FileTooLarge: {"16"}, FileTooManyForms: {"500"}, FileTooManyIndicators: {"2", "500"}, FileJSONDepth: {"32"},
		FileTooManyParts: {"2104"}, FilePartTooLarge: {"xl/media/a.bin", "4"}, FileUnzipTooLarge: {"32"},
		FileCompressionRatio: {"xl/media/a.bin", "100"}, FilePartSize: {"xl/media/a.bin"}, FilePartTags: {"xl/styles.xml", "200000"},
		FileTooManySheets: {"501"}, FileTooManyFormats: {"1000"}, FileTooManyRows: {"培训费", "2000"},
		FileTooManyColumns: {"培训费", "50"}, FileTooManyCells: {"培训费", "20000"}, FileWorkbookCells: {"培训费", "250000"},
		FileTooManyMerges: {"培训费", "1000"}, FileTooMuchText: {"培训费", "16"},
	} {
		for _, lang := range []i18n.Lang{i18n.Zh, i18n.En} {
			msg := (&FileError{Code: code, Args: args}).Message(lang)
			if strings.Contains(msg, "%!") || strings.HasPrefix(msg, "import.error.") {
				t.Errorf("%s (%s): %q", code, lang, msg)
			}
			for _, a := range args {
				if !strings.Contains(msg, a) {
					t.Errorf("%s (%s): %q does not quote %q", code, lang, msg, a)
				}
			}
		}
	}
	if got := MB(16 << 20); got != "16" {
		t.Errorf("MB(16 MiB) = %q", got)
	}
}
