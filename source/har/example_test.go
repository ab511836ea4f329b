package har_test

import (
	"fmt"
	"os"

	"github.com/authdoctor/authdoctor/source/har"
)

func ExampleLog_Select() {
	f, err := os.Open("testdata/chrome.har")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	l, err := har.Read(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, _, err := l.Select(har.Selector{URLContains: "/v1/me"}); err != nil {
		fmt.Println(err)
	}
	i, e, err := l.Select(har.Selector{URLContains: "/v1/me", Status: 401})
	if err != nil {
		fmt.Println(err)
		return
	}
	spec := e.Spec(i, "chrome.har")
	fmt.Println(spec.From, spec.Request.Method, spec.Request.URL)
	for _, h := range spec.Request.Header {
		fmt.Printf("%s: %s\n", h.Name, h.Display())
	}
	// Output:
	// har: 2 of 5 entries match; choose one with --entry N (2, 5)
	// chrome.har entry 2 GET https://api.example.com/v1/me?fields=id,name
	// accept: application/json
	// authorization: Bearer [redacted len=53 sha256=a08582e1]
	// cookie: [redacted len=21 sha256=b374dbff]
	// cookie: [redacted len=10 sha256=22076324]
	// origin: https://app.example.com
	// user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36
}
