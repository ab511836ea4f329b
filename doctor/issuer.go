package doctor

import (
	"context"
	"net/url"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/credential"
	"github.com/authdoctor/authdoctor/issuer"
	"github.com/authdoctor/authdoctor/probe"
)

// askIssuer asks the issuer of the request's bearer token what it knows,
// when there is a JWT with an http(s) iss, or keys or an introspection
// endpoint were given. The requests are listed as an issuer probe.
func askIssuer(ctx context.Context, o *authdoctor.Observation, s *probe.Sender, cfg Config) {
	tok, iss, ok := bearerToken(o.Request)
	if !ok {
		return
	}
	ic := issuer.Config{
		Client:       s.Client(),
		JWKS:         cfg.Issuer.JWKS,
		Introspect:   cfg.Issuer.Introspect,
		ClientID:     cfg.Issuer.ClientID,
		ClientSecret: cfg.Issuer.ClientSecret,
		HMACSecret:   cfg.Issuer.HMACSecret,
		Now:          cfg.Now,
	}
	if u, err := url.Parse(iss); !cfg.Issuer.NoDiscovery && err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		ic.Issuer = iss
	}
	if ic.Issuer == "" && ic.JWKS == "" && ic.Introspect == "" && ic.HMACSecret.IsZero() {
		return
	}
	if cfg.Progress != nil {
		cfg.Progress(authdoctor.RoleIssuer, "asking the token's issuer")
	}
	r := issuer.Inspect(ctx, ic, tok)
	o.Issuer = r
	if len(r.Exchanges) > 0 {
		o.Probes = append(o.Probes, authdoctor.Probe{Role: authdoctor.RoleIssuer, Label: "requests to the token's issuer (no credential for the API)", Hops: r.Exchanges})
	}
}

// bearerToken returns the token of the request's Authorization header and
// its iss claim when it is a JWT.
func bearerToken(r authdoctor.Request) (authdoctor.Secret, string, bool) {
	f, ok := r.Get("Authorization")
	if !ok {
		return authdoctor.Secret{}, "", false
	}
	v := strings.TrimSpace(f.Value.Reveal())
	scheme, tok, ok := strings.Cut(v, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return authdoctor.Secret{}, "", false
	}
	tok = strings.TrimSpace(tok)
	info := credential.Inspect("Authorization", "Bearer "+tok)
	iss := ""
	if info.JWT != nil {
		iss = info.JWT.Iss
	}
	return authdoctor.NewSecret(tok), iss, tok != ""
}
