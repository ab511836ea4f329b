package check_test

import (
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

func TestCredentialSignedURLExpired(t *testing.T) {
	t.Parallel()
	sig := fill(b64url, 43, 11)
	sas := func(se time.Time) string {
		return "https://acct.blob.core.windows.net/c/blob.bin?se=" + se.UTC().Format("2006-01-02T15:04:05Z") + "&sig=" + sig + "&sp=r&sr=b&sv=2019-02-02"
	}
	presigned := func(start time.Time, secs string) string {
		return "https://bucket.s3.amazonaws.com/k.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA" + fill("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 3) +
			"%2F20261129%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=" + start.UTC().Format("20060102T150405Z") + "&X-Amz-Expires=" + secs + "&X-Amz-Signature=" + fill("0123456789abcdef", 64, 4) + "&X-Amz-SignedHeaders=host"
	}
	azureExpired := rec{status: 403, header: hdr("Content-Type", "application/xml"),
		body: `<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request.</Message><AuthenticationErrorDetail>Signature not valid in the specified time frame</AuthenticationErrorDetail></Error>`}
	s3Expired := rec{status: 403, header: hdr("Content-Type", "application/xml"), body: `<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>`}
	runTable(t, "credential.signed-url-expired", []tc{
		{
			name: "azure sas one second past se, by the server's clock",
			obs:  observe(req(sas(now.Add(-time.Second)))).auth(azureExpired.at(now)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed,
				evidence: []string{"Azure SAS: sig expires 2026-11-29 11:59:59 UTC", `the server says "not valid in the specified time frame"`}, summary: "The Azure SAS expired"},
			absent: []string{"request.no-credential"},
		},
		{
			name: "s3 presigned url, start plus lifetime passed, no server date",
			obs:  observe(req(presigned(now.Add(-310*time.Second), "300"))).auth(s3Expired).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed,
				evidence: []string{"X-Amz-Date=20261129T115450Z plus X-Amz-Expires=300 s", "10s ago by this machine's clock"}},
			absent: []string{"request.no-credential"},
		},
		{
			name: "expired by the local clock, silent refusal",
			obs:  observe(req(presigned(now.Add(-2*time.Hour), "60"))).auth(rec{status: 403}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely},
		},
		{
			name: "still valid by the server's clock though past by this one",
			obs:  observe(req(sas(now.Add(-time.Minute)))).auth(azureExpired.at(now.Add(-5 * time.Minute))).obs(),
		},
		{
			name: "valid for another hour, refused for another reason",
			obs:  observe(req(sas(now.Add(time.Hour)))).auth(rec{status: 403, date: now, header: hdr("Content-Type", "application/xml"), body: `<Error><Code>AuthorizationPermissionMismatch</Code></Error>`}).obs(),
		},
		{
			name: "expired but accepted",
			obs:  observe(req(sas(now.Add(-time.Hour)))).auth(rec{status: 200, date: now}).obs(),
		},
		{
			name:    "a token in the query is not a signed url",
			obs:     observe(req(apiURL + "?access_token=" + opaque(3) + "&se=2020-01-01T00:00:00Z")).auth(jsonRec(401, `{"error":"expired"}`)).obs(),
			present: []string{"request.no-credential"},
		},
	})
}
