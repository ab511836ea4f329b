package curl_test

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/source/curl"
)

// docEnv is the environment the documented commands are read with: made
// up values, generated afresh for every run, so no expectation can hold a
// real credential and no output can match by accident.
var docEnv = func() map[string]string {
	gen := func(prefix string) string {
		b := make([]byte, 12)
		if _, err := rand.Read(b); err != nil {
			panic(err)
		}
		return prefix + hex.EncodeToString(b)
	}
	return map[string]string{
		"TOKEN":                         gen("tok_"),
		"API_TOKEN":                     gen("apitok_"),
		"API_KEY":                       gen("apikey_"),
		"GITLAB_TOKEN":                  gen("glpat-"),
		"OPENAI_API_KEY":                gen("sk-test-"),
		"ANTHROPIC_API_KEY":             gen("sk-ant-test-"),
		"SLACK_API_KEY":                 gen("xoxb-test-"),
		"SLACK_WEBHOOK_URL":             "https://hooks.slack.com/services/T0000/B0000/" + gen(""),
		"SENDGRID_API_KEY":              gen("SG.env."),
		"YOUR_ACCOUNT_SID":              gen("AC"),
		"YOUR_AUTH_TOKEN":               gen(""),
		"APISERVER":                     "https://10.0.0.1:6443",
		"KUBERNETES_SERVICE_HOST":       "10.96.0.1",
		"KUBERNETES_SERVICE_PORT":       "443",
		"KUBERNETES_PORT_443_TCP_PORT":  "443",
		"KUBERNETES_PORT_443_TCP_ADDR":  "10.96.0.1",
		"KUBERNETES_SERVICE_PORT_HTTPS": "443",
		"ATLASSIAN_DOMAIN":              "acme",
		"ATLASSIAN_EMAIL":               "dev@acme.example",
		"ATLASSIAN_TOKEN":               gen("ATATT"),
		"JIRA_DOMAIN":                   "acme.atlassian.net",
		"JIRA_EMAIL":                    "dev@acme.example",
		"JIRA_API_TOKEN":                gen("ATATT"),
		"yourOktaDomain":                "acme.okta.com",
		"api_token":                     gen("00"),
		"token":                         gen("MII"),
		"ES_URL":                        "https://es.acme.example:9243",
		"ELASTIC_PASSWORD":              gen("pw"),
		"AccountSid":                    gen("AC"),
		"AuthToken":                     gen(""),
		"From":                          "+14158675309",
		"To":                            "+14155551212",
		"Body":                          "Test Message",
		"CLIENT_ID":                     "client-42",
		"CLIENT_SECRET":                 gen("cs_"),
	}
}()

func e(name string) string { return docEnv[name] }

func basic(userpass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(userpass))
}

// cred is a credential-bearing header as curl would send it, and how its
// value got there.
type cred struct {
	Header, Value string
	// Vars are the variables it was expanded from; none for a literal.
	Vars []string
	// Origin is env when the environment gave the value, literal when the
	// command holds it (typed, or assigned in the command).
	Origin authdoctor.Origin
}

func lit(h, v string) cred { return cred{h, v, nil, authdoctor.OriginLiteral} }
func env(h, v string, vars ...string) cred {
	return cred{h, v, vars, authdoctor.OriginEnv}
}
func local(h, v string, vars ...string) cred {
	return cred{h, v, vars, authdoctor.OriginLiteral}
}

// request is what curl would send, as far as authentication goes.
type request struct {
	Method, URL string
	// Creds are the credential-bearing headers, in order.
	Creds []cred
	// Body is the request body; ContentType its Content-Type header.
	Body, ContentType string
}

type docCase struct {
	name string
	// src is where the command was published.
	src string
	cmd string
	// unset are variables of docEnv this case runs without.
	unset []string
	want  request
	// notes must each appear in one of the notes.
	notes []string
	// err is the error Parse must return instead.
	err string
	// differs says why real bash and curl cannot replay the command here
	// (TestDocumentedCommandsRealCurl skips it); empty when they can.
	differs string
}

