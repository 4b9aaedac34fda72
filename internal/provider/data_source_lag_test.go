package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// getsOf are the statuses of the GETs of one object (path ends with id), in
// order.
func getsOf(e *emulator.Emulator, set, id string) []int {
	var out []int
	for _, le := range graphRequests(e, "GET", "/beta/") {
		if strings.Contains(le.Path, set) && strings.Contains(le.Path, id) && !strings.Contains(le.Path, "managedDeviceCertificateStates") {
			out = append(out, le.Status)
		}
	}
	return out
}

// laggedThenFound checks that the first read of the object met the lag (404)
// and a later one found it (200): the data source read through the lag.
func laggedThenFound(set string, id func() string) statecheck.StateCheck {
	return emulatorCheck(func(e *emulator.Emulator) error {
		st := getsOf(e, set, id())
		if len(st) < 2 || st[0] != 404 || !containsStatus(st[1:], 200) {
			return fmt.Errorf("GETs of %s %s answered %v; want a 404 (lag), then 200", set, id(), st)
		}
		return nil
	})
}

func containsStatus(st []int, want int) bool {
	for _, s := range st {
		if s == want {
			return true
		}
	}
	return false
}

// TestAccDataSources_readThroughLag: each data source that reads one object
// by id reads an object the same apply created while a lagging replica
// still answers 404 for it (the emulator hides each written object from its
// next two reads). None of the resources reads its object back after the
// create, so the first reads are the data sources'.
func TestAccDataSources_readThroughLag(t *testing.T) {
	dir, keys, nb, na := upfxFixture(t)
	withBehavior(t, emulator.Behavior{ReadAfterWriteMisses: 2})
	const password = "lag-2026"
	pfx := writeTestPfx(t, dir, "lag", pkcs12.Modern, password, nb, na)
	upn := testUPN()
	certCfg := upfxConfig{Name: "lag", UPN: upn, PFX: pfx.path, PasswordFile: writeTempFile(t, "pw", password), Key: keys["spki"]}
	req := newPfxConfig()
	config := req.hcl() + certCfg.resource() + `
resource "intune_imported_pfx_certificate_profile" "lag" {
  platform         = "ios"
  display_name     = "tf-acc lag ` + uuid.NewString()[:8] + `"
  intended_purpose = "smimeEncryption"
}

data "intune_user_pfx_certificate" "lag" {
  id = intune_user_pfx_certificate.lag.id
}

data "intune_pfx_recryption_request" "lag" {
  id = intune_pfx_recryption_request.test.id
}

data "intune_device_certificate_states" "lag" {
  profile_id = intune_imported_pfx_certificate_profile.lag.id
}
`
	cert, request, profile := captured{}, captured{}, captured{}
	resource.Test(t, resource.TestCase{
		PreCheck: func() { testAccPreCheck(t) },
		// Long: the emulator counts reads, so however slow the machine the
		// lag ends within the window.
		ProtoV6ProviderFactories: providerFactoriesWithWindow(time.Hour),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				captureOf("intune_user_pfx_certificate.lag", cert, "id"),
				capture(request, "id"),
				captureOf("intune_imported_pfx_certificate_profile.lag", profile, "id"),
				statecheck.CompareValuePairs("data.intune_user_pfx_certificate.lag", tfjsonpath.New("thumbprint"),
					"intune_user_pfx_certificate.lag", tfjsonpath.New("thumbprint"), compare.ValuesSame()),
				statecheck.CompareValuePairs("data.intune_pfx_recryption_request.lag", tfjsonpath.New("thumbprint"),
					testResource, tfjsonpath.New("thumbprint"), compare.ValuesSame()),
				statecheck.ExpectKnownValue("data.intune_device_certificate_states.lag", tfjsonpath.New("platform"), knownvalue.StringExact("ios")),
				statecheck.ExpectKnownValue("data.intune_device_certificate_states.lag", tfjsonpath.New("states"), knownvalue.ListExact(nil)),
				laggedThenFound("userPfxCertificates", func() string { return cert["id"] }),
				laggedThenFound("pfxRecryptionRequests", func() string { return request["id"] }),
				laggedThenFound("deviceConfigurations", func() string { return profile["id"] }),
			},
		}},
	})
}

// notFoundAfterWait is the error of a data source whose object never
// appeared within the consistency window.
var notFoundAfterWait = regexp.MustCompile(`(?s)not found.*still\s+answered\s+404\s+after`)

