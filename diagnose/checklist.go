package diagnose

import (
	"fmt"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
)

// Checklist item ids, stable in JSON.
const (
	ItemEndpoint  = "endpoint"
	ItemMinimal   = "minimal-request"
	ItemHeader    = "header-format"
	ItemExpiry    = "token-expiry"
	ItemScopes    = "scopes"
	ItemStorage   = "credential-storage"
	ItemRedaction = "secrets-redacted"
)

func checklist(in *check.Input, d authdoctor.Diagnosis) []authdoctor.ChecklistItem {
	has := func(causes ...authdoctor.Cause) *authdoctor.Finding {
		for i, f := range d.Findings {
			for _, c := range causes {
				if f.Cause == c && f.Severity >= authdoctor.SeverityWarning {
					return &d.Findings[i]
				}
			}
		}
		return nil
	}
	item := func(id, label string, st authdoctor.Status, detail string) authdoctor.ChecklistItem {
		return authdoctor.ChecklistItem{ID: id, Label: label, Status: st, Detail: detail}
	}
	var out []authdoctor.ChecklistItem

	// Endpoint and method.
	switch {
	case in.Final() == nil:
		out = append(out, item(ItemEndpoint, "Endpoint and method confirmed", authdoctor.NotChecked, "no response"))
	case has(authdoctor.CauseEndpointNotFound, authdoctor.CauseMethodNotAllowed) != nil:
		out = append(out, item(ItemEndpoint, "Endpoint and method confirmed", authdoctor.Fail, has(authdoctor.CauseEndpointNotFound, authdoctor.CauseMethodNotAllowed).Summary))
	default:
		f := in.Final()
		out = append(out, item(ItemEndpoint, "Endpoint and method confirmed", authdoctor.Pass, fmt.Sprintf("%s %s answered %s", f.Method, authdoctor.RedactURL(f.URL), check.StatusLine(f.Status))))
	}

	// Minimal request.
	n := in.Obs.RequestCount()
	if in.Final() != nil {
		out = append(out, item(ItemMinimal, "Minimal request tested outside the application", authdoctor.Pass, fmt.Sprintf("%d request(s) sent by authdoctor", n)))
	} else {
		out = append(out, item(ItemMinimal, "Minimal request tested outside the application", authdoctor.Fail, "the request got no response"))
	}

	// Header format.
	p := in.Primary()
	switch {
	case p == nil:
		out = append(out, item(ItemHeader, "Authorization header format checked", authdoctor.NotChecked, "no credential header"))
	case has(authdoctor.CauseHeaderMalformed, authdoctor.CauseCredentialMalformed, authdoctor.CauseCredentialPlaceholder, authdoctor.CauseMultipleCredentials, authdoctor.CauseCredentialMissing) != nil:
		out = append(out, item(ItemHeader, "Authorization header format checked", authdoctor.Fail, has(authdoctor.CauseHeaderMalformed, authdoctor.CauseCredentialMalformed, authdoctor.CauseCredentialPlaceholder, authdoctor.CauseMultipleCredentials, authdoctor.CauseCredentialMissing).Summary))
	default:
		out = append(out, item(ItemHeader, "Authorization header format checked", authdoctor.Pass, p.Label()+": well formed"))
	}

	// Expiry.
	switch {
	case p == nil:
		out = append(out, item(ItemExpiry, "Token expiry checked", authdoctor.NotChecked, "no credential"))
	case has(authdoctor.CauseTokenExpired, authdoctor.CauseTokenNotYetValid, authdoctor.CauseClockSkew) != nil:
		out = append(out, item(ItemExpiry, "Token expiry checked", authdoctor.Fail, has(authdoctor.CauseTokenExpired, authdoctor.CauseTokenNotYetValid, authdoctor.CauseClockSkew).Summary))
	case p.Info.JWT != nil && p.Info.JWT.Exp != nil:
		out = append(out, item(ItemExpiry, "Token expiry checked", authdoctor.Pass, "valid until "+p.Info.JWT.Exp.UTC().Format("2006-01-02 15:04:05 UTC")))
	case p.Info.JWT != nil:
		out = append(out, item(ItemExpiry, "Token expiry checked", authdoctor.Pass, "the JWT has no exp claim: it does not expire by itself"))
	default:
		out = append(out, item(ItemExpiry, "Token expiry checked", authdoctor.NotChecked, "this "+p.Info.Kind+" credential carries no expiry authdoctor can read"))
	}

	// Scopes.
	switch {
	case has(authdoctor.CauseInsufficientScope) != nil:
		out = append(out, item(ItemScopes, "Scopes verified", authdoctor.Fail, has(authdoctor.CauseInsufficientScope).Summary))
	case p != nil && p.Info.JWT != nil && len(p.Info.JWT.Scopes) > 0 && in.Accepted():
		out = append(out, item(ItemScopes, "Scopes verified", authdoctor.Pass, "the server accepted the token's scopes"))
	default:
		out = append(out, item(ItemScopes, "Scopes verified", authdoctor.NotChecked, "the server named no required scope"))
	}

	// Storage.
	switch {
	case p == nil:
		out = append(out, item(ItemStorage, "Credentials stored outside code and argv", authdoctor.NotChecked, "no credential"))
	case has(authdoctor.CauseCredentialExposed) != nil:
		out = append(out, item(ItemStorage, "Credentials stored outside code and argv", authdoctor.Fail, has(authdoctor.CauseCredentialExposed).Summary))
	default:
		src := p.Field.Source
		if src == "" {
			src = string(p.Field.Origin)
		}
		if src == "" {
			out = append(out, item(ItemStorage, "Credentials stored outside code and argv", authdoctor.NotChecked, "where the credential came from is not known"))
		} else {
			out = append(out, item(ItemStorage, "Credentials stored outside code and argv", authdoctor.Pass, "read from "+src))
		}
	}

	out = append(out, item(ItemRedaction, "Secrets absent from output", authdoctor.Pass, "shown only as kind, length and sha256 fingerprint; every output is scanned for the credential before it is printed"))
	return out
}
