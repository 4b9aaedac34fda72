package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// TestAccResourceTimeouts: the user certificate and the profile take a
// timeouts block like the recryption request. A create timeout beyond the
// former fixed 10 minutes is accepted (a bulk import under Intune's write
// limits needs it); a change of the timeouts alone is an update that sends
// nothing to Graph; a read timeout ends a refresh that would otherwise wait
// on Graph far longer (the emulator holds every answer for ten minutes).
func TestAccResourceTimeouts(t *testing.T) {
	dir, keys, nb, na := upfxFixture(t)
	const password = "timeouts-2026"
	pfx := writeTestPfx(t, dir, "timeouts", pkcs12.Modern, password, nb, na)
	t.Cleanup(func() { testEmulator.SetLatency(0) })
	name, upn, pwFile := "tf-acc timeouts "+uuid.NewString()[:8], testUPN(), writeTempFile(t, "pw", password)
	config := func(timeouts string) string {
		cert := upfxConfig{Name: "timeouts", UPN: upn, PFX: pfx.path, PasswordFile: pwFile, Key: keys["spki"], Extra: timeouts}
		return cert.hcl() + fmt.Sprintf(`
resource "intune_imported_pfx_certificate_profile" "timeouts" {
  platform         = "ios"
  display_name     = %q
  intended_purpose = "smimeEncryption"
%s
}
`, name, timeouts)
	}
	const (
		long  = "  timeouts {\n    create = \"90m\"\n  }\n"
		short = "  timeouts {\n    create = \"90m\"\n    read   = \"1s\"\n  }\n"
		cert  = "intune_user_pfx_certificate.timeouts"
		prof  = "intune_imported_pfx_certificate_profile.timeouts"
	)
	var since time.Time
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(long),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(cert, tfjsonpath.New("timeouts").AtMapKey("create"), knownvalue.StringExact("90m")),
					statecheck.ExpectKnownValue(prof, tfjsonpath.New("timeouts").AtMapKey("create"), knownvalue.StringExact("90m")),
				},
			},
			{
				PreConfig: func() { since = time.Now() },
				Config:    config(short),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(cert, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(prof, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(cert, tfjsonpath.New("timeouts").AtMapKey("read"), knownvalue.StringExact("1s")),
					emulatorCheck(func(e *emulator.Emulator) error {
						for _, m := range []string{"PATCH", "POST"} {
							for _, le := range graphRequests(e, m, "/beta/") {
								if le.Time.After(since) {
									return fmt.Errorf("a change of the timeouts alone sent %s %s", m, le.Path)
								}
							}
						}
						return nil
					}),
				},
			},
			{
				PreConfig:   func() { testEmulator.SetLatency(10 * time.Minute) },
				Config:      config(short),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`timeout\s+expired`),
			},
			{
				PreConfig: func() { testEmulator.SetLatency(0) },
				Config:    config(short),
				PlanOnly:  true,
			},
		},
	})
}
