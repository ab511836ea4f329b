package diagnose

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
)

// canary is the secret planted in requests and echoed in answers.
var canary = "canary" + fill(alnum, 34, 99)

// canaryCarriers are the ways a request carries the canary; secrets are
// the extra forms that must not appear either.
func canaryCarriers() []struct {
	name    string
	url     string
	fields  []authdoctor.Field
	secrets []string
	// echo is what the answers echo of the credential; empty means the
	// canary itself.
	echo string
	bug  string
} {
	cj := makeJWT(claims(-time.Hour, "secret_claim", canary))
	return []struct {
		name    string
		url     string
		fields  []authdoctor.Field
		secrets []string
		echo    string
		bug     string
	}{
		{name: "bearer", fields: []authdoctor.Field{bearer(canary)}},
		{name: "bearer typed literally", fields: []authdoctor.Field{literal("Authorization", "Bearer "+canary)}},
		{name: "quoted", fields: []authdoctor.Field{bearer(`"` + canary + `"`)}},
		{name: "trailing newline", fields: []authdoctor.Field{bearer(canary + "\n")}},
		{name: "double scheme", fields: []authdoctor.Field{bearer("Bearer " + canary)}},
		{name: "scheme colon", fields: []authdoctor.Field{fld("Authorization", "Bearer: "+canary)}},
		{name: "lower-case scheme", fields: []authdoctor.Field{fld("Authorization", "bearer "+canary)}},
		{name: "no scheme", fields: []authdoctor.Field{fld("Authorization", canary)}},
		{name: "api key", fields: []authdoctor.Field{fld("X-API-Key", canary)}},
		{name: "cookie", fields: []authdoctor.Field{fld("Cookie", "sessionid="+canary)}},
		{name: "basic password", fields: []authdoctor.Field{basic("alice:" + canary + "\n")}, secrets: []string{b64("alice:" + canary + "\n"), b64("alice:" + canary)}},
		{name: "expired JWT", fields: []authdoctor.Field{bearer(cj)}, secrets: []string{cj, strings.Split(cj, ".")[2]}, echo: cj},
		{name: "token in the query too", url: apiURL + "?access_token=" + canary, fields: []authdoctor.Field{bearer(canary)}},
		{name: "key as the Basic user name", fields: []authdoctor.Field{basic(canary + ":")}, secrets: []string{b64(canary + ":")}},
	}
}

// canaryAnswers are server behaviours that echo the canary.
func canaryAnswers(canary string) []struct {
	name  string
	probe func(b *obsBuilder) *obsBuilder
} {
	echo401 := jsonRec(401, `{"error":"invalid_token","error_description":"token `+canary+` is invalid"}`,
		"WWW-Authenticate", `Bearer realm="api", error="invalid_token", error_description="token `+canary+` is invalid"`)
	bare := challenge401()
	return []struct {
		name  string
		probe func(b *obsBuilder) *obsBuilder
	}{
		{"same as baseline", func(b *obsBuilder) *obsBuilder { return b.baseline(bare).auth(bare) }},
		{"echoed in the error", func(b *obsBuilder) *obsBuilder { return b.baseline(bare).auth(echo401) }},
		{"challenged with Token", func(b *obsBuilder) *obsBuilder {
			return b.auth(jsonRec(401, `{"detail":"Authentication credentials were not provided for `+canary+`"}`, "WWW-Authenticate", "Token"))
		}},
		{"redirected to another site", func(b *obsBuilder) *obsBuilder {
			next := "https://api.other.net/v1/things?access_token=" + canary
			return b.auth(redirectTo(next), rec{status: 401, url: next, noCred: true, body: "no token " + canary})
		}},
		{"accepted", func(b *obsBuilder) *obsBuilder { return b.auth(jsonRec(200, `{"token":"`+canary+`"}`)) }},
		{"scope", func(b *obsBuilder) *obsBuilder {
			return b.auth(jsonRec(403, `{"message":"token `+canary+` lacks scope"}`, "WWW-Authenticate", `Bearer error="insufficient_scope", scope="things:write"`))
		}},
		{"no response", func(b *obsBuilder) *obsBuilder {
			return b.fail(authdoctor.RoleAuthenticated, authdoctor.PhaseHeader, `net/http: invalid header field value for "Authorization"`)
		}},
	}
}

// leaked returns the forbidden strings in s: each secret and its first
// and last 20 characters.
func leaked(s string, secrets []string) []string {
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

// TestCanary: no plan label, verdict, checklist item or finding — nor the
// Diagnosis as JSON or formatted with %+v — contains the secret.
func TestCanary(t *testing.T) {
	t.Parallel()
	for _, c := range canaryCarriers() {
		echo := c.echo
		if echo == "" {
			echo = canary
		}
		for _, a := range canaryAnswers(echo) {
			t.Run(c.name+"/"+a.name, func(t *testing.T) {
				t.Parallel()
				if c.bug != "" {
					t.Skip("bug: " + c.bug)
				}
				u := c.url
				if u == "" {
					u = apiURL
				}
				secrets := append([]string{canary}, c.secrets...)
				o := a.probe(observe(authdoctor.Request{Method: "GET", URL: u, Header: c.fields})).obs()
				fs := check.Run(o, check.Options{})
				d := Diagnose(o, fs, check.Options{})
				var plans []Plan
				if p, ok := Differential(o, check.Options{}); ok {
					plans = append(plans, p)
				}
				plans = append(plans, Confirmations(o, fs, check.Options{}, PlanOptions{})...)
				plans = append(plans, Confirmations(o, fs, check.Options{}, PlanOptions{TrustRedirects: true})...)

				texts := map[string]string{}
				v := d.Verdict
				texts["verdict"] = strings.Join([]string{string(v.Cause), v.Summary, v.Fix, v.Finding}, "\n")
				for _, it := range d.Checklist {
					texts["checklist "+it.ID] = it.Label + "\n" + it.Detail
				}
				for _, f := range d.Findings {
					texts["finding "+f.ID] = f.Summary + "\n" + strings.Join(f.Evidence, "\n") + "\n" + f.Fix
				}
				for i, p := range plans {
					texts[fmt.Sprintf("plan %d label", i)] = p.Label + "\n" + p.Hypothesis
					// Request.URL is a plain string in the root package: a
					// token in the query shows when a Plan is formatted, so
					// the URL is redacted first and only the rest is checked.
					p.Request.URL = authdoctor.RedactURL(p.Request.URL)
					texts[fmt.Sprintf("plan %d formatted", i)] = fmt.Sprintf("%+v %#v", p, p)
				}
				js, err := json.Marshal(d)
				if err != nil {
					t.Fatalf("marshal diagnosis: %v", err)
				}
				texts["diagnosis json"] = string(js)
				texts["diagnosis formatted"] = fmt.Sprintf("%+v %#v", d, d)
				texts["skipped"] = strings.Join(o.Skipped, "\n")
				for where, s := range texts {
					if l := leaked(s, secrets); len(l) > 0 {
						t.Errorf("%s leaks %q:\n%s", where, l, s)
					}
				}
			})
		}
	}
}
