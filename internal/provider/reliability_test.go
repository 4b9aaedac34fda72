package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// withFaults arms faults on the shared emulator for the rest of the test.
// Tests that use it must not run in parallel with others.
func withFaults(t *testing.T, faults ...emulator.Fault) {
	t.Helper()
	requireEmulator(t)
	for _, f := range faults {
		testEmulator.AddFault(f)
	}
	t.Cleanup(testEmulator.ClearFaults)
}

// objectsOf returns the emulator's objects for one user (tests use a fresh
// user id each, so this scopes them to the test).
func objectsOf(e *emulator.Emulator, userID string) []map[string]any {
	var out []map[string]any
	for _, o := range e.Objects() {
		if strings.EqualFold(fmt.Sprint(o["userId"]), userID) {
			out = append(out, o)
		}
	}
	return out
}

// postsOf counts the creates sent for one thumbprint.
func postsOf(e *emulator.Emulator, thumbprint string) int {
	n := 0
	for _, le := range graphRequests(e, "POST", "/beta/pfxRecryptionRequests") {
		if strings.Contains(string(le.Body), thumbprint) {
			n++
		}
	}
	return n
}

// expectPosts asserts that the creates for the configuration sent n POSTs.
func expectPosts(cfg pfxConfig, n int) statecheck.StateCheck {
	return emulatorCheck(func(e *emulator.Emulator) error {
		if got := postsOf(e, cfg.Thumbprint); got != n {
			return fmt.Errorf("%d POSTs, want %d", got, n)
		}
		return nil
	})
}

// expectOne asserts that exactly one object exists for the configuration and
// that state holds its id.
func expectOne(cfg pfxConfig, state captured) statecheck.StateCheck {
	return emulatorCheck(func(e *emulator.Emulator) error {
		objs := objectsOf(e, cfg.UserID)
		if len(objs) != 1 {
			return fmt.Errorf("%d objects with the natural key, want exactly 1: %v", len(objs), objs)
		}
		if objs[0]["id"] != state["id"] {
			return fmt.Errorf("state holds %s, the emulator has %v", state["id"], objs[0]["id"])
		}
		return nil
	})
}

// TestAccPfxRecryptionRequest_unknownCreate: when a create's answer is lost
// (a gateway timeout or a reset connection, after or before the service
// stored the object), the provider ends with exactly one object and holds its
// id: it adopts what the lost create made, and posts again only when nothing
// was made.
func TestAccPfxRecryptionRequest_unknownCreate(t *testing.T) {
	cases := []struct {
		name  string
		fault emulator.Fault
		posts int
	}{
		{"504 after commit", emulator.Fault{Method: "POST", Status: 504, AfterCommit: true, Count: 1}, 1},
		{"reset after commit", emulator.Fault{Method: "POST", Reset: true, AfterCommit: true, Count: 1}, 1},
		{"reset before commit", emulator.Fault{Method: "POST", Reset: true, Count: 1}, 2},
	}
	s := subtests{t: t}
	for _, tc := range cases {
		s.run(tc.name, func(t *testing.T) {
			cfg := newPfxConfig()
			state := captured{}
			tc.fault.PathPrefix = "/beta/pfxRecryptionRequests"
			withFaults(t, tc.fault)
			before := testEmulator.FaultsInjected()[faultName(tc.fault)]

			resource.Test(t, resource.TestCase{
				PreCheck: func() { testAccPreCheck(t) },
				// Nothing lags here: a short lag lets "nothing made" show at once.
				ProtoV6ProviderFactories: providerFactoriesWithLag(time.Millisecond, time.Millisecond),
				Steps: []resource.TestStep{{
					Config: cfg.hcl(),
					ConfigStateChecks: []statecheck.StateCheck{
						capture(state, "id"),
						expectOne(cfg, state),
						emulatorCheck(func(e *emulator.Emulator) error {
							if n := e.FaultsInjected()[faultName(tc.fault)] - before; n != 1 {
								return fmt.Errorf("the fault fired %d times, want 1", n)
							}
							if n := postsOf(e, cfg.Thumbprint); n != tc.posts {
								return fmt.Errorf("%d POSTs, want %d", n, tc.posts)
							}
							return nil
						}),
					},
				}},
			})
		})
	}
	s.done()
}

