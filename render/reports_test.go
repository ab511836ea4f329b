package render

import (
	"net/http"
	"time"

	"github.com/authdoctor/authdoctor"
)

// The hand-built reports behind the golden files. Each takes the secret to
// put in every Secret (and in what the server echoes), so the canary test
// can run them with a marked value.

// now is the fixed local time of every report.
var now = time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)

// Canaries: credential-shaped values that must never be printed. The core
// strings are distinctive pieces the canary test looks for in the output.
const (
	canaryJWT     = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImxhYi0xIn0.eyJjYW5hcnkiOiJDQU5BUllKV1Q3cTlaIn0.Q0FOQVJZU0lHN3E5WnNpZ25hdHVyZWJ5dGVz"
	canaryKey     = "sk_live_CANARYKEY7q9Zx4Lm2Pw8Rt6Yv"
	canaryJWTCore = "CANARYJWT7q9Z"
	canaryKeyCore = "CANARYKEY7q9Z"
)

// reportCase is one hand-built report and its golden name.
type reportCase struct {
	name string
	// secret is the canary the golden files are made with.
	secret string
	build  func(secret string) authdoctor.Run
}

// reportCases are the reports the golden, canary and JSON tests share.
var reportCases = []reportCase{
	{"accepted", canaryKey, acceptedReport},
	{"token_expired", canaryJWT, expiredReport},
	{"redirect_dropped", canaryJWT, redirectReport},
	{"unreachable", canaryKey, unreachableReport},
}

// fields makes request fields, every value a Secret.
func fields(kv ...string) []authdoctor.Field {
	var out []authdoctor.Field
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, authdoctor.Field{Name: kv[i], Value: authdoctor.NewSecret(kv[i+1])})
	}
	return out
}

func ms(n float64) time.Duration { return time.Duration(n * float64(time.Millisecond)) }

func acceptedReport(secret string) authdoctor.Run {
	const u = "http://127.0.0.1:4000/api/orders?page=2&access_token=" + canaryKey
	auth := fields("Accept", "application/json", "Authorization", "Bearer "+secret)
	req := authdoctor.Request{Method: "GET", URL: u, Header: auth, Body: authdoctor.NewSecret(secret)}
	return authdoctor.Run{
		Version: "v0.1.0-test",
		Observation: &authdoctor.Observation{
			Request:     req,
			Now:         now,
			MaxRequests: 6,
			Probes: []authdoctor.Probe{
				{
					Role: authdoctor.RoleBaseline, Label: "without credentials", Request: req.Without(),
					Hops: []authdoctor.Exchange{{
						Method: "GET", URL: u, RequestHeader: fields("Accept", "application/json"),
						Sent: now, Status: 401, Proto: "HTTP/1.1",
						Header: http.Header{
							"Www-Authenticate": {`Bearer realm="lab"`},
							"Content-Type":     {"application/json"},
							"Date":             {"Sat, 14 Mar 2026 09:26:53 GMT"},
						},
						Body:       []byte(`{"error":"unauthorized"}`),
						ServerDate: now,
						Timing:     authdoctor.Timing{DNS: 0, Connect: ms(0.4), FirstByte: ms(11.2), Total: ms(12.46)},
					}},
				},
				{
					Role: authdoctor.RoleAuthenticated, Label: "as given", Request: req,
					Hops: []authdoctor.Exchange{{
						Method: "GET", URL: u, RequestHeader: auth,
						Sent: now.Add(13 * time.Millisecond), Status: 200, Proto: "HTTP/1.1",
						Header: http.Header{
							"Content-Type": {"application/json"},
							"Set-Cookie":   {"session=" + secret + "; HttpOnly", "theme=dark"},
							"X-Request-Id": {"req-42"},
							"X-Echo":       {"Bearer " + secret},
						},
						Body:       []byte(`{"orders":[],"echo":"` + secret + `"}`),
						ServerDate: now,
						Timing:     authdoctor.Timing{FirstByte: ms(0.6), Total: ms(0.9)},
					}},
				},
			},
		},
		Diagnosis: authdoctor.Diagnosis{
			Verdict: authdoctor.Verdict{
				Cause:      authdoctor.CauseAccepted,
				Confidence: authdoctor.Confirmed,
				Summary:    "The server accepted the request: 200 OK with the credential, 401 without it.",
				Fix:        "Nothing to fix here; if your application still fails, compare what it sends with this request.",
			},
			Findings: []authdoctor.Finding{
				{
					ID: "transport.plain-http", Cause: authdoctor.CauseInsecureTransport, Severity: authdoctor.SeverityWarning,
					Confidence: authdoctor.Confirmed,
					Summary:    "The credential was sent over plain http://.",
					Evidence:   []string{"URL scheme is http, host 127.0.0.1 (loopback)"},
					Fix:        "Use the https:// URL outside a test machine.",
					Doc:        authdoctor.CauseInsecureTransport.Doc(),
				},
				{
					ID: "request.token-in-query", Cause: authdoctor.CauseCredentialExposed, Severity: authdoctor.SeverityInfo,
					Confidence: authdoctor.Likely,
					Summary:    "A credential is in the query string (access_token), where logs keep it.",
					Fix:        "Send it in the Authorization header instead.",
				},
			},
			Checklist: []authdoctor.ChecklistItem{
				{ID: "endpoint", Label: "Endpoint and method confirmed", Status: authdoctor.Pass, Detail: "401 without credential, 200 with it"},
				{ID: "credential", Label: "Credential accepted", Status: authdoctor.Pass},
				{ID: "scopes", Label: "Scopes verified", Status: authdoctor.NotChecked},
			},
			Credential: &authdoctor.Credential{
				Header: "Authorization", Scheme: "Bearer", Kind: "api_key", Length: len(secret),
				Fingerprint: authdoctor.Fingerprint(secret), Prefix: "sk_live_", Vendor: "stripe", Environment: "live",
			},
		},
	}
}

