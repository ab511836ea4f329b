package scan

import (
	"strings"

	"github.com/authdoctor/authdoctor/credential"
)

// KindAWSSecretKey is an AWS secret access key: 40 bytes of base64 near
// an access key id (AKIA…, ASIA…), the pair that signs requests.
const KindAWSSecretKey = "aws-secret-key"

// awsPairLines is how many lines after an access key id its secret is
// looked for: the credentials file, an IAM console CSV and the JSON of
// sts get-session-token keep them within a few lines.
const awsPairLines = 4

// awsSecretLen is the length of an AWS secret access key.
const awsSecretLen = 40

func isAWSSecretByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '/' || c == '+'
}

// awsSecrets marks the AWS secret access keys of a line that has, or
// follows within awsPairLines, an access key id: a value found as a
// credential field becomes KindAWSSecretKey, and a bare one (a CSV
// column) is added. hits are in order; so is the result.
func (ls *lineScanner) awsSecrets(n int, s string, hits []hit) []hit {
	for _, h := range hits {
		if h.vendor == "AWS" && h.leak {
			ls.awsLine = n
		}
	}
	if ls.awsLine == 0 || n-ls.awsLine > awsPairLines {
		return hits
	}
	for i := 0; i+awsSecretLen <= len(s); {
		if !isAWSSecretByte(s[i]) || i > 0 && isAWSSecretByte(s[i-1]) {
			i++
			continue
		}
		e := i
		for e < len(s) && isAWSSecretByte(s[e]) {
			e++
		}
		if e-i == awsSecretLen && (e == len(s) || s[e] != '=') && awsSecretShape(s[i:e]) {
			hits = markAWS(hits, i, e)
		}
		i = e
	}
	return hits
}

// awsSecretShape: mixed case and a digit or a slash, as a random key
// has, and not the documented example (…EXAMPLEKEY) or a placeholder.
func awsSecretShape(v string) bool {
	if strings.Contains(v, "EXAMPLE") {
		return false
	}
	if _, ph := credential.Placeholder(v); ph {
		return false
	}
	upper, lower, other := false, false, false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case 'A' <= c && c <= 'Z':
			upper = true
		case 'a' <= c && c <= 'z':
			lower = true
		default:
			other = true
		}
	}
	return upper && lower && other
}

// markAWS makes line[start:end] an AWS secret key: the hit that is
// exactly it, or a new hit when none overlaps it.
func markAWS(hits []hit, start, end int) []hit {
	for i, h := range hits {
		if h.start == start && h.end == end {
			hits[i].kind, hits[i].vendor, hits[i].leak = KindAWSSecretKey, "AWS", true
			return hits
		}
		if h.start < end && start < h.end {
			return hits // part of something else found
		}
	}
	h := hit{start: start, end: end, kind: KindAWSSecretKey, vendor: "AWS", leak: true}
	i := 0
	for i < len(hits) && hits[i].end <= start {
		i++
	}
	return append(hits[:i], append([]hit{h}, hits[i:]...)...)
}
