package provider

import (
	"bytes"
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
	"software.sslmate.com/src/go-pkcs12"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// Fault tests for the two workflow resources, as reliability_test.go and
// behaviour_test.go have them for the recryption request: an update whose
// answer is lost before or after Graph carried it out, and an apply
// interrupted with a real SIGINT while every create is stored but unanswered.
// They assert what the user sees, not how the provider gets there: after the
// apply exactly one object, with the configured values, in state, an empty
// plan and no error.

// updateFaults are the ways an update's answer is lost: after Graph carried
// the PATCH out, or before (nothing applied).
var updateFaults = []struct {
	name  string
	fault emulator.Fault
}{
	{"504 after commit", emulator.Fault{Method: "PATCH", Status: 504, AfterCommit: true, Count: 1}},
	{"reset after commit", emulator.Fault{Method: "PATCH", Reset: true, AfterCommit: true, Count: 1}},
	{"504 before commit", emulator.Fault{Method: "PATCH", Status: 504, Count: 1}},
	{"reset before commit", emulator.Fault{Method: "PATCH", Reset: true, Count: 1}},
}

// userCertificatesOf returns the emulator's certificates of upn.
func userCertificatesOf(e *emulator.Emulator, upn string) []map[string]any {
	var out []map[string]any
	for _, id := range e.UserPfxCertificateIDs() {
		if o, ok := e.UserPfxCertificate(id); ok && strings.EqualFold(fmt.Sprint(o["userPrincipalName"]), upn) {
			out = append(out, o)
		}
	}
	return out
}

// profilesNamed returns the emulator's profiles with the display name.
func profilesNamed(e *emulator.Emulator, name string) []map[string]any {
	var out []map[string]any
	for _, id := range e.DeviceConfigurationIDs() {
		if o, ok := e.DeviceConfiguration(id); ok && o["displayName"] == name {
			out = append(out, o)
		}
	}
	return out
}

// TestAccUserPfxCertificate_unknownUpdate changes a certificate's padding
// scheme and purpose (a PATCH that re-encrypts the password) and loses the
// PATCH's answer. The apply ends with the one certificate holding the new
// values, a password the connector decrypts under the new scheme, state to
// match and an empty plan.
func TestAccUserPfxCertificate_unknownUpdate(t *testing.T) {
	s := subtests{t: t}
	for _, tc := range updateFaults {
		s.run(tc.name, func(t *testing.T) {
			requireEmulator(t)
			dir, keys, nb, na := upfxFixture(t)
			p := writeTestPfx(t, dir, "upd", pkcs12.Modern, "pw", nb, na)
			upn := testUPN()
			id := emulator.UserPfxCertificateID(upn, p.thumbprint)
			cfg := upfxConfig{UPN: upn, PFX: p.path, PasswordFile: writeTempFile(t, "pw", "pw"), Key: keys["spki"]}
			fault := tc.fault
			fault.Name = "upfx-update-" + strings.ReplaceAll(tc.name, " ", "-")
			fault.PathPrefix = "/beta/deviceManagement/userPfxCertificates/" + id
			var before int
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { testAccPreCheck(t) },
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				CheckDestroy:             checkUserPfxDestroyed(t, upn),
				Steps: []resource.TestStep{
					{Config: cfg.hcl()},
					{
						PreConfig: func() {
							before = testEmulator.FaultsInjected()[fault.Name]
							withFaults(t, fault)
						},
						Config: withUpfx(cfg, keys["spki"], "  padding_scheme   = \"oaepSha256\"\n  intended_purpose = \"smimeSigning\""),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(upfxResource, plancheck.ResourceActionUpdate)},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(upfxResource, tfjsonpath.New("id"), knownvalue.StringExact(id)),
							statecheck.ExpectKnownValue(upfxResource, tfjsonpath.New("padding_scheme"), knownvalue.StringExact("oaepSha256")),
							statecheck.ExpectKnownValue(upfxResource, tfjsonpath.New("intended_purpose"), knownvalue.StringExact("smimeSigning")),
							expectImport(upn, "PATCH", "oaepSha256", p.thumbprint),
							emulatorCheck(func(e *emulator.Emulator) error {
								if n := e.FaultsInjected()[fault.Name] - before; n != 1 {
									return fmt.Errorf("the fault fired %d times, want 1", n)
								}
								objs := userCertificatesOf(e, upn)
								if len(objs) != 1 || objs[0]["id"] != id {
									return fmt.Errorf("certificates of %s: %v; want exactly %s", upn, objs, id)
								}
								if o := objs[0]; o["paddingScheme"] != "oaepSha256" || o["intendedPurpose"] != "smimeSigning" {
									return fmt.Errorf("Graph holds padding %v and purpose %v, want oaepSha256 and smimeSigning", o["paddingScheme"], o["intendedPurpose"])
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

// TestAccImportedPfxProfile_updateFaults renames a profile and loses the
// PATCH's answer in each of the ways (TestAccImportedPfxProfile_unknownUpdate
// also counts the PATCHes after a 504 after commit). The apply ends with the
// one profile, renamed, in state, and an empty plan.
func TestAccImportedPfxProfile_updateFaults(t *testing.T) {
	const address = "intune_imported_pfx_certificate_profile.test"
	s := subtests{t: t}
	for _, tc := range updateFaults {
		s.run(tc.name, func(t *testing.T) {
			requireEmulator(t)
			name := "tf-acc update fault " + testGUID("profile_name")
			ids := captured{}
			fault := tc.fault
			fault.Name = "profile-update-" + strings.ReplaceAll(tc.name, " ", "-")
			var before int
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { testAccPreCheck(t) },
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				CheckDestroy:             checkProfilesDestroyed,
				Steps: []resource.TestStep{
					{
						Config:            profileConfig(name, "smimeEncryption", ""),
						ConfigStateChecks: []statecheck.StateCheck{captureOf(address, ids, "id")},
					},
					{
						PreConfig: func() {
							fault.PathPrefix = configurationsPath + "/" + ids["id"]
							before = testEmulator.FaultsInjected()[fault.Name]
							withFaults(t, fault)
						},
						Config: profileConfig(name+" renamed", "smimeEncryption", ""),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(address, tfjsonpath.New("display_name"), knownvalue.StringExact(name+" renamed")),
							emulatorCheck(func(e *emulator.Emulator) error {
								if n := e.FaultsInjected()[fault.Name] - before; n != 1 {
									return fmt.Errorf("the fault fired %d times, want 1", n)
								}
								if old := profilesNamed(e, name); len(old) != 0 {
									return fmt.Errorf("%d profiles still have the old name", len(old))
								}
								objs := profilesNamed(e, name+" renamed")
								if len(objs) != 1 || objs[0]["id"] != ids["id"] {
									return fmt.Errorf("profiles with the new name: %v; want exactly %s", objs, ids["id"])
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

// TestAccImportedPfxWorkflow_interruptedApply sends a real SIGINT (Ctrl-C)
// to a terraform apply of two user certificates and two profiles while every
// create is stored but unanswered. Terraform stops the provider, which
// resolves each create before returning; a second apply then creates
// nothing. The result: exactly one object per resource, all in state.
func TestAccImportedPfxWorkflow_interruptedApply(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Go cannot send SIGINT to a process on Windows")
	}
	dir, keys, nb, na := upfxFixture(t)
	p := writeTestPfx(t, dir, "interrupted", pkcs12.Modern, "pw", nb, na)
	pw := writeTempFile(t, "pw", "pw")
	const n = 2
	stored := make(chan string, 2*n)
	withBehavior(t, emulator.Behavior{CreateAnswerDelay: time.Hour, OnCreate: func(id string) { stored <- id }})
	d := newCLIDir(t)

	upns, names := make([]string, n), make([]string, n)
	hcl := "provider \"intune\" {}\n"
	for i := range n {
		upns[i] = testUPN()
		names[i] = fmt.Sprintf("tf-acc interrupted %d %s", i, testGUID("profile_name"))
		hcl += upfxConfig{Name: fmt.Sprintf("c%d", i), UPN: upns[i], PFX: p.path, PasswordFile: pw, Key: keys["spki"]}.resource()
		hcl += fmt.Sprintf(`
resource "intune_imported_pfx_certificate_profile" "p%d" {
  platform         = "ios"
  display_name     = %q
  intended_purpose = "smimeSigning"
}
`, i, names[i])
	}
	d.write(hcl)
	d.must("init", "-input=false")

	var out bytes.Buffer
	apply := d.command(&out, "apply", "-auto-approve", "-input=false")
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- apply.Wait() }()
	// Every create has reached the service; none has been answered.
	waitFor(t, stored, 2*n, exited)
	if err := apply.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := <-exited
	t.Logf("interrupted apply (%v):\n%s", err, out.String())
	for _, what := range []string{"user PFX certificate", "imported PFX certificate profile"} {
		if !regexp.MustCompile(`(?i)adopted.*` + what + `|` + what + `.*adopted`).MatchString(out.String()) {
			t.Errorf("the interrupted apply did not report adopting the %s", what)
		}
	}

	testEmulator.SetBehavior(emulator.Behavior{})
	second := d.must("apply", "-auto-approve", "-input=false")
	ids := d.stateIDs()
	for i := range n {
		for addr, objs := range map[string][]map[string]any{
			fmt.Sprintf("intune_user_pfx_certificate.c%d", i):             userCertificatesOf(testEmulator, upns[i]),
			fmt.Sprintf("intune_imported_pfx_certificate_profile.p%d", i): profilesNamed(testEmulator, names[i]),
		} {
			if len(objs) != 1 {
				t.Errorf("%s: %d objects in the emulator, want 1: %v", addr, len(objs), objs)
				continue
			}
			if ids[addr] != objs[0]["id"] {
				t.Errorf("%s: state holds %q, the emulator %v", addr, ids[addr], objs[0]["id"])
			}
		}
	}
	if !strings.Contains(second, "0 added") && !strings.Contains(second, "No changes") {
		t.Errorf("the second apply changed something:\n%s", second)
	}
	d.must("destroy", "-auto-approve", "-input=false")
	for i := range n {
		if left := len(userCertificatesOf(testEmulator, upns[i])) + len(profilesNamed(testEmulator, names[i])); left != 0 {
			t.Errorf("%d objects of pair %d left after destroy", left, i)
		}
	}
}
