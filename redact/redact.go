// Package redact removes credentials from text: every credential
// authdoctor.FindSecrets finds (JWTs, vendor keys, the credential after
// Bearer or Basic, the password in URL user info, values of
// credential-named fields) becomes [redacted:KIND:FINGERPRINT], so a log
// keeps which credential was there — its kind and the same 8-hex SHA-256
// fingerprint authdoctor shows everywhere — and never the value.
//
// Copy and Stream also replace PEM private keys, over one line or many
// ([redacted:private-key:FINGERPRINT] for each line of the body). Text
// already redacted is left as it is: redacting twice changes nothing. A vendor's published prefix stays (sk_live_[redacted:…]), as
// do publishable keys (public by design) and documentation placeholders.
package redact

import (
	"bufio"
	"errors"
	"io"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/credential"
)

// Marker starts every replacement: "[redacted:" KIND ":" FINGERPRINT "]".
const Marker = "[redacted:"

// String returns s with its credentials replaced.
func String(s string) string {
	b, n := Line(nil, s)
	if n == 0 {
		return s
	}
	return string(b)
}

// Line appends s, with every credential replaced by
// [redacted:KIND:FINGERPRINT], to dst, and says how many it replaced.
func Line(dst []byte, s string) ([]byte, int) {
	dst, n, _ := line(dst, s)
	return dst, n
}

// line is Line, and says whether s holds an AWS access key id.
func line(dst []byte, s string) (out []byte, n int, awsKeyID bool) {
	last := 0
	authdoctor.FindSecrets(s, func(sp authdoctor.Span) bool {
		v := s[sp.Start+sp.Keep : sp.End]
		if sp.Kind == authdoctor.SpanVendorKey && sp.Vendor == "AWS" && sp.Exact {
			awsKeyID = true
		}
		if keep(sp, v) || insideMarker(s, sp.Start) || touchesMarker(s, sp) {
			return true
		}
		sp = named(sp, s[sp.Start:sp.End])
		dst = append(dst, s[last:sp.Start+sp.Keep]...)
		dst = append(dst, Marker...)
		dst = append(dst, sp.Kind...)
		dst = append(dst, ':')
		dst = append(dst, authdoctor.Fingerprint(s[sp.Start:sp.End])...)
		dst = append(dst, ']')
		last = sp.End
		n++
		return true
	})
	return append(dst, s[last:]...), n, awsKeyID
}

// keep says whether a span is left as it is: already redacted, a
// placeholder, or a publishable key.
func keep(sp authdoctor.Span, v string) bool {
	switch {
	case strings.HasPrefix(v, "[redacted"), strings.Contains(v, Marker):
		// Redacted already: "[redacted]", or a vendor prefix and a
		// marker seen whole as a field's value.
		return true
	case sp.Placeholder:
		return true
	case sp.Kind == authdoctor.SpanVendorKey && sp.Key.Kind == "publishable":
		return true
	}
	return false
}

// insideMarker says whether s[at:] is inside a replacement already made
// ("[redacted:jwt:" before it, its "]" not yet): the fingerprint of a
// marker looks like a value to a field's rule.
func insideMarker(s string, at int) bool {
	i := strings.LastIndex(s[:at], Marker)
	return i >= 0 && !strings.Contains(s[i:at], "]")
}

// touchesMarker says whether a span runs into a replacement made before
// (the rest of a value whose credential part was replaced: "0" of
// "0[redacted:jwt:…]"): redacting it again would not be idempotent.
func touchesMarker(s string, sp authdoctor.Span) bool {
	if strings.HasPrefix(s[sp.End:], Marker) {
		return true
	}
	if sp.Start > 0 && s[sp.Start-1] == ']' {
		i := strings.LastIndex(s[:sp.Start], Marker)
		return i >= 0 && strings.IndexByte(s[i:sp.Start], ']') == sp.Start-1-i
	}
	return false
}

// named reports a value found as a field's, a scheme's or user info's as
// what it is when it is a vendor key or a JWT, as scan does: kind, and
// the vendor's prefix kept.
func named(sp authdoctor.Span, v string) authdoctor.Span {
	switch sp.Kind {
	case authdoctor.SpanVendorKey, authdoctor.SpanJWT, authdoctor.SpanJWE:
		return sp
	}
	if vd, ok := credential.Recognise(v); ok && strings.HasPrefix(v, vd.Prefix) && vd.Prefix != "" {
		sp.Kind, sp.Keep = authdoctor.SpanVendorKey, len(vd.Prefix)
		return sp
	}
	if strings.HasPrefix(v, "eyJ") && strings.Count(v, ".") == 2 {
		sp.Kind = authdoctor.SpanJWT
	}
	return sp
}

// MaxLine is the longest line Copy redacts whole; a longer one is
// redacted in pieces of MaxLine bytes (a credential cut by a piece's end
// may then be missed: logs do not have such lines).
const MaxLine = 1 << 20

// Copy reads r line by line and writes each line to w redacted as soon as
// it is complete, so it can sit in a logging pipeline
// (app 2>&1 | authdoctor redact > app.log); the lines of a PEM private
// key are written when its END line comes (see Stream). When w is buffered, flush is
// called after each line (nil for none). It returns the lines written and
// the credentials replaced.
func Copy(w io.Writer, r io.Reader, flush func() error) (lines, replaced int64, err error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var st Stream
	emit := func(red []byte, n int) error {
		if _, err := w.Write(red); err != nil {
			return err
		}
		if flush != nil {
			if err := flush(); err != nil {
				return err
			}
		}
		lines++
		replaced += int64(n)
		return nil
	}
	for {
		chunk, rerr := br.ReadSlice('\n')
		if errors.Is(rerr, bufio.ErrBufferFull) {
			// A line longer than the buffer: gather it, up to MaxLine.
			full := append([]byte(nil), chunk...)
			for errors.Is(rerr, bufio.ErrBufferFull) && len(full) < MaxLine {
				chunk, rerr = br.ReadSlice('\n')
				full = append(full, chunk...)
			}
			if errors.Is(rerr, bufio.ErrBufferFull) {
				rerr = nil // redact this piece; the rest comes next
			}
			chunk = full
		}
		if len(chunk) > 0 {
			if err := st.Line(string(chunk), emit); err != nil {
				return lines, replaced, err
			}
		}
		if rerr != nil {
			if err := st.End(emit); err != nil {
				return lines, replaced, err
			}
			if errors.Is(rerr, io.EOF) {
				return lines, replaced, nil
			}
			return lines, replaced, rerr
		}
	}
}