// TestAccDataSources_notFound: an id that never exists still fails, with an
// error that says the 404 outlasted the wait, once the (here shortened)
// consistency window ends; the read was retried meanwhile.
func TestAccDataSources_notFound(t *testing.T) {
	testAccPreCheck(t)
	requireEmulator(t)
	userPfxID := strings.ReplaceAll(uuid.NewString(), "-", "") + "-" + strings.Repeat("ab", 20)
	requestID, profileID := uuid.NewString(), uuid.NewString()
	step := func(data string) resource.TestStep {
		return resource.TestStep{Config: "\nprovider \"intune\" {}\n" + data, ExpectError: notFoundAfterWait}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: providerFactoriesWithWindow(time.Second),
		Steps: []resource.TestStep{
			step(fmt.Sprintf("data \"intune_user_pfx_certificate\" \"x\" {\n  id = %q\n}\n", userPfxID)),
			step(fmt.Sprintf("data \"intune_pfx_recryption_request\" \"x\" {\n  id = %q\n}\n", requestID)),
			step(fmt.Sprintf("data \"intune_device_certificate_states\" \"x\" {\n  profile_id = %q\n}\n", profileID)),
		},
	})
	for set, id := range map[string]string{"userPfxCertificates": userPfxID, "pfxRecryptionRequests": requestID, "deviceConfigurations": profileID} {
		if st := getsOf(testEmulator, set, id); len(st) < 2 || containsStatus(st, 200) {
			t.Errorf("GETs of %s %s answered %v; want 404s, retried through the window", set, id, st)
		}
	}
}

// TestAccDataSources_readTimeout: timeouts.read ends a read that would
// otherwise wait on Graph far longer (the emulator holds every answer for
// ten minutes): of one object, and of a listing's page.
func TestAccDataSources_readTimeout(t *testing.T) {
	testAccPreCheck(t)
	requireEmulator(t)
	timedOut := regexp.MustCompile(`timeout\s+expired`)
	step := func(data string) resource.TestStep {
		return resource.TestStep{
			PreConfig:   func() { testEmulator.SetLatency(10 * time.Minute) },
			Config:      "\nprovider \"intune\" {}\n" + data,
			ExpectError: timedOut,
		}
	}
	t.Cleanup(func() { testEmulator.SetLatency(0) })
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(fmt.Sprintf(`data "intune_pfx_recryption_request" "x" {
  id = %q
  timeouts {
    read = "1s"
  }
}
`, uuid.NewString())),
			step(`data "intune_pfx_recryption_requests" "x" {
  timeouts {
    read = "1s"
  }
}
`),
		},
	})
}

// TestAccDeviceCertificateStates_statesLag: the profile reads, but a lagging
// replica still answers 404 for its states (two faults on the states'
// path); the data source retries the listing and reads them.
func TestAccDeviceCertificateStates_statesLag(t *testing.T) {
	testAccPreCheck(t)
	requireEmulator(t)
	profile := captured{}
	config := `
provider "intune" {}

resource "intune_imported_pfx_certificate_profile" "lag" {
  platform         = "ios"
  display_name     = "tf-acc states lag ` + uuid.NewString()[:8] + `"
  intended_purpose = "smimeEncryption"
}
`
	withStates := config + `
data "intune_device_certificate_states" "lag" {
  profile_id = intune_imported_pfx_certificate_profile.lag.id
}
`
	statesPath := func() string { return "/beta/deviceManagement/deviceConfigurations/" + profile["id"] + "/" }
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: providerFactoriesWithWindow(time.Hour),
		CheckDestroy:             checkProfilesDestroyed,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{captureOf("intune_imported_pfx_certificate_profile.lag", profile, "id")},
			},
			{
				PreConfig: func() {
					withFaults(t, emulator.Fault{Name: "states-lag", Method: "GET", PathPrefix: statesPath(), Status: 404, Count: 2})
				},
				Config: withStates,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.intune_device_certificate_states.lag", tfjsonpath.New("states"), knownvalue.ListExact(nil)),
					emulatorCheck(func(e *emulator.Emulator) error {
						if n := e.FaultsInjected()["states-lag"]; n != 2 {
							return fmt.Errorf("the states' path answered 404 %d times, want 2", n)
						}
						return nil
					}),
				},
			},
		},
	})
}
