package profile

import (
	"strings"
	"testing"
	"time"
)

func TestParseEvery(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want time.Duration
		err  string
	}{
		{"30s", 30 * time.Second, ""},
		{" 5m ", 5 * time.Minute, ""},
		{"1h30m", 90 * time.Minute, ""},
		{"1s", time.Second, ""},
		{"24h", 24 * time.Hour, ""},
		{"500ms", 0, `"500ms" is out of range: give 1s to 24h`},
		{"25h", 0, "out of range"},
		{"-1m", 0, `"-1m" is not an interval like 30s, 5m or 1h`},
		{"1d", 0, "is not an interval"},
		{"often", 0, "is not an interval"},
		{"", 0, "is not an interval"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseEvery(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("ParseEvery(%q) = %v, %v; want an error containing %q", tc.in, got, err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseEvery(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestReadEvery(t *testing.T) {
	t.Parallel()
	const head = "environments:\n  prod:\n    base_url: https://api.example.com\nrequests:\n  orders:\n    path: /v1/orders\n"
	for _, tc := range []struct {
		name, in string
		want     time.Duration
		err      string
	}{
		{"set", head + "    every: 30s\n", 30 * time.Second, ""},
		{"unset", head, 0, ""},
		{"too often", head + "    every: 100ms\n", 0, `authdoctor.yaml:7:12: every: "100ms" is out of range: give 1s to 24h`},
		{"days are not durations", head + "    every: 2d\n", 0, `authdoctor.yaml:7:12: every: "2d" is not an interval like 30s, 5m or 1h`},
		{"a list", head + "    every: [1m]\n", 0, "authdoctor.yaml:7:12: every must be a single value"},
		{"in defaults", "defaults:\n  every: 1m\n" + head, 0, `authdoctor.yaml:2:3: unknown key "every" in defaults`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, err := Read(strings.NewReader(tc.in), "authdoctor.yaml")
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want it to contain %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := f.Requests["orders"].Every; got != tc.want {
				t.Errorf("Every = %v, want %v", got, tc.want)
			}
		})
	}
}

// FuzzEvery: ParseEvery never panics, accepts only intervals within the
// bounds, and never quotes a credential-shaped input back.
func FuzzEvery(f *testing.F) {
	for _, s := range []string{"30s", " 5m ", "1h30m", "500ms", "25h", "-1m", "1d", "", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseEvery(s)
		if err != nil {
			if strings.Contains(s, "eyJ") && len(s) > 30 && strings.Contains(err.Error(), s) {
				t.Fatalf("the error quotes the input whole: %v", err)
			}
			if strings.ContainsAny(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		if d < MinEvery || d > MaxEvery {
			t.Fatalf("ParseEvery(%q) = %v, out of bounds", s, d)
		}
	})
}
