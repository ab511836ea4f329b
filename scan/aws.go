package scan

import "github.com/authdoctor/authdoctor/credential"

// KindAWSSecretKey is an AWS secret access key: 40 bytes of base64 near
// an access key id (AKIA…, ASIA…), the pair that signs requests.
const KindAWSSecretKey = "aws-secret-key"

// awsPairLines is how many lines after an access key id its secret is
// looked for.
const awsPairLines = credential.AWSPairLines

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
	credential.FindAWSSecretKeys(s, func(start, end int) bool {
		hits = markAWS(hits, start, end)
		return true
	})
	return hits
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
