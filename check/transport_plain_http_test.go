package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestTransportPlainHTTP(t *testing.T) {
	t.Parallel()
	const plain = "http://api.example.com/v1/things"
	r := req(plain, bearer(opaque(2)))
	runTable(t, "transport.plain-http", []tc{
		{
			name: "403 ssl required",
			obs:  observe(r).auth(jsonRec(403, `{"error":"SSL is required"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"GET http://api.example.com/v1/things carried a credential over plain HTTP", `"ssl is required"`}},
		},
		{
			name: "wordpress ignores basic over plain http",
			obs: observe(req("http://shop.example.com/wp-json/wc/v1/products", basic("ck_"+fill("0123456789abcdef", 40, 1)+":cs_"+fill("0123456789abcdef", 40, 2)))).
				auth(jsonRec(401, `{"code":"woocommerce_rest_cannot_view","message":"Sorry, you cannot list resources.","data":{"status":401}}`, "Link", `<http://shop.example.com/wp-json/>; rel="https://api.w.org/"`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"the WordPress REST API reads Basic credentials only over HTTPS"}},
		},
		{
			name: "a bearer token to wordpress over plain http stays a warning",
			obs: observe(req("http://shop.example.com/wp-json/wp/v2/posts", bearer(opaque(3)))).
				auth(jsonRec(401, `{"code":"rest_not_logged_in","message":"You are not currently logged in.","data":{"status":401}}`, "Link", `<http://shop.example.com/wp-json/>; rel="https://api.w.org/"`)).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Possible},
		},
		{
			name: "basic over plain http to another server stays a warning",
			obs:  observe(req(plain, basic("alice:"+fill(alnum, 12, 3)))).auth(rec{status: 401, header: hdr("WWW-Authenticate", `Basic realm="x"`)}).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Possible},
		},
		{
			name: "426 upgrade required",
			obs:  observe(r).auth(rec{status: 426, header: hdr("Upgrade", "TLS/1.2, HTTP/1.1")}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed, evidence: []string{"426 Upgrade Required"}},
		},
		{
			name: "redirect to https then 401",
			obs: observe(r).auth(
				rec{status: 301, header: hdr("Location", apiURL), redirect: &authdoctor.Redirect{Location: apiURL, Next: apiURL, SchemeChanged: true}},
				rec{status: 401, url: apiURL, noCred: true},
			).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, evidence: []string{"redirects to https://"}},
		},
		{
			name: "plain 401 without a hint is a warning beside the real cause",
			obs:  observe(r).auth(rec{status: 401, header: hdr("WWW-Authenticate", `Bearer realm="api"`)}).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Possible},
		},
		{
			name: "accepted over http is only a warning",
			obs:  observe(r).auth(jsonRec(200, `{"docs":"https://api.example.com/docs"}`)).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Possible},
		},
		{
			name: "credential in the query is redacted in evidence",
			obs: observe(req("http://api.example.com/v1/things?access_token=canaryQueryValue123", bearer(opaque(2)))).
				auth(rec{status: 401}).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Possible, evidence: []string{"access_token=[redacted]"}},
		},
		{
			name: "loopback name",
			obs:  observe(req("http://localhost:8080/v1/things", bearer(opaque(2)))).auth(rec{status: 401}).obs(),
		},
		{
			name: "loopback address",
			obs:  observe(req("http://127.0.0.1:8080/v1/things", bearer(opaque(2)))).auth(jsonRec(403, `{"error":"https required"}`)).obs(),
		},
		{
			name: "ipv6 loopback",
			obs:  observe(req("http://[::1]:8080/v1/things", bearer(opaque(2)))).auth(rec{status: 401}).obs(),
		},
		{
			name: "https",
			obs:  observe(req(apiURL, bearer(opaque(2)))).auth(jsonRec(403, `{"error":"SSL is required"}`)).obs(),
		},
		{
			name: "no credential on the plain hop",
			obs:  observe(req(plain)).auth(rec{status: 401}).obs(),
		},
	})
}
