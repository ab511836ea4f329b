package history

import (
	"path/filepath"
	"testing"
)

func TestSQLiteConformance(t *testing.T) {
	t.Parallel()
	testStore(t, func(t *testing.T) string { return filepath.Join(t.TempDir(), "history.db") })
}

func TestSQLiteFileURL(t *testing.T) {
	t.Parallel()
	testStore(t, func(t *testing.T) string { return "file:" + filepath.Join(t.TempDir(), "h.db") })
}
