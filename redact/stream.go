package redact

import (
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/credential"
)

// KindPrivateKey is the kind of a PEM private key's replacement:
// [redacted:private-key:FINGERPRINT], the fingerprint taken over the
// key's base64 body, as authdoctor scan shows it.
const KindPrivateKey = "private-key"

// MaxPEM bounds how much of a private key's body a Stream holds before it
// writes it (an RSA 8192 key is under 7 KiB of base64).
const MaxPEM = 64 << 10

// Stream redacts a text line by line, as Line does, and what only the
// lines around tell: an AWS secret access key (40 bytes of base64 of no
// shape of its own) on the line of an access key id or the four after
// it, and a PEM private key, which spans lines. From its BEGIN line to
// its END line (at most MaxPEM bytes) the lines are held, then written
// with each line of the body replaced by one marker, so no line is lost
// or added; a key on one line (a JSON string with \n escapes) becomes one
// marker. The zero value is ready to use.
type Stream struct {
	open bool
	held []string // the BEGIN line, then the body lines, each with its line break
	body strings.Builder
	size int
	// aws is how many more lines, this one included, are near an AWS
	// access key id, where a secret access key is looked for.
	aws int
}

// KindAWSSecretKey is the kind of an AWS secret access key's
// replacement: 40 bytes of base64 on the line of an access key id
// (AKIA…) or within credential.AWSPairLines after it, as authdoctor scan
// finds it.
const KindAWSSecretKey = "aws-secret-key"

// plain redacts a line outside a private key: Line, and the AWS secret
// access keys near an access key id.
func (st *Stream) plain(text string) ([]byte, int) {
	red, n, id := line(nil, text)
	if id {
		st.aws = credential.AWSPairLines + 1
	}
	if st.aws == 0 {
		return red, n
	}
	st.aws--
	r := string(red)
	var out []byte
	last := 0
	credential.FindAWSSecretKeys(r, func(start, end int) bool {
		out = append(out, r[last:start]...)
		out = appendMarker(out, KindAWSSecretKey, authdoctor.Fingerprint(r[start:end]))
		last, n = end, n+1
		return true
	})
	if last == 0 {
		return red, n
	}
	return append(out, r[last:]...), n
}

// Line takes one line, with its line break if it has one, and calls emit
// for each line that can be written now, in order, with its line break,
// and how many credentials were replaced in it. While a private key's
// body is held, it calls emit for nothing.
func (st *Stream) Line(line string, emit func(red []byte, n int) error) error {
	text, nl := splitEOL(line)
	if st.open {
		if i := strings.Index(text, "-----END "); i >= 0 {
			st.body.WriteString(credential.PEMBase64(text[:i]))
			return st.release(emit, line)
		}
		st.held = append(st.held, line)
		if !strings.HasPrefix(strings.TrimSpace(text), Marker) {
			st.body.WriteString(credential.PEMBase64(text))
		}
		if st.size += len(line); st.size > MaxPEM {
			return st.release(emit, "")
		}
		return nil
	}
	b, e := credential.PrivateKeyArmour(text)
	if b < 0 {
		red, n := st.plain(text)
		return emit(append(red, nl...), n)
	}
	rest := text[e:]
	if k := strings.Index(rest, "-----END "); k >= 0 {
		// One line: the body between the armour lines.
		body := credential.PEMBase64(rest[:k])
		if len(body) < credential.MinPrivateKeyBody || strings.Contains(rest[:k], Marker) {
			red, n := st.plain(text)
			return emit(append(red, nl...), n)
		}
		red, n1 := Line(nil, text[:e])
		red = appendMarker(red, KindPrivateKey, authdoctor.Fingerprint(body))
		red, n2 := Line(red, rest[k:])
		return emit(append(red, nl...), n1+1+n2)
	}
	st.open, st.held, st.size = true, append(st.held[:0], line), len(line)
	st.body.Reset()
	st.body.WriteString(credential.PEMBase64(rest))
	return nil
}

// End writes what is held: a key whose END line never came.
func (st *Stream) End(emit func(red []byte, n int) error) error {
	if !st.open {
		return nil
	}
	return st.release(emit, "")
}

// release writes the held lines and the END line, if any: redacted when
// the body is a key's, as they were (each through Line) when it is too
// short to be one ("MIIE..." in documentation).
func (st *Stream) release(emit func([]byte, int) error, end string) error {
	st.open = false
	body := st.body.String()
	key := len(body) >= credential.MinPrivateKeyBody
	fp := ""
	if key {
		fp = authdoctor.Fingerprint(body)
	}
	counted := false
	for i, line := range st.held {
		text, nl := splitEOL(line)
		var red []byte
		var n int
		switch {
		case !key:
			red, n = Line(nil, text)
		case i == 0:
			// The BEGIN line: what precedes the armour is redacted as
			// any text; what follows it is the key's.
			_, e := credential.PrivateKeyArmour(text)
			red, n = Line(nil, text[:e])
			if credential.PEMBase64(text[e:]) != "" {
				red = appendMarker(red, KindPrivateKey, fp)
				n, counted = n+1, true
			}
		case strings.HasPrefix(strings.TrimSpace(text), Marker):
			red = []byte(text) // replaced already: redacting twice changes nothing
		default:
			red = appendMarker(nil, KindPrivateKey, fp)
			if !counted {
				n, counted = 1, true
			}
		}
		if err := emit(append(red, nl...), n); err != nil {
			return err
		}
	}
	st.held = st.held[:0]
	if end == "" {
		return nil
	}
	text, nl := splitEOL(end)
	i := strings.Index(text, "-----END ")
	var red []byte
	n := 0
	if key && credential.PEMBase64(text[:i]) != "" && !strings.Contains(text[:i], Marker) {
		red = appendMarker(nil, KindPrivateKey, fp)
		if !counted {
			n = 1
		}
	} else {
		red = append(red, text[:i]...)
	}
	red, m := Line(red, text[i:])
	return emit(append(red, nl...), n+m)
}

func appendMarker(dst []byte, kind, fp string) []byte {
	dst = append(dst, Marker...)
	dst = append(dst, kind...)
	dst = append(dst, ':')
	dst = append(dst, fp...)
	return append(dst, ']')
}

// splitEOL splits a line into its text and its line break ("\n", or
// nothing for the last line of a text).
func splitEOL(line string) (text, nl string) {
	if strings.HasSuffix(line, "\n") {
		return line[:len(line)-1], "\n"
	}
	return line, ""
}
