// Package demo fills an empty database with the ten 2022 forms of a Shanghai district office
// (the seed of the project) and three accounts, so that a newcomer sees a working product.
package demo

import (
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/base32"
	"fmt"
	"strings"

	"selfeval/internal/auth"
	"selfeval/internal/exchange/text"
	"selfeval/internal/scoring"
	"selfeval/internal/store"
)

// Seed2022 is the copied-table text of the ten 2022 forms, as published.
//
//go:embed minhang-2022.txt
var Seed2022 string

// The department and unit of the demo forms, as the seed names them.
const (
	Department = "上海市闵行区地区工作办公室(汇总)"
	Unit       = "上海市闵行区地区工作办公室"
)

// Account is a demo account and its password, shown once.
type Account struct {
	Username string
	Role     auth.Role
	Password string
}

// Load fills an empty database (one without users) with the ten 2022 forms of the seed and
// three accounts (staff, supervisor, admin) with random passwords. On a database that has
// users it does nothing and returns no accounts.
func Load(ctx context.Context, st *store.Store) ([]Account, error) {
	if n, err := st.CountUsers(ctx); err != nil || n > 0 {
		return nil, err
	}
	forms, err := text.Read(Seed2022)
	if err != nil {
		return nil, fmt.Errorf("demo seed: %w", err)
	}
	dept, err := st.CreateOrg(ctx, Department, 0)
	if err != nil {
		return nil, err
	}
	unit, err := st.CreateOrg(ctx, Unit, dept.ID)
	if err != nil {
		return nil, err
	}
	accounts := []struct {
		name string
		role auth.Role
		org  int64
	}{{"staff", auth.RoleStaff, unit.ID}, {"supervisor", auth.RoleSupervisor, dept.ID}, {"admin", auth.RoleAdmin, dept.ID}}
	var staffID int64
	var created []Account
	for _, a := range accounts {
		pw := randomPassword()
		hash, err := auth.HashPassword(pw)
		if err != nil {
			return nil, err
		}
		u, err := st.CreateUser(ctx, store.User{Username: a.name, PasswordHash: hash, Role: a.role, OrgID: a.org})
		if err != nil {
			return nil, err
		}
		if a.role == auth.RoleStaff {
			staffID = u.ID
		}
		created = append(created, Account{a.name, a.role, pw})
	}
	prof := scoring.Default
	for _, tf := range forms {
		f := tf.Form
		f.Department, f.Unit = Department, Unit
		if _, err := st.CreateForm(ctx, f, unit.ID, prof.Name, store.Summary(scoring.Summarize(&f, &prof)), staffID); err != nil {
			return nil, err
		}
	}
	return created, nil
}

func randomPassword() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}
