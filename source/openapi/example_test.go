package openapi_test

import (
	"fmt"
	"strings"

	"github.com/authdoctor/authdoctor/source/openapi"
)

func ExampleDoc_Operation() {
	doc, err := openapi.Read(strings.NewReader(`
openapi: 3.0.3
servers: [{url: https://api.example.com/v2}]
security: [{oauth: [orders:read]}]
components:
  securitySchemes:
    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: https://auth.example.com/token, scopes: {}}}}
paths:
  /orders/{id}:
    put: {operationId: updateOrder, security: [{oauth: [orders:write]}]}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	id, alts, err := doc.Operation("PUT", "https://api.example.com/v2/orders/42")
	if err != nil {
		fmt.Println(err)
		return
	}
	expect, words := openapi.Expect(alts)
	fmt.Println(id)
	fmt.Println(expect.Scopes)
	fmt.Println(words)
	// Output:
	// updateOrder
	// [orders:write]
	// Authorization: Bearer with scopes orders:write
}