// faultName is the name the emulator counts a fault under.
func faultName(f emulator.Fault) string {
	if f.Name != "" {
		return f.Name
	}
	n := fmt.Sprintf("status-%d", f.Status)
	if f.Reset {
		n = "reset"
	}
	if f.AfterCommit {
		n += "-after-commit"
	}
	return n
}

// TestAccPfxRecryptionRequest_unknownUpdate: when an update's answer is lost,
// the provider reads the object back. If the update went through it is
// accepted as is (one PATCH); if not, the PATCH goes again.
func TestAccPfxRecryptionRequest_unknownUpdate(t *testing.T) {
	cases := []struct {
		name    string
		fault   emulator.Fault
		patches int
	}{
		{"504 after commit", emulator.Fault{Method: "PATCH", Status: 504, AfterCommit: true, Count: 1}, 1},
		{"reset after commit", emulator.Fault{Method: "PATCH", Reset: true, AfterCommit: true, Count: 1}, 1},
		{"504 before commit", emulator.Fault{Method: "PATCH", Status: 504, Count: 1}, 2},
	}
	s := subtests{t: t}
	for _, tc := range cases {
		s.run(tc.name, func(t *testing.T) {
			requireEmulator(t)
			cfg := newPfxConfig()
			state := captured{}
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { testAccPreCheck(t) },
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config:            withExtra(cfg, "  status = 1").hcl(),
						ConfigStateChecks: []statecheck.StateCheck{capture(state, "id")},
					},
					{
						PreConfig: func() {
							tc.fault.PathPrefix = "/beta/pfxRecryptionRequests/" + state["id"]
							withFaults(t, tc.fault)
						},
						Config: withExtra(cfg, "  status = 2").hcl(),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(testResource, tfjsonpath.New("status"), knownvalue.Int64Exact(2)),
							capture(state, "e_tag"),
							emulatorCheck(func(e *emulator.Emulator) error {
								o, ok := e.Object(state["id"])
								if !ok || o["status"] != 2 || o["eTag"] != state["e_tag"] {
									return fmt.Errorf("emulator has %v, state has e_tag %s and status 2", o, state["e_tag"])
								}
								if n := len(graphRequests(e, "PATCH", "/beta/pfxRecryptionRequests/"+state["id"])); n != tc.patches {
									return fmt.Errorf("%d PATCHes, want %d", n, tc.patches)
								}
								return nil
							}),
						},
					},
				},
			})
		})
	}
	s.done()
}

// TestAccUpdateOrVerify_changedMeanwhile: an update whose answer is lost and
// whose object then shows another eTag and other values was overtaken by
// someone else's change; it is reported as such and nothing is re-sent.
func TestAccUpdateAndVerify_changedMeanwhile(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip(skipNoTFAcc)
	}
	testAccPreCheck(t)
	requireEmulator(t)
	cfg := newPfxConfig()
	o := testEmulator.Create(map[string]any{"userId": cfg.UserID, "thumbprint": cfg.Thumbprint, "status": 1})
	id, staleETag := o["id"].(string), o["eTag"].(string)
	testEmulator.Update(id, map[string]any{"status": 3}) // the other admin
	withFaults(t, emulator.Fault{Method: "PATCH", PathPrefix: "/beta/pfxRecryptionRequests/" + id, Status: 504, Count: 1})

	patch := graph.NewPfxRecryptionRequest()
	status := int32(2)
	patch.SetStatus(&status)
	r := &pfxRecryptionRequestResource{client: testClient(t)}
	_, err := graph.UpdateAndVerify(context.Background(), r.updateSpec(id, staleETag, patch, time.Time{}))
	if !errors.Is(err, graph.ErrChangedOutside) {
		t.Fatalf("error %v, want the change outside Terraform", err)
	}
	if d := graphErrorDetail(err, "PFX recryption request", id, "update"); !strings.Contains(d, "changed outside Terraform since the last refresh") {
		t.Errorf("detail %q", d)
	}
	if now, _ := testEmulator.Object(id); now["status"] != 3 {
		t.Errorf("the other admin's status was overwritten: %v", now)
	}
	if n := len(graphRequests(testEmulator, "PATCH", "/beta/pfxRecryptionRequests/"+id)); n != 1 {
		t.Errorf("%d PATCHes, want 1", n)
	}
}

