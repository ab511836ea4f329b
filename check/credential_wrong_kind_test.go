package check_test

import (
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

// stripePublishable is Stripe's answer to a publishable key on a secret-key
// endpoint.
var stripePublishable = jsonRec(401, `{"error":{"message":"This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.","type":"invalid_request_error"}}`,
	"Request-Id", "req_A1b2C3d4E5f6G7", "Server", "nginx")

func TestCredentialWrongKind(t *testing.T) {
	t.Parallel()
	pk := "pk_" + "test_" + fill(alnum, 24, 7)
	idToken := makeJWT(claims(time.Hour, "aud", "client-abc", "azp", "client-abc", "nonce", "n-0S6_WzA2Mj", "scope", nil))
	accessWithNonce := makeJWTHeader(map[string]any{"alg": "RS256", "typ": "at+jwt"}, claims(time.Hour, "nonce", "abc"))
	invalid := jsonRec(401, `{"error":"invalid_token","error_description":"The access token is invalid"}`, "WWW-Authenticate", `Bearer error="invalid_token"`)
	runTable(t, "credential.wrong-kind", []tc{
		{
			name: "stripe publishable key",
			obs:  observe(req("https://api.stripe.com/v1/charges", bearer(pk))).auth(stripePublishable).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed,
				evidence: []string{"prefix pk_test_ marks a Stripe publishable credential", "cannot be made with a publishable API key"},
				summary:  "You sent a Stripe publishable key (pk_test_…)", fix: "secret key"},
			absent: []string{"credential.rejected", "token.rejected"},
		},
		{
			name: "stripe publishable key, answer without the word",
			obs:  observe(req("https://api.stripe.com/v1/charges", bearer(pk))).auth(rec{status: 401}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely},
		},
		{
			name: "openid connect id token",
			obs:  observe(req(apiURL, bearer(idToken))).auth(invalid).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"ID-token markers: nonce claim, aud equals the client id (azp)", "aud: client-abc"}, summary: "ID token"},
		},
		{
			name: "id token, server names the audience",
			obs:  observe(req(apiURL, bearer(idToken))).auth(jsonRec(401, `{"error":"invalid_token","error_description":"Invalid audience"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed},
		},
		{
			name: "cognito id token by token_use",
			obs:  observe(req(apiURL, bearer(makeJWT(claims(time.Hour, "token_use", "id"))))).auth(rec{status: 401}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"token_use=id"}},
		},
		{
			name: "opaque token, server says id_token",
			obs:  observe(req(apiURL, bearer(opaque(29)))).auth(jsonRec(401, `{"message":"An id_token cannot be used to call this API"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed, evidence: []string{`the answer mentions "id_token"`}},
		},
		{
			name: "google refresh token sent as a bearer",
			obs:  observe(req("https://www.googleapis.com/drive/v3/files", bearer("1//"+fill(b64url, 40, 8)))).auth(rec{status: 401}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"prefix 1// marks a Google refresh credential"}},
		},
		{
			name: "invalid_token does not mention id_token",
			obs:  observe(req(apiURL, bearer(opaque(29)))).auth(invalid).obs(),
		},
		{
			name: "invalid token in prose does not mention an id token",
			obs:  observe(req(apiURL, bearer(opaque(29)))).auth(jsonRec(401, `{"message":"invalid token"}`)).obs(),
		},
		{
			name: "access token typed at+jwt with a nonce",
			obs:  observe(req(apiURL, bearer(accessWithNonce))).auth(invalid).obs(),
		},
		{
			name: "publishable key accepted",
			obs:  observe(req("https://api.stripe.com/v1/tokens", bearer(pk))).auth(rec{status: 200}).obs(),
		},
		{
			name: "basic with an account password the server no longer takes",
			obs:  observe(req(apiURL, basic("jane@example.com:"+fill(alnum, 12, 4)))).auth(rec{status: 401, header: hdr("Content-Type", "text/plain"), body: "Basic authentication with passwords is deprecated.  For more information, see: https://confluence.atlassian.com/"}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`the server says "authentication with passwords is deprecated"`}, fix: "API token"},
		},
		{
			name: "username/password authentication no longer supported, in a 403",
			obs: observe(req(apiURL, basic("espenhgn:"+fill(alnum, 12, 5)))).auth(rec{status: 403, header: hdr("Content-Type", "text/html"),
				body: "<html><head><title>403 Username/Password authentication is no longer supported. Migrate to API Tokens or Trusted Publishers instead.</title></head></html>"}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`"password authentication is no longer supported"`}},
		},
		{
			name: "a wrong password is not the wrong kind",
			obs:  observe(req(apiURL, basic("jane:"+fill(alnum, 12, 6)))).auth(jsonRec(401, `{"message":"Your password is incorrect; passwords are case-sensitive"}`)).obs(),
		},
		{
			name: "a bearer token is no password, whatever the page says",
			obs:  observe(req(apiURL, bearer(opaque(12)))).auth(jsonRec(401, `{"message":"Basic authentication with passwords is deprecated"}`)).obs(),
		},
		{
			name: "stripe secret key refused",
			obs:  observe(req("https://api.stripe.com/v1/charges", bearer("sk_"+"test_"+fill(alnum, 24, 7)))).auth(jsonRec(401, `{"error":{"message":"Invalid API Key provided: sk_test_********abcd","type":"invalid_request_error"}}`)).obs(),
		},
	})
}
