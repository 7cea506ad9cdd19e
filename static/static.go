// Package static holds the style sheet, scripts and vendored htmx, embedded into the binary.
package static

import "embed"

// FS holds the static files, served under /static/.
//
//go:embed *.css *.js
var FS embed.FS
