package text

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"selfeval/internal/exchange/diag"
	"selfeval/internal/form"
)

// limitForm returns the text of a small form of project p with n indicator rows.
func limitForm(p string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "财政项目支出绩效自评表\n项目名称\t%s\n一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n", p)
	for i := range n {
		fmt.Fprintf(&b, "产出指标\t数量指标\t指标%d\t1\t1\t5\t5\n", i)
	}
	b.WriteString("总分\t\t\t\t\t5\t5\n\n")
	return b.String()
}

// TestReadLimits: text past a limit is refused with the code naming it and its limit; text at
// the limit is read.
func TestReadLimits(t *testing.T) {
	many := func(forms, rows int) string {
		var b strings.Builder
		for i := range forms {
			b.WriteString(limitForm("项目"+strconv.Itoa(i), rows))
		}
		return b.String()
	}
	for _, c := range []struct {
		name, text string
		code       string
		args       []string
	}{
		{"too large", strings.Repeat("\n", maxTextBytes+1), diag.FileTooLarge, []string{"2"}},
		{"too many forms", many(maxForms+1, 1), diag.FileTooManyForms, []string{strconv.Itoa(maxForms)}},
		{"too many rows", limitForm("大表", form.MaxRows+1), diag.FileTooManyIndicators, []string{"1", strconv.Itoa(form.MaxRows)}},
		{"too many rows in the second form", limitForm("甲", 1) + limitForm("大表", form.MaxRows+1), diag.FileTooManyIndicators,
			[]string{"2", strconv.Itoa(form.MaxRows)}},
	} {
		forms, err := Read(c.text)
		var fe *diag.FileError
		if !errors.As(err, &fe) || fe.Code != c.code || !slices.Equal(fe.Args, c.args) || forms != nil {
			t.Errorf("%s: %d forms, error %v, want %s %q", c.name, len(forms), err, c.code, c.args)
		}
	}
	if _, err := Read(strings.Repeat("\n", maxTextBytes)); !errors.Is(err, ErrNoForm) {
		t.Errorf("text of %d bytes: %v", maxTextBytes, err)
	}
	if forms, err := Read(many(maxForms, 1)); err != nil || len(forms) != maxForms {
		t.Errorf("%d forms: %d read, %v", maxForms, len(forms), err)
	}
	if forms, err := Read(limitForm("大表", form.MaxRows)); err != nil || len(forms[0].Form.Indicators) != form.MaxRows {
		t.Errorf("%d rows: %v", form.MaxRows, err)
	}
}
