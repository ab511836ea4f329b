package credential

import (
	"encoding/base64"
	"testing"
)

func TestUse(t *testing.T) {
	t.Parallel()
	jwt := func(claims string) string {
		e := base64.RawURLEncoding.EncodeToString
		return "Bearer " + e([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." + e([]byte(claims)) + ".c2ln"
	}
	for _, tc := range []struct{ name, header, value, want string }{
		{"access token", "Authorization", jwt(`{"sub":"a","scope":"read"}`), UseAccessToken},
		{"id token by nonce", "Authorization", jwt(`{"sub":"a","nonce":"n"}`), UseIDToken},
		{"id token by token_use", "Authorization", jwt(`{"sub":"a","token_use":"id"}`), UseIDToken},
		{"cognito access token", "Authorization", jwt(`{"sub":"a","token_use":"access"}`), UseAccessToken},
		{"keycloak refresh token", "Authorization", jwt(`{"sub":"a","typ":"Refresh"}`), UseRefreshToken},
		{"simplejwt refresh token", "Authorization", jwt(`{"sub":"a","token_type":"refresh"}`), UseRefreshToken},
		{"jwe", "Authorization", "Bearer " + base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RSA-OAEP","enc":"A256GCM"}`)) + ".a.b.c.d", UseJWE},
		{"basic", "Authorization", "Basic " + base64.StdEncoding.EncodeToString([]byte("u:p")), UseBasic},
		{"api key", "X-API-Key", "k3y-value-0123456789", UseAPIKey},
		{"opaque bearer", "Authorization", "Bearer abcdefghijklmnopqrstuvwxyz0123", UseOpaque},
		{"placeholder", "Authorization", "Bearer YOUR_API_KEY", UsePlaceholder},
		{"empty", "Authorization", "Bearer ", UseMalformed},
		// Near misses: a refresh scope is not a refresh token; an id claim
		// is not an ID token.
		{"scope named refresh", "Authorization", jwt(`{"sub":"a","scope":"refresh"}`), UseAccessToken},
		{"claim named id", "Authorization", jwt(`{"sub":"a","id":"x"}`), UseAccessToken},
	} {
		if got := Inspect(tc.header, tc.value).Use(); got != tc.want {
			t.Errorf("%s: Use() = %q, want %q", tc.name, got, tc.want)
		}
	}
}
