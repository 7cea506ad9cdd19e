package form

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"selfeval/internal/decimal"
)

// Kind is what a target or actual value (年度指标值 / 实际完成值) turned out to be.
type Kind uint8

const (
	// KindEmpty is a blank value: nothing but spaces.
	KindEmpty Kind = iota
	// KindNumber is an optional operator, a number and an optional unit: "≥6000份", "100%", "0次" (rule 3).
	KindNumber
	// KindDeadline is a date, month, quarter or year end: "2022年12月底前", "11月", "四季度", "Q4" (rule 5).
	KindDeadline
	// KindRange is a span of months or quarters: "1-12月", "1月至12月", "2022年1-12月".
	KindRange
	// KindWords is anything else, compared as text (rule 4): "有效", "同比提升", "每月", "全年".
	KindWords
)

var kindNames = [...]string{"empty", "number", "deadline", "range", "words"}

// String returns the name of k: "empty", "number", "deadline", "range" or "words".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Operator is the comparison written in front of a number (rule 3).
type Operator uint8

const (
	// OpNone means no operator was written; rule 3 reads it as "at least", or as "at most" for a bare 0.
	OpNone Operator = iota
	// OpAtLeast is ≥, written "≥", ">=", "≧", "⩾", "＞=", or in words "不低于", "不少于", "大于等于"….
	// A number followed by "以上" or "及以上" with no operator in front also reads as OpAtLeast.
	OpAtLeast
	// OpMore is >, written ">", "＞", or in words "大于", "高于", "超过", "多于".
	OpMore
	// OpEqual is =, written "=", "＝", "==", "═".
	OpEqual
	// OpAtMost is ≤, written "≤", "<=", "≦", "⩽", "＜=", or in words "不高于", "不超过", "小于等于"….
	// A number followed by "以下", "及以下" or "以内" with no operator in front also reads as OpAtMost.
	OpAtMost
	// OpLess is <, written "<", "＜", or in words "小于", "低于", "少于".
	OpLess
)

var opSymbols = [...]string{"", "≥", ">", "=", "≤", "<"}

// String returns the canonical symbol of o ("≥", ">", "=", "≤", "<"), or "" for OpNone.
func (o Operator) String() string {
	if int(o) < len(opSymbols) {
		return opSymbols[o]
	}
	return "op(" + strconv.Itoa(int(o)) + ")"
}

// Period is a point in the year as deadlines are written: a month, a quarter, a half or a year end.
type Period struct {
	Year  int // 0 when no year was written
	Month int // 1–12: the last month of the period (quarter 3 → 9, 年底 → 12, 上半年 → 6)
}

// Compare compares p and q: −1 if p is earlier, 0 if the same, +1 if later. It compares
// (Year, Month) when both have a year, and the months only otherwise.
func (p Period) Compare(q Period) int {
	if p.Year != 0 && q.Year != 0 && p.Year != q.Year {
		if p.Year < q.Year {
			return -1
		}
		return 1
	}
	switch {
	case p.Month < q.Month:
		return -1
	case p.Month > q.Month:
		return 1
	}
	return 0
}

// Value is a target or actual value as ParseValue reads it. Raw always holds the text as typed;
// the other fields depend on Kind.
type Value struct {
	Raw  string // the text as typed, unchanged
	Kind Kind

	// Op is the operator written in front (any kind but KindWords and KindEmpty); Number and
	// Unit are set for KindNumber. Unit is the normalised text after the number ("份", "%",
	// "个模块", "%全覆盖"), without a trailing 以上/以下/以内 that was read as the operator.
	Op     Operator
	Number decimal.Dec
	Unit   string

	When Period // KindDeadline

	From, To Period // KindRange; To takes the year of From when it has none

	Words string // KindWords: the normalised text (Normalize)
}

// Reverse reports whether v is a reverse target of rule 3, where less is better: a number with
// ≤ or <, or a bare (or "=") target of 0 such as "0次" or "0%".
func (v Value) Reverse() bool {
	if v.Kind != KindNumber {
		return false
	}
	switch v.Op {
	case OpAtMost, OpLess:
		return true
	case OpNone, OpEqual:
		return v.Number.IsZero()
	}
	return false
}

