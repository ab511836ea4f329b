package credential

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
)

// Developer tools: source hosting, CI, package registries, project and
// observability tools.

const (
	docsGitHub     = "https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats"
	docsGitLab     = "https://docs.gitlab.com/ee/security/token_overview.html#token-prefixes"
	docsNPM        = "https://docs.npmjs.com/about-access-tokens"
	docsPyPI       = "https://pypi.org/help/#apitoken"
	docsDockerHub  = "https://docs.docker.com/security/for-developers/access-tokens/"
	docsAtlassian  = "https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/"
	docsLinear     = "https://linear.app/developers/graphql#authentication"
	docsNotion     = "https://developers.notion.com/reference/authentication"
	docsAirtable   = "https://airtable.com/developers/web/guides/personal-access-tokens"
	docsPostman    = "https://learning.postman.com/docs/developer/postman-api/authentication/"
	docsVercel     = "https://vercel.com/changelog/new-token-formats-and-secret-scanning"
	docsNetlify    = "https://docs.netlify.com/api/get-started/#authentication"
	docsDoppler    = "https://docs.doppler.com/reference/auth-token-formats"
	docsFigma      = "https://www.figma.com/developers/api#access-tokens"
	docsPulumi     = "https://www.pulumi.com/docs/pulumi-cloud/access-management/access-tokens/"
	docsDatabricks = "https://docs.databricks.com/en/dev-tools/auth/pat.html"
	docsOnePass    = "https://developer.1password.com/docs/service-accounts/"
	docsSentryTok  = "https://docs.sentry.io/account/auth-tokens/"
	docsSentryDSN  = "https://docs.sentry.io/concepts/key-terms/dsn-explainer/"
	docsGrafanaSA  = "https://grafana.com/docs/grafana/latest/administration/service-accounts/"
	docsGrafanaCl  = "https://grafana.com/docs/grafana-cloud/security-and-account-management/authentication-and-permissions/access-policies/"
	docsDatadog    = "https://docs.datadoghq.com/account_management/api-app-keys/"
	docsHubSpot    = "https://developers.hubspot.com/docs/api/private-apps"
	noteGitLabAPI  = "Send it in PRIVATE-TOKEN or as Authorization: Bearer."
	noteGitHubFG   = "Fine-grained tokens reach only the repositories and permissions chosen for them; GitHub answers 404 for the rest."
	noteDocker     = "Log in with your Docker ID as the user name and the token as the password."
	noteSentryAuth = "Auth tokens call the Sentry web API (sentry.io/api/); they are not DSNs."
)

// Shapes of developer-tool keys.
var (
	// restGitHub: 30 random characters and 6 check digits; GitHub has
	// said the length may grow, so longer values are accepted and only the
	// documented 36 are checksummed.
	restGitHub = one(run(setAlnum, 36, 255))
	// restGitHubFG: github_pat_, 22 characters, '_', 59 characters
	// (gitleaks rules/github.go counts 82 word characters).
	restGitHubFG = one(exactly(setAlnum, 22), lit("_"), exactly(setAlnum, 59))
	// restGitLab: the legacy 20 characters of [0-9A-Za-z_-], or a routable
	// token: a longer base64url payload, '.', and a version and check part
	// (gitleaks rules/gitlab.go).
	restGitLab   = one(run(setB64URL.or(bytesOf(".")), 20, 300))
	restGitLab64 = one(run(setB64URL.or(bytesOf(".")), 64, 300))
	// restPyPI: base64url of a version 2 macaroon (readPyPI).
	restPyPI = one(run(setB64URL, 80, 1000))
)

