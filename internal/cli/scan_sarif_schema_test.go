package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The SARIF that scan writes is validated by two tools that are not ours:
// the OASIS SARIF 2.1.0 JSON schema (errata01), with a JSON Schema
// validator that asserts formats, and Microsoft's SARIF multitool
// `validate`, whose rules check what a schema cannot (relative URIs, tool
// versions) and, with --rule-kind Gh, what GitHub code scanning requires.
// .ci/fetch-sarif-schema fetches both into a cache and .ci/run passes their
// paths in AUTHDOCTOR_SARIF_SCHEMA and AUTHDOCTOR_SARIF_MULTITOOL. Without
// them the tests skip, or fail when CI=true.

// sarifFetched returns the file the environment variable names, or skips the
// test (fails it when CI=true) when it is not set or not there.
func sarifFetched(t *testing.T, env, what string) string {
	t.Helper()
	p := os.Getenv(env)
	if p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	msg := fmt.Sprintf("%s (%s=%q) is missing: eval \"$(bash .ci/fetch-sarif-schema)\" fetches it and sets %s", what, env, p, env)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + " (CI=true: .ci/run fetches it, so its absence is a failure)")
	}
	t.Skip(msg + "; CI=true makes this a failure")
	return ""
}

var sarifSchemas sync.Map // path → *jsonschema.Schema

// sarifSchema compiles the OASIS SARIF 2.1.0 schema, once per path.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	p := sarifFetched(t, "AUTHDOCTOR_SARIF_SCHEMA", "the OASIS SARIF 2.1.0 schema")
	if s, ok := sarifSchemas.Load(p); ok {
		return s.(*jsonschema.Schema)
	}
	c := jsonschema.NewCompiler()
	// Assert the schema's formats (uri, uri-reference, date-time), which
	// later drafts than its draft-04 make annotations only.
	c.AssertFormat()
	s, err := c.Compile(p)
	if err != nil {
		t.Fatalf("compile the SARIF schema %s: %v", p, err)
	}
	sarifSchemas.Store(p, s)
	return s
}

// sarifSchemaErr validates doc against the schema.
func sarifSchemaErr(s *jsonschema.Schema, doc []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return s.Validate(v)
}

// rfc3986Ref matches an RFC 3986 URI reference's characters: unreserved,
// reserved and percent-encoded ones. The schema's uri-reference format is
// checked by Go's url.Parse, which lets a raw space or é through.
var rfc3986Ref = regexp.MustCompile(`^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$`)

// sarifURIProblems lists the artifact URIs of doc that are not RFC 3986
// references.
func sarifURIProblems(doc []byte) []string {
	var log sarifLog
	if err := json.Unmarshal(doc, &log); err != nil {
		return []string{err.Error()}
	}
	var bad []string
	for _, run := range log.Runs {
		for _, r := range run.Results {
			for _, l := range r.Locations {
				if u := l.PhysicalLocation.ArtifactLocation.URI; !rfc3986Ref.MatchString(u) {
					bad = append(bad, fmt.Sprintf("artifactLocation.uri %q is not an RFC 3986 reference", u))
				}
			}
		}
	}
	return bad
}

// multitoolConfig turns off the multitool's SARIF2006, in its format
// (what its export-validation-config writes, cut to one rule).
const multitoolConfig = `<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />
  </Properties>
</Properties>
`

// multitoolProblem is one result of the multitool's validate.
type multitoolProblem struct {
	Rule, Level, Text string
}

