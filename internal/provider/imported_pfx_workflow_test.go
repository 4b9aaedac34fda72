package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// workflowProfile is one platform's profile in the workflow test: its
// resource name, platform, own attributes, the @odata.type Graph stores and
// the device platform Intune reports on delivery.
type workflowProfile struct {
	name, platform, extra, odataType, devicePlatform string
}

var workflowProfiles = []workflowProfile{
	{"windows", "windows10", `key_storage_provider = "useTpmKspOtherwiseUseSoftwareKsp"`, graph.Windows10ImportedPfxType, "windows10AndLater"},
	{"ios", "ios", "", graph.IosImportedPfxType, "iOS"},
	{"macos", "macos", `deployment_channel = "userChannel"`, graph.MacOSImportedPfxType, "macOS"},
	{"android_owner", "android_device_owner", `certificate_access_type = "specificApps"
  silent_certificate_access_apps = ["com.microsoft.office.outlook"]`, graph.AndroidDeviceOwnerImportedPfxType, "android"},
	{"android_work", "android_work_profile", "", graph.AndroidForWorkImportedPfxType, "androidWorkProfile"},
	{"android_admin", "android_device_administrator", "", graph.AndroidImportedPfxType, "android"},
}

func workflowProfileAddress(name string) string {
	return "intune_imported_pfx_certificate_profile." + name
}

func workflowStatesAddress(i int) string {
	return fmt.Sprintf("data.intune_device_certificate_states.delivered[%d]", i)
}

// workflowConfig is the user's certificate and one profile per platform, all
// for S/MIME encryption and assigned to group; withStates adds a delivery
// status data source per profile.
func workflowConfig(cert upfxConfig, group string, withStates bool) string {
	var b strings.Builder
	b.WriteString("\nprovider \"intune\" {}\n")
	b.WriteString(cert.resource())
	for _, p := range workflowProfiles {
		fmt.Fprintf(&b, `
resource "intune_imported_pfx_certificate_profile" %q {
  platform         = %q
  display_name     = "tf-acc S/MIME encryption (%s)"
  intended_purpose = "smimeEncryption"
  %s
  assignments = [{ target = "group", group_id = %q }]
}
`, p.name, p.platform, p.platform, p.extra, group)
	}
	if withStates {
		// count, not for_each: terraform-plugin-testing cannot read state
		// with string instance keys (hashicorp/terraform-plugin-sdk#536).
		b.WriteString("\nlocals {\n  profiles = [\n")
		for _, p := range workflowProfiles {
			fmt.Fprintf(&b, "    %s,\n", workflowProfileAddress(p.name))
		}
		b.WriteString(`  ]
}

data "intune_device_certificate_states" "delivered" {
  count      = length(local.profiles)
  profile_id = local.profiles[count.index].id
}
`)
	}
	return b.String()
}

