package scan

import (
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/credential"
)

// minPEMBody is the shortest base64 body taken for a private key.
const minPEMBody = credential.MinPrivateKeyBody

// maxPEMBody bounds what is kept of a body to fingerprint it (an RSA
// 8192 key is under 7 KiB of base64).
const maxPEMBody = 64 << 10

// pemBegin finds a private key's BEGIN armour in s, or -1.
func pemBegin(s string) (start, end int) { return credential.PrivateKeyArmour(s) }

// privateKey looks for a PEM private key starting on this line. A block
// on one line (a JSON string with \n escapes) is a hit here; one that
// goes on is reported when its END line comes.
func (ls *lineScanner) privateKey(n, col int, s string, hits []hit) []hit {
	b, e := pemBegin(s)
	if b < 0 {
		return hits
	}
	rest := s[e:]
	if k := strings.Index(rest, "-----END "); k >= 0 {
		body := pemBody(rest[:k])
		if len(body) < minPEMBody || strings.Contains(rest[:k], redactMarker) {
			return hits // a stub, or a key authdoctor redact replaced
		}
		h := hit{start: b, end: e + k, kind: KindPrivateKey, leak: true, fingerprint: credential.Fingerprint(body)}
		// The key's span takes over what FindSecrets saw inside it. A
		// new slice: h goes in among hits still to be read.
		out := make([]hit, 0, len(hits)+1)
		placed := false
		for _, x := range hits {
			switch {
			case x.end <= h.start:
				out = append(out, x)
			case x.start >= h.end:
				if !placed {
					out, placed = append(out, h), true
				}
				out = append(out, x)
			default:
				h.start, h.end = min(h.start, x.start), max(h.end, x.end)
			}
		}
		if !placed {
			out = append(out, h)
		}
		return out
	}
	ls.pem.open, ls.pem.line, ls.pem.col = true, n, col+b+1
	ls.pem.body.Reset()
	ls.pem.add(rest)
	// The excerpt ends with the BEGIN marker: what follows it is the
	// key, and so are the hits in it.
	head := authdoctor.ScrubText(s[:e])
	if strings.TrimSpace(rest) != "" {
		head += authdoctor.Redacted
	}
	ls.pem.excerpt = excerpt(head, max(0, len(authdoctor.ScrubText(s[:b]))))
	out := hits[:0]
	for _, x := range hits {
		if x.start < e {
			out = append(out, x)
		}
	}
	return out
}

// add keeps the base64 of a body line; a line authdoctor redact
// replaced by its marker adds nothing.
func (p *pemBlock) add(s string) {
	if p.body.Len() < maxPEMBody && !strings.HasPrefix(strings.TrimSpace(s), redactMarker) {
		p.body.WriteString(pemBody(s))
	}
}

// closePEM reports the open block when its body is a key's.
func (ls *lineScanner) closePEM() {
	p := &ls.pem
	p.open = false
	body := p.body.String()
	if len(body) < minPEMBody {
		return
	}
	ls.emit(Finding{
		Path: ls.path, Line: p.line, Column: p.col, Kind: KindPrivateKey,
		Severity: severity(hit{kind: KindPrivateKey}, ls.path), Fingerprint: credential.Fingerprint(body),
		Excerpt: p.excerpt,
	})
}

// pemBody keeps the base64 bytes of s.
func pemBody(s string) string { return credential.PEMBase64(s) }
