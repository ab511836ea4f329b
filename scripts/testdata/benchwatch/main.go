// Command benchwatch is the loopback target and the load generator of
// scripts/bench-watch-vs-blackbox.sh. It is not part of authdoctor (it
// lives under testdata, so go build ./... and go test ./... skip it);
// the script builds it with go build ./scripts/testdata/benchwatch.
//
//	benchwatch target -addr-file F   serve the target API on a free loopback port
//	benchwatch load -url U -rate R   GET U at R per second (0: as fast as -workers allow)
//	benchwatch port                  print a free loopback port
//
// The target answers like most Bearer APIs (RFC 6750 §3): 401 with a bare
// challenge without credentials, 401 invalid_token for an unknown token,
// 200 for GoodToken; /-/hits is how many requests it has answered, so the
// script counts the requests a prober really sent. /hang accepts and never
// answers (until the client gives up).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Tokens the target knows: opaque, so the target spends no CPU on
// cryptography and the measurement is the prober's.
const (
	GoodToken = "bench-good-5f0c1d2e3a4b"
	BadToken  = "bench-bad-9e8d7c6b5a41"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: benchwatch target|load|port [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "target":
		err = target(os.Args[2:])
	case "load":
		err = load(os.Args[2:])
	case "port":
		err = port()
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchwatch:", err)
		os.Exit(1)
	}
}

func port() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer ln.Close()
	fmt.Println(ln.Addr().(*net.TCPAddr).Port)
	return nil
}

func target(args []string) error {
	fs := flag.NewFlagSet("target", flag.ExitOnError)
	addrFile := fs.String("addr-file", "", "write the base URL here once listening")
	fs.Parse(args)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	var hits atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/-/hits", func(rw http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(rw, hits.Load())
	})
	mux.HandleFunc("/hang", func(_ http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		<-r.Context().Done()
	})
	mux.HandleFunc("/", func(rw http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		rw.Header().Set("Content-Type", "application/json")
		switch r.Header.Get("Authorization") {
		case "":
			rw.Header().Set("WWW-Authenticate", `Bearer realm="bench"`)
			rw.WriteHeader(http.StatusUnauthorized)
			io.WriteString(rw, `{"error":"unauthorized"}`)
		case "Bearer " + GoodToken:
			io.WriteString(rw, `{"orders":[]}`)
		default:
			rw.Header().Set("WWW-Authenticate", `Bearer realm="bench", error="invalid_token", error_description="unknown token"`)
			rw.WriteHeader(http.StatusUnauthorized)
			io.WriteString(rw, `{"error":"invalid_token"}`)
		}
	})
	url := "http://" + ln.Addr().String()
	if *addrFile != "" {
		if err := os.WriteFile(*addrFile, []byte(url+"\n"), 0o644); err != nil {
			return err
		}
	}
	fmt.Println(url)
	return (&http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}).Serve(ln)
}

// load sends GETs to -url: at -rate per second spread evenly (a request
// whose moment comes while every worker is busy is counted as missed, not
// sent late), or, with -rate 0, as fast as -workers connections allow.
// Every connection is kept alive. It prints one line of key=value.
func load(args []string) error {
	fs := flag.NewFlagSet("load", flag.ExitOnError)
	url := fs.String("url", "", "URL to GET")
	rate := fs.Float64("rate", 0, "requests per second; 0: closed loop")
	dur := fs.Duration("duration", 20*time.Second, "how long to send")
	workers := fs.Int("workers", 16, "concurrent connections")
	expect := fs.String("expect", "", "a 200 answer must contain this, or it counts as failed")
	timeout := fs.Duration("timeout", 10*time.Second, "per-request timeout")
	fs.Parse(args)
	if *url == "" {
		return errors.New("load: -url is required")
	}
	client := &http.Client{Timeout: *timeout, Transport: &http.Transport{
		MaxIdleConnsPerHost: *workers, MaxConnsPerHost: *workers, DisableCompression: true}}
	ctx, cancel := context.WithTimeout(context.Background(), *dur)
	defer cancel()
	var ok, failed, missed atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	var firstErr atomic.Value
	one := func() {
		t0 := time.Now()
		err := get(client, *url, *expect)
		d := time.Since(t0)
		if err != nil {
			failed.Add(1)
			firstErr.CompareAndSwap(nil, err.Error())
			return
		}
		ok.Add(1)
		mu.Lock()
		lat = append(lat, d)
		mu.Unlock()
	}
	start := time.Now()
	var wg sync.WaitGroup
	if *rate <= 0 {
		for range *workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					one()
				}
			}()
		}
	} else {
		work := make(chan struct{}, *workers)
		for range *workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range work {
					one()
				}
			}()
		}
		tick := time.NewTicker(time.Millisecond)
		var due int64
	pace:
		for {
			select {
			case <-ctx.Done():
				break pace
			case <-tick.C:
				for want := int64(time.Since(start).Seconds() * *rate); due < want; due++ {
					select {
					case work <- struct{}{}:
					default:
						missed.Add(1)
					}
				}
			}
		}
		tick.Stop()
		close(work)
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	q := func(f float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(f*float64(len(lat))))].Round(10 * time.Microsecond)
	}
	e, _ := firstErr.Load().(string)
	fmt.Printf("ok=%d failed=%d missed=%d seconds=%.2f per_min=%.0f p50=%s p99=%s max=%s first_error=%q\n",
		ok.Load(), failed.Load(), missed.Load(), elapsed.Seconds(), float64(ok.Load())/elapsed.Minutes(),
		q(0.5), q(0.99), q(1), e)
	return nil
}

func get(c *http.Client, url, expect string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != 200 {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	if expect != "" && !strings.Contains(string(b), expect) {
		return fmt.Errorf("answer lacks %q", expect)
	}
	return nil
}
