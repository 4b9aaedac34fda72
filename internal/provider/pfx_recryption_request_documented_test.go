package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// TestAccPfxRecryptionRequest_isDeletedSent: is_deleted, which Graph
// documents in the create body, is sent when configured, and a change of it
// is sent as an update.
func TestAccPfxRecryptionRequest_isDeletedSent(t *testing.T) {
	testAccPreCheck(t)
	cfg := newPfxConfig()
	if testEmulator != nil {
		testEmulator.ResetLog()
	}
	sent := func(method string, want bool) statecheck.StateCheck {
		return emulatorCheck(func(e *emulator.Emulator) error {
			reqs := graphRequests(e, method, "/beta/pfxRecryptionRequests")
			if len(reqs) != 1 {
				return fmt.Errorf("want 1 %s, got %d", method, len(reqs))
			}
			var body map[string]any
			if err := json.Unmarshal(reqs[0].Body, &body); err != nil {
				return err
			}
			if body["isDeleted"] != want {
				return fmt.Errorf("%s body = %s, want isDeleted %v", method, reqs[0].Body, want)
			}
			return nil
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkPfxDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: withExtra(cfg, "  is_deleted = true").hcl(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("is_deleted"), knownvalue.Bool(true)),
					sent("POST", true),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				PreConfig: func() {
					if testEmulator != nil {
						testEmulator.ResetLog()
					}
				},
				Config: withExtra(cfg, "  is_deleted = false").hcl(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("is_deleted"), knownvalue.Bool(false)),
					sent("PATCH", false),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Left out: Intune's value is kept, nothing is sent.
				Config: cfg.hcl(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// TestAccPfxRecryptionRequest_emptyThumbprintRefused: an empty or
// whitespace-only thumbprint is an error at plan time, with no request sent.
func TestAccPfxRecryptionRequest_emptyThumbprintRefused(t *testing.T) {
	testAccPreCheck(t)
	if testEmulator != nil {
		testEmulator.ResetLog()
	}
	step := func(thumbprint string) resource.TestStep {
		cfg := newPfxConfig()
		cfg.Thumbprint = thumbprint
		return resource.TestStep{
			Config:      cfg.hcl(),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Empty thumbprint.*required\s+identifier`),
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps:                    []resource.TestStep{step(""), step("   "), step("\t")},
	})
	if testEmulator != nil {
		if n := len(graphRequests(testEmulator, "POST", "/beta/pfxRecryptionRequests")); n != 0 {
			t.Errorf("%d POSTs for a configuration refused at plan time", n)
		}
	}
}

// TestThumbprintValidatorIdentifier: where the thumbprint is the identifier,
// empty and whitespace-only are errors; whitespace inside stays a warning.
func TestThumbprintValidatorIdentifier(t *testing.T) {
	for _, tc := range []struct {
		in         string
		err, warns bool
	}{
		{"0A1B2C3D4E5F60718293A4B5C6D7E8F901234567", false, false},
		{"", true, false},
		{"   ", true, false},
		{"\t\n", true, false},
		{"AB CD EF", false, true},
	} {
		resp := &validator.StringResponse{}
		thumbprintValidator{identifier: true}.ValidateString(context.Background(),
			validator.StringRequest{Path: path.Root("thumbprint"), ConfigValue: types.StringValue(tc.in)}, resp)
		if resp.Diagnostics.HasError() != tc.err || (resp.Diagnostics.WarningsCount() > 0) != tc.warns {
			t.Errorf("%q: diagnostics %v, want error %v, warning %v", tc.in, resp.Diagnostics, tc.err, tc.warns)
		}
	}
}
