// Package apitest keeps a package's exported API on record: Check lists
// every exported declaration of the package in a directory — functions
// and methods with their signatures, types with their exported fields
// and methods, constants and variables — and compares the list with a
// golden file, so a change of the API is a deliberate change of that file
// too (go test -run API -update-api rewrites it).
package apitest

import (
	"bytes"
	"flag"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update-api", false, "rewrite the API golden files")

// Check compares the exported API of the package in dir with golden.
func Check(t *testing.T, dir, golden string) {
	t.Helper()
	got := List(t, dir)
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (create it with go test -run API -update-api)", err)
	}
	if got != string(want) {
		t.Errorf("the exported API changed; if that is meant, run go test -run API -update-api and commit %s.\ngot:\n%s\nwant:\n%s", golden, got, want)
	}
}

// List is the exported API of the package in dir, one declaration a
// line, sorted.
func List(t *testing.T, dir string) string {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	node := func(n any) string {
		var b bytes.Buffer
		printer.Fprint(&b, fset, n)
		return strings.Join(strings.Fields(b.String()), " ")
	}
	for _, p := range pkgs {
		for _, f := range p.Files {
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if !d.Name.IsExported() {
						continue
					}
					recv := ""
					if d.Recv != nil && len(d.Recv.List) > 0 {
						r := node(d.Recv.List[0].Type)
						if !ast.IsExported(strings.TrimPrefix(r, "*")) {
							continue
						}
						recv = "(" + r + ") "
					}
					lines = append(lines, "func "+recv+d.Name.Name+strings.TrimPrefix(node(d.Type), "func"))
				case *ast.GenDecl:
					for _, s := range d.Specs {
						switch s := s.(type) {
						case *ast.TypeSpec:
							if !s.Name.IsExported() {
								continue
							}
							if st, ok := s.Type.(*ast.StructType); ok {
								lines = append(lines, "type "+s.Name.Name+" struct")
								for _, fl := range st.Fields.List {
									for _, n := range fl.Names {
										if n.IsExported() {
											lines = append(lines, "field "+s.Name.Name+"."+n.Name+" "+node(fl.Type))
										}
									}
								}
								continue
							}
							lines = append(lines, "type "+s.Name.Name+" "+node(s.Type))
						case *ast.ValueSpec:
							for _, n := range s.Names {
								if n.IsExported() {
									kind := "var "
									if d.Tok == token.CONST {
										kind = "const "
									}
									lines = append(lines, kind+n.Name)
								}
							}
						}
					}
				}
			}
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n") + "\n"
}
