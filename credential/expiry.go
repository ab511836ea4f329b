package credential

import (
	"slices"
	"time"
)

// ExpiryStatus says where a moment falls in a JWT's validity window.
type ExpiryStatus string

// Expiry statuses, as ExpiryAt returns them.
const (
	// ExpiryValid: after nbf (if any) and before exp.
	ExpiryValid ExpiryStatus = "valid"
	// ExpiryExpired: at or after exp plus the leeway (RFC 7519 §4.1.4).
	ExpiryExpired ExpiryStatus = "expired"
	// ExpiryExpiredWithinLeeway: at or after exp but before exp plus the
	// leeway: verifiers that allow the leeway accept the token, strict
	// ones do not ("expired 30s ago, inside the 1m leeway").
	ExpiryExpiredWithinLeeway ExpiryStatus = "expired_within_leeway"
	// ExpiryNotYetValid: before nbf minus the leeway (RFC 7519 §4.1.5).
	ExpiryNotYetValid ExpiryStatus = "not_yet_valid"
	// ExpiryNoExp: the token has no exp; it does not expire by itself.
	ExpiryNoExp ExpiryStatus = "no_exp"
	// ExpiryInvalidExp: exp is present but not a date (JWTExpInvalid).
	ExpiryInvalidExp ExpiryStatus = "invalid_exp"
)

// Expiry is where a moment falls in a JWT's validity window.
type Expiry struct {
	Status ExpiryStatus `json:"status"`
	// At is the expiry (exp), nil without one.
	At *time.Time `json:"at,omitempty"`
	// In is how long from the moment to exp: negative once passed, zero
	// without exp. For ExpiryNotYetValid it is the time until nbf.
	In time.Duration `json:"in"`
}

// ExpiryAt says whether a token with claims j is valid at the moment at,
// allowing leeway for clock skew on both ends, as RFC 7519 §4.1.4–5
// permit. The moment is data (the time a request was sent, the server's
// Date, a time the user asks about): nothing here reads the clock. A
// zero leeway is strict.
func ExpiryAt(j *JWT, at time.Time, leeway time.Duration) Expiry {
	if j == nil {
		return Expiry{Status: ExpiryNoExp}
	}
	e := Expiry{At: j.Exp}
	if j.Exp != nil {
		e.In = j.Exp.Sub(at)
	}
	switch {
	case slices.Contains(j.Issues, JWTExpInvalid):
		e.Status = ExpiryInvalidExp
	case j.Nbf != nil && at.Add(leeway).Before(*j.Nbf):
		e.Status, e.In = ExpiryNotYetValid, j.Nbf.Sub(at)
	case j.Exp == nil:
		e.Status = ExpiryNoExp
	case !at.Before(j.Exp.Add(leeway)):
		e.Status = ExpiryExpired
	case !at.Before(*j.Exp):
		e.Status = ExpiryExpiredWithinLeeway
	default:
		e.Status = ExpiryValid
	}
	return e
}

// ExpiryAt is the package function ExpiryAt for j, for callers that hold
// a JWT through the root package's alias.
func (j *JWT) ExpiryAt(at time.Time, leeway time.Duration) Expiry { return ExpiryAt(j, at, leeway) }
