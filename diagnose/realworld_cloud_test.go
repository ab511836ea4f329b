package diagnose_test

// Recorded answers of cloud storage and control planes: Amazon S3, Azure
// Storage, Azure Key Vault, Azure Resource Manager.

import (
	"net/url"
	"time"

	"github.com/authdoctor/authdoctor"
)

func cloudCases() []rwCase {
	var cs []rwCase
	add := func(c rwCase) { cs = append(cs, c) }

	// -------------------------------------------------------------- Amazon S3

	s3 := func(status int, body string) hop {
		return xmlHop(status, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+body, "Server", "AmazonS3", "X-Amz-Request-Id", "9E09E2E8D09D863C",
			"X-Amz-Id-2", "CQl85Ol1ejSfxwCFffw880W3OsDNI+FtTYPrQFjJVtM6vmd4pWJaOCuNEWtZPUfjhYRHByziBxg=")
	}
	sigv4 := func(keyID string, s int) authdoctor.Field {
		return field("Authorization", "AWS4-HMAC-SHA256 Credential="+keyID+"/20261129/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature="+gen(rwHex, 64, s))
	}

	// JuliaCloud/AWS.jl#598: PUT /bucket/key → HTTP/1.1 403, Content-Type
	// application/xml, Server AmazonS3, RequestTimeTooSkewed with the
	// request's time and S3's (31 minutes apart; 15 are allowed);
	// aws/aws-sdk-php#612: "You need to sync your server". Here this
	// machine runs 31 minutes slow: S3's Date says so.
	add(rwCase{
		name: "s3/request time too skewed",
		obs: record(write("PUT", "https://acme-backups.s3.amazonaws.com/db/2026-11-29.dump", "…", sigv4("AKIA"+gen(rwUpper, 16, 601), 602),
			plain("X-Amz-Date", "20261129T120000Z"), plain("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"))).
			auth(s3(403, `<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message><RequestTime>20261129T120000Z</RequestTime><ServerTime>2026-11-29T12:31:01Z</ServerTime><MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds><RequestId>9E09E2E8D09D863C</RequestId><HostId>CQl85Ol1ejSfxwCFffw880W3OsDNI+FtTYPrQFjJVtM6vmd4pWJaOCuNEWtZPUfjhYRHByziBxg=</HostId></Error>`).serverAt(31*time.Minute + time.Second)).done(),
		want: authdoctor.CauseClockSkew,
	})

	// aws/aws-sdk-php#1333: a presigned URL with X-Amz-Expires 300, used
	// ten seconds after it expired: 403 AccessDenied "Request has expired"
	// with X-Amz-Expires, Expires and ServerTime. The credential is the
	// URL's signature.
	presignSig := gen(rwHex, 64, 603)
	presignCred := "AKIA" + gen(rwUpper, 16, 604)
	q := url.Values{"X-Amz-Algorithm": {"AWS4-HMAC-SHA256"}, "X-Amz-Credential": {presignCred + "/20261129/ap-southeast-2/s3/aws4_request"},
		"X-Amz-Date": {"20261129T115450Z"}, "X-Amz-Expires": {"300"}, "X-Amz-SignedHeaders": {"host"}, "X-Amz-Signature": {presignSig}}
	add(rwCase{
		name: "s3/presigned url expired ten seconds ago",
		obs: record(get("https://acme-media.s3.ap-southeast-2.amazonaws.com/reports/q3.pdf?" + q.Encode())).
			auth(s3(403, `<Error><Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>300</X-Amz-Expires><Expires>2026-11-29T11:59:50Z</Expires><ServerTime>2026-11-29T12:00:00Z</ServerTime><RequestId>E4952EE21FC53CD9</RequestId><HostId>ZgJWY5yN4ZmKd3dJ/HrS7Huw0wfJyyNi7MdNJFfzL/eh3m4PmJxf7+V2Qao7CQ3O5I765/2BuqA</HostId></Error>`).dated()).done(),
		want: authdoctor.CauseTokenExpired, secrets: []string{presignSig},
	})

	// ---------------------------------------------------------- Azure Storage

	blob := func(detail string) hop {
		return xmlHop(403, `<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.`+"\n"+`RequestId:2c25ad7c-a01e-0004-04a3-56c77b000000`+"\n"+`Time:2026-11-29T12:00:00.8096444Z</Message><AuthenticationErrorDetail>`+detail+`</AuthenticationErrorDetail></Error>`).dated()
	}

	// microsoft/AzureStorageExplorer#1614: a long download stopped with
	// "Signature not valid in the specified time frame: Start [Tue, 06 Aug
	// 2019 07:52:04 GMT] - Expiry [Tue, 06 Aug 2019 15:52:04 GMT] - Current
	// [Tue, 06 Aug 2019 15:52:05 GMT]" — one second past the SAS expiry
	// ("the token … has expired"); #3163 shows the whole XML answer.
	sasSig := gen(rwB64u, 43, 605) + "="
	sas := url.Values{"sv": {"2019-02-02"}, "st": {"2026-11-29T04:00:00Z"}, "se": {"2026-11-29T11:59:59Z"}, "sr": {"c"}, "sp": {"rl"}, "sig": {sasSig}}
	add(rwCase{
		name: "azure storage/sas expired one second ago",
		obs: record(get("https://acmebackups.blob.core.windows.net/exports/2026/11/part-0042.bin?" + sas.Encode())).
			auth(blob("Signature not valid in the specified time frame: Start [Sun, 29 Nov 2026 04:00:00 GMT] - Expiry [Sun, 29 Nov 2026 11:59:59 GMT] - Current [Sun, 29 Nov 2026 12:00:00 GMT]")).done(),
		want: authdoctor.CauseTokenExpired, secrets: []string{sasSig},
	})

	// Azure/azure-storage-ruby#217: a service SAS built by hand got 403
	// AuthenticationFailed "Signature did not match. String to sign used
	// was r 2022-05-09T18:47:45Z 2022-05-09T19:02:45Z /blob/[account]/media/
	// Q4LGSLJ63LG9 https 2018-11-09 b".
	sig2 := gen(rwB64u, 43, 606) + "="
	sas2 := url.Values{"sv": {"2018-11-09"}, "st": {"2026-11-29T11:55:00Z"}, "se": {"2026-11-29T12:10:00Z"}, "sr": {"b"}, "sp": {"r"}, "spr": {"https"}, "sig": {sig2}}
	add(rwCase{
		name: "azure storage/sas signature did not match",
		obs: record(get("https://acmemedia.blob.core.windows.net/media/Q4LGSLJ63LG9?" + sas2.Encode())).
			auth(blob("Signature did not match. String to sign used was r 2026-11-29T11:55:00Z 2026-11-29T12:10:00Z /blob/acmemedia/media/Q4LGSLJ63LG9 https 2018-11-09 b ")).done(),
		want: authdoctor.CauseSignatureInvalid, secrets: []string{sig2},
	})

	// -------------------------------------------------------- Azure Key Vault

	tenant := "a602cbf4-21c3-4761-b54e-acf397842b82"
	aadToken := func(aud, iss string) string {
		return rs256("kWbkaa6qs8wsTnBwiiNYOhHbnAw", map[string]any{"aud": aud, "iss": iss, "appid": "2f0c7d31-5e1a-4c8b-9d6e-7a4b3c2d1e0f",
			"oid": "9c1e", "tid": tenant, "ver": "1.0", "iat": at(-10 * time.Minute), "nbf": at(-10 * time.Minute), "exp": at(50 * time.Minute)})
	}
	kv := func(found string) hop {
		return jsonHop(401, `{"error":{"code":"Unauthorized","message":"AKV10022: Invalid audience. Expected https://vault.azure.net, found: `+found+`."}}`,
			"WWW-Authenticate", `Bearer authorization="https://login.windows.net/`+tenant+`", resource="https://vault.azure.net"`).dated()
	}

	// crossplane-contrib/provider-azure#346: "Status=401 Code=
	// \"Unauthorized\" Message=\"AKV10022: Invalid audience. Expected
	// https://vault.azure.net, found: https://management.azure.com/.\"" —
	// an ARM token sent to Key Vault.
	add(rwCase{
		name: "azure key vault/arm token akv10022",
		obs: record(get("https://myvault.vault.azure.net/secrets/test-secret?api-version=7.4", bearerField(aadToken("https://management.azure.com/", "https://sts.windows.net/"+tenant+"/")))).
			auth(kv("https://management.azure.com/")).done(),
		want: authdoctor.CauseAudienceMismatch, finding: "token.audience",
	})

	// Azure/go-autorest#525: "AKV10022: Invalid audience. Expected
	// https://vault.azure.net, found: https://vault.azure.net/." — the
	// token was requested for the endpoint URI with its trailing slash
	// instead of the resource identifier.
	add(rwCase{
		name: "azure key vault/audience with a trailing slash",
		obs: record(write("PUT", "https://myvault.vault.azure.net/secrets/DeleteIt?api-version=7.0", `{"value":"…","attributes":{"enabled":true}}`,
			bearerField(aadToken("https://vault.azure.net/", "https://sts.windows.net/"+tenant+"/")), plain("Content-Type", "application/json"))).
			auth(kv("https://vault.azure.net/")).done(),
		want: authdoctor.CauseAudienceMismatch, finding: "token.audience",
	})

	// ------------------------------------------------- Azure Resource Manager

	// Azure/LogicAppsUX#9068 (the body), Azure/azure-sdk-for-python#38382:
	// InvalidAuthenticationTokenTenant "The access token is from the wrong
	// issuer 'https://sts.windows.net/f8cdef31-…/'. It must match the
	// tenant 'https://sts.windows.net/a602cbf4-…/' associated with this
	// subscription." Body only published.
	add(rwCase{
		name: "azure arm/token from the wrong tenant",
		obs: record(get("https://management.azure.com/subscriptions/a4dc918a-73dc-4668-9fc5-2251cab95de5/resourceGroups?api-version=2021-04-01",
			bearerField(aadToken("https://management.azure.com/", "https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/")))).
			auth(jsonHop(401, `{"error":{"code":"InvalidAuthenticationTokenTenant","message":"The access token is from the wrong issuer 'https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/'. It must match the tenant 'https://sts.windows.net/a602cbf4-21c3-4761-b54e-acf397842b82/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/a602cbf4-21c3-4761-b54e-acf397842b82' to get the token. Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your subscription and see this error message, please try back later."}}`).dated()).done(),
		want: authdoctor.CauseIssuerMismatch,
	})

	return cs
}
