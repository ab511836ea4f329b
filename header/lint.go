package header

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Code identifies a kind of Issue. Codes are stable kebab-case strings.
type Code string

// Codes reported by LintAuthorization and LintValue.
const (
	// CodeCtlByte marks a control byte (0x00–0x1F, 0x7F), such as the trailing
	// LF a token file or `echo` leaves. Go refuses to send it; other stacks
	// send it and get 401.
	CodeCtlByte Code = "ctl-byte"
	// CodeTrailingSpace marks spaces after the value.
	CodeTrailingSpace Code = "trailing-space"
	// CodeLeadingSpace marks spaces before the value.
	CodeLeadingSpace Code = "leading-space"
	// CodeInnerSpace marks whitespace inside the credentials, or more than one
	// space between the scheme and the credentials.
	CodeInnerSpace Code = "inner-space"
	// CodeQuoted marks a value or credentials wrapped in quotes, as
	// copied from an .env file or JSON.
	CodeQuoted Code = "quoted"
	// CodeLookalike marks a non-ASCII character, usually from a word processor
	// or chat client: no-break or zero-width spaces, curly quotes, dashes.
	CodeLookalike Code = "lookalike"
	// CodeDoubleScheme marks credentials that start with a scheme word again
	// ("Bearer Bearer x", "Bearer Basic x").
	CodeDoubleScheme Code = "double-scheme"
	// CodePastedHeader marks a header line pasted as the value or the
	// credentials ("Bearer Authorization: Bearer x").
	CodePastedHeader Code = "pasted-header"
	// CodeSchemeColon marks a colon after the scheme ("Bearer: x", "Bearer:x").
	CodeSchemeColon Code = "scheme-colon"
	// CodeNoSpace marks a known scheme glued to the credentials ("Bearerabc…").
	CodeNoSpace Code = "no-space"
	// CodeNoScheme marks a bare credential without a scheme word.
	CodeNoScheme Code = "no-scheme"
	// CodeEmptyCredentials marks a scheme and no credentials, or an empty value.
	CodeEmptyCredentials Code = "empty-credentials"
	// CodeSchemeCase marks a known scheme in non-canonical case ("bearer").
	// RFC 9110 §11.1 makes schemes case-insensitive, so this is a note;
	// some servers compare them exactly.
	CodeSchemeCase Code = "scheme-case"
	// CodeNotToken68 marks credentials holding characters a token68 may not
	// (RFC 9110 §11.2) and no other issue explains them.
	CodeNotToken68 Code = "not-token68"
	// CodeMultipleSchemes marks a comma followed by a second scheme and
	// credential ("Bearer a, Basic b").
	CodeMultipleSchemes Code = "multiple-schemes"
)

// Codes reported by LintName.
const (
	// CodeNameEmpty marks an empty header name.
	CodeNameEmpty Code = "name-empty"
	// CodeNameUnderscore marks an underscore in the name; nginx drops such
	// headers unless underscores_in_headers is on, and Apache 2.4 drops them
	// when it maps headers to the environment.
	CodeNameUnderscore Code = "name-underscore"
	// CodeNameSpace marks whitespace in or around the name, often a header
	// written without its colon ("Authorization Bearer x").
	CodeNameSpace Code = "name-space"
	// CodeNameColon marks a colon in the name: part of "Name: value" ended up in
	// the name.
	CodeNameColon Code = "name-colon"
	// CodeNameInvalid marks another byte a header name (a token) may not hold.
	CodeNameInvalid Code = "name-invalid"
)

// Issue is one problem found in a header name or value.
type Issue struct {
	Code Code
	// Offset is the byte offset in the value (or name) the issue is about;
	// it may equal the length for something missing at the end, and is -1
	// when no position applies.
	Offset int
	// Detail says what was found in one line. It never contains any part
	// of the credential: only positions, lengths, byte and character names,
	// known scheme words and header names.
	Detail string
}

// Split splits an Authorization value into its scheme and credentials
// (RFC 9110 §11.6.2: auth-scheme 1*SP credentials), after trimming the
// optional whitespace around the field value. ok is false, and both strings
// empty, when the value does not start with a scheme word (a token)
// followed by a space.
func Split(value string) (scheme, credentials string, ok bool) {
	v := strings.Trim(value, " \t")
	i := 0
	for i < len(v) && isTchar(v[i]) {
		i++
	}
	if i == 0 || i == len(v) || v[i] != ' ' {
		return "", "", false
	}
	return v[:i], strings.TrimLeft(v[i:], " "), true
}

