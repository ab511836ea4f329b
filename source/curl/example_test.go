package curl_test

import (
	"fmt"

	"github.com/authdoctor/authdoctor/source/curl"
)

func ExampleParse() {
	cmd := `$ curl 'https://api.example.com/v1/orders' \
  -H 'accept: application/json' \
  -H $'authorization: Bearer tok_test_123' \
  --compressed --http2`
	spec, err := curl.Parse(cmd, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(spec.Request.Method, spec.Request.URL)
	for _, f := range spec.Request.Header {
		fmt.Printf("%s: %s\n", f.Name, f.Display())
	}
	fmt.Println("unknown:", spec.Unknown)
	fmt.Println("notes:", spec.Notes)
	// Output:
	// GET https://api.example.com/v1/orders
	// accept: application/json
	// authorization: Bearer [redacted len=12 sha256=b6e94ac1]
	// unknown: [--http2]
	// notes: [--compressed was ignored: the prober negotiates the response encoding itself]
}

func ExampleParse_substitution() {
	_, err := curl.Parse(`curl -H "Authorization: Bearer $(gcloud auth print-access-token)" https://api.example.com/`, nil)
	fmt.Println(err)
	// Output:
	// curl command: uses command substitution at line 1; authdoctor never runs commands: run it yourself, export its output (export TOKEN="$(…)") and write "$TOKEN" in its place
}
