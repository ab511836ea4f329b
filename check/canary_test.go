package check_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
)

// canary is the secret planted in requests and echoed in answers. It has
// 40 characters with letters and digits: the prober scrubs the exact value
// from bodies, and ScrubText recognises anything of this shape, so no
// finding may ever show it.
var canary = "canary" + fill(alnum, 34, 99)

// canaryJWT carries the canary in a claim that is never shown.
var canaryJWT = makeJWT(claims(-time.Hour, "secret_claim", canary))

// carrier is one way a request carries the canary.
type carrier struct {
	name   string
	url    string
	fields []authdoctor.Field
	// secrets are the values that must not appear; echo is what servers
	// echo back.
	secrets []string
	echo    string
}

func carriers() []carrier {
	tmpl := templated("Authorization", "Bearer $API_TOKEN", "Bearer "+canary, authdoctor.VarRef{Name: "API_TOKEN", Set: true, Len: len(canary)})
	split := canary[:20] + "\u200b" + canary[20:]
	cs := []carrier{
		{name: "bearer from env", fields: []authdoctor.Field{bearer(canary)}},
		{name: "bearer typed literally", fields: []authdoctor.Field{literal("Authorization", "Bearer "+canary)}},
		{name: "bearer from a template", fields: []authdoctor.Field{tmpl}},
		{name: "trailing newline", fields: []authdoctor.Field{bearer(canary + "\n")}},
		{name: "quoted", fields: []authdoctor.Field{bearer(`"` + canary + `"`)}},
		{name: "double scheme", fields: []authdoctor.Field{bearer("Bearer " + canary)}},
		{name: "scheme colon", fields: []authdoctor.Field{fld("Authorization", "Bearer: "+canary)}},
		{name: "glued scheme", fields: []authdoctor.Field{fld("Authorization", "Bearer"+canary)}},
		{name: "no scheme", fields: []authdoctor.Field{fld("Authorization", canary)}},
		{name: "lower-case scheme", fields: []authdoctor.Field{fld("Authorization", "bearer "+canary)}},
		{name: "inner space", fields: []authdoctor.Field{bearer(canary[:20] + " " + canary[20:])}},
		{name: "zero-width space", fields: []authdoctor.Field{bearer(split)}},
		{name: "two schemes in one value", fields: []authdoctor.Field{fld("Authorization", "Bearer "+canary+", Basic "+b64("alice:"+canary))}},
		{name: "two Authorization fields", fields: []authdoctor.Field{bearer(canary), basic("alice:" + canary)}},
		{name: "api key with underscores", fields: []authdoctor.Field{literal("X_API_KEY", canary)}},
		{name: "api key", fields: []authdoctor.Field{fld("X-API-Key", canary)}},
		{name: "cookie", fields: []authdoctor.Field{fld("Cookie", "sessionid="+canary+"; theme=dark")}},
		{name: "basic password", fields: []authdoctor.Field{basic("alice:" + canary)}, secrets: []string{b64("alice:" + canary)}},
		{name: "basic password with newline", fields: []authdoctor.Field{basic("alice:" + canary + "\n")}, secrets: []string{b64("alice:" + canary + "\n")}},
		{name: "basic not encoded", fields: []authdoctor.Field{literal("Authorization", "Basic alice:"+canary)}},
		{name: "expired jwt", fields: []authdoctor.Field{bearer(canaryJWT)}, echo: canaryJWT,
			secrets: []string{canaryJWT, strings.Split(canaryJWT, ".")[1], strings.Split(canaryJWT, ".")[2]}},
		{name: "token in the query too", url: apiURL + "?access_token=" + canary, fields: []authdoctor.Field{bearer(canary)}},
		{name: "plain http", url: "http://api.example.com/v1/things?api_key=" + canary, fields: []authdoctor.Field{literal("Authorization", "Bearer "+canary)}},
		{
			name:   "key as basic user name with an empty password",
			fields: []authdoctor.Field{basic(canary + ":")},
		},
		{
			name:   "header written without its colon",
			fields: []authdoctor.Field{fld("Authorization Bearer "+canary, "")},
		},
	}
	for i := range cs {
		cs[i].secrets = append(cs[i].secrets, canary)
		if cs[i].echo == "" {
			cs[i].echo = canary
		}
		if cs[i].url == "" {
			cs[i].url = apiURL
		}
	}
	return cs
}

