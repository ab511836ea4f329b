package curl

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/source"
)

// Obviously fake credentials; never a real vendor key shape.
const (
	fakeJWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl"
	fakeTok = "tok_test_123"
)

var secretEqual = cmp.Comparer(func(a, b authdoctor.Secret) bool { return a.Equal(b) })

// lit is a header field as written on the command line.
func lit(name, value string) authdoctor.Field {
	return authdoctor.Field{Name: name, Value: authdoctor.NewSecret(value), Origin: authdoctor.OriginLiteral, Source: sourceName}
}

func read(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

func spec(method, url string, h ...authdoctor.Field) source.Spec {
	return source.Spec{Name: "curl", From: sourceName, Request: authdoctor.Request{Method: method, URL: url, Header: h}}
}

func TestParse(t *testing.T) {
	t.Parallel()
	withBody := func(s source.Spec, body string) source.Spec {
		s.Request.Body = authdoctor.NewSecret(body)
		return s
	}
	with := func(s source.Spec, f func(*source.Spec)) source.Spec { f(&s); return s }
	tests := []struct {
		name   string
		file   string // under testdata; or cmd
		cmd    string
		lookup map[string]string
		want   source.Spec
	}{
		{
			name: "chrome copy as curl bash",
			file: "chrome-bash.txt",
			want: withBody(spec("POST", "https://api.example.com/v1/orders?limit=20",
				lit("accept", "application/json, text/plain, */*"),
				lit("accept-language", "en-GB,en;q=0.9"),
				lit("authorization", "Bearer "+fakeJWT),
				lit("content-type", "application/json"),
				lit("origin", "https://app.example.com"),
				lit("priority", "u=1, i"),
				lit("referer", "https://app.example.com/"),
				lit("sec-ch-ua", `"Chromium";v="131", "Not_A Brand";v="24"`),
				lit("sec-ch-ua-mobile", "?0"),
				lit("sec-ch-ua-platform", `"macOS"`),
				lit("user-agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"),
				lit("Cookie", "session=sess_test_123; theme=dark"),
			), `{"note":"it's a \"test\"","lines":"a\nb","bang":"!"}`),
		},
		{
			name: "chrome copy as curl cmd",
			file: "chrome-cmd.txt",
			want: with(withBody(spec("POST", "https://api.example.com/v1/orders",
				lit("accept", "application/json"),
				lit("authorization", "Bearer "+fakeJWT),
				lit("content-type", "application/json"),
			), `{"qty":1,"note":"a & b"}`), func(s *source.Spec) {
				s.Notes = []string{"read as a Windows cmd command line"}
			}),
		},
		{
			name: "windows cmd with CRLF",
			file: "windows-cmd.txt",
			want: with(spec("GET", "https://api.example.com/v1/me",
				lit("Accept", "application/json"),
				lit("Authorization", "Bearer "+fakeTok),
			), func(s *source.Spec) {
				s.Notes = []string{"read as a Windows cmd command line", "--compressed was ignored: the prober negotiates the response encoding itself"}
			}),
		},
		{
			name: "postman code view",
			file: "postman.txt",
			want: with(spec("GET", "https://api.example.com/v2/customers/42?expand=orders",
				lit("X-API-Key", fakeTok),
				lit("Accept", "application/json"),
				lit("Cookie", "__session=tok_test_cookie"),
			), func(s *source.Spec) { s.FollowRedirects = true }),
		},
		{
			name: "docs with prompt, -u and -d",
			file: "docs-basic.txt",
			want: withBody(spec("POST", "https://api.example.com/v1/charges",
				lit("Authorization", "Basic dG9rX3Rlc3RfMTIzOg=="),
				lit("Content-Type", "application/x-www-form-urlencoded"),
			), "amount=2000&currency=usd&description=Test charge"),
		},
		{
			name: "duplicated and empty headers",
			file: "duplicates.txt",
			want: with(spec("GET", "https://api.example.com/v1/items",
				lit("Authorization", "Bearer "+fakeTok),
				lit("Authorization", "Bearer tok_test_456"),
				lit("X-Trace", "a"),
				lit("x-trace", "b"),
				lit("X-Empty", ""),
			), func(s *source.Spec) {
				s.Notes = []string{`-H "Accept:" only stops curl sending its own Accept header; nothing was added`}
			}),
		},
		{
			name: "spaces after continuation",
			file: "trailing-space.txt",
			want: with(spec("GET", "https://api.example.com/v1/items", lit("X-API-Key", fakeTok)), func(s *source.Spec) {
				s.Insecure, s.FollowRedirects = true, true
				s.Notes = []string{"spaces after a line-continuation backslash were removed"}
			}),
		},
		{
			name:   "variables expanded when asked",
			file:   "env.txt",
			lookup: map[string]string{"API_TOKEN": "tok_test_env"},
			want: with(spec("GET", "https://api.example.com/v1/me",
				authdoctor.Field{
					Name: "Authorization", Value: authdoctor.NewSecret("Bearer tok_test_env"),
					Template: "Bearer $API_TOKEN",
					Vars:     []authdoctor.VarRef{{Name: "API_TOKEN", Set: true, Len: 12}},
					Origin:   authdoctor.OriginEnv, Source: "environment variable $API_TOKEN",
				},
				lit("X-Literal", "$NOT_A_VAR"),
			), func(s *source.Spec) {
				s.Notes = []string{
					"$BASE_URL is not set; the default written in ${BASE_URL…} was used",
					"Authorization expanded from $API_TOKEN",
				}
			}),
		},
		{
			name:   "unset variable",
			cmd:    `curl -H "X-API-Key: ${KEY}" https://api.example.com/`,
			lookup: map[string]string{},
			want: with(spec("GET", "https://api.example.com/",
				authdoctor.Field{
					Name: "X-API-Key", Template: "${KEY}",
					Vars:   []authdoctor.VarRef{{Name: "KEY"}},
					Origin: authdoctor.OriginEnv, Source: "environment variable $KEY",
				},
			), func(s *source.Spec) {
				s.Notes = []string{"$KEY is not set", "the X-API-Key header is empty after expansion; curl would not send it"}
			}),
		},
		{
			name: "variables left as written",
			file: "env-none.txt",
			want: with(spec("GET", "http://$BASE_URL/v1/me", lit("Authorization", "Bearer $API_TOKEN")), func(s *source.Spec) {
				s.Notes = []string{
					"$API_TOKEN was left as written: environment variables are not read",
					"$BASE_URL was left as written: environment variables are not read",
					"the URL has no scheme; curl assumes http://",
				}
			}),
		},
		{
			name: "unknown options are listed, values never",
			file: "unknown.txt",
			want: with(spec("GET", "https://api.example.com/"), func(s *source.Spec) {
				s.Unknown = []string{"--http2", "--max-time", "-m", "--retry", "-Z", "--proxy-user", "--frobnicate"}
			}),
		},
		{
			name: "copy all as curl reads the first",
			file: "chrome-all.txt",
			want: with(spec("GET", "https://api.example.com/v1/session", lit("accept", "*/*"), lit("authorization", "Bearer "+fakeTok)), func(s *source.Spec) {
				s.Notes = []string{"2 curl commands found; the first is read"}
			}),
		},
		{
			name: "unquoted ampersand",
			file: "unquoted-amp.txt",
			want: with(spec("GET", "https://api.example.com/v1/items?limit=5"), func(s *source.Spec) {
				s.Notes = []string{
					"the rest of the paste was not run: a command",
					"an unquoted & ended the curl command at line 1; what follows was not read as part of it (quote the URL)",
				}
			}),
		},
		{
			name: "combined short flags and attached values",
			cmd:  `curl -sSLk -XPUT -HAccept:\ text/plain -d'a=1' https://api.example.com/x`,
			want: with(withBody(spec("PUT", "https://api.example.com/x",
				lit("Accept", "text/plain"),
				lit("Content-Type", "application/x-www-form-urlencoded"),
			), "a=1"), func(s *source.Spec) { s.Insecure, s.FollowRedirects = true, true }),
		},
		{
			name: "long options with equals",
			cmd:  `curl --header="X-API-Key: tok_test_123" --url=https://api.example.com/y --request=DELETE --insecure=yes`,
			want: with(spec("DELETE", "https://api.example.com/y", lit("X-API-Key", fakeTok)), func(s *source.Spec) {
				s.Unknown = []string{"--insecure"}
			}),
		},
		{
			name: "get moves data to the query",
			cmd:  `curl -G https://api.example.com/search#top --data-urlencode "q=hello world" -d limit=5 --url-query "+raw=1"`,
			want: spec("GET", "https://api.example.com/search?q=hello+world&limit=5&raw=1#top"),
		},
		{
			name: "json concatenates and sets headers",
			cmd:  `curl --json '{"a":1' --json ',"b":2}' -H 'Accept: */*' https://api.example.com/`,
			want: withBody(spec("POST", "https://api.example.com/",
				lit("Accept", "*/*"),
				lit("Content-Type", "application/json"),
			), `{"a":1,"b":2}`),
		},
		{
			name: "user info moves out of the URL",
			cmd:  `curl "https://bob:p%40ss@api.example.com/me"`,
			want: with(spec("GET", "https://api.example.com/me", lit("Authorization", "Basic Ym9iOnBAc3M=")), func(s *source.Spec) {
				s.Notes = []string{"the user and password in the URL were moved to an Authorization: Basic header"}
			}),
		},
		{
			name: "oauth2 bearer, head, agent, referer, proxy, cookies",
			cmd:  `time curl -I --oauth2-bearer tok_test_123 -A agent/1 -e "https://r.example.com/;auto" -x http://127.0.0.1:3128 -b a=1 --cookie b=2 https://api.example.com/`,
			want: with(spec("HEAD", "https://api.example.com/",
				lit("Authorization", "Bearer "+fakeTok),
				lit("User-Agent", "agent/1"),
				lit("Referer", "https://r.example.com/"),
				lit("Cookie", "a=1; b=2"),
			), func(s *source.Spec) { s.Proxy = "http://127.0.0.1:3128" }),
		},
		{
			name: "header wins over -u",
			cmd:  `curl -u user:pw -H "Authorization: Bearer tok_test_123" https://api.example.com/`,
			want: with(spec("GET", "https://api.example.com/", lit("Authorization", "Bearer "+fakeTok)), func(s *source.Spec) {
				s.Notes = []string{"-u was not used: the -H Authorization header wins, as in curl"}
			}),
		},
		{
			name: "files are not read",
			cmd:  `curl -d @body.json -b jar.txt -H @headers.txt -F file=@a.png -o out.json --json @- https://api.example.com/ | jq .`,
			want: with(spec("POST", "https://api.example.com/", lit("Accept", "application/json")), func(s *source.Spec) {
				s.Notes = []string{
					"the rest of the paste was not run: jq",
					`the body from file "body.json" was not read (-d @file)`,
					`cookies from file "jar.txt" were not read (-b file)`,
					`headers from file "headers.txt" were not read (-H @file)`,
					`multipart form field "file" (-F) was not sent: multipart bodies are not supported`,
					"-o was ignored: authdoctor does not save the response",
					"the body from standard input was not read (--json @file)",
				}
			}),
		},
		{
			name: "header without colon is not echoed",
			cmd:  `curl -H "tok_test_123" https://api.example.com/`,
			want: with(spec("GET", "https://api.example.com/"), func(s *source.Spec) {
				s.Notes = []string{`a -H value without a colon was ignored: a header is written "Name: value"`}
			}),
		},
		{
			name: "digest and netrc noted, next stops",
			cmd:  `curl --digest -u bob -n https://api.example.com/ --next https://other.example.com/`,
			want: with(spec("GET", "https://api.example.com/", lit("Authorization", "Basic Ym9iOg==")), func(s *source.Spec) {
				s.Unknown = []string{"--digest", "-n"}
				s.Notes = []string{
					"credentials in .netrc are not read (-n)",
					"only the first request was read: options after --next were ignored",
					"-u has no password (curl would prompt for one); an empty password is used",
					"-u is sent as Basic; curl would use digest",
				}
			}),
		},
		{
			name: "ansi-c escapes",
			cmd:  `curl -H $'X-A: \x41\101\u00e9\t\'' -H $'Authorization: Bearer tok_test_123\n' https://api.example.com/`,
			want: spec("GET", "https://api.example.com/", lit("X-A", "AAé\t'"), lit("Authorization", "Bearer tok_test_123\n")),
		},
		{
			// Checked with bash 5.2: printf %s $'\700' | od -tx1 is c0;
			// \c0 is 0x10; a NUL ends the string.
			name: "ansi-c escapes as bash",
			cmd:  `curl -H $'X-A: \700\c0' -H $'X-B: a\0b' https://api.example.com/`,
			want: spec("GET", "https://api.example.com/", lit("X-A", "\xc0\x10"), lit("X-B", "a")),
		},
		{
			name:   "arithmetic is evaluated",
			cmd:    `curl "https://api.example.com/page/$((N+1))"`,
			lookup: map[string]string{"N": "2"},
			want: with(spec("GET", "https://api.example.com/page/3"), func(s *source.Spec) {
				s.Notes = []string{"the URL expanded from $N"}
			}),
		},
		{
			// The unset variable is the finding (request.var-unset); a
			// note about a "placeholder" in the empty credential would be
			// wrong.
			name:   "unset credential variable",
			cmd:    `curl https://api.example.com/ -H "Authorization: Bearer $TOKEN"`,
			lookup: map[string]string{},
			want: with(spec("GET", "https://api.example.com/", authdoctor.Field{Name: "Authorization", Value: authdoctor.NewSecret("Bearer "),
				Template: "Bearer $TOKEN", Vars: []authdoctor.VarRef{{Name: "TOKEN"}}, Origin: authdoctor.OriginEnv, Source: "environment variable $TOKEN"}), func(s *source.Spec) {
				s.Notes = []string{"$TOKEN is not set"}
			}),
		},
		{
			// A credential parameter left empty by an unset variable is a
			// finding (request.var-unset), in the body as in the query; a
			// variable in another parameter is only a note.
			name:   "unset variable in a body credential parameter",
			cmd:    `curl -X POST https://auth.example.com/oauth/token -d grant_type=client_credentials -d "client_secret=$CLIENT_SECRET" -d "scope=$SCOPE"`,
			lookup: map[string]string{},
			want: with(spec("POST", "https://auth.example.com/oauth/token", lit("Content-Type", "application/x-www-form-urlencoded")), func(s *source.Spec) {
				s.Request.Body = authdoctor.NewSecret("grant_type=client_credentials&client_secret=&scope=")
				s.Request.Unfilled = []authdoctor.DataVar{{VarRef: authdoctor.VarRef{Name: "CLIENT_SECRET"}, In: "body", Param: "client_secret"}}
				s.Notes = []string{"$CLIENT_SECRET is not set", "$SCOPE is not set"}
			}),
		},
		{
			name:   "unset variable in a JSON body credential",
			cmd:    `curl https://api.example.com/login -H 'Content-Type: application/json' -d "{\"api_key\": \"$API_KEY\"}"`,
			lookup: map[string]string{},
			want: with(spec("POST", "https://api.example.com/login", lit("Content-Type", "application/json")), func(s *source.Spec) {
				s.Request.Body = authdoctor.NewSecret(`{"api_key": ""}`)
				s.Request.Unfilled = []authdoctor.DataVar{{VarRef: authdoctor.VarRef{Name: "API_KEY"}, In: "body", Param: "api_key"}}
				s.Notes = []string{"$API_KEY is not set"}
			}),
		},
		{
			name:   "empty variable in a query credential",
			cmd:    `curl "https://api.example.com/v1/items?limit=10&api_key=$KEY"`,
			lookup: map[string]string{"KEY": ""},
			want: with(spec("GET", "https://api.example.com/v1/items?limit=10&api_key="), func(s *source.Spec) {
				s.Request.Unfilled = []authdoctor.DataVar{{VarRef: authdoctor.VarRef{Name: "KEY", Set: true, Empty: true}, In: "query", Param: "api_key"}}
				s.Notes = []string{"the URL expanded from $KEY"}
			}),
		},
		{
			name: "path to curl and no-options",
			cmd:  `/usr/bin/curl --no-location -L --no-insecure -k --no-progress-meter --no-frob https://api.example.com/`,
			want: with(spec("GET", "https://api.example.com/"), func(s *source.Spec) {
				s.FollowRedirects, s.Insecure = true, true
				s.Unknown = []string{"--no-frob"}
			}),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cmd := tt.cmd
			if tt.file != "" {
				cmd = read(t, tt.file)
			}
			var lookup func(string) (string, bool)
			if tt.lookup != nil {
				lookup = env(tt.lookup)
			}
			got, err := Parse(cmd, lookup)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if d := cmp.Diff(tt.want, got, secretEqual, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("Parse (-want +got):\n%s", d)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		file string
		cmd  string
		want string
	}{
		{name: "command substitution", file: "subst.txt", want: `curl command: uses command substitution at line 2; authdoctor never runs commands: run it yourself, export its output (export TOKEN="$(…)") and write "$TOKEN" in its place`},
		{name: "backticks", file: "backtick.txt", want: `curl command: uses command substitution at line 1; authdoctor never runs commands: run it yourself, export its output (export TOKEN="$(…)") and write "$TOKEN" in its place`},
		{name: "process substitution", cmd: `curl -d @<(cat x) https://api.example.com/`, want: "curl command: uses process substitution at line 1; paste the command with its values"},
		{name: "unterminated quote", file: "unterminated.txt", want: "curl command: unterminated quote at line 2"},
		{name: "powershell", file: "powershell.txt", want: "curl command: PowerShell line continuations (`) are not supported; paste the bash form (DevTools: Copy as cURL (bash))"},
		{name: "empty", cmd: " \n\t", want: "curl command: empty"},
		{name: "not curl", cmd: "http GET https://api.example.com/ Authorization:'Bearer tok_test_123'", want: "curl command: no curl command found; the command should start with curl"},
		{name: "no url", cmd: "curl -H 'Authorization: Bearer tok_test_123'", want: "curl command: no URL; add the URL to the command"},
		{name: "missing value", cmd: "curl https://api.example.com/ \\\n -H", want: "curl command: option -H needs a value at line 2"},
		{name: "missing long value", cmd: "curl https://api.example.com/ --header", want: "curl command: option --header needs a value at line 1"},
		{name: "syntax", cmd: "curl https://api.example.com/ -H 'X: tok_test_123' )", want: "curl command: shell syntax error at line 1"},
		{name: "too long", cmd: "curl " + strings.Repeat("a", MaxLen), want: "curl command: longer than 1024 KiB; paste one command"},
		{name: "deep nesting", cmd: "curl " + strings.Repeat("$((", 100000), want: "curl command: brackets nested too deeply at line 1; paste one curl command"},
		{name: "cmd not curl", cmd: "wget ^\n \"https://api.example.com/\"", want: "curl command: no curl command found; the command should start with curl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cmd := tt.cmd
			if tt.file != "" {
				cmd = read(t, tt.file)
			}
			_, err := Parse(cmd, nil)
			if err == nil {
				t.Fatal("Parse: no error")
			}
			if err.Error() != tt.want {
				t.Errorf("error = %q, want %q", err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("error %T is not *Error", err)
			}
			if strings.Contains(err.Error(), fakeTok) || strings.Contains(err.Error(), "print-access-token") {
				t.Errorf("error echoes the command: %q", err)
			}
		})
	}
}

func TestTidy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"bom and crlf", "\ufeffcurl a \\\r\n -k\r\n", "curl a \\\n -k\n"},
		{"dollar prompt", "$ curl https://x", "curl https://x"},
		{"powershell prompt", `PS C:\Users\me> curl.exe https://x`, "curl.exe https://x"},
		{"not a prompt", "$HOME/bin/curl https://x", "$HOME/bin/curl https://x"},
		{"escaped backslash keeps its spaces", "curl a\\\\  \n", "curl a\\\\  \n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, _ := tidy(tt.in)
			if got != tt.want {
				t.Errorf("tidy(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSplitArgv(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", `curl a  b`, []string{"curl", "a", "b"}},
		{"quotes", `"a b" c`, []string{"a b", "c"}},
		{"escaped quote", `"a\"b" \\x`, []string{`a"b`, `\\x`}},
		{"backslashes before quote", `"a\\" b`, []string{`a\`, "b"}},
		{"doubled quote", `"a""b"`, []string{`a"b`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if d := cmp.Diff(tt.want, splitArgv(tt.in)); d != "" {
				t.Errorf("splitArgv (-want +got):\n%s", d)
			}
		})
	}
}

func BenchmarkParse(b *testing.B) {
	cmd := read(b, "chrome-bash.txt")
	b.ReportAllocs()
	b.SetBytes(int64(len(cmd)))
	for b.Loop() {
		if _, err := Parse(cmd, nil); err != nil {
			b.Fatal(err)
		}
	}
}