// TestAccPfxRecryptionRequest_readAfterWriteLag: Graph answers 404 for a while
// after a create or an update; the refresh that follows retries instead of
// dropping the object from state. The emulator hides the first reads after
// each write (a count, not a time) and the provider's window is long, so the
// outcome does not depend on how fast the CLI gets to its refresh.
func TestAccPfxRecryptionRequest_readAfterWriteLag(t *testing.T) {
	withBehavior(t, emulator.Behavior{ReadAfterWriteMisses: 2})
	cfg := newPfxConfig()
	state := captured{}
	var since time.Time
	// lagged asserts that the refresh after the last write met a 404 for the
	// object and then found it.
	lagged := func() {
		var statuses []int
		for _, le := range graphRequests(testEmulator, "GET", "/beta/pfxRecryptionRequests/"+state["id"]) {
			if le.Time.After(since) {
				statuses = append(statuses, le.Status)
			}
		}
		if !slices.Contains(statuses, 404) || statuses[len(statuses)-1] != 200 {
			t.Fatalf("reads of the object answered %v, want 404s, then 200", statuses)
		}
		since = time.Now()
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: providerFactoriesWithWindow(time.Hour),
		Steps: []resource.TestStep{
			{
				PreConfig:         func() { since = time.Now() },
				Config:            withExtra(cfg, "  status = 1").hcl(),
				ConfigStateChecks: []statecheck.StateCheck{capture(state, "id")},
			},
			{
				// The step before ended with a refresh and an empty plan.
				PreConfig: lagged,
				Config:    withExtra(cfg, "  status = 2").hcl(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("id"), knownvalue.StringFunc(func(v string) error {
						if v != state["id"] {
							return fmt.Errorf("id %s, want %s kept", v, state["id"])
						}
						return nil
					})),
				},
			},
			{
				PreConfig: lagged,
				Config:    withExtra(cfg, "  status = 2").hcl(),
				PlanOnly:  true,
			},
		},
	})
}

// changedOutside matches the diagnostic of a 412 on an apply, however
// Terraform wraps it: it must tell an apply with -refresh=false to refresh.
var changedOutside = regexp.MustCompile(`changed\s+outside\s+Terraform\s+since\s+the\s+last\s+refresh;\s+nothing\s+was\s+overwritten\.\s+Run\s+terraform\s+apply\s+again\s+with\s+refresh\s+on\s+\(not\s+-refresh=false`)

