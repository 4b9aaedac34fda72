package provider

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// TestDeliveryPlatforms: intune_device_certificate_states knows every
// certificate profile type that delivers certificates (all but the
// trusted ones) and names its platform as the family's resource does.
func TestDeliveryPlatforms(t *testing.T) {
	trusted := map[string]bool{}
	for _, typ := range trustedFamily().platforms {
		trusted[typ] = true
	}
	for typ := range graph.ProfileTypes {
		if _, ok := deliveryPlatforms[typ]; ok == trusted[typ] {
			t.Errorf("%s: in deliveryPlatforms %v, trusted %v; want exactly one", typ, ok, trusted[typ])
		}
	}
	for typ := range deliveryPlatforms {
		if _, ok := graph.ProfileTypes[typ]; !ok {
			t.Errorf("deliveryPlatforms has %s, which graph.ProfileTypes lacks", typ)
		}
	}
	for _, f := range certificateProfileFamilies() {
		for platform, typ := range f.platforms {
			if got, ok := deliveryPlatforms[typ]; ok && got != platform {
				t.Errorf("%s: deliveryPlatforms says %q, intune_%s says %q", typ, got, f.typeName, platform)
			}
		}
	}
}

// TestAccDeviceCertificateStates_scep reads the delivery states of a SCEP
// profile made in the admin center, linked to its root, and refuses the
// root's id, whose type has no states.
func TestAccDeviceCertificateStates_scep(t *testing.T) {
	testAccPreCheck(t)
	requireEmulator(t)
	tag := uuid.NewString()[:8]
	der, _, _ := makeTestCA(t, "Contoso SCEP Root "+tag, nil, nil, time.Now().Add(365*24*time.Hour))
	root, err := testEmulator.CreateDeviceConfiguration(map[string]any{"@odata.type": "#microsoft.graph.iosTrustedRootCertificate",
		"displayName": "scep root " + tag, "trustedRootCertificate": base64.StdEncoding.EncodeToString(der), "certFileName": "root.cer"}, "")
	if err != nil {
		t.Fatal(err)
	}
	scep, err := testEmulator.CreateDeviceConfiguration(map[string]any{"@odata.type": "#microsoft.graph.iosScepCertificateProfile",
		"displayName": "scep " + tag, "scepServerUrls": []string{"https://ndes.contoso.com/certsrv/mscep/mscep.dll"},
		"keySize": "size2048", "keyUsage": "digitalSignature", "subjectNameFormat": "commonName",
		"certificateValidityPeriodValue": 1, "certificateValidityPeriodScale": "years", "renewalThresholdPercentage": 20}, root)
	if err != nil {
		t.Fatal(err)
	}
	for i, state := range []string{"installed", "issuePending"} {
		if _, ok := testEmulator.DeliverCertificate(scep, map[string]any{"deviceDisplayName": fmt.Sprintf("iphone-%d", i),
			"certificateIssuanceState": state, "certificateIssuer": "CN=Contoso Issuing CA"}); !ok {
			t.Fatalf("no profile %s in the emulator", scep)
		}
	}
	const ds = "data.intune_device_certificate_states.scep"
	config := func(id string) string {
		return fmt.Sprintf("provider \"intune\" {}\n\ndata \"intune_device_certificate_states\" \"scep\" {\n  profile_id = %q\n}\n", id)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactoriesWithWindow(time.Second),
		Steps: []resource.TestStep{
			{
				Config: config(scep),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("platform"), knownvalue.StringExact("ios")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("states"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"device_display_name": knownvalue.StringExact("iphone-0"),
							"device_platform": knownvalue.StringExact("iOS"), "issuance_state": knownvalue.StringExact("installed"),
							"issuer": knownvalue.StringExact("CN=Contoso Issuing CA")}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"device_display_name": knownvalue.StringExact("iphone-1"),
							"issuance_state": knownvalue.StringExact("issuePending")}),
					})),
				},
			},
			{
				Config:      config(root),
				ExpectError: regexp.MustCompile(`(?s)Not a certificate profile that delivers certificates.*iosTrustedRootCertificate.*has no device\s+certificate\s+states`),
			},
		},
	})
}
