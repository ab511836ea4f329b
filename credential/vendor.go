package credential

import (
	"strings"
	"time"
)

// Vendor describes a vendor key recognised from its literal prefix, or
// from a shape only one vendor uses. It holds no part of the key but the
// prefix, which vendors publish and which is not secret.
//
// Most fields describe the kind of key and are the same for every key of
// that kind (Vendors lists them). Checksum, ChecksumResult, Host,
// Expires and, for some vendors, Environment and Region are read from
// the value itself by Recognise, RecogniseIn and FindKeys; they are zero
// in Vendors.
type Vendor struct {
	// Name is the vendor (Stripe, GitHub…).
	Name string `json:"name"`
	// Prefix is the literal, non-secret prefix matched (sk_test_, ghp_);
	// empty for keys recognised by their shape alone (Telegram bot
	// tokens, Mailchimp keys) or by the header they are sent in.
	Prefix string `json:"prefix"`
	// Kind says what sort of key the prefix marks: secret, publishable,
	// restricted, pat, oauth, refresh, app-id, user-to-server…
	Kind string `json:"kind"`
	// Environment is test, live, sandbox or production, or empty when the
	// key does not say. It comes from the prefix (sk_test_) or, for keys
	// that carry it inside (Braintree, Plaid, PyPI), from the value.
	Environment string `json:"environment,omitempty"`
	// Header is the header (and scheme) the vendor expects, such as
	// "Authorization: Bearer" or "X-API-Key"; empty when the value is never
	// sent in a header (a refresh token goes to a token endpoint, a
	// Telegram token in the URL path).
	Header string `json:"header,omitempty"`
	// Alternatives lists other headers the vendor also accepts.
	Alternatives []string `json:"alternatives,omitempty"`
	// AccessCredential is false for values that must not be sent as an API
	// access credential: publishable keys, refresh tokens, application ids,
	// key ids and shared secrets.
	AccessCredential bool `json:"access_credential"`
	// Region is the data region the key names (HubSpot na1, Mailchimp
	// us21), if any.
	Region string `json:"region,omitempty"`
	// Note is one sentence of advice about this kind of key.
	Note string `json:"note,omitempty"`
	// Docs links to the vendor's documentation of the key.
	Docs string `json:"docs,omitempty"`

	// Checksum names the check digits the vendor builds into this kind of
	// key (ChecksumCRC32Base62), empty when the vendor documents none.
	Checksum string `json:"checksum,omitempty"`
	// ChecksumResult says whether the check digits of the value read
	// match: ChecksumValid, ChecksumInvalid (the key is truncated or
	// mistyped, yet still recognised as the vendor's), or empty when the
	// kind has no Checksum or no value was read.
	ChecksumResult ChecksumResult `json:"checksum_result,omitempty"`
	// Host is the host the value itself names: the index a PyPI token
	// works on (pypi.org, test.pypi.org), a Clerk instance's Frontend API,
	// a Mailchimp data centre's API host, a Sentry region. Empty when the
	// value names none. Hosts are not secret.
	Host string `json:"host,omitempty"`
	// Expires is the expiry the value itself states (the se of an Azure
	// shared access signature), nil when it states none.
	Expires *time.Time `json:"expires,omitempty"`
}

// ChecksumResult is the outcome of verifying a key's check digits.
type ChecksumResult string

// Checksum results. The zero value means not checked.
const (
	// ChecksumValid: the check digits match the rest of the key.
	ChecksumValid ChecksumResult = "valid"
	// ChecksumInvalid: the check digits do not match. The key has the
	// vendor's prefix and shape but was truncated, mistyped or made up;
	// the vendor will reject it.
	ChecksumInvalid ChecksumResult = "invalid"
)

// ChecksumWrong reports whether the value read carries check digits that
// do not match: a truncated or mistyped key.
func (v Vendor) ChecksumWrong() bool { return v.ChecksumResult == ChecksumInvalid }

// vendorKey is one row of the catalogue: the description and the shape of
// what follows the prefix. The shape keeps a word that merely starts like
// a prefix ("test_user", "key-value") from being taken for a key.
type vendorKey struct {
	Vendor
	// rest is what follows Prefix: for keys without a prefix, the whole
	// value.
	rest shape
	// read, when set, checks what a shape cannot (a decoded part, a
	// length that depends on another part) and records what the value
	// says of itself (checksum, host, environment): see reader.
	read reader
	// field and scheme, when set, restrict the key to values sent in
	// that header field or after that Authorization scheme: the value
	// alone is not distinctive enough (a Postmark server token is a
	// UUID). Such keys are recognised by RecogniseIn only.
	field, scheme string
	// findPrefix is what precedes the key in free text when it has no
	// prefix of its own but always follows one word (Okta's "SSWS ");
	// FindKeys keeps it.
	findPrefix string
	// findMin, findMax and findSet widen what FindKeys reports after
	// this prefix without the exact shape (a truncated or mangled key is
	// still a secret to hide): runs of the shape's bytes or findSet, from
	// findMin (0: the shape's shortest) to findMax (0: its longest).
	findMin, findMax int
	findSet          byteSet
	// trigger, for keys without a prefix that FindKeys looks for, is the
	// set of bytes they can start with.
	trigger byteSet
	// glue is a word the key may follow with no boundary between them in
	// free text ("bot" in Telegram's https://api.telegram.org/bot<token>/);
	// FindKeys looks for the key there too when the word itself starts at
	// a boundary.
	glue string
}

