package check

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor"
)

// signedURL is a URL that carries its own credential in the query by
// design: an Azure Storage shared access signature, an S3 presigned URL,
// a Google Cloud Storage V4 signed URL. The server reads the signature
// there; it is not a token put in the query by mistake.
type signedURL struct {
	// Kind names the scheme for evidence: "Azure SAS", "S3 presigned URL".
	Kind string
	// Param is the query parameter holding the signature.
	Param string
	// Expires is when the signature stops being valid; zero when the URL
	// does not say.
	Expires time.Time
	// Said is how the URL states its expiry, for evidence.
	Said string
}

// signedURLKinds describe the signed-URL schemes: the parameter that
// carries the signature and how the expiry is written. Azure's se= is an
// ISO 8601 UTC time (learn.microsoft.com, "Create a service SAS"); S3's
// and GCS's V4 form is a start (X-Amz-Date, X-Goog-Date: yyyymmddThhmmssZ)
// plus a lifetime in seconds (X-Amz-Expires, X-Goog-Expires; AWS SigV4
// "Authenticating requests: using query parameters").
var signedURLKinds = []struct {
	kind, sig, need string
	absolute        string // parameter holding an absolute expiry
	start, lifetime string // parameters holding a start and a lifetime
}{
	{kind: "Azure SAS", sig: "sig", need: "sv", absolute: "se"},
	{kind: "S3 presigned URL", sig: "X-Amz-Signature", need: "X-Amz-Credential", start: "X-Amz-Date", lifetime: "X-Amz-Expires"},
	{kind: "GCS signed URL", sig: "X-Goog-Signature", need: "X-Goog-Credential", start: "X-Goog-Date", lifetime: "X-Goog-Expires"},
}

// parseSignedURL reads raw as a signed URL; false when it is not one.
func parseSignedURL(raw string) (signedURL, bool) {
	u, err := url.Parse(raw)
	if err != nil {
		return signedURL{}, false
	}
	q := u.Query()
	get := func(k string) string {
		for name, vs := range q {
			if strings.EqualFold(name, k) && len(vs) > 0 {
				return vs[0]
			}
		}
		return ""
	}
	for _, k := range signedURLKinds {
		if get(k.sig) == "" || get(k.need) == "" {
			continue
		}
		s := signedURL{Kind: k.kind, Param: k.sig}
		if k.absolute != "" {
			if t, err := time.Parse(time.RFC3339, get(k.absolute)); err == nil {
				s.Expires, s.Said = t.UTC(), fmt.Sprintf("%s=%s", k.absolute, get(k.absolute))
			} else if t, err := time.Parse("2006-01-02", get(k.absolute)); err == nil {
				s.Expires, s.Said = t.UTC(), fmt.Sprintf("%s=%s", k.absolute, get(k.absolute))
			}
		} else if start, err := time.Parse("20060102T150405Z", get(k.start)); err == nil {
			if secs, err := strconv.Atoi(get(k.lifetime)); err == nil && secs >= 0 {
				s.Expires = start.Add(time.Duration(secs) * time.Second)
				s.Said = fmt.Sprintf("%s=%s plus %s=%d s", k.start, get(k.start), k.lifetime, secs)
			}
		}
		return s, true
	}
	return signedURL{}, false
}

// signedURLExpiredPhrases are what storage services say about a signed
// URL past its time: S3 "Request has expired", Azure "Signature not valid
// in the specified time frame", GCS "Request has expired".
var signedURLExpiredPhrases = []string{"request has expired", "expired", "not valid in the specified time frame"}

// credentialSignedURLExpired: the credential of a signed URL (Azure SAS
// se=, S3 X-Amz-Date + X-Amz-Expires) has run out and the request was
// refused. Storage services compare the expiry without leeway, so one
// second past is past.
func credentialSignedURLExpired(in *Input) []authdoctor.Finding {
	s, ok := parseSignedURL(in.Obs.Request.URL)
	if !ok || s.Expires.IsZero() || in.Final() == nil {
		return nil
	}
	st := in.Status()
	if st != 401 && st != 403 {
		return nil
	}
	server, _, hasServer := in.ServerClock()
	local := in.Obs.Now
	expLocal := !local.Before(s.Expires)
	expServer := hasServer && !server.Before(s.Expires)
	if !expServer && !(expLocal && !hasServer) {
		return nil // by the server's clock it has not run out: clock skew's question
	}
	clock := local
	if hasServer {
		clock = server
	}
	ev := []string{fmt.Sprintf("%s: %s expires %s (%s)", s.Kind, s.Param, stamp(s.Expires), s.Said)}
	if hasServer {
		ev = append(ev, fmt.Sprintf("%s by the server's Date (%s)", ago(s.Expires, server), stamp(server)))
	} else {
		ev = append(ev, fmt.Sprintf("%s by this machine's clock", ago(s.Expires, local)))
	}
	conf := authdoctor.Likely
	r := in.Parse(in.Final())
	if phrase, ok := r.Body.Has(signedURLExpiredPhrases...); ok {
		conf = authdoctor.Confirmed
		ev = append(ev, fmt.Sprintf("the server says %q", phrase))
	}
	ev = append(ev, Describe(in.Auth), serverSaid(r))
	fs := found(authdoctor.SeverityError, conf,
		fmt.Sprintf("The %s expired %s (at %s): the signature in the URL is no longer valid.", s.Kind, ago(s.Expires, clock), stamp(s.Expires)), ev...)
	fs[0].Fix = "Generate a new signed URL with a validity that covers the time of use (and the clock difference between the signer and the storage service), then retry with it."
	return fs
}