// ParseValue reads a target or an actual value (年度指标值 / 实际完成值); it never fails.
//
// The text is normalised (Normalize), then read as, in this order:
//   - KindEmpty when nothing is left;
//   - an optional operator (see Operator) followed by spaces;
//   - KindRange: [year年] month|quarter (- ~ ～ 〜 — – 至 到) [year年] month月|quarter季度, e.g.
//     "1-12月", "1月至12月", "2022年1-12月", "一至四季度";
//   - KindDeadline: "2022年12月底前", "2022年底", "2022年", "年底前", "12月", "十一月", "12月31日前",
//     "4季度", "第三季度", "Q4", "上半年", "2022-12-31"; a suffix of 份, 底/末/初/中/上旬/中旬/下旬,
//     前/以前/之前/内/以内/止/为止 and 完成 may follow. Text that starts like a date and goes on
//     with anything else ("12月完成率100%") is KindWords;
//   - KindNumber: digits with an optional fraction and 3-digit grouping commas, then the unit
//     (any text, spaces before it dropped): "≥6000份", "≧ 100 %", "18个模块", "100%全覆盖";
//   - KindWords otherwise, including negative numbers ("-5%"), numbers run into other numbers
//     ("1-12", "1.2.3", "6 000份", "1O0" with a letter O), and Chinese numerals other than months
//     and quarters ("一次").
//
// Frequencies and spans such as "每月", "每季度", "每次" and "全年" are KindWords.
func ParseValue(s string) Value {
	v := Value{Raw: s}
	n := Normalize(s)
	if n == "" {
		return v
	}
	op, rest := parseOperator(n)
	started := false
	if mayBeDate(rest) {
		if from, to, ok := parseRange(rest); ok {
			v.Kind, v.Op, v.From, v.To = KindRange, op, from, to
			return v
		}
		var when Period
		var ok bool
		when, started, ok = parseDeadline(rest)
		if ok {
			v.Kind, v.Op, v.When = KindDeadline, op, when
			return v
		}
	}
	if !started {
		if d, unit, ok := parseQuantity(rest); ok {
			if op == OpNone {
				op, unit = unitOperator(unit)
			}
			v.Kind, v.Op, v.Number, v.Unit = KindNumber, op, d, unit
			return v
		}
	}
	v.Kind, v.Words = KindWords, n
	return v
}

// operators are matched at the start of normalised text, longest first where one is a prefix of another.
var operators = [...]struct {
	text string
	op   Operator
}{
	{">=", OpAtLeast}, {"> =", OpAtLeast}, {"≥", OpAtLeast}, {"≧", OpAtLeast}, {"⩾", OpAtLeast},
	{"≮", OpAtLeast}, // 不小于: "not less than", as forms write ≮90%
	{"<=", OpAtMost}, {"< =", OpAtMost}, {"≤", OpAtMost}, {"≦", OpAtMost}, {"⩽", OpAtMost},
	{"≯", OpAtMost}, // 不大于: "not greater than", as forms write ≯5天
	{"==", OpEqual}, {"=", OpEqual}, {"═", OpEqual},
	{">", OpMore}, {"<", OpLess}, {"〉", OpMore}, {"〈", OpLess},
	{"大于等于", OpAtLeast}, {"大于或等于", OpAtLeast}, {"不低于", OpAtLeast}, {"不少于", OpAtLeast}, {"不小于", OpAtLeast},
	{"小于等于", OpAtMost}, {"小于或等于", OpAtMost}, {"不高于", OpAtMost}, {"不超过", OpAtMost},
	{"不多于", OpAtMost}, {"不大于", OpAtMost},
	{"大于", OpMore}, {"高于", OpMore}, {"超过", OpMore}, {"多于", OpMore},
	{"小于", OpLess}, {"低于", OpLess}, {"少于", OpLess},
}

// parseOperator splits normalised text into its leading operator and the rest, spaces dropped.
func parseOperator(s string) (Operator, string) {
	if s == "" {
		return OpNone, s
	}
	if c := s[0]; c < utf8.RuneSelf && c != '>' && c != '<' && c != '=' {
		return OpNone, s // fast path: digits and ASCII letters
	}
	if c := s[0]; c >= utf8.RuneSelf {
		switch r, _ := utf8.DecodeRuneInString(s); r {
		case '≥', '≧', '⩾', '≮', '≤', '≦', '⩽', '≯', '═', '〉', '〈', '大', '不', '小', '高', '超', '多', '低', '少':
		default:
			return OpNone, s // fast path: words
		}
	}
	for _, o := range operators {
		if strings.HasPrefix(s, o.text) {
			return o.op, strings.TrimLeft(s[len(o.text):], " ")
		}
	}
	return OpNone, s
}

// unitSuffixes are operators written after the number, read only when none was written in front.
var unitSuffixes = [...]struct {
	text string
	op   Operator
}{
	{"及以上", OpAtLeast}, {"或以上", OpAtLeast}, {"以上", OpAtLeast},
	{"及以下", OpAtMost}, {"或以下", OpAtMost}, {"以下", OpAtMost}, {"以内", OpAtMost},
}

