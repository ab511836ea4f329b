package har

import (
	"encoding/base64"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/authdoctor/authdoctor"
)

// timeLayout is how startedDateTime is written: ISO 8601 with
// milliseconds, as browsers write it.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

// FromExchange records an exchange as a HAR entry, for the capture proxy.
// Nothing in it is in clear that could be a credential: request headers
// are written with Field.Display (credential headers redacted, scheme word
// kept), the URL with authdoctor.RedactURL, sensitive response headers
// (Set-Cookie…) redacted, and the request and text response bodies passed
// through authdoctor.ScrubText. A binary response body is written as
// base64. Timings come from x.Timing and startedDateTime from x.Sent.
func FromExchange(x authdoctor.Exchange, reqBody string) Entry {
	u := authdoctor.RedactURL(x.URL)
	e := Entry{
		StartedDateTime: x.Sent.Format(timeLayout),
		Time:            millis(x.Timing.Total),
		Request: Request{
			Method:      x.Method,
			URL:         u,
			HTTPVersion: proto(x.Proto),
			Cookies:     []Cookie{},
			Headers:     []NameValue{},
			QueryString: query(u),
			HeadersSize: -1,
			BodySize:    int64(len(reqBody)),
		},
		Response: Response{
			Status:      x.Status,
			StatusText:  http.StatusText(x.Status),
			HTTPVersion: proto(x.Proto),
			Cookies:     []Cookie{},
			Headers:     []NameValue{},
			HeadersSize: -1,
			BodySize:    int64(len(x.Body)),
		},
		Timings: timings(x.Timing),
	}
	if x.Status == 0 {
		e.Response.BodySize = -1
	}
	ct := ""
	for _, f := range x.RequestHeader {
		e.Request.Headers = append(e.Request.Headers, NameValue{Name: f.Name, Value: f.Display()})
		if strings.EqualFold(f.Name, "content-type") {
			ct = f.Value.Reveal()
		}
	}
	if reqBody != "" {
		e.Request.PostData = &PostData{MimeType: ct, Text: authdoctor.ScrubText(reqBody)}
	}
	keys := make([]string, 0, len(x.Header))
	for k := range x.Header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range x.Header[k] {
			f := authdoctor.Field{Name: k, Value: authdoctor.NewSecret(v)}
			// Display hides credential headers; ScrubText catches a token a
			// server echoes in any other header (a challenge's description).
			e.Response.Headers = append(e.Response.Headers, NameValue{Name: k, Value: authdoctor.ScrubText(f.Display())})
		}
	}
	e.Response.Content = Content{Size: int64(len(x.Body)), MimeType: x.Header.Get("Content-Type")}
	switch {
	case len(x.Body) == 0:
	case utf8.Valid(x.Body):
		e.Response.Content.Text = authdoctor.ScrubText(string(x.Body))
	default:
		e.Response.Content.Text = base64.StdEncoding.EncodeToString(x.Body)
		e.Response.Content.Encoding = "base64"
	}
	if x.BodyTruncated {
		e.Response.Content.Comment = "truncated by authdoctor"
	}
	switch {
	case x.Redirect != nil:
		e.Response.RedirectURL = authdoctor.RedactURL(x.Redirect.Location)
	case x.Header.Get("Location") != "":
		e.Response.RedirectURL = authdoctor.RedactURL(x.Header.Get("Location"))
	}
	return e
}

func proto(p string) string {
	if p == "" {
		return "HTTP/1.1"
	}
	return p
}

// query lists the (already redacted) URL's query parameters in order.
func query(raw string) []NameValue {
	out := []NameValue{}
	u, err := url.Parse(raw)
	if err != nil || u.RawQuery == "" {
		return out
	}
	for _, p := range strings.Split(u.RawQuery, "&") {
		k, v, _ := strings.Cut(p, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if dv, err := url.QueryUnescape(v); err == nil {
			v = dv
		}
		out = append(out, NameValue{Name: k, Value: v})
	}
	return out
}

// millis is d in milliseconds, to the microsecond.
func millis(d time.Duration) float64 {
	return math.Round(float64(d)/1e3) / 1e3
}

// timings maps authdoctor's phases to HAR's. HAR's connect includes the
// TLS handshake; what the phases do not account for is counted as
// receive. A phase that did not happen is -1.
func timings(t authdoctor.Timing) Timings {
	opt := func(d time.Duration) float64 {
		if d == 0 {
			return -1
		}
		return millis(d)
	}
	h := Timings{Blocked: -1, DNS: opt(t.DNS), Connect: -1, SSL: opt(t.TLS), Wait: millis(t.FirstByte)}
	if t.Connect != 0 || t.TLS != 0 {
		h.Connect = millis(t.Connect + t.TLS)
	}
	if rest := t.Total - t.DNS - t.Connect - t.TLS - t.FirstByte; rest > 0 {
		h.Receive = millis(rest)
	}
	return h
}

// Exchange turns a recorded entry back into an Exchange, so checks can run
// on recorded traffic. Request headers are Secrets (pseudo-headers
// skipped), the response body is decoded from base64 when it was stored
// so, and the values of the sensitive request headers are scrubbed from it
// as the prober would. Sent is zero when startedDateTime does not parse.
func (e *Entry) Exchange() authdoctor.Exchange {
	x := authdoctor.Exchange{
		Method: strings.ToUpper(e.Request.Method),
		URL:    e.Request.URL,
		Status: e.Response.Status,
		Proto:  e.Response.HTTPVersion,
		Header: http.Header{},
		Timing: authdoctor.Timing{
			DNS:       dur(e.Timings.DNS),
			Connect:   dur(e.Timings.Connect - math.Max(e.Timings.SSL, 0)),
			TLS:       dur(e.Timings.SSL),
			FirstByte: dur(e.Timings.Wait),
			Total:     dur(e.Time),
		},
	}
	x.Sent, _ = e.Started()
	for _, h := range e.Request.Headers {
		if strings.HasPrefix(h.Name, ":") || h.Name == "" {
			continue
		}
		x.RequestHeader = append(x.RequestHeader, authdoctor.Field{Name: h.Name, Value: authdoctor.NewSecret(h.Value), Origin: authdoctor.OriginFile})
	}
	for _, h := range e.Response.Headers {
		if strings.HasPrefix(h.Name, ":") || h.Name == "" {
			continue
		}
		x.Header.Add(h.Name, h.Value)
	}
	if d := x.Header.Get("Date"); d != "" {
		if t, err := http.ParseTime(d); err == nil {
			x.ServerDate = t
		}
	}
	if body, err := e.Response.Content.Body(); err == nil {
		x.Body = authdoctor.ScrubberFor(authdoctor.Request{URL: x.URL, Header: x.RequestHeader}).Bytes(body, false)
	}
	return x
}

func dur(ms float64) time.Duration {
	if ms <= 0 || math.IsNaN(ms) || ms > 1e12 {
		return 0
	}
	return time.Duration(ms * float64(time.Millisecond))
}
