package history

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/authdoctor/authdoctor"
)

// base is the time of the first sample run; runs are an hour apart.
var base = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// sample is a run of request in env, i hours after base.
func sample(i int, request, env string, accepted bool) Record {
	exp := base.Add(time.Duration(i+1) * time.Hour)
	r := Record{
		Time:       base.Add(time.Duration(i) * time.Hour),
		Identity:   Identity{Request: request, Env: env},
		Method:     "GET",
		URL:        "https://api.example.com/v1/orders?key=[redacted]",
		Accepted:   accepted,
		Cause:      authdoctor.CauseAccepted,
		Confidence: authdoctor.Confirmed,
		Summary:    "The API accepted the credential.",
		Findings:   []string{},
		Credential: &Credential{Header: "Authorization", Kind: "jwt", Fingerprint: "1a2b3c4d", Vendor: "Auth0",
			Environment: "production", Issuer: "https://issuer.example.com/", Audience: []string{"orders"},
			Expires: &exp, Scopes: []string{"orders:read"}, Roles: []string{}, KeyID: "k1"},
		Exchanges: []Exchange{{Role: authdoctor.RoleAuthenticated, Method: "GET", URL: "https://api.example.com/v1/orders",
			Status: 200, ServerDate: base, Total: 12 * time.Millisecond, FirstByte: 10 * time.Millisecond}},
		ServerDate: base,
		Duration:   40 * time.Millisecond,
		Version:    "test",
		Report:     json.RawMessage(fmt.Sprintf(`{"schema":"authdoctor.check/v2","n":%d}`, i)),
	}
	if !accepted {
		r.Cause, r.Confidence, r.Summary = authdoctor.CauseTokenExpired, authdoctor.Likely, "The token has expired."
		r.Findings = []string{"token.exp-passed"}
		r.Exchanges[0].Status, r.Exchanges[0].Challenge = 401, `Bearer error="invalid_token"`
	}
	return r
}