var devKeys = []vendorKey{
	// GitHub token formats (github.blog changelog 2021-03-31), with a
	// CRC-32 in the last 6 characters (checksum.go).
	{Vendor: Vendor{Name: "GitHub", Prefix: "ghp_", Kind: "pat", Header: hdrBearer, Alternatives: []string{"Authorization: token"}, AccessCredential: true, Docs: docsGitHub, Checksum: ChecksumCRC32Base62}, rest: restGitHub, read: rdGitHubChecksum, findMin: 20},
	{Vendor: Vendor{Name: "GitHub", Prefix: "github_pat_", Kind: "fine-grained-pat", Header: hdrBearer, Alternatives: []string{"Authorization: token"}, AccessCredential: true, Note: noteGitHubFG, Docs: docsGitHub}, rest: restGitHubFG, findMin: 20, findMax: 255},
	{Vendor: Vendor{Name: "GitHub", Prefix: "gho_", Kind: "oauth", Header: hdrBearer, Alternatives: []string{"Authorization: token"}, AccessCredential: true, Docs: docsGitHub, Checksum: ChecksumCRC32Base62}, rest: restGitHub, read: rdGitHubChecksum, findMin: 20},
	{Vendor: Vendor{Name: "GitHub", Prefix: "ghu_", Kind: "user-to-server", Header: hdrBearer, Alternatives: []string{"Authorization: token"}, AccessCredential: true, Docs: docsGitHub, Checksum: ChecksumCRC32Base62}, rest: restGitHub, read: rdGitHubChecksum, findMin: 20},
	{Vendor: Vendor{Name: "GitHub", Prefix: "ghs_", Kind: "server-to-server", Header: hdrBearer, Alternatives: []string{"Authorization: token"}, AccessCredential: true, Note: "Installation and Actions tokens expire after an hour.", Docs: docsGitHub, Checksum: ChecksumCRC32Base62}, rest: restGitHub, read: rdGitHubChecksum, findMin: 20},
	{Vendor: Vendor{Name: "GitHub", Prefix: "ghr_", Kind: "refresh", Note: "A refresh token is exchanged for a new user-to-server token; it is not accepted by the API.", Docs: docsGitHub, Checksum: ChecksumCRC32Base62}, rest: restGitHub, read: rdGitHubChecksum, findMin: 20},

	// GitLab token prefixes (token overview, "Token prefixes").
	{Vendor: Vendor{Name: "GitLab", Prefix: "glpat-", Kind: "pat", Header: "PRIVATE-TOKEN", Alternatives: []string{hdrBearer}, AccessCredential: true, Docs: docsGitLab}, rest: restGitLab, findMin: 16},
	{Vendor: Vendor{Name: "GitLab", Prefix: "gloas-", Kind: "oauth-app-secret", Note: "An OAuth application secret goes to /oauth/token with the application id; API calls need the access token it returns.", Docs: docsGitLab}, rest: restGitLab64, findMin: 16},
	{Vendor: Vendor{Name: "GitLab", Prefix: "gldt-", Kind: "deploy-token", Header: hdrBasic + " (deploy token user name and token)", AccessCredential: true, Note: "Deploy tokens work for Git, the registries and packages, not for the REST API.", Docs: docsGitLab}, rest: restGitLab, findMin: 16},
	{Vendor: Vendor{Name: "GitLab", Prefix: "glrt-", Kind: "runner-auth", Note: "A runner authentication token is for gitlab-runner itself; the REST API needs a personal, project or group access token.", Docs: docsGitLab}, rest: restGitLab, findMin: 16},
	{Vendor: Vendor{Name: "GitLab", Prefix: "GR1348941", Kind: "runner-registration", Note: "Runner registration tokens are deprecated; create a runner and use its glrt- authentication token.", Docs: docsGitLab}, rest: restGitLab, findMin: 16},
	// Pipeline trigger tokens: 40 hex (gitleaks rules/gitlab.go), sent as
	// the token form field of the trigger endpoint.
	{Vendor: Vendor{Name: "GitLab", Prefix: "glptt-", Kind: "pipeline-trigger", AccessCredential: true, Note: "Send a trigger token as the token form field of POST /projects/:id/trigger/pipeline, not in a header.", Docs: docsGitLab}, rest: one(exactly(setHexLower, 40)), findMin: 16},
	// CI/CD job tokens: up to 5 characters, '_', 20 or more (gitleaks
	// rules/gitlab.go).
	{Vendor: Vendor{Name: "GitLab", Prefix: "glcbt-", Kind: "job-token", Header: "JOB-TOKEN", Alternatives: []string{hdrBearer}, AccessCredential: true, Note: "A CI/CD job token lives only while its job runs and reaches only the endpoints allowed for job tokens.", Docs: docsGitLab}, rest: one(run(setAlnum, 1, 5), lit("_"), run(setB64URL.or(bytesOf(".")), 20, 300)), findMin: 16},
	{Vendor: Vendor{Name: "GitLab", Prefix: "glft-", Kind: "feed-token", Note: "A feed token goes in the feed_token query parameter of RSS and calendar URLs; it is not an API token.", Docs: docsGitLab}, rest: restGitLab, findMin: 16},
	{Vendor: Vendor{Name: "GitLab", Prefix: "glsoat-", Kind: "scim-token", Header: hdrBearer, AccessCredential: true, Note: "SCIM tokens work only on the SCIM API.", Docs: docsGitLab}, rest: restGitLab, findMin: 16},
	{Vendor: Vendor{Name: "GitLab", Prefix: "glagent-", Kind: "agent-token", Note: "A Kubernetes agent token is for agentk; the REST API needs an access token.", Docs: docsGitLab}, rest: restGitLab64, findMin: 16},

	// npm granular and automation tokens: 30 random characters and the
	// same 6 check digits as GitHub's (github.blog 2021-09-23).
	{Vendor: Vendor{Name: "npm", Prefix: "npm_", Kind: "access-token", Header: hdrBearer, AccessCredential: true, Docs: docsNPM, Checksum: ChecksumCRC32Base62}, rest: one(exactly(setAlnum, 36)), read: rdNPMChecksum, findMin: 20, findMax: 255},

	// PyPI API tokens are macaroons (pypi-, then base64url of a version 2
	// macaroon whose location names the index): readPyPI records the
	// index; tokens of test.pypi.org do not work on pypi.org.
	{Vendor: Vendor{Name: "PyPI", Prefix: "pypi-", Kind: "api-token", Header: hdrBasic, Note: "Upload with user name __token__ and the token as the password, to the index the token was made on.", AccessCredential: true, Docs: docsPyPI}, rest: restPyPI, read: rdPyPI, findMin: 30},

	// Docker Hub personal access tokens (27 characters) and organization
	// access tokens (32) (trufflehog dockerhub v2 detector).
	{Vendor: Vendor{Name: "Docker Hub", Prefix: "dckr_pat_", Kind: "pat", Header: hdrBasic, AccessCredential: true, Note: noteDocker, Docs: docsDockerHub}, rest: one(exactly(setB64URL, 27))},
	{Vendor: Vendor{Name: "Docker Hub", Prefix: "dckr_oat_", Kind: "organization-access-token", Header: hdrBasic, AccessCredential: true, Note: "Log in with the organization name as the user name and the token as the password.", Docs: docsDockerHub}, rest: one(exactly(setB64URL, 32))},

	// Atlassian API tokens: ATATT3 and 186 more (gitleaks
	// rules/atlassian.go); Jira and Confluence Cloud take them as the
	// Basic password with the account's e-mail address.
	{Vendor: Vendor{Name: "Atlassian", Prefix: "ATATT3", Kind: "api-token", Header: hdrBasic + " (e-mail address and token)", AccessCredential: true, Note: "Send your Atlassian account e-mail as the Basic user name and the token as the password; Bearer works only for OAuth and Data Center tokens.", Docs: docsAtlassian}, rest: one(exactly(setB64URL.or(bytesOf("=")), 186))},

	// Linear personal API keys: lin_api_ and 40 alphanumerics (gitleaks
	// rules/linear.go), sent as the whole Authorization value.
	{Vendor: Vendor{Name: "Linear", Prefix: "lin_api_", Kind: "api-key", Header: "Authorization (the key alone, no scheme)", Alternatives: []string{hdrBearer + " (OAuth access tokens only)"}, AccessCredential: true, Note: "Linear takes a personal API key as the whole Authorization value, without Bearer.", Docs: docsLinear}, rest: one(exactly(setAlnum, 40))},

	// Notion integration tokens: the legacy secret_ and 43 alphanumerics
	// (trufflehog notion detector), the current ntn_, 11 digits and 35
	// alphanumerics (gitleaks rules/notion.go).
	{Vendor: Vendor{Name: "Notion", Prefix: "secret_", Kind: "integration-token", Header: hdrBearer, AccessCredential: true, Note: "Every request also needs a Notion-Version header, and the integration must be shared with the page.", Docs: docsNotion}, rest: one(exactly(setAlnum, 43))},
	{Vendor: Vendor{Name: "Notion", Prefix: "ntn_", Kind: "integration-token", Header: hdrBearer, AccessCredential: true, Note: "Every request also needs a Notion-Version header, and the integration must be shared with the page.", Docs: docsNotion}, rest: one(exactly(setDigit, 11), exactly(setAlnum, 35))},

	// Airtable personal access tokens: pat, 14 alphanumerics, '.', 64 hex
	// (gitleaks rules/airtable.go).
	{Vendor: Vendor{Name: "Airtable", Prefix: "pat", Kind: "pat", Header: hdrBearer, AccessCredential: true, Note: "Personal access tokens reach only the bases and scopes chosen for them.", Docs: docsAirtable}, rest: one(exactly(setAlnum, 14), lit("."), exactly(setHexLower, 64))},

	// Postman API keys: PMAK-, 24 hex, '-', 34 hex (gitleaks
	// rules/postman.go).
	{Vendor: Vendor{Name: "Postman", Prefix: "PMAK-", Kind: "api-key", Header: "X-API-Key", AccessCredential: true, Docs: docsPostman}, rest: one(exactly(setHexLower, 24), lit("-"), exactly(setHexLower, 34))},

	// Vercel credential prefixes (changelog "Introducing new token
	// formats and secret scanning"); the length is not documented.
	{Vendor: Vendor{Name: "Vercel", Prefix: "vcp_", Kind: "pat", Header: hdrBearer, AccessCredential: true, Docs: docsVercel}, rest: one(run(setAlnum, 20, 255))},
	{Vendor: Vendor{Name: "Vercel", Prefix: "vci_", Kind: "integration-token", Header: hdrBearer, AccessCredential: true, Docs: docsVercel}, rest: one(run(setAlnum, 20, 255))},
	{Vendor: Vendor{Name: "Vercel", Prefix: "vca_", Kind: "app-access-token", Header: hdrBearer, AccessCredential: true, Docs: docsVercel}, rest: one(run(setAlnum, 20, 255))},
	{Vendor: Vendor{Name: "Vercel", Prefix: "vcr_", Kind: "refresh", Note: "A refresh token is exchanged for a new access token; it is not accepted by the API.", Docs: docsVercel}, rest: one(run(setAlnum, 20, 255))},
	{Vendor: Vendor{Name: "Vercel", Prefix: "vck_", Kind: "api-key", Header: hdrBearer, AccessCredential: true, Docs: docsVercel}, rest: one(run(setAlnum, 20, 255))},

	// Netlify personal access tokens: nfp_ and 36 word characters
	// (trufflehog netlify v2 detector).
	{Vendor: Vendor{Name: "Netlify", Prefix: "nfp_", Kind: "pat", Header: hdrBearer, AccessCredential: true, Docs: docsNetlify}, rest: one(exactly(setWord, 36))},

	// Doppler token formats: dp.pt. personal, dp.ct. CLI, dp.sa. service
	// account, 43 alphanumerics (gitleaks rules/doppler.go).
	{Vendor: Vendor{Name: "Doppler", Prefix: "dp.pt.", Kind: "pat", Header: hdrBearer, AccessCredential: true, Docs: docsDoppler}, rest: one(run(setAlnum, 40, 64))},
	{Vendor: Vendor{Name: "Doppler", Prefix: "dp.ct.", Kind: "cli-token", Header: hdrBearer, AccessCredential: true, Docs: docsDoppler}, rest: one(run(setAlnum, 40, 64))},
	{Vendor: Vendor{Name: "Doppler", Prefix: "dp.sa.", Kind: "service-account", Header: hdrBearer, AccessCredential: true, Docs: docsDoppler}, rest: one(run(setAlnum, 40, 64))},

	// Figma personal access tokens: figd_ and 40 or more (trufflehog
	// figmapersonalaccesstoken v2 detector).
	{Vendor: Vendor{Name: "Figma", Prefix: "figd_", Kind: "pat", Header: "X-Figma-Token", Alternatives: []string{hdrBearer + " (OAuth tokens)"}, AccessCredential: true, Docs: docsFigma}, rest: one(run(setB64URL, 40, 64))},

	// Pulumi Cloud access tokens: pul- and 40 hex (gitleaks
	// rules/pulumi.go), with the token scheme.
	{Vendor: Vendor{Name: "Pulumi", Prefix: "pul-", Kind: "access-token", Header: "Authorization: token", AccessCredential: true, Docs: docsPulumi}, rest: one(exactly(setHexLower, 40))},

	// Databricks personal access tokens: dapi, 32 hex, sometimes -1
	// (gitleaks rules/databricks.go).
	{Vendor: Vendor{Name: "Databricks", Prefix: "dapi", Kind: "pat", Header: hdrBearer, AccessCredential: true, Docs: docsDatabricks}, rest: either(pattern{exactly(setHexLower, 32)}, pattern{exactly(setHexLower, 32), lit("-"), exactly(setDigit, 1)})},

	// 1Password service account tokens: ops_ and base64 JSON (gitleaks
	// rules/1password.go).
	{Vendor: Vendor{Name: "1Password", Prefix: "ops_", Kind: "service-account", Note: "The 1Password CLI and SDKs read a service account token from OP_SERVICE_ACCOUNT_TOKEN; Connect servers use their own tokens.", Docs: docsOnePass}, rest: one(lit("eyJ"), run(setB64, 250, 4000))},

	// Sentry auth tokens (sntryu_ user tokens, 64 hex; sntrys_
	// organization tokens, base64 JSON, '_', 43 more: getsentry RFC 0091)
	// and DSNs (a public key and the ingest host).
	{Vendor: Vendor{Name: "Sentry", Prefix: "sntryu_", Kind: "user-auth-token", Header: hdrBearer, AccessCredential: true, Note: noteSentryAuth, Docs: docsSentryTok}, rest: one(exactly(setHexLower, 64))},
	{Vendor: Vendor{Name: "Sentry", Prefix: "sntrys_", Kind: "org-auth-token", Header: hdrBearer, AccessCredential: true, Note: noteSentryAuth + " Organization tokens are for CI: releases and source maps.", Docs: docsSentryTok}, rest: one(lit("eyJ"), run(setB64, 20, 600), lit("_"), exactly(bytesOf(alnumChars+"+/"), 43)), read: rdSentryOrgToken},
	{Vendor: Vendor{Name: "Sentry", Kind: "dsn", Header: "X-Sentry-Auth: Sentry sentry_key=…", Note: "A DSN tells an SDK where to send events; its key is public and does not authenticate the web API (use an auth token).", Docs: docsSentryDSN}, rest: restSentryDSN, read: rdSentryDSN},

	// Grafana service account tokens: glsa_, 32 alphanumerics, '_', 8 hex;
	// Grafana Cloud access policy tokens: glc_ and base64 (gitleaks
	// rules/grafana.go).
	{Vendor: Vendor{Name: "Grafana", Prefix: "glsa_", Kind: "service-account", Header: hdrBearer, AccessCredential: true, Docs: docsGrafanaSA}, rest: one(exactly(setAlnum, 32), lit("_"), exactly(setHex, 8))},
	{Vendor: Vendor{Name: "Grafana", Prefix: "glc_", Kind: "cloud-access-policy", Header: hdrBearer, Alternatives: []string{hdrBasic + " (instance id and token)"}, AccessCredential: true, Docs: docsGrafanaCl}, rest: one(run(setB64, 32, 400))},

	// Datadog API keys (32 hex) and application keys (40 hex) have no
	// prefix; the header names them.
	{Vendor: Vendor{Name: "Datadog", Kind: "api-key", Header: "DD-API-KEY", AccessCredential: true, Note: "Most read endpoints also need an application key in DD-APPLICATION-KEY; keys belong to one site (datadoghq.com, datadoghq.eu…).", Docs: docsDatadog}, rest: one(exactly(setHexLower, 32)), field: "DD-API-KEY"},
	{Vendor: Vendor{Name: "Datadog", Kind: "application-key", Header: "DD-APPLICATION-KEY", AccessCredential: true, Note: "An application key works only together with an API key in DD-API-KEY.", Docs: docsDatadog}, rest: one(exactly(setHexLower, 40)), field: "DD-APPLICATION-KEY"},

	// HubSpot private-app tokens name their data region.
	{Vendor: Vendor{Name: "HubSpot", Prefix: "pat-na1-", Kind: "private-app", Header: hdrBearer, AccessCredential: true, Region: "na1", Docs: docsHubSpot}, rest: restUUID, findMin: 20, findMax: 64},
	{Vendor: Vendor{Name: "HubSpot", Prefix: "pat-eu1-", Kind: "private-app", Header: hdrBearer, AccessCredential: true, Region: "eu1", Docs: docsHubSpot}, rest: restUUID, findMin: 20, findMax: 64},
}

