package check_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
	"github.com/authdoctor/authdoctor/credential"
)

func TestTokenJWTEncoding(t *testing.T) {
	t.Parallel()
	good := makeJWT(claims(time.Hour))
	seg := strings.Split(good, ".")
	// A claims set whose base64url holds '-' or '_': "??>" encodes to "Pz8-".
	odd := makeJWT(claims(time.Hour, "note", "??>??~"))
	oseg := strings.Split(odd, ".")
	if !strings.ContainsAny(oseg[1], "-_") {
		t.Fatalf("the claims of the standard-alphabet case need '-' or '_': %s", oseg[1])
	}
	std := oseg[0] + "." + strings.NewReplacer("-", "+", "_", "/").Replace(oseg[1]) + "." + oseg[2]
	padded := seg[0] + strings.Repeat("=", (4-len(seg[0])%4)%4+0) + "." + seg[1] + "." + seg[2]
	if !strings.Contains(padded, "=") {
		padded = seg[0] + "." + seg[1] + "=." + seg[2] // a segment whose length is 4n+3 takes one '='
	}
	millis := makeJWT(claims(time.Hour, "exp", now.Add(time.Hour).UnixMilli()))
	expStr := makeJWT(claims(time.Hour, "exp", strconv.FormatInt(now.Add(time.Hour).Unix(), 10)))
	iatStr := makeJWT(claims(time.Hour, "iat", strconv.FormatInt(now.Unix(), 10)))
	expBad := makeJWT(claims(time.Hour, "exp", true))
	noneSigned := makeJWTHeader(map[string]any{"alg": "none"}, claims(time.Hour))
	noneUnsigned := strings.TrimSuffix(noneSigned, strings.Split(noneSigned, ".")[2])
	jweNoEnc := b64u(`{"alg":"RSA-OAEP"}`) + ".a.b.c.d"
	inspectObs := func(tok string) *authdoctor.Observation { return observe(req(apiURL, bearer(tok))).obs() }
	refused := func(tok string) *authdoctor.Observation {
		return observe(req(apiURL, bearer(tok))).auth(rec{status: 401}).obs()
	}
	accepted := func(tok string) *authdoctor.Observation {
		return observe(req(apiURL, bearer(tok))).auth(rec{status: 200}).obs()
	}
	runTable(t, "token.jwt-encoding", []tc{
		{name: "two segments, refused", obs: refused(seg[0] + "." + seg[1]),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "no signature", evidence: []string{"missing-signature", "401"}, fix: "three dot-separated segments"}},
		{name: "two segments, inspected", obs: inspectObs(seg[0] + "." + seg[1]),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "cut short"}},
		{name: "empty signature", obs: inspectObs(seg[0] + "." + seg[1] + "."),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "unsecured JWT"}},
		{name: "padding", obs: refused(padded),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "'=' padding", evidence: []string{"padded"}}},
		{name: "standard base64", obs: refused(std),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "standard base64", fix: "URL-safe encoder"}},
		{name: "alg none with a signature", obs: refused(noneSigned),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "RFC 7518 §3.6", evidence: []string{"alg-none-with-signature"}}},
		{name: "exp in milliseconds", obs: inspectObs(millis),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "milliseconds", fix: "divide by 1000"}},
		{name: "exp as a string", obs: inspectObs(expStr),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "exp is a string"}},
		{name: "iat as a string is a warning", obs: refused(iatStr),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Likely, summary: "iat is a string"}},
		{name: "exp not a date", obs: inspectObs(expBad),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "not a date at all"}},
		{name: "JWE without enc", obs: inspectObs(jweNoEnc),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "no enc"}},
		{name: "accepted by the server: a warning", obs: accepted(seg[0] + "." + seg[1]),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Likely, summary: "no signature"}},
		{name: "two defects, two findings", obs: inspectObs(strings.Split(millis, ".")[0] + "." + strings.Split(millis, ".")[1]),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, n: 2}},
		// Near misses.
		{name: "a well-formed token", obs: refused(good)},
		{name: "base64url with '-' and '_' is not the standard alphabet", obs: refused(odd)},
		{name: "alg none without a signature is token.alg-none's", obs: refused(noneUnsigned), present: []string{"token.alg-none"}},
		{name: "a line break the header lint already reports", obs: refused(seg[0] + ".\n" + seg[1] + "." + seg[2]), present: []string{"header.control-char"}},
		{name: "exp a float of seconds", obs: refused(makeJWT(claims(time.Hour, "exp", float64(now.Add(time.Hour).Unix())+0.5)))},
		{name: "an opaque token", obs: refused(opaque(1))},
	})
}

// TestJWTIssuesCovered: every code the decoder reports has a finding, or
// is said by another check on purpose.
func TestJWTIssuesCovered(t *testing.T) {
	t.Parallel()
	for _, code := range credential.JWTIssueCodes() {
		if code == credential.JWTAlgNone {
			continue // token.alg-none
		}
		if !check.JWTIssueKnown(code) {
			t.Errorf("credential code %s has no finding in token.jwt-encoding", code)
		}
	}
}
