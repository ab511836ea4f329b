package header

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestShift(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   Issue
		want Issue
	}{
		{"at byte", Issue{Code: CodeCtlByte, Offset: 47, Detail: "trailing LF at byte 47"}, Issue{Code: CodeCtlByte, Offset: 40, Detail: "trailing LF at byte 40"}},
		{"range", Issue{Offset: 20, Detail: "trailing CR LF at bytes 20-21"}, Issue{Offset: 13, Detail: "trailing CR LF at bytes 13-14"}},
		{"pair", Issue{Offset: 7, Detail: "credentials are wrapped in double quotes (bytes 7 and 52)"}, Issue{Offset: 0, Detail: "credentials are wrapped in double quotes (bytes 0 and 45)"}},
		{"from byte", Issue{Offset: 36, Detail: "1 space inside the credentials, first at byte 36"}, Issue{Offset: 29, Detail: "1 space inside the credentials, first at byte 29"}},
		{"inside the added text", Issue{Offset: 6, Detail: "2 spaces between the scheme and the credentials at byte 6"}, Issue{Offset: 0, Detail: "2 spaces between the scheme and the credentials at byte 0"}},
		// Near misses: numbers that are not offsets stay.
		{"a byte value", Issue{Offset: 9, Detail: "byte 0x0B at byte 9"}, Issue{Offset: 2, Detail: "byte 0x0B at byte 2"}},
		{"a count", Issue{Offset: -1, Detail: "value has no scheme word; it is a bare 40-byte credential"}, Issue{Offset: -1, Detail: "value has no scheme word; it is a bare 40-byte credential"}},
		{"a count of bytes", Issue{Offset: 10, Detail: "3 bytes of invalid UTF-8 at bytes 10-12"}, Issue{Offset: 3, Detail: "3 bytes of invalid UTF-8 at bytes 3-5"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := []Issue{tc.in}
			got := Shift(in, 7)
			if diff := cmp.Diff([]Issue{tc.want}, got); diff != "" {
				t.Errorf("Shift (-want +got):\n%s", diff)
			}
			if in[0] != tc.in {
				t.Errorf("Shift modified its input")
			}
		})
	}
}

// TestShiftLint shifts what LintAuthorization says of "Bearer " + a token
// and compares with the offsets in the token itself.
func TestShiftLint(t *testing.T) {
	t.Parallel()
	tok := "abc.def ghi\n"
	got := Shift(LintAuthorization("Bearer "+tok), len("Bearer "))
	for _, is := range got {
		if is.Offset != 7 && is.Offset != 11 {
			t.Errorf("issue %s at %d (%q), want offset 7 (space) or 11 (LF) in the token", is.Code, is.Offset, is.Detail)
		}
	}
	if len(got) == 0 {
		t.Fatal("no issues for a token with a space and a newline")
	}
}
