package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/capture"
	"github.com/authdoctor/authdoctor/render"
	"github.com/authdoctor/authdoctor/source/har"
)

// captureOptions are the flags of authdoctor capture.
type captureOptions struct {
	upstream string
	listen   string
	harFile  string
	output   string
	noColor  bool
	maxBody  int64
	// history is where the exchanges are recorded (captureHistory).
	history historyFlags

	// ready, when set, is called with the proxy's address once it
	// listens (tests send their traffic then).
	ready func(addr string)
	// now replaces the clock (tests).
	now func() time.Time
}

// harEvery is how often a running capture rewrites its HAR file, so a
// crash loses at most this much.
const harEvery = 5 * time.Second

func newCaptureCmd(env Env) *cobra.Command {
	o := &captureOptions{}
	cmd := &cobra.Command{
		Use:   "capture --upstream URL",
		Short: "Proxy an application's API traffic and diagnose every 401/403 as it passes",
		Long: `capture is a reverse proxy for your application's API calls. Point the
application at it (http://127.0.0.1:8080 instead of https://api.example.com)
and it forwards every request unchanged, prints one line per exchange, and
runs the checks on every 401 and 403 as it passes.

capture is passive: it never sends a request of its own, so each verdict
rests on the application's exchange alone (no baseline, no corrected
copy). Credentials appear only as kind, length and a sha256 fingerprint —
on the terminal and in the HAR file (--har), which authdoctor diff and
check --from-har read. It listens on 127.0.0.1 unless --listen says
otherwise, and warns when that is not a loopback address.

It runs until interrupted (Ctrl-C); the HAR file is rewritten every few
seconds and at the end.

The exchanges go into the history (authdoctor history, incident, kpi) as
streaks: per request (method and URL, ids in the path as {id}), the first exchange of each outcome
at once, and the rest of the streak as one run counting its requests when
the outcome changes or capture stops. Only 2xx/3xx (accepted) and 401/403
(with their verdict) count. --no-history turns it off.

Exit status: 0 stopped cleanly, 2 usage error, 3 could not listen or
write the HAR file.`,
		Example: `  authdoctor capture --upstream https://api.example.com
  authdoctor capture --upstream https://api.example.com --listen 127.0.0.1:9000 --har session.har
  authdoctor capture --upstream https://api.example.com/v2 -o json | jq 'select(.verdict != null)'`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE:          func(cmd *cobra.Command, args []string) error { return runCapture(cmd.Context(), o, env) },
	}
	f := cmd.Flags()
	f.StringVar(&o.upstream, "upstream", "", "the API the application calls, e.g. https://api.example.com (required)")
	f.StringVar(&o.listen, "listen", "127.0.0.1:8080", "address to listen on; a non-loopback address is reachable from other machines")
	f.StringVar(&o.harFile, "har", "", "write the exchanges, redacted, to this HAR file")
	f.StringVarP(&o.output, "output", "o", "text", "output format: text (one line per exchange) or json (one JSON object per line)")
	f.BoolVar(&o.noColor, "no-color", false, "no colour (also NO_COLOR=1 or TERM=dumb)")
	f.Int64Var(&o.maxBody, "max-body", capture.DefaultMaxBody, "bytes of each body kept for analysis and the HAR file; bodies always stream whole (0: the default)")
	o.history.bind(f)
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// upstreamURL checks --upstream.
func (o *captureOptions) upstreamURL() (*url.URL, error) {
	if o.upstream == "" {
		return nil, usagef("give the API to forward to: authdoctor capture --upstream https://api.example.com")
	}
	u, err := url.Parse(o.upstream)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, usagef("--upstream %s is not an http:// or https:// URL with a host: write it like https://api.example.com", authdoctor.RedactURL(o.upstream))
	}
	if u.User != nil {
		return nil, usagef("--upstream carries user:password; capture forwards the application's own credentials, so give the URL without them")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, usagef("--upstream takes a base URL without query or fragment, like https://api.example.com/v2")
	}
	return u, nil
}