// readGitHubChecksum verifies the check digits of a token of the
// documented length.
func readGitHubChecksum(rest string, v *Vendor) bool {
	if len(rest) == 36 {
		v.ChecksumResult = checkCRC32Base62(rest)
	}
	return true
}

// readNPMChecksum verifies the check digits of an npm token.
func readNPMChecksum(rest string, v *Vendor) bool {
	v.ChecksumResult = checkCRC32Base62(rest)
	return true
}

// readPyPI reads the location of a PyPI token's macaroon. The binary
// format (version 2, libmacaroons): the version byte 2, then fields of a
// varint type, a varint length and the data; the optional location
// (type 1) comes first. PyPI writes pypi.org or test.pypi.org there. A
// value that is not such a macaroon is not a PyPI token.
func readPyPI(rest string, v *Vendor) bool {
	// The location is within the first bytes; decode no more than needed.
	head := rest
	if len(head) > 360 {
		head = head[:360]
	}
	head = head[:len(head)/4*4]
	var buf [270]byte
	n, err := base64.RawURLEncoding.Decode(buf[:], []byte(head))
	if err != nil {
		return false
	}
	b := buf[:n]
	if len(b) < 3 || b[0] != 2 || b[1] != 1 {
		return false
	}
	l := int(b[2])
	if l == 0 || l >= 0x80 || 3+l > len(b) {
		return false
	}
	loc := b[3 : 3+l]
	if !isHostName(loc) {
		return false
	}
	v.Host = string(loc)
	switch v.Host {
	case "pypi.org":
		v.Environment = EnvProduction
	case "test.pypi.org":
		v.Environment = EnvTest
	}
	return true
}

