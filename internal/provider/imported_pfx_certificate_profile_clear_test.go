package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// TestAccImportedPfxProfile_clearedDescriptionLostPatch: the description is
// removed from the configuration and the PATCH that clears it is lost (504,
// nothing applied). A read-back that takes the null it sent for "not sent"
// would report success with the old description still in Intune; the
// provider must see the description still set and send the PATCH again.
func TestAccImportedPfxProfile_clearedDescriptionLostPatch(t *testing.T) {
	testAccPreCheck(t)
	requireEmulator(t)
	const address = "intune_imported_pfx_certificate_profile.test"
	ids := captured{}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkProfilesDestroyed,
		Steps: []resource.TestStep{
			{
				Config:            profileConfig("tf-acc description cleared", "smimeSigning", `  description = "to be cleared"`),
				ConfigStateChecks: []statecheck.StateCheck{captureOf(address, ids, "id")},
			},
			{
				PreConfig: func() {
					testEmulator.ResetLog()
					withFaults(t, emulator.Fault{Name: "profile-patch-lost", Method: "PATCH", PathPrefix: configurationsPath,
						Status: 504, Count: 1})
				},
				Config: profileConfig("tf-acc description cleared", "smimeSigning", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("description"), knownvalue.Null()),
					emulatorCheck(func(e *emulator.Emulator) error {
						if n := e.FaultsInjected()["profile-patch-lost"]; n != 1 {
							return fmt.Errorf("the fault fired %d times, want 1", n)
						}
						o, _ := e.DeviceConfiguration(ids["id"])
						if d := o["description"]; d != nil {
							return fmt.Errorf("Intune still has description %q after the apply", d)
						}
						if n := len(profileRequests(e, "PATCH", "/"+ids["id"])); n != 2 {
							return fmt.Errorf("%d PATCHes sent, want 2: the lost one and its repeat", n)
						}
						return nil
					}),
				},
			},
		},
	})
}

// A description sent as null is applied only when Graph no longer has one.
func TestProfileMatchesClearedDescription(t *testing.T) {
	typ := importedPfxFamily().platforms["ios"]
	sent := graph.NewDeviceConfiguration(typ)
	sent.SetNull("description")
	kept := graph.NewDeviceConfiguration(typ)
	kept.SetDescription(ptrTo("to be cleared"))
	if profileMatches(sent, kept) {
		t.Error("a profile that still has its description matches a PATCH that cleared it")
	}
	for _, got := range []*string{nil, ptrTo("")} {
		o := graph.NewDeviceConfiguration(typ)
		o.SetDescription(got)
		if !profileMatches(sent, o) {
			t.Errorf("a profile with description %v does not match a PATCH that cleared it", got)
		}
	}
	// Not sent at all: any description matches.
	if !profileMatches(graph.NewDeviceConfiguration(typ), kept) {
		t.Error("a PATCH without description does not match a profile with one")
	}
}
