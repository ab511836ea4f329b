package issuer

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor"
)

// Defaults of Config.
const (
	// defaultMaxRequests covers both discovery URLs, the key set and
	// introspection.
	defaultMaxRequests = 4
	// defaultMaxBody is far above any real metadata or key set (a few KiB)
	// and small enough to hold in memory per request.
	defaultMaxBody = 256 << 10
)

// Config says what Inspect asks and how. The zero value, with a Client,
// asks nothing: set Issuer and/or JWKS, and ClientID for introspection.
type Config struct {
	// Client sends every request; required. Its redirect policy is
	// replaced: metadata and key-set fetches follow redirects by hand
	// (recorded, counted), introspection never does.
	Client *http.Client
	// Issuer is the issuer URL to discover (the token's iss, or --issuer).
	// Empty: no discovery.
	Issuer string
	// JWKS is a URL or a local file path of a JWK Set; it replaces the
	// metadata's jwks_uri. Only this setting may name a file: a jwks_uri
	// from metadata must be an http or https URL.
	JWKS string
	// Introspect is the RFC 7662 endpoint; empty means the metadata's
	// introspection_endpoint, used only when ClientID is set.
	Introspect string
	// ClientID and ClientSecret authenticate to the introspection endpoint
	// with HTTP Basic (client_secret_basic).
	ClientID     string
	ClientSecret authdoctor.Secret
	// HMACSecret is the shared secret of an HS256/384/512 token, given by
	// the user (inspect --hs-secret-env); zero means none, and an HS*
	// token stays unverifiable. It is scrubbed like the token.
	HMACSecret authdoctor.Secret
	// MaxRequests bounds the requests sent, redirect hops included; 0
	// means 4 (two discovery URLs, the key set, introspection).
	MaxRequests int
	// MaxBody bounds each response read; 0 means 256 KiB. A larger
	// metadata document or key set is reported, not parsed.
	MaxBody int64
	// Now is the clock stamped on each Exchange (Sent, Timing.Total); nil
	// means time.Now.
	Now func() time.Time
}

