package provider

import (
	"context"
	"encoding/json"
	"fmt"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
	"github.com/openintune/terraform-provider-intune/internal/graph"
)

const configurationsPath = "/beta/deviceManagement/deviceConfigurations"

// profileRequests returns the emulator's log entries under the profile
// collection, with the method and the path suffix (after the collection).
func profileRequests(e *emulator.Emulator, method, suffix string) []emulator.LogEntry {
	var out []emulator.LogEntry
	for _, le := range graphRequests(e, method, configurationsPath+suffix) {
		if le.Path == configurationsPath+suffix {
			out = append(out, le)
		}
	}
	return out
}

func captureOf(address string, into captured, attrs ...string) statecheck.StateCheck {
	return captureCheck{resource: address, attrs: attrs, into: into}
}

func checkProfilesDestroyed(s *terraform.State) error {
	if testEmulator == nil {
		return nil
	}
	for _, rs := range s.RootModule().Resources {
		if !strings.HasPrefix(rs.Type, "intune_") || !strings.HasSuffix(rs.Type, "_certificate_profile") {
			continue
		}
		if _, ok := testEmulator.DeviceConfiguration(rs.Primary.ID); ok {
			return fmt.Errorf("profile %s still exists after destroy", rs.Primary.ID)
		}
	}
	return nil
}

