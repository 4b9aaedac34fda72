package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
	"github.com/openintune/terraform-provider-intune/internal/graph"
)

const upfxSetPath = "/beta/deviceManagement/userPfxCertificates"

// upfxManyConfig is n user PFX certificates of n users sharing one PFX.
func upfxManyConfig(n int, prefix, pfxPath, pwPath, key string) string {
	return fmt.Sprintf(`
provider "intune" {}

resource "intune_user_pfx_certificate" "r" {
  count                 = %d
  user_principal_name   = format("%s-%%02d@contoso.example", count.index)
  pfx_wo                = filebase64(%q)
  pfx_password_wo       = file(%q)
  encryption_public_key = %s
  provider_name         = %q
  key_name              = %q
}
`, n, prefix, pfxPath, pwPath, key, connectorProviderName(), connectorKeyName())
}

// setReads counts the GETs of single objects and the listings (pages) of
// the user PFX set in the emulator's log.
func setReads(e *emulator.Emulator) (gets, pages int) {
	for _, le := range graphRequests(e, "GET", upfxSetPath) {
		if strings.TrimPrefix(le.Path, upfxSetPath) == "" {
			pages++
		} else {
			gets++
		}
	}
	return gets, pages
}

// A refresh of 12 certificates reads them from the set's listing: one GET,
// then the listing's first page (the whole set here), not 12 GETs.
func TestAccUserPfxCertificate_refreshFromListing(t *testing.T) {
	requireEmulator(t) // counts the emulator's log
	dir, keys, nb, na := upfxFixture(t)
	p := writeTestPfx(t, dir, "shared", pkcs12.Modern, "Pa55-w0rd!", nb, na)
	const n = 12
	cfg := upfxManyConfig(n, "listing-"+testUPN()[5:13], p.path, writeTempFile(t, "pw", "Pa55-w0rd!"), keys["spki"])
	resource.Test(t, resource.TestCase{
		PreCheck: func() { testAccPreCheck(t) },
		// A short window: objects this apply wrote are otherwise read by
		// GET for the window and list lag after the write, as they must be.
		ProtoV6ProviderFactories: providerFactoriesWithLag(time.Millisecond, time.Millisecond),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig:    func() { testEmulator.ResetLog() },
				RefreshState: true,
				Check: func(*terraform.State) error {
					e := testEmulator
					gets, pages := setReads(e)
					size := len(e.UserPfxCertificateIDs())
					maxPages := (size + emulator.DefaultPageSize - 1) / emulator.DefaultPageSize
					if pages == 0 || gets+pages >= n || gets > 1+maxPages {
						return fmt.Errorf("refresh of %d certificates (set of %d) sent %d GETs and %d listing pages; want the listing, "+
							"at most %d GETs, fewer than %d requests", n, size, gets, pages, 1+maxPages, n)
					}
					return nil
				},
			},
		},
	})
}

// Drift and an outside delete show as they do without listings: the
// listing carries the changed purpose, and the deleted certificate, missing
// from it, is read by GET, whose 404 removes it from state.
func TestAccUserPfxCertificate_listingShowsDriftAndDeletes(t *testing.T) {
	requireEmulator(t) // counts the emulator's log
	dir, keys, nb, na := upfxFixture(t)
	p := writeTestPfx(t, dir, "shared", pkcs12.Modern, "Pa55-w0rd!", nb, na)
	cfg := upfxManyConfig(6, "drift-"+testUPN()[5:13], p.path, writeTempFile(t, "pw", "Pa55-w0rd!"), keys["spki"])
	ids := map[int]string{}
	resource.Test(t, resource.TestCase{
		PreCheck: func() { testAccPreCheck(t) },
		// A short window: objects this apply wrote are otherwise read by
		// GET for the window and list lag after the write, as they must be.
		ProtoV6ProviderFactories: providerFactoriesWithLag(time.Millisecond, time.Millisecond),
		Steps: []resource.TestStep{
			{Config: cfg, Check: keepIDs(ids, "intune_user_pfx_certificate.r", 1, 2)},
			{
				PreConfig: func() {
					c := testClient(t)
					ctx := context.Background()
					body := graph.NewUserPFXCertificate()
					purpose := graph.UserPfxIntendedPurpose("smimeSigning")
					body.SetIntendedPurpose(&purpose)
					if _, err := c.UserPfxCertificateSet().Update(ctx, ids[1], "", body); err != nil {
						t.Fatal(err)
					}
					if err := c.UserPfxCertificateSet().Delete(ctx, ids[2], ""); err != nil {
						t.Fatal(err)
					}
					testEmulator.ResetLog()
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("intune_user_pfx_certificate.r[1]", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("intune_user_pfx_certificate.r[2]", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction("intune_user_pfx_certificate.r[0]", plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if _, pages := setReads(testEmulator); pages == 0 {
						return fmt.Errorf("no listing of the set: the refresh did not read from the listing, so this test shows nothing")
					}
					return nil
				},
			},
		},
	})
}
