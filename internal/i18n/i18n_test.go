package i18n

import (
	"regexp"
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
