package cli

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/authdoctor/authdoctor/lab"
)

func TestMain(m *testing.M) {
	if os.Getenv(asMainEnv) == "1" {
		// TestWatchSignals runs this binary as authdoctor itself, to send
		// it real signals.
		os.Exit(Main(context.Background(), os.Args[1:], OSEnv()))
	}
	testscript.Main(m, map[string]func(){
		"authdoctor": func() { os.Exit(Main(context.Background(), os.Args[1:], OSEnv())) },
	})
}

// TestScript runs the CLI scripts in testdata/script against a lab started
// for each script. Each script sees LAB (the API base URL), LAB_CA (the lab
// CA file), OK_TOKEN, EXPIRED_TOKEN, STRIPE_TEST_KEY, BASIC_WRONG and the
// variables of a few scenarios.
func TestScript(t *testing.T) {
	t.Parallel()
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(e *testscript.Env) error {
			l, err := lab.Start(context.Background(), lab.Config{})
			if err != nil {
				return err
			}
			e.Defer(func() { l.Close() })
			e.Setenv("LAB", l.URL())
			e.Setenv("LAB_CA", l.CACertFile())
			for name, scen := range map[string]string{"OK_TOKEN": "ok", "EXPIRED_TOKEN": "expired"} {
				s, _ := l.Scenario(scen)
				e.Setenv(name, strings.TrimSpace(s.Env["LAB_TOKEN"]))
			}
			// validate and runbook: a Stripe-like test key the lab API
			// accepts, and a Basic credential (a wrong password: never
			// damaged on purpose).
			if k, ok := l.Scenario("test-key-in-live"); ok {
				e.Setenv("STRIPE_TEST_KEY", strings.TrimSpace(k.Env["LAB_STRIPE_KEY"]))
			}
			if b, ok := l.Scenario("basic-wrong"); ok {
				e.Setenv("BASIC_WRONG", strings.TrimSpace(b.Env["LAB_BASIC"]))
			}
			s, _ := l.Scenario("unreachable")
			e.Setenv("CLOSED_URL", s.URL)
			p, _ := l.Scenario("proxy")
			for i, a := range p.Args {
				if a == "--proxy" && i+1 < len(p.Args) {
					e.Setenv("LAB_PROXY", p.Args[i+1])
				}
			}
			e.Setenv("NO_COLOR", "1")
			// check and compare record every run: into the script's own
			// directory, never the state directory of the user running
			// the tests (testscript's HOME is /no-home, which root could
			// create).
			e.Setenv("XDG_STATE_HOME", e.WorkDir+"/.state")
			return nil
		},
	})
}
