package provider

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// Acceptance tests for a Graph that behaves as its documentation allows but
// does not promise (ASSUMPTIONS.md): each turns one emulator switch on and
// runs the real CLI.

// TestAccPfxRecryptionRequest_thumbprintCase: Graph answers the thumbprint in
// upper case for a lower-case configuration. The apply succeeds, state keeps
// the configured form, and nothing shows as a change afterwards.
func TestAccPfxRecryptionRequest_thumbprintCase(t *testing.T) {
	withBehavior(t, emulator.Behavior{ThumbprintCase: "upper"})
	cfg := newPfxConfig()
	cfg.Thumbprint = strings.ToLower(cfg.Thumbprint)
	cfg.Extra = `  device_key_thumbprint = "abcdef0123"`
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg.hcl(),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(testResource, tfjsonpath.New("thumbprint"), knownvalue.StringExact(cfg.Thumbprint)),
				statecheck.ExpectKnownValue(testResource, tfjsonpath.New("device_key_thumbprint"), knownvalue.StringExact("abcdef0123")),
				emulatorCheck(func(e *emulator.Emulator) error {
					objs := objectsOf(e, cfg.UserID)
					if len(objs) != 1 || objs[0]["thumbprint"] != strings.ToUpper(cfg.Thumbprint) {
						return fmt.Errorf("the emulator holds %v; this test needs the thumbprint upper-cased", objs)
					}
					return nil
				}),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}

// TestAccPfxRecryptionRequest_serverAssignedStatus: Graph starts every request
// in its own status, whatever the create sent. The apply succeeds with a
// warning naming the attribute and both values, state keeps the applied
// value, the next plan shows the drift honestly, and applying it converges.
func TestAccPfxRecryptionRequest_serverAssignedStatus(t *testing.T) {
	five := 5
	withBehavior(t, emulator.Behavior{CreateStatus: &five})
	cfg := withExtra(newPfxConfig(), "  status = 1")
	d := newCLIDir(t)
	d.write(cfg.hcl())
	d.must("init", "-input=false")
	out := d.must("apply", "-auto-approve", "-input=false")
	warning := regexp.MustCompile(`(?s)Warning: Intune stored another value than planned.*status = 1, but Graph\s+answered 5`)
	if !warning.MatchString(out) {
		t.Errorf("the apply did not warn about the replaced status:\n%s", out)
	}
	if strings.Contains(out, "inconsistent result") {
		t.Fatalf("inconsistent result:\n%s", out)
	}
	// The refresh reads Intune's status: the plan shows it will set 1 again.
	plan, err := d.run(true, "plan", "-detailed-exitcode", "-input=false")
	if err == nil || !regexp.MustCompile(`status\s+= 5 -> 1`).MatchString(plan) {
		t.Errorf("the plan does not show the drift 5 -> 1 (%v):\n%s", err, plan)
	}
	d.must("apply", "-auto-approve", "-input=false")
	if plan, err := d.run(true, "plan", "-detailed-exitcode", "-input=false"); err != nil {
		t.Errorf("not converged after the second apply (%v):\n%s", err, plan)
	}
	objs := objectsOf(testEmulator, cfg.UserID)
	if len(objs) != 1 || objs[0]["status"] != 1 {
		t.Errorf("the emulator holds %v, want one object with status 1", objs)
	}
	d.must("destroy", "-auto-approve", "-input=false")
}

// TestAccPfxRecryptionRequest_createAnswered200: Graph answers the create with
// 200 OK and the entity instead of 201. It is a created object: one POST, one
// object, in state.
func TestAccPfxRecryptionRequest_createAnswered200(t *testing.T) {
	withBehavior(t, emulator.Behavior{CreateAnswerStatus: 200})
	cfg := newPfxConfig()
	state := captured{}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkPfxDestroyed(t),
		Steps: []resource.TestStep{{
			Config: cfg.hcl(),
			ConfigStateChecks: []statecheck.StateCheck{
				capture(state, "id"),
				expectOne(cfg, state),
				expectPosts(cfg, 1),
			},
		}},
	})
}

