package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// TestAccScepCertificateProfile_flags: flags enums answered with another
// separator (", ") are the same sets, import included; the empty set of
// subject alternative name types is sent as none and read back as empty.
func TestAccScepCertificateProfile_flags(t *testing.T) {
	testAccPreCheck(t)
	requireEmulator(t)
	testEmulator.SetBehavior(emulator.Behavior{FlagsSeparator: ", "})
	t.Cleanup(func() { testEmulator.SetBehavior(emulator.Behavior{}) })
	cfg := fmt.Sprintf(`
provider "intune" {}

resource "intune_trusted_certificate_profile" "root" {
  platform     = "android_device_owner"
  display_name = "tf-acc flags root"
  certificate  = file(%q)
}

resource "intune_scep_certificate_profile" "scep" {
  platform                       = "android_device_owner"
  display_name                   = "tf-acc flags scep"
  root_certificate_id            = intune_trusted_certificate_profile.root.id
  scep_server_urls               = ["https://ndes.example.com/certsrv/mscep/mscep.dll"]
  key_usage                      = ["digitalSignature", "keyEncipherment"]
  hash_algorithm                 = ["sha2", "sha1"]
  subject_alternative_name_types = []
}
`, testRootFile(t))
	addr := "intune_scep_certificate_profile.scep"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkProfilesDestroyed,
		Steps: []resource.TestStep{
			{Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("subject_alternative_name_types"), knownvalue.SetSizeExact(0)),
					emulatorCheck(func(e *emulator.Emulator) error {
						for _, p := range profileRequests(e, "POST", "") {
							body := string(p.Body)
							if strings.Contains(body, "ScepCertificateProfile") && !containsAll(body, []string{
								`"keyUsage":"keyEncipherment,digitalSignature"`, `"hashAlgorithm":"sha1,sha2"`, `"subjectAlternativeNameType":"none"`}) {
								return fmt.Errorf("flags not sent as comma-joined members: %s", p.Body)
							}
						}
						return nil
					}),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts"}},
		},
	})
}
