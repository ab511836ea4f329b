package history

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/authdoctor/authdoctor/internal/pgtest"
)

// TestPostgresConformance runs the conformance suite on a real
// PostgreSQL server started for the test (internal/pgtest), one fresh
// database per subtest.
func TestPostgresConformance(t *testing.T) {
	t.Parallel()
	srv := pgtest.Start(t)
	admin, err := sql.Open("pgx", srv.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	var n atomic.Int64
	testStore(t, func(t *testing.T) string {
		name := fmt.Sprintf("history_%d", n.Add(1))
		if _, err := admin.ExecContext(context.Background(), "CREATE DATABASE "+name); err != nil {
			t.Fatalf("create database %s: %v", name, err)
		}
		return srv.DSN(name)
	})
}
