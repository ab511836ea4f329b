package har

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/source"
)

const fakeJWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl"

var secretEqual = cmp.Comparer(func(a, b authdoctor.Secret) bool { return a.Equal(b) })

func load(t testing.TB, name string) *Log {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err := Read(f)
	if err != nil {
		t.Fatalf("Read %s: %v", name, err)
	}
	return l
}

func TestRead(t *testing.T) {
	t.Parallel()
	chrome, err := os.ReadFile(filepath.Join("testdata", "chrome.har"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		in      []byte
		creator Creator
		entries int
		status  []int
	}{
		{"chrome", chrome, Creator{Name: "WebInspector", Version: "537.36"}, 5, []int{200, 401, 201, 200, 200}},
		{"chrome with BOM", append([]byte("\ufeff"), chrome...), Creator{Name: "WebInspector", Version: "537.36"}, 5, []int{200, 401, 201, 200, 200}},
		{"insomnia", mustRead(t, "insomnia.har"), Creator{Name: "Insomnia REST Client", Version: "insomnia.desktop.app:v2023.5.8"}, 1, []int{403}},
		{"no entries", []byte(`{"log":{"version":"1.2","creator":{"name":"x","version":""},"entries":[]}}`), Creator{Name: "x"}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, err := Read(bytes.NewReader(tt.in))
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if d := cmp.Diff(tt.creator, l.Creator); d != "" {
				t.Errorf("creator (-want +got):\n%s", d)
			}
			var status []int
			for _, e := range l.Entries {
				status = append(status, e.Response.Status)
			}
			if d := cmp.Diff(tt.status, status); d != "" || len(l.Entries) != tt.entries {
				t.Errorf("%d entries, statuses (-want +got):\n%s", len(l.Entries), d)
			}
		})
	}
}

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    string
		limit int64
		want  string
	}{
		{name: "empty", in: " \n", want: "har: empty file"},
		{name: "not json", in: "{\n\"log\": {\n  \"entries\": [Bearer " + fakeJWT + "]}}", want: "har: invalid JSON at line 3"},
		{name: "wrong type", in: "{\"log\":{\n\"entries\":[{\"response\":{\"status\":\"401 " + fakeJWT + "\"}}]}}", want: "har: invalid HAR at line 2: log.entries.response.status is a JSON string, want int"},
		{name: "no log", in: `{"entries":[]}`, want: `har: no "log" object; not a HAR file`},
		{name: "truncated", in: `{"log":{"entries":[{"request":{"headers":[{"name":"Authorization","value":"Bearer ` + fakeJWT, want: "har: the file ends too early (truncated?)"},
		{name: "too large", in: `{"log":{}}` + strings.Repeat(" ", 1<<20), limit: 1 << 20, want: "har: file larger than 1 MiB; export fewer requests"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			limit := tt.limit
			if limit == 0 {
				limit = MaxSize
			}
			_, err := read(strings.NewReader(tt.in), limit)
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != tt.want {
				t.Errorf("error = %q, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), fakeJWT) {
				t.Errorf("error leaks the token: %q", err)
			}
		})
	}
}

func TestSelect(t *testing.T) {
	t.Parallel()
	l := load(t, "chrome.har")
	tests := []struct {
		name    string
		sel     Selector
		want    int
		wantErr string
		matches []int
	}{
		{name: "by index", sel: Selector{Index: 3}, want: 3},
		{name: "by status", sel: Selector{Status: 401}, want: 2},
		{name: "by url", sel: Selector{URLContains: "/v1/orders"}, want: 3},
		{name: "url and status", sel: Selector{URLContains: "/v1/me", Status: 200}, want: 5},
		{name: "index that matches", sel: Selector{Index: 2, Status: 401}, want: 2},
		{name: "ambiguous", sel: Selector{URLContains: "api.example.com"}, wantErr: "har: 4 of 5 entries match; choose one with --entry N (2, 3, 4, 5)", matches: []int{2, 3, 4, 5}},
		{name: "no criteria", sel: Selector{}, wantErr: "har: the file has 5 entries; choose one with --entry N (1, 2, 3, 4, 5)", matches: []int{1, 2, 3, 4, 5}},
		{name: "none", sel: Selector{URLContains: "tok_secret_filter", Status: 403}, wantErr: "har: none of the file's 5 entries matches the URL filter and status 403"},
		{name: "index out of range", sel: Selector{Index: 9}, wantErr: "har: entry 9 does not exist; the file has 5 entries"},
		{name: "negative index", sel: Selector{Index: -1}, wantErr: "har: entry -1 does not exist; the file has 5 entries"},
		{name: "index does not match", sel: Selector{Index: 1, Status: 401}, wantErr: "har: entry 1 does not match status 401"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			i, e, err := l.Select(tt.sel)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				var se *SelectError
				if !errors.As(err, &se) {
					t.Fatalf("error %T is not *SelectError", err)
				}
				if d := cmp.Diff(tt.matches, se.Matches, cmpopts.EquateEmpty()); d != "" {
					t.Errorf("matches (-want +got):\n%s", d)
				}
				return
			}
			if err != nil {
				t.Fatalf("Select: %v", err)
			}
			if i != tt.want || e != &l.Entries[i-1] {
				t.Errorf("Select = %d, want %d", i, tt.want)
			}
		})
	}
	t.Run("empty log", func(t *testing.T) {
		t.Parallel()
		_, _, err := NewLog("x").Select(Selector{})
		if err == nil || err.Error() != "har: the file has no entries" {
			t.Errorf("error = %v", err)
		}
	})
	t.Run("one entry needs no selector", func(t *testing.T) {
		t.Parallel()
		i, _, err := load(t, "insomnia.har").Select(Selector{})
		if err != nil || i != 1 {
			t.Errorf("Select = %d, %v", i, err)
		}
	})
	t.Run("long lists are cut", func(t *testing.T) {
		t.Parallel()
		big := NewLog("x")
		big.Entries = make([]Entry, 12)
		_, _, err := big.Select(Selector{})
		want := "har: the file has 12 entries; choose one with --entry N (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, …)"
		if err == nil || err.Error() != want {
			t.Errorf("error = %v, want %q", err, want)
		}
	})
}