// readSentryOrgToken records the region host named in an organization
// token's payload ({"iat":…,"url":…,"region_url":…,"org":…}).
func readSentryOrgToken(rest string, v *Vendor) bool {
	payload, _, _ := strings.Cut(rest, "_")
	raw, err := base64.StdEncoding.DecodeString(payload + strings.Repeat("=", (4-len(payload)%4)%4))
	if err != nil {
		raw, err = base64.StdEncoding.DecodeString(payload)
	}
	if err != nil {
		return false
	}
	var p struct {
		RegionURL string `json:"region_url"`
		URL       string `json:"url"`
	}
	if json.Unmarshal(raw, &p) != nil {
		return false
	}
	for _, s := range []string{p.RegionURL, p.URL} {
		if u, err := url.Parse(s); err == nil && u.Host != "" {
			v.Host = u.Host
			break
		}
	}
	return true
}

// restSentryDSN: scheme://public-key@host/project-id, as a DSN is
// written (the legacy key:secret@ form too).
var restSentryDSN = func() shape {
	host := run(bytesOf(lowerChars+digitChars+".-:"), 3, 253)
	key := exactly(setHexLower, 32)
	var out shape
	for _, scheme := range []string{"https://", "http://"} {
		out = append(out,
			pattern{lit(scheme), key, lit("@"), host, lit("/"), run(setDigit, 1, 20)},
			pattern{lit(scheme), key, lit(":"), key, lit("@"), host, lit("/"), run(setDigit, 1, 20)},
		)
	}
	return out
}()

// readSentryDSN records the ingest host.
func readSentryDSN(dsn string, v *Vendor) bool {
	_, after, _ := strings.Cut(dsn, "@")
	host, _, _ := strings.Cut(after, "/")
	v.Host = host
	return true
}