// testStore is the conformance suite every Store passes. location returns
// a fresh, empty store's location for each subtest.
func testStore(t *testing.T, location func(t *testing.T) string) {
	ctx := context.Background()
	open := func(t *testing.T, loc string, o Options) Store {
		t.Helper()
		s, err := Open(ctx, loc, o)
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	record := func(t *testing.T, s Store, r Record) int64 {
		t.Helper()
		id, err := s.Record(ctx, r)
		if err != nil {
			t.Fatalf("record: %v", err)
		}
		return id
	}

	t.Run("RecordGet", func(t *testing.T) {
		s := open(t, location(t), Options{})
		want := sample(0, "orders.list", "production", false)
		id := record(t, s, want)
		got, err := s.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want.ID = id
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("Get (-want +got):\n%s", d)
		}
		if _, err := s.Get(ctx, id+100); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get of a missing run: %v, want ErrNotFound", err)
		}
	})

	t.Run("Outcomes", func(t *testing.T) {
		s := open(t, location(t), Options{})
		a := sample(0, "orders.list", "production", true)
		b := sample(1, "orders.list", "production", false)
		b.Kind, b.Requests = KindWatch, 7
		c := sample(2, "admin.delete", "production", false)
		c.Kind, c.ExpectDenied, c.Cause = KindValidate, true, authdoctor.CausePermissionDenied
		e := sample(4, "admin.delete", "production", false)
		e.ExpectDenied = true // refused, but for an expired token: proves nothing
		d := sample(3, "orders.list", "sandbox", true)
		d.Kind, d.ExpectDenied = KindCheck, true
		ids := []int64{record(t, s, a), record(t, s, b), record(t, s, c), record(t, s, d), record(t, s, e)}
		got, err := s.Outcomes(ctx, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		want := []Outcome{
			{ID: ids[0], Time: a.Time, Identity: a.Identity, Kind: KindCheck, Accepted: true, Healthy: true, Cause: a.Cause, Requests: 1},
			{ID: ids[1], Time: b.Time, Identity: b.Identity, Kind: KindWatch, Accepted: false, Healthy: false, Cause: b.Cause, Requests: 7},
			{ID: ids[2], Time: c.Time, Identity: c.Identity, Kind: KindValidate, Accepted: false, Healthy: true, Cause: c.Cause, Requests: 1},
			{ID: ids[3], Time: d.Time, Identity: d.Identity, Kind: KindCheck, Accepted: true, Healthy: false, Cause: d.Cause, Requests: 1},
			{ID: ids[4], Time: e.Time, Identity: e.Identity, Kind: KindCheck, Accepted: false, Healthy: false, Cause: e.Cause, Requests: 1},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Outcomes{} (-want +got):\n%s", diff)
		}
		for _, tc := range []struct {
			name string
			f    Filter
			want []int64
		}{
			{"request", Filter{Request: "orders.list"}, []int64{ids[0], ids[1], ids[3]}},
			{"request and env", Filter{Request: "orders.list", Env: "production"}, ids[:2]},
			{"since", Filter{Since: b.Time}, ids[1:]},
			{"kind", Filter{Kind: KindValidate}, ids[2:3]},
			{"limit ignored", Filter{Limit: 1}, ids},
		} {
			got, err := s.Outcomes(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var gotIDs []int64
			for _, o := range got {
				gotIDs = append(gotIDs, o.ID)
			}
			if diff := cmp.Diff(tc.want, gotIDs); diff != "" {
				t.Errorf("Outcomes %s (-want +got):\n%s", tc.name, diff)
			}
		}
		list, err := s.List(ctx, Filter{Kind: KindWatch})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].ID != ids[1] || list[0].Kind != KindWatch || list[0].Requests != 7 {
			t.Errorf("List{Kind: watch} = %+v, want run %d of kind watch with 7 requests", list, ids[1])
		}
	})

	t.Run("Notes", func(t *testing.T) {
		s := open(t, location(t), Options{})
		first := record(t, s, sample(0, "orders.list", "production", false))
		later := record(t, s, sample(50*24, "me", "", false))
		yes, no := true, false
		id := Identity{Request: "orders.list", Env: "production"}
		n1 := Note{Incident: first, Identity: id, Time: base.Add(time.Hour), Text: "rotated the key", RunbookEnough: &no}
		n2 := Note{Incident: later, Identity: Identity{Request: "me"}, Time: base.Add(50 * 24 * time.Hour), Text: "renewed"}
		n3 := Note{Incident: first, Identity: id, Time: base.Add(2 * time.Hour), Text: "second try", RunbookEnough: &yes}
		for _, n := range []*Note{&n1, &n2, &n3} {
			nid, err := s.AddNote(ctx, *n)
			if err != nil {
				t.Fatal(err)
			}
			n.ID = nid
		}
		if !(n1.ID < n2.ID && n2.ID < n3.ID) {
			t.Errorf("note ids do not grow: %d, %d, %d", n1.ID, n2.ID, n3.ID)
		}
		got, err := s.Notes(ctx, first)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]Note{n1, n3}, got); diff != "" {
			t.Errorf("Notes(%d) (-want +got):\n%s", first, diff)
		}
		all, err := s.Notes(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]Note{n1, n2, n3}, all); diff != "" {
			t.Errorf("Notes(0) (-want +got):\n%s", diff)
		}
		// Pruning the first incident's run takes its notes with it.
		if _, err := s.Prune(ctx, base.Add(24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		all, err = s.Notes(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]Note{n2}, all); diff != "" {
			t.Errorf("Notes(0) after prune (-want +got):\n%s", diff)
		}
	})

	t.Run("IdsGrow", func(t *testing.T) {
		s := open(t, location(t), Options{})
		var last int64
		for i := range 5 {
			id := record(t, s, sample(i, "a", "", true))
			if id <= last {
				t.Fatalf("run %d got id %d after %d", i, id, last)
			}
			last = id
		}
	})

	t.Run("List", func(t *testing.T) {
		s := open(t, location(t), Options{})
		ids := map[string][]int64{}
		for i := range 9 {
			req, env := []string{"orders.list", "me"}[i%2], []string{"sandbox", "production", "sandbox"}[i%3]
			ids[req+"/"+env] = append(ids[req+"/"+env], record(t, s, sample(i, req, env, i%4 == 0)))
		}
		all, err := s.List(ctx, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 9 {
			t.Fatalf("List{} returned %d runs, want 9", len(all))
		}
		for i := 1; i < len(all); i++ {
			if all[i-1].ID <= all[i].ID {
				t.Errorf("List is not newest first: %d before %d", all[i-1].ID, all[i].ID)
			}
		}
		for _, r := range all {
			if r.Report != nil {
				t.Errorf("List returned run %d with its report; only Get does", r.ID)
			}
		}
		for _, tc := range []struct {
			name string
			f    Filter
			want []int64
		}{
			{"request", Filter{Request: "me"}, reverse(append(append([]int64{}, ids["me/production"]...), ids["me/sandbox"]...))},
			{"request and env", Filter{Request: "orders.list", Env: "sandbox"}, reverse(ids["orders.list/sandbox"])},
			{"limit", Filter{Limit: 2}, []int64{all[0].ID, all[1].ID}},
			{"since", Filter{Since: base.Add(7 * time.Hour)}, []int64{all[0].ID, all[1].ID}},
			{"none", Filter{Request: "nothing"}, []int64{}},
		} {
			got, err := s.List(ctx, tc.f)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			gotIDs := []int64{}
			for _, r := range got {
				gotIDs = append(gotIDs, r.ID)
			}
			sortDesc(tc.want)
			if d := cmp.Diff(tc.want, gotIDs); d != "" {
				t.Errorf("%s (-want +got):\n%s", tc.name, d)
			}
		}
	})

	t.Run("LastAccepted", func(t *testing.T) {
		s := open(t, location(t), Options{})
		ok1 := record(t, s, sample(0, "orders.list", "production", true))
		record(t, s, sample(1, "orders.list", "sandbox", true))
		ok2 := record(t, s, sample(2, "orders.list", "production", true))
		fail := record(t, s, sample(3, "orders.list", "production", false))
		id := Identity{Request: "orders.list", Env: "production"}
		for _, tc := range []struct {
			before, want int64
		}{{0, ok2}, {fail, ok2}, {ok2, ok1}} {
			got, err := s.LastAccepted(ctx, id, tc.before)
			if err != nil {
				t.Fatalf("before %d: %v", tc.before, err)
			}
			if got.ID != tc.want || !got.Accepted {
				t.Errorf("LastAccepted before %d = run %d (accepted %v), want %d", tc.before, got.ID, got.Accepted, tc.want)
			}
			if got.Report == nil {
				t.Errorf("LastAccepted before %d: no report", tc.before)
			}
		}
		if _, err := s.LastAccepted(ctx, id, ok1); !errors.Is(err, ErrNotFound) {
			t.Errorf("before the first accepted run: %v, want ErrNotFound", err)
		}
		if _, err := s.LastAccepted(ctx, Identity{Request: "orders.list", Env: "staging"}, 0); !errors.Is(err, ErrNotFound) {
			t.Errorf("another environment: %v, want ErrNotFound", err)
		}
	})

	t.Run("Prune", func(t *testing.T) {
		s := open(t, location(t), Options{})
		for i := range 10 {
			record(t, s, sample(i, "a", "", true))
		}
		n, err := s.Prune(ctx, base.Add(4*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if n != 4 {
			t.Errorf("Prune removed %d runs, want 4", n)
		}
		left, _ := s.List(ctx, Filter{Limit: 100})
		if len(left) != 6 || !left[len(left)-1].Time.Equal(base.Add(4*time.Hour)) {
			t.Errorf("after Prune: %d runs, oldest %v", len(left), left[len(left)-1].Time)
		}
	})

	t.Run("Cap", func(t *testing.T) {
		s := open(t, location(t), Options{Cap: 3})
		var ids []int64
		for i := range 7 {
			ids = append(ids, record(t, s, sample(i, "a", "", true)))
		}
		left, _ := s.List(ctx, Filter{Limit: 100})
		var got []int64
		for _, r := range left {
			got = append(got, r.ID)
		}
		if d := cmp.Diff([]int64{ids[6], ids[5], ids[4]}, got); d != "" {
			t.Errorf("with a cap of 3 (-want +got):\n%s", d)
		}
	})

	t.Run("Reopen", func(t *testing.T) {
		loc := location(t)
		s := open(t, loc, Options{})
		id := record(t, s, sample(0, "a", "", true))
		s.Close()
		s2 := open(t, loc, Options{})
		if _, err := s2.Get(ctx, id); err != nil {
			t.Errorf("after reopening: %v", err)
		}
	})

	t.Run("ConcurrentOpenRecord", func(t *testing.T) {
		loc := location(t)
		const writers, each = 4, 25
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := Open(ctx, loc, Options{})
				if err != nil {
					errs <- err
					return
				}
				defer s.Close()
				for i := range each {
					if _, err := s.Record(ctx, sample(w*each+i, "a", "", true)); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		s := open(t, loc, Options{})
		all, _ := s.List(ctx, Filter{Limit: 1000})
		if len(all) != writers*each {
			t.Errorf("%d runs stored, want %d", len(all), writers*each)
		}
	})
}

func reverse(ids []int64) []int64 {
	out := make([]int64, 0, len(ids))
	for i := len(ids) - 1; i >= 0; i-- {
		out = append(out, ids[i])
	}
	return out
}

func sortDesc(ids []int64) {
	for i := 1; i < len(ids); i++ {
		for j := i; j > 0 && ids[j-1] < ids[j]; j-- {
			ids[j-1], ids[j] = ids[j], ids[j-1]
		}
	}
}
