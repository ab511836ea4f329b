package transport

import (
	"testing"

	"github.com/authdoctor/authdoctor/internal/apitest"
)

// TestAPI keeps the package's exported API on record (testdata/api.txt):
// a change to it must change that file too.
func TestAPI(t *testing.T) { apitest.Check(t, ".", "testdata/api.txt") }