// TestAccPfxRecryptionRequest_docsExampleThumbprint: Microsoft's own example
// body uses "thumbprint": "Thumbprint value". Graph accepts any string, so the
// provider does too: such a request can be created, and one made by another
// tool can be imported and managed.
func TestAccPfxRecryptionRequest_docsExampleThumbprint(t *testing.T) {
	cfg := newPfxConfig()
	cfg.Thumbprint = "Thumbprint value"
	other := newPfxConfig()
	other.Thumbprint = "Thumbprint value"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg.hcl(),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(testResource, tfjsonpath.New("thumbprint"), knownvalue.StringExact("Thumbprint value")),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
	// Made by another tool, then imported and managed with no change.
	requireEmulator(t)
	o := testEmulator.Create(map[string]any{"userId": other.UserID, "deviceId": other.DeviceID,
		"profileId": other.ProfileID, "thumbprint": other.Thumbprint})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:             other.hcl(),
				ResourceName:       testResource,
				ImportState:        true,
				ImportStateId:      o["id"].(string),
				ImportStatePersist: true,
			},
			{
				Config: other.hcl(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// TestAccPfxRecryptionRequest_replacement: a changed key attribute replaces
// the request; the same GUID or thumbprint in another letter case does not,
// and sends nothing to Graph.
func TestAccPfxRecryptionRequest_replacement(t *testing.T) {
	cfg := newPfxConfig()
	first, after := captured{}, captured{}
	recased := cfg
	recased.UserID = strings.ToUpper(cfg.UserID)
	recased.Thumbprint = strings.ToLower(cfg.Thumbprint)
	moved := recased
	moved.DeviceID = testGUID("device_id")
	var writes int
	countWrites := func() {
		if testEmulator != nil {
			writes = len(graphRequests(testEmulator, "POST", "/beta/pfxRecryptionRequests")) +
				len(graphRequests(testEmulator, "PATCH", "/beta/pfxRecryptionRequests"))
		}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkPfxDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config:            cfg.hcl(),
				ConfigStateChecks: []statecheck.StateCheck{capture(first, "id")},
			},
			{
				PreConfig: countWrites,
				Config:    recased.hcl(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{notReplaced(testResource)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					capture(after, "id"),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("user_id"), knownvalue.StringExact(recased.UserID)),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("thumbprint"), knownvalue.StringExact(recased.Thumbprint)),
					checkFunc(func() error {
						if after["id"] != first["id"] {
							return fmt.Errorf("letter case replaced the request: %s -> %s", first["id"], after["id"])
						}
						return nil
					}),
					emulatorCheck(func(e *emulator.Emulator) error {
						n := len(graphRequests(e, "POST", "/beta/pfxRecryptionRequests")) + len(graphRequests(e, "PATCH", "/beta/pfxRecryptionRequests"))
						if n != writes {
							return fmt.Errorf("%d writes reached Graph for a change of letter case, want none", n-writes)
						}
						return nil
					}),
				},
			},
			{
				Config: moved.hcl(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					capture(after, "id"),
					checkFunc(func() error {
						if after["id"] == first["id"] {
							return fmt.Errorf("a new device_id kept the request %s", first["id"])
						}
						return nil
					}),
				},
			},
		},
	})
}

// notReplaced is a plan check that the resource is neither destroyed nor
// created: an update in place or no change.
func notReplaced(address string) plancheck.PlanCheck { return notReplacedCheck(address) }

type notReplacedCheck string

func (c notReplacedCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address == string(c) && (rc.Change.Actions.Create() || rc.Change.Actions.Delete() || rc.Change.Actions.Replace()) {
			resp.Error = fmt.Errorf("%s is planned for %v, want no replacement", c, rc.Change.Actions)
		}
	}
}

// TestAccPfxRecryptionRequest_timeoutsOnly: a change to the timeouts block
// alone is an update that sends nothing to Graph and keeps the request.
func TestAccPfxRecryptionRequest_timeoutsOnly(t *testing.T) {
	cfg := newPfxConfig()
	first, after := captured{}, captured{}
	writes := 0
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            cfg.hcl(),
				ConfigStateChecks: []statecheck.StateCheck{capture(first, "id", "e_tag")},
			},
			{
				PreConfig: func() {
					if testEmulator != nil {
						writes = len(graphRequests(testEmulator, "PATCH", "/beta/pfxRecryptionRequests"))
					}
				},
				Config: withExtra(cfg, "  timeouts {\n    create = \"3m\"\n    update = \"4m\"\n  }").hcl(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					capture(after, "id", "e_tag"),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("timeouts").AtMapKey("update"), knownvalue.StringExact("4m")),
					checkFunc(func() error {
						if after["id"] != first["id"] || after["e_tag"] != first["e_tag"] {
							return fmt.Errorf("the request changed: %v -> %v", first, after)
						}
						return nil
					}),
					emulatorCheck(func(e *emulator.Emulator) error {
						if n := len(graphRequests(e, "PATCH", "/beta/pfxRecryptionRequests")) - writes; n != 0 {
							return fmt.Errorf("%d PATCHes for a change of timeouts, want none", n)
						}
						return nil
					}),
				},
			},
		},
	})
}

