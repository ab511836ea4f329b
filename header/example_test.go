package header_test

import (
	"fmt"

	"github.com/authdoctor/authdoctor/header"
)

func ExampleParseChallenges() {
	cs, err := header.ParseChallenges([]string{
		`Bearer realm="api", error="insufficient_scope", scope="repo read:org"`,
		`Basic realm="simple"`,
	})
	if err != nil {
		fmt.Println(err)
	}
	for _, c := range cs {
		realm, _ := c.Param("realm")
		fmt.Println(c.Scheme, realm, c.Scopes())
	}
	// Output:
	// Bearer api [repo read:org]
	// Basic simple []
}

func ExampleLintAuthorization() {
	for _, i := range header.LintAuthorization("Bearer Bearer eyJhbGciOiJub25lIn0.e30.\n") {
		fmt.Printf("%s at %d: %s\n", i.Code, i.Offset, i.Detail)
	}
	// Output:
	// double-scheme at 7: credentials start with the scheme word Bearer again at byte 7
	// ctl-byte at 38: trailing LF at byte 38
}

func ExampleFix() {
	v := "\"bearer: abc123\"\n"
	fixed, changed := header.Fix(v, header.LintAuthorization(v))
	fmt.Printf("%q %v\n", fixed, changed)
	// Output:
	// "Bearer abc123" true
}
