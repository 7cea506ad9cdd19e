package views

// barWidth is the length of a bar of n in a chart of bars: 200 for the longest, at least 2
// for any bar that is not 0.
func barWidth(n int, bars []Bar) int {
	most := 0
	for _, b := range bars {
		most = max(most, b.N)
	}
	if n == 0 || most == 0 {
		return 0
	}
	return max(2, n*200/most)
}

// flagBars are the flags as the bars of a chart.
func flagBars(flags []FlagBar) []Bar {
	out := make([]Bar, len(flags))
	for i, f := range flags {
		out[i] = Bar{Label: f.Label, N: f.N}
	}
	return out
}

// segment is one part of a unit's progress bar.
type segment struct {
	X, W  int
	Class string
}

// segments lays the unit's approved, submitted, returned and draft forms along 200 units.
func segments(u UnitRow) []segment {
	if u.Forms == 0 {
		return nil
	}
	var out []segment
	x := 0
	for _, s := range []struct {
		n     int
		class string
	}{{u.Approved, "seg-approved"}, {u.Submitted, "seg-submitted"}, {u.Returned, "seg-returned"}, {u.Draft, "seg-draft"}} {
		if s.n == 0 {
			continue
		}
		w := s.n * 200 / u.Forms
		out = append(out, segment{X: x, W: w, Class: s.class})
		x += w
	}
	return out
}
