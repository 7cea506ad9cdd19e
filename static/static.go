// Package static holds the style sheet, scripts and vendored htmx, embedded into the binary,
// and serves them under content-hashed names that browsers may keep for a year.
//
// Views link a file by static.Path("app.css"), which answers "/static/app.<hash>.css": a new
// build with a changed file links a new name, so the old one can be cached as immutable. The
// plain names (/static/app.css) keep working for pages and bookmarks made before, with a
// cache that asks the server each time.
package static

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// FS holds the static files under their plain names.
//
//go:embed *.css *.js
var FS embed.FS

// Prefix is the address under which the static files are served.
const Prefix = "/static/"

// file is one embedded file as served.
type file struct {
	body        []byte
	hashedName  string // e.g. app.3f2a9c1b0d.js
	etag        string // the quoted content hash
	contentType string
}

// byName finds a file by its plain name, byHashedName by its content-hashed name.
var byName, byHashedName = load()

// load reads every embedded file once, at start-up, and names it by its content.
func load() (map[string]*file, map[string]*file) {
	plain, hashed := map[string]*file{}, map[string]*file{}
	entries, err := fs.ReadDir(FS, ".")
	if err != nil {
		panic("static: " + err.Error())
	}
	for _, ent := range entries {
		name := ent.Name()
		body, err := FS.ReadFile(name)
		if err != nil {
			panic("static: " + err.Error())
		}
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:])[:10]
		ext := path.Ext(name)
		f := &file{
			body:        body,
			hashedName:  strings.TrimSuffix(name, ext) + "." + hash + ext,
			etag:        `"` + hash + `"`,
			contentType: contentType(ext),
		}
		plain[name], hashed[f.hashedName] = f, f
	}
	return plain, hashed
}

// contentType is the media type of a file by its extension, with the charset of our text files.
func contentType(ext string) string {
	switch ext {
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// Path is the address of the embedded file name ("app.css", "htmx-2.0.11.min.js") under its
// content-hashed name, e.g. "/static/app.3f2a9c1b0d.css". A name that is not embedded is a
// mistake in the code, so it panics: the first test that renders the page finds it.
func Path(name string) string {
	f, ok := byName[name]
	if !ok {
		panic("static: no embedded file " + name)
	}
	return Prefix + f.hashedName
}

// Lookup finds the file served as base, the part of the address after /static/: by its
// content-hashed name (hashed is true) or by its plain name. ok is false for anything else.
func Lookup(base string) (body []byte, hashed, ok bool) {
	f, hashed := lookup(base)
	if f == nil {
		return nil, false, false
	}
	return f.body, hashed, true
}

func lookup(base string) (*file, bool) {
	if f, found := byHashedName[base]; found {
		return f, true
	}
	return byName[base], false
}

// Handler answers GET and HEAD for the files under /static/ and needs no session or cookie.
// A hashed name is cached for a year as immutable; a plain name is revalidated on every use
// by its ETag. Anything else under /static/ is 404 (there are no directory listings), and
// other methods are 405.
var Handler http.Handler = http.HandlerFunc(serve)

func serve(w http.ResponseWriter, r *http.Request) {
	base, _ := strings.CutPrefix(r.URL.Path, Prefix)
	f, hashed := lookup(base)
	if f == nil {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("ETag", f.etag)
	if hashed {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	// ServeContent answers HEAD without a body, If-None-Match with 304 and ranges.
	http.ServeContent(w, r, base, time.Time{}, bytes.NewReader(f.body))
}
