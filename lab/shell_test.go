package lab

import (
	"hash/crc32"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func regexpMatch(pattern, s string) bool { return regexp.MustCompile(pattern).MatchString(s) }

func crc32IEEE(s string) uint32 { return crc32.ChecksumIEEE([]byte(s)) }

func TestQuoteValue(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"plain", "abc", "'abc'"},
		{"empty", "", "''"},
		{"single quote", "it's", `'it'\''s'`},
		{"dollar stays literal", "Bearer $LAB_TOKEN", "'Bearer $LAB_TOKEN'"},
		{"double quotes", `"tok"`, `'"tok"'`},
		{"newline", "tok\n", `$'tok\n'`},
		{"crlf", "tok\r\n", `$'tok\r\n'`},
		{"tab and quote", "a\tb'c", `$'a\tb\'c'`},
		{"backslash with control", "a\\b\n", `$'a\\b\n'`},
		{"other control", "a\x01b\x7f", `$'a\x01b\x7f'`},
		{"utf-8 kept", "é\n", "$'é\\n'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := quoteValue(tc.in); got != tc.want {
				t.Errorf("quoteValue(%q) = %s, want %s", tc.in, got, tc.want)
			}
			if got, err := unquote(quoteValue(tc.in)); err != nil || got != tc.in {
				t.Errorf("unquote(quoteValue(%q)) = %q, %v", tc.in, got, err)
			}
		})
	}
}

func TestShellWord(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"url", "http://127.0.0.1:8080/api/orders", "http://127.0.0.1:8080/api/orders"},
		{"flag", "--resolve", "--resolve"},
		{"resolve", "api.lab.test:443:127.0.0.1", "api.lab.test:443:127.0.0.1"},
		{"ipv6 brackets glob", "h:1:[::1]", "'h:1:[::1]'"},
		{"query", "http://h/x?a=1&b=2", "'http://h/x?a=1&b=2'"},
		{"space", "/tmp/my dir/ca.pem", "'/tmp/my dir/ca.pem'"},
		{"empty", "", "''"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := shellWord(tc.in); got != tc.want {
				t.Errorf("shellWord(%q) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

func TestShell(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		s       Scenario
		env     []string
		command string
	}{
		{
			name: "newline env, unset, method and args",
			s: Scenario{
				Method:  "POST",
				URL:     "http://127.0.0.1:1/app/orders",
				Headers: []string{"Authorization: Bearer $LAB_TOKEN", "X-API-Key: ${LAB_KEY}"},
				Env:     map[string]string{"LAB_TOKEN": "ey.J\n", "B": "it's"},
				Unset:   []string{"LAB_KEY"},
				Args:    []string{"--allow-write", "--yes"},
			},
			env: []string{`export B='it'\''s'`, `export LAB_TOKEN=$'ey.J\n'`, "unset LAB_KEY"},
			command: `authdoctor check POST http://127.0.0.1:1/app/orders -H 'Authorization: Bearer $LAB_TOKEN' ` +
				`-H 'X-API-Key: ${LAB_KEY}' --allow-write --yes`,
		},
		{
			name:    "GET is left out",
			s:       Scenario{URL: "http://127.0.0.1:1/x", Headers: []string{"Authorization: Bearer: $T"}, Env: map[string]string{"T": "v"}},
			env:     []string{"export T='v'"},
			command: `authdoctor check http://127.0.0.1:1/x -H 'Authorization: Bearer: $T'`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env, command := tc.s.Shell()
			if diff := cmp.Diff(tc.env, env); diff != "" {
				t.Errorf("env (-want +got):\n%s", diff)
			}
			if command != tc.command {
				t.Errorf("command:\n got %s\nwant %s", command, tc.command)
			}
		})
	}
}

// TestShellBash pastes every scenario's lines into a real bash and checks
// that the variables and the argument vector arrive intact.
func TestShellBash(t *testing.T) {
	t.Parallel()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	l := startLab(t)
	for _, s := range l.Scenarios() {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			env, command := s.Shell()
			// printargs stands in for authdoctor: it prints each argument and
			// each variable NUL-terminated.
			script := "authdoctor() { printf '%s\\0' \"$@\"; }\n" + strings.Join(env, "\n") + "\n" + command + "\n"
			var names []string
			for name := range s.Env {
				names = append(names, name)
			}
			for _, name := range append(names, s.Unset...) {
				script += "printf '%s=%s\\0' " + name + " \"${" + name + "-UNSET}\"\n"
			}
			cmd := exec.Command(bash, "--noprofile", "--norc", "-c", script)
			cmd.Env = []string{"PATH=/usr/bin:/bin", "LAB_PROD_TOKEN=left-over"}
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("bash: %v", err)
			}
			got := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
			want := []string{"check"}
			if s.Method != "" {
				want = append(want, s.Method)
			}
			want = append(want, s.URL)
			for _, h := range s.Headers {
				want = append(want, "-H", h)
			}
			want = append(want, s.Args...)
			for _, name := range names {
				want = append(want, name+"="+s.Env[name])
			}
			for _, name := range s.Unset {
				want = append(want, name+"=UNSET")
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("bash saw (-want +got):\n%s", diff)
			}
		})
	}
}