func expiredReport(secret string) authdoctor.Run {
	const u = "http://127.0.0.1:4000/api/orders"
	auth := fields("Authorization", "Bearer "+secret, "User-Agent", "authdoctor/0.1", "X-Trace", secret)
	req := authdoctor.Request{Method: "GET", URL: u, Header: auth}
	corrupted := fields("Authorization", "Bearer "+secret+"x", "User-Agent", "authdoctor/0.1")
	challengeBare := http.Header{"Www-Authenticate": {`Bearer realm="lab"`}, "Content-Type": {"application/json"}}
	challengeExp := http.Header{
		"Www-Authenticate": {`Bearer realm="lab", error="invalid_token", error_description="The access token expired"`},
		"Content-Type":     {"application/json; charset=utf-8"},
		"Retry-After":      {"0"},
		"X-Debug-Token":    {secret},
	}
	// A long body the prober also cut, with the secret across the point
	// where JSON cuts it: a cut made before scrubbing would leave its start.
	long := []byte(`{"error":"invalid_token","error_description":"The access token expired","detail":"`)
	for len(long) < jsonBodyLimit-20 {
		long = append(long, "lorem ipsum é "...)
	}
	long = long[:jsonBodyLimit-20]
	long = append(long, " echo "+secret+"\"}"...)
	exp := now.Add(-2*time.Hour - 5*time.Minute)
	iat := exp.Add(-time.Hour)
	return authdoctor.Run{
		Version: "v0.1.0-test",
		Observation: &authdoctor.Observation{
			Request:     req,
			Now:         now,
			MaxRequests: 6,
			Skipped:     []string{"confirm: no fresh token to confirm with"},
			Probes: []authdoctor.Probe{
				{
					Role: authdoctor.RoleBaseline, Label: "without credentials", Request: req.Without(),
					Hops: []authdoctor.Exchange{{
						Method: "GET", URL: u, RequestHeader: fields("User-Agent", "authdoctor/0.1"),
						Sent: now, Status: 401, Proto: "HTTP/1.1", Header: challengeBare,
						Body:   []byte(`{"error":"unauthorized"}`),
						Timing: authdoctor.Timing{Connect: ms(0.3), FirstByte: ms(2.1), Total: ms(2.5)},
					}},
				},
				{
					Role: authdoctor.RoleAuthenticated, Label: "as given", Request: req,
					Hops: []authdoctor.Exchange{{
						Method: "GET", URL: u, RequestHeader: auth,
						Sent: now, Status: 401, Proto: "HTTP/1.1", Header: challengeExp,
						Body: long, BodyTruncated: true, ServerDate: now.Add(3 * time.Second),
						Timing: authdoctor.Timing{FirstByte: ms(10400), Total: ms(10460)},
					}},
				},
				{
					Role: authdoctor.RoleCorrupted, Label: "token with its last byte changed",
					Request: req.With(corrupted[0]),
					Hops: []authdoctor.Exchange{{
						Method: "GET", URL: u, RequestHeader: corrupted,
						Sent: now, Status: 401, Proto: "HTTP/1.1",
						Header: http.Header{"Www-Authenticate": {`Bearer realm="lab", error="invalid_token", error_description="bad signature"`}},
						Timing: authdoctor.Timing{FirstByte: ms(1.5), Total: ms(1.6)},
					}},
				},
			},
		},
		Diagnosis: authdoctor.Diagnosis{
			Verdict: authdoctor.Verdict{
				Cause:      authdoctor.CauseTokenExpired,
				Confidence: authdoctor.Confirmed,
				Summary:    "The token expired 2h ago, and the server says so (error=\"invalid_token\").",
				Fix:        "Get a new token (refresh it or log in again) and make the client refresh before expiry.",
				Finding:    "token.exp-passed",
			},
			Findings: []authdoctor.Finding{
				{
					ID: "token.exp-passed", Cause: authdoctor.CauseTokenExpired, Severity: authdoctor.SeverityError,
					Confidence: authdoctor.Confirmed,
					Summary:    "The token's exp is 2h5m before the request.",
					Evidence: []string{
						"exp 2026-03-14T07:21:53Z, sent 2026-03-14T09:26:53Z, server Date 2026-03-14T09:26:56Z",
						`server said: error="invalid_token", "The access token expired"`,
					},
					Fix: "Get a new token (refresh it or log in again) and make the client refresh before expiry.",
					Doc: authdoctor.CauseTokenExpired.Doc(),
				},
				{
					ID: "request.secret-in-argv", Cause: authdoctor.CauseCredentialExposed, Severity: authdoctor.SeverityWarning,
					Confidence: authdoctor.Confirmed,
					Summary:    "The token was typed on the command line, where ps and shell history keep it.",
					Evidence:   []string{"Authorization came from argv (literal)"},
					Fix:        "Pass it as -H 'Authorization: Bearer $TOKEN' or with --token-file.",
					Doc:        authdoctor.CauseCredentialExposed.Doc(),
				},
				{
					ID: "token.issuer", Cause: authdoctor.CauseTokenRejected, Severity: authdoctor.SeverityInfo,
					Confidence: authdoctor.Possible,
					Summary:    "Issued by https://issuer.lab.test/ for audience lab-api.",
				},
			},
			Checklist: []authdoctor.ChecklistItem{
				{ID: "endpoint", Label: "Endpoint and method confirmed", Status: authdoctor.Pass, Detail: "401 without credential"},
				{ID: "header", Label: "Header well formed", Status: authdoctor.Pass},
				{ID: "expiry", Label: "Token expiry checked", Status: authdoctor.Fail, Detail: "expired 2h ago"},
				{ID: "scopes", Label: "Scopes verified", Status: authdoctor.NotChecked},
			},
			Credential: &authdoctor.Credential{
				Header: "Authorization", Scheme: "Bearer", Kind: "jwt", Length: len(secret),
				Fingerprint: authdoctor.Fingerprint(secret),
				JWT: &authdoctor.JWT{
					Alg: "RS256", Kid: "lab-1", Typ: "at+jwt", Iss: "https://issuer.lab.test/",
					Aud: []string{"lab-api"}, SubFingerprint: authdoctor.Fingerprint("user-7"),
					ClientID: "cli-app", Scopes: []string{"orders:read", "profile"},
					Exp: &exp, Iat: &iat, Nbf: &iat,
				},
			},
		},
	}
}

