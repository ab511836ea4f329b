package har

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/source"
)

// clientSet are request headers the HTTP client writes itself: replaying
// them from a recording would conflict with what it writes. Hop-by-hop
// fields are listed in RFC 9110 §7.6.1; Host comes from the URL (§7.2),
// and Content-Length from the body.
var clientSet = []string{"host", "content-length", "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te"}

func isClientSet(name string) bool {
	n := strings.ToLower(name)
	for _, c := range clientSet {
		if n == c {
			return true
		}
	}
	return false
}

// Spec turns the entry's request into a Spec: headers in their order,
// duplicates kept, each a Secret with OriginFile; the body from postData.
// index is the entry's 1-based position and file the file's name, both
// for messages. HTTP/2 pseudo-headers (":authority", ":method"…) and the
// headers the client writes itself (Host, Content-Length, Connection…)
// are skipped; Host is taken from the URL.
func (e *Entry) Spec(index int, file string) source.Spec {
	name := "entry " + strconv.Itoa(index)
	from := name
	if file != "" {
		from = file + " " + name
	}
	src := file
	if src == "" {
		src = "HAR file"
	}
	r := e.Request
	spec := source.Spec{
		Name: name,
		From: from,
		Request: authdoctor.Request{
			Method: strings.ToUpper(r.Method),
			URL:    r.URL,
		},
	}
	if spec.Request.Method == "" {
		spec.Request.Method = "GET"
	}
	var pseudo, skipped []string
	cookie := false
	for _, h := range r.Headers {
		switch {
		case strings.HasPrefix(h.Name, ":"):
			pseudo = append(pseudo, h.Name)
			continue
		case strings.EqualFold(h.Name, "host"):
			if u, err := url.Parse(r.URL); err == nil && !strings.EqualFold(u.Host, h.Value) {
				spec.Notes = append(spec.Notes, "the recorded Host header differs from the URL's host; the URL's is used")
			}
			continue
		case isClientSet(h.Name):
			skipped = appendOnce(skipped, h.Name)
			continue
		case h.Name == "":
			continue
		}
		if strings.EqualFold(h.Name, "cookie") {
			cookie = true
		}
		spec.Request.Header = append(spec.Request.Header, authdoctor.Field{
			Name:   h.Name,
			Value:  authdoctor.NewSecret(h.Value),
			Origin: authdoctor.OriginFile,
			Source: src,
		})
	}
	if !cookie && len(r.Cookies) > 0 {
		// Some writers list cookies only in the cookies array.
		parts := make([]string, 0, len(r.Cookies))
		for _, c := range r.Cookies {
			parts = append(parts, c.Name+"="+c.Value)
		}
		spec.Request.Header = append(spec.Request.Header, authdoctor.Field{
			Name:   "Cookie",
			Value:  authdoctor.NewSecret(strings.Join(parts, "; ")),
			Origin: authdoctor.OriginFile,
			Source: src,
		})
	}
	if len(pseudo) > 0 {
		spec.Notes = append(spec.Notes, "HTTP/2 pseudo-headers ("+strings.Join(pseudo, ", ")+") were skipped")
	}
	if len(skipped) > 0 {
		spec.Notes = append(spec.Notes, "headers the client writes itself were skipped: "+strings.Join(skipped, ", "))
	}
	if p := r.PostData; p != nil {
		body, note := postBody(p)
		spec.Request.Body = authdoctor.NewSecret(body)
		if note != "" {
			spec.Notes = append(spec.Notes, note)
		}
	}
	if s := e.Response.Status; s != 0 {
		spec.Notes = append(spec.Notes, "recorded response: status "+strconv.Itoa(s))
	}
	return spec
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return list
		}
	}
	return append(list, s)
}

// postBody returns the request body: the text, or a form body rebuilt
// from params (HAR 1.2 lets a writer give either).
func postBody(p *PostData) (string, string) {
	if p.Text != "" || len(p.Params) == 0 {
		return p.Text, ""
	}
	mt := strings.ToLower(strings.TrimSpace(strings.Split(p.MimeType, ";")[0]))
	if mt != "" && mt != "application/x-www-form-urlencoded" {
		return "", "the " + strconv.Itoa(len(p.Params)) + " posted " + mt + " parameters were not rebuilt into a body"
	}
	parts := make([]string, 0, len(p.Params))
	for _, q := range p.Params {
		parts = append(parts, url.QueryEscape(q.Name)+"="+url.QueryEscape(q.Value))
	}
	return strings.Join(parts, "&"), "the body was rebuilt from the posted form parameters"
}