// TestAccImportedPfxProfile_platforms creates a profile for each of the six
// platforms with its own attributes, checks what Graph received, imports
// one, and destroys them.
func TestAccImportedPfxProfile_platforms(t *testing.T) {
	testAccPreCheck(t)
	if testEmulator != nil {
		testEmulator.ResetLog()
	}
	config := `
provider "intune" {}

resource "intune_imported_pfx_certificate_profile" "windows" {
  platform             = "windows10"
  display_name         = "tf-acc S/MIME encryption (Windows)"
  description          = "delivers imported S/MIME encryption certificates"
  intended_purpose     = "smimeEncryption"
  key_storage_provider = "useSoftwareKsp"
}

resource "intune_imported_pfx_certificate_profile" "ios" {
  platform         = "ios"
  display_name     = "tf-acc S/MIME signing (iOS)"
  intended_purpose = "smimeSigning"
}

resource "intune_imported_pfx_certificate_profile" "macos" {
  platform           = "macos"
  display_name       = "tf-acc S/MIME (macOS)"
  intended_purpose   = "smimeEncryption"
  deployment_channel = "userChannel"
}

resource "intune_imported_pfx_certificate_profile" "android_owner" {
  platform                       = "android_device_owner"
  display_name                   = "tf-acc S/MIME (Android fully managed)"
  intended_purpose               = "smimeEncryption"
  certificate_access_type        = "specificApps"
  silent_certificate_access_apps = ["com.microsoft.office.outlook", "com.example.mail"]
}

resource "intune_imported_pfx_certificate_profile" "android_work" {
  platform         = "android_work_profile"
  display_name     = "tf-acc S/MIME (Android work profile)"
  intended_purpose = "unassigned"
}

resource "intune_imported_pfx_certificate_profile" "android_admin" {
  platform           = "android_device_administrator"
  display_name       = "tf-acc S/MIME (Android device administrator)"
  intended_purpose   = "smimeSigning"
  role_scope_tag_ids = ["0"]
}
`
	addr := func(n string) string { return "intune_imported_pfx_certificate_profile." + n }
	types := map[string]string{"windows": graph.Windows10ImportedPfxType, "ios": graph.IosImportedPfxType,
		"macos": graph.MacOSImportedPfxType, "android_owner": graph.AndroidDeviceOwnerImportedPfxType,
		"android_work": graph.AndroidForWorkImportedPfxType, "android_admin": graph.AndroidImportedPfxType}
	ids := captured{}
	var checks []statecheck.StateCheck
	for name := range types {
		checks = append(checks,
			statecheck.ExpectKnownValue(addr(name), tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^\S+$`))),
			statecheck.ExpectKnownValue(addr(name), tfjsonpath.New("version"), knownvalue.Int64Exact(1)),
			statecheck.ExpectKnownValue(addr(name), tfjsonpath.New("role_scope_tag_ids"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("0")})),
			statecheck.ExpectKnownValue(addr(name), tfjsonpath.New("created_date_time"), knownvalue.NotNull()),
		)
	}
	checks = append(checks,
		// Intune's defaults where the platform has the attribute, null elsewhere.
		statecheck.ExpectKnownValue(addr("windows"), tfjsonpath.New("key_storage_provider"), knownvalue.StringExact("useSoftwareKsp")),
		statecheck.ExpectKnownValue(addr("windows"), tfjsonpath.New("deployment_channel"), knownvalue.Null()),
		statecheck.ExpectKnownValue(addr("macos"), tfjsonpath.New("deployment_channel"), knownvalue.StringExact("userChannel")),
		statecheck.ExpectKnownValue(addr("macos"), tfjsonpath.New("key_storage_provider"), knownvalue.Null()),
		statecheck.ExpectKnownValue(addr("android_owner"), tfjsonpath.New("certificate_access_type"), knownvalue.StringExact("specificApps")),
		statecheck.ExpectKnownValue(addr("android_owner"), tfjsonpath.New("silent_certificate_access_apps"), knownvalue.SetExact([]knownvalue.Check{
			knownvalue.StringExact("com.microsoft.office.outlook"), knownvalue.StringExact("com.example.mail")})),
		statecheck.ExpectKnownValue(addr("ios"), tfjsonpath.New("certificate_access_type"), knownvalue.Null()),
		statecheck.ExpectKnownValue(addr("ios"), tfjsonpath.New("description"), knownvalue.Null()),
		statecheck.ExpectKnownValue(addr("ios"), tfjsonpath.New("assignments"), knownvalue.Null()),
		captureOf(addr("android_owner"), ids, "id"),
		emulatorCheck(func(e *emulator.Emulator) error {
			posts := profileRequests(e, "POST", "")
			if len(posts) != 6 {
				return fmt.Errorf("want 6 POSTs of a profile, got %d", len(posts))
			}
			seen := map[string]map[string]any{}
			for _, p := range posts {
				var body map[string]any
				if err := json.Unmarshal(p.Body, &body); err != nil {
					return err
				}
				seen[fmt.Sprint(body["@odata.type"])] = body
			}
			for _, typ := range types {
				if seen[typ] == nil {
					return fmt.Errorf("no POST with @odata.type %s; got %v", typ, seen)
				}
			}
			if w := seen[graph.Windows10ImportedPfxType]; w["keyStorageProvider"] != "useSoftwareKsp" || w["intendedPurpose"] != "smimeEncryption" {
				return fmt.Errorf("windows POST = %v", w)
			}
			if _, sent := seen[graph.IosImportedPfxType]["roleScopeTagIds"]; sent {
				return fmt.Errorf("the iOS POST sent roleScopeTagIds the configuration did not set: %v", seen[graph.IosImportedPfxType])
			}
			o, _ := e.DeviceConfiguration(ids["id"])
			if fmt.Sprint(o["silentCertificateAccessDetails"]) == "[]" {
				return fmt.Errorf("the Android profile has no silent access apps: %v", o)
			}
			if n := len(graphRequests(e, "POST", configurationsPath+"/")); n != 0 {
				return fmt.Errorf("%d assign requests for profiles without assignments", n)
			}
			return nil
		}),
	)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkProfilesDestroyed,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: checks,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config:            config,
				ResourceName:      addr("android_owner"),
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				Config:            config,
				ResourceName:      addr("windows"),
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}

func profileConfig(displayName, purpose, assignments string) string {
	return fmt.Sprintf(`
provider "intune" {}

resource "intune_imported_pfx_certificate_profile" "test" {
  platform         = "ios"
  display_name     = %q
  intended_purpose = %q
%s
}
`, displayName, purpose, assignments)
}

// TestAccImportedPfxProfile_assignments changes assignments and the display
// name in place (one PATCH carrying @odata.type, one POST /assign with the
// whole set), then sees an outside change to the assignments as drift and
// puts them back, and finally replaces the profile for a new intended purpose.
func TestAccImportedPfxProfile_assignments(t *testing.T) {
	testAccPreCheck(t)
	groupA, groupB, filter := testGUID("group_id"), testGUID("group_id_2"), testGUID("filter_id")
	one := fmt.Sprintf(`  assignments = [{ target = "group", group_id = %q }]`, groupA)
	three := fmt.Sprintf(`  assignments = [
    { target = "group", group_id = %q, filter_id = %q, filter_type = "include" },
    { target = "exclusion_group", group_id = %q },
    { target = "all_devices" },
  ]`, strings.ToUpper(groupA), filter, groupB)
	const address = "intune_imported_pfx_certificate_profile.test"
	first, second := captured{}, captured{}
	if testEmulator != nil {
		testEmulator.ResetLog()
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkProfilesDestroyed,
		Steps: []resource.TestStep{
			{
				Config: profileConfig("tf-acc assignments", "smimeEncryption", one),
				ConfigStateChecks: []statecheck.StateCheck{
					captureOf(address, first, "id", "last_modified_date_time"),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("assignments"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"target": knownvalue.StringExact("group"),
							"group_id": knownvalue.StringExact(groupA), "filter_id": knownvalue.Null(), "filter_type": knownvalue.Null()})})),
					emulatorCheck(func(e *emulator.Emulator) error {
						if n := len(profileRequests(e, "POST", "/"+first["id"]+"/assign")); n != 1 {
							return fmt.Errorf("want 1 POST /assign at create, got %d", n)
						}
						return nil
					}),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				PreConfig: func() {
					if testEmulator != nil {
						testEmulator.ResetLog()
					}
				},
				Config: profileConfig("tf-acc assignments renamed", "smimeEncryption", three),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					captureOf(address, second, "id"),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("version"), knownvalue.Int64Exact(2)),
					checkFunc(func() error {
						if second["id"] != first["id"] {
							return fmt.Errorf("the update replaced the profile: %s -> %s", first["id"], second["id"])
						}
						return nil
					}),
					emulatorCheck(func(e *emulator.Emulator) error {
						patches := profileRequests(e, "PATCH", "/"+first["id"])
						if len(patches) != 1 {
							return fmt.Errorf("want 1 PATCH, got %d", len(patches))
						}
						var body map[string]any
						if err := json.Unmarshal(patches[0].Body, &body); err != nil {
							return err
						}
						want := map[string]any{"@odata.type": graph.IosImportedPfxType, "displayName": "tf-acc assignments renamed"}
						if fmt.Sprint(body) != fmt.Sprint(want) {
							return fmt.Errorf("PATCH body = %s, want %v", patches[0].Body, want)
						}
						assigns := profileRequests(e, "POST", "/"+first["id"]+"/assign")
						if len(assigns) != 1 {
							return fmt.Errorf("want 1 POST /assign, got %d", len(assigns))
						}
						var sent struct {
							Assignments []struct {
								Target map[string]any `json:"target"`
							} `json:"assignments"`
						}
						if err := json.Unmarshal(assigns[0].Body, &sent); err != nil {
							return err
						}
						var got []string
						for _, a := range sent.Assignments {
							got = append(got, fmt.Sprintf("%v|%v|%v|%v", a.Target["@odata.type"], a.Target["groupId"],
								a.Target["deviceAndAppManagementAssignmentFilterId"], a.Target["deviceAndAppManagementAssignmentFilterType"]))
						}
						sort.Strings(got)
						want2 := []string{
							"#microsoft.graph.allDevicesAssignmentTarget|<nil>|<nil>|<nil>",
							fmt.Sprintf("#microsoft.graph.exclusionGroupAssignmentTarget|%s|<nil>|<nil>", groupB),
							fmt.Sprintf("#microsoft.graph.groupAssignmentTarget|%s|%s|include", strings.ToUpper(groupA), filter),
						}
						if strings.Join(got, "\n") != strings.Join(want2, "\n") {
							return fmt.Errorf("/assign sent\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want2, "\n"))
						}
						if n := len(graphRequests(e, "DELETE", configurationsPath)); n != 0 {
							return fmt.Errorf("%d DELETEs during an in-place update", n)
						}
						return nil
					}),
				},
			},
			{
				// An administrator replaces the assignments in the portal: the
				// refresh reads them and the plan puts the configured ones back.
				PreConfig: func() {
					requireEmulator(t)
					testEmulator.SetDeviceConfigurationAssignments(first["id"], map[string]any{
						"@odata.type": "#microsoft.graph.allLicensedUsersAssignmentTarget"})
				},
				Config:             profileConfig("tf-acc assignments renamed", "smimeEncryption", three),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: profileConfig("tf-acc assignments renamed", "smimeEncryption", three),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					emulatorCheck(func(e *emulator.Emulator) error {
						o, _ := e.DeviceConfiguration(first["id"])
						if n := len(o["assignments"].([]any)); n != 3 {
							return fmt.Errorf("after the apply the profile has %d assignments, want the 3 configured: %v", n, o["assignments"])
						}
						return nil
					}),
				},
			},
			{
				Config: profileConfig("tf-acc assignments renamed", "smimeSigning", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("intended_purpose"), knownvalue.StringExact("smimeSigning")),
					emulatorCheck(func(e *emulator.Emulator) error {
						if _, ok := e.DeviceConfiguration(first["id"]); ok {
							return fmt.Errorf("the replaced profile %s still exists", first["id"])
						}
						return nil
					}),
				},
			},
		},
	})
}

// TestAccImportedPfxProfile_crossPlatform refuses, at plan time and before
// any Graph request, attributes of another platform and assignments that do
// not fit their target.
func TestAccImportedPfxProfile_crossPlatform(t *testing.T) {
	testAccPreCheck(t)
	if testEmulator != nil {
		testEmulator.ResetLog()
	}
	bad := func(platform, extra, want string) resource.TestStep {
		return resource.TestStep{
			Config: fmt.Sprintf(`
provider "intune" {}

resource "intune_imported_pfx_certificate_profile" "test" {
  platform         = %q
  display_name     = "tf-acc refused"
  intended_purpose = "smimeEncryption"
  %s
}
`, platform, extra),
			PlanOnly: true,
			// Terraform wraps the message: any space may be a line break.
			ExpectError: regexp.MustCompile(strings.ReplaceAll(want, " ", `\s+`)),
		}
	}
	group := testGUID("group_id")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			bad("ios", `key_storage_provider = "useSoftwareKsp"`, `(?s)key_storage_provider.*key_storage_provider applies to platform = "windows10" only`),
			bad("windows10", `deployment_channel = "userChannel"`, `(?s)deployment_channel applies to platform = "macos" only`),
			bad("macos", `certificate_access_type = "specificApps"`, `(?s)certificate_access_type applies to platform = "android_device_owner" only`),
			bad("android_work_profile", `silent_certificate_access_apps = ["com.a"]`, `(?s)silent_certificate_access_apps applies to platform = "android_device_owner" only`),
			bad("ios", `assignments = [{ target = "group" }]`, `(?s)Missing group_id`),
			bad("ios", fmt.Sprintf(`assignments = [{ target = "all_users", group_id = %q }]`, group), `(?s)Unexpected group_id`),
			bad("ios", `assignments = [{ target = "all_devices", filter_type = "include" }]`, `(?s)Incomplete assignment filter`),
			bad("ios", `assignments = [{ target = "group", group_id = "not-a-guid" }]`, `(?s)must be a GUID`),
			bad("linux", ``, `(?s)platform.*value must be one of`),
		},
	})
	if testEmulator != nil {
		for _, le := range testEmulator.Log() {
			if le.Server == "graph" && strings.HasPrefix(le.Path, configurationsPath) {
				t.Errorf("a Graph request was sent for a configuration refused at plan time: %s %s", le.Method, le.Path)
			}
		}
	}
}

// TestImportedPfxProfileMapping checks the engine's two mappings for this
// family without Graph: plan to create and PATCH bodies, and Graph's answer
// back to the values.
func TestImportedPfxProfileMapping(t *testing.T) {
	ctx := context.Background()
	set := func(v ...string) types.Set { return stringSet(v) }
	r := &certificateProfileResource{family: importedPfxFamily()}
	plan := nullProfileValues(t, r)
	plan["platform"] = types.StringValue("android_device_owner")
	plan["display_name"] = types.StringValue("n")
	plan["intended_purpose"] = types.StringValue("smimeSigning")
	plan["certificate_access_type"] = types.StringUnknown()
	plan["silent_certificate_access_apps"] = set("com.a")
	plan["role_scope_tag_ids"] = types.SetUnknown(types.StringType)
	var diags diag.Diagnostics
	body := r.toGraph(ctx, plan, nil, &diags)
	apps, _ := body.Property("silentCertificateAccessDetails")
	if deref(body.GetOdataType()) != graph.AndroidDeviceOwnerImportedPfxType || deref(body.String("intendedPurpose")) != "smimeSigning" ||
		body.String("certificateAccessType") != nil || body.GetRoleScopeTagIds() != nil ||
		fmt.Sprint(apps) != "[map[packageId:com.a]]" || diags.HasError() {
		t.Errorf("create body wrong: %v %v (%v)", body.SetProperties(), apps, diags)
	}

	state := copyValues(plan)
	state["description"] = types.StringValue("old")
	state["certificate_access_type"] = types.StringValue("userApproval")
	state["role_scope_tag_ids"] = set("0")
	next := copyValues(state)
	next["description"] = types.StringNull()
	next["display_name"] = types.StringValue("renamed")
	next["silent_certificate_access_apps"] = types.SetNull(types.StringType)
	patch := r.toGraph(ctx, next, state, &diags)
	apps, _ = patch.Property("silentCertificateAccessDetails")
	if !r.patchChanges(next, state) || deref(patch.GetDisplayName()) != "renamed" || patch.String("intendedPurpose") != nil ||
		fmt.Sprint(apps) != "[]" || !patch.SentNull("description") || patch.GetRoleScopeTagIds() != nil {
		t.Errorf("patch wrong: %v", patch.SetProperties())
	}
	if r.patchChanges(state, state) {
		t.Error("no change reported as a change")
	}

	// Graph's answer: lower-case GUIDs, filter type none, empty lists.
	o := graph.NewDeviceConfiguration(graph.IosImportedPfxType)
	o.SetId(ptrTo("p1"))
	o.SetDescription(ptrTo(""))
	o.SetAssignments([]*graph.DeviceConfigurationAssignment{
		graph.NewDeviceConfigurationAssignment(graph.NewAssignmentTarget(graph.GroupAssignmentTargetType, ptrTo("6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f"), nil, ptrTo("none"))),
		graph.NewDeviceConfigurationAssignment(graph.NewAssignmentTarget(graph.AllDevicesTargetType, nil, ptrTo("f"), ptrTo("exclude"))),
	})
	m := nullProfileValues(t, r)
	m["assignments"] = assignmentSet(t, assignmentModel{
		Target: types.StringValue("group"), GroupID: types.StringValue("6B7C2F3E-1D4A-4C1B-9F0E-2A3B4C5D6E7F"),
		FilterID: types.StringNull(), FilterType: types.StringNull()})
	if d := r.fromGraph(ctx, m, o); d.HasError() {
		t.Fatal(d)
	}
	if m.str("platform").ValueString() != "ios" || !m["description"].IsNull() || !m["silent_certificate_access_apps"].IsNull() {
		t.Errorf("values = %v", m)
	}
	var got []assignmentModel
	m.set("assignments").ElementsAs(ctx, &got, false)
	keys := []string{}
	for _, a := range got {
		keys = append(keys, a.Target.ValueString()+"|"+a.GroupID.ValueString()+"|"+a.FilterID.ValueString()+"|"+a.FilterType.ValueString())
	}
	sort.Strings(keys)
	if strings.Join(keys, " ") != "all_devices||f|exclude group|6B7C2F3E-1D4A-4C1B-9F0E-2A3B4C5D6E7F||" {
		t.Errorf("assignments = %v (the prior spelling of the group id must survive)", keys)
	}

	other := graph.NewDeviceConfiguration("#microsoft.graph.windows10GeneralConfiguration")
	other.SetId(ptrTo("x"))
	if d := r.fromGraph(ctx, nullProfileValues(t, r), other); !d.HasError() {
		t.Error("a configuration of another type was accepted")
	}
}

// nullProfileValues is every attribute of r's schema, null.
func nullProfileValues(t *testing.T, r *certificateProfileResource) profileValues {
	t.Helper()
	ctx := context.Background()
	var resp fwresource.SchemaResponse
	r.Schema(ctx, fwresource.SchemaRequest{}, &resp)
	v := profileValues{}
	for name, a := range resp.Schema.Attributes {
		typ := a.GetType()
		n, err := typ.ValueFromTerraform(ctx, tftypes.NewValue(typ.TerraformType(ctx), nil))
		if err != nil {
			t.Fatal(err)
		}
		v[name] = n
	}
	return v
}

func copyValues(v profileValues) profileValues {
	out := profileValues{}
	for k, x := range v {
		out[k] = x
	}
	return out
}

func ptrTo(s string) *string { return &s }

func assignmentSet(t *testing.T, list ...assignmentModel) types.Set {
	t.Helper()
	elems := make([]attr.Value, len(list))
	for i, a := range list {
		v, d := types.ObjectValueFrom(context.Background(), assignmentObjectType.AttrTypes, a)
		if d.HasError() {
			t.Fatal(d)
		}
		elems[i] = v
	}
	return types.SetValueMust(assignmentObjectType, elems)
}

// TestAccImportedPfxProfile_unknownCreate loses the answer to the create
// (a 504 after Graph stored the profile): the provider finds the profile by
// display name, type and posted values, adopts it, and creates no second one.
func TestAccImportedPfxProfile_unknownCreate(t *testing.T) {
	testAccPreCheck(t)
	requireEmulator(t)
	testEmulator.ResetLog()
	withFaults(t, emulator.Fault{Name: "profile-create-504", Method: "POST", PathPrefix: configurationsPath,
		Status: 504, AfterCommit: true, Count: 1})
	name := "tf-acc interrupted " + testGUID("profile_name")
	const address = "intune_imported_pfx_certificate_profile.test"
	ids := captured{}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkProfilesDestroyed,
		Steps: []resource.TestStep{{
			Config: profileConfig(name, "smimeSigning", ""),
			ConfigStateChecks: []statecheck.StateCheck{
				captureOf(address, ids, "id"),
				emulatorCheck(func(e *emulator.Emulator) error {
					if n := e.FaultsInjected()["profile-create-504"]; n != 1 {
						return fmt.Errorf("the fault fired %d times, want 1", n)
					}
					var same []string
					for _, id := range e.DeviceConfigurationIDs() {
						if o, _ := e.DeviceConfiguration(id); o["displayName"] == name {
							same = append(same, id)
						}
					}
					if len(same) != 1 || same[0] != ids["id"] {
						return fmt.Errorf("profiles named %q: %v, state holds %s; want exactly the one in state", name, same, ids["id"])
					}
					if n := len(profileRequests(e, "POST", "")); n != 1 {
						return fmt.Errorf("%d creates were sent, want 1", n)
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

// TestAccImportedPfxProfile_readAfterWriteLag: Graph answers 404 to the next
// reads after a write, GETs and the assign action alike. The create's
// assign, the read-back and the refreshes wait it out; nothing leaves state.
func TestAccImportedPfxProfile_readAfterWriteLag(t *testing.T) {
	testAccPreCheck(t)
	requireEmulator(t)
	testEmulator.SetBehavior(emulator.Behavior{ReadAfterWriteMisses: 2})
	t.Cleanup(func() { testEmulator.SetBehavior(emulator.Behavior{}) })
	testEmulator.ResetLog()
	group := testGUID("group_id")
	const address = "intune_imported_pfx_certificate_profile.test"
	ids := captured{}
	assigned := func(n int) string {
		return fmt.Sprintf(`  assignments = [{ target = "group", group_id = %q }%s]`, group, strings.Repeat(`, { target = "all_devices" }`, n))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkProfilesDestroyed,
		Steps: []resource.TestStep{
			{
				Config: profileConfig("tf-acc lag", "smimeEncryption", assigned(0)),
				ConfigStateChecks: []statecheck.StateCheck{
					captureOf(address, ids, "id"),
					emulatorCheck(func(e *emulator.Emulator) error {
						var statuses []int
						for _, le := range profileRequests(e, "POST", "/"+ids["id"]+"/assign") {
							statuses = append(statuses, le.Status)
						}
						if len(statuses) < 2 || statuses[0] != 404 || statuses[len(statuses)-1] != 200 {
							return fmt.Errorf("assign answered %v, want 404s (lag) and then 200", statuses)
						}
						return nil
					}),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: profileConfig("tf-acc lag renamed", "smimeEncryption", assigned(1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("display_name"), knownvalue.StringExact("tf-acc lag renamed")),
				},
			},
		},
	})
}

// TestAccImportedPfxProfile_unknownUpdate loses the answer to the PATCH (a
// 504 after Graph applied it): the provider reads the profile back, sees the
// change applied, and finishes without sending it again.
func TestAccImportedPfxProfile_unknownUpdate(t *testing.T) {
	testAccPreCheck(t)
	requireEmulator(t)
	const address = "intune_imported_pfx_certificate_profile.test"
	ids := captured{}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkProfilesDestroyed,
		Steps: []resource.TestStep{
			{
				Config:            profileConfig("tf-acc patch lost", "smimeEncryption", ""),
				ConfigStateChecks: []statecheck.StateCheck{captureOf(address, ids, "id")},
			},
			{
				PreConfig: func() {
					testEmulator.ResetLog()
					withFaults(t, emulator.Fault{Name: "profile-patch-504", Method: "PATCH", PathPrefix: configurationsPath,
						Status: 504, AfterCommit: true, Count: 1})
				},
				Config: profileConfig("tf-acc patch lost, renamed", "smimeEncryption", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("version"), knownvalue.Int64Exact(2)),
					emulatorCheck(func(e *emulator.Emulator) error {
						if n := e.FaultsInjected()["profile-patch-504"]; n != 1 {
							return fmt.Errorf("the fault fired %d times, want 1", n)
						}
						if n := len(profileRequests(e, "PATCH", "/"+ids["id"])); n != 1 {
							return fmt.Errorf("%d PATCHes were sent, want 1: the read-back shows it applied", n)
						}
						o, _ := e.DeviceConfiguration(ids["id"])
						if o["displayName"] != "tf-acc patch lost, renamed" {
							return fmt.Errorf("displayName = %v", o["displayName"])
						}
						return nil
					}),
				},
			},
		},
	})
}
