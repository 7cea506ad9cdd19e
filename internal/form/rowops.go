package form

import (
	"strconv"
	"strings"
)

// ApplyRowOp applies a row operation posted by a button ("add:3", "del:3", "up:3", "down:3")
// and returns the row to show afterwards. A new row takes the labels of the row above it.
// The page's script also sends "keep:N" (keep the first N rows: undoing a paste that added
// rows) and "paste" (rows were added by posting their fields: nothing to do).
func ApplyRowOp(f *Form, op string) int {
	verb, idx, ok := strings.Cut(op, ":")
	switch {
	case op == "paste":
		return -1
	case verb == "keep":
		if n, err := strconv.Atoi(idx); err == nil && n >= 0 && n < len(f.Indicators) {
			f.Indicators = f.Indicators[:n]
		}
		return -1
	}
	i, err := strconv.Atoi(idx)
	if !ok || err != nil || i < -1 || i >= len(f.Indicators) {
		return -1
	}
	rows := f.Indicators
	switch verb {
	case "add":
		if len(rows) >= MaxRows {
			return -1
		}
		var row Indicator
		if i >= 0 {
			row.Level1, row.Level2 = rows[i].Level1, rows[i].Level2
		}
		rows = append(rows[:i+1], append([]Indicator{row}, rows[i+1:]...)...)
		i++
	case "del":
		if i < 0 {
			return -1
		}
		rows = append(rows[:i], rows[i+1:]...)
		i = min(i, len(rows)-1)
	case "up":
		if i > 0 {
			rows[i-1], rows[i] = rows[i], rows[i-1]
			i--
		}
	case "down":
		if i >= 0 && i+1 < len(rows) {
			rows[i], rows[i+1] = rows[i+1], rows[i]
			i++
		}
	default:
		return -1
	}
	f.Indicators = rows
	return i
}

// KeepTypedAmounts keeps the stored text of an amount when the posted text is the same
// amount written differently ("195000" shown as "195,000.00"), so formatting is not a change.
// Both are read in unit u, the posted form's.
func KeepTypedAmounts(stored, posted *Funds, u AmountUnit) {
	for _, name := range FundsRowNames {
		s, p := stored.Row(name), posted.Row(name)
		for _, pair := range [3][2]*string{{&s.Initial, &p.Initial}, {&s.Adjusted, &p.Adjusted}, {&s.Executed, &p.Executed}} {
			if *pair[0] == *pair[1] {
				continue
			}
			a, errA := ParseAmountIn(*pair[0], u)
			b, errB := ParseAmountIn(*pair[1], u)
			if errA == nil && errB == nil && a.Cmp(b) == 0 {
				*pair[1] = *pair[0]
			}
		}
	}
}
