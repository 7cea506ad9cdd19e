package form

import (
	"errors"
	"testing"
)

// TestParseAmountIn: in 万元 an amount has up to six decimals (207.4538, a cent is 0.000001)
// and may end with 万元; in 元 the rules of ParseAmount hold.
func TestParseAmountIn(t *testing.T) {
	for _, tt := range []struct {
		in   string
		unit AmountUnit
		want string
		err  error
	}{
		{"207.4538", WanYuan, "207.4538", nil},
		{"207.4538万元", WanYuan, "207.4538", nil},
		{"1,207.453812", WanYuan, "1207.453812", nil},
		{"0.0000001", WanYuan, "", ErrTooPrecise},
		{"207.4538", Yuan, "", ErrTooPrecise},
		{"207.4538", "", "", ErrTooPrecise},
		{"195000元", Yuan, "195000", nil},
		{"万元", WanYuan, "", ErrNotNumber},
		{"5万", Yuan, "", ErrNotNumber},
	} {
		got, err := ParseAmountIn(tt.in, tt.unit)
		if !errors.Is(err, tt.err) || (tt.err == nil && got.String() != tt.want) {
			t.Errorf("ParseAmountIn(%q, %q) = %s, %v; want %s, %v", tt.in, tt.unit, got, err, tt.want, tt.err)
		}
	}
}

// TestShowAmountIn: 元 shows two places; 万元 the places the amount has, two to six.
func TestShowAmountIn(t *testing.T) {
	for _, tt := range []struct {
		in   string
		unit AmountUnit
		want string
	}{
		{"207.4538", WanYuan, "207.4538"},
		{"12.5", WanYuan, "12.50"},
		{"1234567", WanYuan, "1,234,567.00"},
		{"0.000001", WanYuan, "0.000001"},
		{"1234567.5", Yuan, "1,234,567.50"},
		{"七万", WanYuan, "七万"},
	} {
		if got := ShowAmountIn(tt.in, tt.unit); got != tt.want {
			t.Errorf("ShowAmountIn(%q, %q) = %q, want %q", tt.in, tt.unit, got, tt.want)
		}
	}
}

// TestUnitInLabel: the unit a header states, in either bracket width and with 单位：.
func TestUnitInLabel(t *testing.T) {
	for in, want := range map[string]AmountUnit{
		"项目资金（万元）": WanYuan, "项目资金 (元)": Yuan, "年度预算数(万元)": WanYuan, "项目资金（单位：万元）": WanYuan,
		"项目资金": "", "实施单位（盖章）": "",
	} {
		got, ok := UnitInLabel(in)
		if got != want || ok != (want != "") {
			t.Errorf("UnitInLabel(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for in, want := range map[string]AmountUnit{"单位：万元": WanYuan, "金额单位:元": Yuan, "（万元）": WanYuan, "单位": ""} {
		if got, _ := ParseAmountUnit(in); got != want {
			t.Errorf("ParseAmountUnit(%q) = %q, want %q", in, got, want)
		}
	}
}
