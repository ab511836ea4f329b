package check

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
)

// endpointNotFound: 404/410 for the authenticated request, or API
// Gateway's misleading 403 "Missing Authentication Token" for a route that
// does not exist (root-causes C20).
func endpointNotFound(in *Input) []authdoctor.Finding {
	f := in.Final()
	if f == nil {
		return nil
	}
	r := in.Parse(f)
	if f.Status == 403 {
		if _, ok := r.Body.Has("missing authentication token"); ok && f.Header.Get("X-Amzn-Requestid") != "" || ok && f.Header.Get("X-Amz-Apigw-Id") != "" {
			return found(authdoctor.SeverityError, authdoctor.Likely,
				"AWS API Gateway has no route for this path and method; its 403 \"Missing Authentication Token\" does not mean a token is missing.",
				Describe(in.Auth), serverSaid(r))
		}
		return nil
	}
	if f.Status != 404 && f.Status != 410 {
		return nil
	}
	if f.Header.Get("X-Accepted-GitHub-Permissions") != "" {
		return nil // scopeInsufficient: GitHub hides what the token may not see
	}
	if _, env := r.Body.Has("wrong mode", "similar object exists in live mode", "similar object exists in test mode"); env {
		return nil // credentialEnvironment: the object lives in the other mode
	}
	if _, hidden := r.Body.Has(hiddenPhrases...); hidden {
		return nil // authzForbidden: the server says it hides the object from you
	}
	b := in.Baseline
	switch {
	case b == nil || b.Status() == f.Status:
		ev := []string{Describe(in.Auth)}
		either := ""
		if b != nil {
			ev = append(ev, Describe(b)+" — the same without a credential")
			either = ", with or without a credential"
		}
		return found(authdoctor.SeverityError, authdoctor.Likely,
			fmt.Sprintf("The server has nothing at %s (%s)%s.", authdoctor.RedactURL(f.URL), StatusLine(f.Status), either), append(ev, serverSaid(r))...)
	default:
		// Some APIs (GitHub) answer 404 rather than 403 for what a token
		// may not see (RFC 9110 §15.5.5 allows it).
		return found(authdoctor.SeverityError, authdoctor.Possible,
			"The server answers 404 with your credential but not without it: the resource may exist and be hidden from this credential, as GitHub does for private resources.",
			Describe(b), Describe(in.Auth), serverSaid(r))
	}
}

// hiddenPhrases are a 404 saying the object may exist and is hidden from
// this caller: Notion's "Make sure the relevant pages and databases are
// shared with your integration", "… or you do not have access to it".
var hiddenPhrases = []string{"shared with your integration", "shared with the integration", "not shared with you",
	"or you do not have access", "or you don't have access", "or you do not have permission", "or you don't have permission"}
