package check_test

import (
	"testing"

	"github.com/authdoctor/authdoctor"
)

func TestBodyRefusedInOK(t *testing.T) {
	t.Parallel()
	r := req("https://slack.com/api/chat.postMessage", bearer("xoxb-"+fill(alnum, 40, 3)))
	runTable(t, "body.refused-in-ok", []tc{
		{name: "Slack invalid_auth in a 200", obs: observe(r).auth(jsonRec(200, `{"ok":false,"error":"invalid_auth"}`)).obs(),
			want: &want{sev: authdoctor.SeverityError, conf: authdoctor.Likely, summary: "body says the token was refused (invalid_auth)"}},
		{name: "ok true", obs: observe(r).auth(jsonRec(200, `{"ok":true}`)).obs()},
		{name: "an error about something else", obs: observe(r).auth(jsonRec(200, `{"ok":false,"error":"channel_not_found"}`)).obs()},
		{name: "a 401 is for the other checks", obs: observe(r).auth(jsonRec(401, `{"ok":false,"error":"invalid_auth"}`)).obs()},
	})
}