func redirectReport(secret string) authdoctor.Run {
	const (
		u1 = "http://127.0.0.1:4000/api/orders"
		u2 = "https://localhost:4443/api/orders"
	)
	auth := fields("Authorization", "Bearer "+secret, "Cookie", "sid="+secret)
	noAuth := fields("Accept", "*/*")
	req := authdoctor.Request{Method: "GET", URL: u1, Header: append(noAuth, auth...)}
	redirect := func(forwardedAuth bool) authdoctor.Exchange {
		sent := noAuth
		if forwardedAuth {
			sent = req.Header
		}
		return authdoctor.Exchange{
			Method: "GET", URL: u1, RequestHeader: sent, Sent: now, Status: 308, Proto: "HTTP/1.1",
			Header: http.Header{
				"Location":       {u2 + "?sig=" + secret},
				"Content-Length": {"0"},
			},
			Timing: authdoctor.Timing{Connect: ms(0.2), FirstByte: ms(3.04), Total: ms(3.1)},
			Redirect: &authdoctor.Redirect{
				Location: u2 + "?sig=" + secret, Next: u2 + "?sig=" + secret,
				HostChanged: true, SchemeChanged: true, PortChanged: true,
				Keeps: map[authdoctor.Client]bool{
					authdoctor.ClientGo: false, authdoctor.ClientCurl: false,
					authdoctor.ClientRequests: false, authdoctor.ClientBrowser: false,
				},
			},
		}
	}
	tlsInfo := &authdoctor.TLSInfo{
		Version: "TLS 1.3", ServerName: "localhost", Subject: "CN=localhost", Issuer: "CN=lab test CA",
		NotAfter: now.Add(90 * 24 * time.Hour),
	}
	final := func(status int, sent []authdoctor.Field) authdoctor.Exchange {
		h := http.Header{"Www-Authenticate": {`Bearer realm="lab"`}}
		if status == 200 {
			h = http.Header{"Content-Type": {"application/json"}, "X-Oauth-Scopes": {"orders:read"}}
		}
		return authdoctor.Exchange{
			Method: "GET", URL: u2 + "?sig=" + secret, RequestHeader: sent, Sent: now, Status: status, Proto: "HTTP/2.0",
			Header: h, TLS: tlsInfo,
			Timing: authdoctor.Timing{DNS: ms(0.05), Connect: ms(0.3), TLS: ms(4.26), FirstByte: ms(7.9), Total: ms(8.2)},
		}
	}
	return authdoctor.Run{
		Version: "v0.1.0-test",
		Observation: &authdoctor.Observation{
			Request:     req,
			Now:         now,
			MaxRequests: 6,
			Probes: []authdoctor.Probe{
				{
					Role: authdoctor.RoleBaseline, Label: "without credentials", Request: req.Without(),
					Hops: []authdoctor.Exchange{redirect(false), final(401, noAuth)},
				},
				{
					Role: authdoctor.RoleAuthenticated, Label: "as given", Request: req,
					Hops: []authdoctor.Exchange{redirect(true), final(401, noAuth)},
				},
				{
					Role: authdoctor.RoleConfirm, Hypothesis: "redirect.auth-dropped", Label: "sent to the final URL",
					Request: authdoctor.Request{Method: "GET", URL: u2, Header: req.Header},
					Hops:    []authdoctor.Exchange{final(200, req.Header)},
				},
			},
		},
		Diagnosis: authdoctor.Diagnosis{
			Verdict: authdoctor.Verdict{
				Cause:      authdoctor.CauseAuthDroppedOnRedirect,
				Confidence: authdoctor.Confirmed,
				Summary:    "http://127.0.0.1:4000 redirects to https://localhost:4443, and the credential is not sent to another host; sent there directly it is accepted.",
				Fix:        "Call https://localhost:4443/api/orders directly.",
				Finding:    "redirect.auth-dropped",
			},
			Findings: []authdoctor.Finding{
				{
					ID: "redirect.auth-dropped", Cause: authdoctor.CauseAuthDroppedOnRedirect, Severity: authdoctor.SeverityError,
					Confidence: authdoctor.Confirmed,
					Summary:    "Hop 1 redirects to another host; the Authorization header was dropped there.",
					Evidence: []string{
						"hop 1: 308 Permanent Redirect, Location https://localhost:4443/api/orders?sig=[redacted]",
						"go, curl, python-requests and browsers all drop Authorization on this hop",
						"confirm probe to the final URL: 200 OK",
					},
					Fix: "Call https://localhost:4443/api/orders directly.",
				},
			},
			Checklist: []authdoctor.ChecklistItem{
				{ID: "reachable", Label: "Server reachable", Status: authdoctor.Pass},
				{ID: "delivery", Label: "Credential arrives", Status: authdoctor.Fail, Detail: "dropped at hop 1 | host changed"},
			},
			Credential: &authdoctor.Credential{
				Header: "Authorization", Scheme: "Bearer", Kind: "opaque", Length: len(secret),
				Fingerprint: authdoctor.Fingerprint(secret),
			},
		},
	}
}

