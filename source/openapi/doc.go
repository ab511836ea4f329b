// Package openapi reads an OpenAPI 3.0 or 3.1 document (JSON or YAML) and
// answers one question for authdoctor: for this method and URL, which
// operation is it and what security does it require? The answer — the
// scheme, the header or parameter name, the scopes — becomes the
// authdoctor.Expect a check compares the credential with, so a finding can
// say "this operation needs scope orders:write and your token has
// orders:read".
//
// Only what security needs is read: servers, paths and their operations,
// components.securitySchemes and the security requirements. A $ref is
// followed only inside #/components/securitySchemes.
package openapi
