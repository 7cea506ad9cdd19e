// Package auth holds who may do what: roles, password hashing and the access rules
// that decide whether a person sees or edits a form.
//
// It is pure: no SQL, no HTTP. Sessions and the store call into it with the ids they
// already have, so every rule here is a plain function that a table-driven test covers.
package auth

import (
	"errors"
	"fmt"
)

// Role is what a user does in the workflow (see DOMAIN.md, "Workflow").
type Role string

// The roles. Their string values are stored in the database and used in forms and URLs.
const (
	RoleStaff      Role = "staff"      // 填报人: fills in the forms of their unit
	RoleSupervisor Role = "supervisor" // 审核人: reviews the forms of the units of their department
	RoleAdmin      Role = "admin"      // 管理员: manages departments, units and users
	RoleAuditor    Role = "auditor"    // reads everything, changes nothing
)

// Roles lists every role, in the order an administrator's role picker shows them.
var Roles = []Role{RoleStaff, RoleSupervisor, RoleAdmin, RoleAuditor}

// ErrUnknownRole is returned by ParseRole for a string that names no role.
var ErrUnknownRole = errors.New("auth: unknown role")

// ParseRole returns the role named s exactly as stored ("staff", "supervisor", "admin", "auditor").
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("%w %q", ErrUnknownRole, s)
}

// Valid reports whether r is one of the defined roles.
func (r Role) Valid() bool {
	_, err := ParseRole(string(r))
	return err == nil
}

// Principal is the signed-in person a request acts for.
type Principal struct {
	UserID   int64
	Username string
	Role     Role
	OrgID    int64 // the unit (staff) or department (supervisor); 0 = none
}

// CanView reports whether p may see a form of the unit unitID, whose parent (the
// supervising department) is unitParentID.
//
// Staff see their own unit's forms; a supervisor sees the forms of the units under
// their department, and those of the department itself if it files forms of its own;
// admins and auditors see everything. A person without an org sees no unit's forms,
// so a missing org id (0) can never match a form whose parent is missing too.
func CanView(p Principal, unitID, unitParentID int64) bool {
	switch p.Role {
	case RoleAdmin, RoleAuditor:
		return true
	case RoleStaff:
		return p.OrgID != 0 && unitID == p.OrgID
	case RoleSupervisor:
		return p.OrgID != 0 && (unitParentID == p.OrgID || unitID == p.OrgID)
	}
	return false
}

// CanEdit reports whether p may change the content of a form of the unit unitID.
// Only staff of that unit edit; whether the form's state allows it (draft or returned)
// is the workflow's decision, made on top of this one.
func CanEdit(p Principal, unitID int64) bool {
	return p.Role == RoleStaff && p.OrgID != 0 && unitID == p.OrgID
}
