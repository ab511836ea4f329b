package check

import (
	"fmt"
	"strings"

	"github.com/authdoctor/authdoctor"
)

// gateWAFChallenge: a bot-protection page (Cloudflare, Akamai, Imperva,
// AWS WAF) answered instead of the API. Changing the token will not help.
func gateWAFChallenge(in *Input) []authdoctor.Finding {
	f := in.Final()
	if f == nil || f.Status < 400 {
		return nil
	}
	h := f.Header
	if v := h.Get("Cf-Mitigated"); strings.EqualFold(strings.TrimSpace(v), "challenge") {
		return found(authdoctor.SeverityError, authdoctor.Confirmed,
			"Cloudflare's bot protection answered with a challenge page; the API never judged your credential.",
			Describe(in.Auth), "cf-mitigated: challenge", ray(h.Get("Cf-Ray")))
	}
	r := in.Parse(f)
	server := strings.ToLower(h.Get("Server"))
	type sig struct {
		server, phrase, who string
	}
	for _, s := range []sig{
		{"cloudflare", "just a moment", "Cloudflare"},
		{"cloudflare", "attention required", "Cloudflare"},
		{"akamaighost", "access denied", "Akamai"},
		{"", "incapsula incident id", "Imperva"},
		{"awselb", "request blocked", "AWS WAF"},
		{"", "the request was rejected. please consult with your administrator", "F5 ASM"},
	} {
		if s.server != "" && !strings.Contains(server, s.server) {
			continue
		}
		if _, ok := r.Body.Has(s.phrase); ok {
			return found(authdoctor.SeverityError, authdoctor.Likely,
				fmt.Sprintf("%s's web application firewall blocked the request; the API never judged your credential.", s.who),
				Describe(in.Auth), fmt.Sprintf("the %s page says %q", contentKind(r), s.phrase), ray(h.Get("Cf-Ray")))
		}
	}
	return nil
}

func ray(v string) string {
	if v == "" {
		return ""
	}
	return "cf-ray: " + v + " (quote it to the site owner)"
}

func contentKind(r *Response) string {
	if r.Body.HTML {
		return "HTML"
	}
	return "response"
}
