package text

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"selfeval/internal/exchange/diag"
	"selfeval/internal/form"
)

// level1Of maps every level-2 label of the vocabulary to its level-1 label: the 2022 vocabulary
// (DOMAIN.md rule 11) and the newer Shanghai one, where 成本指标 is a level 1 of its own.
var level1Of = map[string]string{
	"数量指标":      "产出指标",
	"质量指标":      "产出指标",
	"时效指标":      "产出指标",
	"成本指标":      "产出指标",
	"经济效益指标":    "效益指标",
	"社会效益指标":    "效益指标",
	"生态效益指标":    "效益指标",
	"可持续影响指标":   "效益指标",
	"服务对象满意度指标": "满意度指标",
	"经济成本指标":    "成本指标",
	"社会成本指标":    "成本指标",
	"生态环境成本指标":  "成本指标",
}

// onlyChild maps a level-1 label with a single level-2 label to that label (满意度指标).
var onlyChild = func() map[string]string {
	n := map[string]int{}
	m := map[string]string{}
	for l2, l1 := range level1Of {
		n[l1]++
		m[l1] = l2
	}
	for l1, k := range n {
		if k != 1 {
			delete(m, l1)
		}
	}
	return m
}()

// isLevel1 lists the level-1 labels.
var isLevel1 = map[string]bool{"产出指标": true, "效益指标": true, "满意度指标": true, "成本指标": true}

// isLeadFragment reports a cell of the leading 绩效指标 column: the whole label or a piece of
// it ("绩效", "指标", "绩", "效 指 标"), left where the merged cell was cut by a page break.
func isLeadFragment(sq string) bool { return sq != "" && strings.Contains("绩效指标", sq) }

func isIndicatorHeader(ln *srcLine) bool {
	return ln.find("三级指标") >= 0 && (ln.find("一级指标") >= 0 || ln.find("二级指标") >= 0)
}

// isNum reports a plain number as a weight or score is written: digits and at most one point.
func isNum(s string) bool {
	if s == "" {
		return false
	}
	digits, point := 0, false
	for _, r := range s {
		switch {
		case form.Digit(r) >= 0:
			digits++
		case (r == '.' || r == '．') && !point:
			point = true
		default:
			return false
		}
	}
	return digits > 0
}

// label is a level-1 or level-2 label and where its text physically stood.
type label struct {
	text  string
	line  int  // line it stood on
	page  int  // page it stood on
	moved bool // it stood on another row (label row, continuation, header)
}

// rawRow is an indicator row as read, before labels are resolved.
type rawRow struct {
	line, page int
	l1, l2     label // the row's own labels, "" when blank
	name       string
	target     string
	actual     string
	weight     string
	score      string
	dev        string
	remark     string // 备注, kept apart from the deviation
	shift      int
	unknown    []extra // cells before the name that are not the row's labels
	joins      []int   // lines of fragments joined into this row
}

// extra is a cell before the name that is not one of the row's two labels.
type extra struct {
	text string
	line int
	how  int // extraLabel, extraName or extraIgnored
}

const (
	extraLabel   = iota // no label of the vocabulary; kept as the row's level-1 or level-2 label
	extraName           // no label, and both labels are taken; joined to the front of the name
	extraIgnored        // a further label of the vocabulary; ignored
)

// labelEvent is a label found outside a row of its own: on a label-only row, on the
// continuation of a split row, or in the table header. after is the index of the row before it
// (-1 when none).
type labelEvent struct {
	after  int
	l1, l2 label
}

// columns are where the cells of an indicator row stand, as offsets from its 分值 column,
// read from the header by their labels: 年度指标值 (or the split 指标性质 / 指标值 / 度量单位),
// 实际完成值, 得分, 偏差原因分析及改进措施 and 备注. Columns of other labels (指标完成情况, …)
// are read into no field. absent marks a column the header lacks.
type columns struct {
	target, nature, value, unit, actual, score, dev, remark int
	// devEnd is the offset of the first column after the deviation's that the header names;
	// absent: the deviation runs to the end of the row (a copy may split it into cells).
	devEnd int
}

const absent = 1 << 20

// usualColumns are the columns of the Shanghai and national templates.
var usualColumns = columns{target: -2, nature: absent, value: absent, unit: absent, actual: -1, score: 1, dev: 2,
	remark: absent, devEnd: absent}