// answers are recorded server behaviours, each echoing e somewhere.
func answers(e string) []struct {
	name  string
	probe func(b *obsBuilder) *obsBuilder
} {
	j := func(status int, body string, kv ...string) rec { return jsonRec(status, body, kv...) }
	challenge := rec{status: 401, header: hdr("WWW-Authenticate", `Bearer realm="api"`)}
	echoed := j(401, `{"error":"invalid_token","error_description":"token `+e+` is invalid"}`,
		"WWW-Authenticate", `Bearer realm="api", error="invalid_token", error_description="token `+e+` is invalid"`)
	return []struct {
		name  string
		probe func(b *obsBuilder) *obsBuilder
	}{
		{"rfc 6750 echo", func(b *obsBuilder) *obsBuilder {
			return b.baseline(challenge).auth(echoed).corrupted(j(401, `{"error":"invalid_token"}`))
		}},
		{"403 json echo", func(b *obsBuilder) *obsBuilder {
			return b.baseline(challenge).auth(j(403, `{"message":"Key `+e+` does not have permission","access_token":"`+e+`"}`))
		}},
		{"400 text echo", func(b *obsBuilder) *obsBuilder {
			return b.auth(rec{status: 400, header: hdr("Content-Type", "text/plain"), body: "Bad header: Authorization: Bearer " + e})
		}},
		{"graphql forbidden", func(b *obsBuilder) *obsBuilder {
			return b.auth(j(200, `{"data":null,"errors":[{"type":"FORBIDDEN","message":"Token `+e+` is forbidden here"}]}`))
		}},
		{"500 html", func(b *obsBuilder) *obsBuilder {
			return b.baseline(challenge).auth(rec{status: 500, header: hdr("Content-Type", "text/html", "X-Request-Id", "req-1"), body: "<html><pre>Authorization: Bearer " + e + "</pre></html>"})
		}},
		{"429", func(b *obsBuilder) *obsBuilder {
			return b.auth(j(429, `{"message":"rate limit exceeded for key `+e+`"}`, "Retry-After", "10"))
		}},
		{"404 both", func(b *obsBuilder) *obsBuilder {
			return b.baseline(j(404, `{"message":"no route for `+e+`"}`)).auth(j(404, `{"message":"no route for `+e+`"}`))
		}},
		{"nginx basic", func(b *obsBuilder) *obsBuilder { return b.baseline(nginxBasic401()).auth(nginxBasic401()) }},
		{"downgrade redirect", func(b *obsBuilder) *obsBuilder {
			next := "http://www.example.com/v1/things?access_token=" + e
			return b.auth(rec{status: 302, header: hdr("Location", next), redirect: &authdoctor.Redirect{Location: next, Next: next, HostChanged: true, Downgrade: true,
				Keeps: map[authdoctor.Client]bool{authdoctor.ClientGo: true, authdoctor.ClientCurl: false}}},
				rec{status: 401, url: next, noCred: true, header: hdr("Content-Type", "text/plain"), body: "token " + e + " missing"})
		}},
		{"proxy 407", func(b *obsBuilder) *obsBuilder {
			return b.auth(rec{status: 407, header: hdr("Proxy-Authenticate", `Basic realm="`+e+`"`)})
		}},
		{"drf token", func(b *obsBuilder) *obsBuilder {
			return b.baseline(drfNotProvided).auth(drfNotProvided).corrupted(drfNotProvided)
		}},
		{"csrf", func(b *obsBuilder) *obsBuilder {
			return b.auth(j(403, `{"detail":"CSRF Failed for session `+e+`"}`))
		}},
		{"identical thrice", func(b *obsBuilder) *obsBuilder {
			x := rec{status: 401, header: hdr("Content-Type", "text/plain", "WWW-Authenticate", `Bearer realm="api"`, "Via", "1.1 proxy"), body: "No authorization header (saw " + e + ")"}
			return b.baseline(x).auth(x).corrupted(x)
		}},
		{"server clock ahead", func(b *obsBuilder) *obsBuilder {
			return b.auth(j(401, `{"message":"expired token `+e+`"}`).at(now.Add(2 * time.Hour)))
		}},
		{"ip allow list", func(b *obsBuilder) *obsBuilder {
			return b.baseline(j(200, `[]`)).auth(j(403, `{"message":"your IP address is not permitted; key `+e+`"}`))
		}},
		{"stripe mode", func(b *obsBuilder) *obsBuilder {
			return b.auth(j(404, `{"error":{"message":"a similar object exists in live mode, but a test mode key (`+e+`) was used"}}`))
		}},
		{"header refused", func(b *obsBuilder) *obsBuilder {
			return b.fail(authdoctor.RoleAuthenticated, authdoctor.PhaseHeader, `net/http: invalid header field value for "Authorization"`, "")
		}},
		{"confirmed", func(b *obsBuilder) *obsBuilder {
			b = b.baseline(challenge).auth(echoed)
			for _, c := range check.List() {
				b = b.confirm(c.ID, rec{status: 200, body: `{"token":"` + e + `"}`})
			}
			return b
		}},
		{"unreachable", func(b *obsBuilder) *obsBuilder {
			return b.fail(authdoctor.RoleAuthenticated, authdoctor.PhaseDNS, "lookup api.example.com: no such host", "check the host")
		}},
	}
}

