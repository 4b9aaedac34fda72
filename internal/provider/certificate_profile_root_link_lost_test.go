package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// TestAccScepCertificateProfile_lostRef: the connection drops after Graph
// changed the link (an unknown outcome); the provider reads the link back,
// finds the new root and succeeds, and the plan after is empty.
func TestAccScepCertificateProfile_lostRef(t *testing.T) {
	testAccPreCheck(t)
	requireEmulator(t)
	t.Cleanup(testEmulator.ClearFaults)
	cert := testRootFile(t)
	cfg := func(root string) string {
		return fmt.Sprintf(`
provider "intune" {}

resource "intune_trusted_certificate_profile" "a" {
  platform     = "windows10"
  display_name = "tf-acc lost ref root a"
  certificate  = file(%[1]q)
}

resource "intune_trusted_certificate_profile" "b" {
  platform     = "windows10"
  display_name = "tf-acc lost ref root b"
  certificate  = file(%[1]q)
}

resource "intune_scep_certificate_profile" "scep" {
  platform            = "windows10"
  display_name        = "tf-acc lost ref scep"
  root_certificate_id = intune_trusted_certificate_profile.%[2]s.id
  scep_server_urls    = ["https://ndes.example.com/certsrv/mscep/mscep.dll"]
}
`, cert, root)
	}
	addr := "intune_scep_certificate_profile.scep"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkProfilesDestroyed,
		Steps: []resource.TestStep{
			{Config: cfg("a")},
			{Config: cfg("b"),
				PreConfig: func() {
					testEmulator.AddFault(emulator.Fault{Name: "lost-ref", Method: "PUT", PathPrefix: configurationsPath,
						Reset: true, AfterCommit: true, Count: 1})
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(s *terraform.State) error {
					if n := testEmulator.FaultsInjected()["lost-ref"]; n != 1 {
						return fmt.Errorf("the lost $ref fault fired %d times, want 1", n)
					}
					id, _ := profileStateID(s, addr)
					root, _ := profileStateID(s, "intune_trusted_certificate_profile.b")
					if got, _ := testEmulator.RootCertificateID(id); !strings.EqualFold(got, root) {
						return fmt.Errorf("link %q, want root b %q", got, root)
					}
					return nil
				}},
		},
	})
}