func (c Config) withDefaults() Config {
	if c.MaxRequests <= 0 {
		c.MaxRequests = defaultMaxRequests
	}
	if c.MaxBody <= 0 {
		c.MaxBody = defaultMaxBody
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// noKeysDetail is what Verify says when it got no key set at all.
const noKeysDetail = "no published keys to check it with"

// Inspect asks the issuer what it knows about token: it fetches the
// metadata when Issuer is set, the keys (JWKS, else the metadata's
// jwks_uri), verifies the token's signature, and introspects the token
// when ClientID is set. It never returns an error: what could not be done
// is in IssuerReport.Problems, one plain line each, without URL query
// strings and never with the token or the client secret. Every request
// sent is in IssuerReport.Exchanges, with the token and secret scrubbed
// from the stored headers and bodies.
func Inspect(ctx context.Context, cfg Config, token authdoctor.Secret) *authdoctor.IssuerReport {
	cfg = cfg.withDefaults()
	basic := ""
	if cfg.ClientID != "" {
		basic = basicCredential(cfg.ClientID, cfg.ClientSecret.Reveal())
	}
	sc := newScrubber(token, cfg.ClientSecret, basic).AddSecret(cfg.HMACSecret)
	f := newFetcher(ctx, cfg.Client, cfg.Now, cfg.MaxBody, cfg.MaxRequests, sc)
	r := &authdoctor.IssuerReport{Issuer: sc.String(cfg.Issuer)}
	problem := func(format string, args ...any) {
		// Scrub again after joining lines: a secret holding a space could
		// reappear when a line break in the text becomes a space.
		r.Problems = append(r.Problems, sc.String(oneLine(sc.String(fmt.Sprintf(format, args...)))))
	}

	// Metadata.
	mismatch := false
	if cfg.Issuer != "" {
		m, u, err := f.discover(cfg.Issuer)
		if err != nil {
			problem("%v", err)
		} else {
			r.Metadata, r.MetadataURL = scrubMetadata(m, sc), sc.String(authdoctor.RedactURL(u))
			if m.Issuer != cfg.Issuer {
				mismatch = true
				problem("the metadata at %s names issuer %q, not %q as asked: RFC 8414 §3.3 requires them identical, so a verifier configured with one rejects tokens of the other",
					showURL(u), showIssuer(sc.String(m.Issuer)), showIssuer(sc.String(cfg.Issuer)))
			}
		}
	}

	// Keys.
	src, fromMeta := cfg.JWKS, false
	if src == "" && r.Metadata != nil {
		src, fromMeta = r.Metadata.JWKSURI, true
		if src == "" {
			problem("the metadata has no jwks_uri: there are no published keys to check the signature with")
		}
	}
	var jwks []byte
	if src != "" {
		var err error
		switch {
		case fromMeta || isHTTP(src):
			r.JWKSURL = sc.String(authdoctor.RedactURL(src))
			if jwks, err = f.getJSON(src); err != nil {
				problem("could not fetch the keys from %s: %v", showURL(src), err)
			}
		default:
			path := strings.TrimPrefix(src, "file://")
			r.JWKSURL = sc.String(path)
			if jwks, err = readFile(path, cfg.MaxBody); err != nil {
				problem("could not read the keys: %v", err)
			}
		}
		if jwks != nil {
			keys, err := Keys(jwks)
			if err != nil {
				problem("the key set from %s is unusable: %v", showSource(sc.String(src)), err)
			}
			r.Keys = scrubKeys(keys, sc)
		}
	}

	// Signature.
	if !token.IsZero() && (src != "" || cfg.Issuer != "" || !cfg.HMACSecret.IsZero()) {
		v := Verify(token.Reveal(), jwks)
		if !cfg.HMACSecret.IsZero() && strings.HasPrefix(strings.ToUpper(v.Alg), "HS") {
			v = VerifyHMAC(token.Reveal(), []byte(cfg.HMACSecret.Reveal()))
		}
		if jwks == nil && v.Detail == noKeysDetail {
			v.Detail = "the issuer's keys could not be fetched, so the signature was not checked"
		}
		v.Alg, v.Kid, v.Detail = shown(sc.String(v.Alg)), shown(sc.String(v.Kid)), sc.String(v.Detail)
		r.Verification = &v
	}

	// Introspection.
	switch {
	case cfg.ClientID != "":
		ep := cfg.Introspect
		if ep == "" && r.Metadata != nil && r.Metadata.IntrospectionEndpoint != "" {
			if mismatch {
				problem("introspection skipped: the endpoint comes from metadata naming another issuer; give the endpoint explicitly to use it anyway")
				break
			}
			ep = r.Metadata.IntrospectionEndpoint
		}
		switch {
		case ep == "":
			problem("introspection skipped: no endpoint given, and no metadata naming one")
		case token.IsZero():
			problem("introspection skipped: no token to introspect")
		default:
			ins, probs := f.introspect(ep, token, basic)
			r.Introspection = ins
			for _, p := range probs {
				problem("%s", p)
			}
		}
	case cfg.Introspect != "":
		problem("introspection skipped: the endpoint requires client authentication (RFC 7662 §2.1) and no client id was given")
	}

	r.Exchanges = f.exchanges
	return r
}

// isHTTP reports whether s names an http or https URL rather than a file.
func isHTTP(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// showIssuer is an issuer as Problems quote it: the URL without query,
// or, when it is no URL, the value made printable.
func showIssuer(s string) string {
	if u := showURL(s); u != "[not a URL]" {
		return u
	}
	return shown(s)
}

// showSource is a key-set source as Problems quote it.
func showSource(src string) string {
	if isHTTP(src) {
		return showURL(src)
	}
	return shown(strings.TrimPrefix(src, "file://"))
}

// readFile reads at most limit bytes of a local key set.
func readFile(path string, limit int64) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open key set: %w", err)
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read key set: %w", err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("read key set: %s is larger than %d bytes", shown(path), limit)
	}
	return data, nil
}

// scrubMetadata returns a copy of m with every value scrubbed.
func scrubMetadata(m *authdoctor.IssuerMetadata, sc *authdoctor.Scrubber) *authdoctor.IssuerMetadata {
	c := *m
	for _, p := range []*string{&c.Issuer, &c.JWKSURI, &c.TokenEndpoint, &c.IntrospectionEndpoint, &c.RevocationEndpoint} {
		*p = sc.String(*p)
	}
	c.SigningAlgs = sc.Strings(append([]string(nil), m.SigningAlgs...))
	c.AuthMethods = sc.Strings(append([]string(nil), m.AuthMethods...))
	c.ScopesSupported = sc.Strings(append([]string(nil), m.ScopesSupported...))
	return &c
}

// scrubKeys scrubs then shortens (in that order, so that a cut cannot
// leave the start of a secret behind) the descriptions of keys in place.
func scrubKeys(keys []authdoctor.JWK, sc *authdoctor.Scrubber) []authdoctor.JWK {
	for i, k := range keys {
		keys[i] = authdoctor.JWK{Kid: shown(sc.String(k.Kid)), Kty: shown(sc.String(k.Kty)), Alg: shown(sc.String(k.Alg)), Use: shown(sc.String(k.Use))}
	}
	return keys
}

// oneLine keeps a problem on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