// unitOperator reads a trailing 以上/以下/以内 of a unit as the operator, and strips it.
func unitOperator(unit string) (Operator, string) {
	for _, u := range unitSuffixes {
		if strings.HasSuffix(unit, u.text) {
			return u.op, strings.TrimRight(unit[:len(unit)-len(u.text)], " ")
		}
	}
	return OpNone, unit
}

// parseQuantity reads a non-negative number and the unit after it from normalised text.
// Grouping commas are accepted in groups of three ("6,000", "1,234,567.5").
func parseQuantity(s string) (decimal.Dec, string, bool) {
	if s == "" || !isDigit(s[0]) {
		return decimal.Zero, "", false
	}
	var buf [32]byte
	n, i := 0, 0
	put := func(c byte) bool {
		if n == len(buf) {
			return false
		}
		buf[n] = c
		n++
		return true
	}
	lead := 0 // digits of the first group, to tell "1,234" (grouped) from "1234,567" (not)
	for i < len(s) && isDigit(s[i]) {
		if !put(s[i]) {
			return decimal.Zero, "", false
		}
		i++
		lead++
	}
	for lead <= 3 && i+3 < len(s) && s[i] == ',' && isDigit(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3]) &&
		(i+4 == len(s) || !isDigit(s[i+4])) {
		if !put(s[i+1]) || !put(s[i+2]) || !put(s[i+3]) {
			return decimal.Zero, "", false
		}
		i += 4
	}
	if i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
		if !put('.') {
			return decimal.Zero, "", false
		}
		i++
		for i < len(s) && isDigit(s[i]) {
			if !put(s[i]) {
				return decimal.Zero, "", false
			}
			i++
		}
	}
	d, err := decimal.Parse(string(buf[:n]))
	if err != nil {
		return decimal.Zero, "", false
	}
	unit := strings.TrimLeft(s[i:], " ")
	if unit != "" {
		if isDigit(unit[0]) {
			return decimal.Zero, "", false // "6 000份": two numbers
		}
		if len(unit) > 1 && isDigit(unit[1]) && (isLetter(unit[0]) || strings.IndexByte("-~/.,:+", unit[0]) >= 0) {
			return decimal.Zero, "", false // "1-12", "1.2.3", "1,2", "3/4", "1+14", "1O0"
		}
	}
	return d, unit, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// scan is a cursor over normalised text, whose only space is ' '.
type scan struct {
	s string
	i int
}

func (c *scan) eof() bool { return c.i >= len(c.s) }

func (c *scan) sp() {
	for c.i < len(c.s) && c.s[c.i] == ' ' {
		c.i++
	}
}

func (c *scan) lit(p string) bool {
	if strings.HasPrefix(c.s[c.i:], p) {
		c.i += len(p)
		return true
	}
	return false
}

// number reads 1 to max ASCII digits that are not followed by another digit.
func (c *scan) number(max int) (int, bool) {
	j, v := c.i, 0
	for j < len(c.s) && isDigit(c.s[j]) {
		if j-c.i == max {
			return 0, false
		}
		v = v*10 + int(c.s[j]-'0')
		j++
	}
	if j == c.i {
		return 0, false
	}
	c.i = j
	return v, true
}

var cnDigits = [...]string{"一", "二", "三", "四", "五", "六", "七", "八", "九"}

// month reads a month number 1–12 in digits or Chinese numerals (一 … 十二).
func (c *scan) month() (int, bool) {
	if c.eof() {
		return 0, false
	}
	if c.s[c.i] < utf8.RuneSelf {
		save := c.i
		if m, ok := c.number(2); ok && m >= 1 && m <= 12 {
			return m, true
		}
		c.i = save
		return 0, false
	}
	if c.lit("十") {
		switch {
		case c.lit("一"):
			return 11, true
		case c.lit("二"):
			return 12, true
		}
		return 10, true
	}
	for k, d := range cnDigits {
		if c.lit(d) {
			return k + 1, true
		}
	}
	return 0, false
}

// quarterNumber reads 1–4 in a digit or a Chinese numeral.
func (c *scan) quarterNumber() (int, bool) {
	if c.eof() {
		return 0, false
	}
	if c.s[c.i] < utf8.RuneSelf {
		save := c.i
		if q, ok := c.number(1); ok && q >= 1 && q <= 4 {
			return q, true
		}
		c.i = save
		return 0, false
	}
	for k, d := range cnDigits[:4] {
		if c.lit(d) {
			return k + 1, true
		}
	}
	return 0, false
}