// TestAccPfxRecryptionRequest_concurrentEdit: another admin (or Intune itself)
// changes the object. An apply with -refresh=false then sends the stale eTag,
// gets 412, is told to refresh, and overwrites nothing. A destroy with the
// same stale state is not blocked: DELETE sends no If-Match.
func TestAccPfxRecryptionRequest_concurrentEdit(t *testing.T) {
	cfg := newPfxConfig()
	state := captured{}
	otherAdmin := func(status int32) func() {
		return func() {
			patch := graph.NewPfxRecryptionRequest()
			patch.SetStatus(&status)
			if _, err := testClient(t).PfxRecryptionRequestSet().Update(context.Background(), state["id"], "", patch); err != nil {
				t.Fatalf("the other admin's change: %v", err)
			}
		}
	}
	remoteStatus := func(want int32) error {
		o, err := testClient(t).PfxRecryptionRequestSet().Get(context.Background(), state["id"])
		if err != nil {
			return err
		}
		if o.GetStatus() == nil || *o.GetStatus() != want {
			return fmt.Errorf("Graph has status %v, want the other admin's %d", o.GetStatus(), want)
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		AdditionalCLIOptions:     &resource.AdditionalCLIOptions{Plan: resource.PlanOptions{NoRefresh: true}},
		CheckDestroy:             checkPfxDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config:            withExtra(cfg, "  status = 1").hcl(),
				ConfigStateChecks: []statecheck.StateCheck{capture(state, "id", "e_tag")},
			},
			{
				PreConfig:   otherAdmin(3),
				Config:      withExtra(cfg, "  status = 2").hcl(),
				ExpectError: changedOutside,
			},
			{
				// Nothing was overwritten; the destroy, with the stale eTag
				// in state, still removes the request.
				PreConfig: func() {
					if err := remoteStatus(3); err != nil {
						t.Fatal(err)
					}
					if testEmulator != nil {
						testEmulator.ResetLog()
					}
				},
				Config:  withExtra(cfg, "  status = 2").hcl(),
				Destroy: true,
				Check: func(*terraform.State) error {
					if testEmulator == nil {
						return nil
					}
					for _, le := range graphRequests(testEmulator, "DELETE", "/beta/pfxRecryptionRequests/"+state["id"]) {
						if v := le.Header.Get("If-Match"); v != "" {
							return fmt.Errorf("DELETE sent If-Match %q", v)
						}
					}
					return nil
				},
			},
		},
	})
}

// TestAccPfxRecryptionRequest_oddAnswers: an answer the provider cannot use
// never changes state wrongly. A create answered 201 without an id may have
// made an object, so it is resolved like a lost answer: here it made none, so
// the create goes again and exactly one object ends in state. A refresh
// answered 400 or with a gateway's HTML page gives a diagnostic with the
// status, Graph's code and the request-id, and keeps the resource.
func TestAccPfxRecryptionRequest_oddAnswers(t *testing.T) {
	requireEmulator(t)
	cfg := newPfxConfig()
	state := captured{}
	requestID := regexp.MustCompile(`request-id\s+[0-9a-f-]{36}`)
	resource.Test(t, resource.TestCase{
		PreCheck: func() { testAccPreCheck(t) },
		// Nothing lags here: a short lag lets "nothing made" show at once.
		ProtoV6ProviderFactories: providerFactoriesWithLag(time.Millisecond, time.Millisecond),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					withFaults(t, emulator.Fault{Method: "POST", PathPrefix: "/beta/pfxRecryptionRequests", Status: 201, Count: 1,
						Body: `{"thumbprint":"` + cfg.Thumbprint + `"}`, ContentType: "application/json"})
				},
				Config: cfg.hcl(),
				ConfigStateChecks: []statecheck.StateCheck{
					capture(state, "id"),
					expectOne(cfg, state),
					expectPosts(cfg, 2), // the answer without an id, then the create
				},
			},
			{
				PreConfig: func() {
					withFaults(t, emulator.Fault{Method: "GET", PathPrefix: "/beta/pfxRecryptionRequests/" + state["id"], Status: 400, Count: 1})
				},
				Config:      cfg.hcl(),
				ExpectError: regexp.MustCompile(`(?s)HTTP 400 Bad Request, code BadRequest.*` + requestID.String()),
			},
			{
				PreConfig: func() {
					withFaults(t, emulator.Fault{Method: "GET", PathPrefix: "/beta/pfxRecryptionRequests/" + state["id"], Status: 502, Count: 1,
						Body: "<html><body><h1>502 Bad Gateway</h1></body></html>"})
				},
				Config:      cfg.hcl(),
				ExpectError: regexp.MustCompile(`(?s)HTTP 502 Bad Gateway \(body: <html><body><h1>502 Bad\s+Gateway</h1></body></html>\).*` + requestID.String()),
			},
			{
				// Neither error dropped the resource: the plan is empty.
				PreConfig: testEmulator.ClearFaults,
				Config:    cfg.hcl(),
				PlanOnly:  true,
			},
		},
	})
}