// headerColumns reads the columns of the indicator header ln, whose 分值 column is wcol.
func headerColumns(ln *srcLine, wcol int) columns {
	c := columns{target: absent, nature: absent, value: absent, unit: absent, actual: absent, score: absent,
		dev: absent, remark: absent, devEnd: absent}
	named := []int{}
	for i, s := range ln.sq {
		at := i - wcol
		switch s {
		case "年度指标值":
			c.target = at
		case "指标性质":
			c.nature = at
		case "指标值":
			c.value = at
		case "度量单位":
			c.unit = at
		case "实际完成值":
			c.actual = at
		case "得分":
			c.score = at
		case "偏差原因分析及改进措施":
			c.dev = at
		case "备注":
			c.remark = at
		case "", "分值":
			continue
		default:
			if i > wcol {
				named = append(named, at) // a column of another label, after the weight
			}
			continue
		}
		if i > wcol {
			named = append(named, at)
		}
	}
	if c.target == absent && c.value != absent {
		c.target = c.value
	}
	for _, at := range named {
		if at > c.dev && at < c.devEnd {
			c.devEnd = at
		}
	}
	// A header that lost some labels (a copy, a merged cell) keeps the usual place of each.
	if c.target == absent {
		c.target = usualColumns.target
	}
	if c.actual == absent {
		c.actual = usualColumns.actual
	}
	if c.score == absent {
		c.score = usualColumns.score
	}
	if c.dev == absent {
		c.dev = max(c.score, c.actual, c.remark&^absent) + 1
	}
	return c
}

// first is the offset of the leftmost column of values (the 分值 column itself at most): the cells before it are the labels and the name.
func (c *columns) first() int {
	return min(c.target, c.nature, c.value, c.unit, c.actual, c.score, 0)
}

// target reads the target of a row whose 分值 column is w: the one column, or the split
// columns 指标性质 / 指标值 / 度量单位 joined ("≥" "95" "%" → "≥95%").
func (c *columns) readTarget(ln *srcLine, w int) string {
	if c.nature == absent && c.unit == absent {
		return ln.cell(w + c.target)
	}
	var b strings.Builder
	for _, at := range []int{c.nature, c.value, c.unit} {
		if at == absent {
			continue
		}
		v := ln.cell(w + at)
		if v == "/" || v == "／" || v == "—" {
			continue
		}
		b.WriteString(v)
	}
	return b.String()
}

// table is the indicator table of one form, being read.
type table struct {
	cols       columns
	wcol       int // 分值 column of the header
	rows       []rawRow
	events     []labelEvent
	pending    *rawRow // the first part of a row split by a page break, waiting for the rest
	afterBreak bool
	page       int
	notes      []diag.Note
}

func newTable(ln *srcLine) *table {
	t := &table{wcol: ln.find("分值"), rows: make([]rawRow, 0, 20)}
	c1, c3 := ln.find("一级指标"), ln.find("三级指标")
	if c1 < 0 {
		c1 = max(ln.find("二级指标")-1, 0)
	}
	if t.wcol < 0 {
		t.wcol = c3 + 3
	}
	t.cols = headerColumns(ln, t.wcol)
	if c1 == 0 {
		t.notes = append(t.notes, diag.Note{Code: diag.NoteNoIndicatorColumn, Line: ln.no, Field: "indicators"})
	}
	// A label in the header row's leading column (e.g. 产出指标) belongs to the first rows.
	var ev labelEvent
	for i := 0; i < c1; i++ {
		s := ln.sq[i]
		switch {
		case isLevel1[s] && ev.l1.text == "":
			ev.l1 = label{text: s, line: ln.no, moved: true}
		case level1Of[s] != "" && ev.l2.text == "":
			ev.l2 = label{text: s, line: ln.no, moved: true}
		}
	}
	if ev.l1.text != "" || ev.l2.text != "" {
		ev.after = -1
		t.events = append(t.events, ev)
	}
	return t
}

func (t *table) pageBreak() {
	if !t.afterBreak {
		t.page++
	}
	t.afterBreak = true
}

// anchor finds the 分值 column of a row: the rightmost two cells that are plain numbers as far
// apart as the header's 分值 and 得分 (adjacent in the usual templates) are 分值 and 得分.
// Without such a pair, the header's 分值 column if it holds a number; else -1.
func (t *table) anchor(ln *srcLine) int {
	if w := numberPair(ln, t.cols.score); w >= 0 {
		return w
	}
	if isNum(ln.cell(t.wcol)) {
		return t.wcol
	}
	return -1
}

// anchorPair returns the index of the rightmost two adjacent cells that are plain numbers, or -1.
func anchorPair(ln *srcLine) int { return numberPair(ln, 1) }