func runCapture(ctx context.Context, o *captureOptions, env Env) error {
	switch o.output {
	case "text", "json":
	default:
		return usagef("--output %q is not one of text, json", o.output)
	}
	up, err := o.upstreamURL()
	if err != nil {
		return err
	}
	if o.maxBody < 0 {
		return usagef("--max-body must be 0 or more bytes")
	}
	if o.listen == "" {
		o.listen = capture.DefaultListen
	}
	stdout, stderr := &lockedWriter{w: env.Stdout}, &lockedWriter{w: env.Stderr}
	if !capture.Loopback(o.listen) {
		fmt.Fprintf(stderr, "authdoctor: warning: --listen %s is not a loopback address: other machines that reach it can send requests through capture to %s, and see its answers; use 127.0.0.1 unless the application runs elsewhere\n", o.listen, authdoctor.RedactURL(up.String()))
	}
	if o.harFile != "" {
		// Fail before listening when the file cannot be written.
		if err := writeHAR(o.harFile, har.NewLog("authdoctor")); err != nil {
			return usagef("cannot write --har %s: %v", o.harFile, err)
		}
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	var hist *captureHistory
	if s, err := o.history.open(ctx, env); err != nil {
		historyWarning(env, err)
	} else if s != nil {
		defer s.Close()
		henv := env
		henv.Stderr = stderr // shared with the HAR writer's warnings
		hist = newCaptureHistory(henv, s)
		defer hist.close(context.WithoutCancel(ctx))
	}

	colour := env.colour(o.noColor)
	var st captureStats
	cfg := capture.Config{Upstream: up, Listen: o.listen, MaxBody: o.maxBody, Now: o.now}
	cfg.OnRecord = func(r capture.Record) {
		st.add(r)
		if hist != nil {
			hist.add(context.WithoutCancel(ctx), r)
		}
		e := captureEntry(r)
		var buf bytes.Buffer
		var err error
		if o.output == "json" {
			err = render.CaptureJSON(&buf, e)
		} else {
			err = render.CaptureText(&buf, e, render.Options{Color: colour})
		}
		if err != nil {
			fmt.Fprintln(stderr, "authdoctor: rendering an exchange: "+err.Error())
			return
		}
		_, _ = stdout.Write(buf.Bytes())
	}
	p, err := capture.Start(ctx, cfg)
	if err != nil {
		why := err.Error()
		var op *net.OpError
		if errors.As(err, &op) && op.Err != nil {
			why = op.Err.Error()
		}
		return &exitError{code: ExitUnreachable, msg: fmt.Sprintf("cannot listen on %s: %s", o.listen, why)}
	}
	addr := "http://" + p.Addr()
	fmt.Fprintf(stderr, "authdoctor capture: %s → %s\n", addr, authdoctor.RedactURL(up.String()))
	fmt.Fprintf(stderr, "Point the application at %s instead of %s. capture is passive: it sends no request of its own, and shows credentials only as fingerprints. Ctrl-C to stop.\n", addr, up.Scheme+"://"+up.Host)
	if o.ready != nil {
		o.ready(p.Addr())
	}

	var wg sync.WaitGroup
	done := make(chan struct{})
	if o.harFile != "" {
		wg.Add(1)
		go func() {
			defer wg.Done()
			saveEvery(done, p, o.harFile, &st, stderr)
		}()
	}
	<-ctx.Done()
	close(done)
	wg.Wait()
	closeErr := p.Close()
	n, refused, causes := st.summary()
	fmt.Fprintf(stderr, "authdoctor capture: stopped after %d exchange(s), %d refused (401/403)%s\n", n, refused, causes)
	if o.harFile != "" {
		if err := writeHAR(o.harFile, p.HAR()); err != nil {
			return &exitError{code: ExitUnreachable, msg: "writing the HAR file: " + err.Error()}
		}
		fmt.Fprintf(stderr, "HAR written to %s (credentials redacted)\n", o.harFile)
	}
	if closeErr != nil {
		fmt.Fprintln(stderr, "authdoctor: "+closeErr.Error())
	}
	return nil
}

// saveEvery rewrites the HAR file every harEvery while new exchanges come
// in, until done closes. A failed write is reported once.
func saveEvery(done <-chan struct{}, p *capture.Proxy, path string, st *captureStats, stderr io.Writer) {
	t := time.NewTicker(harEvery)
	defer t.Stop()
	saved, warned := 0, false
	for {
		select {
		case <-done:
			return
		case <-t.C:
			n, _, _ := st.summary()
			if n == saved {
				continue
			}
			if err := writeHAR(path, p.HAR()); err != nil {
				if !warned {
					fmt.Fprintf(stderr, "authdoctor: warning: writing %s: %v (will retry)\n", path, err)
					warned = true
				}
				continue
			}
			saved = n
		}
	}
}

// writeHAR writes l to path atomically: a temporary file in the same
// directory (mode 0600), synced, then renamed over path, so a reader or a
// crash never sees half a file.
func writeHAR(path string, l *har.Log) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return unwrapPathError(err)
	}
	tmp := f.Name()
	err = har.Write(f, l)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return unwrapPathError(err)
	}
	return nil
}