// LintAuthorization checks the value of an Authorization (or
// Proxy-Authorization) header. Issues are ordered by offset, then code.
func LintAuthorization(value string) []Issue { return issues(analyse(value, true)) }

// LintValue checks the value of any other credential header (X-API-Key,
// Api-Key, a cookie value…): the same byte, space, quote and look-alike
// checks as LintAuthorization, without the scheme rules.
func LintValue(value string) []Issue { return issues(analyse(value, false)) }

// LintName checks a header name for what makes servers drop or misread it:
// underscores, spaces, colons, other non-token bytes, emptiness. Details
// hold positions only, never the name, since a mangled name may hold a
// pasted value.
func LintName(name string) []Issue {
	if name == "" {
		return []Issue{{Code: CodeNameEmpty, Offset: -1, Detail: "header name is empty"}}
	}
	type tally struct {
		first, n int
	}
	count := map[Code]*tally{}
	order := []Code{CodeNameUnderscore, CodeNameSpace, CodeNameColon, CodeNameInvalid}
	for i := 0; i < len(name); i++ {
		var c Code
		switch b := name[i]; {
		case b == '_':
			c = CodeNameUnderscore
		case b == ' ' || isSpaceCTL(b):
			c = CodeNameSpace
		case b == ':':
			c = CodeNameColon
		case !isTchar(b):
			c = CodeNameInvalid
		default:
			continue
		}
		if t, ok := count[c]; ok {
			t.n++
		} else {
			count[c] = &tally{first: i, n: 1}
		}
	}
	var out []Issue
	for _, c := range order {
		t, ok := count[c]
		if !ok {
			continue
		}
		var d string
		switch c {
		case CodeNameUnderscore:
			d = fmt.Sprintf("%s in the header name, first at byte %d; nginx drops such headers unless underscores_in_headers is on, and Apache 2.4 drops them", plural(t.n, "underscore"), t.first)
		case CodeNameSpace:
			d = fmt.Sprintf("%s in or around the header name, first at byte %d; was the colon after the name lost?", plural(t.n, "whitespace byte"), t.first)
		case CodeNameColon:
			d = fmt.Sprintf("colon in the header name at byte %d; the name should stop before the colon", t.first)
		case CodeNameInvalid:
			d = fmt.Sprintf("%s not allowed in a header name, first at byte %d", plural(t.n, "byte"), t.first)
		}
		out = append(out, Issue{Code: c, Offset: t.first, Detail: d})
	}
	sortIssues(out)
	return out
}

// Fix returns the value corrected for the fixable issues among issues,
// for a confirmation request. It trims surrounding whitespace and control
// bytes, removes inner control bytes, removes wrapping quotes, replaces
// look-alike spaces and removes zero-width characters, collapses a doubled
// scheme to the first one, drops a pasted "Authorization:", turns "Bearer:"
// into "Bearer ", inserts the missing space after a glued scheme, collapses
// several spaces after the scheme to one and writes a known scheme in its
// canonical case. It never invents a scheme: a value whose only issue is
// no-scheme comes back unchanged with changed false.
//
// Only the codes present in issues are fixed, so a caller can test one
// hypothesis at a time; problems that only show once those are fixed (a
// doubled scheme inside quotes) are fixed as well. Fix is idempotent:
// fixing a fixed value with its own issues changes nothing.
func Fix(value string, issues []Issue) (fixed string, changed bool) {
	want := map[Code]bool{}
	for _, is := range issues {
		want[is.Code] = true
	}
	if len(want) == 0 {
		return value, false
	}
	fs := analyse(value, true)
	base := map[Code]bool{}
	for _, f := range fs {
		base[f.Code] = true
	}
	cur := value
	for pass := 0; pass < len(value)+8; pass++ {
		if pass > 0 {
			fs = analyse(cur, true)
		}
		var edits []edit
		for _, f := range fs {
			if want[f.Code] || !base[f.Code] {
				edits = append(edits, f.edits...)
			}
		}
		next := applyEdits(cur, edits)
		if next == cur {
			break
		}
		cur = next
	}
	return cur, cur != value
}