// numberPair returns the rightmost index i where cells i and i+d are plain numbers, or -1.
func numberPair(ln *srcLine, d int) int {
	if d <= 0 || d >= absent {
		return -1
	}
	for i := len(ln.cells) - 1 - d; i >= 0; i-- {
		if isNum(ln.cells[i]) && isNum(ln.cells[i+d]) {
			return i
		}
	}
	return -1
}

// classify splits the cells before end into labels of the vocabulary and texts.
func classify(ln *srcLine, end int) (labels []string, texts []string) {
	for i := 0; i < end && i < len(ln.cells); i++ {
		s := ln.sq[i]
		switch {
		case s == "" || isLeadFragment(s):
		case isLevel1[s] || level1Of[s] != "":
			labels = append(labels, s)
		default:
			texts = append(texts, ln.cells[i])
		}
	}
	return labels, texts
}

// setLabels gives the row its labels: known labels by the vocabulary (two labels in a row are
// level 1 then level 2), then cells that are no known label, nearest to the name first, fill
// what is still blank; what is left is joined to the front of the name.
func (r *rawRow) setLabels(labels, unknown []string, line, page int) {
	for i, s := range labels {
		asL1 := isLevel1[s] && (level1Of[s] == "" || i+1 < len(labels) && level1Of[labels[i+1]] == s)
		lb := label{text: s, line: line, page: page}
		switch {
		case asL1 && r.l1.text == "":
			r.l1 = lb
		case !asL1 && r.l2.text == "":
			r.l2 = lb
		default:
			r.unknown = append(r.unknown, extra{s, line, extraIgnored})
		}
	}
	for i := len(unknown) - 1; i >= 0; i-- {
		lb := label{text: unknown[i], line: line, page: page}
		switch {
		case r.l2.text == "" && r.l1.text == "":
			r.l2 = lb
		case r.l1.text == "":
			r.l1 = lb
		case r.l2.text == "":
			r.l2 = lb
		default:
			r.name = unknown[i] + r.name
			r.unknown = append(r.unknown, extra{unknown[i], line, extraName})
			continue
		}
		r.unknown = append(r.unknown, extra{unknown[i], line, extraLabel})
	}
}

// weightsOnly reports whether figure is the sum of the weights (the rows', with the budget
// weight when the form states one) and not a total: the rows' scores, with the budget score,
// do not add up to it, or no row has a score.
func (t *table) weightsOnly(figure, budgetWeight, budgetScore string) bool {
	n, err := form.ParseNumber(figure)
	if err != nil {
		return false
	}
	weights, _ := form.ParseNumber(budgetWeight)
	scores, _ := form.ParseNumber(budgetScore)
	scored := false
	for i := range t.rows {
		w, errW := form.ParseNumber(t.rows[i].weight)
		s, errS := form.ParseNumber(t.rows[i].score)
		if errW != nil && !errors.Is(errW, form.ErrEmpty) || errS != nil && !errors.Is(errS, form.ErrEmpty) {
			return false
		}
		weights, scores, scored = weights.Add(w), scores.Add(s), scored || errS == nil
	}
	return n.Cmp(weights) == 0 && (!scored || scores.Cmp(n) != 0)
}

// addRow reads one line of the indicator table. nextBreak says a page break follows it.
func (t *table) addRow(ln *srcLine, nextBreak bool) {
	afterBreak := t.afterBreak
	t.afterBreak = false
	r := rawRow{line: ln.no, page: t.page}
	w := t.anchor(ln)
	if w < 0 {
		labels, texts := classify(ln, len(ln.cells))
		if len(texts) <= 1 {
			r.setLabels(labels, nil, ln.no, t.page)
			switch {
			case len(texts) == 1:
				r.name = texts[0]
				t.fragment(r, afterBreak, nextBreak)
			case len(labels) > 0 && t.pending != nil: // labels between the parts of a split row
				t.pending.l1, t.pending.l2 = keep(t.pending.l1, r.l1), keep(t.pending.l2, r.l2)
			case len(labels) > 0:
				t.events = append(t.events, labelEvent{after: len(t.rows) - 1, l1: moved(r.l1), l2: moved(r.l2)})
			}
			return
		}
		w = t.wcol
	}
	r.shift = w - t.wcol
	labels, texts := classify(ln, w+t.cols.first())
	if len(texts) > 0 {
		r.name = texts[len(texts)-1]
		texts = texts[:len(texts)-1]
	}
	r.setLabels(labels, texts, ln.no, t.page)
	c := &t.cols
	r.target, r.actual, r.weight, r.score = c.readTarget(ln, w), ln.cell(w+c.actual), ln.cell(w), ln.cell(w+c.score)
	var dev []string
	for i := w + c.dev; i < len(ln.cells) && i < w+c.devEnd; i++ {
		if ln.cells[i] != "" && i != w+c.remark {
			dev = append(dev, ln.cells[i])
		}
	}
	r.dev = strings.Join(dev, " ")
	if c.remark != absent {
		r.remark = ln.cell(w + c.remark)
	}
	if p := t.pending; p != nil { // the rest of a row split before a page break
		t.pending = nil
		r.name = p.name + r.name
		r.l1, r.l2 = keep(r.l1, p.l1), keep(r.l2, p.l2)
		r.joins = append(r.joins, p.joins...)
		r.joins = append(r.joins, p.line)
		r.unknown = append(r.unknown, p.unknown...)
	}
	t.rows = append(t.rows, r)
}

