package postman

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// FindError says that a name matched no request, or several. It lists the
// candidates: the closest paths, or every path that matched.
type FindError struct {
	// Name is what was looked for.
	Name string
	// Ambiguous is true when several requests matched.
	Ambiguous bool
	// Candidates are request paths ("Folder/Sub/Name"): the ones that
	// matched when Ambiguous, else the closest ones (possibly none).
	Candidates []string
}

// Error implements error.
func (e *FindError) Error() string {
	if e.Ambiguous {
		return fmt.Sprintf("find request %q: %d requests match: %s", e.Name, len(e.Candidates), quoteList(e.Candidates))
	}
	if len(e.Candidates) == 0 {
		return fmt.Sprintf("find request %q: no such request in the collection", e.Name)
	}
	return fmt.Sprintf("find request %q: no such request; close matches: %s", e.Name, quoteList(e.Candidates))
}

func quoteList(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}

// entry is one request with its path.
type entry struct {
	path []string
	item *Item
}

func (c *Collection) entries() []entry {
	var out []entry
	var walk func(items []*Item, prefix []string)
	walk = func(items []*Item, prefix []string) {
		for _, it := range items {
			p := append(append([]string(nil), prefix...), it.Name)
			if it.folder {
				walk(it.items, p)
				continue
			}
			out = append(out, entry{path: p, item: it})
		}
	}
	walk(c.items, nil)
	return out
}

// Names returns the path of every request, "Folder/Sub/Name", in the
// collection's order.
func (c *Collection) Names() []string {
	var out []string
	for _, e := range c.entries() {
		out = append(out, strings.Join(e.path, "/"))
	}
	return out
}

// norm lower-cases a path and trims the spaces around its '/' separators,
// so "orders / get order" finds "Orders/Get order".
func norm(s string) string {
	parts := strings.Split(s, "/")
	for i, p := range parts {
		parts[i] = strings.ToLower(strings.TrimSpace(p))
	}
	return strings.Trim(strings.Join(parts, "/"), "/")
}

// maxCandidates bounds the close matches listed in an error.
const maxCandidates = 5

// Find locates a request by its name or by its path "Folder/Sub/Name",
// case-insensitively. A full path wins; otherwise a trailing part of a
// path ("Sub/Name", or the bare name) must match exactly one request. It
// returns the item and its path (folder names, then the request name), or
// a *FindError listing the close matches or the ambiguous ones.
func (c *Collection) Find(name string) (*Item, []string, error) {
	want := norm(name)
	all := c.entries()
	if want != "" {
		for _, e := range all {
			if norm(strings.Join(e.path, "/")) == want {
				return e.item, e.path, nil
			}
		}
		var hits []entry
		for _, e := range all {
			full := norm(strings.Join(e.path, "/"))
			if strings.HasSuffix(full, "/"+want) {
				hits = append(hits, e)
			}
		}
		if len(hits) == 1 {
			return hits[0].item, hits[0].path, nil
		}
		if len(hits) > 1 {
			ferr := &FindError{Name: name, Ambiguous: true}
			for _, h := range hits {
				ferr.Candidates = append(ferr.Candidates, strings.Join(h.path, "/"))
			}
			return nil, nil, ferr
		}
	}
	return nil, nil, &FindError{Name: name, Candidates: closest(want, all)}
}

// closest returns the request paths nearest to want: those containing it,
// then those within a small edit distance of the path or of the name.
func closest(want string, all []entry) []string {
	type scored struct {
		path  string
		score int
	}
	var found []scored
	limit := max(2, utf8.RuneCountInString(want)/4)
	for _, e := range all {
		full := strings.Join(e.path, "/")
		n, leaf := norm(full), norm(e.item.Name)
		var s int
		switch {
		case want == "":
			continue
		case strings.Contains(n, want):
			s = 0
		default:
			s = min(distance(want, n), distance(want, leaf))
			if s > limit {
				continue
			}
		}
		found = append(found, scored{full, s})
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].score < found[j].score })
	var out []string
	for _, f := range found {
		if len(out) == maxCandidates {
			break
		}
		out = append(out, f.path)
	}
	return out
}

// maxCompare bounds the runes compared by distance, keeping it cheap on
// absurd names.
const maxCompare = 128

// distance is the Levenshtein distance between a and b (by runes, each
// cut to maxCompare).
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > maxCompare {
		ra = ra[:maxCompare]
	}
	if len(rb) > maxCompare {
		rb = rb[:maxCompare]
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// lookup walks path from the collection root by exact names. It returns
// the chain of items, the last being the request.
func (c *Collection) lookup(path []string) ([]*Item, error) {
	items := c.items
	var chain []*Item
	for i, name := range path {
		var next *Item
		for _, it := range items {
			if it.Name == name {
				next = it
				break
			}
		}
		if next == nil {
			return nil, &FindError{Name: strings.Join(path, "/"), Candidates: closest(norm(strings.Join(path, "/")), c.entries())}
		}
		chain = append(chain, next)
		if i < len(path)-1 {
			if !next.folder {
				return nil, &FindError{Name: strings.Join(path, "/")}
			}
			items = next.items
		}
	}
	if len(chain) == 0 {
		return nil, &FindError{Name: ""}
	}
	if chain[len(chain)-1].folder {
		return nil, fmt.Errorf("%q is a folder, not a request", strings.Join(path, "/"))
	}
	return chain, nil
}