// corpus is every carrier against every answer.
func corpus() []*authdoctor.Observation {
	var out []*authdoctor.Observation
	for _, c := range carriers() {
		for _, a := range answers(c.echo) {
			out = append(out, a.probe(observe(authdoctor.Request{Method: "GET", URL: c.url, Header: c.fields})).obs())
		}
	}
	return out
}

// leaks returns the forbidden strings found in s: each secret, and its
// first and last 20 characters.
func leaks(s string, secrets []string) []string {
	var out []string
	for _, sec := range secrets {
		parts := []string{sec}
		if len(sec) >= 24 {
			parts = append(parts, sec[:20], sec[len(sec)-20:])
		}
		for _, p := range parts {
			if strings.Contains(s, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

func TestCanary(t *testing.T) {
	t.Parallel()
	for _, c := range carriers() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			fired := 0
			for _, a := range answers(c.echo) {
				o := a.probe(observe(authdoctor.Request{Method: "GET", URL: c.url, Header: c.fields})).obs()
				fs := check.Run(o, check.Options{})
				fired += len(fs)
				js, err := json.Marshal(fs)
				if err != nil {
					t.Fatalf("%s: json: %v", a.name, err)
				}
				for _, form := range []string{fmt.Sprintf("%+v", fs), fmt.Sprintf("%#v", fs), string(js)} {
					if l := leaks(form, c.secrets); len(l) > 0 {
						t.Errorf("%s: the secret appears in findings:\n%s", a.name, dump(fs))
						break
					}
				}
			}
			if fired == 0 {
				t.Errorf("no check fired on any answer: the canary proves nothing")
			}
		})
	}
}

// FuzzRun feeds arbitrary answers to every check: they never panic and
// never show the canary, however the server echoes it.
func FuzzRun(f *testing.F) {
	for _, a := range answers(canary) {
		o := a.probe(observe(req(apiURL, bearer(canary)))).obs()
		if fin := o.Probe(authdoctor.RoleAuthenticated).Final(); fin != nil {
			f.Add(fin.Status, fin.Header.Get("WWW-Authenticate"), fin.Header.Get("Content-Type"), string(fin.Body))
		}
	}
	f.Fuzz(func(t *testing.T, status int, challenge, ctype, body string) {
		if status < 100 || status > 599 {
			status = 401
		}
		body = strings.ReplaceAll(body, "CANARY", canary)
		challenge = strings.ReplaceAll(challenge, "CANARY", canary)
		x := rec{status: status, header: http.Header{}, body: body}
		if challenge != "" {
			x.header.Set("WWW-Authenticate", challenge)
		}
		if ctype != "" {
			x.header.Set("Content-Type", ctype)
		}
		for _, fields := range [][]authdoctor.Field{{bearer(canary)}, {basic("alice:" + canary)}, {fld("X-API-Key", canary)}} {
			o := observe(req(apiURL, fields...)).baseline(rec{status: 401}).auth(x).corrupted(x).obs()
			fs := check.Run(o, check.Options{})
			js, _ := json.Marshal(fs)
			// Only the whole canary is the secret here: the fuzzer may type
			// a fragment of it into the body, which is then just text.
			if strings.Contains(fmt.Sprintf("%+v", fs)+string(js), canary) {
				t.Fatalf("canary in findings:\n%s", dump(fs))
			}
		}
	})
}
