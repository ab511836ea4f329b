package history

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
)

func TestSinceLastOK(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	exp := day.Add(12 * time.Hour)
	base := func(at time.Time, status int) Record {
		return Record{ID: 41, Time: at, Method: "GET", URL: "https://api.example.com/v1/orders", Version: "1.0.0", ServerDate: at.Add(time.Second),
			Credential: &Credential{Kind: "jwt", Fingerprint: "0e24735a", Issuer: "https://sso.example.com/", Audience: []string{"orders"},
				Expires: &exp, Scopes: []string{"orders:read", "orders:write"}, Roles: []string{"clerk"}, KeyID: "k1"},
			Exchanges: []Exchange{{Role: authdoctor.RoleBaseline, Status: 401}, {Role: authdoctor.RoleAuthenticated, Status: status}}}
	}
	ok := base(day, 200)
	later := day.Add(26 * time.Hour)
	whats := func(s *authdoctor.SinceLastOK) []string {
		var out []string
		for _, c := range s.Changes {
			out = append(out, c.What)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		cur  func() Record
		want []string
	}{
		{"the same token expired since", func() Record { return base(later, 401) }, []string{"token_expired", "status"}},
		{"nothing recorded changed", func() Record { r := base(day.Add(time.Hour), 200); return r }, nil},
		{"another credential", func() Record {
			r := base(day.Add(time.Hour), 401)
			c := *r.Credential
			c.Fingerprint = "9f00aa11"
			r.Credential = &c
			return r
		}, []string{"credential", "status"}},
		{"a scope lost and the key rotated", func() Record {
			r := base(day.Add(time.Hour), 403)
			c := *r.Credential
			c.Scopes, c.KeyID = []string{"orders:read"}, "k2"
			r.Credential = &c
			return r
		}, []string{"scopes", "key_id", "status"}},
		{"another host", func() Record {
			r := base(day.Add(time.Hour), 401)
			r.URL = "https://sandbox.example.com/v1/orders"
			return r
		}, []string{"request", "status"}},
		{"the server's clock moved", func() Record {
			r := base(day.Add(time.Hour), 401)
			r.ServerDate = r.Time.Add(10 * time.Minute)
			return r
		}, []string{"status", "server_clock"}},
		{"a second of clock jitter is no change", func() Record {
			r := base(day.Add(time.Hour), 401)
			r.ServerDate = r.Time.Add(3 * time.Second)
			return r
		}, []string{"status"}},
		{"an expired token that was already expired is not what changed", func() Record {
			r := base(later, 401)
			c := *r.Credential
			old := day.Add(-time.Hour)
			c.Expires = &old
			r.Credential = &c
			return r
		}, []string{"status"}},
	} {
		okRec := ok
		if tc.name == "an expired token that was already expired is not what changed" {
			c := *ok.Credential
			old := day.Add(-time.Hour)
			c.Expires = &old
			okRec.Credential = &c
		}
		s := SinceLastOK(okRec, tc.cur())
		if s.Run != 41 || !s.At.Equal(day) {
			t.Errorf("%s: run %d at %v", tc.name, s.Run, s.At)
		}
		if d := cmp.Diff(tc.want, whats(s)); d != "" {
			t.Errorf("%s: changes (-want +got):\n%s\n%+v", tc.name, d, s.Changes)
		}
		for _, c := range s.Changes {
			if c.Summary == "" {
				t.Errorf("%s: %s has no summary", tc.name, c.What)
			}
		}
	}
}
