package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestAccPfxRecryptionRequest_badInput: each malformed value is rejected when
// Terraform validates or plans (or imports), with the attribute named, before
// any request reaches Graph.
func TestAccPfxRecryptionRequest_badInput(t *testing.T) {
	good := newPfxConfig()
	set := func(attr, value string) string {
		c := good
		switch attr {
		case "user_id":
			c.UserID = value
		case "device_id":
			c.DeviceID = value
		case "thumbprint":
			c.Thumbprint = value
		default:
			c.Extra = fmt.Sprintf("  %s = %s", attr, value)
		}
		return c.hcl()
	}
	cases := []struct {
		config, summary, attr string
	}{
		{set("user_id", "not-a-guid"), "Invalid GUID", "user_id"},
		{set("device_id", ""), "Invalid GUID", "device_id"},
		{set("user_id", "{"+good.UserID+"}"), "Invalid GUID", "user_id"},
		{set("tenant_id", `"00000000-0000-0000-0000-00000000000g"`), "Invalid GUID", "tenant_id"},
		{set("created_time", `"yesterday"`), "Invalid RFC 3339 timestamp", "created_time"},
		{set("created_time", `"2025-01-22 19:17:04"`), "Invalid RFC 3339 timestamp", "created_time"},
		{set("status", "2147483648"), "Invalid Attribute Value", "status"},
		{set("source_type", "-2147483649"), "Invalid Attribute Value", "source_type"},
		{strings.Replace(good.hcl(), `provider "intune" {}`, `provider "intune" { environment = "mars" }`, 1), "Invalid Attribute Value Match", "environment"},
	}
	var steps []resource.TestStep
	for _, tc := range cases {
		// The summary, then the configuration line of the attribute.
		want := regexp.MustCompile(`Error: ` + regexp.QuoteMeta(tc.summary) + `\s(?s:.*?)\d+:.*\b` + tc.attr + `\s+=`)
		steps = append(steps, resource.TestStep{Config: tc.config, PlanOnly: true, ExpectError: want})
	}
	for _, id := range []string{"a/b", "pfxRecryptionRequests('x')?$select=id", "has space", "https://graph.microsoft.com/beta/pfxRecryptionRequests/x"} {
		steps = append(steps, resource.TestStep{
			Config:        good.hcl(),
			ResourceName:  testResource,
			ImportState:   true,
			ImportStateId: id,
			ExpectError:   regexp.MustCompile(`Error: Invalid import ID\s+The id "[^"]+"\s+cannot\s+be\s+a\s+Graph\s+key`),
		})
	}
	testAccPreCheck(t)
	if testEmulator == nil {
		t.Log("not checked that no request reached Graph: that needs the emulator's log, and the tests run against a real tenant")
	} else {
		before := graphRequestCount()
		t.Cleanup(func() {
			if n := graphRequestCount() - before; n != 0 {
				t.Errorf("%d requests reached Graph; bad input must be stopped before any", n)
			}
		})
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps:                    steps,
	})
}

// graphRequestCount counts the Graph requests the emulator has logged.
func graphRequestCount() int {
	n := 0
	for _, le := range testEmulator.Log() {
		if le.Server == "graph" {
			n++
		}
	}
	return n
}
