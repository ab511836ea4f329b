package credential

// AI model APIs.

const (
	docsOpenAI     = "https://platform.openai.com/docs/api-reference/authentication"
	docsAnthropic  = "https://docs.anthropic.com/en/api/overview"
	docsOpenRouter = "https://openrouter.ai/docs/api-reference/authentication"
	docsGroq       = "https://console.groq.com/docs/quickstart"
	docsXAI        = "https://docs.x.ai/docs/api-reference#authentication"
	docsReplicate  = "https://replicate.com/docs/reference/http#authentication"
	docsPerplexity = "https://docs.perplexity.ai/guides/getting-started"
	docsHF         = "https://huggingface.co/docs/hub/security-tokens"
	noteAnthropic  = "Anthropic expects the key in x-api-key, not Authorization: Bearer."
)

var (
	restOpenAI    = one(run(setB64URL, 32, 512))
	restOpenAIPfx = one(run(setB64URL, 40, 512))
	// restAnthropic: 95 characters after the version (gitleaks
	// rules/anthropic.go: 93 and a final AA).
	restAnthropic = one(exactly(setB64URL, 95))
	// restHF: 34 alphanumerics (gitleaks rules/huggingface.go, trufflehog
	// huggingface detector).
	restHF = one(exactly(setAlnum, 34))
)

var aiKeys = []vendorKey{
	// OpenAI; other OpenAI-compatible providers also issue sk- keys.
	{Vendor: Vendor{Name: "OpenAI", Prefix: "sk-proj-", Kind: "project", Header: hdrBearer, AccessCredential: true, Docs: docsOpenAI}, rest: restOpenAIPfx, findMin: 16},
	{Vendor: Vendor{Name: "OpenAI", Prefix: "sk-svcacct-", Kind: "service-account", Header: hdrBearer, AccessCredential: true, Docs: docsOpenAI}, rest: restOpenAIPfx, findMin: 16},
	{Vendor: Vendor{Name: "OpenAI", Prefix: "sk-admin-", Kind: "admin", Header: hdrBearer, AccessCredential: true, Note: "Admin keys work only on the administration endpoints.", Docs: docsOpenAI}, rest: restOpenAIPfx, findMin: 16},
	{Vendor: Vendor{Name: "OpenAI", Prefix: "sk-", Kind: "user", Header: hdrBearer, AccessCredential: true, Note: "Other OpenAI-compatible providers also issue keys starting sk-; check which service the key belongs to.", Docs: docsOpenAI}, rest: restOpenAI, findMin: 16},

	// Anthropic, matched before sk- by being longer.
	{Vendor: Vendor{Name: "Anthropic", Prefix: "sk-ant-api03-", Kind: "api-key", Header: "x-api-key", AccessCredential: true, Note: noteAnthropic, Docs: docsAnthropic}, rest: restAnthropic, findMin: 16, findMax: 512},
	{Vendor: Vendor{Name: "Anthropic", Prefix: "sk-ant-admin01-", Kind: "admin", Header: "x-api-key", AccessCredential: true, Note: "Admin keys work only on the Admin API.", Docs: docsAnthropic}, rest: restAnthropic, findMin: 16, findMax: 512},
	{Vendor: Vendor{Name: "Anthropic", Prefix: "sk-ant-", Kind: "api-key", Header: "x-api-key", AccessCredential: true, Note: noteAnthropic, Docs: docsAnthropic}, rest: one(run(setB64URL, 85, 120)), findMin: 16, findMax: 512},

	// OpenRouter keys: sk-or-v1- and 64 hex (trufflehog openrouter
	// detector); they are not OpenAI keys.
	{Vendor: Vendor{Name: "OpenRouter", Prefix: "sk-or-v1-", Kind: "api-key", Header: hdrBearer, AccessCredential: true, Note: "OpenRouter keys work on openrouter.ai/api/v1, not on api.openai.com.", Docs: docsOpenRouter}, rest: one(exactly(setHexLower, 64)), findMin: 16},
	// Groq: gsk_ and 52 alphanumerics (trufflehog groq detector).
	{Vendor: Vendor{Name: "Groq", Prefix: "gsk_", Kind: "api-key", Header: hdrBearer, AccessCredential: true, Docs: docsGroq}, rest: one(exactly(setAlnum, 52))},
	// xAI: xai- and 80 word characters (trufflehog xai detector).
	{Vendor: Vendor{Name: "xAI", Prefix: "xai-", Kind: "api-key", Header: hdrBearer, AccessCredential: true, Docs: docsXAI}, rest: one(exactly(setWord, 80))},
	// Replicate: r8_ and 37 more (trufflehog replicate detector).
	{Vendor: Vendor{Name: "Replicate", Prefix: "r8_", Kind: "api-token", Header: hdrBearer, AccessCredential: true, Docs: docsReplicate}, rest: one(exactly(setB64URL, 37))},
	// Perplexity: pplx- and 48 alphanumerics (gitleaks rules/perplexity.go).
	{Vendor: Vendor{Name: "Perplexity", Prefix: "pplx-", Kind: "api-key", Header: hdrBearer, AccessCredential: true, Docs: docsPerplexity}, rest: one(exactly(setAlnum, 48))},

	// Hugging Face user access tokens and organization API tokens.
	{Vendor: Vendor{Name: "Hugging Face", Prefix: "hf_", Kind: "access-token", Header: hdrBearer, AccessCredential: true, Docs: docsHF}, rest: restHF, findMin: 20, findMax: 255},
	{Vendor: Vendor{Name: "Hugging Face", Prefix: "api_org_", Kind: "org-api-token", Header: hdrBearer, AccessCredential: true, Note: "Organization API tokens are deprecated; use a user access token with access to the organization.", Docs: docsHF}, rest: restHF},
}
