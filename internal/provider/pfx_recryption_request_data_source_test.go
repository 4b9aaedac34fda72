package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// TestAccPfxRecryptionRequestDataSource_basic reads a request by id and gets
// every attribute the resource has.
func TestAccPfxRecryptionRequestDataSource_basic(t *testing.T) {
	cfg := newPfxConfig()
	cfg.Extra = `  status      = 3
  source_type = 1
  device_key_thumbprint = "0A1B2C3D"`
	config := cfg.hcl() + `
data "intune_pfx_recryption_request" "test" {
  id = intune_pfx_recryption_request.test.id
}
`
	const data = "data.intune_pfx_recryption_request.test"
	var same []statecheck.StateCheck
	for _, a := range []string{"id", "tenant_id", "user_id", "device_id", "profile_id", "thumbprint", "device_key_thumbprint",
		"status", "source_type", "created_time", "last_modified_time", "is_deleted", "e_tag"} {
		same = append(same, statecheck.CompareValuePairs(testResource, tfjsonpath.New(a), data, tfjsonpath.New(a), compare.ValuesSame()))
	}

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: same,
			},
		},
	})
}

// TestAccPfxRecryptionRequestDataSource_errors: an id that does not exist, or
// that is not a bare id, is a clear error.
func TestAccPfxRecryptionRequestDataSource_errors(t *testing.T) {
	resource.Test(t, resource.TestCase{
		PreCheck: func() { testAccPreCheck(t) },
		// A missing id fails once the consistency window ends: keep it short.
		ProtoV6ProviderFactories: providerFactoriesWithWindow(time.Second),
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf(`
provider "intune" {}
data "intune_pfx_recryption_request" "missing" {
  id = %q
}
`, uuid.NewString()),
				ExpectError: regexp.MustCompile(`(?s)PFX recryption request not found.*No PFX recryption request with the id`),
			},
			{
				Config: `
provider "intune" {}
data "intune_pfx_recryption_request" "url" {
  id = "https://graph.microsoft.com/beta/pfxRecryptionRequests/x"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Error: Invalid id.*cannot be a\s+Graph key.*Use the bare id of the\s+object, not a URL`),
			},
		},
	})
}
