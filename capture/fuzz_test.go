package capture

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
)

// credentialish reports whether tok is a value the oracle can look for
// without false alarms: 12 or more letters and digits, with both.
func credentialish(tok string) bool {
	if len(tok) < 12 {
		return false
	}
	letter, digit := false, false
	for _, c := range tok {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			letter = true
		case '0' <= c && c <= '9':
			digit = true
		default:
			return false
		}
	}
	return letter && digit
}

// FuzzRecord records an exchange whose credential the upstream echoes in
// its headers and body. Oracle: recording never panics, and a
// credential-shaped value appears nowhere in what a Record keeps.
func FuzzRecord(f *testing.F) {
	for _, s := range []struct {
		token, prefix, body string
		where               uint8
		status              int
	}{
		{canary, "Bearer ", "", 0, 401},
		{canary, "Bearer Bearer ", "", 0, 401},
		{canary, "Bearer: ", "", 0, 403},
		{canary, "", `{"token":"$T"}`, 1, 401},
		{canary, "", "access_token=$T&x=1", 2, 401},
		{canary, "Token token=", "", 0, 200},
		{"abc123def456", "Basic ", "note $T", 0, 401},
		{expiredJWT(), "Bearer ", "", 0, 401},
		{"short1", "Bearer ", "$T", 0, 401},
		{"tok\x00en\r\n123456", "Bearer ", "$T", 3, 0},
	} {
		f.Add(s.token, s.prefix, s.body, s.where, s.status)
	}
	p := &Proxy{maxBody: 4096, now: fixedNow}
	f.Fuzz(func(t *testing.T, token, prefix, body string, where uint8, status int) {
		names := []string{"Authorization", "X-API-Key", "Cookie", "Proxy-Authorization"}
		name := names[int(where)%len(names)]
		value := prefix + token
		if name == "Cookie" {
			value = "s=" + token
		}
		reqBody := strings.ReplaceAll(body, "$T", token)
		h := http.Header{}
		h.Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="`+token+` is not valid"`)
		h.Set("X-Echo", value)
		h.Set("Location", "/next?code="+token)
		h.Set("Content-Type", "text/plain")
		x := &exchange{
			seq: 1, start: t0, end: t0, firstByte: t0, method: "POST",
			url:        "http://127.0.0.1:1/p?access_token=" + token,
			header:     fields(http.Header{name: {value}, "Content-Type": {"application/x-www-form-urlencoded"}}),
			reqBody:    newKeep(p.maxBody),
			respBody:   newKeep(p.maxBody),
			status:     status % 600,
			respHeader: h,
		}
		_, _ = x.reqBody.Write([]byte(reqBody))
		_, _ = x.respBody.Write([]byte(fmt.Sprintf("you sent %s: %s\nbody %s\n", name, value, reqBody)))
		if x.status < 0 {
			x.status = -x.status
		}
		rec := p.record(x)
		if !credentialish(token) {
			return
		}
		b, err := json.Marshal(struct {
			E any
			D any
		}{rec.Entry, rec.Diagnosis})
		if err != nil {
			t.Fatal(err)
		}
		kept := string(b) + rec.Error + fmt.Sprintf("%+v", rec) + string(rec.Exchange.Body) + rec.Exchange.URL
		for _, fl := range rec.Exchange.RequestHeader {
			kept += fl.Value.Reveal()
		}
		for _, vs := range rec.Exchange.Header {
			kept += strings.Join(vs, "\n")
		}
		if strings.Contains(kept, token) {
			t.Fatalf("the record keeps the credential in clear (header %s, prefix %q)", name, prefix)
		}
	})
}

// FuzzLoopback: Loopback never panics, and whatever it calls loopback
// listens only on loopback when bound (checked without binding: the host
// parses as a loopback IP or is localhost).
func FuzzLoopback(f *testing.F) {
	for _, s := range []string{"127.0.0.1:8080", "localhost:1", "[::1]:0", ":8080", "0.0.0.0:1", "[fe80::1%lo0]:1", "api.example.com:80", "", "[", "127.0.0.1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, addr string) {
		if !Loopback(addr) {
			return
		}
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			host = addr
		}
		h, _, _ := strings.Cut(strings.Trim(host, "[]"), "%") // a zone does not change the address
		if ip := net.ParseIP(h); !strings.EqualFold(host, "localhost") && (ip == nil || !ip.IsLoopback()) {
			t.Fatalf("Loopback(%q) is true for host %q", addr, host)
		}
	})
}
