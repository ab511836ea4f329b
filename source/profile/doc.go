// Package profile reads authdoctor.yaml: the environments of an API
// (sandbox, production: base URL, credential header templates, expected
// issuer and audience) and named requests any environment can run. The
// file holds $VARIABLE references, never credentials: Load refuses a file
// with a literal credential and names its line.
package profile