// fragment places a row that holds only part of a name: after a page break it continues the
// row before; just before a page break it starts the row after.
func (t *table) fragment(r rawRow, afterBreak, nextBreak bool) {
	last := len(t.rows) - 1
	switch {
	case t.pending != nil:
		t.pending.name += r.name
		t.pending.joins = append(t.pending.joins, r.line)
		t.pending.l1, t.pending.l2 = keep(t.pending.l1, r.l1), keep(t.pending.l2, r.l2)
	case last >= 0 && (afterBreak || !nextBreak):
		p := &t.rows[last]
		p.name += r.name
		p.joins = append(p.joins, r.line)
		p.unknown = append(p.unknown, r.unknown...)
		if r.l1.text != "" || r.l2.text != "" {
			t.events = append(t.events, labelEvent{after: last, l1: moved(r.l1), l2: moved(r.l2)})
		}
	default:
		t.pending = &r
	}
}

func moved(l label) label {
	if l.text != "" {
		l.moved = true
	}
	return l
}

// keep returns own if it is set, else other.
func keep(own, other label) label {
	if own.text != "" {
		return own
	}
	return other
}

// resolve applies moved labels, fills blank labels from the row above, infers missing level-1
// labels, and returns the indicators with the notes added to notes.
func (t *table) resolve(notes []diag.Note) ([]form.Indicator, []diag.Note) {
	if t.pending != nil { // a fragment before the end of the table: it ends the last row
		p := t.pending
		t.pending = nil
		if n := len(t.rows); n > 0 {
			t.rows[n-1].name += p.name
			t.rows[n-1].joins = append(t.rows[n-1].joins, p.line)
		} else {
			t.rows = append(t.rows, *p)
		}
	}
	for _, ev := range t.events {
		t.apply(ev)
	}
	notes = append(notes, t.notes...)
	add := func(code, variant string, line int, field string, args ...string) {
		notes = append(notes, diag.Note{Code: code, Variant: variant, Line: line, Field: field, Args: args})
	}
	out := make([]form.Indicator, len(t.rows))
	var cur1, cur2 label
	// noted1, noted2: the current label was moved and the move was noted (on an earlier row).
	var noted1, noted2 bool
	for i := range t.rows {
		r := &t.rows[i]
		f := form.RowPrefix(i)
		firstOnPage := i > 0 && t.rows[i-1].page != r.page
		for _, u := range r.unknown {
			switch u.how {
			case extraLabel:
				add(diag.NoteLabelUnknown, "kept", u.line, f, u.text)
			case extraName:
				add(diag.NoteLabelUnknown, "joined", u.line, f+".name", u.text)
			default:
				add(diag.NoteLabelUnknown, "ignored", u.line, f, u.text)
			}
		}
		// level 2
		l2 := r.l2
		if l2.text == "" {
			own1 := r.l1.text
			switch {
			case cur2.text != "" && (own1 == "" || level1Of[cur2.text] == "" || level1Of[cur2.text] == own1):
				l2 = cur2
				if firstOnPage && cur2.page != r.page {
					add(diag.NoteLevel2Inherited, "", r.line, f+".level2", cur2.text)
				}
			case onlyChild[own1] != "":
				l2 = label{text: onlyChild[own1], line: r.line, page: r.page}
				add(diag.NoteLevel2Inferred, "", r.line, f+".level2", own1, l2.text)
			case cur2.text != "":
				add(diag.NoteFieldMissing, "level2_mismatch", r.line, f+".level2", cur2.text, own1)
			default:
				add(diag.NoteFieldMissing, "level2", r.line, f+".level2")
			}
		} else if l2.moved && (l2.text != cur2.text || l2.line == cur2.line && noted2) {
			noted2 = true
			add(diag.NoteLabelMoved, "level2", l2.line, f+".level2", l2.text, strconv.Itoa(l2.line))
		}
		// level 1
		l1 := r.l1
		parent := level1Of[l2.text]
		if l1.text == "" {
			switch {
			case parent != "" && (r.l2.text != "" || cur1.text == "") && parent != cur1.text:
				l1 = label{text: parent, line: r.line, page: r.page}
				if cur1.text == "" {
					add(diag.NoteLevel1Inferred, "", r.line, f+".level1", l2.text, parent)
				} else {
					add(diag.NoteLevel1Inferred, "other_group", r.line, f+".level1", l2.text, cur1.text, parent)
				}
			case cur1.text != "":
				l1 = cur1
				if firstOnPage && cur1.page != r.page {
					add(diag.NoteLevel1Inherited, "", r.line, f+".level1", cur1.text)
				}
			default:
				add(diag.NoteFieldMissing, "level1", r.line, f+".level1")
			}
		} else if l1.moved && (l1.text != cur1.text || l1.line == cur1.line && noted1) {
			noted1 = true
			add(diag.NoteLabelMoved, "level1", l1.line, f+".level1", l1.text, strconv.Itoa(l1.line))
		}
		if r.l1.text != "" && !r.l1.moved {
			noted1 = false
		}
		if r.l2.text != "" && !r.l2.moved {
			noted2 = false
		}
		cur1, cur2 = l1, l2
		if r.shift != 0 {
			add(diag.NoteColumnShifted, "", r.line, f, fmt.Sprintf("%+d", r.shift))
		}
		for _, jl := range r.joins {
			add(diag.NoteRowJoined, "", jl, f+".name", strconv.Itoa(jl), r.name)
		}
		if r.remark != "" && r.remark != "/" && r.remark != "无" {
			add(diag.NoteRemark, "", r.line, f+".deviation", r.remark)
		}
		name := removeWrapSpaces(r.name)
		if name != r.name {
			add(diag.NoteSpaceRemoved, "", r.line, f+".name", r.name)
		}
		out[i] = form.Indicator{
			Level1: l1.text, Level2: l2.text, Name: name,
			Target: r.target, Actual: r.actual, Weight: r.weight, Score: r.score, Deviation: r.dev,
		}
	}
	return out, notes
}

