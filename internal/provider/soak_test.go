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
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"software.sslmate.com/src/go-pkcs12"

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

// soakEntitySets are the collections the soak's faults hit: every entity set
// the provider writes.
var soakEntitySets = []string{"/beta/pfxRecryptionRequests", "/beta/deviceManagement/userPfxCertificates", configurationsPath}

// TestAccSoak applies, updates and destroys many resources of all three
// kinds (recryption requests, user certificates, imported-PFX profiles) in
// one configuration at Terraform's default parallelism (10) while the
// emulator throttles, fails and resets connections, then compares Graph's
// objects with Terraform's state exactly: no duplicates, no orphans, no lost
// updates. INTUNE_SOAK sets the number of resources of each kind; without it
// the soak skips, since even a few of each take longer than make test can
// spare (lost creates are looked up for seconds); `make soak` runs 200 of
// each. The per-entity fault tests (workflow_faults_test.go,
// reliability_test.go) run in make test.
func TestAccSoak(t *testing.T) {
	requireEmulator(t)
	v := os.Getenv("INTUNE_SOAK")
	if v == "" {
		t.Skip("soak: set INTUNE_SOAK to the number of resources of each kind (make soak runs 200)")
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("INTUNE_SOAK=%q: want a positive number of resources", v)
	}
	s := newSoak(t, n)
	// Faults are tried in order and the first that fires wins, so each rate
	// is conditioned on the ones before it (for the same entity set) not
	// firing; a request matches the faults of one entity set only.
	for _, set := range soakEntitySets {
		left := 1.0
		for _, f := range soakFaults {
			f.fault.Name = "soak-" + f.fault.Name
			f.fault.PathPrefix = set
			f.fault.Rate = f.share / left
			left -= f.share
			withFaults(t, f.fault)
		}
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
	run               string // in the UPNs and display names of the run
	pfx, password     string // one certificate serves every user
	key               string // the HCL expression of the connector key
	kinds             []soakKind
	start             time.Time
	faultsBefore      map[string]int
	logBefore         int
	duplicates        int
	orphans, missing  int
	lostUpdates       int
	compared          int
	destroyedLeftOver int
}

func newSoak(t *testing.T, n int) *soak {
	dir, keys, nb, na := upfxFixture(t)
	s := &soak{n: n, user: uuid.NewString(), profile: uuid.NewString(), run: uuid.NewString()[:8],
		pfx: writeTestPfx(t, dir, "soak", pkcs12.Modern, "soak-pw", nb, na).path, password: writeTempFile(t, "pw", "soak-pw"),
		key: keys["spki"]}
	for i := 0; i < n; i++ {
		s.devices = append(s.devices, uuid.NewString())
	}
	s.kinds = []soakKind{
		{
			typ:     "intune_pfx_recryption_request",
			objects: s.recryptionRequests,
			state: map[string]string{"userId": "user_id", "deviceId": "device_id", "profileId": "profile_id",
				"thumbprint": "thumbprint", "deviceKeyThumbprint": "device_key_thumbprint", "status": "status",
				"eTag": "e_tag", "isDeleted": "is_deleted"},
			configured: func(step int) map[string]any { return map[string]any{"status": step} },
			key:        func(o map[string]any) string { return fmt.Sprint(o["deviceId"], "|", o["thumbprint"]) },
		},
		{
			typ:     "intune_user_pfx_certificate",
			objects: s.userCertificates,
			state: map[string]string{"userPrincipalName": "user_principal_name", "thumbprint": "thumbprint",
				"intendedPurpose": "intended_purpose", "paddingScheme": "padding_scheme"},
			configured: func(step int) map[string]any {
				return map[string]any{"intendedPurpose": soakPurpose[step], "paddingScheme": soakPadding[step]}
			},
			key: func(o map[string]any) string { return fmt.Sprint(o["userPrincipalName"]) },
		},
		{
			typ:     "intune_imported_pfx_certificate_profile",
			objects: s.profiles,
			state:   map[string]string{"displayName": "display_name", "description": "description", "intendedPurpose": "intended_purpose"},
			configured: func(step int) map[string]any {
				return map[string]any{"description": fmt.Sprintf("soak step %d", step), "intendedPurpose": "smimeSigning"}
			},
			key: func(o map[string]any) string { return fmt.Sprint(o["displayName"]) },
		},
	}
	return s
}

// soakKind is one resource type of the soak: its objects of the run in the
// emulator, by id; the emulator field each state attribute must equal; the
// values step configures; and the natural key that must be unique.
type soakKind struct {
	typ        string
	objects    func(e *emulator.Emulator) map[string]map[string]any
	state      map[string]string
	configured func(step int) map[string]any
	key        func(o map[string]any) string
}

// The user certificates' purpose and padding by step: the update re-encrypts
// the password.
var (
	soakPurpose = map[int]string{1: "unassigned", 2: "smimeSigning"}
	soakPadding = map[int]string{1: "oaepSha512", 2: "oaepSha256"}
)

func (s *soak) begin(e *emulator.Emulator) {
	s.start = time.Now()
	s.faultsBefore = e.FaultsInjected()
	s.logBefore = len(e.Log())
}

// config is the configuration of step (1: create, 2: update every resource).
func (s *soak) config(step int) string {
	return s.recryptionConfig(step) + fmt.Sprintf(`
resource "intune_user_pfx_certificate" "soak" {
  count                 = %[1]d
  user_principal_name   = format("soak-%[2]s-%%d@contoso.example", count.index)
  pfx_wo                = filebase64(%[3]q)
  pfx_password_wo       = file(%[4]q)
  encryption_public_key = %[5]s
  provider_name         = "Microsoft Software Key Storage Provider"
  key_name              = "PFXEncryptionKey"
  intended_purpose      = %[6]q
  padding_scheme        = %[7]q
}

resource "intune_imported_pfx_certificate_profile" "soak" {
  count            = %[1]d
  platform         = "ios"
  display_name     = format("soak %[2]s %%d", count.index)
  description      = "soak step %[8]d"
  intended_purpose = "smimeSigning"
}
`, s.n, s.run, s.pfx, s.password, s.key, soakPurpose[step], soakPadding[step], step)
}

// recryptionConfig is the provider block and the recryption requests.
func (s *soak) recryptionConfig(step int) string {
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

// recryptionRequests returns the emulator's requests of this run, by id.
func (s *soak) recryptionRequests(e *emulator.Emulator) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, o := range e.Objects() {
		if strings.EqualFold(fmt.Sprint(o["profileId"]), s.profile) {
			out[o["id"].(string)] = o
		}
	}
	return out
}

// userCertificates returns the emulator's user certificates of this run, by id.
func (s *soak) userCertificates(e *emulator.Emulator) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, id := range e.UserPfxCertificateIDs() {
		if o, ok := e.UserPfxCertificate(id); ok && strings.HasPrefix(fmt.Sprint(o["userPrincipalName"]), "soak-"+s.run+"-") {
			out[id] = o
		}
	}
	return out
}

