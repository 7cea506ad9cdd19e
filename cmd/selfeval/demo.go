package main

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	_ "embed"
	"fmt"
	"io"
	"strings"

	"selfeval/internal/auth"
	"selfeval/internal/exchange"
	"selfeval/internal/scoring"
	"selfeval/internal/store"
)

//go:embed demo-2022-minhang.txt
var demoSeed string

// The department and unit of the demo forms, as the seed names them.
const (
	demoDepartment = "上海市闵行区地区工作办公室(汇总)"
	demoUnit       = "上海市闵行区地区工作办公室"
)

// loadDemo fills an empty database with the ten 2022 forms of the seed and three accounts
// (staff, supervisor, admin) whose random passwords are printed once.
func loadDemo(ctx context.Context, st *store.Store, out io.Writer) error {
	if n, err := st.CountUsers(ctx); err != nil || n > 0 {
		return err
	}
	forms, err := exchange.ReadText(demoSeed)
	if err != nil {
		return fmt.Errorf("demo seed: %w", err)
	}
	dept, err := st.CreateOrg(ctx, demoDepartment, 0)
	if err != nil {
		return err
	}
	unit, err := st.CreateOrg(ctx, demoUnit, dept.ID)
	if err != nil {
		return err
	}
	accounts := []struct {
		name string
		role auth.Role
		org  int64
	}{{"staff", auth.RoleStaff, unit.ID}, {"supervisor", auth.RoleSupervisor, dept.ID}, {"admin", auth.RoleAdmin, dept.ID}}
	var staffID int64
	fmt.Fprintln(out, "selfeval: demo accounts (shown once):")
	for _, a := range accounts {
		pw := randomPassword()
		hash, err := auth.HashPassword(pw)
		if err != nil {
			return err
		}
		u, err := st.CreateUser(ctx, store.User{Username: a.name, PasswordHash: hash, Role: a.role, OrgID: a.org})
		if err != nil {
			return err
		}
		if a.role == auth.RoleStaff {
			staffID = u.ID
		}
		fmt.Fprintf(out, "  %-10s %-10s %s\n", a.name, a.role, pw)
	}
	prof := scoring.Default
	for _, tf := range forms {
		f := tf.Form
		f.Department, f.Unit = demoDepartment, demoUnit
		r := scoring.Score(&f, &prof)
		sum := store.Summary{ExecutionRate: r.ExecutionRate.Fixed(2), Total: r.Total.Fixed(2), Grade: r.Grade}
		if _, err := st.CreateForm(ctx, f, unit.ID, prof.Name, sum, staffID); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "selfeval: loaded %d demo forms of 2022\n", len(forms))
	return nil
}

func randomPassword() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}