// apply gives the labels of a label-only row or a continuation row to the rows they belong to.
// A merged cell prints its label in its vertical middle: when the label stands after the row
// at ev.after, with k rows without a label of their own below it, it also covers up to k rows
// above it (at least one) that have none.
func (t *table) apply(ev labelEvent) {
	lv := ev.l2
	own := func(r *rawRow) label { return r.l2 }
	if lv.text == "" {
		lv = ev.l1
		own = func(r *rawRow) label { return r.l1 }
	}
	if lv.text == "" {
		return
	}
	if ev.after < 0 || own(&t.rows[ev.after]).text != "" {
		// Nothing above to take it: it heads the row below.
		if j := ev.after + 1; j < len(t.rows) {
			r := &t.rows[j]
			r.l1, r.l2 = keep(r.l1, ev.l1), keep(r.l2, ev.l2)
		}
		return
	}
	k := 0
	for j := ev.after + 1; j < len(t.rows) && own(&t.rows[j]).text == "" && t.rows[j].l1.text == ""; j++ {
		k++
	}
	k = max(k, 1)
	for j := ev.after; j >= 0 && k > 0; j-- {
		r := &t.rows[j]
		if own(r).text != "" {
			break
		}
		if ev.l2.text == "" && r.l2.text != "" && level1Of[r.l2.text] != ev.l1.text {
			break
		}
		r.l1, r.l2 = keep(r.l1, ev.l1), keep(r.l2, ev.l2)
		k--
		if r.l1.text != "" && r.l1.line == r.line {
			break // a row with a level-1 label of its own starts the merged cell
		}
	}
}

// removeWrapSpaces removes white space between two Chinese characters (or Chinese punctuation),
// which a line wrap inside a cell leaves when the text is copied.
func removeWrapSpaces(s string) string {
	if strings.IndexFunc(s, unicode.IsSpace) < 0 {
		return s
	}
	var b strings.Builder
	prev := rune(-1)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			j := i
			for j < len(s) {
				q, m := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsSpace(q) {
					break
				}
				j += m
			}
			next, _ := utf8.DecodeRuneInString(s[j:])
			if j < len(s) && isWide(prev) && isWide(next) {
				i = j
				continue
			}
			b.WriteString(s[i:j])
			i = j
			continue
		}
		b.WriteRune(r)
		prev = r
		i += n
	}
	return b.String()
}

// isWide reports a Chinese character or a CJK or full-width punctuation mark.
func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || r >= 0x3001 && r <= 0x303F || r >= 0xFF01 && r <= 0xFF60
}
