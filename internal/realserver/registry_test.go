package realserver_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base32"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/doctor"
)

// The names the registry's token auth is configured with: the token
// service's issuer name (docker_auth, GitLab and Harbor use such plain
// names, not URLs, so the engine cannot discover them) and the service the
// registry calls itself, which every token's aud must equal.
const (
	registryIssuer  = "authdoctor-test-token-service"
	registryService = "registry.authdoctor.test"
	registryRepo    = "team/app"
)

// registryConf is a complete standalone config for the distribution
// registry (2.8) with token auth (docs/configuration.md "token"): it
// trusts the keys of the certificates in rootcertbundle, and names the
// token endpoint in its challenges' realm.
func registryConf(dir string, port int, realm, secret string) string {
	return fmt.Sprintf(`version: 0.1
log:
  level: info
  formatter: text
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: %[1]s/data
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:%[2]d
  secret: %[4]s
auth:
  token:
    realm: %[3]s
    service: %[5]s
    issuer: %[6]s
    rootcertbundle: %[1]s/token-root.crt
`, dir, port, realm, secret, registryService, registryIssuer)
}

// libtrustKeyID is the key id the registry gives a public key (libtrust's
// fingerprint, the form docker's token servers put in kid): the SHA-256
// of the key's PKIX DER, cut to 240 bits, base32 without padding, in
// twelve groups of four joined by colons.
func libtrustKeyID(t *testing.T, pub any) string {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatalf("marshal public key: %v", err)
	}
	sum := sha256.Sum256(der)
	s := strings.TrimRight(base32.StdEncoding.EncodeToString(sum[:30]), "=")
	groups := make([]string, 0, len(s)/4)
	for len(s) > 0 {
		n := min(4, len(s))
		groups = append(groups, s[:n])
		s = s[n:]
	}
	return strings.Join(groups, ":")
}

// registryKey is a token service's signing key and its kid.
type registryKey struct {
	priv *ecdsa.PrivateKey
	kid  string
}

func newRegistryKey(t *testing.T) registryKey {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("generate signing key: %v", err)
	}
	return registryKey{priv: priv, kid: libtrustKeyID(t, &priv.PublicKey)}
}

// jwk is the key's public half as its issuer would publish it.
func (k registryKey) jwk() jose.JSONWebKey {
	return jose.JSONWebKey{Key: &k.priv.PublicKey, KeyID: k.kid, Algorithm: string(jose.ES256), Use: "sig"}
}

