package check_test

import (
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

func TestCredentialSignatureRefused(t *testing.T) {
	t.Parallel()
	tok := makeJWT(claims(time.Hour))
	sigv4 := fld("Authorization", "AWS4-HMAC-SHA256 Credential="+fill("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 20, 1)+"/20261129/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature="+fill("0123456789abcdef", 64, 2))
	sas := "https://acct.blob.core.windows.net/media/b?se=2026-11-29T12%3A10%3A00Z&sig=" + fill(b64url, 43, 3) + "&sp=r&sr=b&sv=2018-11-09"
	gql := req("https://hasura.example.com/v1/graphql", bearer(tok))
	gql.Method, gql.AllowWrite = "POST", true
	azureAuthFailed := func(detail string) rec {
		return rec{status: 403, header: hdr("Content-Type", "application/xml"),
			body: `<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.</Message><AuthenticationErrorDetail>` + detail + `</AuthenticationErrorDetail></Error>`}
	}
	runTable(t, "credential.signature-refused", []tc{
		{
			name: "s3 SignatureDoesNotMatch for a sigv4 request",
			obs: observe(req("https://s3.example.com/b/k.pdf", sigv4)).auth(rec{status: 403, header: hdr("Content-Type", "application/xml"),
				body: `<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message></Error>`}).obs(),
			want:   &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"the server's code is SignatureDoesNotMatch"}, summary: "AWS Signature V4"},
			absent: []string{"request.no-credential"},
		},
		{
			name:   "azure sas signature did not match",
			obs:    observe(req(sas)).auth(azureAuthFailed("Signature did not match. String to sign used was r")).obs(),
			want:   &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{`the server says "signature did not match"`}, summary: "Azure SAS"},
			absent: []string{"request.no-credential"},
		},
		{
			name: "envoy jwt verification fails",
			obs:  observe(req(apiURL, bearer(tok))).auth(rec{status: 401, header: hdr("WWW-Authenticate", `Bearer realm="api", error="invalid_token"`, "Content-Type", "text/plain"), body: "Jwt verification fails"}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "the token"},
		},
		{
			name: "hasura: a 200 whose graphql errors name the signature",
			obs:  observe(gql).auth(jsonRec(200, `{"errors":[{"extensions":{"path":"$","code":"invalid-jwt"},"message":"Could not verify JWT: JWSError JWSInvalidSignature"}]}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "GraphQL errors"},
		},
		{
			name: "azure's boilerplate about the signature is not a mismatch",
			obs:  observe(req(sas)).auth(azureAuthFailed("Signature not valid in the specified time frame")).obs(),
		},
		{
			name: "a 200 that mentions a signature outside errors",
			obs:  observe(gql).auth(jsonRec(200, `{"data":{"doc":{"title":"invalid signature examples"}}}`)).obs(),
		},
		{
			name: "a 404 saying signature mismatch",
			obs:  observe(req(apiURL, bearer(tok))).auth(jsonRec(404, `{"message":"signature mismatch"}`)).obs(),
		},
	})
}
