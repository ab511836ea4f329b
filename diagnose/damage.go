package diagnose

import (
	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/check"
	"github.com/authdoctor/authdoctor/header"
)

// Damaged returns o's request with its primary credential deliberately
// damaged: the last four characters changed to others of the same class,
// the scheme word kept, so the value keeps its shape and only a server
// that checks it can tell. It is the differential probe's request and
// validate's controlled failure. ok is false when there is no credential
// or it must not be damaged: a password (Basic, Digest), a cookie, a
// signature, or a value under 8 characters — a wrong password can lock
// the account.
func Damaged(o *authdoctor.Observation, opt check.Options) (authdoctor.Request, bool) {
	return damaged(check.NewInput(o, opt), o.Request)
}

func damaged(in *check.Input, req authdoctor.Request) (authdoctor.Request, bool) {
	c := in.Primary()
	if c == nil || !in.Corruptible() {
		return req, false
	}
	v := c.Field.Value.Reveal()
	if scheme, cred, ok := header.Split(v); ok && c.Scheme != "" {
		v = scheme + " " + corrupt(cred) // never touch the scheme word
	} else {
		v = corrupt(v)
	}
	field := c.Field
	field.Value = authdoctor.NewSecret(v)
	return req.With(field), true
}
