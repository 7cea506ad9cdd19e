package i18n

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var verb = regexp.MustCompile(`%(\[\d+\])?[sdv]`)

// TestCatalogComplete: every message has both languages, and both take the same arguments.
func TestCatalogComplete(t *testing.T) {
	if len(Keys()) < 100 {
		t.Fatalf("only %d messages: the catalog did not load", len(Keys()))
	}
	for _, k := range Keys() {
		zh, en := Pair(k)
		if zh == "" || en == "" {
			t.Errorf("%s: zh %q en %q", k, zh, en)
		}
		if a, b := len(verb.FindAllString(zh, -1)), len(verb.FindAllString(en, -1)); a != b {
			t.Errorf("%s: %d arguments in Chinese, %d in English", k, a, b)
		}
	}
}

func TestT(t *testing.T) {
	tests := []struct {
		lang Lang
		key  string
		args []any
		want string
	}{
		{Zh, "form.total", nil, "总分"},
		{En, "form.total", nil, "Total"},
		{Zh, "import.created", []any{10}, "已创建 10 张草稿。"},
		{En, "problem.funds.zero_budget", nil, "The full-year budget is 0, so the execution rate is 0.00%"},
		{Zh, "no.such.key", nil, "no.such.key"},
	}
	for _, tt := range tests {
		if got := T(tt.lang, tt.key, tt.args...); got != tt.want {
			t.Errorf("T(%s, %s) = %q, want %q", tt.lang, tt.key, got, tt.want)
		}
	}
	if ParseLang("en-US") != En || ParseLang("zh-CN") != Zh || ParseLang("") != Zh {
		t.Error("ParseLang")
	}
}

// TestFormatAsFmt: every message of the catalog, in both languages, formats as fmt.Sprintf
// formats it, with strings and numbers for its arguments, and odd calls fall back to fmt.
func TestFormatAsFmt(t *testing.T) {
	for _, k := range Keys() {
		for _, msg := range catalog[k] {
			var args []any
			for i, v := range verb.FindAllString(msg, -1) {
				if strings.HasSuffix(v, "d") {
					args = append(args, 10*i+7)
				} else {
					args = append(args, "参数"+strconv.Itoa(i)+"<&>")
				}
			}
			if len(args) == 0 {
				continue
			}
			if got, ok := format(msg, args); ok && got != fmt.Sprintf(msg, args...) {
				t.Errorf("%s: %q, fmt %q", k, got, fmt.Sprintf(msg, args...))
			}
		}
	}
	for _, tc := range []struct {
		msg  string
		args []any
	}{{"%s", []any{3}}, {"%d", []any{"x"}}, {"%s %s", []any{"a"}}, {"%s", []any{"a", "b"}}, {"%q", []any{"a"}}, {"%.2f", []any{1.5}}, {"100%", []any{"a"}}} {
		if _, ok := format(tc.msg, tc.args); ok {
			t.Errorf("format(%q, %v) did not leave it to fmt", tc.msg, tc.args)
		}
	}
	if got := T(Zh, "problem.funds.low_execution", "51.29"); got != "执行率 51.29% 低于 90%" {
		t.Errorf("T = %q", got)
	}
	if n := testing.AllocsPerRun(100, func() { T(En, "problem.funds.low_execution", "51.29") }); n > 1 {
		t.Errorf("T allocates %v times", n)
	}
}
