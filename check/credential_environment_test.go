package check_test

import (
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

func TestCredentialEnvironment(t *testing.T) {
	t.Parallel()
	sandboxTok := "sandbox-sq0atb-" + fill(b64url, 22, 9)
	stripeTest := "sk_" + "test_" + fill(alnum, 24, 10)
	stagingJWT := makeJWT(claims(time.Hour, "iss", "https://auth.staging.example.com/"))
	unauthorized := jsonRec(401, `{"errors":[{"category":"AUTHENTICATION_ERROR","code":"UNAUTHORIZED","detail":"This request could not be authorized."}]}`)
	mcInvalid := rec{status: 401, header: hdr("Content-Type", "application/problem+json"), body: `{"title":"API Key Invalid","status":401,"detail":"Your API key may be invalid, or you've attempted to access the wrong datacenter."}`}
	mcKey := fill("0123456789abcdef", 32, 11) + "-us16"
	runTable(t, "credential.environment", []tc{
		{
			name: "a mailchimp key of one data centre on another's host",
			obs:  observe(req("https://us18.api.mailchimp.com/3.0/lists", basic("anystring:"+mcKey))).auth(mcInvalid).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "belongs to us16.api.mailchimp.com, not to us18.api.mailchimp.com",
				evidence: []string{"the Mailchimp key names its host us16.api.mailchimp.com"}},
		},
		{
			name: "a mailchimp key on its own data centre",
			obs:  observe(req("https://us16.api.mailchimp.com/3.0/lists", basic("anystring:"+mcKey))).auth(mcInvalid).obs(),
		},
		{
			name: "a pypi token on the upload host under its own",
			obs:  observe(req("https://upload.pypi.org/legacy/", basic("__token__:pypi-"+fill(b64url, 120, 12)))).auth(rec{status: 403, body: "Invalid or non-existent authentication information."}).obs(),
		},
		{
			name: "a mailchimp key through a proxy of another site",
			obs:  observe(req("https://mc-proxy.internal.example.com/3.0/lists", basic("anystring:"+mcKey))).auth(mcInvalid).obs(),
		},
		{
			name: "square sandbox token against production",
			obs:  observe(req("https://connect.squareup.com/v2/locations", bearer(sandboxTok))).auth(unauthorized).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"the credential is a sandbox Square credential (prefix sandbox-sq0atb-)", "the host connect.squareup.com is a production host"},
				summary:  "You sent a sandbox credential to a production server."},
		},
		{
			name: "stripe says the object exists in live mode",
			obs: observe(req("https://api.stripe.com/v1/customers/cus_NffrFeUfNV2Hib", bearer(stripeTest))).
				auth(jsonRec(404, `{"error":{"code":"resource_missing","message":"No such customer: 'cus_NffrFeUfNV2Hib'; a similar object exists in live mode, but a test mode key was used to make this request.","param":"id","type":"invalid_request_error"}}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed,
				evidence: []string{`the server says "similar object exists in live mode"`}, summary: "another environment"},
		},
		{
			name: "staging issuer against a production host",
			obs:  observe(req("https://api.prod.example.com/v1/things", bearer(stagingJWT))).auth(rec{status: 401}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "sandbox credential to a production server"},
		},
		{
			name: "sandbox token against sandbox",
			obs:  observe(req("https://connect.squareupsandbox.com/v2/locations", bearer(sandboxTok))).auth(unauthorized).obs(),
		},
		{
			name: "conflict but accepted",
			obs:  observe(req("https://connect.squareup.com/v2/locations", bearer(sandboxTok))).auth(rec{status: 200}).obs(),
		},
		{
			name: "stripe test key, no mode message",
			obs:  observe(req("https://api.stripe.com/v1/charges", bearer(stripeTest))).auth(jsonRec(401, `{"error":{"message":"Invalid API Key provided: sk_test_********abcd","type":"invalid_request_error"}}`)).obs(),
		},
		{
			name: "mode message on a success",
			obs:  observe(req("https://api.stripe.com/v1/charges", bearer(stripeTest))).auth(jsonRec(200, `{"note":"a similar object exists in live mode"}`)).obs(),
		},
		{
			name: "no environment known",
			obs:  observe(req(apiURL, bearer(opaque(30)))).auth(rec{status: 401}).obs(),
		},
	})
}
