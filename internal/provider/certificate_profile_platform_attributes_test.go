package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestAccIssuingProfiles_platformAttributes: an attribute the platform's
// type lacks, the root link of a Windows PKCS profile included, is a plan
// error naming it.
func TestAccIssuingProfiles_platformAttributes(t *testing.T) {
	testAccPreCheck(t)
	step := func(cfg, want string) resource.TestStep {
		return resource.TestStep{Config: "provider \"intune\" {}\n" + cfg, PlanOnly: true, ExpectError: regexp.MustCompile(want)}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(`
resource "intune_pkcs_certificate_profile" "p" {
  platform                     = "windows10"
  display_name                 = "x"
  root_certificate_id          = "00000000-0000-0000-0000-000000000001"
  certification_authority      = "ca.example.com"
  certification_authority_name = "CA"
  certificate_template_name    = "T"
}`, `(?s)root_certificate_id applies to platform.*"android_device_owner".*Remove\s+root_certificate_id`),
			step(`
resource "intune_scep_certificate_profile" "s" {
  platform            = "ios"
  display_name        = "x"
  root_certificate_id = "00000000-0000-0000-0000-000000000001"
  scep_server_urls    = ["https://ndes.example.com/certsrv/mscep/mscep.dll"]
  hash_algorithm      = ["sha2"]
}`, `(?s)hash_algorithm applies to platform.*iosScepCertificateProfile\s+has\s+no.*hashAlgorithm`),
			step(`
resource "intune_scep_certificate_profile" "s" {
  platform                     = "macos"
  display_name                 = "x"
  root_certificate_id          = "00000000-0000-0000-0000-000000000001"
  scep_server_urls             = ["https://ndes.example.com/certsrv/mscep/mscep.dll"]
  renewal_threshold_percentage = 100
}`, `(?s)renewal_threshold_percentage.*between\s+1\s+and\s+99`),
		},
	})
}