// TestAccPfxRecryptionRequest_createTimeout: the service stores the request
// at once but answers long after the create timeout. The cancelled create is
// resolved before the provider returns: the request it made is found on a
// context the timeout does not reach and adopted, so state holds it and a
// second apply creates nothing.
func TestAccPfxRecryptionRequest_createTimeout(t *testing.T) {
	withBehavior(t, emulator.Behavior{CreateAnswerDelay: time.Hour})
	cfg := withExtra(newPfxConfig(), "  timeouts {\n    create = \"10s\"\n  }")
	state := captured{}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg.hcl(),
				ConfigStateChecks: []statecheck.StateCheck{
					capture(state, "id"),
					expectOne(cfg, state),
				},
			},
			{
				PreConfig: func() { testEmulator.SetBehavior(emulator.Behavior{}) },
				Config:    cfg.hcl(),
				ConfigStateChecks: []statecheck.StateCheck{
					expectOne(cfg, state),
					expectPosts(cfg, 1),
				},
			},
		},
	})
}

// TestAccPfxRecryptionRequest_interruptedApply sends a real SIGINT (Ctrl-C) to
// a terraform apply of several requests while every create is stored but
// unanswered. Terraform stops the provider, which resolves each create before
// returning; a second apply then creates nothing. The result: exactly one
// object per resource, all in state.
func TestAccPfxRecryptionRequest_interruptedApply(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Go cannot send SIGINT to a process on Windows")
	}
	requireEmulator(t)
	const n = 3
	stored := make(chan string, n)
	withBehavior(t, emulator.Behavior{CreateAnswerDelay: time.Hour, OnCreate: func(id string) { stored <- id }})
	d := newCLIDir(t)
	cfgs := make([]pfxConfig, n)
	var hcl strings.Builder
	hcl.WriteString("provider \"intune\" {}\n")
	for i := range cfgs {
		cfgs[i] = newPfxConfig()
		fmt.Fprintf(&hcl, `
resource "intune_pfx_recryption_request" "r%d" {
  user_id    = %q
  device_id  = %q
  profile_id = %q
  thumbprint = %q
}
`, i, cfgs[i].UserID, cfgs[i].DeviceID, cfgs[i].ProfileID, cfgs[i].Thumbprint)
	}
	d.write(hcl.String())
	d.must("init", "-input=false")

	var out bytes.Buffer
	apply := d.command(&out, "apply", "-auto-approve", "-input=false")
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- apply.Wait() }()
	// Every create has reached the service; none has been answered.
	waitFor(t, stored, n, exited)
	if err := apply.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := <-exited
	t.Logf("interrupted apply (%v):\n%s", err, out.String())
	if !strings.Contains(out.String(), "Adopted the PFX recryption request") {
		t.Errorf("the interrupted apply did not report the adoptions")
	}

	testEmulator.SetBehavior(emulator.Behavior{})
	second := d.must("apply", "-auto-approve", "-input=false")
	ids := d.stateIDs()
	for i, c := range cfgs {
		objs := objectsOf(testEmulator, c.UserID)
		addr := fmt.Sprintf("intune_pfx_recryption_request.r%d", i)
		if len(objs) != 1 {
			t.Errorf("%s: %d objects in the emulator, want 1: %v", addr, len(objs), objs)
			continue
		}
		if ids[addr] != objs[0]["id"] {
			t.Errorf("%s: state holds %q, the emulator %v", addr, ids[addr], objs[0]["id"])
		}
		if p := postsOf(testEmulator, c.Thumbprint); p != 1 {
			t.Errorf("%s: %d POSTs, want 1", addr, p)
		}
	}
	if !strings.Contains(second, "0 added") && !strings.Contains(second, "No changes") {
		t.Errorf("the second apply changed something:\n%s", second)
	}
	d.must("destroy", "-auto-approve", "-input=false")
}