// TestAccImportedPfxWorkflow runs the imported-PFX pipeline end to end with
// the real CLI: a user's PFX, made here, is imported with its password
// encrypted for the emulated Certificate Connector's public key; a profile
// per platform, assigned to one group, delivers S/MIME encryption
// certificates; the emulator confirms that the password decrypted and opened
// the PFX and that each profile is stored with its group; after the emulator
// delivers the certificate to a device of each platform, a data source per
// profile reads it back with the certificate's thumbprint; destroy removes
// all seven objects. The connector key and the delivery exist only in the
// emulator, so against a real tenant the test skips.
func TestAccImportedPfxWorkflow(t *testing.T) {
	dir, keys, nb, na := upfxFixture(t)
	const password = "S/MIME-encrypt-2026"
	pfx := writeTestPfx(t, dir, "alice", pkcs12.Modern, password, nb, na)
	_, x509Cert, _, err := pkcs12.DecodeChain(pfx.data, password)
	if err != nil {
		t.Fatal(err)
	}
	upn := testUPN()
	group := testGUID("group_id")
	cert := upfxConfig{Name: "alice", UPN: upn, PFX: pfx.path, PasswordFile: writeTempFile(t, "pw", password),
		Key: keys["spki"], Extra: `  intended_purpose      = "smimeEncryption"`}
	const certAddress = "intune_user_pfx_certificate.alice"
	wantID := emulator.UserPfxCertificateID(upn, pfx.thumbprint)

	certState := captured{}
	profileIDs := map[string]captured{}
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(certAddress, tfjsonpath.New("id"), knownvalue.StringExact(wantID)),
		statecheck.ExpectKnownValue(certAddress, tfjsonpath.New("thumbprint"), knownvalue.StringExact(pfx.thumbprint)),
		captureOf(certAddress, certState, "id", "thumbprint", "intended_purpose"),
	}
	for _, p := range workflowProfiles {
		profileIDs[p.name] = captured{}
		checks = append(checks, captureOf(workflowProfileAddress(p.name), profileIDs[p.name], "id"))
	}
	checks = append(checks,
		emulatorCheck(func(e *emulator.Emulator) error {
			// The connector decrypted the password sent for this
			// certificate and opened the PFX with it; what it found inside
			// is the certificate the state names.
			var imp *emulator.PfxImport
			for _, i := range e.UserPfxImports() {
				if i.ID == certState["id"] {
					imp = &i
				}
			}
			if imp == nil {
				return fmt.Errorf("the connector saw no import of %s", certState["id"])
			}
			if imp.Method != "POST" || !imp.PasswordDecrypted || !imp.PfxOpened || imp.Error != "" ||
				imp.Thumbprint != certState["thumbprint"] || !strings.EqualFold(imp.UserPrincipalName, upn) {
				return fmt.Errorf("connector's import: %+v; want a POST for %s whose password decrypted and opened the PFX with thumbprint %s",
					*imp, upn, certState["thumbprint"])
			}
			stored, ok := e.UserPfxCertificate(certState["id"])
			if !ok {
				return fmt.Errorf("Intune holds no certificate %s", certState["id"])
			}
			if stored["thumbprint"] != certState["thumbprint"] || stored["intendedPurpose"] != "smimeEncryption" {
				return fmt.Errorf("stored certificate: %v", stored)
			}
			return nil
		}),
		emulatorCheck(func(e *emulator.Emulator) error {
			// Each profile delivers certificates of the certificate's
			// purpose to the group.
			for _, p := range workflowProfiles {
				id := profileIDs[p.name]["id"]
				o, ok := e.DeviceConfiguration(id)
				if !ok {
					return fmt.Errorf("no %s profile %s in Intune", p.platform, id)
				}
				if o["@odata.type"] != p.odataType {
					return fmt.Errorf("%s profile has @odata.type %v, want %s", p.platform, o["@odata.type"], p.odataType)
				}
				if o["intendedPurpose"] != certState["intended_purpose"] {
					return fmt.Errorf("%s profile's intended purpose %v does not match the certificate's %s", p.platform, o["intendedPurpose"], certState["intended_purpose"])
				}
				as, _ := o["assignments"].([]any)
				if len(as) != 1 {
					return fmt.Errorf("%s profile has assignments %v, want one to group %s", p.platform, o["assignments"], group)
				}
				target, _ := as[0].(map[string]any)["target"].(map[string]any)
				if target["@odata.type"] != "#microsoft.graph.groupAssignmentTarget" || !strings.EqualFold(fmt.Sprint(target["groupId"]), group) {
					return fmt.Errorf("%s profile is assigned to %v, want group %s", p.platform, target, group)
				}
			}
			return nil
		}),
	)

	var deliveredChecks []statecheck.StateCheck
	for i, p := range workflowProfiles {
		ds := workflowStatesAddress(i)
		state0 := tfjsonpath.New("states").AtSliceIndex(0)
		deliveredChecks = append(deliveredChecks,
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("platform"), knownvalue.StringExact(p.platform)),
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("states"), knownvalue.ListSizeExact(1)),
			statecheck.ExpectKnownValue(ds, state0, knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"device_display_name": knownvalue.StringExact(p.name + "-device"),
				"user_display_name":   knownvalue.StringExact(upn),
				"device_platform":     knownvalue.StringExact(p.devicePlatform),
				"issuance_state":      knownvalue.StringExact("installed"),
				"serial_number":       knownvalue.StringExact(x509Cert.SerialNumber.Text(16)),
				"error_code":          knownvalue.Int64Exact(0),
			})),
			// The certificate on the device is the one imported.
			statecheck.CompareValuePairs(ds, state0.AtMapKey("thumbprint"), certAddress, tfjsonpath.New("thumbprint"), compare.ValuesSame()),
			statecheck.CompareValuePairs(ds, state0.AtMapKey("expiration_date_time"), certAddress, tfjsonpath.New("expiration_date_time"), compare.ValuesSame()),
		)
	}

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkWorkflowDestroyed,
		Steps: []resource.TestStep{
			{
				Config:            workflowConfig(cert, group, false),
				ConfigStateChecks: checks,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// A device of each platform checks in and installs the
				// user's certificate.
				PreConfig: func() {
					for _, p := range workflowProfiles {
						// A certificate state names the user only by display
						// name; this user's display name is the UPN.
						fields := map[string]any{"deviceDisplayName": p.name + "-device", "userDisplayName": upn,
							"certificateThumbprint": certState["thumbprint"], "certificateExpirationDateTime": pfx.notAfter,
							"certificateSerialNumber": x509Cert.SerialNumber.Text(16), "certificateIssuer": x509Cert.Issuer.String()}
						if _, ok := testEmulator.DeliverCertificate(profileIDs[p.name]["id"], fields); !ok {
							t.Fatalf("no %s profile %s in the emulator", p.platform, profileIDs[p.name]["id"])
						}
					}
				},
				Config:            workflowConfig(cert, group, true),
				ConfigStateChecks: deliveredChecks,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// checkWorkflowDestroyed checks in the emulator that the certificate and the
// six profiles in the state before destroy are gone.
func checkWorkflowDestroyed(s *terraform.State) error {
	if testEmulator == nil {
		return nil
	}
	var certs, profiles int
	for _, rs := range s.RootModule().Resources {
		switch rs.Type {
		case "intune_user_pfx_certificate":
			certs++
			if _, ok := testEmulator.UserPfxCertificate(rs.Primary.ID); ok {
				return fmt.Errorf("certificate %s still exists after destroy", rs.Primary.ID)
			}
		case "intune_imported_pfx_certificate_profile":
			profiles++
			if _, ok := testEmulator.DeviceConfiguration(rs.Primary.ID); ok {
				return fmt.Errorf("profile %s still exists after destroy", rs.Primary.ID)
			}
		}
	}
	if certs != 1 || profiles != len(workflowProfiles) {
		return fmt.Errorf("the state before destroy held %d certificates and %d profiles, want 1 and %d", certs, profiles, len(workflowProfiles))
	}
	return nil
}
