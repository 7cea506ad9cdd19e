package i18n

import (
	"sort"
	"strings"
	"testing"
	"unicode"
)

// notEnglish reports the first rune of s that has no place in an English message: a CJK
// character (Han, kana, Hangul) or full-width punctuation — the CJK symbols and punctuation
// block (U+3000–U+303F: 、。「」【】〔〕 and the ideographic space), the full-width and
// half-width forms (U+FF00–U+FFEF: ，：；（）！？ …) and the CJK compatibility and vertical
// forms (U+FE10–U+FE1F, U+FE30–U+FE4F). Curly quotes (“ ” ‘ ’), the ellipsis, dashes and
// the middle dot are English typography and are allowed.
func notEnglish(s string) (rune, bool) {
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo):
			return r, true
		case r >= 0x3000 && r <= 0x303F, r >= 0xFF00 && r <= 0xFFEF,
			r >= 0xFE10 && r <= 0xFE1F, r >= 0xFE30 && r <= 0xFE4F:
			return r, true
		}
	}
	return 0, false
}

// TestEnglishIsEnglish: no English message carries a Chinese character or full-width
// punctuation, and every key has its Chinese message. Data (a project name, a label as
// stored) reaches an English page only through %s arguments, never through the catalog.
func TestEnglishIsEnglish(t *testing.T) {
	keys := Keys()
	sort.Strings(keys)
	for _, k := range keys {
		zh, en := Pair(k)
		if strings.TrimSpace(zh) == "" {
			t.Errorf("%s: no Chinese message (English %q)", k, en)
		}
		if r, bad := notEnglish(en); bad {
			t.Errorf("%s: English message %q contains %q (U+%04X)", k, en, r, r)
		}
	}
}

func TestNotEnglish(t *testing.T) {
	for s, want := range map[string]bool{
		"Added “%s”.":           false,
		"Saving…":               false,
		"Enter moves down · ok": false,
		"Score 1–2":             false,
		"优":                     true,
		"Funds（yuan）":           true,
		"Sign in again：ok":      true,
		"「x」":                   true,
		"a，b":                   true,
		"a、b":                   true,
		"a\u3000b":              true,
	} {
		if _, got := notEnglish(s); got != want {
			t.Errorf("notEnglish(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestVocabulary: every grade and every level-1 and level-2 label of the profiles has an
// English label, and an unknown label, or any label in Chinese, is shown as it is.
func TestVocabulary(t *testing.T) {
	// The vocabulary of internal/scoring's profiles (rule 11, rule 8); the package cannot be
	// imported here without a cycle, so it is written out, and web's test checks the pages.
	labels := []string{"产出指标", "数量指标", "质量指标", "时效指标", "成本指标",
		"效益指标", "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标",
		"满意度指标", "服务对象满意度指标", "经济成本指标", "社会成本指标", "生态环境成本指标"}
	for _, l := range labels {
		if got := LevelLabel(En, l); got == l || got == "" {
			t.Errorf("LevelLabel(En, %q) = %q: no English label", l, got)
		}
		if got := LevelLabel(Zh, l); got != l {
			t.Errorf("LevelLabel(Zh, %q) = %q", l, got)
		}
		if zh, _ := Pair("level." + l); zh != l {
			t.Errorf("level.%s: Chinese %q, want the label itself", l, zh)
		}
	}
	for g, want := range map[string]string{"优": "Excellent", "良": "Good", "中": "Fair", "差": "Poor"} {
		if got := GradeLabel(En, g); got != want {
			t.Errorf("GradeLabel(En, %q) = %q, want %q", g, got, want)
		}
		if got := GradeLabel(Zh, g); got != g {
			t.Errorf("GradeLabel(Zh, %q) = %q", g, got)
		}
		if got := VocabLabel(En, g); got != want {
			t.Errorf("VocabLabel(En, %q) = %q, want %q", g, got, want)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"产出指标", "Output"},
		{" 产出指标 ", "Output"},
		{"服务对象满意度指标", "Beneficiary satisfaction"},
		{"自定义指标", "自定义指标"},
		{"", ""},
		{"优", "优"}, // a grade is not a level label
	} {
		if got := LevelLabel(En, tt.in); got != tt.want {
			t.Errorf("LevelLabel(En, %q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := VocabLabel(En, "效益指标"); got != "Benefits" {
		t.Errorf("VocabLabel(En, 效益指标) = %q", got)
	}
	if got := GradeLabel(En, "A"); got != "A" {
		t.Errorf("GradeLabel(En, A) = %q", got)
	}
}
