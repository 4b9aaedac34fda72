package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// TestAccUserPfxCertificate_keyRotationLostPatch: the connector gets a new
// key, the configuration the new public key, and the PATCH that re-encrypts
// the password is lost (504, nothing applied). encryptedPfxPassword is never
// read back, so every field Graph shows looks updated; the provider must
// send the PATCH again rather than trust that. The stored password then
// opens with the new key, and the plan is empty.
func TestAccUserPfxCertificate_keyRotationLostPatch(t *testing.T) {
	dir, keys, nb, na := upfxFixture(t)
	p := writeTestPfx(t, dir, "rotated", pkcs12.Modern, "Pa55-w0rd!", nb, na)
	pw := writeTempFile(t, "pw", "Pa55-w0rd!")
	upn := testUPN()
	id := emulator.UserPfxCertificateID(upn, p.thumbprint)
	newKey := filepath.Join(dir, "rotated-key.pem")
	cfg := upfxConfig{UPN: upn, PFX: p.path, PasswordFile: pw, Key: keys["spki"]}
	rotated := cfg
	rotated.Key = fmt.Sprintf("file(%q)", newKey)
	opens := emulatorCheck(func(e *emulator.Emulator) error {
		if err := e.UserPfxPasswordOpens(id); err != nil {
			return fmt.Errorf("the connector cannot use the stored certificate: %w", err)
		}
		return nil
	})

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkUserPfxDestroyed(t, upn),
		Steps: []resource.TestStep{
			{Config: cfg.hcl(), ConfigStateChecks: []statecheck.StateCheck{opens}},
			{
				PreConfig: func() {
					if err := testEmulator.RotateConnectorKey(); err != nil {
						t.Fatal(err)
					}
					k, err := testEmulator.ConnectorPublicKey()
					if err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(newKey, []byte(k.SPKIPEM), 0o600); err != nil {
						t.Fatal(err)
					}
					testEmulator.ResetLog()
					withFaults(t, emulator.Fault{Name: "upfx-patch-lost", Method: "PATCH",
						PathPrefix: "/beta/deviceManagement/userPfxCertificates", Status: 504, Count: 1})
				},
				Config: rotated.hcl(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(upfxResource, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					emulatorCheck(func(e *emulator.Emulator) error {
						if n := e.FaultsInjected()["upfx-patch-lost"]; n != 1 {
							return fmt.Errorf("the fault fired %d times, want 1", n)
						}
						if n := len(graphRequests(e, "PATCH", "/beta/deviceManagement/userPfxCertificates")); n != 2 {
							return fmt.Errorf("%d PATCHes sent, want 2: the lost one and its repeat", n)
						}
						return nil
					}),
					opens,
					expectImport(upn, "PATCH", "oaepSha512", p.thumbprint),
				},
			},
		},
	})
}
