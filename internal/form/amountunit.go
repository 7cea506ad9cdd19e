package form

import (
	"strings"

	"selfeval/internal/decimal"
)

// AmountUnit is the unit a form's amounts are written in (项目资金（元） or （万元）).
// Rates and scores do not depend on it: the execution rate is a ratio of two amounts in the
// same unit.
type AmountUnit string

// The units of amounts. The empty unit is 元: every form made before units existed is in 元.
const (
	Yuan    AmountUnit = "元"
	WanYuan AmountUnit = "万元"
)

// PathAmountUnit is the interchange path of the form's unit of amounts.
const PathAmountUnit = "amount_unit"

// Unit returns u as a known unit: "" is 元.
func (u AmountUnit) Unit() AmountUnit {
	if u == "" {
		return Yuan
	}
	return u
}

// Known reports whether u is a unit amounts may be written in ("" counts as 元).
func (u AmountUnit) Known() bool { return u == "" || u == Yuan || u == WanYuan }

// Places is the most decimal places an amount in u holds: 2 in 元 (cents), 6 in 万元 (which
// is also a cent: 0.000001 万元 = 0.01 元).
func (u AmountUnit) Places() int {
	if u == WanYuan {
		return 6
	}
	return AmountPlaces
}

// ParseAmountUnit reads a unit as written in a header or a cell: "元", "万元", "（万元）",
// "单位：万元", "金额单位:万元". ok is false when the text names no unit.
func ParseAmountUnit(s string) (AmountUnit, bool) {
	s = strings.Trim(Squeeze(s), " ()（）[]【】")
	for _, p := range []string{"金额单位", "单位"} {
		if rest, found := strings.CutPrefix(s, p); found {
			s = strings.Trim(rest, " :：")
		}
	}
	switch s {
	case "元", "人民币元":
		return Yuan, true
	case "万元", "人民币万元":
		return WanYuan, true
	}
	return "", false
}

// UnitInLabel finds the unit a header label states in brackets: "项目资金（万元）" gives 万元,
// "项目资金（元）" 元. ok is false when the label states none.
func UnitInLabel(label string) (AmountUnit, bool) {
	s := Squeeze(label)
	for _, open := range []string{"（", "("} {
		i := strings.LastIndex(s, open)
		if i < 0 {
			continue
		}
		inner := s[i+len(open):]
		if j := strings.IndexAny(inner, ")）"); j >= 0 {
			inner = inner[:j]
		}
		if u, ok := ParseAmountUnit(inner); ok {
			return u, true
		}
	}
	return "", false
}

// ParseAmountIn reads an amount written in unit u, as ParseAmount does for 元: at most
// u.Places() decimals, and the unit itself may follow the number ("207.4538万元").
func ParseAmountIn(s string, u AmountUnit) (decimal.Dec, error) {
	if u.Unit() == Yuan {
		return ParseAmount(s)
	}
	t := strings.TrimRight(s, " \u3000")
	if rest, ok := strings.CutSuffix(t, "万元"); ok && strings.TrimSpace(rest) != "" {
		s = rest
	}
	return parseTyped(s, u.Places(), false)
}

// ShowAmountIn is how an amount in unit u is shown: grouped, with two places in 元 and two
// to six in 万元 (207.4538 stays 207.4538, 12.5 becomes 12.50), and the text as typed when
// it is no amount.
func ShowAmountIn(s string, u AmountUnit) string {
	d, err := ParseAmountIn(s, u)
	if err != nil {
		return s
	}
	return GroupedIn(d, u)
}

// GroupedIn writes d as amounts in unit u are shown: 1,234,567.00 in 元; in 万元 with the
// places the value needs, at least two and at most six.
func GroupedIn(d decimal.Dec, u AmountUnit) string {
	if u.Unit() == Yuan {
		return d.Grouped(2)
	}
	return d.Grouped(max(2, d.Scale()))
}
