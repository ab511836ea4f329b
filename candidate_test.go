package authdoctor

import (
	"strings"
	"testing"
)

// TestIndexCandidate: every kind FindSecrets reports has a candidate, and
// ordinary log lines have none.
func TestIndexCandidate(t *testing.T) {
	t.Parallel()
	key := "sk_live_" + scrubFill(scrubAlnum, 24, 4)
	jwt := "eyJhbGciOiJIUzI1NiJ9." + scrubFill(scrubB64, 30, 2) + "." + scrubFill(scrubB64, 43, 3)
	tg := scrubFill("0123456789", 10, 4) + ":" + scrubFill(scrubB64, 35, 5)
	for _, s := range []string{
		`{"access_token":"s3cr3tValue"}`, `{'PassWord': 'x'}`, "api_key=s3cr3tValue&x=1", "X-API-KEY: 3f9a77c1d2",
		"https://bob:s3cr3tValue@h.example/", "saw " + jwt + " here", "key " + key + " here",
		"Authorization: Bearer s3cr3tValue", "authorization: BASIC dXNlcjpwYXNz", "GET https://api.telegram.org/bot" + tg + "/getMe",
	} {
		if IndexCandidate(s) < 0 {
			t.Errorf("no candidate in %q", s)
		}
		if scrubShapes(s) == s {
			t.Errorf("FindSecrets finds nothing in %q: not a test of the prefilter", s)
		}
	}
	for _, s := range []string{
		"",
		"x",
		`ts=2026-12-04T21:25:55.123Z level=info msg="request handled" method=GET path=/v1/orders/8812 status=200 duration=12ms`,
		`{"time":"2026-12-04T21:25:55Z","level":"INFO","msg":"charge created","amount":1200,"currency":"eur","request_id":"5f0c7a52-6d8e-4b59-9d7e-8f2b1c3a4d5e"}`,
		"10.0.0.12 - - [04/Dec/2026:21:25:55 +0000] \"GET /healthz HTTP/1.1\" 200 2 \"-\" \"kube-probe/1.31\"",
		"GET https://api.example.com/v1/users?page=2 200",
	} {
		if i := IndexCandidate(s); i >= 0 {
			t.Errorf("candidate at %d in %q", i, s)
		}
	}
}

// FuzzIndexCandidateLines: in a block of lines, a line with no candidate
// of the block's search holds nothing the rewriting passes (the oracle
// FindSecrets was checked against) would hide: scanning only the lines
// a block search points at finds everything.
func FuzzIndexCandidateLines(f *testing.F) {
	for _, s := range findSecretsSeeds() {
		f.Add(s + "\nplain line\n" + s)
	}
	f.Add("token\nx=1 https://u:p@h/\n12345:" + strings.Repeat("A", 35))
	f.Fuzz(func(t *testing.T, block string) {
		cand := map[int]bool{} // line starts with a candidate
		for off := 0; off < len(block); {
			i := IndexCandidate(block[off:])
			if i < 0 {
				break
			}
			i += off
			if block[i] == '\n' {
				i++ // the candidate is on the next line
			}
			start := strings.LastIndexByte(block[:i], '\n') + 1
			cand[start] = true
			end := strings.IndexByte(block[i:], '\n')
			if end < 0 {
				break
			}
			off = i + end + 1
		}
		start := 0
		for _, line := range strings.SplitAfter(block, "\n") {
			l := strings.TrimSuffix(line, "\n")
			if !cand[start] && oldScrubText(l) != l {
				t.Fatalf("line %q has no candidate, yet the passes hide part of it", l)
			}
			if IndexCandidate(l) < 0 && oldScrubText(l) != l {
				t.Fatalf("%q has no candidate, yet the passes hide part of it", l)
			}
			start += len(line)
		}
	})
}

// plainLog is a log without credentials: logfmt, JSON and access-log
// lines with timestamps, ids, URLs and prose, as most of a real one is.
func plainLog(lines int) string {
	var b strings.Builder
	for i := range lines {
		switch i % 4 {
		case 0:
			b.WriteString(`ts=2026-12-04T21:25:55.123Z level=info msg="request handled" method=GET path=/v1/orders/` + scrubFill("0123456789", 6, i) + ` status=200 duration=12ms request_id=5f0c7a52-6d8e-4b59-9d7e-` + scrubFill("0123456789abcdef", 12, i) + "\n")
		case 1:
			b.WriteString(`{"time":"2026-12-04T21:25:55Z","level":"INFO","msg":"charge created","amount":1200,"currency":"eur","customer":"cus_` + scrubFill(scrubAlnum, 14, i) + `","trace_id":"` + scrubFill("0123456789abcdef", 32, i) + `"}` + "\n")
		case 2:
			b.WriteString("10.0.0.12 - - [04/Dec/2026:21:25:55 +0000] \"GET /api/v2/products?page=3&sort=price HTTP/1.1\" 200 5123 \"https://shop.example.com/catalogue\" \"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36\"\n")
		default:
			b.WriteString(`ts=2026-12-04T21:25:56.004Z level=warn msg="upstream slow, retrying with backoff" upstream=inventory.internal:8443 attempt=2 elapsed=1.52s` + "\n")
		}
	}
	return b.String()
}

func BenchmarkIndexCandidate(b *testing.B) {
	s := plainLog(20_000)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if IndexCandidate(s) >= 0 {
			b.Fatal("a candidate in the plain log")
		}
	}
}
