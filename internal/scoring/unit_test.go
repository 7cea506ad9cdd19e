package scoring

import (
	"testing"

	"selfeval/internal/form"
)

// TestScoreAmountUnit: the execution rate and budget score do not depend on the unit of the
// amounts (207.4538 万元 is 2,074,538 元); an amount in 万元 with seven decimals is an error
// saying six, and an unknown unit is an error at amount_unit.
func TestScoreAmountUnit(t *testing.T) {
	wan := form.Form{Year: 2022, AmountUnit: form.WanYuan, Funds: form.Funds{
		Total:  form.FundsRow{Adjusted: "207.4538", Executed: "200.1234"},
		Fiscal: form.FundsRow{Adjusted: "207.4538", Executed: "200.1234"}}}
	yuan := form.Form{Year: 2022, Funds: form.Funds{
		Total:  form.FundsRow{Adjusted: "2074538", Executed: "2001234"},
		Fiscal: form.FundsRow{Adjusted: "2074538", Executed: "2001234"}}}
	a, b := Score(&wan, &Default), Score(&yuan, &Default)
	if a.ExecutionRate != b.ExecutionRate || a.BudgetScore != b.BudgetScore || a.ExecutionRate.Fixed(2) != "96.47" {
		t.Errorf("万元: %s%%, %s; 元: %s%%, %s; want the same, 96.47%%", a.ExecutionRate, a.BudgetScore, b.ExecutionRate, b.BudgetScore)
	}
	for _, p := range a.Problems {
		if p.Field == "funds.total.adjusted" || p.Field == form.PathAmountUnit {
			t.Errorf("problem %+v in a form in 万元", p)
		}
	}
	codes := func(r Result, field string) (out []string) {
		for _, p := range r.Problems {
			if p.Field == field && p.Severity == Error {
				out = append(out, p.Code)
			}
		}
		return out
	}
	wan.Funds.Total.Executed = "200.1234567"
	if got := codes(Score(&wan, &Default), "funds.total.executed"); len(got) != 1 || got[0] != "amount.precision_wan" {
		t.Errorf("seven decimals in 万元: %v", got)
	}
	wan.AmountUnit = "千元"
	if got := codes(Score(&wan, &Default), form.PathAmountUnit); len(got) != 1 || got[0] != "amount_unit.unknown" {
		t.Errorf("an unknown unit: %v", got)
	}
}
