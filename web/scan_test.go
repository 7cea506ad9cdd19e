package web

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// FuzzScanPairs: the body scanner reads what url.ParseQuery reads, pair by pair in order,
// and refuses what it refuses, except a raw semicolon, which ParseQuery refuses and the
// scanner keeps as part of a key or value (a browser sends it escaped).
func FuzzScanPairs(f *testing.F) {
	for _, s := range []string{"", "a=1", "a=1&b=%E5%9F%B9+%E8%AE%AD", "indicators.3.actual=%3C100%25&x", "a=%zz", "a=%4", "&&=&", "k%3D=v%26w"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if strings.Contains(body, ";") {
			var raw, escaped [][2]string
			errRaw := scanPairs([]byte(body), func(k, v string) { raw = append(raw, [2]string{k, v}) })
			errEsc := scanPairs([]byte(strings.ReplaceAll(body, ";", "%3B")), func(k, v string) { escaped = append(escaped, [2]string{k, v}) })
			if (errRaw != nil) != (errEsc != nil) || !reflect.DeepEqual(raw, escaped) {
				t.Fatalf("a raw semicolon in %q reads otherwise than an escaped one: %q, %q", body, raw, escaped)
			}
		}
		var got [][2]string
		err := scanPairs([]byte(strings.ReplaceAll(body, ";", "%3B")), func(k, v string) { got = append(got, [2]string{k, v}) })
		body = strings.ReplaceAll(body, ";", "%3B")
		want, werr := url.ParseQuery(body)
		if (err != nil) != (werr != nil) {
			t.Fatalf("scanPairs(%q) error %v, ParseQuery %v", body, err, werr)
		}
		if err != nil {
			return
		}
		n := 0
		for _, vs := range want {
			n += len(vs)
		}
		if n != len(got) {
			t.Fatalf("scanPairs(%q) gave %d pairs, ParseQuery %d", body, len(got), n)
		}
		seen := map[string]int{}
		for _, kv := range got {
			vs := want[kv[0]]
			if seen[kv[0]] >= len(vs) || vs[seen[kv[0]]] != kv[1] {
				t.Fatalf("scanPairs(%q) gave %q=%q, ParseQuery %q", body, kv[0], kv[1], vs)
			}
			seen[kv[0]]++
		}
	})
}