// quarter reads "Q4", "q4", "4季度", "四季度", "第三季度", "第3季".
func (c *scan) quarter() (int, bool) {
	save := c.i
	if c.lit("Q") || c.lit("q") {
		c.sp()
		if q, ok := c.quarterNumber(); ok {
			return q, true
		}
		c.i = save
		return 0, false
	}
	if c.lit("第") {
		c.sp()
	}
	if q, ok := c.quarterNumber(); ok {
		c.sp()
		if c.lit("季度") || c.lit("季") {
			return q, true
		}
	}
	c.i = save
	return 0, false
}

// year reads "2022年" or "2022 年", and "2022" when "Q" follows ("2022Q4"). Years are 1900–2199.
func (c *scan) year() (int, bool) {
	save := c.i
	y, ok := c.number(4)
	if ok && c.i-save == 4 && y >= 1900 && y <= 2199 {
		c.sp()
		if c.lit("年") {
			c.sp()
			return y, true
		}
		if !c.eof() && (c.s[c.i] == 'Q' || c.s[c.i] == 'q') {
			return y, true
		}
	}
	c.i = save
	return 0, false
}

// day reads an optional day of the month, "31日" or "31号", which is ignored.
func (c *scan) day() {
	save := c.i
	c.sp()
	if d, ok := c.number(2); ok && d >= 1 && d <= 31 {
		c.sp()
		if c.lit("日") || c.lit("号") {
			return
		}
	}
	c.i = save
}

// body reads the part of a deadline after the year: a half year, a year end, a quarter or a month.
func (c *scan) body() (int, bool) {
	if !c.eof() && c.s[c.i] >= utf8.RuneSelf {
		switch {
		case c.lit("上半年"):
			return 6, true
		case c.lit("下半年"), c.lit("年底"), c.lit("年末"), c.lit("年终"):
			return 12, true
		}
	}
	if q, ok := c.quarter(); ok {
		return q * 3, true
	}
	save := c.i
	if m, ok := c.month(); ok {
		c.sp()
		if c.lit("月") {
			c.day()
			return m, true
		}
	}
	c.i = save
	return 0, false
}

var (
	tailPart  = [...]string{"中旬", "上旬", "下旬", "底", "末", "初", "中", "度", "终"}
	tailLimit = [...]string{"以前", "之前", "前", "以内", "内", "为止", "止"}
)

// tail reads what may follow a deadline — 份, a part of the period (底, 末, 上旬…), a limit (前, 以内…)
// and 完成, each optional, in that order — and reports whether the text ends there.
func (c *scan) tail() bool {
	c.sp()
	if c.eof() {
		return true
	}
	c.lit("份")
	c.sp()
	for _, t := range tailPart {
		if c.lit(t) {
			break
		}
	}
	c.sp()
	for _, t := range tailLimit {
		if c.lit(t) {
			break
		}
	}
	c.sp()
	c.lit("完成")
	c.sp()
	return c.eof()
}

// mayBeDate reports whether s can start a range or a deadline: with Q, with one of
// 第 一…十 上 下 年, or with digits followed by one of - ~ / . Q 年 月 季 至 到 — – ― 〜.
// It only saves time: parseRange and parseDeadline decide.
func mayBeDate(s string) bool {
	if s == "" {
		return false
	}
	if c := s[0]; c < utf8.RuneSelf {
		if c == 'Q' || c == 'q' {
			return true
		}
		i := 0
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == 0 {
			return false
		}
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i == len(s) {
			return false
		}
		if c := s[i]; c < utf8.RuneSelf {
			return strings.IndexByte("-~/.Qq", c) >= 0
		}
		switch r, _ := utf8.DecodeRuneInString(s[i:]); r {
		case '年', '月', '季', '至', '到', '—', '–', '―', '〜':
			return true
		}
		return false
	}
	switch r, _ := utf8.DecodeRuneInString(s); r {
	case '第', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '上', '下', '年':
		return true
	}
	return false
}

// parseDeadline reads a deadline. started reports that s begins with a date (a year, month or
// quarter) even when more text follows, so that the text is not read as a number.
func parseDeadline(s string) (p Period, started, ok bool) {
	if s == "" {
		return Period{}, false, false
	}
	if p, ok := parseISODate(s); ok {
		return p, true, true
	}
	c := scan{s: s}
	y, hasYear := c.year()
	m, hasBody := c.body()
	if !hasYear && !hasBody {
		return Period{}, false, false
	}
	if !hasBody {
		m = 12 // "2022年", "2022年底前"
	}
	if !c.tail() {
		return Period{}, true, false
	}
	return Period{Year: y, Month: m}, true, true
}

