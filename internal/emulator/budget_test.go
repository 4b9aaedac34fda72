package emulator

import (
	"net/url"
	"testing"
	"time"
)

// TestRequestBudget: with a budget of 5 requests and 2 writes per hour (so no
// request leaves the window during the test), the third write and the sixth
// request answer 429 with Graph's error body and a Retry-After of the hour;
// throttled requests are not counted against the budget; another app of the
// tenant has its own budget; setting the behaviour starts afresh.
func TestRequestBudget(t *testing.T) {
	v := newEnv(t, Config{})
	v.token = v.fetchToken()
	v.e.SetBehavior(Behavior{Budget: RequestBudget{Requests: 5, Writes: 2, Window: time.Hour}})
	post := func() (*answer, map[string]any) {
		return v.do(req{method: "POST", path: coll, body: map[string]any{"thumbprint": "budget"}})
	}
	for i := 0; i < 2; i++ {
		if a, m := post(); a.StatusCode != 201 {
			t.Fatalf("write %d: %d %v", i+1, a.StatusCode, m)
		}
	}
	a, m := post()
	if a.StatusCode != 429 || errCode(m) != "TooManyRequests" || a.Header.Get("Retry-After") != "3600" {
		t.Fatalf("third write: %d %q Retry-After %q, want 429 TooManyRequests after 3600 s",
			a.StatusCode, errCode(m), a.Header.Get("Retry-After"))
	}
	for i := 0; i < 3; i++ {
		if a, m := v.do(req{method: "GET", path: coll}); a.StatusCode != 200 {
			t.Fatalf("read %d: %d %v (a throttled write must not count)", i+1, a.StatusCode, m)
		}
	}
	if a, _ := v.do(req{method: "GET", path: coll}); a.StatusCode != 429 {
		t.Fatalf("sixth request: %d, want 429", a.StatusCode)
	}
	if got, want := v.e.BudgetCounts(), (BudgetCounts{Requests: 5, Writes: 2, Throttled: 2}); got != want {
		t.Fatalf("counts %+v, want %+v", got, want)
	}

	v.e.RegisterApp(App{ClientID: "11111111-2222-3333-4444-555555555555", Secret: "other-secret"})
	other := *v
	_, tok := v.tokenRequest(url.Values{"grant_type": {"client_credentials"},
		"client_id": {"11111111-2222-3333-4444-555555555555"}, "client_secret": {"other-secret"},
		"scope": {v.e.GraphURL() + "/.default"}})
	other.token, _ = tok["access_token"].(string)
	if a, m := other.do(req{method: "GET", path: coll}); a.StatusCode != 200 {
		t.Fatalf("another app of the tenant: %d %v, want its own budget", a.StatusCode, m)
	}

	v.e.SetBehavior(Behavior{Budget: RequestBudget{Requests: 5, Writes: 2, Window: time.Hour}})
	if a, _ := v.do(req{method: "GET", path: coll}); a.StatusCode != 200 || v.e.BudgetCounts() != (BudgetCounts{Requests: 1}) {
		t.Fatalf("after SetBehavior: %d, counts %+v; want a fresh budget", a.StatusCode, v.e.BudgetCounts())
	}
}

// TestRequestBudgetRetryAfter: the 429 carries the configured Retry-After,
// or none.
func TestRequestBudgetRetryAfter(t *testing.T) {
	v := newEnv(t, Config{})
	v.token = v.fetchToken()
	for _, tc := range []struct{ set, want string }{{"none", ""}, {"0", "0"}, {"315", "315"}} {
		v.e.SetBehavior(Behavior{Budget: RequestBudget{Requests: 1, Window: time.Hour, RetryAfter: tc.set}})
		v.do(req{method: "GET", path: coll})
		a, m := v.do(req{method: "GET", path: coll})
		if a.StatusCode != 429 || errCode(m) != "TooManyRequests" {
			t.Fatalf("RetryAfter %q: %d %v, want 429", tc.set, a.StatusCode, m)
		}
		if _, has := a.Header["Retry-After"]; a.Header.Get("Retry-After") != tc.want || has != (tc.want != "") {
			t.Errorf("RetryAfter %q: header %q, want %q", tc.set, a.Header.Get("Retry-After"), tc.want)
		}
	}
}
