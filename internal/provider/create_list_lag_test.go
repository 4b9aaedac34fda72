package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// A create whose answer is lost after Graph stored the object, while
// listings trail the write: the lookup keeps looking through the consistency
// window and the list lag, so every entity set ends with one object, in
// state, no error, and an empty plan.

// providerFactoriesWithLag serves a provider whose client assumes window of
// read-after-write lag and listLag more for listings.
func providerFactoriesWithLag(window, listLag time.Duration) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"intune": providerserver.NewProtocol6WithError(&intuneProvider{version: "test", consistencyWindow: window, listLag: listLag}),
	}
}

// trailingListings leaves each new object out of more listings than a
// lookup of four polls makes. The provider under test assumes an hour of
// lag, so however slow the machine its lookup outlasts them.
const trailingListings = 4

// lostCreate arms a POST to coll that stores the object and answers 504, with
// listings trailing it.
func lostCreate(t *testing.T, coll string) emulator.Fault {
	t.Helper()
	f := emulator.Fault{Name: "lost-create-" + coll, Method: "POST", PathPrefix: coll, Status: 504, AfterCommit: true, Count: 1}
	withBehavior(t, emulator.Behavior{ListLagListings: trailingListings})
	withFaults(t, f)
	return f
}

// firedOnce checks that the fault fired exactly once since before.
func firedOnce(f emulator.Fault, before int) statecheck.StateCheck {
	return emulatorCheck(func(e *emulator.Emulator) error {
		if n := e.FaultsInjected()[f.Name] - before; n != 1 {
			return fmt.Errorf("the fault %s fired %d times, want 1", f.Name, n)
		}
		return nil
	})
}

func TestAccPfxRecryptionRequest_lostCreateListLag(t *testing.T) {
	testAccPreCheck(t)
	f := lostCreate(t, "/beta/pfxRecryptionRequests")
	before := testEmulator.FaultsInjected()[f.Name]
	cfg := newPfxConfig()
	state := captured{}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactoriesWithLag(time.Hour, time.Hour),
		Steps: []resource.TestStep{{
			Config: cfg.hcl(),
			ConfigStateChecks: []statecheck.StateCheck{
				capture(state, "id"),
				firedOnce(f, before),
				expectOne(cfg, state),
				expectPosts(cfg, 1),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}

func TestAccImportedPfxProfile_lostCreateListLag(t *testing.T) {
	testAccPreCheck(t)
	f := lostCreate(t, configurationsPath)
	before := testEmulator.FaultsInjected()[f.Name]
	name := "tf-acc lagging " + testGUID("profile_name")
	const address = "intune_imported_pfx_certificate_profile.test"
	ids := captured{}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactoriesWithLag(time.Hour, time.Hour),
		CheckDestroy:             checkProfilesDestroyed,
		Steps: []resource.TestStep{{
			Config: profileConfig(name, "smimeSigning", ""),
			ConfigStateChecks: []statecheck.StateCheck{
				captureOf(address, ids, "id"),
				firedOnce(f, before),
				emulatorCheck(func(e *emulator.Emulator) error {
					var same []string
					for _, id := range e.DeviceConfigurationIDs() {
						if o, _ := e.DeviceConfiguration(id); o["displayName"] == name {
							same = append(same, id)
						}
					}
					if len(same) != 1 || same[0] != ids["id"] {
						return fmt.Errorf("profiles named %q: %v, state holds %s; want exactly the one in state", name, same, ids["id"])
					}
					posts := 0
					for _, le := range profileRequests(e, "POST", "") {
						if strings.Contains(string(le.Body), name) {
							posts++
						}
					}
					if posts != 1 {
						return fmt.Errorf("%d creates were sent, want 1", posts)
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

// expectImports checks what the connector did for upn: one accepted import,
// then the given refusals.
func expectImports(upn string, refusals ...string) statecheck.StateCheck {
	return emulatorCheck(func(e *emulator.Emulator) error {
		imps := importsFor(e, upn)
		if len(imps) != 1+len(refusals) || imps[0].Error != "" {
			return fmt.Errorf("imports %+v; want one accepted, then %v", imps, refusals)
		}
		for i, want := range refusals {
			if imps[1+i].Error != want {
				return fmt.Errorf("imports %+v; want one accepted, then %v", imps, refusals)
			}
		}
		return nil
	})
}

// expectOneUserPfx checks that Intune holds exactly one certificate for upn,
// the one with id.
func expectOneUserPfx(t *testing.T, upn, id string) statecheck.StateCheck {
	return checkFunc(func() error {
		found, err := userPfxOf(t, upn)
		if err != nil {
			return err
		}
		if len(found) != 1 || *found[0].GetId() != id {
			return fmt.Errorf("%d certificates of %s, want exactly %s", len(found), upn, id)
		}
		return nil
	})
}

func TestAccUserPfxCertificate_lostCreateListLag(t *testing.T) {
	dir, keys, nb, na := upfxFixture(t)
	p := writeTestPfx(t, dir, "lagging", pkcs12.Modern, "pw", nb, na)
	upn := testUPN()
	id := emulator.UserPfxCertificateID(upn, p.thumbprint)
	cfg := upfxConfig{UPN: upn, PFX: p.path, PasswordFile: writeTempFile(t, "pw", "pw"), Key: keys["spki"]}
	f := lostCreate(t, "/beta/deviceManagement/userPfxCertificates")
	before := testEmulator.FaultsInjected()[f.Name]
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactoriesWithLag(time.Hour, time.Hour),
		CheckDestroy:             checkUserPfxDestroyed(t, upn),
		Steps: []resource.TestStep{{
			Config: cfg.hcl(),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(upfxResource, tfjsonpath.New("id"), knownvalue.StringExact(id)),
				firedOnce(f, before),
				expectImports(upn), // one POST, accepted
				expectOneUserPfx(t, upn, id),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}

// TestAccUserPfxCertificate_lostCreateConflictAdopts: listings trail longer
// than the provider assumes, so its lookup misses the certificate the lost
// POST stored and it posts again. Intune answers 409 (the user and thumbprint
// are taken), which proves the first POST was stored: the provider looks
// until the certificate shows and adopts it instead of failing "already
// imported".
func TestAccUserPfxCertificate_lostCreateConflictAdopts(t *testing.T) {
	dir, keys, nb, na := upfxFixture(t)
	p := writeTestPfx(t, dir, "conflict", pkcs12.Modern, "pw", nb, na)
	upn := testUPN()
	id := emulator.UserPfxCertificateID(upn, p.thumbprint)
	cfg := upfxConfig{UPN: upn, PFX: p.path, PasswordFile: writeTempFile(t, "pw", "pw"), Key: keys["spki"]}
	f := emulator.Fault{Name: "lost-create-conflict", Method: "POST", PathPrefix: "/beta/deviceManagement/userPfxCertificates",
		Status: 504, AfterCommit: true, Count: 1}
	// The provider assumes 2 ms of lag, so its first lookup makes one or two
	// listings, both left out; the third listing shows the certificate.
	withBehavior(t, emulator.Behavior{ListLagListings: 2})
	withFaults(t, f)
	before := testEmulator.FaultsInjected()[f.Name]
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactoriesWithLag(time.Millisecond, time.Millisecond),
		CheckDestroy:             checkUserPfxDestroyed(t, upn),
		Steps: []resource.TestStep{{
			Config: cfg.hcl(),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(upfxResource, tfjsonpath.New("id"), knownvalue.StringExact(id)),
				firedOnce(f, before),
				expectImports(upn, "conflict"), // the lost POST, then the 409
				expectOneUserPfx(t, upn, id),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}