// docCases are curl commands as API documentation, READMEs, gists and
// browser DevTools publish them. Every expectation was written from
// curl(1) and bash(1) before the reader ran on the command.
var docCases = []docCase{
	{
		name: "ploi bearer literal with prompt",
		src:  "https://developers.ploi.io/ploicore/core-api/introduction",
		cmd: `$ curl https://panel.examplehosting.com/api/users \
    -H 'Authorization: Bearer n3h4bZK1bCbQ2EBpibvWykSzP7aJuuXeJz...' \
    -H 'Accept: application/json' \
    -H 'Content-Type: application/json'`,
		want: request{Method: "GET", URL: "https://panel.examplehosting.com/api/users",
			Creds:       []cred{lit("Authorization", "Bearer n3h4bZK1bCbQ2EBpibvWykSzP7aJuuXeJz...")},
			ContentType: "application/json"},
	},
	{
		name: "oracle -X swallows -k, GET is the URL",
		src:  "https://docs.oracle.com/en/industries/communications/interactive-session-recorder/6.4/api/curl.html",
		cmd:  `curl -X -k -i GET "https://<URL>" -H "accept: */*" -H "Authorization: <TOKEN>"`,
		want: request{Method: "-k", URL: "http://GET", Creds: []cred{lit("Authorization", "<TOKEN>")}},
		notes: []string{`-X took "-k" as the method`, `"GET" was read as the URL`, "2 URLs were given; the first is read",
			"the Authorization header holds the placeholder <TOKEN>"},
	},
	{
		name:  "auth0 middleware example, $TOKEN in double quotes",
		src:   "https://pkg.go.dev/github.com/auth0/go-jwt-middleware/examples/http-jwks-example",
		cmd:   `curl -v --request GET --url http://localhost:3000 --header "authorization: Bearer $TOKEN"`,
		want:  request{Method: "GET", URL: "http://localhost:3000", Creds: []cred{env("authorization", "Bearer "+e("TOKEN"), "TOKEN")}},
		notes: []string{"authorization expanded from $TOKEN"},
	},
	{
		name: "oracle unquoted <placeholders> are redirections",
		src:  "https://docs.oracle.com/en/industries/financial-services/ofs-analytical-applications/accounting-foundation/22d/apiguide/invoke-api-using-access-token.html",
		cmd:  `curl -iL -H "Authorization: Bearer <access token>" -H "Content-Type: <content_type>" -d "<request_body>" --cacert <certificate(.pem)> -X <http_verb> <api_url>`,
		err:  "an unquoted <placeholder> is a shell redirection: replace each <…> with its real value",
	},
	{
		name: "box bearer literal",
		src:  "https://developer.box.com/guides/authentication/tokens/api-calls/",
		cmd: `curl https://api.box.com/2.0/users/me \
    -H "authorization: Bearer EGmDmRVfhfHsqesn5yVYHAqUkD0dyDfk"`,
		want: request{Method: "GET", URL: "https://api.box.com/2.0/users/me", Creds: []cred{lit("authorization", "Bearer EGmDmRVfhfHsqesn5yVYHAqUkD0dyDfk")}},
	},
	{
		name: "github quickstart YOUR-TOKEN",
		src:  "https://docs.github.com/en/rest/quickstart?tool=curl",
		cmd: `curl --request GET \
--url "https://api.github.com/repos/octocat/Spoon-Knife/issues" \
--header "Accept: application/vnd.github+json" \
--header "Authorization: Bearer YOUR-TOKEN"`,
		want:  request{Method: "GET", URL: "https://api.github.com/repos/octocat/Spoon-Knife/issues", Creds: []cred{lit("Authorization", "Bearer YOUR-TOKEN")}},
		notes: []string{"the Authorization header holds the placeholder YOUR-TOKEN: put the real credential there"},
	},
	{
		name: "github app YOUR_JWT",
		src:  "https://github.com/israelmovi (GitHub docs: authenticating as a GitHub App)",
		cmd: `curl --request GET \
--url "https://api.github.com/app" \
--header "Accept: application/vnd.github+json" \
--header "Authorization: Bearer YOUR_JWT" \
--header "X-GitHub-Api-Version: 2022-11-28"`,
		want:  request{Method: "GET", URL: "https://api.github.com/app", Creds: []cred{lit("Authorization", "Bearer YOUR_JWT")}},
		notes: []string{"holds the placeholder YOUR_JWT"},
	},
	{
		name: "stripe -u key: and bracketed form fields",
		src:  "https://pastebin.com/q4pyHjxd (Stripe API: PaymentIntents)",
		cmd: `curl https://api.stripe.com/v1/payment_intents \
  -u sk_test_XXXXX: \
  -d amount=1000 \
  -d currency=usd \
  -d payment_method_types[]=card \
  -d payment_method_data[type]=card`,
		want: request{Method: "POST", URL: "https://api.stripe.com/v1/payment_intents",
			Creds: []cred{lit("Authorization", basic("sk_test_XXXXX:"))},
			Body:  "amount=1000&currency=usd&payment_method_types[]=card&payment_method_data[type]=card", ContentType: "application/x-www-form-urlencoded"},
	},
	{
		name: "webpay charge with quoted fields",
		src:  "https://gist.github.com/keikubo/3625640",
		cmd: `curl https://api.webpay.jp/v1/charges \
-u test_secret_XXXXXXXXXXXXXXXXXXXX: \
-d amount=400 \
-d currency=jpy \
-d "card[number]=4242424242424242" \
-d "card[exp_month]=1" \
-d "description=Charge for test@example.com"`,
		want: request{Method: "POST", URL: "https://api.webpay.jp/v1/charges",
			Creds: []cred{lit("Authorization", basic("test_secret_XXXXXXXXXXXXXXXXXXXX:"))},
			Body:  "amount=400&currency=jpy&card[number]=4242424242424242&card[exp_month]=1&description=Charge for test@example.com", ContentType: "application/x-www-form-urlencoded"},
	},
	{
		name: "kubernetes APISERVER and TOKEN from $(…), exported",
		src:  "https://kubernetes.io/docs/tasks/administer-cluster/access-cluster-api/ (via https://pastebin.com/ynqdzit1)",
		cmd: `APISERVER=$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')
SECRET_NAME=$(kubectl get serviceaccount default -o jsonpath='{.secrets[0].name}')
TOKEN=$(kubectl get secret $SECRET_NAME -o jsonpath='{.data.token}' | base64 --decode)
curl $APISERVER/api --header "Authorization: Bearer $TOKEN" --insecure`,
		want:    request{Method: "GET", URL: "https://10.0.0.1:6443/api", Creds: []cred{env("Authorization", "Bearer "+e("TOKEN"), "TOKEN")}},
		differs: "authdoctor never runs $(…): it uses the exported APISERVER and TOKEN where bash runs kubectl",
		notes: []string{
			"APISERVER is set by $(…) in the command, which authdoctor never runs; the APISERVER in your environment was used",
			"TOKEN is set by $(…) in the command, which authdoctor never runs; the TOKEN in your environment was used",
			"the URL expanded from $APISERVER",
			"Authorization expanded from $TOKEN",
		},
	},
	{
		name:  "kubernetes APISERVER from $(…), not exported",
		src:   "https://kubernetes.io/docs/tasks/administer-cluster/access-cluster-api/",
		cmd:   "APISERVER=$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')\ncurl $APISERVER/api --header \"Authorization: Bearer $TOKEN\" --insecure",
		unset: []string{"APISERVER"},
		err:   "curl command: the URL uses $APISERVER, which the command sets from $(…); run that command yourself and export APISERVER",
	},
	{
		name:  "kubernetes TOKEN from $(…), not exported",
		src:   "https://kubernetes.io/docs/tasks/administer-cluster/access-cluster-api/",
		cmd:   "TOKEN=$(kubectl get secret default-token -o jsonpath='{.data.token}' | base64 --decode)\ncurl $APISERVER/api --header \"Authorization: Bearer $TOKEN\" --insecure",
		unset: []string{"TOKEN"},
		want: request{Method: "GET", URL: "https://10.0.0.1:6443/api",
			Creds: []cred{{Header: "Authorization", Value: "Bearer ", Vars: []string{"TOKEN"}, Origin: authdoctor.OriginEnv}}},
		notes: []string{"TOKEN comes from $(…): run that command yourself and export TOKEN"},
	},
	{
		name: "kubernetes in a pod, $(cat token) in the header",
		src:  "https://gist.github.com/ipedrazas/83326e03c9d893a3ab1bdbd048d2e6be",
		cmd: `curl -k -X GET \
-H "Authorization: Bearer $(cat /var/run/secrets/kubernetes.io/serviceaccount/token)" \
https://$KUBERNETES_PORT_443_TCP_ADDR:$KUBERNETES_SERVICE_PORT_HTTPS`,
		err: `curl command: uses command substitution at line 2; authdoctor never runs commands: run it yourself, export its output (export TOKEN="$(…)") and write "$TOKEN" in its place`,
	},
	{
		name: "kubernetes session with a prompt on every line",
		src:  "https://blog.csdn.net/weixin_37934134/article/details/106799087",
		cmd: `# In Pods with service account.
$ TOKEN=$(cat /run/secrets/kubernetes.io/serviceaccount/token)
$ CACERT=/run/secrets/kubernetes.io/serviceaccount/ca.crt
$ curl --cacert $CACERT --header "Authorization: Bearer $TOKEN" https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT/api`,
		want:    request{Method: "GET", URL: "https://10.96.0.1:443/api", Creds: []cred{env("Authorization", "Bearer "+e("TOKEN"), "TOKEN")}},
		differs: "authdoctor never runs $(…): it uses the exported TOKEN where bash runs cat",
		notes:   []string{"TOKEN is set by $(…) in the command", "the URL expanded from $KUBERNETES_SERVICE_HOST, $KUBERNETES_SERVICE_PORT"},
	},
	{
		name: "kubernetes pod script, TOKEN not exported",
		src:  "https://gist.github.com/va3093/3f97681fd42cb7bc8fc57b0a0d87d259",
		cmd: `# Set token
TOKEN=$(cat /var/run/secrets/kubernetes.io/serviceaccount/token)
# Hit api (Get pods)
curl -sSk -H "Authorization: Bearer $TOKEN" https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_PORT_443_TCP_PORT/api/v1/namespaces/default/pods`,
		unset: []string{"TOKEN"},
		want: request{Method: "GET", URL: "https://10.96.0.1:443/api/v1/namespaces/default/pods",
			Creds: []cred{{Header: "Authorization", Value: "Bearer ", Vars: []string{"TOKEN"}, Origin: authdoctor.OriginEnv}}},
		notes: []string{"TOKEN comes from $(…): run that command yourself and export TOKEN"},
	},
	{
		name: "elasticsearch your_elasticsearch_host",
		src:  "https://educative.io/answers/how-to-list-all-the-indexes-in-elasticsearch",
		cmd:  `curl -X GET "http://your_elasticsearch_host:9200/_cat/indices?v"`,
		err:  "curl command: the URL's host holds the placeholder your_elasticsearch_host; replace it with the real elasticsearch host",
	},
	{
		name: "elasticsearch cheatsheet with a trailing comment",
		src:  "https://gist.github.com/stephen-puiszis/212b8a8b37f67c670422",
		cmd:  `curl -X GET 'http://localhost:9200/_cat/indices?pretty=true' # List all indices`,
		want: request{Method: "GET", URL: "http://localhost:9200/_cat/indices?pretty=true"},
	},
	{
		name:  "twilio -u $SID:$TOKEN",
		src:   "https://twilio.com/docs/iam/api",
		cmd:   "curl -G https://api.twilio.com/2010-04-01/Accounts \\\n-u $YOUR_ACCOUNT_SID:$YOUR_AUTH_TOKEN",
		want:  request{Method: "GET", URL: "https://api.twilio.com/2010-04-01/Accounts", Creds: []cred{env("Authorization", basic(e("YOUR_ACCOUNT_SID")+":"+e("YOUR_AUTH_TOKEN")), "YOUR_ACCOUNT_SID", "YOUR_AUTH_TOKEN")}},
		notes: []string{"Authorization (-u) expanded from $YOUR_ACCOUNT_SID, $YOUR_AUTH_TOKEN"},
	},
	{
		name: "twilio calls with --data-urlencode",
		src:  "https://github.com/ajtack/twilio-ruby/commit/82c49e02867f98a4eb59e397d44a329bd6f6eb17",
		cmd: `$ curl -XPOST https://api.twilio.com/2010-04-01/Accounts/ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX/Calls.json \
--data-urlencode "Url=http://demo.twilio.com/docs/voice.xml" \
--data-urlencode "To=+14155551212" \
--data-urlencode "From=+14158675309" \
-u 'ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:your_auth_token'`,
		want: request{Method: "POST", URL: "https://api.twilio.com/2010-04-01/Accounts/ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX/Calls.json",
			Creds: []cred{lit("Authorization", basic("ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:your_auth_token"))},
			Body:  "Url=http%3A%2F%2Fdemo.twilio.com%2Fdocs%2Fvoice.xml&To=%2B14155551212&From=%2B14158675309", ContentType: "application/x-www-form-urlencoded"},
	},
	{
		name: "twilio script that builds the command and evals it",
		src:  "https://riptutorial.com/twilio/example/14839/send-a-single-message-using-an-alphanumeric-sender-id",
		cmd: `To="+447111111111" ;
From="Wxxxxxxxxx" ;
Body="Test Message" ;
AccountSid="ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" ;
AuthToken="[Auth Token]" ;
CMD="curl --request POST \"https://api.twilio.com/2010-04-01/Accounts/${AccountSid?}/Messages.json\" " ;
CMD="${CMD?}--data-urlencode \"From=${From?}\" " ;
CMD="${CMD?}-u \"${AccountSid?}:${AuthToken?}\"" ;
echo "${CMD?}" ;
eval "${CMD?}" ;`,
		err: "curl command: no curl command found; the curl command is run with eval: paste the command eval runs (print it with echo first)",
	},
	{
		name: "twilio ${VAR?} forms, all set",
		src:  "https://riptutorial.com/twilio/example/14839/send-a-single-message-using-an-alphanumeric-sender-id (the command eval runs)",
		cmd:  `curl --request POST "https://api.twilio.com/2010-04-01/Accounts/${AccountSid?}/Messages.json" --data-urlencode "From=${From?}" --data-urlencode "To=${To?}" --data-urlencode "Body=${Body?}" -u "${AccountSid?}:${AuthToken?}"`,
		want: request{Method: "POST", URL: "https://api.twilio.com/2010-04-01/Accounts/" + e("AccountSid") + "/Messages.json",
			Creds: []cred{env("Authorization", basic(e("AccountSid")+":"+e("AuthToken")), "AccountSid", "AuthToken")},
			Body:  "From=%2B14158675309&To=%2B14155551212&Body=Test+Message", ContentType: "application/x-www-form-urlencoded"},
		notes: []string{"the URL expanded from $AccountSid", "the body expanded from $From, $To, $Body"},
	},
	{
		name:  "twilio ${AuthToken?} unset stops the shell",
		src:   "https://riptutorial.com/twilio/example/14839/send-a-single-message-using-an-alphanumeric-sender-id (the command eval runs)",
		cmd:   `curl --request POST "https://api.twilio.com/2010-04-01/Accounts/${AccountSid?}/Messages.json" --data-urlencode "From=${From?}" -u "${AccountSid?}:${AuthToken?}"`,
		unset: []string{"AuthToken"},
		err:   "curl command: the command requires $AuthToken, which is not set at line 1; export AuthToken=…",
	},
	{
		name: "openai Bearer OPENAI_API_KEY without the $",
		src:  "https://gist.github.com/iceener/9604bbaa7fbdaf144353b3874f2535e0",
		cmd: `curl -X POST \
https://api.openai.com/v1/chat/completions \
-H "Authorization: Bearer OPENAI_API_KEY" \
-H 'Content-Type: application/json' \
-d '{
"messages": [{ "role": "user", "content": "Hello!" }],
"model": "gpt-3.5-turbo"
}'`,
		want: request{Method: "POST", URL: "https://api.openai.com/v1/chat/completions",
			Creds: []cred{lit("Authorization", "Bearer OPENAI_API_KEY")},
			Body:  "{\n\"messages\": [{ \"role\": \"user\", \"content\": \"Hello!\" }],\n\"model\": \"gpt-3.5-turbo\"\n}", ContentType: "application/json"},
		notes: []string{"the Authorization header holds OPENAI_API_KEY, the name of a variable: write \"$OPENAI_API_KEY\" to use its value"},
	},
	{
		name: "openai YOUR_API_KEY",
		src:  "https://community.openai.com/t/request-failed-with-status-code-400/39242/13",
		cmd: `curl https://api.openai.com/v1/completions \
-H 'Content-Type: application/json' \
-H 'Authorization: Bearer YOUR_API_KEY' \
-d '{
"model": "text-davinci-003",
"prompt": "Say this is a test",
"max_tokens": 7,
"temperature": 0
}'`,
		want: request{Method: "POST", URL: "https://api.openai.com/v1/completions",
			Creds: []cred{lit("Authorization", "Bearer YOUR_API_KEY")},
			Body:  "{\n\"model\": \"text-davinci-003\",\n\"prompt\": \"Say this is a test\",\n\"max_tokens\": 7,\n\"temperature\": 0\n}", ContentType: "application/json"},
		notes: []string{"holds the placeholder YOUR_API_KEY"},
	},
	{
		name: "openai $OPENAI_API_KEY in double quotes",
		src:  "https://ezdoc.cn/docs/openai/api/requests",
		cmd: `curl https://api.openai.com/v1/chat/completions \
  -H "Content-Type: application/json" \
  -H "Authorization: Bearer $OPENAI_API_KEY" \
  -d '{
     "model": "gpt-3.5-turbo",
     "messages": [{"role": "user", "content": "Say this is a test!"}],
     "temperature": 0.7
   }'`,
		want: request{Method: "POST", URL: "https://api.openai.com/v1/chat/completions",
			Creds: []cred{env("Authorization", "Bearer "+e("OPENAI_API_KEY"), "OPENAI_API_KEY")},
			Body:  "{\n     \"model\": \"gpt-3.5-turbo\",\n     \"messages\": [{\"role\": \"user\", \"content\": \"Say this is a test!\"}],\n     \"temperature\": 0.7\n   }", ContentType: "application/json"},
		notes: []string{"Authorization expanded from $OPENAI_API_KEY"},
	},
	{
		name: "apifox {{base_url}} Postman variable",
		src:  "https://s.apifox.cn/4034dae2-7260-41cb-9125-65d3b47921d9/api-250307203",
		cmd: `curl --location --globoff '{{base_url}}/v1/chat/completions' \
--header 'Authorization: sk-shdahd【You ApiKey】' \
--header 'Content-Type: application/json' \
--data '{"model": "gpt-4o-mini-2024-07-18", "stream": false}'`,
		err: "curl command: the URL's host holds the Postman variable {{base_url}}; curl does not fill in {{…}}: replace it with the real base url",
	},
	{
		name: "anthropic x-api-key piped to jq",
		src:  "https://cocalc.com/github/kardolus/chatgpt-cli/blob/main/docs/anthropic_api.md",
		cmd: `curl https://api.anthropic.com/v1/messages \
 --header "x-api-key: $ANTHROPIC_API_KEY" \
 --header "anthropic-version: 2023-06-01" \
 --header "content-type: application/json" \
 --data \
 '{ "model": "claude-3-5-sonnet-20240620", "max_tokens": 1024, "messages": [ {"role": "user", "content": "Hello, world"} ] }' | jq .`,
		want: request{Method: "POST", URL: "https://api.anthropic.com/v1/messages",
			Creds: []cred{env("x-api-key", e("ANTHROPIC_API_KEY"), "ANTHROPIC_API_KEY")},
			Body:  `{ "model": "claude-3-5-sonnet-20240620", "max_tokens": 1024, "messages": [ {"role": "user", "content": "Hello, world"} ] }`, ContentType: "application/json"},
		notes: []string{"the rest of the paste was not run: jq", "x-api-key expanded from $ANTHROPIC_API_KEY"},
	},
	{
		name: "gcloud print-access-token in the header",
		src:  "https://cloud.google.com/sdk/gcloud/reference/auth/print-access-token",
		cmd:  `curl -H "X-Goog-User-Project: your-project" -H "Authorization: Bearer $(gcloud auth print-access-token)" foo.googleapis.com`,
		err:  `curl command: uses command substitution at line 1; authdoctor never runs commands: run it yourself, export its output (export TOKEN="$(…)") and write "$TOKEN" in its place`,
	},
	{
		name: "gcloud token in the body",
		src:  "https://documentation.s3ns.fr/sdk/gcloud/reference/auth/application-default/print-access-token",
		cmd:  `curl -H "Content-Type: application/x-www-form-urlencoded" -d "access_token=$(gcloud auth application-default print-access-token)" https://www.googleapis.com/oauth2/v1/tokeninfo`,
		err:  `export its output (export TOKEN="$(…)")`,
	},
	{
		name: "google metadata server, pasted with its answer",
		src:  "https://gist.github.com/lirlia/db917e8ca3946cdff757a0763e39a3e9",
		cmd: `$ curl -sSL -H "Metadata-Flavor: Google" "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token" | jq -r
{
"access_token": "XXX",
"expires_in": 1967,
"token_type": "Bearer"
}`,
		want:  request{Method: "GET", URL: "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token"},
		notes: []string{"the rest of the paste was not run: jq"},
	},
	{
		name:  "slack auth.test xoxb placeholder",
		src:   "https://docs.hvitoi.com/dev-tools/chat/web-api",
		cmd:   "curl https://slack.com/api/auth.test \\\n  -H \"Authorization: Bearer xoxb-xxxxxxxxx-xxxx\"",
		want:  request{Method: "GET", URL: "https://slack.com/api/auth.test", Creds: []cred{lit("Authorization", "Bearer xoxb-xxxxxxxxx-xxxx")}},
		notes: []string{"holds the placeholder xoxb-xxxxxxxxx-xxxx"},
	},
	{
		name: "slack conversations.list $SLACK_API_KEY",
		src:  "https://docs.hvitoi.com/dev-tools/chat/web-api",
		cmd:  "curl -X POST https://slack.com/api/conversations.list \\\n  -H \"Authorization: Bearer $SLACK_API_KEY\"",
		want: request{Method: "POST", URL: "https://slack.com/api/conversations.list", Creds: []cred{env("Authorization", "Bearer "+e("SLACK_API_KEY"), "SLACK_API_KEY")}},
	},
	{
		name: "slack chat.postMessage, # inside the quoted body",
		src:  "https://docs.hvitoi.com/dev-tools/chat/web-api",
		cmd: `curl -X POST "https://slack.com/api/chat.postMessage" \
  -H "Authorization: Bearer $SLACK_API_KEY" \
  -H "Content-Type: application/json; charset=utf-8" \
  -d '{
        "channel": "C0AHXKUJJ6S",
        "text": "Hey!",
        "markdown_text": "**Hey!**", # formatting is different
      }'`,
		want: request{Method: "POST", URL: "https://slack.com/api/chat.postMessage",
			Creds: []cred{env("Authorization", "Bearer "+e("SLACK_API_KEY"), "SLACK_API_KEY")},
			Body:  "{\n        \"channel\": \"C0AHXKUJJ6S\",\n        \"text\": \"Hey!\",\n        \"markdown_text\": \"**Hey!**\", # formatting is different\n      }", ContentType: "application/json; charset=utf-8"},
	},
	{
		name:  "slack webhook URL from a variable, body file",
		src:   "https://agent-skills.md/skills/vm0-ai/vm0-skills/slack-webhook",
		cmd:   `curl -X POST $SLACK_WEBHOOK_URL -H "Content-type: application/json" -d @/tmp/slack_request.json`,
		want:  request{Method: "POST", URL: e("SLACK_WEBHOOK_URL"), ContentType: "application/json"},
		notes: []string{"the URL expanded from $SLACK_WEBHOOK_URL", `the body from file "/tmp/slack_request.json" was not read (-d @file)`},
	},
	{
		name: "slack webhook body in a here-document",
		src:  "https://agent-skills.md/skills/vm0-ai/vm0-skills/slack-webhook",
		cmd: `curl -s -X POST $SLACK_WEBHOOK_URL -H "Content-type: application/json" -d @- << 'EOF'
{"text":"Deploy completed! :rocket:"}
EOF`,
		want:  request{Method: "POST", URL: e("SLACK_WEBHOOK_URL"), Body: `{"text":"Deploy completed! :rocket:"}`, ContentType: "application/json"},
		notes: []string{"the body was read from the here-document on curl's standard input (-d @-)"},
	},
	{
		name: "slack question without a URL",
		src:  "https://stackoverflow.com/questions/31905260/sending-json-to-slack-in-a-http-post-request",
		cmd:  `curl -X POST -d 'token=my-token-here&channel=#channel-name-or-id&text=Text here.&username=otherusername'`,
		err:  "curl command: no URL; add the URL to the command",
	},
	{
		name: "sendgrid: export in the paste wins over the environment",
		src:  "https://agenticemail.dev/blog/sendgrid-api-send-email",
		cmd: `export SENDGRID_API_KEY="SG.xxxxxxxx..."
curl -X POST https://api.sendgrid.com/v3/mail/send \
-H "Authorization: Bearer $SENDGRID_API_KEY" \
-H "Content-Type: application/json" \
-d '{"personalizations": [{ "to": [{ "email": "recipient@example.com" }] }], "from": { "email": "you@yourdomain.com" }, "subject": "Hello"}'`,
		want: request{Method: "POST", URL: "https://api.sendgrid.com/v3/mail/send",
			Creds: []cred{local("Authorization", "Bearer SG.xxxxxxxx...", "SENDGRID_API_KEY")},
			Body:  `{"personalizations": [{ "to": [{ "email": "recipient@example.com" }] }], "from": { "email": "you@yourdomain.com" }, "subject": "Hello"}`, ContentType: "application/json"},
		notes: []string{"Authorization uses $SENDGRID_API_KEY, which the command itself assigns (SENDGRID_API_KEY=…): the credential is stored in the file in clear; export SENDGRID_API_KEY in your shell instead"},
	},
	{
		name:  "gitlab PRIVATE-TOKEN placeholder, encoded path",
		src:   "https://www.dev.to/vumdao/how-to-curl-single-file-using-access-token-in-gitlab-57h4",
		cmd:   `curl --header "PRIVATE-TOKEN: <your_access_token>" "https://gitlab.example.com/api/v4/projects/13083/repository/files/app%2Fmodels%2Fkey%2Erb/raw?ref=master"`,
		want:  request{Method: "GET", URL: "https://gitlab.example.com/api/v4/projects/13083/repository/files/app%2Fmodels%2Fkey%2Erb/raw?ref=master", Creds: []cred{lit("PRIVATE-TOKEN", "<your_access_token>")}},
		notes: []string{"the PRIVATE-TOKEN header holds the placeholder <your_access_token>"},
	},
	{
		name: "gitlab private_token placeholder in the query",
		src:  "https://gitlab.com/gitlab-org/gitlab/-/commit/663d717d81a9c4e4adc4cfdfb36603b0cdb7450d",
		cmd:  `curl "https://gitlab.example.com/api/v4/projects?private_token=<your_access_token>"`,
		err:  "curl command: the URL's query holds the placeholder <your_access_token>; replace it with the real access token",
	},
	{
		name: "gitlab OAuth bearer",
		src:  "https://gitlab.com/gitlab-org/gitlab/-/commit/663d717d81a9c4e4adc4cfdfb36603b0cdb7450d",
		cmd:  `curl --header "Authorization: Bearer OAUTH-TOKEN" "https://gitlab.example.com/api/v4/projects"`,
		want: request{Method: "GET", URL: "https://gitlab.example.com/api/v4/projects", Creds: []cred{lit("Authorization", "Bearer OAUTH-TOKEN")}},
	},
	{
		name: "gitlab unquoted ? in the URL",
		src:  "https://gitlab.com/gitlab-org/gitlab/-/commit/663d717d81a9c4e4adc4cfdfb36603b0cdb7450d",
		cmd:  `curl https://gitlab.example.com/api/v4/projects?access_token=OAUTH-TOKEN`,
		want: request{Method: "GET", URL: "https://gitlab.example.com/api/v4/projects?access_token=OAUTH-TOKEN"},
	},
	{
		name: "gitlab your-gitlab-server",
		src:  "https://blog.csdn.net/leonliu06/article/details/109210092",
		cmd:  `curl --request POST --header "PRIVATE-TOKEN:your-private-token" --data "user_id=966&access_level=40" "https://your-gitlab-server/api/v4/projects/2824/members"`,
		err:  "curl command: the URL's host holds the placeholder your-gitlab-server; replace it with the real gitlab server",
	},
	{
		name:  "gitlab -k POST: POST is the URL",
		src:   "https://pastebin.com/xk4FWhjW",
		cmd:   `curl --header "PRIVATE-TOKEN:xxxxxxxx" -k POST "https://xxx.xxx.x.xxx/api/v3/groups/12/projects/12"`,
		want:  request{Method: "GET", URL: "http://POST", Creds: []cred{lit("PRIVATE-TOKEN", "xxxxxxxx")}},
		notes: []string{`"POST" was read as the URL, as curl would: write -X POST to set the method`, "2 URLs were given; the first is read"},
	},
	{
		name: "gitlab URL on the next line without a backslash",
		src:  "https://gitlab.com/gitlab-da/tutorials/security-and-governance/devsecops/simply-vulnerable-notes/-/issues/22",
		cmd:  "curl -H \"Authorization: Bearer glpat-01234567890123456789\"\nhttps://gitlab.com/api/v4/method",
		err:  `curl command: no URL; line 2 starts with a URL, but the line before it does not end with \: join them with a backslash`,
	},
	{
		name: "datadog: exports in the paste, one a placeholder",
		src:  "https://docs.datadoghq.com/api/latest/key-management/validate-api-and-application-keys/",
		cmd: `# Set your Datadog site and credentials
export DD_SITE="datadoghq.com"
# Use a Personal Access Token or Service Access Token
export DD_BEARER_TOKEN="<PERSONAL_ACCESS_TOKEN OR SERVICE_ACCESS_TOKEN>"
curl -X GET "https://api.${DD_SITE}/api/v2/validate_keys" \
-H "Accept: application/json" \
-H "Authorization: Bearer ${DD_BEARER_TOKEN}"`,
		want: request{Method: "GET", URL: "https://api.datadoghq.com/api/v2/validate_keys",
			Creds: []cred{local("Authorization", "Bearer <PERSONAL_ACCESS_TOKEN OR SERVICE_ACCESS_TOKEN>", "DD_BEARER_TOKEN")}},
		notes: []string{"the Authorization header holds a placeholder", "which the command itself assigns (DD_BEARER_TOKEN=…)"},
	},
	{
		name:  "cloudflare <API_TOKEN>",
		src:   "https://developers.cloudflare.com/fundamentals/api/troubleshooting",
		cmd:   "curl \"https://api.cloudflare.com/client/v4/user/tokens/verify\" \\\n--header \"Authorization: Bearer <API_TOKEN>\"",
		want:  request{Method: "GET", URL: "https://api.cloudflare.com/client/v4/user/tokens/verify", Creds: []cred{lit("Authorization", "Bearer <API_TOKEN>")}},
		notes: []string{"the Authorization header holds the placeholder <API_TOKEN>"},
	},
	{
		name: "atlassian host and -u from variables",
		src:  "https://www.skills.sh/okou-ai/vm0-skills/atlassian",
		cmd: `curl -s "https://$ATLASSIAN_DOMAIN.atlassian.net/rest/api/3/myself" \
  -u "$ATLASSIAN_EMAIL:$ATLASSIAN_TOKEN" \
  --header "Accept: application/json"`,
		want: request{Method: "GET", URL: "https://acme.atlassian.net/rest/api/3/myself",
			Creds: []cred{env("Authorization", basic(e("ATLASSIAN_EMAIL")+":"+e("ATLASSIAN_TOKEN")), "ATLASSIAN_EMAIL", "ATLASSIAN_TOKEN")}},
		notes: []string{"the URL expanded from $ATLASSIAN_DOMAIN"},
	},
	{
		name: "jira base URL with ${VAR%suffix}",
		src:  "https://www.skills.sh/vm0-ai/vm0-skills/jira",
		cmd:  "JIRA_BASE=\"https://${JIRA_DOMAIN%.atlassian.net}.atlassian.net/rest/api/3\"\ncurl -s \"$JIRA_BASE/myself\" -u \"$JIRA_EMAIL:$JIRA_API_TOKEN\"",
		want: request{Method: "GET", URL: "https://acme.atlassian.net/rest/api/3/myself",
			Creds: []cred{env("Authorization", basic(e("JIRA_EMAIL")+":"+e("JIRA_API_TOKEN")), "JIRA_EMAIL", "JIRA_API_TOKEN")}},
		notes: []string{"the URL expanded from $JIRA_DOMAIN"},
	},
	{
		name:  "jira base URL, JIRA_DOMAIN unset",
		src:   "https://www.skills.sh/vm0-ai/vm0-skills/jira",
		cmd:   "JIRA_BASE=\"https://${JIRA_DOMAIN%.atlassian.net}.atlassian.net/rest/api/3\"\ncurl -s \"$JIRA_BASE/myself\" -u \"$JIRA_EMAIL:$JIRA_API_TOKEN\"",
		unset: []string{"JIRA_DOMAIN"},
		err:   "curl command: the URL uses $JIRA_DOMAIN, which is not set; export JIRA_DOMAIN=…",
	},
	{
		name: "open telekom cloud X-Auth-Token:$token",
		src:  "https://docs.otc.t-systems.com/en-us/api/iam/en-us_topic_0067148044.html",
		cmd:  `curl -i -k -H 'Accept:application/json' -H 'Content-Type:application/json;charset=utf8' -H "X-Auth-Token:$token" -X GET https://sample.domain.com/v3/regions/test-pusb999999991`,
		want: request{Method: "GET", URL: "https://sample.domain.com/v3/regions/test-pusb999999991",
			Creds: []cred{env("X-Auth-Token", e("token"), "token")}, ContentType: "application/json;charset=utf8"},
	},
	{
		name: "garmat {account_id} in the path",
		src:  "https://api-docs.garmatsprayboothcustomers.com/operation/operation-garmatapiweb-regioncontroller-create",
		cmd: `curl \
--request POST 'http://localhost:4000/api/accounts/{account_id}/regions' \
--header "Authorization: $API_KEY" \
--header "Content-Type: application/json" \
--data '{"name":"Test Region","account_id":"a9299bca-acc2-4dde-1111-83a08ca12128"}'`,
		err: "curl command: the URL's path holds the placeholder {account_id}; replace it with the real account id",
	},
	{
		name: "b2broker your.base-url.here",
		src:  "https://docs.ib.b2core.b2broker.com/en/api-guide/api-reference-geographic-regions.html",
		cmd:  `curl --location -g --request GET 'https://your.base-url.here/regions?limit=10&offset=0&sort_by=createTime&sort_order=desc'`,
		err:  "curl command: the URL's host holds the placeholder your.base-url.here; replace it with the real base url",
	},
	{
		name: "zebra <ZEMS_URL>",
		src:  "https://docs.zebra.com/content/tcm/us/en/solutions/wcc/zems-customer-ag/zems-api-endpoints/region-endpoint.html",
		cmd: `curl -X 'POST' \
'https://<ZEMS_URL>/api/v1/region' \
-H 'accept: application/json' \
-H 'ApiKey: <ZEMS_API_KEY>' \
-H 'authorization: Bearer <TOKEN>' \
-d '[ { "name": "East", "description": "Eastern Region" } ]'`,
		err: "curl command: the URL's host holds the placeholder <ZEMS_URL>; replace it with the real zems url",
	},
	{
		name: "okta ${yourOktaDomain} and SSWS ${api_token}",
		src:  "https://developer.okta.com/docs/reference/api/users/",
		cmd: `curl -v -X GET \
-H "Accept: application/json" \
-H "Content-Type: application/json" \
-H "Authorization: SSWS ${api_token}" \
"https://${yourOktaDomain}/api/v1/users?limit=25"`,
		want: request{Method: "GET", URL: "https://acme.okta.com/api/v1/users?limit=25",
			Creds: []cred{env("Authorization", "SSWS "+e("api_token"), "api_token")}, ContentType: "application/json"},
		notes: []string{"the URL expanded from $yourOktaDomain", "Authorization expanded from $api_token"},
	},
	{
		name: "okta ${yourOktaDomain} unset",
		src:  "https://developer.okta.com/docs/reference/api/users/",
		cmd: `curl -v -X GET \
-H "Authorization: SSWS ${api_token}" \
"https://${yourOktaDomain}/api/v1/users?limit=25"`,
		unset: []string{"yourOktaDomain"},
		err:   "curl command: the URL uses $yourOktaDomain, which is not set; export yourOktaDomain=… (the host name, such as api.example.com)",
	},
	{
		name: "okta forum paste with typographic quotes and dashes",
		src:  "https://devforum.okta.com/t/need-help-on-searching-user-email-or-authenticate-non-admin-users/30994",
		cmd: "curl --location --request POST ‘https://dev-924495.okta.com/api/default/v1/users?search=profile.email%20eq%20%dkumar1%40onetrust.com\n" +
			"–header ‘Accept: application/json’\n–header ‘Authorization: Bearer {{bearer_token}}’",
		err: "curl command: an argument starts with the typographic ‘ at line 1; the command went through a word processor or chat: retype the quotes as ' or \" and dashes as --",
	},
	{
		name: "chrome copy as cURL (bash), GET with -b cookies",
		src:  "https://developer.chrome.com/docs/devtools/network/reference#copy (Copy as cURL (bash))",
		cmd: `curl 'https://api.example.com/v1/me' \
  -H 'accept: application/json, text/plain, */*' \
  -H 'accept-language: en-GB,en;q=0.9' \
  -H 'authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXYifQ.c2lnbmF0dXJl' \
  -b 'session=sess_example_123; theme=dark' \
  -H 'priority: u=1, i' \
  -H 'referer: https://app.example.com/' \
  -H 'sec-fetch-mode: cors' \
  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'`,
		want: request{Method: "GET", URL: "https://api.example.com/v1/me", Creds: []cred{
			lit("authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXYifQ.c2lnbmF0dXJl"),
			lit("Cookie", "session=sess_example_123; theme=dark"),
		}},
	},
	{
		name: "chrome copy as cURL (bash), POST with $'…' data",
		src:  "https://developer.chrome.com/docs/devtools/network/reference#copy (Copy as cURL (bash))",
		cmd: `curl 'https://api.example.com/v1/orders' \
  -H 'content-type: application/json' \
  -H 'authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXYifQ.c2lnbmF0dXJl' \
  --data-raw $'{"note":"it\'s here","qty":1}'`,
		want: request{Method: "POST", URL: "https://api.example.com/v1/orders",
			Creds: []cred{lit("authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXYifQ.c2lnbmF0dXJl")},
			Body:  `{"note":"it's here","qty":1}`, ContentType: "application/json"},
	},
	{
		name: "firefox copy as cURL, one line",
		src:  "https://firefox-source-docs.mozilla.org/devtools-user/network_monitor/request_list/ (Copy as cURL)",
		cmd:  `curl 'https://api.example.com/v1/orders' --compressed -X POST -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0' -H 'Accept: application/json' -H 'Content-Type: application/json' -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXYifQ.c2lnbmF0dXJl' -H 'Origin: https://app.example.com' -H 'Connection: keep-alive' -H 'Cookie: session=sess_example_123' --data-raw '{"qty":1}'`,
		want: request{Method: "POST", URL: "https://api.example.com/v1/orders", Creds: []cred{
			lit("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXYifQ.c2lnbmF0dXJl"),
			lit("Cookie", "session=sess_example_123"),
		}, Body: `{"qty":1}`, ContentType: "application/json"},
	},
	{
		name: "safari copy as cURL with -X 'GET'",
		src:  "https://developer.apple.com/documentation/safari-developer-tools/network-tab (Copy as cURL)",
		cmd: `curl 'https://api.example.com/v1/me' \
-X 'GET' \
-H 'Accept: application/json' \
-H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXYifQ.c2lnbmF0dXJl' \
-H 'User-Agent: Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15'`,
		want: request{Method: "GET", URL: "https://api.example.com/v1/me", Creds: []cred{lit("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXYifQ.c2lnbmF0dXJl")}},
	},
	{
		name: "chrome copy as cURL (cmd)",
		src:  "https://developer.chrome.com/docs/devtools/network/reference#copy (Copy as cURL (cmd))",
		cmd: "curl ^\"https://api.example.com/v1/me^\" ^\n" +
			"  -H ^\"accept: application/json^\" ^\n" +
			"  -H ^\"authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXYifQ.c2lnbmF0dXJl^\"",
		want:    request{Method: "GET", URL: "https://api.example.com/v1/me", Creds: []cred{lit("authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXYifQ.c2lnbmF0dXJl")}},
		notes:   []string{"read as a Windows cmd command line"},
		differs: "Windows cmd syntax: bash cannot run it",
	},
	{
		name: "chrome copy as cURL, form-encoded token request",
		src:  "https://developer.chrome.com/docs/devtools/network/reference#copy (Copy as cURL (bash))",
		cmd: `curl 'https://auth.example.com/oauth/token' \
  -H 'content-type: application/x-www-form-urlencoded' \
  --data-raw 'grant_type=refresh_token&refresh_token=rt_example_123&client_id=web'`,
		want: request{Method: "POST", URL: "https://auth.example.com/oauth/token",
			Body: "grant_type=refresh_token&refresh_token=rt_example_123&client_id=web", ContentType: "application/x-www-form-urlencoded"},
	},
	{
		name: "curl manual: --oauth2-bearer",
		src:  "https://curl.se/docs/manpage.html#--oauth2-bearer",
		cmd:  `curl --oauth2-bearer "mF_9.B5f-4.1JqM" https://example.com`,
		want: request{Method: "GET", URL: "https://example.com", Creds: []cred{lit("Authorization", "Bearer mF_9.B5f-4.1JqM")}},
	},
	{
		name: "curl manual: -u user:secret",
		src:  "https://curl.se/docs/manpage.html#-u",
		cmd:  `curl -u user:secret https://example.com`,
		want: request{Method: "GET", URL: "https://example.com", Creds: []cred{lit("Authorization", basic("user:secret"))}},
	},
	{
		name: "curl manual: --url-query",
		src:  "https://curl.se/docs/manpage.html#--url-query",
		cmd:  `curl --url-query name=val https://example.com`,
		want: request{Method: "GET", URL: "https://example.com?name=val"},
	},
	{
		name: "curl manual: --json",
		src:  "https://curl.se/docs/manpage.html#--json",
		cmd:  `curl --json '{ "drink": "coffe" }' https://example.com`,
		want: request{Method: "POST", URL: "https://example.com", Body: `{ "drink": "coffe" }`, ContentType: "application/json"},
	},
	{
		name: "curl manual: --data-urlencode",
		src:  "https://curl.se/docs/manpage.html#--data-urlencode",
		cmd:  `curl --data-urlencode "name=I am Daniel" https://example.com`,
		want: request{Method: "POST", URL: "https://example.com", Body: "name=I+am+Daniel", ContentType: "application/x-www-form-urlencoded"},
	},
	{
		name: "curl manual: --get with -d",
		src:  "https://curl.se/docs/manpage.html#-G",
		cmd:  `curl --get -d "tool=curl" -d "age=old" https://example.com`,
		want: request{Method: "GET", URL: "https://example.com?tool=curl&age=old"},
	},
	{
		name: "curl manual: -b name=Daniel",
		src:  "https://curl.se/docs/manpage.html#-b",
		cmd:  `curl -b "name=Daniel" https://example.com`,
		want: request{Method: "GET", URL: "https://example.com", Creds: []cred{lit("Cookie", "name=Daniel")}},
	},
	{
		name: "curl manual: -X DELETE",
		src:  "https://curl.se/docs/manpage.html#-X",
		cmd:  `curl -X "DELETE" https://example.com`,
		want: request{Method: "DELETE", URL: "https://example.com"},
	},
	{
		name: "curl manual: -H custom header",
		src:  "https://curl.se/docs/manpage.html#-H",
		cmd:  `curl -H "X-First-Name: Joe" https://example.com`,
		want: request{Method: "GET", URL: "https://example.com"},
	},
	{
		name:  "TOKEN=… before curl does not reach curl's arguments",
		src:   "issue 14 (TOKEN=abc curl …); bash(1), SIMPLE COMMAND EXPANSION",
		cmd:   `TOKEN=abc123 curl -H "Authorization: Bearer $TOKEN" https://api.example.com/v1/me`,
		unset: []string{"TOKEN"},
		want: request{Method: "GET", URL: "https://api.example.com/v1/me",
			Creds: []cred{{Header: "Authorization", Value: "Bearer ", Vars: []string{"TOKEN"}, Origin: authdoctor.OriginEnv}}},
		notes: []string{"TOKEN=… before curl does not reach $TOKEN in curl's arguments", "$TOKEN is not set"},
	},
	{
		name:  "TOKEN=… before curl, TOKEN exported",
		src:   "issue 14 (TOKEN=abc curl …); bash(1), SIMPLE COMMAND EXPANSION",
		cmd:   `TOKEN=abc123 curl -H "Authorization: Bearer $TOKEN" https://api.example.com/v1/me`,
		want:  request{Method: "GET", URL: "https://api.example.com/v1/me", Creds: []cred{env("Authorization", "Bearer "+e("TOKEN"), "TOKEN")}},
		notes: []string{"came from your environment"},
	},
	{
		name:  "TOKEN=…; curl uses the assignment",
		src:   "issue 14 (TOKEN=abc; curl …)",
		cmd:   `TOKEN=abc123; curl -H "Authorization: Bearer $TOKEN" https://api.example.com/v1/me`,
		want:  request{Method: "GET", URL: "https://api.example.com/v1/me", Creds: []cred{local("Authorization", "Bearer abc123", "TOKEN")}},
		notes: []string{"Authorization uses $TOKEN, which the command itself assigns (TOKEN=…)"},
	},
	{
		name:  "export T=…; curl --oauth2-bearer",
		src:   "issue 14 (export T=…; curl …)",
		cmd:   `export T=tok_paste_1; curl --oauth2-bearer "$T" https://api.example.com/v1/me`,
		want:  request{Method: "GET", URL: "https://api.example.com/v1/me", Creds: []cred{local("Authorization", "Bearer tok_paste_1", "T")}},
		notes: []string{"Authorization (--oauth2-bearer) uses $T, which the command itself assigns"},
	},
	{
		name: "sudo curl",
		src:  "issue 14 (sudo curl)",
		cmd:  `sudo -E curl -H "Authorization: Bearer $TOKEN" https://api.example.com/v1/me`,
		want: request{Method: "GET", URL: "https://api.example.com/v1/me", Creds: []cred{env("Authorization", "Bearer "+e("TOKEN"), "TOKEN")}},
	},
	{
		name: "time curl",
		src:  "issue 14 (time curl)",
		cmd:  `time curl -s https://api.example.com/v1/me -H "X-API-Key: $API_TOKEN"`,
		want: request{Method: "GET", URL: "https://api.example.com/v1/me", Creds: []cred{env("X-API-Key", e("API_TOKEN"), "API_TOKEN")}},
	},
	{
		name: "zendesk {{companyname}} from Postman",
		src:  "issue 14 ({{companyname}}); https://developer.zendesk.com/api-reference/",
		cmd:  `curl "https://{{companyname}}.zendesk.com/api/v2/users/me.json" -u "$CLIENT_ID/token:$CLIENT_SECRET"`,
		err:  "curl command: the URL's host holds the Postman variable {{companyname}}; curl does not fill in {{…}}: replace it with the real companyname",
	},
	{
		name: "gitlab <group_id> quoted",
		src:  "issue 14 (<group_id>); https://docs.gitlab.com/api/members/",
		cmd:  `curl --header "PRIVATE-TOKEN: $GITLAB_TOKEN" "https://gitlab.example.com/api/v4/groups/<group_id>/members"`,
		err:  "curl command: the URL's path holds the placeholder <group_id>; replace it with the real group id",
	},
	{
		name: "gitlab <group_id> unquoted is a redirection",
		src:  "issue 14 (<group_id>); https://docs.gitlab.com/api/members/",
		cmd:  `curl --header "PRIVATE-TOKEN: $GITLAB_TOKEN" https://gitlab.example.com/api/v4/groups/<group_id>/members`,
		err:  "curl command: bash reads the < and > in the URL as redirections (from the file group_id), so curl would not run; quote the URL and replace the placeholder",
	},
	{
		name: "INSERT_REGION_HERE in the host",
		src:  "issue 14 (INSERT_REGION_HERE)",
		cmd:  `curl "https://INSERT_REGION_HERE.api.example.com/v1/status" -H "Authorization: Bearer $TOKEN"`,
		err:  "curl command: the URL's host holds the placeholder INSERT_REGION_HERE; replace it with the real region",
	},
	{
		name: "auth0 client credentials with YOUR_DOMAIN",
		src:  "https://auth0.com/docs/get-started/authentication-and-authorization-flow/client-credentials-flow/call-your-api-using-the-client-credentials-flow",
		cmd: `curl --request POST \
  --url 'https://YOUR_DOMAIN/oauth/token' \
  --header 'content-type: application/x-www-form-urlencoded' \
  --data grant_type=client_credentials \
  --data client_id=YOUR_CLIENT_ID \
  --data client_secret=YOUR_CLIENT_SECRET \
  --data audience=YOUR_API_IDENTIFIER`,
		err: "curl command: the URL's host holds the placeholder YOUR_DOMAIN; replace it with the real domain",
	},
	{
		name: "{id} in the path",
		src:  "issue 14 ({id}, OpenAPI path templates)",
		cmd:  `curl -H "Authorization: Bearer $TOKEN" https://api.example.com/v1/orders/{id}`,
		err:  "curl command: the URL's path holds the placeholder {id}; replace it with the real id",
	},
	{
		name: ":id in the path",
		src:  "issue 14 (:id, Express routes)",
		cmd:  `curl -H "Authorization: Bearer $TOKEN" https://api.example.com/v1/users/:id/orders`,
		err:  "curl command: the URL's path holds the placeholder :id; replace it with the real id",
	},
	{
		name:  "elastic ${ES_URL} and ApiKey ${API_KEY}",
		src:   "https://www.elastic.co/docs/solutions/search/get-started (issue 14: ${ES_URL}/_cat/indices)",
		cmd:   `curl -X GET "${ES_URL}/_cat/indices?v" -H "Authorization: ApiKey ${API_KEY}"`,
		want:  request{Method: "GET", URL: "https://es.acme.example:9243/_cat/indices?v", Creds: []cred{env("Authorization", "ApiKey "+e("API_KEY"), "API_KEY")}},
		notes: []string{"the URL expanded from $ES_URL"},
	},
	{
		name:  "elastic ${ES_URL} unset",
		src:   "https://www.elastic.co/docs/solutions/search/get-started (issue 14: ${ES_URL}/_cat/indices)",
		cmd:   `curl -X GET "${ES_URL}/_cat/indices?v" -H "Authorization: ApiKey ${API_KEY}"`,
		unset: []string{"ES_URL"},
		err:   "curl command: the URL uses $ES_URL, which is not set; export ES_URL=https://…",
	},
	{
		name: "elastic docker -u elastic:$ELASTIC_PASSWORD",
		src:  "https://www.elastic.co/guide/en/elasticsearch/reference/current/docker.html",
		cmd:  `curl --cacert http_ca.crt -u elastic:$ELASTIC_PASSWORD https://localhost:9200`,
		want: request{Method: "GET", URL: "https://localhost:9200", Creds: []cred{env("Authorization", basic("elastic:"+e("ELASTIC_PASSWORD")), "ELASTIC_PASSWORD")}},
	},
	{
		name: "two curl commands",
		src:  "issue 14 (several commands)",
		cmd: `# list, then fetch one
curl -s https://api.example.com/v1/orders -H "Authorization: Bearer $TOKEN"
curl -s https://api.example.com/v1/orders/42 -H "Authorization: Bearer $TOKEN"`,
		want:  request{Method: "GET", URL: "https://api.example.com/v1/orders", Creds: []cred{env("Authorization", "Bearer "+e("TOKEN"), "TOKEN")}},
		notes: []string{"2 curl commands found; the first is read"},
	},
	{
		name: "terminal session with $ and > prompts",
		src:  "issue 14 ($ curl … prompts, \\ continuations)",
		cmd: `$ curl https://api.example.com/v1/me \
> -H "Authorization: Bearer $TOKEN" \
> -H 'Accept: application/json'`,
		want: request{Method: "GET", URL: "https://api.example.com/v1/me", Creds: []cred{env("Authorization", "Bearer "+e("TOKEN"), "TOKEN")}},
	},
	{
		name:  "single quotes keep $GITHUB_TOKEN literal",
		src:   "issue 14 (single quotes keep them literal as bash does); https://docs.github.com/en/rest/authentication/authenticating-to-the-rest-api",
		cmd:   `curl https://api.github.com/user -H 'Authorization: Bearer $GITHUB_TOKEN'`,
		want:  request{Method: "GET", URL: "https://api.github.com/user", Creds: []cred{lit("Authorization", "Bearer $GITHUB_TOKEN")}},
		notes: []string{"the Authorization header holds $GITHUB_TOKEN as written, as curl would send it"},
	},
	{
		name: "unquoted $OPTS splits into options",
		src:  "issue 14 (shell-accurate expansion); bash(1), Word Splitting",
		cmd:  `OPTS="-s -H X-API-Key:$API_TOKEN"; curl $OPTS https://api.example.com/v1/me`,
		want: request{Method: "GET", URL: "https://api.example.com/v1/me", Creds: []cred{env("X-API-Key", e("API_TOKEN"), "API_TOKEN")}},
	},
	{
		name: "-d token=$TOKEN with -u client credentials",
		src:  "issue 14 (-d token=$TOKEN, -u $USER:$PASS); RFC 7662 §2.1",
		cmd:  `curl https://auth.example.com/oauth/introspect -d token=$TOKEN -u "$CLIENT_ID:$CLIENT_SECRET"`,
		want: request{Method: "POST", URL: "https://auth.example.com/oauth/introspect",
			Creds: []cred{env("Authorization", basic(e("CLIENT_ID")+":"+e("CLIENT_SECRET")), "CLIENT_ID", "CLIENT_SECRET")},
			Body:  "token=" + e("TOKEN"), ContentType: "application/x-www-form-urlencoded"},
		notes: []string{"the body expanded from $TOKEN"},
	},
	{
		name:  "${API_URL:-default} and ${TOKEN:?message}",
		src:   "issue 14 (${VAR:-default} as bash would)",
		cmd:   `curl "${API_URL:-https://api.example.com}/v1/me" -H "Authorization: Bearer ${TOKEN:?set TOKEN first}"`,
		want:  request{Method: "GET", URL: "https://api.example.com/v1/me", Creds: []cred{env("Authorization", "Bearer "+e("TOKEN"), "TOKEN")}},
		notes: []string{"$API_URL is not set; the default written in ${API_URL…} was used"},
	},
	{
		name:  "elasticsearch ${ES_URL} unset",
		src:   "https://www.elastic.co/guide/en/elasticsearch/reference/current/cat-indices.html",
		cmd:   `curl -u "elastic:$ELASTIC_PASSWORD" "${ES_URL}/_cat/indices?v"`,
		unset: []string{"ES_URL"},
		err:   "curl command: the URL uses $ES_URL, which is not set; export ES_URL=https://…",
	},
	{
		name: "single-quoted '$APISERVER/api' is not expanded",
		src:  "issue 14 (single quotes keep them literal, as in bash); https://kubernetes.io/docs/tasks/run-application/access-api-from-pod/",
		cmd:  `curl '$APISERVER/api' --header "Authorization: Bearer $TOKEN" --insecure`,
		err:  `curl command: the URL's host is $APISERVER as written: single quotes keep the shell from expanding it; write the URL in double quotes ("$APISERVER/…") and export APISERVER`,
	},
	{
		name: "Microsoft Graph OData $filter in single quotes stays as written",
		src:  "https://learn.microsoft.com/en-us/graph/filter-query-parameter",
		cmd:  `curl 'https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName,%27a%27)&$top=5' -H "Authorization: Bearer $TOKEN"`,
		want: request{Method: "GET", URL: "https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName,%27a%27)&$top=5",
			Creds: []cred{env("Authorization", "Bearer "+e("TOKEN"), "TOKEN")}},
	},
}

