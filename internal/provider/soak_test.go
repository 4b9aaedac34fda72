package provider

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// The soak's fault mix: the share of Graph requests that get each fault.
var soakFaults = []struct {
	share float64
	fault emulator.Fault
}{
	{0.20, emulator.Fault{Name: "429", Status: 429, RetryAfter: "0.5"}},
	{0.05, emulator.Fault{Name: "503", Status: 503}},
	{0.02, emulator.Fault{Name: "504-after-commit", Status: 504, AfterCommit: true}},
	{0.02, emulator.Fault{Name: "reset-after-commit", Reset: true, AfterCommit: true}},
}

// TestAccSoak applies, updates and destroys many requests at Terraform's
// default parallelism (10) while the emulator throttles, fails and resets
// connections, then compares Graph's objects with Terraform's state exactly:
// no duplicates, no orphans, no lost updates. INTUNE_SOAK sets the number of
// resources (30 by default; `make soak` runs 200).
func TestAccSoak(t *testing.T) {
	requireEmulator(t)
	n := 30
	if v := os.Getenv("INTUNE_SOAK"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			t.Fatalf("INTUNE_SOAK=%q: want a positive number of resources", v)
		}
	}
	s := newSoak(n)
	// Faults are tried in order and the first that fires wins, so each rate
	// is conditioned on the ones before it not firing.
	left := 1.0
	for _, f := range soakFaults {
		f.fault.Name = "soak-" + f.fault.Name
		f.fault.PathPrefix = "/beta/pfxRecryptionRequests"
		f.fault.Rate = f.share / left
		left -= f.share
		withFaults(t, f.fault)
	}
	s.begin(testEmulator)

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             s.checkDestroyed,
		Steps: []resource.TestStep{
			{Config: s.config(1), ConfigStateChecks: []statecheck.StateCheck{s.matches(1)}},
			{Config: s.config(2), ConfigStateChecks: []statecheck.StateCheck{s.matches(2)}},
		},
	})
	s.report(t)
}

// soak is one soak run: its resources share a fresh user and profile, so the
// emulator's objects of the run are told apart from other tests' objects.
type soak struct {
	n                 int
	user, profile     string
	devices           []string
	start             time.Time
	faultsBefore      map[string]int
	logBefore         int
	duplicates        int
	orphans, missing  int
	lostUpdates       int
	compared          int
	destroyedLeftOver int
}

func newSoak(n int) *soak {
	s := &soak{n: n, user: uuid.NewString(), profile: uuid.NewString()}
	for i := 0; i < n; i++ {
		s.devices = append(s.devices, uuid.NewString())
	}
	return s
}

func (s *soak) begin(e *emulator.Emulator) {
	s.start = time.Now()
	s.faultsBefore = e.FaultsInjected()
	s.logBefore = len(e.Log())
}

// config is the configuration of step (1: create, 2: update every resource).
func (s *soak) config(step int) string {
	return fmt.Sprintf(`
provider "intune" {}

locals {
  devices = ["%s"]
}

resource "intune_pfx_recryption_request" "soak" {
  count                 = %d
  user_id               = %q
  profile_id            = %q
  device_id             = local.devices[count.index]
  thumbprint            = format("50A4%%036d", count.index)
  device_key_thumbprint = format("DK%d%%036d", count.index)
  status                = %d
}
`, strings.Join(s.devices, `", "`), s.n, s.user, s.profile, step, step)
}

// objects returns the emulator's objects of this run, by id.
func (s *soak) objects(e *emulator.Emulator) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, o := range e.Objects() {
		if strings.EqualFold(fmt.Sprint(o["profileId"]), s.profile) {
			out[o["id"].(string)] = o
		}
	}
	return out
}

