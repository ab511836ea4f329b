package diagnose_test

// Helpers shared by the realworld_*_test.go corpus files, beside those in
// realworld_test.go.
//
// The files beside realworld_test.go follow its rules: every case cites
// the public page its answer comes from and reproduces the shape
// published there (status, challenge, the headers shown, the body). Where
// a source shows only the answer to the request with its credential, the
// case records no baseline (nor a corrupted copy) rather than invent one;
// writes (POST, PATCH) never get one, as authdoctor sends none for them.

import (
	"encoding/base64"
	"net/http"
	"strings"
	"time"

	"github.com/authdoctor/authdoctor"
)

// textHop is a plain-text answer with extra header pairs.
func textHop(status int, body string, kv ...string) hop {
	return hop{status: status, header: headers(append([]string{"Content-Type", "text/plain; charset=utf-8"}, kv...)...), body: body}
}

// xmlHop is an XML answer (S3, GCS, Azure Storage) with extra header pairs.
func xmlHop(status int, body string, kv ...string) hop {
	return hop{status: status, header: headers(append([]string{"Content-Type", "application/xml"}, kv...)...), body: body}
}

// bare is an answer with only the header pairs given and no body.
func bare(status int, kv ...string) hop {
	return hop{status: status, header: headers(kv...)}
}

// serverAt returns h with the server's Date set to rwNow moved by d: a
// server whose clock (or the client's) is off.
func (h hop) serverAt(d time.Duration) hop { h.date = rwNow.Add(d); return h }

// with returns h with the header pairs set (replacing any value).
func (h hop) with(kv ...string) hop {
	h.header = h.header.Clone()
	if h.header == nil {
		h.header = http.Header{}
	}
	for i := 0; i+1 < len(kv); i += 2 {
		h.header.Set(kv[i], kv[i+1])
	}
	return h
}

// write is a request with a body that the user approved sending
// (authdoctor sends neither a baseline nor a confirmation for it).
func write(method, url, body string, fields ...authdoctor.Field) authdoctor.Request {
	r := request(method, url, fields...)
	if body != "" {
		r.Body = authdoctor.NewSecret(body)
	}
	r.AllowWrite = true
	return r
}

// unset is a credential header written with $name where the variable is
// not set, so only the template's literal part went out.
func unset(header, template, name string) authdoctor.Field {
	value := strings.TrimSpace(strings.ReplaceAll(template, "$"+name, ""))
	return authdoctor.Field{Name: header, Value: authdoctor.NewSecret(value), Template: template,
		Vars: []authdoctor.VarRef{{Name: name}}, Origin: authdoctor.OriginEnv, Source: name}
}

// hs256 is a JWT signed (nominally) with a shared secret.
func hs256(claims map[string]any) string {
	return jwt(map[string]any{"alg": "HS256", "typ": "JWT"}, claims)
}

// Vendor-shaped credentials for the added corpus (shapes as the vendors
// document them; values generated).
func mailchimpKey(dc string, s int) string { return gen(rwHex, 32, s) + "-" + dc }
func sendgridKey(s int) string             { return "SG." + gen(rwB64u, 22, s) + "." + gen(rwB64u, 43, s+1) }
func mailgunKey(s int) string              { return "key-" + gen(rwHex, 32, s) }
func uuidKey(s int) string {
	h := gen(rwHex, 32, s)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// discordBotToken is shaped as Discord's are: the bot's user id (a
// snowflake of 18 digits) in unpadded base64, a timestamp part and an
// HMAC part.
func discordBotToken(s int) string {
	id := "1" + gen(rwDigit, 17, s)
	return base64.RawStdEncoding.EncodeToString([]byte(id)) + "." + gen(rwB64u, 6, s+1) + "." + gen(rwB64u, 38, s+2)
}
func telegramBotToken(s int) string { return gen(rwDigit, 10, s) + ":AA" + gen(rwB64u, 33, s+1) }