// TestAccPfxRecryptionRequest_updateDeletedOutside: with -refresh=false, an
// update of a request deleted outside Terraform says exactly that.
func TestAccPfxRecryptionRequest_updateDeletedOutside(t *testing.T) {
	cfg := newPfxConfig()
	state := captured{}
	resource.Test(t, resource.TestCase{
		PreCheck: func() { testAccPreCheck(t) },
		// No lag here: a short window makes the 404 final at once.
		ProtoV6ProviderFactories: providerFactoriesWithWindow(time.Millisecond),
		AdditionalCLIOptions:     &resource.AdditionalCLIOptions{Plan: resource.PlanOptions{NoRefresh: true}},
		Steps: []resource.TestStep{
			{
				Config:            withExtra(cfg, "  status = 1").hcl(),
				ConfigStateChecks: []statecheck.StateCheck{capture(state, "id")},
			},
			{
				PreConfig: func() {
					if err := testClient(t).PfxRecryptionRequestSet().Delete(context.Background(), state["id"], ""); err != nil {
						t.Fatal(err)
					}
				},
				Config:      withExtra(cfg, "  status = 2").hcl(),
				ExpectError: regexp.MustCompile(`was\s+deleted\s+outside\s+Terraform:\s+Graph\s+answers\s+404\s+for\s+it`),
			},
		},
	})
}

// TestGraphErrorDetailFitsTheOperation: the advice after a 412 depends on the
// operation: an apply is told to refresh first (an apply with -refresh=false
// would only repeat the stale eTag), a destroy to run destroy again.
func TestGraphErrorDetailFitsTheOperation(t *testing.T) {
	err := &graph.Error{Operation: "update", StatusCode: 412, Code: "PreconditionFailed"}
	if d := graphErrorDetail(err, "PFX recryption request", "x", "update"); !strings.Contains(d, "not -refresh=false") || !strings.Contains(d, "nothing was overwritten") {
		t.Errorf("update: %s", d)
	}
	if d := graphErrorDetail(err, "PFX recryption request", "x", "delete"); !strings.Contains(d, "Run terraform destroy again") || strings.Contains(d, "apply") {
		t.Errorf("delete: %s", d)
	}
	gone := fmt.Errorf("%w: %w", graph.ErrDeletedOutside, &graph.Error{Operation: "update", StatusCode: 404})
	if d := graphErrorDetail(gone, "PFX recryption request", "x", "update"); !strings.Contains(d, "deleted outside Terraform") {
		t.Errorf("deleted: %s", d)
	}
}

// TestAccPfxRecryptionRequest_clockSkew: read-after-write lag is bounded on
// the local clock, never by comparing Graph's timestamps with ours. With
// Graph's clock ten minutes behind, a lagging read right after a create is
// still retried, so the live request stays in state; with Graph's clock ten
// minutes ahead, a request deleted outside Terraform leaves state within the
// window instead of holding the refresh until Graph's timestamp is reached.
func TestAccPfxRecryptionRequest_clockSkew(t *testing.T) {
	s := subtests{t: t}
	s.run("behind", func(t *testing.T) {
		withBehavior(t, emulator.Behavior{ClockSkew: -10 * time.Minute, ReadAfterWriteMisses: 2})
		cfg := newPfxConfig()
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { testAccPreCheck(t) },
			ProtoV6ProviderFactories: providerFactoriesWithWindow(time.Hour),
			Steps: []resource.TestStep{{
				Config: cfg.hcl(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			}},
		})
	})
	s.run("ahead", func(t *testing.T) {
		withBehavior(t, emulator.Behavior{ClockSkew: 10 * time.Minute})
		cfg := newPfxConfig()
		state := captured{}
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { testAccPreCheck(t) },
			ProtoV6ProviderFactories: providerFactoriesWithWindow(time.Second),
			Steps: []resource.TestStep{
				{
					Config:            cfg.hcl(),
					ConfigStateChecks: []statecheck.StateCheck{capture(state, "id")},
				},
				{
					PreConfig: func() {
						if !testEmulator.Remove(state["id"]) {
							t.Fatal("nothing to delete outside Terraform")
						}
					},
					Config: cfg.hcl(),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionCreate)},
					},
				},
			},
		})
	})
	s.done()
}

// TestAccPfxRecryptionRequest_thumbprintWhitespaceWarns: a thumbprint with
// spaces, as certificate viewers show it, is accepted (Graph accepts any
// string) with a warning that says Intune compares thumbprints exactly.
func TestAccPfxRecryptionRequest_thumbprintWhitespaceWarns(t *testing.T) {
	cfg := newPfxConfig()
	cfg.Thumbprint = "AB CD EF"
	d := newCLIDir(t)
	d.write(cfg.hcl())
	d.must("init", "-input=false")
	out := d.must("plan", "-input=false")
	if !regexp.MustCompile(`(?s)Warning: Thumbprint contains whitespace.*Intune\s+compares\s+thumbprints\s+exactly`).MatchString(out) ||
		!strings.Contains(out, "1 to add") {
		t.Errorf("want a plan to add the request, with a warning:\n%s", out)
	}
}