// multitoolValidate runs the SARIF multitool's validate over docs (by
// name) in one run, with the OASIS schema and the SARIF and GitHub rules,
// and returns its results by name: the errors and warnings, and the notes.
func multitoolValidate(t *testing.T, docs map[string][]byte) (problems, notes map[string][]multitoolProblem) {
	t.Helper()
	schema := sarifFetched(t, "AUTHDOCTOR_SARIF_SCHEMA", "the OASIS SARIF 2.1.0 schema")
	exe := sarifFetched(t, "AUTHDOCTOR_SARIF_MULTITOOL", "Microsoft's SARIF multitool")
	dir := t.TempDir()
	out := filepath.Join(dir, "validation.sarif")
	// The files first: an option that takes a list (--rule-kind) would
	// take the words after it too.
	var args []string
	for _, n := range slices.Sorted(maps.Keys(docs)) {
		f := filepath.Join(dir, n+".sarif")
		if err := os.WriteFile(f, docs[n], 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, f)
	}
	// SARIF2006 (URIs should be reachable) sends HTTP requests to every URI
	// in the log, helpUri and $schema among them: tests talk to loopback
	// only, so it is off, which the multitool notes (WRN999).
	config := filepath.Join(dir, "config.xml")
	if err := os.WriteFile(config, []byte(multitoolConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	args = append(append([]string{"validate"}, args...), "--json-schema", schema, "--config", config, "--output", out, "--rule-kind", "Sarif;Gh")
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, args...)
	// A self-contained .NET build: invariant globalization spares it
	// libicu; HOME is ours, so it writes nothing of the user's.
	cmd.Env = []string{"DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1", "DOTNET_CLI_TELEMETRY_OPTOUT=1", "HOME=" + dir, "PATH=" + os.Getenv("PATH")}
	console, err := cmd.CombinedOutput()
	// Its exit status is 0 with errors found, and so says nothing: what
	// counts is the log it writes.
	if err != nil {
		t.Fatalf("%s: %v\n%s", exe, err, console)
	}
	if want := fmt.Sprintf("Done. %d files scanned.", len(docs)); !bytes.Contains(console, []byte(want)) {
		t.Fatalf("the multitool did not say %q:\n%s", want, console)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("the multitool wrote no log: %v\n%s", err, console)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				Properties struct {
					JSONPath string `json:"jsonPath"`
				} `json:"properties"`
			} `json:"results"`
			Invocations []struct {
				ExecutionSuccessful            bool              `json:"executionSuccessful"`
				ToolExecutionNotifications     []json.RawMessage `json:"toolExecutionNotifications"`
				ToolConfigurationNotifications []struct {
					Descriptor struct {
						ID string `json:"id"`
					} `json:"descriptor"`
					Message struct {
						Text string `json:"text"`
					} `json:"message"`
				} `json:"toolConfigurationNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b, &log); err != nil || len(log.Runs) != 1 || len(log.Runs[0].Invocations) != 1 {
		t.Fatalf("the multitool's log: %v\n%s", err, b)
	}
	inv := log.Runs[0].Invocations[0]
	if !inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) > 0 {
		t.Fatalf("the multitool did not run cleanly:\n%s\n%s", console, b)
	}
	for _, n := range inv.ToolConfigurationNotifications {
		if n.Descriptor.ID != "WRN999.RuleExplicitlyDisabled" || !strings.Contains(n.Message.Text, "'SARIF2006'") {
			t.Fatalf("the multitool's configuration: %s: %s\n%s", n.Descriptor.ID, n.Message.Text, console)
		}
	}
	problems, notes = map[string][]multitoolProblem{}, map[string][]multitoolProblem{}
	lines := strings.Split(string(console), "\n")
	for _, r := range log.Runs[0].Results {
		name := "?"
		if len(r.Locations) > 0 {
			if u, err := url.Parse(r.Locations[0].PhysicalLocation.ArtifactLocation.URI); err == nil {
				name = strings.TrimSuffix(path.Base(u.Path), ".sarif")
			}
		}
		// The log has the message's arguments; the console its text.
		if r.Level == "" {
			r.Level = "warning" // SARIF's default (§3.27.10)
		}
		p := multitoolProblem{Rule: r.RuleID, Level: r.Level, Text: r.Properties.JSONPath}
		for _, l := range lines {
			if strings.Contains(l, string(filepath.Separator)+name+".sarif(") && strings.Contains(l, " "+r.RuleID+": ") {
				p.Text = strings.TrimSpace(l)
				break
			}
		}
		switch r.Level {
		case "note", "none":
			notes[name] = append(notes[name], p)
		default: // error, warning
			problems[name] = append(problems[name], p)
		}
	}
	return problems, notes
}

// multitoolClean validates docs with the multitool and fails the test on
// any error or warning. The multitool reads a file it cannot deserialize
// (a level outside the enum) as one with no result, and then reports
// nothing for the other files of its run either: so each doc goes with a
// twin whose tool version is "dev", which must draw SARIF2005, proving the
// run really read it.
func multitoolClean(t *testing.T, docs map[string][]byte) {
	t.Helper()
	batch := map[string][]byte{}
	for name, doc := range docs {
		batch[name] = doc
		batch[name+"-twin"] = sarifMutate(t, doc, func(l map[string]any) { sarifAt(l, "runs", 0, "tool", "driver")["version"] = "dev" })
	}
	problems, notes := multitoolValidate(t, batch)
	for name := range docs {
		for _, p := range problems[name] {
			t.Errorf("%s: %s %s: %s", name, p.Level, p.Rule, p.Text)
		}
		for _, p := range notes[name] {
			t.Logf("%s: note %s: %s", name, p.Rule, p.Text)
		}
		if ps := problems[name+"-twin"]; len(ps) != 1 || ps[0].Rule != "SARIF2005" {
			t.Errorf("%s: its twin with version dev drew %v, want SARIF2005 alone: the multitool did not read it", name, ps)
		}
	}
	for name := range problems {
		if batch[name] == nil {
			t.Errorf("a result for %q, which is none of the outputs: %v", name, problems[name])
		}
	}
}

// sarifValue is a generated credential of n characters of alphabet after
// prefix, so that no real-looking key sits in the source.
func sarifValue(prefix, alphabet string, n, salt int) string {
	var b strings.Builder
	b.WriteString(prefix)
	for i := range n {
		b.WriteByte(alphabet[(i*7+salt*13+i*i*3)%len(alphabet)])
	}
	return b.String()
}

const (
	sarifAlnum  = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	sarifBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	sarifB64    = sarifAlnum + "+/"
)

// sarifSecrets are the values planted in the SARIF trees; none may appear
// in the output.
var sarifSecrets = map[string]string{
	"stripe":    sarifValue("sk_live_", sarifAlnum, 24, 1),
	"github":    sarifValue("ghp_", sarifAlnum, 36, 4),
	"github2":   sarifValue("ghp_", sarifAlnum, 36, 14),
	"publish":   sarifValue("pk_live_", sarifAlnum, 24, 3),
	"aws-id":    sarifValue("AKIA", sarifBase32, 16, 6),
	"aws":       sarifValue("", sarifB64, 40, 13),
	"jwt":       base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"42","exp":1700000000}`)) + "." + sarifValue("", sarifAlnum+"-_", 43, 7),
	"opaque":    sarifValue("", sarifAlnum, 40, 8),
	"password":  sarifValue("Pw", sarifAlnum, 14, 9),
	"basic":     base64.StdEncoding.EncodeToString([]byte(sarifValue("alice:", sarifAlnum, 20, 10))),
	"pem-body":  sarifValue("", sarifB64, 64, 11),
	"pem-body2": sarifValue("", sarifB64, 64, 12),
}