func unreachableReport(secret string) authdoctor.Run {
	const u = "http://alice:" + canaryKey + "@127.0.0.1:1/api/orders"
	auth := fields("Authorization", "Basic "+secret, "X-Api-Key", secret)
	req := authdoctor.Request{Method: "GET", URL: u, Header: auth}
	return authdoctor.Run{
		Version: "v0.1.0-test",
		Observation: &authdoctor.Observation{
			Request:     req,
			Now:         now,
			MaxRequests: 6,
			Skipped:     []string{"authenticated: the baseline got no response", "corrupted: the baseline got no response"},
			Probes: []authdoctor.Probe{{
				Role: authdoctor.RoleBaseline, Label: "without credentials", Request: req,
				Err: &authdoctor.TransportError{
					Phase:   authdoctor.PhaseConnect,
					Message: "dial tcp 127.0.0.1:1: connect: connection refused (token " + secret + ")",
					Hint:    "Check that the server is running and listening on port 1.",
				},
			}},
		},
		Diagnosis: authdoctor.Diagnosis{
			Verdict: authdoctor.Verdict{
				Cause:      authdoctor.CauseEndpointUnreachable,
				Confidence: authdoctor.Likely,
				Summary:    "Nothing answered at 127.0.0.1:1: the connection was refused.",
				Fix:        "Check the host name, port, network, proxy and certificate before looking at credentials.",
				Finding:    "transport.unreachable",
			},
			Findings: []authdoctor.Finding{{
				ID: "transport.unreachable", Cause: authdoctor.CauseEndpointUnreachable, Severity: authdoctor.SeverityError,
				Confidence: authdoctor.Likely,
				Summary:    "The connection to 127.0.0.1:1 was refused.",
				Evidence:   []string{"connect: connection refused"},
				Fix:        "Check the host name, port, network, proxy and certificate before looking at credentials.",
			}},
			Checklist: []authdoctor.ChecklistItem{
				{ID: "reachable", Label: "Server reachable", Status: authdoctor.Fail, Detail: "connection refused"},
				{ID: "endpoint", Label: "Endpoint and method confirmed", Status: authdoctor.NotChecked},
			},
			Credential: &authdoctor.Credential{
				Header: "Authorization", Scheme: "Basic", Kind: "basic", Length: len(secret),
				Fingerprint: authdoctor.Fingerprint(secret), BasicUser: "alice",
			},
		},
	}
}
