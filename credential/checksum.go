package credential

import "hash/crc32"

// ChecksumCRC32Base62 names the check digits GitHub and npm build into
// their tokens: the CRC-32 (IEEE) of the random part, written as 6 base62
// digits (0–9, A–Z, a–z), zero-padded on the left, after it. A token
// ghp_ + 30 random characters + 6 check digits is 40 characters long.
// Sources: github.blog 2021-04-05 "Behind GitHub's new authentication
// token formats"; github.blog 2021-09-23 "Announcing npm's new access
// token format"; the alphabet order and the scope of the CRC are pinned
// by the published test vectors in checksum_test.go.
const ChecksumCRC32Base62 = "crc32-base62"

// crc32Digits is the number of base62 digits that hold a CRC-32
// (62^6 > 2^32).
const crc32Digits = 6

// base62Digits is the digit order of ChecksumCRC32Base62.
const base62Digits = alnumChars

// crc32Base62 writes the check digits of body.
func crc32Base62(body string) [crc32Digits]byte {
	var n uint32
	var buf [64]byte // the random parts checked here are 30 bytes
	for len(body) > 0 {
		k := copy(buf[:], body)
		n = crc32.Update(n, crc32.IEEETable, buf[:k])
		body = body[k:]
	}
	var out [crc32Digits]byte
	for i := crc32Digits - 1; i >= 0; i-- {
		out[i] = base62Digits[n%62]
		n /= 62
	}
	return out
}

// checkCRC32Base62 reports whether s is a random part followed by its
// ChecksumCRC32Base62 check digits.
func checkCRC32Base62(s string) ChecksumResult {
	if len(s) <= crc32Digits {
		return ChecksumInvalid
	}
	body, sum := s[:len(s)-crc32Digits], s[len(s)-crc32Digits:]
	if want := crc32Base62(body); string(want[:]) != sum {
		return ChecksumInvalid
	}
	return ChecksumValid
}
