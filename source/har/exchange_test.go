package har

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
)

func TestFromExchange(t *testing.T) {
	t.Parallel()
	const (
		token  = "tok_test_fromexchange_91c2"
		cookie = "sess_test_cookie_77ab"
	)
	sent := time.Date(2024, 12, 3, 10, 15, 1, 250e6, time.UTC)
	x := authdoctor.Exchange{
		Method: "POST",
		URL:    "https://api.example.com/v1/token?access_token=" + token + "&page=2",
		RequestHeader: []authdoctor.Field{
			{Name: "Authorization", Value: authdoctor.NewSecret("Bearer " + token)},
			{Name: "Content-Type", Value: authdoctor.NewSecret("application/x-www-form-urlencoded")},
			{Name: "Accept", Value: authdoctor.NewSecret("application/json")},
		},
		Sent:   sent,
		Status: 401,
		Proto:  "HTTP/1.1",
		Header: http.Header{
			"Www-Authenticate": {`Bearer error="invalid_token"`},
			"Set-Cookie":       {"sid=" + cookie + "; HttpOnly"},
			"Content-Type":     {"application/json"},
		},
		Body: []byte(`{"error":"invalid_token","access_token":"` + token + `"}`),
		Timing: authdoctor.Timing{
			DNS: 2 * time.Millisecond, Connect: 10 * time.Millisecond, TLS: 15 * time.Millisecond,
			FirstByte: 40 * time.Millisecond, Total: 70 * time.Millisecond,
		},
	}
	e := FromExchange(x, "grant_type=refresh_token&refresh_token="+token)

	want := Entry{
		StartedDateTime: "2024-12-03T10:15:01.250Z",
		Time:            70,
		Request: Request{
			Method: "POST", URL: "https://api.example.com/v1/token?access_token=[redacted]&page=2", HTTPVersion: "HTTP/1.1",
			Cookies: []Cookie{},
			Headers: []NameValue{
				{Name: "Authorization", Value: x.RequestHeader[0].Display()},
				{Name: "Content-Type", Value: "application/x-www-form-urlencoded"},
				{Name: "Accept", Value: "application/json"},
			},
			QueryString: []NameValue{{Name: "access_token", Value: "[redacted]"}, {Name: "page", Value: "2"}},
			PostData:    &PostData{MimeType: "application/x-www-form-urlencoded", Text: "grant_type=refresh_token&refresh_token=[redacted]"},
			HeadersSize: -1, BodySize: int64(len("grant_type=refresh_token&refresh_token=" + token)),
		},
		Response: Response{
			Status: 401, StatusText: "Unauthorized", HTTPVersion: "HTTP/1.1",
			Cookies: []Cookie{},
			Headers: []NameValue{
				{Name: "Content-Type", Value: "application/json"},
				{Name: "Set-Cookie", Value: authdoctor.NewSecret("sid=" + cookie + "; HttpOnly").String()},
				{Name: "Www-Authenticate", Value: `Bearer error="invalid_token"`},
			},
			Content:     Content{Size: int64(len(x.Body)), MimeType: "application/json", Text: `{"error":"invalid_token","access_token":"[redacted]"}`},
			HeadersSize: -1, BodySize: int64(len(x.Body)),
		},
		Timings: Timings{Blocked: -1, DNS: 2, Connect: 25, SSL: 15, Wait: 40, Receive: 3},
	}
	if d := cmp.Diff(want, e); d != "" {
		t.Errorf("FromExchange (-want +got):\n%s", d)
	}

	l := NewLog("authdoctor/0.1.0")
	l.Entries = append(l.Entries, e, FromExchange(authdoctor.Exchange{Method: "GET", URL: "https://api.example.com/img", Status: 200,
		Header: http.Header{"Content-Type": {"image/png"}}, Body: []byte{0x89, 'P', 'N', 'G', 0xff}, BodyTruncated: true}, ""))
	var buf bytes.Buffer
	if err := Write(&buf, l); err != nil {
		t.Fatalf("Write: %v", err)
	}
	for _, secret := range []string{token, cookie} {
		if strings.Contains(buf.String(), secret) {
			t.Fatalf("written HAR holds a credential in clear:\n%s", buf.String())
		}
	}
	back, err := Read(&buf)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if d := cmp.Diff(l, back); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
	img, err := back.Entries[1].Response.Content.Body()
	if err != nil || !bytes.Equal(img, []byte{0x89, 'P', 'N', 'G', 0xff}) || back.Entries[1].Response.Content.Encoding != "base64" {
		t.Errorf("binary body = %q, %v", img, err)
	}
	if back.Creator != (Creator{Name: "authdoctor", Version: "0.1.0"}) || back.Version != "1.2" {
		t.Errorf("log header = %+v %q", back.Creator, back.Version)
	}
}

func TestWriteFillsRequiredArrays(t *testing.T) {
	t.Parallel()
	l := &Log{Creator: Creator{Name: "x"}, Entries: []Entry{{Request: Request{Method: "GET", URL: "https://api.example.com/"}}}}
	var buf bytes.Buffer
	if err := Write(&buf, l); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`"version": "1.2"`, `"cookies": []`, `"headers": []`, `"queryString": []`, `"cache": {}`} {
		if !strings.Contains(buf.String(), s) {
			t.Errorf("written HAR lacks %s:\n%s", s, buf.String())
		}
	}
	if l.Entries[0].Request.Headers != nil {
		t.Error("Write changed its argument")
	}
}