func file(name, value, src string) authdoctor.Field {
	return authdoctor.Field{Name: name, Value: authdoctor.NewSecret(value), Origin: authdoctor.OriginFile, Source: src}
}

func TestSpec(t *testing.T) {
	t.Parallel()
	chrome := load(t, "chrome.har")
	insomnia := load(t, "insomnia.har")
	const ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	pseudo := "HTTP/2 pseudo-headers (:authority, :method, :path, :scheme) were skipped"
	tests := []struct {
		name  string
		entry *Entry
		index int
		file  string
		want  source.Spec
	}{
		{
			name: "chrome 401 with duplicated cookie headers", entry: &chrome.Entries[1], index: 2, file: "session.har",
			want: source.Spec{
				Name: "entry 2", From: "session.har entry 2",
				Request: authdoctor.Request{Method: "GET", URL: "https://api.example.com/v1/me?fields=id,name", Header: []authdoctor.Field{
					file("accept", "application/json", "session.har"),
					file("authorization", "Bearer "+fakeJWT, "session.har"),
					file("cookie", "session=sess_test_123", "session.har"),
					file("cookie", "theme=dark", "session.har"),
					file("origin", "https://app.example.com", "session.har"),
					file("user-agent", ua, "session.har"),
				}},
				Notes: []string{pseudo, "recorded response: status 401"},
			},
		},
		{
			name: "chrome post", entry: &chrome.Entries[2], index: 3,
			want: source.Spec{
				Name: "entry 3", From: "entry 3",
				Request: authdoctor.Request{Method: "POST", URL: "https://api.example.com/v1/orders", Header: []authdoctor.Field{
					file("accept", "application/json", "HAR file"),
					file("authorization", "Bearer "+fakeJWT, "HAR file"),
					file("content-type", "application/json", "HAR file"),
					file("user-agent", ua, "HAR file"),
				}, Body: authdoctor.NewSecret(`{"sku":"A-1","quantity":2}`)},
				Notes: []string{pseudo, "headers the client writes itself were skipped: content-length", "recorded response: status 201"},
			},
		},
		{
			name: "insomnia form", entry: &insomnia.Entries[0], index: 1, file: "token.har",
			want: source.Spec{
				Name: "entry 1", From: "token.har entry 1",
				Request: authdoctor.Request{Method: "POST", URL: "http://localhost:8080/oauth/token", Header: []authdoctor.Field{
					file("Content-Type", "application/x-www-form-urlencoded", "token.har"),
					file("Authorization", "Basic Y2xpZW50X3Rlc3Q6c2VjcmV0X3Rlc3Q=", "token.har"),
				}, Body: authdoctor.NewSecret("grant_type=client_credentials&scope=orders%3Aread+orders%3Awrite")},
				Notes: []string{
					"headers the client writes itself were skipped: Content-Length, Connection",
					"the body was rebuilt from the posted form parameters",
					"recorded response: status 403",
				},
			},
		},
		{
			name: "cookies only in the array, host differs",
			entry: &Entry{Request: Request{Method: "get", URL: "https://api.example.com/", Headers: []NameValue{{Name: "Host", Value: "other.example.com"}},
				Cookies: []Cookie{{Name: "a", Value: "1"}, {Name: "b", Value: "2"}}}},
			index: 7, file: "x.har",
			want: source.Spec{
				Name: "entry 7", From: "x.har entry 7",
				Request: authdoctor.Request{Method: "GET", URL: "https://api.example.com/", Header: []authdoctor.Field{file("Cookie", "a=1; b=2", "x.har")}},
				Notes:   []string{"the recorded Host header differs from the URL's host; the URL's is used"},
			},
		},
		{
			name:  "multipart params are not rebuilt",
			entry: &Entry{Request: Request{Method: "POST", URL: "https://api.example.com/up", PostData: &PostData{MimeType: "multipart/form-data; boundary=x", Params: []Param{{Name: "f", FileName: "a.png"}}}}},
			index: 1,
			want: source.Spec{
				Name: "entry 1", From: "entry 1",
				Request: authdoctor.Request{Method: "POST", URL: "https://api.example.com/up"},
				Notes:   []string{"the 1 posted multipart/form-data parameters were not rebuilt into a body"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tt.entry.Spec(tt.index, tt.file)
			if d := cmp.Diff(tt.want, got, secretEqual, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("Spec (-want +got):\n%s", d)
			}
		})
	}
}

func TestContentBody(t *testing.T) {
	t.Parallel()
	png := []byte("\x89PNG\r\n\x1a\n")
	tests := []struct {
		name    string
		c       Content
		want    []byte
		wantErr bool
	}{
		{name: "text", c: Content{Text: `{"a":1}`}, want: []byte(`{"a":1}`)},
		{name: "base64", c: Content{Text: "iVBORw0KGgo=", Encoding: "base64"}, want: png},
		{name: "base64 wrapped, no padding", c: Content{Text: "iVBORw\n0KGgo", Encoding: "Base64"}, want: png},
		{name: "bad base64", c: Content{Text: "!!!", Encoding: "base64"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.c.Body()
			if (err != nil) != tt.wantErr {
				t.Fatalf("Body error = %v", err)
			}
			if !bytes.Equal(got, tt.want) {
				t.Errorf("Body = %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("chrome image", func(t *testing.T) {
		t.Parallel()
		b, err := load(t, "chrome.har").Entries[3].Response.Content.Body()
		if err != nil || !bytes.HasPrefix(b, png) || len(b) != 70 {
			t.Errorf("Body = %d bytes, %v", len(b), err)
		}
	})
}

func TestEntryExchange(t *testing.T) {
	t.Parallel()
	e := load(t, "chrome.har").Entries[1]
	e.Response.Content.Text = `{"echo":"Bearer ` + fakeJWT + `"}`
	x := e.Exchange()
	want := authdoctor.Exchange{
		Method: "GET",
		URL:    "https://api.example.com/v1/me?fields=id,name",
		Sent:   time.Date(2024, 12, 3, 10, 15, 1, 1e6, time.UTC),
		Status: 401,
		Proto:  "http/2.0",
		Header: map[string][]string{
			"Content-Type":     {"application/json"},
			"Www-Authenticate": {`Bearer realm="api", error="invalid_token", error_description="The access token expired"`},
			"Date":             {"Tue, 03 Dec 2024 10:15:01 GMT"},
		},
		Body:       []byte(`{"echo":"[redacted]"}`),
		ServerDate: time.Date(2024, 12, 3, 10, 15, 1, 0, time.UTC),
		Timing:     authdoctor.Timing{FirstByte: 40500 * time.Microsecond, Total: 38200 * time.Microsecond},
	}
	if d := cmp.Diff(want, x, secretEqual, cmpopts.IgnoreFields(authdoctor.Exchange{}, "RequestHeader")); d != "" {
		t.Errorf("Exchange (-want +got):\n%s", d)
	}
	if len(x.RequestHeader) != 6 || !x.SentCredential() {
		t.Errorf("request header: %d fields, credential %v", len(x.RequestHeader), x.SentCredential())
	}
}

func TestStarted(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2024-12-03T10:15:01.001Z", time.Date(2024, 12, 3, 10, 15, 1, 1e6, time.UTC), true},
		{"2024-12-03T11:00:00.000+01:00", time.Date(2024, 12, 3, 10, 0, 0, 0, time.UTC), true},
		{"2024-12-03T11:00:00.000+0100", time.Date(2024, 12, 3, 10, 0, 0, 0, time.UTC), true},
		{"2024-12-03T10:00:00", time.Date(2024, 12, 3, 10, 0, 0, 0, time.UTC), true},
		{"yesterday", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, ok := (&Entry{StartedDateTime: tt.in}).Started()
			if ok != tt.ok || !got.Equal(tt.want) {
				t.Errorf("Started = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"chrome.har", "insomnia.har"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			l := load(t, name)
			var buf bytes.Buffer
			if err := Write(&buf, l); err != nil {
				t.Fatalf("Write: %v", err)
			}
			back, err := Read(&buf)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if d := cmp.Diff(l, back, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("round trip (-want +got):\n%s", d)
			}
		})
	}
}