// profiles returns the emulator's profiles of this run, by id.
func (s *soak) profiles(e *emulator.Emulator) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, id := range e.DeviceConfigurationIDs() {
		if o, ok := e.DeviceConfiguration(id); ok && strings.HasPrefix(fmt.Sprint(o["displayName"]), "soak "+s.run+" ") {
			out[id] = o
		}
	}
	return out
}

// imported checks that the connector's last import for upn used the padding
// configured at step and opened the PFX with the password: the update of
// the encrypted password was applied, not just the fields Graph shows.
func imported(e *emulator.Emulator, upn string, step int) error {
	imps := importsFor(e, upn)
	if len(imps) == 0 {
		return fmt.Errorf("the connector saw nothing for %s", upn)
	}
	last := imps[len(imps)-1]
	if last.PaddingScheme != soakPadding[step] || !last.PasswordDecrypted || !last.PfxOpened || last.Error != "" {
		return fmt.Errorf("the connector's last import for %s: %+v, want %s, decrypted and opened", upn, last, soakPadding[step])
	}
	return nil
}

// matches compares state with the emulator after step, for each kind: every
// resource in state has exactly one object with its values (and the values
// step configures), and no object of the run is outside state.
func (s *soak) matches(step int) statecheck.StateCheck {
	return stateFunc(func(req statecheck.CheckStateRequest) error {
		if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
			return fmt.Errorf("after step %d: no state", step)
		}
		var problems []string
		for _, k := range s.kinds {
			problems = append(problems, s.compare(k, step, req.State.Values.RootModule.Resources)...)
		}
		if len(problems) > 0 {
			sort.Strings(problems)
			return fmt.Errorf("after step %d, Graph and state differ:\n  %s", step, strings.Join(problems, "\n  "))
		}
		return nil
	})
}

// compare is matches for one kind.
func (s *soak) compare(k soakKind, step int, resources []*tfjson.StateResource) []string {
	objs := k.objects(testEmulator)
	inState := map[string]bool{}
	var problems []string
	for _, r := range resources {
		if r.Type != k.typ || r.Name != "soak" {
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
		for field, attr := range k.state {
			if !strings.EqualFold(fmt.Sprint(o[field]), fmt.Sprint(v[attr])) {
				s.lostUpdates++
				problems = append(problems, fmt.Sprintf("%s: %s is %v in Graph, %v in state", r.Address, field, o[field], v[attr]))
			}
		}
		for field, want := range k.configured(step) {
			if fmt.Sprint(o[field]) != fmt.Sprint(want) {
				s.lostUpdates++
				problems = append(problems, fmt.Sprintf("%s: %s is %v, want %v", r.Address, field, o[field], want))
			}
		}
		if k.typ == "intune_user_pfx_certificate" {
			if err := imported(testEmulator, fmt.Sprint(o["userPrincipalName"]), step); err != nil {
				s.lostUpdates++
				problems = append(problems, fmt.Sprintf("%s: %v", r.Address, err))
			}
		}
		s.compared++
	}
	keys := map[string]int{}
	for id, o := range objs {
		keys[k.key(o)]++
		if !inState[id] {
			s.orphans++
			problems = append(problems, fmt.Sprintf("%s %s (%s) is in Graph, not in state", k.typ, id, k.key(o)))
		}
	}
	for key, c := range keys {
		if c > 1 {
			s.duplicates += c - 1
			problems = append(problems, fmt.Sprintf("%d %s objects with the natural key %s", c, k.typ, key))
		}
	}
	if len(inState) != s.n || len(objs) != s.n {
		problems = append(problems, fmt.Sprintf("%s: %d resources in state, %d objects in Graph, want %d", k.typ, len(inState), len(objs), s.n))
	}
	return problems
}

func (s *soak) checkDestroyed(*terraform.State) error {
	for _, k := range s.kinds {
		s.destroyedLeftOver += len(k.objects(testEmulator))
	}
	if s.destroyedLeftOver > 0 {
		return fmt.Errorf("%d objects of the run are left after destroy", s.destroyedLeftOver)
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
	t.Logf(`soak figures (%d resources of each of the 3 kinds, parallelism 10, apply + update + destroy):
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
