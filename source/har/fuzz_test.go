package har

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// canary is a credential in a header of the fuzzer's seed; it must never
// come back in an error or a note.
const canary = "tok_canary_5d1e0b"

func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.har"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"log":{"entries":[{"request":{"method":"GET","url":"https://api.example.com/","headers":[{"name":"Authorization","value":"Bearer ` + canary + `"},{"name":":authority","value":"x"}],"cookies":[{"name":"s","value":"` + canary + `"}],"postData":{"mimeType":"","params":[{"name":"t","value":"` + canary + `"}]}},"response":{"status":401,"content":{"text":"` + canary + `","encoding":"base64"}}}]}}`))
	f.Add([]byte("\ufeff{\"log\":{\"entries\":[{\"startedDateTime\":\"2024-12-03T11:00:00+0100\",\"timings\":{\"connect\":5,\"ssl\":9}}]}}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := Read(bytes.NewReader(b))
		if err != nil {
			msg := err.Error()
			if strings.Contains(msg, canary) || strings.ContainsAny(msg, "\n\r") {
				t.Fatalf("bad error: %q", msg)
			}
			return
		}
		for i := range l.Entries {
			e := &l.Entries[i]
			s := e.Spec(i+1, "fuzz.har")
			for _, n := range s.Notes {
				if strings.Contains(n, canary) {
					t.Fatalf("note leaks a value: %q", n)
				}
			}
			_ = e.Exchange()
			_, _ = e.Started()
		}
		for _, sel := range []Selector{{}, {Index: 1}, {Status: 401}, {URLContains: canary}} {
			if _, _, err := l.Select(sel); err != nil && strings.Contains(err.Error(), canary) {
				t.Fatalf("select error leaks the filter: %q", err)
			}
		}
		var buf bytes.Buffer
		if err := Write(&buf, l); err != nil {
			t.Fatalf("Write: %v", err)
		}
		if _, err := Read(&buf); err != nil {
			t.Fatalf("Read of what Write wrote: %v", err)
		}
	})
}

func BenchmarkRead(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "chrome.har"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Read(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSpec(b *testing.B) {
	l := load(b, "chrome.har")
	b.ReportAllocs()
	for b.Loop() {
		for i := range l.Entries {
			_ = l.Entries[i].Spec(i+1, "chrome.har")
		}
	}
}
