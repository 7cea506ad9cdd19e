package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"selfeval/internal/app"
	"selfeval/internal/auth"
	"selfeval/internal/i18n"
	"selfeval/internal/store"
	"selfeval/views"
)

// requireRole lets only the given roles through (403 for the others).
func requireRole(roles ...auth.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			p, _ := principal(c)
			for _, r := range roles {
				if p.Role == r {
					return next(c)
				}
			}
			return echo.ErrForbidden
		}
	}
}

// adminPage shows departments, units and users; msg and errMsg come from the last action.
func (s *Server) adminPage(c echo.Context) error {
	ctx := c.Request().Context()
	orgs, err := s.store.Orgs(ctx)
	if err != nil {
		return err
	}
	users, err := s.store.Users(ctx)
	if err != nil {
		return err
	}
	p, _ := principal(c)
	page := views.AdminPage{Page: s.page(c)}
	page.Message, page.Error = adminMessage(page.Page, c.QueryParam("msg"), c.QueryParam("arg")), adminMessage(page.Page, c.QueryParam("err"), c.QueryParam("arg"))
	page.Nav = s.nav(c, p)
	names := map[int64]string{}
	for _, o := range orgs {
		names[o.ID] = o.Name
		page.OrgOpts = append(page.OrgOpts, views.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
		if o.ParentID == 0 {
			page.Orgs = append(page.Orgs, views.OrgNode{ID: o.ID, Name: o.Name})
		}
	}
	for i := range page.Orgs {
		for _, o := range orgs {
			if o.ParentID == page.Orgs[i].ID {
				page.Orgs[i].Units = append(page.Orgs[i].Units, views.OrgNode{ID: o.ID, Name: o.Name})
			}
		}
	}
	for _, r := range auth.Roles {
		page.Roles = append(page.Roles, views.Option{Value: string(r), Label: page.T("role." + string(r))})
	}
	for _, u := range users {
		page.Users = append(page.Users, views.UserRow{ID: u.ID, Username: u.Username, Role: string(u.Role),
			RoleLabel: page.T("role." + string(u.Role)), OrgID: u.OrgID, Org: names[u.OrgID], Disabled: u.Disabled})
	}
	signIns, err := s.store.SignIns(ctx, 50)
	if err != nil {
		return err
	}
	for _, in := range signIns {
		page.SignIns = append(page.SignIns, views.SignInRow{At: stamp(in.At), Username: in.Username, Address: in.Address,
			Outcome: page.T("signin.outcome." + in.Outcome), Failed: in.Outcome != store.SignInOK})
	}
	return render(c, http.StatusOK, views.AdminView(page))
}

// adminDone goes back to the admin page with a message (or an error) to show. The address
// carries the catalog key and its argument, never text, so a link cannot put words on the page.
func (s *Server) adminDone(c echo.Context, key string, ok bool, arg string) error {
	return doneAt(c, "/admin", key, ok, arg)
}

// doneAt goes back to the administrator's page at path with a message, as adminDone does.
func doneAt(c echo.Context, path, key string, ok bool, arg string) error {
	param := "msg"
	if !ok {
		param = "err"
	}
	return c.Redirect(http.StatusSeeOther, path+"?"+param+"="+url.QueryEscape(key)+"&arg="+url.QueryEscape(arg))
}

// adminMessage is the text of an admin message key from the address, or "" for anything else.
func adminMessage(p views.Page, key, arg string) string {
	if !strings.HasPrefix(key, "admin.") || !i18n.Has(key) {
		return ""
	}
	if arg == "" {
		return p.T(key)
	}
	return p.T(key, arg)
}

func (s *Server) addOrg(c echo.Context) error {
	name := strings.TrimSpace(c.FormValue("name"))
	parent, _ := strconv.ParseInt(c.FormValue("parent_id"), 10, 64)
	if name == "" {
		return s.adminDone(c, "admin.bad_input", false, "")
	}
	p, _ := principal(c)
	_, err := s.app.CreateOrg(c.Request().Context(), p, name, parent)
	if errors.Is(err, store.ErrDuplicate) {
		return s.adminDone(c, "admin.duplicate", false, name)
	}
	if errors.Is(err, store.ErrNotFound) {
		return s.adminDone(c, "admin.bad_input", false, "")
	}
	if err != nil {
		return err
	}
	return s.adminDone(c, "admin.org_added", true, name)
}

func (s *Server) addUser(c echo.Context) error {
	username := strings.TrimSpace(c.FormValue("username"))
	role, rerr := auth.ParseRole(c.FormValue("role"))
	org, oerr := strconv.ParseInt(c.FormValue("org_id"), 10, 64)
	if username == "" || rerr != nil || oerr != nil {
		return s.adminDone(c, "admin.bad_input", false, "")
	}
	p, _ := principal(c)
	_, err := s.app.CreateUser(c.Request().Context(), p, username, c.FormValue("password"), role, org)
	switch {
	case badPassword(err):
		return s.adminDone(c, "admin.bad_password", false, "")
	case errors.Is(err, store.ErrDuplicate):
		return s.adminDone(c, "admin.duplicate", false, username)
	case errors.Is(err, store.ErrNotFound):
		return s.adminDone(c, "admin.bad_input", false, "")
	case err != nil:
		return err
	}
	return s.adminDone(c, "admin.user_added", true, username)
}

func (s *Server) userFromPath(c echo.Context) (store.User, error) {
	id, err := strconv.ParseInt(c.Param("uid"), 10, 64)
	if err != nil {
		return store.User{}, echo.ErrNotFound
	}
	u, err := s.store.UserByID(c.Request().Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return u, echo.ErrNotFound
	}
	return u, err
}

// updateUser changes a user's role, organisation and whether the account is disabled. Nobody
// disables their own account or takes the administrator role from it, and no change leaves the
// installation without an active administrator (the store refuses that itself): each refusal
// is a message on /admin and changes nothing. A post that changes nothing keeps the person's
// sessions; any other change ends them.
func (s *Server) updateUser(c echo.Context) error {
	u, err := s.userFromPath(c)
	if err != nil {
		return err
	}
	role, rerr := auth.ParseRole(c.FormValue("role"))
	org, oerr := strconv.ParseInt(c.FormValue("org_id"), 10, 64)
	if rerr != nil || oerr != nil {
		return s.adminDone(c, "admin.bad_input", false, "")
	}
	p, _ := principal(c)
	ch := app.AccountChange{ID: u.ID, Role: role, OrgID: org, Disabled: c.FormValue("disabled") == "1"}
	_, changed, err := s.app.UpdateUser(c.Request().Context(), p, ch)
	switch {
	case errors.Is(err, app.ErrSelfDisable):
		return s.adminDone(c, "admin.self_disable", false, "")
	case errors.Is(err, app.ErrSelfDemote):
		return s.adminDone(c, "admin.self_demote", false, "")
	case err == nil && !changed:
		return s.adminDone(c, "admin.user_unchanged", true, u.Username)
	case errors.Is(err, store.ErrLastAdmin):
		return s.adminDone(c, "admin.last_admin", false, u.Username)
	case errors.Is(err, store.ErrNotFound):
		return s.adminDone(c, "admin.bad_input", false, "")
	case err != nil:
		return err
	}
	if err := s.refreshAccount(c, u.ID); err != nil {
		return err
	}
	return s.adminDone(c, "admin.user_updated", true, u.Username)
}

func (s *Server) resetPassword(c echo.Context) error {
	u, err := s.userFromPath(c)
	if err != nil {
		return err
	}
	p, _ := principal(c)
	switch err := s.app.SetPassword(c.Request().Context(), p, u.ID, c.FormValue("password")); {
	case badPassword(err):
		return s.adminDone(c, "admin.bad_password", false, "")
	case errors.Is(err, store.ErrNotFound):
		return s.adminDone(c, "admin.bad_input", false, "")
	case err != nil:
		return appError(err)
	}
	if err := s.refreshAccount(c, u.ID); err != nil {
		return err
	}
	return s.adminDone(c, "admin.password_reset", true, u.Username)
}

// refreshAccount re-reads an account after a change, so its open sessions end at once. When
// the account is the administrator's own, the session they made the change in starts afresh
// in the new epoch (with the account as it is now), so that they stay signed in here while
// their other sessions end.
func (s *Server) refreshAccount(c echo.Context, id int64) error {
	u, err := s.store.UserByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	s.decoded.setAccount(u, s.cfg.Now())
	if p, ok := principal(c); ok && p.UserID == u.ID && !u.Disabled {
		return s.startSession(c, auth.Principal{UserID: u.ID, Username: u.Username, Role: u.Role, OrgID: u.OrgID}, u.SessionEpoch)
	}
	return nil
}

// badPassword reports whether err refuses the password itself (too short, too long, too
// common, the username).
func badPassword(err error) bool { return auth.IsPasswordError(err) }
