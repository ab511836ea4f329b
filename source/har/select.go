package har

import (
	"strconv"
	"strings"
)

// Selector picks one entry of a log. Fields that are zero are not used;
// the zero Selector picks the only entry of a one-entry log.
type Selector struct {
	// Index is the 1-based position of the entry in the file; 0 = not set.
	Index int
	// URLContains keeps entries whose URL contains it.
	URLContains string
	// Status keeps entries whose recorded response had this status.
	Status int
}

func (s Selector) matches(e *Entry) bool {
	if s.URLContains != "" && !strings.Contains(e.Request.URL, s.URLContains) {
		return false
	}
	return s.Status == 0 || e.Response.Status == s.Status
}

// describe names the criteria without quoting the URL filter, which may
// hold part of a credential.
func (s Selector) describe() string {
	var parts []string
	if s.URLContains != "" {
		parts = append(parts, "the URL filter")
	}
	if s.Status != 0 {
		parts = append(parts, "status "+strconv.Itoa(s.Status))
	}
	return strings.Join(parts, " and ")
}

// SelectError says why no single entry was selected. Matches holds the
// 1-based indexes of the entries that matched, so a caller can list them.
type SelectError struct {
	// Total is the number of entries in the file.
	Total int
	// Matches are the 1-based indexes of matching entries; empty when
	// none matched.
	Matches []int
	// Index is the index asked for when it does not exist or does not
	// match; 0 otherwise.
	Index int
	// Criteria describes the filters, e.g. "status 401".
	Criteria string
}

// maxListed bounds how many matching indexes the message lists.
const maxListed = 10

// Error says how many entries matched and suggests --entry N.
func (e *SelectError) Error() string {
	entries := plural(e.Total, "entry", "entries")
	switch {
	case e.Total == 0:
		return "har: the file has no entries"
	case e.Index != 0 && (e.Index < 1 || e.Index > e.Total):
		return "har: entry " + strconv.Itoa(e.Index) + " does not exist; the file has " + entries
	case e.Index != 0:
		return "har: entry " + strconv.Itoa(e.Index) + " does not match " + e.Criteria
	case len(e.Matches) == 0:
		return "har: none of the file's " + entries + " matches " + e.Criteria
	}
	var ids []string
	for i, m := range e.Matches {
		if i == maxListed {
			ids = append(ids, "…")
			break
		}
		ids = append(ids, strconv.Itoa(m))
	}
	what := strconv.Itoa(len(e.Matches)) + " of " + entries + " match"
	if e.Criteria == "" {
		what = "the file has " + entries
	}
	return "har: " + what + "; choose one with --entry N (" + strings.Join(ids, ", ") + ")"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// Select returns the one entry sel picks and its 1-based index. When
// none or several match, the error is a *SelectError that counts the
// matches and suggests --entry N.
func (l *Log) Select(sel Selector) (int, *Entry, error) {
	n := len(l.Entries)
	if n == 0 {
		return 0, nil, &SelectError{}
	}
	if sel.Index != 0 {
		if sel.Index < 1 || sel.Index > n {
			return 0, nil, &SelectError{Total: n, Index: sel.Index}
		}
		e := &l.Entries[sel.Index-1]
		if !sel.matches(e) {
			return 0, nil, &SelectError{Total: n, Index: sel.Index, Criteria: sel.describe()}
		}
		return sel.Index, e, nil
	}
	var matches []int
	for i := range l.Entries {
		if sel.matches(&l.Entries[i]) {
			matches = append(matches, i+1)
		}
	}
	if len(matches) != 1 {
		return 0, nil, &SelectError{Total: n, Matches: matches, Criteria: sel.describe()}
	}
	return matches[0], &l.Entries[matches[0]-1], nil
}