// got turns a parsed request into the comparable form.
func got(s authdoctorSpec) request {
	r := request{Method: s.Method, URL: s.URL, Body: s.Body.Reveal()}
	for _, f := range s.Header {
		if strings.EqualFold(f.Name, "Content-Type") {
			r.ContentType = f.Value.Reveal()
		}
		if !f.Sensitive() {
			continue
		}
		c := cred{Header: f.Name, Value: f.Value.Reveal(), Origin: f.Origin}
		for _, v := range f.Vars {
			c.Vars = append(c.Vars, v.Name)
		}
		r.Creds = append(r.Creds, c)
	}
	return r
}

type authdoctorSpec = authdoctor.Request

// TestDocumentedCommands reads curl commands as vendors document them and
// checks the request is the one curl would send: method, URL, where the
// credential travels and whether it was expanded or typed, and the body.
func TestDocumentedCommands(t *testing.T) {
	t.Parallel()
	if len(docCases) < 60 {
		t.Fatalf("%d documented commands; the table needs at least 60", len(docCases))
	}
	for _, tt := range docCases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.src == "" {
				t.Fatal("every case cites where the command was published")
			}
			lookup := func(k string) (string, bool) {
				for _, u := range tt.unset {
					if u == k {
						return "", false
					}
				}
				v, ok := docEnv[k]
				return v, ok
			}
			spec, err := curl.Parse(tt.cmd, lookup)
			if tt.err != "" {
				if err == nil {
					t.Fatalf("Parse: no error, want %q", tt.err)
				}
				if !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error = %q, want %q", err, tt.err)
				}
				for _, v := range docEnv {
					if strings.Contains(err.Error(), v) {
						t.Errorf("error holds a value from the environment: %q", err)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if d := cmp.Diff(tt.want, got(spec.Request), cmpopts.EquateEmpty()); d != "" {
				t.Errorf("request (-want +got):\n%s", d)
			}
			for _, n := range tt.notes {
				found := false
				for _, m := range spec.Notes {
					found = found || strings.Contains(m, n)
				}
				if !found {
					t.Errorf("no note contains %q; notes:\n%s", n, strings.Join(spec.Notes, "\n"))
				}
			}
			for _, m := range append(spec.Notes, spec.Unknown...) {
				for _, v := range docEnv {
					if len(v) >= 8 && strings.Contains(m, v) {
						t.Errorf("note holds a value from the environment: %q", m)
					}
				}
			}
		})
	}
}
