package web

import (
	"bytes"
	"hash/fnv"
	"net/http"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"selfeval/internal/auth"
	"selfeval/internal/form"
	"selfeval/internal/i18n"
	"selfeval/internal/scoring"
	"selfeval/internal/store"
	"selfeval/views"
)

// wantsFigures says the page's script asks for a keystroke's figures as JSON (figures).
func wantsFigures(c echo.Context) bool {
	return c.Request().Header.Get(echo.HeaderAccept) == echo.MIMEApplicationJSON
}

// figures answers a keystroke: every figure the page shows as a compact list of id and text,
// which the page applies in one pass, writing only the texts that changed:
//
//	{"f":[["bar-rate","99.03%"],…],"d":"1x2y3z"}
//
// The problems are sent ("p", the panel, and "w", the reason 提交 is disabled, as HTML) only
// when their digest differs from the one the page posted (digest), so a keystroke that changes
// no problem renders no message. A change of the rows' grouping is answered {"r":1}: the page
// then asks for the rows anew (RecalcView). Nothing here reads the database; the answer is
// written into a pooled buffer without building intermediate values.
func (s *Server) figures(c echo.Context, id int64, a store.Access, p auth.Principal, in *posted) error {
	buf := answers.Get().(*[]byte)
	defer func() {
		if cap(*buf) <= 1<<16 {
			answers.Put(buf)
		}
	}()
	b := (*buf)[:0]
	if groupsOf(&in.Form) != in.Groups {
		b = append(b, `{"r":1}`...)
	} else {
		b = s.appendFigures(c, b, id, a, p, &in.Form, in.Digest)
	}
	*buf = b
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, b)
}

// answers keeps the buffers of keystroke answers for reuse.
var answers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

func (s *Server) appendFigures(c echo.Context, b []byte, id int64, a store.Access, p auth.Principal, f *form.Form, digest string) []byte {
	prof := profileOf(a.Profile)
	r := scoring.Score(f, &prof)
	lang := langOf(c)
	calc := views.Calc{Figures: r.Figures(), Lang: lang}
	b = append(b, `{"f":[`...)
	for i, fg := range calc.Shown(false) {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = appendJSONString(b, fg.ID)
		b = append(b, ',')
		b = appendJSONString(b, fg.Text)
		b = append(b, ']')
	}
	d := problemsDigest(lang, r.Problems)
	b = append(b, `],"d":"`...)
	b = strconv.AppendUint(b, d, 36)
	b = append(b, '"')
	if posted, err := strconv.ParseUint(digest, 36, 64); err != nil || posted != d {
		page := s.scoredPage(c, id, a, p, *f, &r) // the problems are those just scored
		b = append(b, `,"p":`...)
		b = appendRendered(c, b, views.ProblemsPanel(page, false))
		b = append(b, `,"w":`...)
		b = appendRendered(c, b, views.SubmitWhy(page, false))
	}
	return append(b, '}')
}

// appendRendered appends what comp renders as a JSON string.
func appendRendered(c echo.Context, b []byte, comp templ.Component) []byte {
	buf := buffers.Get().(*bytes.Buffer)
	defer func() { buf.Reset(); buffers.Put(buf) }()
	if err := comp.Render(c.Request().Context(), buf); err != nil {
		return append(b, `""`...)
	}
	return appendJSONString(b, buf.String())
}

// problemsDigest names a list of problems in lang: their codes, fields, severities, flags and
// arguments, from which their messages follow. Two lists with one digest show the same.
func problemsDigest(lang i18n.Lang, ps []scoring.Problem) uint64 {
	h := fnv.New64a()
	var sep = []byte{0}
	h.Write([]byte(lang))
	for _, p := range ps {
		for _, s := range [...]string{p.Code, p.Field, string(p.Severity)} {
			h.Write(sep)
			h.Write([]byte(s))
		}
		if p.Flag {
			h.Write([]byte{1})
		}
		for _, a := range p.Args {
			h.Write(sep)
			h.Write([]byte(a))
		}
		h.Write([]byte{2})
	}
	return h.Sum64()
}

// appendJSONString appends s as a JSON string: quotes, backslashes and control characters
// escaped, and <, > and & too, so that the answer can never be read as markup.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c < 0x20 || c == '<' || c == '>' || c == '&':
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