// rootCert is a self-signed certificate of the key, PEM-encoded: what the
// registry's rootcertbundle holds.
func (k registryKey) rootCert(t *testing.T) string {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: registryIssuer},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.priv.PublicKey, k.priv)
	if err != nil {
		t.Fatalf("create token root certificate: %v", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// registryAccess is one entry of a registry token's access claim (docs/spec/auth/jwt.md).
type registryAccess struct {
	Type    string   `json:"type"`
	Name    string   `json:"name"`
	Actions []string `json:"actions"`
}

// registryToken is what a token service would issue: its claims can be
// changed before it is signed.
type registryToken struct {
	aud    string
	exp    time.Time
	access []registryAccess
}

// pullOf is the access a docker pull of repo needs.
func pullOf(repo string) []registryAccess {
	return []registryAccess{{Type: "repository", Name: repo, Actions: []string{"pull"}}}
}

// sign mints the token with key, kid in its header.
func (rt registryToken) sign(t *testing.T, key registryKey) string {
	t.Helper()
	now := time.Now()
	aud := rt.aud
	if aud == "" {
		aud = registryService
	}
	exp := rt.exp
	if exp.IsZero() {
		exp = now.Add(5 * time.Minute)
	}
	acc := rt.access
	if acc == nil {
		acc = []registryAccess{}
	}
	return signJWT(t, jose.ES256, key.priv, key.kid, map[string]any{
		"iss":    registryIssuer,
		"sub":    "ci-bot",
		"aud":    aud,
		"iat":    exp.Add(-5 * time.Minute).Unix(),
		"nbf":    exp.Add(-5 * time.Minute).Unix(),
		"exp":    exp.Unix(),
		"jti":    rand.Text(),
		"access": acc,
	})
}

// startRegistry starts docker-registry with token auth trusting key and
// returns its base URL. realm is the token endpoint its challenges name.
func startRegistry(t *testing.T, key registryKey, realm string) string {
	t.Helper()
	bin := requireBinary(t, "docker-registry", "/usr/bin/docker-registry", "/usr/bin/registry")
	dir := serverDir(t)
	writeFile(t, dir, "token-root.crt", key.rootCert(t), 0o644)
	writeFile(t, dir, "data/.keep", "", 0o644)
	secret := rand.Text()
	ports := startServer(t, "docker-registry", bin, 1, func(ports []int) ([]string, string) {
		conf := writeFile(t, dir, "config.yml", registryConf(dir, ports[0], realm, secret), 0o600)
		// The registry logs to its terminal only; startServer keeps that.
		return []string{"serve", conf}, dir + "/no-error-log"
	})
	return "http://127.0.0.1:" + strconv.Itoa(ports[0])
}

// pushImage pushes a one-layer image tagged v1 to repo, the way docker
// push does (blob uploads, then the manifest), so that the repository
// exists and its tag list answers 200. The test sends these writes itself;
// authdoctor only ever reads.
func pushImage(t *testing.T, base, repo, token string) {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	do := func(method, u, contentType string, body []byte, want int) *http.Response {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), method, u, bytes.NewReader(body))
		if err != nil {
			t.Fatalf("push: %v", err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("push: %s %s: %v", method, authdoctor.RedactURL(u), err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Fatalf("push: %s %s: %d, want %d: %s", method, authdoctor.RedactURL(u), resp.StatusCode, want, b)
		}
		return resp
	}
	blob := func(content []byte) string {
		t.Helper()
		digest := fmt.Sprintf("sha256:%x", sha256.Sum256(content))
		resp := do("POST", base+"/v2/"+repo+"/blobs/uploads/", "", nil, http.StatusAccepted)
		loc, err := url.Parse(resp.Header.Get("Location"))
		if err != nil {
			t.Fatalf("push: upload location: %v", err)
		}
		loc = parseURL(t, base).ResolveReference(loc)
		q := loc.Query()
		q.Set("digest", digest)
		loc.RawQuery = q.Encode()
		do("PUT", loc.String(), "application/octet-stream", content, http.StatusCreated)
		return digest
	}
	config := []byte(`{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}`)
	layer := []byte("a layer of the authdoctor test image\n")
	manifest, err := json.Marshal(map[string]any{
		"schemaVersion": 2,
		"mediaType":     "application/vnd.docker.distribution.manifest.v2+json",
		"config": map[string]any{
			"mediaType": "application/vnd.docker.container.image.v1+json",
			"size":      len(config),
			"digest":    blob(config),
		},
		"layers": []map[string]any{{
			"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
			"size":      len(layer),
			"digest":    blob(layer),
		}},
	})
	if err != nil {
		t.Fatalf("push: encode manifest: %v", err)
	}
	do("PUT", base+"/v2/"+repo+"/manifests/v1", "application/vnd.docker.distribution.manifest.v2+json", manifest, http.StatusCreated)
}

func parseURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("parse %s: %v", raw, err)
	}
	return u
}

