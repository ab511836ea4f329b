package cli

import (
	"encoding/base64"
	"io"
	"os"
	"strings"

	"github.com/authdoctor/authdoctor"
	"github.com/authdoctor/authdoctor/source"
)

// expand replaces $NAME and ${NAME} in tmpl from the environment; see
// source.Expand.
func expand(tmpl string, lookup func(string) (string, bool)) (string, []authdoctor.VarRef, error) {
	return source.Expand(tmpl, lookup)
}

func validName(s string) bool { return source.ValidName(s) }

// headerField parses one -H argument, "Name: value" with $VARS expanded.
// Errors never quote the value: it may be a literal secret.
func headerField(arg string, lookup func(string) (string, bool)) (authdoctor.Field, error) {
	name, tmpl, ok := strings.Cut(arg, ":")
	if !ok {
		return authdoctor.Field{}, usagef("-H argument %d bytes long has no ':' after the header name: write -H 'Name: value', e.g. -H 'Authorization: Bearer $TOKEN'", len(arg))
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return authdoctor.Field{}, usagef("-H argument has an empty header name: write -H 'Name: value'")
	}
	// curl drops one space after the colon; keep everything else as typed
	// so the lint sees stray whitespace.
	tmpl = strings.TrimPrefix(tmpl, " ")
	val, refs, err := expand(tmpl, lookup)
	if err != nil {
		return authdoctor.Field{}, usagef("-H %s: %v: write $NAME or ${NAME}", name, err)
	}
	f := authdoctor.Field{Name: name, Value: authdoctor.NewSecret(val), Vars: refs}
	if len(refs) > 0 {
		f.Template = tmpl
		f.Origin = authdoctor.OriginEnv
		var names []string
		for _, r := range refs {
			names = append(names, "$"+r.Name)
		}
		f.Source = "environment variable " + strings.Join(names, ", ")
	} else {
		f.Origin = authdoctor.OriginLiteral
	}
	return f, nil
}

// bearerEnv builds Authorization: Bearer $VAR.
func bearerEnv(name string, lookup func(string) (string, bool)) (authdoctor.Field, error) {
	if !validName(name) {
		return authdoctor.Field{}, usagef("--bearer-env %q is not a variable name: give the name without $, e.g. --bearer-env API_TOKEN", name)
	}
	return headerField("Authorization: Bearer $"+name, lookup)
}

// basicEnv builds Authorization: Basic base64(user:pass) from two variables.
func basicEnv(spec string, lookup func(string) (string, bool)) (authdoctor.Field, error) {
	u, p, ok := strings.Cut(spec, ":")
	if !ok || !validName(u) || !validName(p) {
		return authdoctor.Field{}, usagef("--basic-env wants USERVAR:PASSVAR (two variable names), e.g. --basic-env API_USER:API_PASSWORD")
	}
	uv, uok := lookup(u)
	pv, pok := lookup(p)
	refs := []authdoctor.VarRef{{Name: u, Set: uok, Empty: uok && uv == "", Len: len(uv)}, {Name: p, Set: pok, Empty: pok && pv == "", Len: len(pv)}}
	val := "Basic " + base64.StdEncoding.EncodeToString([]byte(uv+":"+pv))
	if !uok || !pok {
		val = "Basic "
	}
	return authdoctor.Field{Name: "Authorization", Value: authdoctor.NewSecret(val), Vars: refs,
		Template: "Basic base64($" + u + ":$" + p + ")", Origin: authdoctor.OriginEnv,
		Source: "environment variables $" + u + " and $" + p}, nil
}

// maxTokenBytes bounds a token read from a file or stdin: real tokens are
// a few KiB; anything larger is the wrong file.
const maxTokenBytes = 64 << 10

// tokenFrom reads a bearer token from r as it is — a trailing newline is
// kept on purpose, because the application reading the same file sends it
// too, and the check reports it.
func tokenFrom(r io.Reader, what string, origin authdoctor.Origin) (authdoctor.Field, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxTokenBytes+1))
	if err != nil {
		return authdoctor.Field{}, usagef("reading the token from %s: %v", what, err)
	}
	if len(data) > maxTokenBytes {
		return authdoctor.Field{}, usagef("the token in %s is larger than %d KiB: is it the right file?", what, maxTokenBytes>>10)
	}
	// The scheme is authdoctor's, not the file's: Added keeps byte offsets
	// in findings counting in the token as stored.
	return authdoctor.Field{Name: "Authorization", Value: authdoctor.NewSecret("Bearer " + string(data)), Origin: origin, Source: what, Added: "Bearer "}, nil
}

func tokenFile(path string) (authdoctor.Field, error) {
	f, err := os.Open(path)
	if err != nil {
		return authdoctor.Field{}, usagef("cannot read --token-file %s: %v", path, unwrapPathError(err))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return authdoctor.Field{}, usagef("--token-file %s is a directory: give the file that holds the token", path)
	}
	return tokenFrom(f, "file "+path, authdoctor.OriginFile)
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
