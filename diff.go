package authdoctor

// DiffLine is one compared property of two requests. Values are safe to
// show: credentials appear as kind, fingerprint and claims only.
type DiffLine struct {
	Field string `json:"field"`
	A     string `json:"a"`
	B     string `json:"b"`
	Same  bool   `json:"same"`
}

// DiffReport compares two requests before anything is sent: the
// auth-relevant differences first, then the rest, and one line that says
// what matters. diagnose.Diff makes it; render formats it.
type DiffReport struct {
	// A and B say where each side came from (a file, a HAR entry).
	A, B       string
	Auth       []DiffLine
	Other      []DiffLine
	Conclusion string
	// Notes are facts about the inputs (options not understood).
	Notes []string
	// Version is the version of authdoctor that compared them.
	Version string
}
