package credential

import (
	"net"
	"net/url"
	"strings"
)

// Environments as this package names them.
const (
	EnvTest       = "test"
	EnvLive       = "live"
	EnvSandbox    = "sandbox"
	EnvProduction = "production"
)

// vendorHosts are API hosts whose environment the vendor documents. The
// label rule in HostEnvironment cannot see these: squareupsandbox is one
// label, and api-m.paypal.com carries no "prod".
var vendorHosts = map[string]string{
	"connect.squareup.com":             EnvProduction,
	"pci-connect.squareup.com":         EnvProduction,
	"connect.squareupsandbox.com":      EnvSandbox,
	"pci-connect.squareupsandbox.com":  EnvSandbox,
	"api-m.paypal.com":                 EnvProduction,
	"api.paypal.com":                   EnvProduction,
	"api-m.sandbox.paypal.com":         EnvSandbox,
	"api.sandbox.paypal.com":           EnvSandbox,
	"production.plaid.com":             EnvProduction,
	"sandbox.plaid.com":                EnvSandbox,
	"api.braintreegateway.com":         EnvProduction,
	"api.sandbox.braintreegateway.com": EnvSandbox,
	"api.authorize.net":                EnvProduction,
	"apitest.authorize.net":            EnvSandbox,
	"login.salesforce.com":             EnvProduction,
	"test.salesforce.com":              EnvSandbox,
	"api.ebay.com":                     EnvProduction,
	"api.sandbox.ebay.com":             EnvSandbox,
	// One host serves both modes; the key says which.
	"api.stripe.com": "",
	"api.mollie.com": "",
}

// nonProductionWords are host labels, or hyphen-separated parts of labels,
// that mark a non-production deployment.
var nonProductionWords = map[string]bool{
	"sandbox": true, "test": true, "testing": true, "staging": true, "stage": true,
	"stg": true, "dev": true, "develop": true, "development": true, "qa": true,
	"uat": true, "preprod": true, "nonprod": true, "preview": true,
	"testnet": true, // exchanges' and chains' test networks (testnet.binance.vision)
}

// productionWords are host labels, or parts of labels, that mark production.
var productionWords = map[string]bool{"prod": true, "production": true, "prd": true, "live": true}

// HostEnvironment says which environment a host name points at: "sandbox"
// for any non-production deployment, "production", or "" when the name does
// not say. host may carry a port or be a whole URL.
//
// A host is production only when it is positively known: a vendor host in
// the table (connect.squareup.com, api-m.paypal.com) or a label such as
// prod, production or live. Non-production is read from the vendor table
// (connect.squareupsandbox.com) and from labels sandbox, test, staging, dev,
// qa, uat, preprod (also as a hyphenated part: api-staging.example.com).
// The top-level domain is ignored: go.dev is not a dev host, and a .test
// name (RFC 2606) says where the host lives, not which API environment it
// serves. When a name says both, the
// non-production word wins: a key meant for production is not silently
// assumed to belong there.
func HostEnvironment(host string) string {
	h := normaliseHost(host)
	if h == "" || net.ParseIP(h) != nil || h == "localhost" {
		return ""
	}
	if env, ok := vendorHosts[h]; ok {
		return env
	}
	labels := strings.Split(h, ".")
	if len(labels) > 1 {
		labels = labels[:len(labels)-1]
	}
	prod := false
	for _, l := range labels {
		if strings.Contains(l, "preprod") || strings.Contains(l, "pre-prod") ||
			strings.Contains(l, "nonprod") || strings.Contains(l, "non-prod") {
			return EnvSandbox
		}
		if nonProductionWords[l] {
			return EnvSandbox
		}
		if productionWords[l] {
			prod = true
		}
		for _, part := range strings.Split(l, "-") {
			if nonProductionWords[part] {
				return EnvSandbox
			}
			if productionWords[part] {
				prod = true
			}
		}
	}
	if prod {
		return EnvProduction
	}
	return ""
}

// normaliseHost lower-cases host and strips a scheme, path, user info, port
// and trailing dot.
func normaliseHost(host string) string {
	h := strings.TrimSpace(host)
	if strings.Contains(h, "://") {
		u, err := url.Parse(h)
		if err != nil {
			return ""
		}
		h = u.Host
	}
	if i := strings.LastIndex(h, "@"); i >= 0 {
		h = h[i+1:]
	}
	if i := strings.IndexAny(h, "/?#"); i >= 0 {
		h = h[:i]
	}
	if hp, _, err := net.SplitHostPort(h); err == nil {
		h = hp
	}
	h = strings.Trim(h, "[]")
	return strings.TrimSuffix(strings.ToLower(h), ".")
}

// NormaliseEnvironment maps an environment word as written in a claim or a
// configuration file (Prod, STAGING, uat) onto this package's names: "test",
// "live", "sandbox" or "production", or "" when the word is not one it
// knows.
func NormaliseEnvironment(s string) string {
	w := strings.ToLower(strings.TrimSpace(s))
	switch {
	case w == EnvTest || w == "testing":
		return EnvTest
	case w == EnvLive:
		return EnvLive
	case w == EnvProduction || w == "prod" || w == "prd":
		return EnvProduction
	case nonProductionWords[w] || w == "pre-prod" || w == "non-prod" || w == "development":
		return EnvSandbox
	}
	return ""
}

// EnvironmentsConflict reports whether a credential's environment and a
// host's environment contradict each other: one is test, sandbox, staging
// or another non-production word, the other live or production. Unknown
// (empty) environments never conflict. Words are compared case-insensitively.
func EnvironmentsConflict(credEnv, hostEnv string) bool {
	a, b := envClass(credEnv), envClass(hostEnv)
	return a != 0 && b != 0 && a != b
}

// envClass is 1 for production words, -1 for non-production words and 0
// when unknown.
func envClass(s string) int {
	switch NormaliseEnvironment(s) {
	case EnvLive, EnvProduction:
		return 1
	case EnvTest, EnvSandbox:
		return -1
	}
	return 0
}
