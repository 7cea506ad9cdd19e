// Package i18n is the one message catalog of selfeval: every string a person reads, in
// Simplified Chinese first and English complete.
package i18n

import (
	"fmt"
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
	return fmt.Sprintf(s, args...)
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
