package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// TestAccScepCertificateProfile_foreignRoot: a trusted root of another
// platform is refused by the provider itself (the emulator is told to
// accept it), at plan time when the root's id is known and at apply time
// when it is not, and no SCEP profile is created either way.
func TestAccScepCertificateProfile_foreignRoot(t *testing.T) {
	testAccPreCheck(t)
	requireEmulator(t)
	testEmulator.SetBehavior(emulator.Behavior{ForeignRootBinds: true})
	t.Cleanup(func() { testEmulator.SetBehavior(emulator.Behavior{}) })
	cert := testRootFile(t)
	root := fmt.Sprintf(`
provider "intune" {}

resource "intune_trusted_certificate_profile" "ios" {
  platform     = "ios"
  display_name = "tf-acc foreign root"
  certificate  = file(%q)
}
`, cert)
	scep := func(rootExpr string) string {
		return root + fmt.Sprintf(`
resource "intune_scep_certificate_profile" "windows" {
  platform            = "windows10"
  display_name        = "tf-acc foreign root scep"
  root_certificate_id = %s
  scep_server_urls    = ["https://ndes.example.com/certsrv/mscep/mscep.dll"]
}
`, rootExpr)
	}
	refused := regexp.MustCompile(`(?s)Root certificate of another platform.*iosTrustedRootCertificate.*windows81TrustedRootCertificate`)
	noScep := func(*terraform.State) error {
		for _, p := range profileRequests(testEmulator, "POST", "") {
			if strings.Contains(string(p.Body), "SCEPCertificateProfile") {
				return fmt.Errorf("a SCEP profile was created: %s", p.Body)
			}
		}
		return nil
	}
	testEmulator.ResetLog()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkProfilesDestroyed,
		Steps: []resource.TestStep{
			// Root and profile in one apply: the id is unknown at plan time.
			{Config: scep("intune_trusted_certificate_profile.ios.id"), ExpectError: refused},
			{Config: root, Check: noScep},
			// The id is known: refused at plan time.
			{Config: scep("intune_trusted_certificate_profile.ios.id"), PlanOnly: true, ExpectError: refused},
			{Config: root, Check: noScep},
		},
	})
}
