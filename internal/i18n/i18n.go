// Package i18n is the one message catalog of selfeval: every string a person reads, in
// Simplified Chinese first and English complete.
package i18n

import (
	"fmt"
	"strconv"
	"strings"
)

// Lang is a language of the interface.
type Lang string

// The languages of the interface. Chinese is the default.
const (
	Zh Lang = "zh"
	En Lang = "en"
)

// Langs lists the languages in the order they are offered.
var Langs = []Lang{Zh, En}

// ParseLang returns the language named by s ("zh", "zh-CN", "en", "en-US" …), or Zh.
func ParseLang(s string) Lang {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "en") {
		return En
	}
	return Zh
}

// T returns the message with the given key in lang, formatted with args (fmt verbs).
// An unknown key returns the key itself, so a missing entry is visible, never blank;
// a test checks that every key the code uses is in the catalog.
func T(lang Lang, key string, args ...any) string {
	m, ok := catalog[key]
	if !ok {
		return key
	}
	s := m[0]
	if lang == En {
		s = m[1]
	}
	if len(args) == 0 {
		return strings.ReplaceAll(s, "%%", "%")
	}
	if out, ok := format(s, args); ok {
		return out
	}
	return fmt.Sprintf(s, args...)
}

// format formats the verbs the catalog uses (%s, %d and %v of strings and integers, with
// explicit argument indexes such as %[2]s, and %%) as fmt.Sprintf does, in one allocation and
// without reflection; ok is false for anything else, which fmt.Sprintf then formats.
func format(s string, args []any) (string, bool) {
	var buf [256]byte
	b := buf[:0]
	next, reordered := 0, false
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b = append(b, s[i])
			continue
		}
		i++
		if i < len(s) && s[i] == '%' {
			b = append(b, '%')
			continue
		}
		if i+2 < len(s) && s[i] == '[' && s[i+1] >= '1' && s[i+1] <= '9' && s[i+2] == ']' {
			next, reordered = int(s[i+1]-'1'), true
			i += 3
		}
		if i >= len(s) || next >= len(args) || (s[i] != 's' && s[i] != 'd' && s[i] != 'v') {
			return "", false
		}
		switch a := args[next].(type) {
		case string:
			if s[i] == 'd' {
				return "", false
			}
			b = append(b, a...)
		case int:
			if s[i] == 's' {
				return "", false
			}
			b = strconv.AppendInt(b, int64(a), 10)
		case int64:
			if s[i] == 's' {
				return "", false
			}
			b = strconv.AppendInt(b, a, 10)
		default:
			return "", false
		}
		next++
	}
	if next != len(args) && !reordered {
		return "", false // an argument left over: fmt says so
	}
	return string(b), true
}

// Has reports whether key is in the catalog.
func Has(key string) bool {
	_, ok := catalog[key]
	return ok
}

// Keys returns every key of the catalog, for tests.
func Keys() []string {
	keys := make([]string, 0, len(catalog))
	for k := range catalog {
		keys = append(keys, k)
	}
	return keys
}

// Pair returns the Chinese and English texts of key, unformatted, for tests.
func Pair(key string) (zh, en string) {
	m := catalog[key]
	return m[0], m[1]
}
