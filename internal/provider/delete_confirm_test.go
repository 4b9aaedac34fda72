package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// deleteCase is one entity for the ignored-delete tests.
type deleteCase struct {
	entity  string // as the error names it
	address string
	config  string
	path    string // the entity set, for counting DELETEs
	// get reads the object from Graph; a 404 means gone.
	get func(ctx context.Context, id string) error
}

func deleteCases(t *testing.T) []deleteCase {
	dir, keys, nb, na := upfxFixture(t)
	p := writeTestPfx(t, dir, "deleted", pkcs12.Modern, "Pa55-w0rd!", nb, na)
	c := testClient(t)
	return []deleteCase{
		{
			entity:  "user PFX certificate",
			address: upfxResource,
			config:  upfxConfig{UPN: testUPN(), PFX: p.path, PasswordFile: writeTempFile(t, "pw", "Pa55-w0rd!"), Key: keys["spki"]}.hcl(),
			path:    "/beta/deviceManagement/userPfxCertificates",
			get: func(ctx context.Context, id string) error {
				_, err := c.UserPfxCertificateSet().Get(ctx, id)
				return err
			},
		},
		{
			entity:  "imported PFX certificate profile",
			address: "intune_imported_pfx_certificate_profile.test",
			config:  profileConfig("tf-acc ignored delete", "smimeEncryption", ""),
			path:    configurationsPath,
			get: func(ctx context.Context, id string) error {
				_, err := c.DeviceConfigurationSet().Get(ctx, id)
				return err
			},
		},
		{
			entity:  "PFX recryption request",
			address: testResource,
			config:  newPfxConfig().hcl(),
			path:    "/beta/pfxRecryptionRequests",
			get: func(ctx context.Context, id string) error {
				_, err := c.PfxRecryptionRequestSet().Get(ctx, id)
				return err
			},
		},
	}
}

// deletesOf counts the DELETEs the emulator received for id.
func deletesOf(e *emulator.Emulator, path, id string) int {
	n := 0
	for _, le := range graphRequests(e, "DELETE", path) {
		if strings.Contains(le.Path, id) {
			n++
		}
	}
	return n
}

// TestAccDeleteConfirmed_ignoredOnce: Graph answers 204 to the first DELETE
// and keeps the object (Intune-Resource-Access #157). The destroy reads the
// object through the consistency window, finds it still there, deletes it
// again, and only then reports it destroyed; the object is gone.
func TestAccDeleteConfirmed_ignoredOnce(t *testing.T) {
	testAccPreCheck(t)
	requireEmulator(t)
	for _, tc := range deleteCases(t) {
		t.Run(tc.entity, func(t *testing.T) {
			ids := captured{}
			resource.Test(t, resource.TestCase{
				// A short window: an ignored delete stays whatever the wait,
				// so only the test's duration depends on it.
				ProtoV6ProviderFactories: providerFactoriesWithWindow(time.Second),
				Steps: []resource.TestStep{
					{Config: tc.config, ConfigStateChecks: []statecheck.StateCheck{captureOf(tc.address, ids, "id")}},
					{
						PreConfig: func() {
							testEmulator.ResetLog()
							withBehavior(t, emulator.Behavior{IgnoredDeletes: 1})
						},
						Config:  tc.config,
						Destroy: true,
						Check: func(*terraform.State) error {
							if n := deletesOf(testEmulator, tc.path, ids["id"]); n != 2 {
								return fmt.Errorf("%d DELETEs sent, want 2 (the first was ignored)", n)
							}
							if err := tc.get(context.Background(), ids["id"]); !graph.IsNotFound(err) {
								return fmt.Errorf("the %s %s is still readable after the destroy (%w)", tc.entity, ids["id"], err)
							}
							return nil
						},
					},
				},
			})
		})
	}
}

// TestAccDeleteConfirmed_alwaysIgnored: every DELETE answers 204 and keeps
// the object. The destroy fails with an error naming the object and what to
// do, and the resource stays in state: the next plan shows it unchanged.
func TestAccDeleteConfirmed_alwaysIgnored(t *testing.T) {
	testAccPreCheck(t)
	requireEmulator(t)
	for _, tc := range deleteCases(t) {
		t.Run(tc.entity, func(t *testing.T) {
			ids := captured{}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: providerFactoriesWithWindow(time.Second),
				Steps: []resource.TestStep{
					{Config: tc.config, ConfigStateChecks: []statecheck.StateCheck{captureOf(tc.address, ids, "id")}},
					{
						PreConfig: func() { withBehavior(t, emulator.Behavior{IgnoredDeletes: -1}) },
						Config:    tc.config,
						Destroy:   true,
						ExpectError: regexp.MustCompile(`(?s)Unable to delete ` + strings.ReplaceAll(tc.entity, " ", `\s+`) +
							`.*still\s+there.*kept\s+in\s+state.*terraform\s+state\s+rm`),
					},
					{
						// Still in state, and still in Graph: nothing to do.
						PreConfig: func() {
							testEmulator.SetBehavior(emulator.Behavior{})
							if n := deletesOf(testEmulator, tc.path, ids["id"]); n != 3 {
								t.Errorf("%d DELETEs sent, want 3", n)
							}
						},
						Config: tc.config,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(tc.address, plancheck.ResourceActionNoop)},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(tc.address, tfjsonpath.New("id"), knownvalue.StringFunc(func(v string) error {
								if v != ids["id"] {
									return fmt.Errorf("id %s, want %s", v, ids["id"])
								}
								return tc.get(context.Background(), v)
							})),
						},
					},
				},
			})
		})
	}
}
