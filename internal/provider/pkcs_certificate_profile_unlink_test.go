package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// TestAccPkcsCertificateProfile_removeRoot: removing the optional root of a
// PKCS profile unbinds the link in place, and the plan after is empty.
func TestAccPkcsCertificateProfile_removeRoot(t *testing.T) {
	testAccPreCheck(t)
	requireEmulator(t)
	cfg := func(link string) string {
		return fmt.Sprintf(`
provider "intune" {}

resource "intune_trusted_certificate_profile" "root" {
  platform     = "aosp"
  display_name = "tf-acc unlink root"
  certificate  = file(%q)
}

resource "intune_pkcs_certificate_profile" "pkcs" {
  platform                     = "aosp"
  display_name                 = "tf-acc unlink pkcs"
  certification_authority      = "ca.example.com"
  certification_authority_name = "Example Issuing CA"
  certificate_template_name    = "DeviceAuth"
  %s
}
`, testRootFile(t), link)
	}
	addr := "intune_pkcs_certificate_profile.pkcs"
	linkIs := func(want bool) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			id, err := profileStateID(s, addr)
			if err != nil {
				return err
			}
			if got, _ := testEmulator.RootCertificateID(id); (got != "") != want {
				return fmt.Errorf("link %q in the emulator, want bound = %v", got, want)
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkProfilesDestroyed,
		Steps: []resource.TestStep{
			{Config: cfg("root_certificate_id = intune_trusted_certificate_profile.root.id"), Check: linkIs(true)},
			{Config: cfg(""), Check: linkIs(false),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}
