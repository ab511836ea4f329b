package realserver_test

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor"
)

// prometheusWebConfig is a --web.config.file with one bcrypt user: the
// exporter-toolkit basic auth every Prometheus server and exporter shares.
func prometheusWebConfig(user, hash string) string {
	return fmt.Sprintf("basic_auth_users:\n  %s: %q\n", user, hash)
}

// startPrometheus starts prometheus with basic auth, an empty scrape
// configuration and its TSDB in a temporary directory, waits until it is
// ready to answer queries, and returns its base URL.
func startPrometheus(t *testing.T, user, password string) string {
	t.Helper()
	bin := requireBinary(t, "prometheus", "/usr/bin/prometheus")
	dir := serverDir(t)
	webConf := writeFile(t, dir, "web.yml", prometheusWebConfig(user, bcryptHash(t, user, password)), 0o644)
	conf := writeFile(t, dir, "prometheus.yml", "global:\n  scrape_interval: 1m\n", 0o644)
	ports := startServer(t, "prometheus", bin, 1, func(ports []int) ([]string, string) {
		// Prometheus logs to stderr, which startServer keeps.
		return []string{
			"--config.file=" + conf,
			"--web.config.file=" + webConf,
			"--storage.tsdb.path=" + filepath.Join(dir, "data"),
			"--web.listen-address=127.0.0.1:" + strconv.Itoa(ports[0]),
		}, filepath.Join(dir, "no-error-log")
	})
	base := "http://127.0.0.1:" + strconv.Itoa(ports[0])
	// The web server listens before the TSDB is open and answers the API
	// with 503 until then: wait for /-/ready.
	waitReady(t, base+"/-/ready", basic(user, password))
	return base
}

// waitReady polls url with the Authorization value authz a bounded number
// of times until it answers 200.
func waitReady(t *testing.T, url, authz string) {
	t.Helper()
	client := &http.Client{Timeout: readyBackoff * 20}
	last := ""
	for range readyTries {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
		if err != nil {
			t.Fatalf("build readiness request: %v", err)
		}
		req.Header.Set("Authorization", authz)
		res, err := client.Do(req)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
			last = res.Status
		} else {
			last = err.Error()
		}
		select {
		case <-t.Context().Done():
			t.Fatalf("wait for %s: %v", url, t.Context().Err())
		case <-time.After(readyBackoff):
		}
	}
	t.Fatalf("%s not ready after %d tries: %s", url, readyTries, last)
}

func TestPrometheus(t *testing.T) {
	t.Parallel()
	const user = "grafana"
	password := rand.Text()
	token := rand.Text()
	base := startPrometheus(t, user, password)
	query := base + "/api/v1/query?query=up"
	// What `echo grafana:pw | base64` gives: echo's newline is encoded too.
	echoed := "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password+"\n"))

	runCases(t, []realCase{
		{
			name: "query/right-password",
			req:  get(query, field("Authorization", basic(user, password))),
			want: want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
		},
		{
			name: "healthy/right-password",
			req:  get(base+"/-/healthy", field("Authorization", basic(user, password))),
			want: want{cause: authdoctor.CauseAccepted, confidence: authdoctor.Confirmed},
		},
		{
			name: "query/no-credential",
			req:  get(query),
			want: want{cause: authdoctor.CauseCredentialMissing, verdictFinding: "request.no-credential"},
		},
		{
			// exporter-toolkit answers a wrong password with the same bare
			// `WWW-Authenticate: Basic` (no realm) and "Unauthorized" it
			// sends to no credential.
			name: "query/wrong-password",
			req:  get(query, field("Authorization", basic(user, "not-"+password))),
			want: want{cause: authdoctor.CauseCredentialsRejected, confidence: authdoctor.Likely, verdictFinding: "credential.rejected"},
		},
		{
			name: "query/wrong-user",
			req:  get(query, field("Authorization", basic("not-"+user, password))),
			want: want{cause: authdoctor.CauseCredentialsRejected, confidence: authdoctor.Likely, verdictFinding: "credential.rejected"},
		},
		{
			// A Grafana data source set to "Forward OAuth identity" or a
			// bearer token, against a Prometheus that only does Basic.
			name: "query/bearer-to-basic",
			req:  get(query, field("Authorization", "Bearer "+token)),
			want: want{cause: authdoctor.CauseSchemeMismatch, verdictFinding: "header.scheme-mismatch"},
		},
		{
			name: "query/echo-newline",
			req:  get(query, field("Authorization", echoed)),
			want: want{cause: authdoctor.CauseCredentialMalformed, confidence: authdoctor.Confirmed, verdictFinding: "credential.basic-malformed"},
		},
	})
}
