package postman_test

import (
	"fmt"
	"strings"

	"github.com/authdoctor/authdoctor/source/postman"
)

func ExampleCollection_Spec() {
	c, err := postman.ReadCollection(strings.NewReader(`{
		"info": {"name": "Shop", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
		"auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]},
		"item": [{"name": "Orders", "item": [{"name": "List", "request": {"url": "{{baseUrl}}/orders"}}]}]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	staging, err := postman.ReadEnvironment(strings.NewReader(`{"name": "Staging", "values": [
		{"key": "baseUrl", "value": "https://api.example.com", "enabled": true},
		{"key": "token", "value": "example-token-value", "enabled": true}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, path, err := c.Find("orders/list")
	if err != nil {
		fmt.Println(err)
		return
	}
	spec, err := c.Spec(path, staging)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(spec.From)
	fmt.Println(spec.Request.Method, spec.Request.URL)
	for _, f := range spec.Request.Header {
		fmt.Printf("%s: %s\n  from %s\n", f.Name, f.Display(), f.Source)
	}
	fmt.Println(spec.Notes)
	// Output:
	// Postman collection Shop: Orders / List
	// GET https://api.example.com/orders
	// Authorization: Bearer [redacted len=19 sha256=2d384003]
	//   from Postman environment Staging: {{token}} (bearer auth of the collection)
	// [auth: bearer, inherited from the collection]
}
