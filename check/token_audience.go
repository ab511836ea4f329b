package check

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// graphAudiences are Microsoft Graph's audience values: a token for Graph
// sent to another API is the classic Azure AD mistake (root-causes C28).
var graphAudiences = []string{"00000003-0000-0000-c000-000000000000", "https://graph.microsoft.com"}

// tokenAudience: the JWT's aud does not name this API — neither the
// --audience given nor, when aud holds URLs, the target's origin
// (RFC 7519 §4.1.3).
func tokenAudience(in *Input) []authdoctor.Finding {
	c := in.Primary()
	if c != nil && in.Failed() && in.sentOnFinal() {
		if fs := clientMismatchSaid(in, c); fs != nil {
			return fs
		}
	}
	if c == nil || c.Info.JWT == nil || !in.Failed() {
		return nil
	}
	aud := c.Info.JWT.Aud
	target := in.Obs.Request.URL
	if f := in.Final(); f != nil {
		target = f.URL
	}
	var ev []string
	want := in.Obs.Expect.Audience
	given := "--audience"
	if len(want) == 0 {
		if svc := in.challengedService(); svc != "" {
			want, given = []string{svc}, "the challenge's service="
			ev = append(ev, fmt.Sprintf("the server's challenge names service=%q: the audience its tokens must carry (Docker registry token specification)", svc))
		}
	}
	if len(want) == 0 && target == "" {
		// Nothing to judge aud against: no --audience, no challenge
		// naming one, no URL the token goes to (inspect without --url).
		return nil
	}
	if len(aud) == 0 {
		if len(want) == 0 {
			return nil
		}
		ev = append(ev, fmt.Sprintf("the token has no aud claim; this API expects %s (%s)", strings.Join(want, " "), given))
		ev = append(ev, Describe(in.Auth), serverSaid(in.Parse(in.Final())))
		return found(authdoctor.SeverityError, authdoctor.Likely,
			fmt.Sprintf("The token names no audience, and this API accepts only tokens issued for %s.", strings.Join(want, " ")), ev...)
	}
	graph := false
	switch {
	case len(want) > 0:
		if len(intersect(aud, want)) > 0 {
			return nil
		}
		ev = append(ev, fmt.Sprintf("aud %s; this API expects %s (%s)", strings.Join(aud, " "), strings.Join(want, " "), given))
	case len(intersect(aud, graphAudiences)) > 0 && !strings.Contains(hostOf(target), "graph.microsoft.com"):
		graph = true
		ev = append(ev, fmt.Sprintf("aud %s is Microsoft Graph; the request goes to %s", strings.Join(aud, " "), hostOf(target)))
	default:
		// Without --audience, judge only URL audiences against the target.
		for _, a := range aud {
			u, err := url.Parse(a)
			if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") || audienceCovers(u, target) {
				return nil // api://…, urn:… and plain names are identifiers, not locations
			}
		}
		goes := "the request goes to"
		if in.Auth == nil {
			goes = "the token is meant for" // inspect --url: nothing was sent
		}
		ev = append(ev, fmt.Sprintf("aud %s; %s %s", strings.Join(aud, " "), goes, originOf(authdoctor.RedactURL(target))))
	}
	conf := authdoctor.Likely
	if len(want) == 0 && !graph && !otherSite(aud, hostOf(target)) {
		// Guessed from the target's host alone, and the names are close
		// (an IP, a sibling name): clusters and gateways are often called
		// by another name than their audience.
		conf = authdoctor.Possible
	}
	if phrase, ok := in.Said("audience", "aud", "invalid audience", "idx10214"); ok {
		conf = authdoctor.Confirmed
		ev = append(ev, fmt.Sprintf("the server says %q", phrase))
	}
	ev = append(ev, Describe(in.Auth), serverSaid(in.Parse(in.Final())))
	fs := found(authdoctor.SeverityError, conf, fmt.Sprintf("The token was issued for another API (aud %s), not for this one.", strings.Join(aud, " ")), ev...)
	return fs
}

// challengedService is the service= parameter of a Bearer challenge on
// the final answer or the baseline: a Docker registry names there the
// audience its tokens must carry.
func (in *Input) challengedService() string {
	for _, p := range []*authdoctor.Probe{in.Auth, in.Baseline} {
		if p == nil {
			continue
		}
		for _, ch := range in.Parse(p.Final()).Challenges {
			if !ch.Is("Bearer") {
				continue
			}
			if v, ok := ch.Param("service"); ok && v != "" {
				return v
			}
		}
	}
	return ""
}

// audienceCovers reports whether an audience URL names the target: the
// same origin, and a path the target's path starts with.
func audienceCovers(aud *url.URL, target string) bool {
	t, err := url.Parse(target)
	if err != nil {
		return false
	}
	if !strings.EqualFold(aud.Scheme, t.Scheme) || !strings.EqualFold(aud.Host, t.Host) {
		return false
	}
	return strings.HasPrefix(t.Path, strings.TrimSuffix(aud.Path, "/"))
}

// otherSite reports whether every URL audience is on another site than
// host: a different parent domain, with host a name, not an IP address.
func otherSite(aud []string, host string) bool {
	if host == "" || net.ParseIP(host) != nil || isLoopback(host) {
		return false
	}
	for _, a := range aud {
		u, err := url.Parse(a)
		if err != nil || u.Hostname() == "" {
			return false
		}
		if parentDomain(u.Hostname()) == parentDomain(host) {
			return false
		}
	}
	return true
}

func parentDomain(h string) string {
	labels := strings.Split(strings.ToLower(strings.TrimSuffix(h, ".")), ".")
	if len(labels) <= 2 {
		return strings.Join(labels, ".")
	}
	return strings.Join(labels[len(labels)-2:], ".")
}

// clientMismatchWords are a server saying the token was issued to another
// client than the request names: Twitch's 401 "Client ID and OAuth token
// do not match" (its Client-Id header must be the application the token
// was minted for), "token does not belong to this client".
var clientMismatchWords = regexp.MustCompile(`\bclient[ _-]?id and (?:the )?(?:oauth |access |bearer )?token do(?: not|n't) match\b` +
	`|\b(?:oauth |access )?token (?:does not|doesn't) (?:match|belong to) (?:the |this |your )?(?:client[ _-]?id|client|application)\b` +
	`|\btoken (?:was )?issued (?:to|for) (?:another|a different) (?:client|application)\b`)

// clientMismatchSaid is tokenAudience for any token, JWT or opaque, when
// the server says in words that the token belongs to another client.
func clientMismatchSaid(in *Input, c *Cred) []authdoctor.Finding {
	r := in.Parse(in.Final())
	m := clientMismatchWords.FindString(r.Body.Text)
	if m == "" {
		return nil
	}
	ev := []string{Describe(in.Auth), fmt.Sprintf("the server says %q: the token was issued to another application than the one this request names", m)}
	for _, f := range in.Obs.Request.Header {
		if n := strings.ToLower(f.Name); n == "client-id" || n == "x-client-id" || n == "client_id" {
			ev = append(ev, fmt.Sprintf("the request names its application in %s", f.Name))
			break
		}
	}
	ev = append(ev, serverSaid(r))
	fs := found(authdoctor.SeverityError, authdoctor.Likely,
		fmt.Sprintf("The token in %s was issued to another application (client) than the one this request names.", c.Name()), ev...)
	fs[0].Fix = "Send the client id of the application the token was issued to, or get a token for this client id."
	return fs
}
