package credential_test

import (
	"fmt"
	"strings"

	"github.com/authdoctor/authdoctor/credential"
)

func ExampleInspect() {
	key := "sk_test_" + strings.Repeat("Ex4mpleK", 3) // built at run time, not a real key
	c := credential.Inspect("Authorization", "Bearer "+key)
	fmt.Println(c.Kind, c.Vendor, c.Prefix, c.Environment, c.Length)
	// Output: api_key Stripe sk_test_ test 32
}

func ExampleDecodeBasic() {
	// printf 'user:pass\n' | base64, the echo mistake.
	b, err := credential.DecodeBasic("dXNlcjpwYXNzCg==")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(b.User, b.PasswordLen, b.Issues)
	// Output: user 4 [trailing-newline]
}

func ExamplePlaceholder() {
	for _, v := range []string{"{{token}}", "YOUR_API_KEY", "sk_test_REPLACE_ME", "undefined"} {
		what, _ := credential.Placeholder(v)
		fmt.Println(what)
	}
	// Output:
	// template-variable
	// your-credential
	// vendor-prefix+replace-me
	// undefined
}

func ExampleHostEnvironment() {
	fmt.Println(credential.HostEnvironment("connect.squareupsandbox.com"))
	fmt.Println(credential.HostEnvironment("api-m.paypal.com"))
	fmt.Println(credential.EnvironmentsConflict("test", credential.HostEnvironment("api.prod.example.com")))
	// Output:
	// sandbox
	// production
	// true
}