// edit replaces raw[start:end] with repl; start == end inserts.
type edit struct {
	start, end int
	repl       string
}

// finding is an Issue with the edits that fix it (none when it cannot be
// fixed mechanically).
type finding struct {
	Issue
	edits []edit
}

func issues(fs []finding) []Issue {
	if len(fs) == 0 {
		return nil
	}
	out := make([]Issue, len(fs))
	for i, f := range fs {
		out[i] = f.Issue
	}
	sortIssues(out)
	return out
}

func sortIssues(is []Issue) {
	sort.SliceStable(is, func(i, j int) bool {
		if is[i].Offset != is[j].Offset {
			return is[i].Offset < is[j].Offset
		}
		if is[i].Code != is[j].Code {
			return is[i].Code < is[j].Code
		}
		return is[i].Detail < is[j].Detail
	})
}

// applyEdits applies edits in order of position, skipping any that overlap
// one already applied; the next pass of Fix picks those up.
func applyEdits(s string, edits []edit) string {
	if len(edits) == 0 {
		return s
	}
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].start != edits[j].start {
			return edits[i].start < edits[j].start
		}
		return edits[i].end < edits[j].end
	})
	var b strings.Builder
	last := 0
	for _, e := range edits {
		if e.start < last {
			continue
		}
		b.WriteString(s[last:e.start])
		b.WriteString(e.repl)
		last = e.end
	}
	b.WriteString(s[last:])
	return b.String()
}

// span is the raw byte range a byte of the cleaned value came from.
type span struct{ start, end int }

// analysis holds the state of one lint run.
type analysis struct {
	raw string
	fs  []finding
	// explained marks raw bytes that a byte-level finding already covers,
	// so not-token68 does not report them again.
	explained []bool
}

func (a *analysis) add(c Code, off int, detail string, edits ...edit) {
	a.fs = append(a.fs, finding{Issue: Issue{Code: c, Offset: off, Detail: detail}, edits: edits})
}

func (a *analysis) explain(start, end int) {
	for i := start; i < end; i++ {
		a.explained[i] = true
	}
}

// analyse lints raw. The byte-level checks run on raw; the scheme checks
// (auth) run on the cleaned value, the one the byte-level fixes would
// produce, so that both see the same thing Fix will, and their edits are
// mapped back to raw offsets.
func analyse(raw string, auth bool) []finding {
	a := &analysis{raw: raw, explained: make([]bool, len(raw))}
	if raw == "" {
		a.add(CodeEmptyCredentials, -1, "value is empty")
		return a.fs
	}
	lo, hi := a.edgesAndQuotes()
	a.inner(lo, hi)
	clean, src := cleaned(raw, a.fs)
	if auth {
		s := schemeAnalysis{a: a, c: clean, src: src}
		s.run()
	} else {
		a.valueSpaces(clean, src)
	}
	a.dropCovered()
	return a.fs
}

// isEdgeRune reports whether r is trimmed from the ends of a value:
// whitespace, control bytes, look-alike spaces and zero-width characters.
func isEdgeRune(r rune) bool {
	if r < 0x80 {
		return r == ' ' || isCTL(byte(r))
	}
	_, k := lookalike(r)
	return k == kindSpace || k == kindInvisible
}