// matches compares state with the emulator after step: every resource in
// state has exactly one object with its values and eTag, and no object of
// the run is outside state.
func (s *soak) matches(step int) statecheck.StateCheck {
	return stateFunc(func(req statecheck.CheckStateRequest) error {
		if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
			return fmt.Errorf("after step %d: no state", step)
		}
		objs := s.objects(testEmulator)
		inState := map[string]bool{}
		var problems []string
		for _, r := range req.State.Values.RootModule.Resources {
			if r.Type != "intune_pfx_recryption_request" || r.Name != "soak" {
				continue
			}
			v := r.AttributeValues
			id, _ := v["id"].(string)
			inState[id] = true
			o, ok := objs[id]
			if !ok {
				s.missing++
				problems = append(problems, fmt.Sprintf("%s: in state, not in Graph", r.Address))
				continue
			}
			want := map[string]any{
				"userId": v["user_id"], "deviceId": v["device_id"], "profileId": v["profile_id"],
				"thumbprint": v["thumbprint"], "deviceKeyThumbprint": v["device_key_thumbprint"],
				"status": v["status"], "eTag": v["e_tag"], "isDeleted": v["is_deleted"],
			}
			for k, w := range want {
				if !strings.EqualFold(fmt.Sprint(o[k]), fmt.Sprint(w)) {
					s.lostUpdates++
					problems = append(problems, fmt.Sprintf("%s: %s is %v in Graph, %v in state", r.Address, k, o[k], w))
				}
			}
			if fmt.Sprint(o["status"]) != strconv.Itoa(step) {
				s.lostUpdates++
				problems = append(problems, fmt.Sprintf("%s: status %v, want %d", r.Address, o["status"], step))
			}
			s.compared++
		}
		keys := map[string]int{}
		for id, o := range objs {
			keys[fmt.Sprint(o["deviceId"], "|", o["thumbprint"])]++
			if !inState[id] {
				s.orphans++
				problems = append(problems, fmt.Sprintf("object %s (device %v) is in Graph, not in state", id, o["deviceId"]))
			}
		}
		for k, c := range keys {
			if c > 1 {
				s.duplicates += c - 1
				problems = append(problems, fmt.Sprintf("%d objects with the natural key %s", c, k))
			}
		}
		if len(inState) != s.n || len(objs) != s.n {
			problems = append(problems, fmt.Sprintf("%d resources in state, %d objects in Graph, want %d", len(inState), len(objs), s.n))
		}
		if len(problems) > 0 {
			sort.Strings(problems)
			return fmt.Errorf("after step %d, Graph and state differ:\n  %s", step, strings.Join(problems, "\n  "))
		}
		return nil
	})
}

func (s *soak) checkDestroyed(*terraform.State) error {
	if left := s.objects(testEmulator); len(left) > 0 {
		s.destroyedLeftOver = len(left)
		return fmt.Errorf("%d objects of the run are left after destroy", len(left))
	}
	return nil
}

// report prints the run's figures.
func (s *soak) report(t *testing.T) {
	wall := time.Since(s.start)
	log := testEmulator.Log()[s.logBefore:]
	byMethod := map[string]int{}
	retries, searches := 0, 0
	for _, le := range log {
		if le.Server != "graph" {
			continue
		}
		byMethod[le.Method]++
		if le.Header.Get("Retry-Attempt") != "" {
			retries++
		}
		if le.Method == "GET" && strings.Contains(le.RawQuery, "filter") {
			searches++
		}
	}
	requests := 0
	for _, c := range byMethod {
		requests += c
	}
	var faults []string
	total := 0
	after := testEmulator.FaultsInjected()
	for _, f := range soakFaults {
		name := "soak-" + f.fault.Name
		c := after[name] - s.faultsBefore[name]
		total += c
		faults = append(faults, fmt.Sprintf("%s %d", f.fault.Name, c))
	}
	t.Logf(`soak figures (%d resources, parallelism 10, apply + update + destroy):
  wall time        %s
  Graph requests   %d (GET %d, POST %d, PATCH %d, DELETE %d)
  faults injected  %d (%s)
  retries          %d (requests re-sent by the retry handler)
  adopt searches   %d (list requests by natural key, retries included, after a create's answer was lost)
  duplicates       %d
  orphans          %d (in Graph, not in state; %d left after destroy)
  missing          %d (in state, not in Graph)
  lost updates     %d (of %d resource comparisons)`,
		s.n, wall.Round(time.Second), requests, byMethod["GET"], byMethod["POST"], byMethod["PATCH"], byMethod["DELETE"],
		total, strings.Join(faults, ", "), retries, searches, s.duplicates, s.orphans, s.destroyedLeftOver, s.missing,
		s.lostUpdates, s.compared)
}

// stateFunc is a state check written as a function.
type stateFunc func(statecheck.CheckStateRequest) error

func (f stateFunc) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f(req)
}
