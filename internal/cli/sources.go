package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/source"
	"github.com/authdoctor/authdoctor/source/curl"
	"github.com/authdoctor/authdoctor/source/har"
	"github.com/authdoctor/authdoctor/source/openapi"
	"github.com/authdoctor/authdoctor/source/postman"
)

// maxSourceFile bounds a curl, Postman or OpenAPI file read whole.
const maxSourceFile = 32 << 20

// readSource reads a file, or standard input for "-".
func readSource(path string, env Env) ([]byte, string, error) {
	return readSourceLimit(path, env, maxSourceFile)
}

// curlSpec reads a curl command line from a file or stdin. Its $VAR and
// ${VAR} references are expanded from the environment as bash would
// (single quotes keep them literal); the notes name the variables, never
// their values. Credentials written in the command itself are stored in
// that file (or were pasted): they count as from a file.
func curlSpec(path string, env Env) (source.Spec, error) {
	b, name, err := readSource(path, env)
	if err != nil {
		return source.Spec{}, err
	}
	lookup := env.Lookup
	if lookup == nil {
		lookup = func(string) (string, bool) { return "", false }
	}
	spec, err := curl.Parse(string(b), lookup)
	if err != nil {
		return source.Spec{}, usagef("%s: %v", name, err)
	}
	for i := range spec.Request.Header {
		if spec.Request.Header[i].Origin == authdoctor.OriginEnv {
			continue // the value came from the environment, not the file
		}
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

// harSpec reads one entry of a HAR file.
func harSpec(path string, sel har.Selector, env Env) (source.Spec, error) {
	b, name, err := readSourceLimit(path, env, har.MaxSize)
	if err != nil {
		return source.Spec{}, err
	}
	l, err := har.Read(bytes.NewReader(b))
	if err != nil {
		return source.Spec{}, usagef("%s: %v", name, err)
	}
	i, e, err := l.Select(sel)
	if err != nil {
		return source.Spec{}, usagef("%s: %v", name, err)
	}
	spec := e.Spec(i, name)
	for j := range spec.Request.Header {
		spec.Request.Header[j].Origin = authdoctor.OriginFile
	}
	return spec, nil
}

// side reads one side of authdoctor diff:
//
//	curl:FILE or a file holding a curl command (- for standard input)
//	FILE.har, FILE.har#N (entry N) or FILE.har#~TEXT (the entry whose URL contains TEXT)
//	postman:COLLECTION#Folder/Request[@ENVFILE] (and --postman-env)
//	profile:ENV/REQUEST or ENV/REQUEST (authdoctor.yaml)
func side(arg string, postmanEnvs []string, config string, env Env) (source.Spec, error) {
	kind, rest, _ := strings.Cut(arg, ":")
	switch kind {
	case "curl":
		return curlSpec(rest, env)
	case "har":
		return harSide(rest, env)
	case "postman":
		coll, req, _ := strings.Cut(rest, "#")
		// postman:COLLECTION#Request@ENVFILE resolves this side with its
		// own environment, before any --postman-env.
		if i := strings.LastIndex(req, "@"); i >= 0 {
			postmanEnvs = append([]string{req[i+1:]}, postmanEnvs...)
			req = req[:i]
		}
		return postmanSpec(coll, postmanEnvs, req, env)
	case "profile":
		return profileSide(rest, config, env)
	}
	if arg == "-" {
		return curlSpec("-", env)
	}
	file, _, _ := strings.Cut(arg, "#")
	if strings.HasSuffix(strings.ToLower(file), ".har") {
		return harSide(arg, env)
	}
	if st, err := os.Stat(file); err == nil && !st.IsDir() {
		b, _, err := readSource(file, env)
		if err != nil {
			return source.Spec{}, err
		}
		t := strings.TrimSpace(string(b))
		switch {
		case strings.HasPrefix(t, "{") && strings.Contains(t, "schema.getpostman.com"):
			coll, req, _ := strings.Cut(arg, "#")
			return postmanSpec(coll, postmanEnvs, req, env)
		case strings.HasPrefix(t, "{"):
			return harSide(arg, env)
		}
		return curlSpec(file, env)
	}
	if strings.Contains(arg, "/") {
		return profileSide(arg, config, env)
	}
	return source.Spec{}, usagef("%q is not a file, a HAR entry, a Postman request or a profile request: write curl:FILE, FILE.har#N, postman:FILE#Request or ENV/REQUEST", arg)
}

func harSide(arg string, env Env) (source.Spec, error) {
	file, pick, _ := strings.Cut(arg, "#")
	var sel har.Selector
	switch {
	case pick == "":
	case strings.HasPrefix(pick, "~"):
		sel.URLContains = strings.TrimPrefix(pick, "~")
	default:
		n, err := strconv.Atoi(pick)
		if err != nil || n < 1 {
			return source.Spec{}, usagef("%s: after # give the entry number (1 is the first) or ~TEXT of its URL", file)
		}
		sel.Index = n
	}
	return harSpec(file, sel, env)
}

func profileSide(arg, config string, env Env) (source.Spec, error) {
	envName, req, ok := strings.Cut(arg, "/")
	if !ok {
		return source.Spec{}, usagef("a profile request is ENV/REQUEST, e.g. production/orders.list")
	}
	return profileSpec(config, envName, req, env)
}

// readSourceLimit is readSource with another size limit.
func readSourceLimit(path string, env Env, limit int64) ([]byte, string, error) {
	var r io.Reader
	name := path
	if path == "-" {
		r, name = env.Stdin, "standard input"
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, "", usagef("cannot read %s: %v", path, unwrapPathError(err))
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, "", usagef("reading %s: %v", name, err)
	}
	if int64(len(b)) > limit {
		return nil, "", usagef("%s is larger than %d MiB: is it the right file?", name, limit>>20)
	}
	return b, name, nil
}