// parseISODate reads "2022-12-31", "2022/12", "2022.12.31" (the dotted form only with a day),
// optionally followed by a tail.
func parseISODate(s string) (Period, bool) {
	if len(s) < 6 || !isDigit(s[0]) {
		return Period{}, false
	}
	c := scan{s: s}
	y, ok := c.number(4)
	if !ok || c.i != 4 || y < 1900 || y > 2199 {
		return Period{}, false
	}
	sep := c.s[c.i]
	if sep != '-' && sep != '/' && sep != '.' {
		return Period{}, false
	}
	c.i++
	m, ok := c.number(2)
	if !ok || m < 1 || m > 12 {
		return Period{}, false
	}
	day := false
	if c.i+1 < len(c.s) && c.s[c.i] == sep {
		c.i++
		d, ok := c.number(2)
		if !ok || d < 1 || d > 31 {
			return Period{}, false
		}
		day = true
	}
	if sep == '.' && !day {
		return Period{}, false // "2022.12" is a number
	}
	if !c.tail() {
		return Period{}, false
	}
	return Period{Year: y, Month: m}, true
}

var rangeSeps = [...]string{"-", "~", "〜", "—", "–", "―", "至", "到"}

// rangeElement reads one end of a range: a quarter, a month with 月 (and an optional day), or,
// when bare is true, a number without a unit that takes the unit of the other end.
// unit is 'Q', 'M' or 0 (bare).
func (c *scan) rangeElement(bare bool) (n int, unit byte, ok bool) {
	if q, ok := c.quarter(); ok {
		return q, 'Q', true
	}
	save := c.i
	if m, ok := c.month(); ok {
		c.sp()
		if c.lit("月") {
			c.day()
			return m, 'M', true
		}
		if bare {
			return m, 0, true
		}
	}
	c.i = save
	return 0, 0, false
}

// parseRange reads a range of months or quarters.
func parseRange(s string) (from, to Period, ok bool) {
	if s == "" {
		return from, to, false
	}
	c := scan{s: s}
	y1, _ := c.year()
	n1, u1, ok := c.rangeElement(true)
	if !ok {
		return from, to, false
	}
	c.sp()
	sep := false
	for more := true; more; {
		more = false
		for _, t := range rangeSeps {
			if c.lit(t) {
				sep, more = true, t == "-" || t == "—" || t == "–" || t == "―"
				break
			}
		}
	}
	if !sep {
		return from, to, false
	}
	c.sp()
	y2, hasY2 := c.year()
	n2, u2, ok := c.rangeElement(false)
	if !ok || !c.tail() {
		return from, to, false
	}
	switch {
	case u1 == 0 && u2 == 'Q' && n1 > 4:
		return from, to, false
	case u1 != 0 && u1 != u2:
		return from, to, false
	}
	if u2 == 'Q' {
		n1, n2 = n1*3, n2*3
	}
	if !hasY2 {
		y2 = y1
	}
	return Period{Year: y1, Month: n1}, Period{Year: y2, Month: n2}, true
}

// Equivalent reports whether two values are the same text for rule 4: equal after Normalize,
// with all spaces removed, and with the look-alike operators mapped to one form: ">=", "≧", "⩾",
// "＞=" to "≥"; "<=", "≦", "⩽", "＜=" to "≤"; "═", "＝", "==" to "=". So ">=85%" and "≥ 85 ％"
// are equivalent, and "有效" and "有 效" are, but "85%" and "85" are not.
func Equivalent(a, b string) bool {
	if a == b {
		return true
	}
	var ba, bb [128]byte
	return string(appendCanonical(ba[:0], a)) == string(appendCanonical(bb[:0], b))
}

// appendCanonical appends the form of s that Equivalent compares.
func appendCanonical(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		m, act := classify(r)
		if act == space || act == drop {
			continue
		}
		switch m {
		case '≧', '⩾', '≮':
			m = '≥'
		case '≦', '⩽', '≯':
			m = '≤'
		case '═':
			m = '='
		case '〉':
			m = '>'
		case '〈':
			m = '<'
		}
		if m == '=' && len(b) > 0 {
			switch b[len(b)-1] {
			case '>':
				b = append(b[:len(b)-1], "≥"...)
				continue
			case '<':
				b = append(b[:len(b)-1], "≤"...)
				continue
			case '=':
				continue
			}
		}
		b = utf8.AppendRune(b, m)
	}
	return b
}
