package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// TestAccPfxRecryptionRequest_identity: the resource records its identity,
// and imports both by identity and by id with an import block, with no
// changes planned afterwards.
func TestAccPfxRecryptionRequest_identity(t *testing.T) {
	skipUnless(t, featureIdentity, featureImportBlock)
	cfg := newPfxConfig()
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg.hcl(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(testResource, map[string]knownvalue.Check{
						"id": knownvalue.StringRegexp(regexp.MustCompile(`^\S+$`)),
					}),
					statecheck.ExpectIdentityValueMatchesState(testResource, tfjsonpath.New("id")),
				},
			},
			{
				ResourceName:    testResource,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				ResourceName:    testResource,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
	})
}

// TestAccPfxRecryptionRequest_importBlock imports by id with an import block,
// which the plan shows as an import with no changes: all that Terraform 1.5 to
// 1.11, with import blocks but no resource identity, can do.
func TestAccPfxRecryptionRequest_importBlock(t *testing.T) {
	skipUnless(t, featureImportBlock)
	cfg := newPfxConfig()
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg.hcl()},
			{
				ResourceName:    testResource,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
	})
}

// TestAccPfxRecryptionRequest_adoptByIdentity brings a request made outside
// Terraform under management with import { identity = { id = ... } }: the
// plan imports it without creating anything, and plans nothing afterwards.
func TestAccPfxRecryptionRequest_adoptByIdentity(t *testing.T) {
	skipUnless(t, featureIdentity, featureImportBlock)
	testAccPreCheck(t)
	seed := pfxSeed{UserID: uuid.NewString(), DeviceID: uuid.NewString(), ProfileID: uuid.NewString(), Thumbprint: "ADOPT0A0B0C0D", Status: 4}
	id := seedPfx(t, seed)[0]
	config := fmt.Sprintf(`
provider "intune" {}

import {
  to       = intune_pfx_recryption_request.test
  identity = { id = %q }
}

resource "intune_pfx_recryption_request" "test" {
  user_id    = %q
  device_id  = %q
  profile_id = %q
  thumbprint = %q
  status     = 4
}
`, id, seed.UserID, seed.DeviceID, seed.ProfileID, seed.Thumbprint)

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionNoop)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(testResource, tfjsonpath.New("id"), knownvalue.StringExact(id)),
				statecheck.ExpectIdentity(testResource, map[string]knownvalue.Check{"id": knownvalue.StringExact(id)}),
				statecheck.ExpectKnownValue(testResource, tfjsonpath.New("e_tag"), knownvalue.NotNull()),
				emulatorCheck(func(e *emulator.Emulator) error {
					// Only the seed's own create: the import made nothing new.
					if n := countPosts(e, seed.ProfileID); n != 1 {
						return fmt.Errorf("%d creates for the adopted request's profile, want 1 (the seed's)", n)
					}
					return nil
				}),
			},
		}},
	})
}

// countPosts counts create requests whose body mentions marker.
func countPosts(e *emulator.Emulator, marker string) int {
	n := 0
	re := regexp.MustCompile(`(?i)` + regexp.QuoteMeta(marker))
	for _, le := range graphRequests(e, "POST", "/beta/pfxRecryptionRequests") {
		if re.Match(le.Body) {
			n++
		}
	}
	return n
}

// TestAccPfxRecryptionRequest_goneWithoutIdentity refreshes, at the protocol
// level, a request deleted outside Terraform, as Terraform before 1.12 does:
// without the resource identity, which those versions do not store. The
// refresh must drop the resource without an error; the framework rejects a
// read that returns no identity, also one that removes the resource.
func TestAccPfxRecryptionRequest_goneWithoutIdentity(t *testing.T) {
	testAccPreCheck(t)
	ctx := context.Background()
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	// An empty provider block: the acceptance tests' environment configures it.
	config := dynamicValue(t, schemas.Provider.ValueType(), map[string]tftypes.Value{})
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &config})
	if err != nil {
		t.Fatal(err)
	}
	failOnDiags(t, "ConfigureProvider", configured.Diagnostics)

	stateType := schemas.ResourceSchemas["intune_pfx_recryption_request"].ValueType()
	state := dynamicValue(t, stateType, map[string]tftypes.Value{
		"id": tftypes.NewValue(tftypes.String, uuid.NewString()), // no such request
	})
	read, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{
		TypeName: "intune_pfx_recryption_request", CurrentState: &state,
	})
	if err != nil {
		t.Fatal(err)
	}
	failOnDiags(t, "ReadResource of a deleted request without identity", read.Diagnostics)
	if gone := unmarshalDynamic(t, read.NewState, stateType); !gone.IsNull() {
		t.Fatalf("the deleted request is still in state: %v", gone)
	}
}
