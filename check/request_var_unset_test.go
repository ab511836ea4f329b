package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

// templated is a field written with a $VAR reference.
func templated(name, template, value string, vars ...authdoctor.VarRef) authdoctor.Field {
	f := fld(name, value)
	f.Template, f.Vars, f.Source = template, vars, ""
	return f
}

func TestRequestVarUnset(t *testing.T) {
	t.Parallel()
	unset := templated("Authorization", "Bearer $API_TOKEN", "Bearer ", authdoctor.VarRef{Name: "API_TOKEN"})
	empty := templated("Authorization", "Bearer $API_TOKEN", "Bearer ", authdoctor.VarRef{Name: "API_TOKEN", Set: true, Empty: true})
	set := templated("Authorization", "Bearer $API_TOKEN", "Bearer "+opaque(9), authdoctor.VarRef{Name: "API_TOKEN", Set: true, Len: 40})
	two := templated("Authorization", "Basic $USER:$PASS", "Basic :", authdoctor.VarRef{Name: "USER"}, authdoctor.VarRef{Name: "PASS", Set: true, Empty: true})
	challenge := rec{status: 401, header: hdr("WWW-Authenticate", `Bearer realm="api"`, "Content-Type", "application/json"), body: `{"error":"unauthorized"}`}
	runTable(t, "request.var-unset", []tc{
		{
			name: "unset, answered like no credential",
			obs:  observe(req(apiURL, unset)).baseline(challenge).auth(challenge).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Confirmed,
				evidence: []string{`template "Bearer $API_TOKEN"`, "exactly as it does without any credential"},
				summary:  "$API_TOKEN is not set", fix: "export API_TOKEN="},
			present: []string{"request.var-unset"},
			absent:  []string{"request.no-credential", "delivery.not-received", "token.rejected"},
		},
		{
			name: "empty, no baseline",
			obs:  observe(req(apiURL, empty)).auth(challenge).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "set but empty"},
		},
		{
			name: "two variables, one finding each",
			obs:  observe(req(apiURL, two)).auth(rec{status: 401, header: hdr("WWW-Authenticate", `Basic realm="x"`)}).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "$USER is not set", n: 2},
		},
		{
			name: "unset but the server accepted anyway",
			obs:  observe(req(apiURL, unset)).auth(rec{status: 200}).obs(),
			want: &want{sev: authdoctor.SeverityWarning, conf: authdoctor.Likely},
		},
		{
			name: "set",
			obs:  observe(req(apiURL, set)).baseline(challenge).auth(challenge).obs(),
		},
		{
			name: "no template",
			obs:  observe(req(apiURL, bearer(opaque(9)))).auth(challenge).obs(),
		},
		{
			name: "unset in a body parameter",
			obs: func() *authdoctor.Observation {
				r := req(apiURL + "/oauth/token")
				r.Method, r.AllowWrite = "POST", true
				r.Unfilled = []authdoctor.DataVar{{VarRef: authdoctor.VarRef{Name: "CLIENT_SECRET"}, In: "body", Param: "client_secret"}}
				return observe(r).auth(jsonRec(401, `{"error":"invalid_client"}`)).obs()
			}(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely,
				evidence: []string{"body parameter client_secret=$CLIENT_SECRET"},
				summary:  "$CLIENT_SECRET is not set, so the body parameter client_secret went out without its credential", fix: "export CLIENT_SECRET="},
		},
		{
			name: "empty in a query parameter",
			obs: func() *authdoctor.Observation {
				r := req(apiURL + "/v1/items?api_key=")
				r.Unfilled = []authdoctor.DataVar{{VarRef: authdoctor.VarRef{Name: "KEY", Set: true, Empty: true}, In: "query", Param: "api_key"}}
				return observe(r).auth(jsonRec(401, `{"message":"missing api key"}`)).obs()
			}(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "$KEY is set but empty, so the query parameter api_key"},
		},
	})
}
