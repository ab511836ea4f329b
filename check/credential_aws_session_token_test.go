package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestCredentialAWSSessionToken(t *testing.T) {
	t.Parallel()
	sig := func(prefix string) authdoctor.Field {
		return fld("Authorization", "AWS4-HMAC-SHA256 Credential="+prefix+fill("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 2)+"/20261129/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature="+fill("0123456789abcdef", 64, 5))
	}
	invalid := jsonRec(403, `{"message":"The security token included in the request is invalid."}`)
	runTable(t, "credential.aws-session-token", []tc{
		{name: "temporary key without its session token", obs: observe(req(apiURL, sig("ASIA"))).auth(invalid).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed, summary: "temporary AWS credentials", fix: "X-Amz-Security-Token"}},
		{name: "session token sent", obs: observe(req(apiURL, sig("ASIA"), fld("X-Amz-Security-Token", fill(alnum, 200, 1)))).auth(invalid).obs()},
		{name: "long-term key", obs: observe(req(apiURL, sig("AKIA"))).auth(invalid).obs()},
	})
}
