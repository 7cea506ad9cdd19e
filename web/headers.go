package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// contentSecurityPolicy allows scripts, styles, images and connections from this origin only,
// no inline script and no framing. Inline styles are allowed: the print page's @page rules
// are a style element, and htmx adds its indicator styles.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; " +
	"frame-ancestors 'none'"

// secureHeaders sets on every answer of the application the headers that keep its pages to
// themselves: the content security policy, no framing, no content sniffing, no referrer to
// other sites, and no caching, so that Back after signing out on a shared office PC shows no
// form and a proxy keeps no copy. Static files are answered before Echo with their own
// (long) caching.
func secureHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Frame-Options", "DENY")
		h.Set(echo.HeaderXContentTypeOptions, "nosniff")
		h.Set(echo.HeaderReferrerPolicy, "same-origin")
		h.Set(echo.HeaderCacheControl, "no-store")
		return next(c)
	}
}

// noSniff marks static files as being of the type they say.
func noSniff(w http.ResponseWriter) { w.Header().Set(echo.HeaderXContentTypeOptions, "nosniff") }
