package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// TestAccCertificateConnectors reads an empty tenant, then healthy and stale
// connectors over more than one page, judged with the default and with a
// configured max_checkin_age.
func TestAccCertificateConnectors(t *testing.T) {
	testAccPreCheck(t)
	requireEmulator(t)
	const ds = "data.intune_certificate_connectors.all"
	const many = 105 // more than the emulator's default page of 100
	now := time.Now().UTC().Truncate(time.Second)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `data "intune_certificate_connectors" "all" {}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("max_checkin_age"), knownvalue.StringExact("24h")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("certificate_connectors"), knownvalue.ListExact([]knownvalue.Check{})),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("ndes_connectors"), knownvalue.ListExact([]knownvalue.Check{})),
				},
			},
			{
				PreConfig: func() {
					testEmulator.ResetLog()
					for i := 0; i < many; i++ {
						checkin := now.Add(-time.Hour)
						if i == 1 {
							checkin = now.Add(-48 * time.Hour)
						}
						testEmulator.AddCertificateConnector(map[string]any{
							"connectorName": fmt.Sprintf("connector-%03d", i), "machineName": fmt.Sprintf("PKI%03d", i),
							"connectorVersion": "6.2301.1.0", "enrollmentDateTime": now.Add(-30 * 24 * time.Hour),
							"lastCheckinDateTime": checkin,
						})
					}
					testEmulator.AddNdesConnector(map[string]any{"displayName": "ndes-live", "machineName": "NDES01",
						"connectorVersion": "6.2301.1.0", "enrolledDateTime": now.Add(-90 * 24 * time.Hour),
						"lastConnectionDateTime": now.Add(-time.Minute)})
					testEmulator.AddNdesConnector(map[string]any{"displayName": "ndes-off", "state": "inactive",
						"lastConnectionDateTime": now.Add(-time.Minute)})
					testEmulator.AddNdesConnector(map[string]any{"displayName": "ndes-quiet",
						"lastConnectionDateTime": now.Add(-50 * time.Hour)})
				},
				Config: `data "intune_certificate_connectors" "all" {}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("certificate_connectors"), knownvalue.ListSizeExact(many)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("certificate_connectors").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":                     knownvalue.NotNull(),
						"connector_name":         knownvalue.StringExact("connector-000"),
						"machine_name":           knownvalue.StringExact("PKI000"),
						"connector_version":      knownvalue.StringExact("6.2301.1.0"),
						"enrollment_date_time":   knownvalue.StringExact(now.Add(-30 * 24 * time.Hour).Format(time.RFC3339)),
						"last_checkin_date_time": knownvalue.StringExact(now.Add(-time.Hour).Format(time.RFC3339)),
						"healthy":                knownvalue.Bool(true),
					})),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("certificate_connectors").AtSliceIndex(1).AtMapKey("healthy"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("certificate_connectors").AtSliceIndex(many-1).AtMapKey("connector_name"),
						knownvalue.StringExact(fmt.Sprintf("connector-%03d", many-1))),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("ndes_connectors"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"display_name": knownvalue.StringExact("ndes-live"),
							"machine_name": knownvalue.StringExact("NDES01"), "state": knownvalue.StringExact("active"),
							"healthy": knownvalue.Bool(true)}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"display_name": knownvalue.StringExact("ndes-off"),
							"state": knownvalue.StringExact("inactive"), "healthy": knownvalue.Bool(false)}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"display_name": knownvalue.StringExact("ndes-quiet"),
							"state": knownvalue.StringExact("active"), "healthy": knownvalue.Bool(false)}),
					})),
					emulatorCheck(func(e *emulator.Emulator) error {
						if pages := graphRequests(e, "GET", "/beta/deviceManagement/certificateConnectorDetails"); len(pages) < 2 {
							return fmt.Errorf("the data source read %d pages of certificate connectors, want both pages", len(pages))
						}
						return nil
					}),
				},
			},
			{
				// A longer allowance makes the quiet connectors healthy; an
				// inactive one stays unhealthy.
				Config: `data "intune_certificate_connectors" "all" { max_checkin_age = "72h" }`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("certificate_connectors").AtSliceIndex(1).AtMapKey("healthy"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("ndes_connectors").AtSliceIndex(1).AtMapKey("healthy"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("ndes_connectors").AtSliceIndex(2).AtMapKey("healthy"), knownvalue.Bool(true)),
				},
			},
			{
				Config:      `data "intune_certificate_connectors" "all" { max_checkin_age = "a day" }`,
				ExpectError: regexp.MustCompile(`(?s)max_checkin_age.*"a day" is not a duration greater than zero`),
			},
			{
				Config:      `data "intune_certificate_connectors" "all" { max_checkin_age = "-1h" }`,
				ExpectError: regexp.MustCompile(`(?s)max_checkin_age.*not a duration greater than zero`),
			},
			// End on a valid configuration so the test's destroy can run.
			{Config: `data "intune_certificate_connectors" "all" {}`},
		},
	})
}
