package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/source"
	"github.com/authdoctor/authdoctor/source/curl"
	"github.com/authdoctor/authdoctor/source/openapi"
	"github.com/authdoctor/authdoctor/source/postman"
)

// maxSourceFile bounds a curl, Postman or OpenAPI file read whole.
const maxSourceFile = 32 << 20

// readSource reads a file, or standard input for "-".
func readSource(path string, env Env) ([]byte, string, error) {
	if path == "-" {
		b, err := io.ReadAll(io.LimitReader(env.Stdin, maxSourceFile+1))
		if err != nil {
			return nil, "", usagef("reading standard input: %v", err)
		}
		return b, "standard input", nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, "", usagef("cannot read %s: %v", path, unwrapPathError(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxSourceFile+1))
	if err != nil {
		return nil, "", usagef("reading %s: %v", path, err)
	}
	if len(b) > maxSourceFile {
		return nil, "", usagef("%s is larger than %d MiB: is it the right file?", path, maxSourceFile>>20)
	}
	return b, path, nil
}

// curlSpec reads a curl command line from a file or stdin. Credentials in
// it are stored in that file (or were pasted): they count as from a file.
func curlSpec(path string, env Env) (source.Spec, error) {
	b, name, err := readSource(path, env)
	if err != nil {
		return source.Spec{}, err
	}
	spec, err := curl.Parse(string(b), nil)
	if err != nil {
		return source.Spec{}, usagef("%s: %v", name, err)
	}
	for i := range spec.Request.Header {
		spec.Request.Header[i].Origin = authdoctor.OriginFile
		spec.Request.Header[i].Source = "curl command in " + name
	}
	spec.From = "curl command in " + name
	return spec, nil
}

// postmanSpec reads a request of a Postman collection with its
// environment files.
func postmanSpec(collection string, envFiles []string, request string, env Env) (source.Spec, error) {
	b, name, err := readSource(collection, env)
	if err != nil {
		return source.Spec{}, err
	}
	c, err := postman.ReadCollection(strings.NewReader(string(b)))
	if err != nil {
		return source.Spec{}, usagef("%s: %v", name, err)
	}
	var envs []*postman.Environment
	for _, ef := range envFiles {
		eb, en, err := readSource(ef, env)
		if err != nil {
			return source.Spec{}, err
		}
		e, err := postman.ReadEnvironment(strings.NewReader(string(eb)))
		if err != nil {
			return source.Spec{}, usagef("%s: %v", en, err)
		}
		envs = append(envs, e)
	}
	if request == "" {
		return source.Spec{}, usagef("name the Postman request with --request; the collection has: %s", strings.Join(firstN(c.Names(), 10), ", "))
	}
	_, path, err := c.Find(request)
	if err != nil {
		return source.Spec{}, usagef("%s: %v", name, err)
	}
	spec, err := c.Spec(path, envs...)
	if err != nil {
		return source.Spec{}, usagef("%s: %v", name, err)
	}
	return spec, nil
}

func firstN(ss []string, n int) []string {
	if len(ss) > n {
		return append(ss[:n:n], fmt.Sprintf("… (%d more)", len(ss)-n))
	}
	return ss
}

// openapiExpect reads what an OpenAPI document says the operation for
// method and URL expects.
func openapiExpect(path, method, rawURL string, env Env) (authdoctor.Expect, string, error) {
	b, name, err := readSource(path, env)
	if err != nil {
		return authdoctor.Expect{}, "", err
	}
	d, err := openapi.Read(strings.NewReader(string(b)))
	if err != nil {
		return authdoctor.Expect{}, "", usagef("%s: %v", name, err)
	}
	op, alts, err := d.Operation(method, rawURL)
	if err != nil {
		return authdoctor.Expect{}, "", usagef("%s: %v", name, err)
	}
	e, words := openapi.Expect(alts)
	if op != "" {
		words = op + ": " + words
	}
	return e, words, nil
}
