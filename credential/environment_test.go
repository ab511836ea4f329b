package credential

import "testing"

func TestHostEnvironment(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, host, want string }{
		{"square sandbox", "connect.squareupsandbox.com", EnvSandbox},
		{"square production", "connect.squareup.com", EnvProduction},
		{"paypal sandbox", "api-m.sandbox.paypal.com", EnvSandbox},
		{"paypal production", "api-m.paypal.com", EnvProduction},
		{"plaid production", "production.plaid.com", EnvProduction},
		{"stripe says nothing", "api.stripe.com", ""},
		{"generic api.sandbox", "api.sandbox.example.com", EnvSandbox},
		{"staging label", "api.staging.example.com", EnvSandbox},
		{"hyphenated staging", "api-staging.example.com", EnvSandbox},
		{"dev label", "dev.example.com", EnvSandbox},
		{"qa label", "qa.internal.example.com", EnvSandbox},
		{"uat label", "uat.example.com", EnvSandbox},
		{"a test network", "testnet.binance.vision", EnvSandbox},
		{"testnet inside a longer word is no label", "mytestnetwork.example.com", ""},
		{"test label", "test.example.com", EnvSandbox},
		{"preprod label", "api.preprod.example.com", EnvSandbox},
		{"pre-prod label", "api.pre-prod.example.com", EnvSandbox},
		{"non-prod label", "non-prod.example.com", EnvSandbox},
		{"test TLD says nothing of the environment", "api.example.test", ""},
		{"prod label", "api.prod.example.com", EnvProduction},
		{"hyphenated prod", "prod-api.example.com", EnvProduction},
		{"live label", "live.example.com", EnvProduction},
		{"both: non-production wins", "staging.prod.example.com", EnvSandbox},
		{"plain host", "api.example.com", ""},
		{"dev TLD is not a dev host", "go.dev", ""},
		{"developer is not dev", "developer.example.com", ""},
		{"latest is not test", "latest.example.com", ""},
		{"protest is not test", "protest.example.com", ""},
		{"URL with port and path", "https://connect.squareup.com:443/v2/locations", EnvProduction},
		{"upper case and trailing dot", "CONNECT.SQUAREUPSANDBOX.COM.", EnvSandbox},
		{"host and port", "api.staging.example.com:8443", EnvSandbox},
		{"user info", "https://u:p@api.dev.example.com/", EnvSandbox},
		{"ip address", "127.0.0.1:8080", ""},
		{"ipv6", "[::1]:443", ""},
		{"localhost", "localhost", ""},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := HostEnvironment(tc.host); got != tc.want {
				t.Errorf("HostEnvironment(%q) = %q, want %q", tc.host, got, tc.want)
			}
		})
	}
}

func TestEnvironmentsConflict(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, cred, host string
		want             bool
	}{
		{"test key on production", "test", "production", true},
		{"live key on sandbox", "live", "sandbox", true},
		{"sandbox key on production", "sandbox", "production", true},
		{"production key on sandbox", "production", "sandbox", true},
		{"staging against prod words", "staging", "prod", true},
		{"case-insensitive", "TEST", "LIVE", true},
		{"test key on sandbox", "test", "sandbox", false},
		{"live key on production", "live", "production", false},
		{"unknown credential", "", "production", false},
		{"unknown host", "test", "", false},
		{"unknown word", "blue", "production", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := EnvironmentsConflict(tc.cred, tc.host); got != tc.want {
				t.Errorf("EnvironmentsConflict(%q, %q) = %v, want %v", tc.cred, tc.host, got, tc.want)
			}
		})
	}
}

func TestNormaliseEnvironment(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Prod", EnvProduction}, {"PRODUCTION", EnvProduction}, {"live", EnvLive},
		{"test", EnvTest}, {"Staging", EnvSandbox}, {"dev", EnvSandbox}, {"development", EnvSandbox},
		{"UAT", EnvSandbox}, {"pre-prod", EnvSandbox}, {"", ""}, {"eu-west-1", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			if got := NormaliseEnvironment(tc.in); got != tc.want {
				t.Errorf("NormaliseEnvironment(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