// Recognise reports which vendor key credentials is, from its literal prefix
// and the shape of the rest. Surrounding white space is ignored. When
// several prefixes match, the longest decides (sk-ant- before sk-), and a
// value whose rest does not have the vendor's shape is not recognised at
// all rather than passed to a shorter prefix. Where vendors share a prefix
// (sk_test_: Stripe and Clerk; test_: Mollie, Adyen and Paddle), the shape
// decides. Keys without a prefix (Telegram bot tokens, Mailchimp keys,
// Discord bot tokens, Sentry DSNs, Azure shared access signatures) are
// recognised by shape when no prefix matches. A placeholder with a
// vendor's prefix (sk_test_xxxxxxxxxxxxxxxxxxxxxxxx) is not recognised:
// see Placeholder.
func Recognise(credentials string) (Vendor, bool) {
	v, ok := recognise(strings.TrimSpace(credentials))
	if !ok {
		return Vendor{}, false
	}
	v.Alternatives = append([]string(nil), v.Alternatives...)
	return v, true
}

// RecogniseIn is Recognise for a value sent in a header field (name and
// full value): the credentials after the Authorization scheme are
// recognised as Recognise does, and what the field itself says is used
// too: a scheme only one vendor uses (Okta's SSWS), a header only one
// vendor reads (DD-API-KEY, X-Postmark-Server-Token), the key id inside
// an AWS Signature Version 4 value.
func RecogniseIn(headerName, value string) (Vendor, bool) {
	scheme, creds := Split(headerName, value)
	c := strings.TrimSpace(creds)
	if strings.EqualFold(scheme, "AWS4-HMAC-SHA256") {
		c = sigV4KeyID(c)
	}
	v, ok := recognise(c)
	if !ok {
		v, ok = recogniseContext(headerName, scheme, c)
	}
	if !ok {
		return Vendor{}, false
	}
	v.Alternatives = append([]string(nil), v.Alternatives...)
	return v, true
}

// recognise is Recognise on a trimmed value, sharing the table's
// Alternatives.
func recognise(c string) (Vendor, bool) {
	if c == "" {
		return Vendor{}, false
	}
	matched := 0 // length of the longest prefix c starts with
	for _, k := range catalogue.byFirst[c[0]] {
		if matched > len(k.Prefix) {
			break
		}
		if !strings.HasPrefix(c, k.Prefix) {
			continue
		}
		matched = len(k.Prefix)
		if v, ok := k.match(c[len(k.Prefix):]); ok {
			return v, true
		}
	}
	if matched > 0 {
		return Vendor{}, false
	}
	for _, k := range catalogue.bare {
		if v, ok := k.match(c); ok {
			return v, true
		}
	}
	return Vendor{}, false
}

// recogniseContext recognises keys known by the header or scheme they
// are sent with.
func recogniseContext(headerName, scheme, c string) (Vendor, bool) {
	for _, k := range catalogue.context {
		if k.scheme != "" && !strings.EqualFold(scheme, k.scheme) || k.field != "" && !strings.EqualFold(headerName, k.field) {
			continue
		}
		if v, ok := k.match(c); ok {
			return v, true
		}
	}
	return Vendor{}, false
}

// match checks rest against the key's shape and its read function, and
// returns the description filled with what the value says of itself. A
// placeholder in place of the secret part is not a match.
func (k *vendorKey) match(rest string) (Vendor, bool) {
	if !k.rest.match(rest) {
		return Vendor{}, false
	}
	v := k.Vendor
	if !k.read.read(rest, &v) {
		return Vendor{}, false
	}
	if _, ph := placeholderCore(rest); ph {
		return Vendor{}, false
	}
	return v, true
}

// Vendors returns a copy of the catalogue, in table order: one entry per
// kind of key.
func Vendors() []Vendor {
	out := make([]Vendor, len(vendorKeys))
	for i, k := range vendorKeys {
		out[i] = k.Vendor
		out[i].Alternatives = append([]string(nil), k.Alternatives...)
	}
	return out
}

// Headers vendors expect.
const (
	hdrBearer = "Authorization: Bearer"
	hdrBasic  = "Authorization: Basic"
)

// reader names the function that reads a value beyond its shape. It is an
// enumeration, not a func field, so that the calls are direct and the
// Vendor they fill stays on the stack.
type reader uint8

// Readers; the zero value reads nothing.
const (
	rdNone reader = iota
	rdClerkPublishable
	rdAzureStorageSAS
	rdAzureBusSAS
	rdGitHubChecksum
	rdNPMChecksum
	rdPyPI
	rdSentryOrgToken
	rdSentryDSN
	rdMailchimp
	rdDiscord
)

// read checks rest and records what it says of itself in v; false means
// the value is not this kind of key.
func (r reader) read(rest string, v *Vendor) bool {
	switch r {
	case rdClerkPublishable:
		return readClerkPublishable(rest, v)
	case rdAzureStorageSAS:
		return readAzureStorageSAS(rest, v)
	case rdAzureBusSAS:
		return readAzureBusSAS(rest, v)
	case rdGitHubChecksum:
		return readGitHubChecksum(rest, v)
	case rdNPMChecksum:
		return readNPMChecksum(rest, v)
	case rdPyPI:
		return readPyPI(rest, v)
	case rdSentryOrgToken:
		return readSentryOrgToken(rest, v)
	case rdSentryDSN:
		return readSentryDSN(rest, v)
	case rdMailchimp:
		return readMailchimp(rest, v)
	case rdDiscord:
		return readDiscord(rest, v)
	}
	return true
}
