package capture

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// benchTarget is one way to reach the same httptest upstream: directly, or
// through a capture proxy in front of it.
type benchTarget struct {
	name string
	base string
}

// benchTargets starts an upstream with h, a bare httputil.ReverseProxy
// in front of it (the floor for any proxy hop: same transport, nothing
// recorded) and a capture (real clock, a no-op OnRecord: it records and
// diagnoses as for the CLI, minus the printing).
func benchTargets(tb testing.TB, h http.HandlerFunc) []benchTarget {
	tb.Helper()
	up := upstream(tb, h)
	u, _ := url.Parse(up.URL)
	bare := httptest.NewServer(&httputil.ReverseProxy{
		Rewrite:    func(pr *httputil.ProxyRequest) { pr.SetURL(u) },
		Transport:  newTransport(),
		BufferPool: &bufferPool{},
	})
	tb.Cleanup(bare.Close)
	p, _ := startProxy(tb, up.URL, Config{Now: time.Now, OnRecord: func(Record) {}})
	return []benchTarget{{"direct", up.URL}, {"reverseproxy", bare.URL}, {"capture", "http://" + p.Addr()}}
}

// okHandler answers a small JSON 200, like a typical API read.
func okHandler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"orders":[{"id":1,"item":"book","qty":2},{"id":2,"item":"pen","qty":10}]}`))
}

// expiredHandler answers 401 to an expired token: capture runs the checks
// on every such response.
var expiredHandler = refuse(401, `Bearer realm="api", error="invalid_token", error_description="The access token expired"`, `{"error":"invalid_token"}`)

// benchClient keeps enough idle connections for n concurrent requests.
func benchClient(tb testing.TB, n int) *http.Client {
	tr := &http.Transport{MaxIdleConns: 4 * n, MaxIdleConnsPerHost: 2 * n, DisableCompression: true}
	tb.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

func get(c *http.Client, url, auth string) error {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return err
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return err
}

// BenchmarkGET is one GET at a time on a kept-alive connection, directly,
// through a bare reverse proxy and through capture: the difference is the
// latency capture adds. expired401 repeats one expired token (the memo
// serves repeats within a second); expired401fresh sends a different one
// each time, so the checks run on every request.
func BenchmarkGET(b *testing.B) {
	ok, expired := "Bearer "+validJWT(), "Bearer "+expiredJWT()
	// Pre-built distinct tokens, so building them is not measured.
	fresh := make([]string, 4096)
	for i := range fresh {
		fresh[i] = "Bearer " + jwt(map[string]any{"iss": "https://issuer.example.test/", "exp": 1700000000, "jti": i})
	}
	for _, tc := range []struct {
		name string
		h    http.HandlerFunc
		auth func(i int) string
	}{
		{"ok", okHandler, func(int) string { return ok }},
		{"expired401", expiredHandler, func(int) string { return expired }},
		{"expired401fresh", expiredHandler, func(i int) string { return fresh[i%len(fresh)] }},
	} {
		for _, tg := range benchTargets(b, tc.h) {
			b.Run(tc.name+"/"+tg.name, func(b *testing.B) {
				c := benchClient(b, 1)
				u := tg.base + "/v1/orders"
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					if err := get(c, u, tc.auth(i)); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
		}
	}
}

// BenchmarkParallel is throughput: GOMAXPROCS×8 clients at once.
func BenchmarkParallel(b *testing.B) {
	for _, tg := range benchTargets(b, okHandler) {
		b.Run(tg.name, func(b *testing.B) {
			c := benchClient(b, 64)
			u := tg.base + "/v1/orders"
			auth := "Bearer " + validJWT()
			b.SetParallelism(8)
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := get(c, u, auth); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
		})
	}
}

// BenchmarkStream is a 4 MiB response streamed through: bytes per second
// directly and through capture (which keeps only MaxBody of it).
func BenchmarkStream(b *testing.B) {
	body := bytes.Repeat([]byte("0123456789abcdef"), 256<<10/4) // 4 MiB
	h := func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(body) }
	for _, tg := range benchTargets(b, h) {
		b.Run(tg.name, func(b *testing.B) {
			c := benchClient(b, 1)
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if err := get(c, tg.base+"/big", ""); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestLoad measures added latency and throughput under load. It runs only
// with AUTHDOCTOR_LOAD set (a duration per target, e.g. 3s) and asserts
// nothing: it logs p50, p99 and requests/s for each target, for
// docs/performance.md. AUTHDOCTOR_LOAD_CONC sets the concurrency (default
// 16). When ab (ApacheBench) is on the PATH it is run against the same
// targets as a second opinion.
//
//	AUTHDOCTOR_LOAD=3s go test -run TestLoad -v ./capture
func TestLoad(t *testing.T) {
	d, err := time.ParseDuration(os.Getenv("AUTHDOCTOR_LOAD"))
	if err != nil || d <= 0 {
		t.Skip("set AUTHDOCTOR_LOAD=3s to run the load test")
	}
	conc := 16
	if n, err := strconv.Atoi(os.Getenv("AUTHDOCTOR_LOAD_CONC")); err == nil && n > 0 {
		conc = n
	}
	same := func(tok string) func() string { return func() string { return "Bearer " + tok } }
	var n atomic.Int64
	fresh := func() string {
		// A different expired token each time: no two exchanges alike, so
		// every one runs the checks (the memo never hits).
		return "Bearer " + jwt(map[string]any{"iss": "https://issuer.example.test/", "exp": 1700000000, "jti": n.Add(1)})
	}
	for _, sc := range []struct {
		name string
		h    http.HandlerFunc
		auth func() string
		ab   bool
	}{
		{"200 small JSON", okHandler, same(validJWT()), true},
		{"401 same expired JWT (diagnosed, memo)", expiredHandler, same(expiredJWT()), true},
		{"401 a new expired JWT each request (diagnosed)", expiredHandler, fresh, false},
	} {
		targets := benchTargets(t, sc.h)
		res := map[string]loadResult{}
		for _, tg := range targets {
			// Sequential first: latency without queueing.
			res[tg.name+" c=1"] = load(t, tg.base+"/v1/orders", sc.auth, 1, d)
			res[tg.name+" c="+strconv.Itoa(conc)] = load(t, tg.base+"/v1/orders", sc.auth, conc, d)
		}
		for _, c := range []string{"c=1", "c=" + strconv.Itoa(conc)} {
			dr := res["direct "+c]
			for _, tg := range targets {
				r := res[tg.name+" "+c]
				t.Logf("%s %s %-12s p50 %8v p99 %8v %6.0f req/s  added p50 %8v p99 %8v  throughput %3.0f%% of direct (%d requests)",
					sc.name, c, tg.name, r.p50, r.p99, r.rps, r.p50-dr.p50, r.p99-dr.p99, 100*r.rps/dr.rps, r.n)
			}
		}
		if ab, err := exec.LookPath("ab"); err == nil && sc.ab {
			for _, tg := range targets {
				t.Logf("%s ab -k -c %d %s: %s", sc.name, conc, tg.name, runAB(t, ab, tg.base+"/v1/orders", sc.auth(), conc, d))
			}
		}
	}
}

type loadResult struct {
	n             int
	p50, p99, max time.Duration
	rps           float64
}

// load runs conc clients against url for d, each sending one request
// after another on its own kept-alive connection, after a short warm-up.
func load(t *testing.T, url string, auth func() string, conc int, d time.Duration) loadResult {
	t.Helper()
	c := benchClient(t, conc)
	for range conc * 4 {
		if err := get(c, url, auth()); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	lat := make([][]time.Duration, conc)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				a := auth()
				s := time.Now()
				if err := get(c, url, a); err != nil {
					t.Error(err)
					return
				}
				lat[i] = append(lat[i], time.Since(s))
			}
		}()
	}
	wg.Wait()
	el := time.Since(start)
	all := slices.Concat(lat...)
	slices.Sort(all)
	if len(all) == 0 {
		t.Fatal("no request completed")
	}
	q := func(p float64) time.Duration { return all[int(p*float64(len(all)-1))].Round(time.Microsecond) }
	return loadResult{n: len(all), p50: q(0.50), p99: q(0.99), max: all[len(all)-1], rps: float64(len(all)) / el.Seconds()}
}

// runAB runs ApacheBench with keep-alive for d and returns its requests
// per second and its 50th and 99th percentiles (ab rounds to the
// millisecond).
func runAB(t *testing.T, ab, url, auth string, conc int, d time.Duration) string {
	t.Helper()
	secs := strconv.Itoa(max(1, int(d.Seconds())))
	out, err := exec.Command(ab, "-q", "-k", "-c", strconv.Itoa(conc), "-t", secs, "-n", "10000000", "-H", "Authorization: "+auth, url).CombinedOutput()
	if err != nil {
		return "ab failed: " + err.Error()
	}
	find := func(re string) string {
		if m := regexp.MustCompile(re).FindSubmatch(out); m != nil {
			return string(m[1])
		}
		return "?"
	}
	return fmt.Sprintf("%s req/s, p50 %s ms, p99 %s ms, failed %s",
		find(`Requests per second:\s+([\d.]+)`), find(`(?m)^\s+50%\s+(\d+)`), find(`(?m)^\s+99%\s+(\d+)`), find(`Failed requests:\s+(\d+)`))
}