// writeTree writes files (path → content) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, s := range files {
		f := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// sarifScan runs scan -o sarif with args and returns its stdout, after
// checking the exit status and that no planted value or canary shows on
// stdout or stderr.
func sarifScan(t *testing.T, stdin string, want int, args ...string) []byte {
	t.Helper()
	var out, stderr bytes.Buffer
	env := canaryEnv(stdin, &out)
	env.Stderr = &stderr
	code := Main(context.Background(), append([]string{"scan", "-o", "sarif"}, args...), env)
	if code != want {
		t.Fatalf("scan %v: exit %d, want %d\n%s\n%s", args, code, want, out.String(), stderr.String())
	}
	for name, v := range sarifSecrets {
		if bytes.Contains(out.Bytes(), []byte(v)) || bytes.Contains(stderr.Bytes(), []byte(v)) {
			t.Errorf("scan %v printed the planted %s value", args, name)
		}
	}
	if bytes.Contains(out.Bytes(), []byte(canary)) || bytes.Contains(stderr.Bytes(), []byte(canary)) {
		t.Errorf("scan %v printed the canary", args)
	}
	return out.Bytes()
}

// sarifResults decodes doc's results, and checks the one thing of the
// spec that neither validator does: a run with results on text says in
// which unit its columns are (SARIF §3.14.27).
func sarifResults(t *testing.T, name string, doc []byte) []sarifResult {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal(doc, &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("%s: not one SARIF run: %v\n%s", name, err, doc)
	}
	var kind struct {
		Runs []struct {
			ColumnKind string `json:"columnKind"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(doc, &kind); err != nil || len(log.Runs[0].Results) > 0 && kind.Runs[0].ColumnKind == "" {
		t.Errorf("%s: results but no columnKind (%v)", name, err)
	}
	return log.Runs[0].Results
}

// sarifOutputs runs scan over trees that exercise the SARIF writer and
// returns the outputs by name, after checking what each says.
func sarifOutputs(t *testing.T) map[string][]byte {
	t.Helper()
	s := sarifSecrets
	docs := map[string][]byte{}

	// Findings of every kind, and a publishable key (a note).
	kinds := t.TempDir()
	writeTree(t, kinds, map[string]string{
		".env":                   "STRIPE_KEY=" + s["stripe"] + "\n",
		"logs/app.log":           "ok\ncalled with Authorization: Bearer " + canary + "\nAuthorization: Basic " + s["basic"] + "\nconnecting to https://bob:" + s["password"] + "@db.example.com:5432/app\n",
		"logs/access.log":        `"GET /v1/items?api_key=` + s["opaque"] + `&page=2 HTTP/1.1" 200` + "\n",
		"ci.log":                 "Authorization: Bearer " + s["github"] + "\nid_token=" + s["jwt"] + "\n",
		"deploy/credentials.ini": "[default]\naws_access_key_id = " + s["aws-id"] + "\naws_secret_access_key = " + s["aws"] + "\n",
		"deploy/key.pem":         "-----BEGIN PRIVATE KEY-----\n" + s["pem-body"] + "\n" + s["pem-body2"] + "\n-----END PRIVATE KEY-----\n",
		"public/app.js":          "Stripe('" + s["publish"] + "')\n",
	})
	docs["kinds"] = sarifScan(t, "", ExitDiagnosed, kinds)
	seen := map[string]bool{}
	for _, r := range sarifResults(t, "kinds", docs["kinds"]) {
		seen[strings.TrimPrefix(r.RuleID, "authdoctor/")+"/"+r.Level] = true
	}
	for _, k := range []string{"vendor-key/error", "vendor-key/note", "bearer/error", "basic/error", "userinfo-password/error",
		"credential-field/error", "jwt/error", "aws-secret-key/error", "private-key/error"} {
		if !seen[k] {
			t.Errorf("kinds: no %s result (have %v)", k, seen)
		}
	}

	// Nothing found: an empty run.
	clean := t.TempDir()
	writeTree(t, clean, map[string]string{"a.log": "nothing here\nsk_live_****1234 [redacted]\n"})
	docs["clean"] = sarifScan(t, "", ExitOK, clean)
	if r := sarifResults(t, "clean", docs["clean"]); len(r) != 0 {
		t.Errorf("clean: %d results", len(r))
	}

	// A baseline accepts the known findings; only the new one is written.
	based := t.TempDir()
	writeTree(t, based, map[string]string{".env": "STRIPE_KEY=" + s["stripe"] + "\n", "ci.log": "token=" + s["github"] + "\n"})
	base := filepath.Join(t.TempDir(), "baseline.json")
	if out := sarifScan(t, "", ExitDiagnosed, based, "--write-baseline", base); len(sarifResults(t, "baseline written", out)) != 2 {
		t.Fatalf("the first scan of the baseline tree:\n%s", out)
	}
	writeTree(t, based, map[string]string{"logs/new.log": "token=" + s["github2"] + "\n"})
	docs["baseline"] = sarifScan(t, "", ExitDiagnosed, based, "--baseline", base)
	if r := sarifResults(t, "baseline", docs["baseline"]); len(r) != 1 || !strings.HasSuffix(r[0].Locations[0].PhysicalLocation.ArtifactLocation.URI, "/logs/new.log") {
		t.Errorf("baseline: want only logs/new.log, have %+v", r)
	}

	// Paths with spaces, unicode and characters a URI escapes; a finding at
	// column 1; one past column 200000.
	odd := t.TempDir()
	long := strings.Repeat("a=b ", 50_000) + "token=" + s["github"] + "\n"
	writeTree(t, odd, map[string]string{
		"dir with space/ünïcødé 日本.log": "token=" + s["github"] + "\n",
		"100% #1 [x]?.env":              s["stripe"] + " at the start\n",
		"long.log":                      long,
	})
	docs["paths"] = sarifScan(t, "", ExitDiagnosed, odd)
	cols := map[string]int{}
	for _, r := range sarifResults(t, "paths", docs["paths"]) {
		u := r.Locations[0].PhysicalLocation.ArtifactLocation.URI
		p, err := url.Parse(u)
		if err != nil || p.Scheme != "file" {
			t.Errorf("paths: %q is not a file URI: %v", u, err)
			continue
		}
		cols[path.Base(p.Path)] = r.Locations[0].PhysicalLocation.Region.StartColumn
	}
	if want := map[string]int{"ünïcødé 日本.log": len("token=") + 1, "100% #1 [x]?.env": 1, "long.log": len(long) - len(s["github"])}; !maps.Equal(cols, want) {
		t.Errorf("paths: columns %v, want %v", cols, want)
	}

	// stdin.
	docs["stdin"] = sarifScan(t, "Authorization: Bearer "+canary+"\n", ExitDiagnosed, "-")
	if r := sarifResults(t, "stdin", docs["stdin"]); len(r) != 1 || r[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != "stdin" {
		t.Errorf("stdin: %+v", r)
	}
	return docs
}

// sarifRelativeOutputs scans relative paths from a working directory (so
// the caller may not be parallel).
func sarifRelativeOutputs(t *testing.T) map[string][]byte {
	t.Helper()
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"src/a b/é.env": "STRIPE_KEY=" + sarifSecrets["stripe"] + "\n",
		"x:y.log":       "token=" + sarifSecrets["github"] + "\n",
	})
	t.Chdir(dir)
	docs := map[string][]byte{"relative": sarifScan(t, "", ExitDiagnosed, ".")}
	var uris []string
	for _, r := range sarifResults(t, "relative", docs["relative"]) {
		uris = append(uris, r.Locations[0].PhysicalLocation.ArtifactLocation.URI)
	}
	slices.Sort(uris)
	// "./x:y.log": a colon in the first segment would read as a scheme.
	if want := []string{"./x:y.log", "src/a%20b/%C3%A9.env"}; !slices.Equal(uris, want) {
		t.Errorf("relative: URIs %q, want %q", uris, want)
	}
	return docs
}

// TestScanSARIFSchema validates real scan output against the OASIS SARIF
// 2.1.0 schema.
func TestScanSARIFSchema(t *testing.T) {
	t.Parallel()
	schema := sarifSchema(t)
	for name, doc := range sarifOutputs(t) {
		if err := sarifSchemaErr(schema, doc); err != nil {
			t.Errorf("%s: not valid SARIF 2.1.0: %v\n%s", name, err, doc)
		}
		for _, p := range sarifURIProblems(doc) {
			t.Errorf("%s: %s", name, p)
		}
	}
}

// TestScanSARIFMultitool validates real scan output with Microsoft's SARIF
// multitool, its SARIF rules and GitHub's: no error, no warning.
func TestScanSARIFMultitool(t *testing.T) {
	t.Parallel()
	sarifFetched(t, "AUTHDOCTOR_SARIF_MULTITOOL", "Microsoft's SARIF multitool")
	multitoolClean(t, sarifOutputs(t))
}

// TestScanSARIFRelative validates the output for relative paths with both
// tools. Not parallel: it changes the working directory.
func TestScanSARIFRelative(t *testing.T) {
	schema := sarifSchema(t)
	sarifFetched(t, "AUTHDOCTOR_SARIF_MULTITOOL", "Microsoft's SARIF multitool")
	docs := sarifRelativeOutputs(t)
	for name, doc := range docs {
		if err := sarifSchemaErr(schema, doc); err != nil {
			t.Errorf("%s: not valid SARIF 2.1.0: %v\n%s", name, err, doc)
		}
		for _, p := range sarifURIProblems(doc) {
			t.Errorf("%s: %s", name, p)
		}
	}
	multitoolClean(t, docs)
}

// sarifMutate returns a copy of doc with edit applied to its decoded form.
func sarifMutate(t *testing.T, doc []byte, edit func(log map[string]any)) []byte {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatal(err)
	}
	edit(v)
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sarifAt walks a decoded SARIF log along keys and indexes.
func sarifAt(v any, steps ...any) map[string]any {
	for _, s := range steps {
		switch s := s.(type) {
		case string:
			v = v.(map[string]any)[s]
		case int:
			v = v.([]any)[s]
		}
	}
	return v.(map[string]any)
}

// TestSARIFValidatorsReject proves the checks above can fail: each
// validator rejects a broken copy of a real output for the reason it was
// broken, and accepts the real output itself.
func TestSARIFValidatorsReject(t *testing.T) {
	t.Parallel()
	schema := sarifSchema(t)
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{".env": "STRIPE_KEY=" + sarifSecrets["stripe"] + "\n"})
	good := sarifScan(t, "", ExitDiagnosed, dir)
	result := func(log map[string]any) map[string]any { return sarifAt(log, "runs", 0, "results", 0) }
	region := func(log map[string]any) map[string]any {
		return sarifAt(result(log), "locations", 0, "physicalLocation", "region")
	}
	artifact := func(log map[string]any) map[string]any {
		return sarifAt(result(log), "locations", 0, "physicalLocation", "artifactLocation")
	}
	cases := []struct {
		name string
		edit func(log map[string]any)
		// schema is what the schema's error says ("" for valid); uri
		// whether the RFC 3986 check rejects it; rule the multitool's rule
		// that reports it ("" for not asked; as written, it reports none).
		schema string
		uri    bool
		rule   string
	}{
		{name: "as-written", edit: func(map[string]any) {}},
		// The multitool 5.7.0 says nothing of a level outside the enum (it
		// reads the file as one with no result): the schema catches it.
		{name: "bad-level", edit: func(l map[string]any) { result(l)["level"] = "fatal" },
			schema: "at '/runs/0/results/0/level'"},
		{name: "line-0", edit: func(l map[string]any) { region(l)["startLine"] = 0 },
			schema: "at '/runs/0/results/0/locations/0/physicalLocation/region/startLine'", rule: "JSON1008"},
		{name: "unknown-property", edit: func(l map[string]any) { result(l)["severity"] = "high" },
			schema: "at '/runs/0/results/0'", rule: "JSON1005"},
		{name: "no-version", edit: func(l map[string]any) { delete(l, "version") },
			schema: "missing property 'version'", rule: "JSON1002"},
		{name: "raw-space-in-uri", edit: func(l map[string]any) { artifact(l)["uri"] = "dir with space/a.env" }, uri: true},
		{name: "absolute-path-as-uri", edit: func(l map[string]any) { artifact(l)["uri"] = "/tmp/a.env" }, rule: "SARIF1004"},
		{name: "rule-without-help", edit: func(l map[string]any) {
			delete(sarifAt(l, "runs", 0, "tool", "driver", "rules", 0), "help")
		}, rule: "GH2012"},
		{name: "version-dev", edit: func(l map[string]any) { sarifAt(l, "runs", 0, "tool", "driver")["version"] = "dev" }, rule: "SARIF2005"},
	}
	docs := map[string][]byte{}
	for _, tc := range cases {
		doc := sarifMutate(t, good, tc.edit)
		if tc.name != "bad-level" { // it would blind the multitool to the others
			docs[tc.name] = doc
		}
		err := sarifSchemaErr(schema, doc)
		switch {
		case tc.schema == "" && err != nil:
			t.Errorf("%s: the schema rejects it: %v", tc.name, err)
		case tc.schema != "" && (err == nil || !strings.Contains(err.Error(), tc.schema)):
			t.Errorf("%s: the schema says %v, want %s", tc.name, err, tc.schema)
		}
		if got := len(sarifURIProblems(doc)) > 0; got != tc.uri {
			t.Errorf("%s: the RFC 3986 check rejects it: %v, want %v", tc.name, got, tc.uri)
		}
	}
	problems, _ := multitoolValidate(t, docs)
	for _, tc := range cases {
		if docs[tc.name] == nil {
			continue
		}
		var rules []string
		for _, p := range problems[tc.name] {
			rules = append(rules, p.Rule)
		}
		if tc.name == "as-written" && len(rules) > 0 || tc.rule != "" && !slices.Contains(rules, tc.rule) {
			t.Errorf("%s: the multitool reports %v, want %q", tc.name, rules, tc.rule)
		}
	}
}
