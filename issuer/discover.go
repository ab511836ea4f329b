package issuer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor"
)

// Well-known paths of the two discovery documents.
const (
	// oidcSuffix is appended to the issuer (OpenID Connect Discovery 1.0 §4.1).
	oidcSuffix = "/.well-known/openid-configuration"
	// oauthPrefix is inserted between host and path (RFC 8414 §3.1).
	oauthPrefix = "/.well-known/oauth-authorization-server"
)

// discoverBudget is the requests Discover may send on its own: both
// documents, each with its redirects.
const discoverBudget = 2 * (1 + maxRedirects)

// Discover fetches the issuer's metadata: OpenID Connect discovery first
// ({issuer}/.well-known/openid-configuration), then RFC 8414
// ({scheme://host}/.well-known/oauth-authorization-server{path}). It
// returns the metadata, the URL it came from and every request sent. A
// document whose issuer member differs from issuer is still returned: the
// mismatch is a finding (RFC 8414 §3.3), not a failure to look. The error
// says why neither document could be used; it never quotes a query string.
func Discover(ctx context.Context, c *http.Client, issuer string) (*authdoctor.IssuerMetadata, string, []authdoctor.Exchange, error) {
	if c == nil {
		return nil, "", nil, fmt.Errorf("discover issuer metadata: %w", errNoClient)
	}
	f := newFetcher(ctx, c, time.Now, defaultMaxBody, discoverBudget, nil)
	m, u, err := f.discover(issuer)
	return m, u, f.exchanges, err
}

// discover tries the well-known URLs of issuer in order.
func (f *fetcher) discover(issuer string) (*authdoctor.IssuerMetadata, string, error) {
	urls, err := wellKnown(issuer)
	if err != nil {
		return nil, "", fmt.Errorf("discover issuer metadata: %w", err)
	}
	var tries []error
	for _, u := range urls {
		body, err := f.getJSON(u)
		if err == nil {
			var m *authdoctor.IssuerMetadata
			if m, err = parseMetadata(body); err == nil {
				return m, u, nil
			}
		}
		tries = append(tries, fmt.Errorf("%s: %w", showURL(u), err))
		if errors.Is(err, errBudget) || f.ctx.Err() != nil {
			break
		}
	}
	return nil, "", fmt.Errorf("discover issuer metadata: %w", &attemptsError{tries})
}

// attemptsError joins the failures of several attempts on one line.
type attemptsError struct{ errs []error }

func (e *attemptsError) Error() string {
	msgs := make([]string, len(e.errs))
	for i, err := range e.errs {
		msgs[i] = err.Error()
	}
	return strings.Join(msgs, "; ")
}

func (e *attemptsError) Unwrap() []error { return e.errs }

// wellKnown returns the OpenID Connect and the RFC 8414 metadata URLs of
// issuer. An issuer is an http or https URL without query or fragment
// (RFC 8414 §2).
func wellKnown(issuer string) ([]string, error) {
	u, err := httpURL(issuer)
	if err != nil {
		return nil, fmt.Errorf("the issuer is %w", err)
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || u.User != nil {
		return nil, errors.New("the issuer URL has a query, fragment or user info, which RFC 8414 §2 forbids")
	}
	oidc := strings.TrimSuffix(issuer, "/") + oidcSuffix
	// RFC 8414 §3.1: a terminating "/" is removed before inserting the
	// well-known segment between host and path.
	path := strings.TrimSuffix(u.EscapedPath(), "/")
	oauth := u.Scheme + "://" + u.Host + oauthPrefix + path
	return []string{oidc, oauth}, nil
}

// parseMetadata reads a metadata document: a JSON object with a string
// issuer member.
func parseMetadata(body []byte) (*authdoctor.IssuerMetadata, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("is not a JSON object: %s", jsonProblem(err))
	}
	iss, ok := raw["issuer"]
	if !ok {
		return nil, errors.New("has no issuer member")
	}
	var s string
	if json.Unmarshal(iss, &s) != nil || s == "" {
		return nil, errors.New("has an issuer member that is not a non-empty string")
	}
	var m authdoctor.IssuerMetadata
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("is not valid metadata: %s", jsonProblem(err))
	}
	return &m, nil
}

// jsonProblem words a JSON decoding error without quoting the input.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		if te.Field != "" {
			return fmt.Sprintf("member %s holds a %s", te.Field, te.Value)
		}
		return fmt.Sprintf("found a %s", te.Value)
	case errors.As(err, &se):
		return fmt.Sprintf("syntax error at byte %d", se.Offset)
	}
	return "empty or cut short"
}