// TestRegistry runs the distribution registry with token auth (RFC 6750
// challenges carrying the scope the request needs) against tokens the test
// mints as its token service would.
func TestRegistry(t *testing.T) {
	t.Parallel()
	key := newRegistryKey(t)
	other := newRegistryKey(t) // a key the registry does not trust
	jwks := jwksServer(t, key.jwk())
	realm := strings.TrimSuffix(jwks, "/jwks.json") + "/token"
	base := startRegistry(t, key, realm)
	pushImage(t, base, registryRepo, registryToken{access: []registryAccess{{Type: "repository", Name: registryRepo, Actions: []string{"pull", "push"}}}}.sign(t, key))

	tags := base + "/v2/" + registryRepo + "/tags/list"
	bearer := func(tok string) authdoctor.Field { return field("Authorization", "Bearer "+tok) }
	valid := registryToken{access: pullOf(registryRepo)}
	expired := valid
	expired.exp = time.Now().Add(-time.Hour)
	// Inside the registry's own 60 s leeway (registry/auth/token Leeway)
	// and authdoctor's: both treat it as still valid.
	justExpired := valid
	justExpired.exp = time.Now().Add(-20 * time.Second)
	wrongAud := valid
	wrongAud.aud = "registry.other.test"
	otherRepo := registryToken{access: pullOf("team/other")}
	// The engine checks signatures itself with the issuer's published keys.
	withKeys := doctor.Config{Issuer: doctor.IssuerOptions{Ask: true, JWKS: jwks}}

	runCases(t, []realCase{
		{
			name: "base/valid-token",
			req:  get(base+"/v2/", bearer(valid.sign(t, key))),
			want: want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
		},
		{
			name: "tags/valid-pull-token",
			req:  get(tags, bearer(valid.sign(t, key))),
			want: want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
		},
		{
			name: "tags/valid-pull-token-keys-checked",
			req:  get(tags, bearer(valid.sign(t, key))),
			cfg:  withKeys,
			want: want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
		},
		{
			name: "tags/no-token",
			req:  get(tags),
			want: want{cause: authdoctor.CauseCredentialMissing, verdictFinding: "request.no-credential"},
		},
		{
			// 401 error="invalid_token" with no description: the exp an
			// hour ago is the evidence.
			name: "tags/expired-token",
			req:  get(tags, bearer(expired.sign(t, key))),
			want: want{cause: authdoctor.CauseTokenExpired, verdictFinding: "token.expired"},
		},
		{
			name: "tags/expired-inside-leeway",
			req:  get(tags, bearer(justExpired.sign(t, key))),
			want: want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
		},
		{
			// Without the issuer's keys all the engine has is the
			// server's invalid_token: the token was read and refused.
			name: "tags/tampered-signature",
			req:  get(tags, bearer(tamperSignature(t, valid.sign(t, key)))),
			want: want{cause: authdoctor.CauseTokenRejected, confidence: authdoctor.Likely},
		},
		{
			name: "tags/tampered-signature-keys-checked",
			req:  get(tags, bearer(tamperSignature(t, valid.sign(t, key)))),
			cfg:  withKeys,
			want: want{cause: authdoctor.CauseSignatureInvalid, confidence: authdoctor.Confirmed, verdictFinding: "token.signature"},
		},
		{
			name: "tags/untrusted-key",
			req:  get(tags, bearer(valid.sign(t, other))),
			want: want{cause: authdoctor.CauseTokenRejected, confidence: authdoctor.Likely},
		},
		{
			name: "tags/untrusted-key-keys-checked",
			req:  get(tags, bearer(valid.sign(t, other))),
			cfg:  withKeys,
			want: want{cause: authdoctor.CauseSigningKeyUnknown, verdictFinding: "token.kid-unknown"},
		},
		{
			// 401 error="insufficient_scope",scope="repository:team/app:pull".
			name: "tags/scope-for-another-repo",
			req:  get(tags, bearer(otherRepo.sign(t, key))),
			want: want{cause: authdoctor.CauseInsufficientScope, confidence: authdoctor.Confirmed, verdictFinding: "scope.insufficient"},
		},
		{
			// The catalog needs registry:catalog:*, which a pull token lacks.
			name: "catalog/pull-token",
			req:  get(base+"/v2/_catalog", bearer(valid.sign(t, key))),
			want: want{cause: authdoctor.CauseInsufficientScope, confidence: authdoctor.Confirmed, verdictFinding: "scope.insufficient"},
		},
		{
			// The challenge names the audience the registry wants
			// (service="registry.authdoctor.test", the token spec's aud)
			// and the token's aud is another: a senior engineer reads
			// both and says audience, without being told --audience.
			name: "tags/token-for-another-registry",
			req:  get(tags, bearer(wrongAud.sign(t, key))),
			want: want{cause: authdoctor.CauseAudienceMismatch},
		},
		{
			name: "tags/token-for-another-registry-audience-given",
			req:  get(tags, bearer(wrongAud.sign(t, key))),
			cfg:  doctor.Config{Expect: authdoctor.Expect{Audience: []string{registryService}}},
			want: want{cause: authdoctor.CauseAudienceMismatch, verdictFinding: "token.audience"},
		},
		{
			// docker login with a password against a token-auth
			// registry: Basic is answered exactly as no credential, with
			// a Bearer challenge.
			name: "tags/basic-instead-of-bearer",
			req:  get(tags, field("Authorization", basic("ci-bot", rand.Text()))),
			want: want{cause: authdoctor.CauseSchemeMismatch},
		},
	})
}