// edgesAndQuotes reports and marks for deletion what surrounds the value:
// whitespace, control bytes and wrapping quotes, repeatedly, so that
// ` "token"\n` loses all three layers. It returns the bounds of the rest.
func (a *analysis) edgesAndQuotes() (lo, hi int) {
	lo, hi = 0, len(a.raw)
	for depth := 0; ; depth++ {
		i := lo
		for i < hi {
			r, n := utf8.DecodeRuneInString(a.raw[i:hi])
			if !isEdgeRune(r) || r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		j := hi
		for j > i {
			r, n := utf8.DecodeLastRuneInString(a.raw[i:j])
			if !isEdgeRune(r) || r == utf8.RuneError && n <= 1 {
				break
			}
			j -= n
		}
		inside := ""
		if depth > 0 {
			inside = " inside the quotes"
		}
		a.edgeRun(lo, i, "leading", inside)
		a.edgeRun(j, hi, "trailing", inside)
		lo, hi = i, j
		q1, n1 := utf8.DecodeRuneInString(a.raw[lo:hi])
		q2, n2 := utf8.DecodeLastRuneInString(a.raw[lo:hi])
		if hi-lo < n1+n2 || quoteClass(q1) == 0 || quoteClass(q1) != quoteClass(q2) {
			return lo, hi
		}
		a.add(CodeQuoted, lo, fmt.Sprintf("value is wrapped in %s (bytes %d and %d)", quoteWords(q1, q2), lo, hi-n2),
			edit{lo, lo + n1, ""}, edit{hi - n2, hi, ""})
		a.explain(lo, lo+n1)
		a.explain(hi-n2, hi)
		lo, hi = lo+n1, hi-n2
	}
}

// quoteWords names a pair of wrapping quotes.
func quoteWords(q1, q2 rune) string {
	kind := "double quotes"
	if quoteClass(q1) == 2 {
		kind = "single quotes"
	}
	if q1 >= 0x80 || q2 >= 0x80 {
		return "curly " + kind
	}
	return kind
}

// edgeRun reports the bytes of raw[start:end], all edge runes, as leading
// or trailing: each run of control bytes, the spaces together, each run of
// one look-alike character. All are deleted by Fix.
func (a *analysis) edgeRun(start, end int, where, inside string) {
	if start >= end {
		return
	}
	spaces, firstSpace := 0, -1
	var spaceEdits []edit
	for i := start; i < end; {
		c := a.raw[i]
		switch {
		case c == ' ':
			j := i
			for j < end && a.raw[j] == ' ' {
				j++
			}
			if firstSpace < 0 {
				firstSpace = i
			}
			spaces += j - i
			spaceEdits = append(spaceEdits, edit{i, j, ""})
			i = j
		case isCTL(c):
			j := i
			for j < end && isCTL(a.raw[j]) {
				j++
			}
			a.ctlRun(i, j, where+" ", inside, edit{i, j, ""})
			i = j
		default:
			r, n := utf8.DecodeRuneInString(a.raw[i:end])
			j := i + n
			count := 1
			for j < end {
				r2, n2 := utf8.DecodeRuneInString(a.raw[j:end])
				if r2 != r {
					break
				}
				j += n2
				count++
			}
			name, _ := lookalike(r)
			a.add(CodeLookalike, i, fmt.Sprintf("%s %s%s %s", where, countName(count, name), inside, at(i, j-i)), edit{i, j, ""})
			a.explain(i, j)
			i = j
		}
	}
	if spaces > 0 {
		code := CodeLeadingSpace
		if where == "trailing" {
			code = CodeTrailingSpace
		}
		a.add(code, firstSpace, fmt.Sprintf("%d %s%s from byte %d", spaces, spaceWord(where, spaces), inside, firstSpace), spaceEdits...)
	}
}

func spaceWord(where string, n int) string {
	if n == 1 {
		return where + " space"
	}
	return where + " spaces"
}

// countName is "no-break space U+00A0" or "3 × no-break space U+00A0".
func countName(n int, name string) string {
	if n == 1 {
		return name
	}
	return fmt.Sprintf("%d × %s", n, name)
}

// ctlRun reports raw[i:j], a run of control bytes, naming up to four of
// them ("trailing CR LF at bytes 811-812").
func (a *analysis) ctlRun(i, j int, where, inside string, e edit) {
	n := j - i
	var names string
	if n <= 4 {
		parts := make([]string, 0, n)
		for k := i; k < j; k++ {
			parts = append(parts, ctlName(a.raw[k]))
		}
		names = strings.Join(parts, " ")
	} else {
		names = fmt.Sprintf("%d control bytes starting with %s", n, ctlName(a.raw[i]))
	}
	a.add(CodeCtlByte, i, fmt.Sprintf("%s%s%s %s", where, names, inside, at(i, n)), e)
	a.explain(i, j)
}

// inner reports control bytes and non-ASCII characters inside raw[lo:hi].
func (a *analysis) inner(lo, hi int) {
	for i := lo; i < hi; {
		c := a.raw[i]
		switch {
		case isCTL(c):
			j := i
			allSpace := true
			for j < hi && isCTL(a.raw[j]) {
				allSpace = allSpace && isSpaceCTL(a.raw[j])
				j++
			}
			// A whitespace control run right after a known scheme word
			// stands for the separating space ("Bearer\ttoken"); anywhere
			// else it is a line break inside the credential (base64 wrapped
			// every 76 characters) and goes.
			repl := ""
			if allSpace && j < hi && a.raw[j] != ' ' && isSchemeWord(a.raw[lo:i]) {
				repl = " "
			}
			a.ctlRun(i, j, "", "", edit{i, j, repl})
			i = j
		case c < 0x80:
			i++
		default:
			r, n := utf8.DecodeRuneInString(a.raw[i:hi])
			if r == utf8.RuneError && n <= 1 {
				j := i
				for j < hi {
					r2, n2 := utf8.DecodeRuneInString(a.raw[j:hi])
					if r2 != utf8.RuneError || n2 > 1 {
						break
					}
					j++
				}
				a.add(CodeLookalike, i, fmt.Sprintf("%s of invalid UTF-8 %s", plural(j-i, "byte"), at(i, j-i)))
				a.explain(i, j)
				i = j
				continue
			}
			name, kind := lookalike(r)
			j := i + n
			count := 1
			for j < hi {
				r2, n2 := utf8.DecodeRuneInString(a.raw[j:hi])
				if kind == kindOther {
					if _, k2 := lookalike(r2); r2 < 0x80 || k2 != kindOther || r2 == utf8.RuneError && n2 <= 1 {
						break
					}
				} else if r2 != r {
					break
				}
				j += n2
				count++
			}
			var e []edit
			switch kind {
			case kindSpace:
				e = []edit{{i, j, " "}}
			case kindInvisible:
				e = []edit{{i, j, ""}}
			}
			var d string
			if kind == kindOther {
				d = fmt.Sprintf("%s (%s) %s", plural(count, "non-ASCII character"), plural(j-i, "byte"), at(i, j-i))
			} else {
				d = fmt.Sprintf("%s %s", countName(count, name), at(i, j-i))
			}
			a.add(CodeLookalike, i, d, e...)
			a.explain(i, j)
			i = j
		}
	}
}

// isSchemeWord reports whether s is exactly one known scheme word.
func isSchemeWord(s string) bool { return schemeIndex(s) >= 0 }

// cleaned applies the byte-level edits found so far to raw and returns the
// result with, for each of its bytes, the raw range it came from.
func cleaned(raw string, fs []finding) (string, []span) {
	var edits []edit
	for _, f := range fs {
		edits = append(edits, f.edits...)
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var b strings.Builder
	src := make([]span, 0, len(raw))
	last := 0
	for _, e := range edits {
		if e.start < last {
			continue
		}
		for k := last; k < e.start; k++ {
			b.WriteByte(raw[k])
			src = append(src, span{k, k + 1})
		}
		for k := 0; k < len(e.repl); k++ {
			b.WriteByte(e.repl[k])
			src = append(src, span{e.start, e.end})
		}
		last = e.end
	}
	for k := last; k < len(raw); k++ {
		b.WriteByte(raw[k])
		src = append(src, span{k, k + 1})
	}
	return b.String(), src
}

// valueSpaces reports spaces inside a non-Authorization credential value.
func (a *analysis) valueSpaces(c string, src []span) {
	if c == "" {
		a.add(CodeEmptyCredentials, -1, "value holds no credential, only whitespace or quotes")
		return
	}
	n, first := 0, -1
	for i := 0; i < len(c); i++ {
		if c[i] == ' ' {
			if first < 0 {
				first = src[i].start
			}
			n++
		}
	}
	if n > 0 {
		a.add(CodeInnerSpace, first, fmt.Sprintf("%s inside the value, first at byte %d", plural(n, "space"), first))
	}
}

// dropCovered removes look-alike findings for characters that a quoted
// finding already removes (curly quotes wrapping the credentials).
func (a *analysis) dropCovered() {
	var quoted []edit
	for _, f := range a.fs {
		if f.Code == CodeQuoted {
			quoted = append(quoted, f.edits...)
		}
	}
	if len(quoted) == 0 {
		return
	}
	out := a.fs[:0]
	for _, f := range a.fs {
		covered := false
		if f.Code == CodeLookalike {
			for _, e := range quoted {
				if e.start <= f.Offset && f.Offset < e.end {
					covered = true
				}
			}
		}
		if !covered {
			out = append(out, f)
		}
	}
	a.fs = out
}
