package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// TestAccImportedPfxProfile_unmanagedAssignmentKept: an administrator assigns
// the profile to a Configuration Manager collection, a target the provider
// does not model. The refresh shows it in unmanaged_assignments (so it is in
// the plan), and an apply that changes the configured assignments sends it
// back: it is still in Intune afterwards, and the next plan is empty.
func TestAccImportedPfxProfile_unmanagedAssignmentKept(t *testing.T) {
	testAccPreCheck(t)
	requireEmulator(t)
	groupA, groupB := testGUID("group_id"), testGUID("group_id_2")
	const address = "intune_imported_pfx_certificate_profile.test"
	const collection = `{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget",` +
		`"collectionId":"SMS00001","deviceAndAppManagementAssignmentFilterType":"none"}`
	ids := captured{}
	assignTo := func(group string) string {
		return fmt.Sprintf(`  assignments = [{ target = "group", group_id = %q }]`, group)
	}
	unmanaged := statecheck.ExpectKnownValue(address, tfjsonpath.New("unmanaged_assignments"),
		knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(collection)}))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkProfilesDestroyed,
		Steps: []resource.TestStep{
			{
				Config: profileConfig("tf-acc unmanaged assignment", "smimeSigning", assignTo(groupA)),
				ConfigStateChecks: []statecheck.StateCheck{
					captureOf(address, ids, "id"),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("unmanaged_assignments"), knownvalue.SetExact(nil)),
				},
			},
			{
				// Made in the admin center: the collection beside group A.
				PreConfig: func() {
					testEmulator.SetDeviceConfigurationAssignments(ids["id"],
						map[string]any{"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": groupA},
						map[string]any{"@odata.type": "#microsoft.graph.configurationManagerCollectionAssignmentTarget", "collectionId": "SMS00001"})
					testEmulator.ResetLog()
				},
				Config: profileConfig("tf-acc unmanaged assignment", "smimeSigning", assignTo(groupB)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("unmanaged_assignments"),
							knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(collection)})),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					unmanaged,
					emulatorCheck(func(e *emulator.Emulator) error {
						o, _ := e.DeviceConfiguration(ids["id"])
						var got []string
						for _, a := range o["assignments"].([]any) {
							target := a.(map[string]any)["target"].(map[string]any)
							got = append(got, fmt.Sprint(target["@odata.type"], " ", target["groupId"], target["collectionId"]))
						}
						want := []string{"#microsoft.graph.groupAssignmentTarget " + strings.ToLower(groupB) + "<nil>",
							"#microsoft.graph.configurationManagerCollectionAssignmentTarget <nil>SMS00001"}
						if !sameStrings(got, want) {
							return fmt.Errorf("after the apply the profile's assignments are %q, want %q", got, want)
						}
						if n := len(profileRequests(e, "POST", "/"+ids["id"]+"/assign")); n != 1 {
							return fmt.Errorf("want 1 POST /assign, got %d", n)
						}
						return nil
					}),
				},
			},
			{
				// Removing every configured assignment keeps the collection too.
				Config: profileConfig("tf-acc unmanaged assignment", "smimeSigning", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					unmanaged,
					emulatorCheck(func(e *emulator.Emulator) error {
						o, _ := e.DeviceConfiguration(ids["id"])
						if list := o["assignments"].([]any); len(list) != 1 ||
							list[0].(map[string]any)["target"].(map[string]any)["collectionId"] != "SMS00001" {
							return fmt.Errorf("after removing the configured assignments the profile has %v, want the collection only", list)
						}
						return nil
					}),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// TestAccImportedPfxProfile_exclusionFilterRefused: a filter on an excluded
// group is refused at plan time, before any request.
func TestAccImportedPfxProfile_exclusionFilterRefused(t *testing.T) {
	testAccPreCheck(t)
	if testEmulator != nil {
		testEmulator.ResetLog()
	}
	group, filter := testGUID("group_id"), testGUID("filter_id")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: profileConfig("tf-acc exclusion filter", "smimeSigning", fmt.Sprintf(
				`  assignments = [{ target = "exclusion_group", group_id = %q, filter_id = %q, filter_type = "exclude" }]`, group, filter)),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Assignment filter on an excluded group.*Intune\s+does\s+not\s+filter\s+excluded\s+groups`),
		}},
	})
	if testEmulator != nil {
		for _, le := range testEmulator.Log() {
			if le.Server == "graph" && strings.HasPrefix(le.Path, configurationsPath) {
				t.Errorf("a Graph request was sent for a configuration refused at plan time: %s %s", le.Method, le.Path)
			}
		}
	}
}
