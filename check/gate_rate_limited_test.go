package check_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

// githubRateLimited is GitHub's 403 for an exhausted primary rate limit.
func githubRateLimited(remaining string, date time.Time) rec {
	x := jsonRec(403, `{"message":"API rate limit exceeded for 203.0.113.7. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}`,
		"X-RateLimit-Limit", "60", "X-RateLimit-Remaining", remaining, "X-RateLimit-Used", "60",
		"X-RateLimit-Reset", strconv.FormatInt(date.Add(15*time.Minute).Unix(), 10), "X-RateLimit-Resource", "core",
		"X-GitHub-Request-Id", "C0DE:1234:5678:9ABC:0000")
	x.date = date
	return x
}

func TestGateRateLimited(t *testing.T) {
	t.Parallel()
	r := req("https://api.github.com/repos/octo/hello", bearer(opaque(4)))
	runTable(t, "gate.rate-limited", []tc{
		{
			name: "429 with Retry-After",
			obs:  observe(r).auth(rec{status: 429, header: hdr("Retry-After", "30", "Content-Type", "text/plain"), body: "Too Many Requests"}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed,
				evidence: []string{"429 Too Many Requests", "Retry-After: 30"}, summary: "retry in about 30s"},
		},
		{
			name: "429 with an exhausted limit header too",
			obs:  observe(r).auth(rec{status: 429, header: hdr("RateLimit-Remaining", "0", "RateLimit-Reset", "12")}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed,
				evidence: []string{"RateLimit-Remaining: 0", "RateLimit-Reset: 12"}, summary: "retry in about 12s"},
		},
		{
			name: "github 403 with x-ratelimit-remaining 0, reset by the server's clock",
			// The local clock is an hour slow; the wait is read against the server's Date.
			obs: observe(r).auth(githubRateLimited("0", now.Add(time.Hour))).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed,
				evidence: []string{"X-RateLimit-Remaining: 0", "X-RateLimit-Reset: ", `the answer says "rate limit exceeded"`},
				summary:  "retry in about 15m"},
			absent: []string{"authz.forbidden", "credential.rejected", "token.rejected", "gate.ip-allowlist"},
		},
		{
			name: "github secondary rate limit with requests left",
			obs: observe(r).auth(jsonRec(403, `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`,
				"X-RateLimit-Remaining", "4890", "Retry-After", "60")).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{`"secondary rate limit"`, "Retry-After: 60"}, summary: "1m0s"},
		},
		{
			name:   "github 403 with requests left and no rate wording",
			obs:    observe(r).auth(jsonRec(403, `{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest/repos/repos#get-a-repository"}`, "X-RateLimit-Remaining", "4999")).obs(),
			absent: []string{"gate.rate-limited"},
		},
		{
			name: "documentation link about rate limiting is not a rate limit",
			obs:  observe(r).auth(jsonRec(401, `{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest#rate-limiting"}`, "X-RateLimit-Remaining", "59")).obs(),
		},
		{
			name: "exhausted limit on a success",
			obs:  observe(r).auth(jsonRec(200, `[]`, "X-RateLimit-Remaining", "0")).obs(),
		},
		{
			name: "remaining 10 is not exhausted",
			obs:  observe(r).auth(rec{status: 403, header: hdr("X-RateLimit-Remaining", "10")}).obs(),
		},
	})
}
