package provider

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
	"github.com/openintune/terraform-provider-intune/internal/graph"
)

const listingGroup = "3f0c9a51-7d2e-4b8a-9c61-0e4f5a6b7c8d"

// profilesManyConfig is a trusted root on Android (device owner), n iOS
// trusted profiles assigned to a group, and scep SCEP profiles linked to the
// root.
func profilesManyConfig(t *testing.T, n, scep int, name, group string) string {
	return fmt.Sprintf(`
provider "intune" {}

resource "intune_trusted_certificate_profile" "root" {
  platform     = "android_device_owner"
  display_name = "%[2]s root"
  certificate  = file(%[1]q)
}

resource "intune_trusted_certificate_profile" "r" {
  count        = %[3]d
  platform     = "ios"
  display_name = format("%[2]s %%02d", count.index)
  certificate  = file(%[1]q)
  assignments  = [{ target = "group", group_id = %[5]q }]
}

resource "intune_scep_certificate_profile" "s" {
  count               = %[4]d
  platform            = "android_device_owner"
  display_name        = format("%[2]s scep %%02d", count.index)
  root_certificate_id = intune_trusted_certificate_profile.root.id
  scep_server_urls    = ["https://ndes.example.com/certsrv/mscep/mscep.dll"]
}
`, testRootFile(t), name, n, scep, group)
}

// profileReads counts, in the emulator's log, the GETs of single profiles,
// the listing's pages (each checked to ask for the assignments), and the
// reads of root links.
func profileReads(e *emulator.Emulator) (gets, pages, links int, err error) {
	for _, le := range graphRequests(e, "GET", configurationsPath) {
		rest := strings.TrimPrefix(le.Path, configurationsPath)
		switch {
		case rest == "":
			pages++
			if q, _ := url.ParseQuery(le.RawQuery); q.Get("$expand") != "assignments" && q.Get("$skiptoken") == "" {
				err = fmt.Errorf("listing %q does not ask for $expand=assignments", le.RawQuery)
			}
		case strings.Contains(rest, "/rootCertificate"):
			links++
		case strings.Count(rest, "/") == 1:
			gets++
		}
	}
	return gets, pages, links, err
}

// A refresh of 19 profiles reads them from the listing of deviceConfigurations
// with $expand=assignments, and the SCEP profiles' root links one by one
// (no listing carries them). When the service ignores $expand on the
// listing, every profile is read by GET after the one listing that shows it.
func TestAccCertificateProfile_refreshFromListing(t *testing.T) {
	testAccPreCheck(t)
	requireEmulator(t)
	const n, scep = 12, 6
	cfg := profilesManyConfig(t, n, scep, "tf-acc listing", listingGroup)
	t.Cleanup(func() { testEmulator.SetBehavior(emulator.Behavior{}) })
	resource.Test(t, resource.TestCase{
		// A short window: profiles this apply wrote are otherwise read by
		// GET for the window and list lag after the write, as they must be.
		ProtoV6ProviderFactories: providerFactoriesWithLag(time.Millisecond, time.Millisecond),
		CheckDestroy:             checkProfilesDestroyed,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig:    func() { testEmulator.ResetLog() },
				RefreshState: true,
				Check: func(*terraform.State) error {
					gets, pages, links, err := profileReads(testEmulator)
					if err != nil {
						return err
					}
					size := len(testEmulator.DeviceConfigurationIDs())
					maxPages := (size + emulator.DefaultPageSize - 1) / emulator.DefaultPageSize
					if pages == 0 || gets > 1+maxPages || links != scep {
						return fmt.Errorf("refresh of %d profiles (set of %d) sent %d GETs, %d listing pages and %d link reads; "+
							"want the listing, at most %d GETs, and %d link reads", n+scep+1, size, gets, pages, links, 1+maxPages, scep)
					}
					return nil
				},
			},
			{
				PreConfig: func() {
					testEmulator.SetBehavior(emulator.Behavior{ListingIgnoresExpand: true})
					testEmulator.ResetLog()
				},
				RefreshState: true,
				Check: func(*terraform.State) error {
					gets, pages, _, err := profileReads(testEmulator)
					if err != nil {
						return err
					}
					if all := n + scep + 1; gets != all || pages != 1 {
						return fmt.Errorf("listing without assignments: %d GETs and %d pages, want %d GETs (every profile) and 1 page", gets, pages, all)
					}
					return nil
				},
			},
		},
	})
}

// Drift and an outside delete show as they do without listings: the
// listing carries a rename and a changed assignment, and the deleted
// profile, missing from it, is read by GET, whose 404 removes it from state.
func TestAccCertificateProfile_listingShowsDriftAndDeletes(t *testing.T) {
	testAccPreCheck(t)
	requireEmulator(t)
	cfg := profilesManyConfig(t, 6, 0, "tf-acc listing drift", listingGroup)
	ids := map[int]string{}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactoriesWithLag(time.Millisecond, time.Millisecond),
		CheckDestroy:             checkProfilesDestroyed,
		Steps: []resource.TestStep{
			{Config: cfg, Check: keepIDs(ids, "intune_trusted_certificate_profile.r", 1, 2, 3)},
			{
				PreConfig: func() {
					c := testClient(t)
					ctx := context.Background()
					body := graph.NewDeviceConfiguration("#microsoft.graph.iosTrustedRootCertificate")
					renamed := "renamed in the portal"
					body.SetDisplayName(&renamed)
					if _, err := c.DeviceConfigurationSet().Update(ctx, ids[1], "", body); err != nil {
						t.Fatal(err)
					}
					if !testEmulator.SetDeviceConfigurationAssignments(ids[2], map[string]any{
						"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}) {
						t.Fatal("no profile to assign")
					}
					if err := c.DeviceConfigurationSet().Delete(ctx, ids[3], ""); err != nil {
						t.Fatal(err)
					}
					testEmulator.ResetLog()
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("intune_trusted_certificate_profile.r[1]", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("intune_trusted_certificate_profile.r[2]", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("intune_trusted_certificate_profile.r[3]", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction("intune_trusted_certificate_profile.r[0]", plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					_, pages, _, err := profileReads(testEmulator)
					if err != nil {
						return err
					}
					if pages == 0 {
						return fmt.Errorf("no listing of the set: the refresh did not read from the listing, so this test shows nothing")
					}
					return nil
				},
			},
		},
	})
}