// captureEntry is what the renderers show of a record: values from the
// redacted HAR entry, never from a Secret.
func captureEntry(r capture.Record) render.CaptureEntry {
	e := render.CaptureEntry{
		Sent:      r.Exchange.Sent,
		Method:    r.Exchange.Method,
		URL:       r.Entry.Request.URL,
		Status:    r.Exchange.Status,
		FirstByte: r.Exchange.Timing.FirstByte,
		Total:     r.Exchange.Timing.Total,
		Diagnosis: r.Diagnosis,
		Error:     r.Error,
	}
	for _, h := range r.Entry.Request.Headers {
		if authdoctor.SensitiveHeader(h.Name) {
			e.Credentials = append(e.Credentials, render.CaptureHeader{Name: h.Name, Value: h.Value})
		}
	}
	if pd := r.Entry.Request.PostData; pd != nil {
		for _, k := range redactedKeys(pd.Text) {
			e.Credentials = append(e.Credentials, render.CaptureHeader{Name: "body", Value: k + "=" + authdoctor.Redacted})
		}
	}
	return e
}

// redactedKeys lists, sorted, the keys of a recorded JSON object or form
// body whose value the recording redacted: where the application put a
// credential in the body.
func redactedKeys(body string) []string {
	var keys []string
	body = strings.TrimSpace(body)
	var m map[string]any
	if strings.HasPrefix(body, "{") && json.Unmarshal([]byte(body), &m) == nil {
		for k, v := range m {
			if s, ok := v.(string); ok && strings.Contains(s, authdoctor.Redacted) {
				keys = append(keys, k)
			}
		}
	} else if vs, err := url.ParseQuery(body); err == nil {
		for k, v := range vs {
			if len(v) > 0 && strings.Contains(v[0], authdoctor.Redacted) {
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

// captureStats counts exchanges for the periodic save and the summary.
type captureStats struct {
	mu      sync.Mutex
	n       int
	refused int
	causes  map[authdoctor.Cause]int
}

func (s *captureStats) add(r capture.Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	if r.Diagnosis != nil {
		s.refused++
		if s.causes == nil {
			s.causes = map[authdoctor.Cause]int{}
		}
		s.causes[r.Diagnosis.Verdict.Cause]++
	}
}

// summary returns the counts and the causes seen, most frequent first, as
// ": 2 token_expired, 1 header_malformed".
func (s *captureStats) summary() (n, refused int, causes string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := make([]authdoctor.Cause, 0, len(s.causes))
	for c := range s.causes {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool {
		if s.causes[cs[i]] != s.causes[cs[j]] {
			return s.causes[cs[i]] > s.causes[cs[j]]
		}
		return cs[i] < cs[j]
	})
	parts := make([]string, 0, len(cs))
	for _, c := range cs {
		parts = append(parts, fmt.Sprintf("%d %s", s.causes[c], c))
	}
	if len(parts) > 0 {
		causes = ": " + strings.Join(parts, ", ")
	}
	return s.n, s.refused, causes
}

// lockedWriter serialises writes from the proxy's goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
