package form

// Run is a run of consecutive indicator rows with the same level-1 label (and, for the runs
// in Sub, the same level-2 label within it): what the official table merges into one cell.
type Run struct {
	Label    string
	From, To int   // rows From … To-1
	Sub      []Run // the level-2 runs of a level-1 run; nil in a level-2 run
}

// LabelRuns are the level-1 runs of the rows, each with its level-2 runs: the grouping the
// print, the workbook and the editor's subtotals all show.
func LabelRuns(rows []Indicator) []Run {
	var out []Run
	for i := 0; i < len(rows); {
		j := i + 1
		for j < len(rows) && rows[j].Level1 == rows[i].Level1 {
			j++
		}
		r := Run{Label: rows[i].Level1, From: i, To: j}
		for k := i; k < j; {
			m := k + 1
			for m < j && rows[m].Level2 == rows[k].Level2 {
				m++
			}
			r.Sub = append(r.Sub, Run{Label: rows[k].Level2, From: k, To: m})
			k = m
		}
		out = append(out, r)
		i = j
	}
	return out
}
