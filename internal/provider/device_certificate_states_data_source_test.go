package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// TestAccDeviceCertificateStates creates a macOS profile, lets the emulator
// deliver its certificate to more devices than fit on one page, and reads
// every state back through the data source.
func TestAccDeviceCertificateStates(t *testing.T) {
	testAccPreCheck(t)
	requireEmulator(t)
	const delivered = 120 // more than the emulator's default page of 100
	profile := `
provider "intune" {}

resource "intune_imported_pfx_certificate_profile" "mac" {
  platform         = "macos"
  display_name     = "tf-acc delivery"
  intended_purpose = "smimeEncryption"
  assignments      = [{ target = "all_users" }]
}
`
	withData := profile + `
data "intune_device_certificate_states" "mac" {
  profile_id = intune_imported_pfx_certificate_profile.mac.id
}
`
	ids := captured{}
	expiry := time.Date(2027, 6, 30, 12, 0, 0, 0, time.UTC)
	const ds = "data.intune_device_certificate_states.mac"
	resource.Test(t, resource.TestCase{
		// A missing profile fails once the consistency window ends: keep it short.
		ProtoV6ProviderFactories: providerFactoriesWithWindow(time.Second),
		CheckDestroy:             checkProfilesDestroyed,
		Steps: []resource.TestStep{
			{
				Config:            profile,
				ConfigStateChecks: []statecheck.StateCheck{captureOf("intune_imported_pfx_certificate_profile.mac", ids, "id")},
			},
			{
				PreConfig: func() {
					testEmulator.ResetLog()
					for i := 0; i < delivered; i++ {
						fields := map[string]any{"deviceDisplayName": fmt.Sprintf("mac-%03d", i), "userDisplayName": "Alice",
							"certificateThumbprint": fmt.Sprintf("%040x", i), "certificateExpirationDateTime": expiry,
							"certificateSerialNumber": fmt.Sprintf("%x", 1000+i), "certificateIssuer": "CN=Contoso CA"}
						if i == 1 {
							fields["certificateIssuanceState"] = "installFailed"
							fields["certificateErrorCode"] = -2016345060
						}
						if _, ok := testEmulator.DeliverCertificate(ids["id"], fields); !ok {
							t.Fatalf("no profile %s in the emulator", ids["id"])
						}
					}
				},
				Config: withData,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("platform"), knownvalue.StringExact("macos")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("states"), knownvalue.ListSizeExact(delivered)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("states").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"device_display_name":  knownvalue.StringExact("mac-000"),
						"user_display_name":    knownvalue.StringExact("Alice"),
						"device_platform":      knownvalue.StringExact("macOS"),
						"thumbprint":           knownvalue.StringExact(fmt.Sprintf("%040x", 0)),
						"serial_number":        knownvalue.StringExact("3e8"),
						"issuer":               knownvalue.StringExact("CN=Contoso CA"),
						"issuance_state":       knownvalue.StringExact("installed"),
						"revoke_status":        knownvalue.StringExact("none"),
						"error_code":           knownvalue.Int64Exact(0),
						"expiration_date_time": knownvalue.StringExact("2027-06-30T12:00:00Z"),
					})),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("states").AtSliceIndex(1), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"issuance_state": knownvalue.StringExact("installFailed"),
						"error_code":     knownvalue.Int64Exact(-2016345060),
					})),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("states").AtSliceIndex(delivered-1).AtMapKey("device_display_name"),
						knownvalue.StringExact(fmt.Sprintf("mac-%03d", delivered-1))),
					emulatorCheck(func(e *emulator.Emulator) error {
						pages := graphRequests(e, "GET", configurationsPath+"/"+ids["id"]+"/microsoft.graph.macOSImportedPFXCertificateProfile/managedDeviceCertificateStates")
						if len(pages) < 2 {
							return fmt.Errorf("the data source read %d pages of states, want both pages", len(pages))
						}
						return nil
					}),
				},
			},
			{
				Config: profile + `
data "intune_device_certificate_states" "missing" {
  profile_id = "00000000-0000-0000-0000-000000000404"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Certificate profile not found`),
			},
			{
				Config: profile + `
data "intune_device_certificate_states" "bad" {
  profile_id = "https://graph.microsoft.com/beta/x"
}
`,
				ExpectError: regexp.MustCompile(`(?s)cannot be a Graph key`),
			},
			// Errors above leave the configuration as it was; end on a valid one
			// so the test can destroy what it made.
			{Config: profile},
		},
	})
}
