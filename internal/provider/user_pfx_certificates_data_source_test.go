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
	"software.sslmate.com/src/go-pkcs12"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// TestAccUserPfxCertificateDataSources imports three certificates for two
// users and reads them back with each filter and by id.
func TestAccUserPfxCertificateDataSources(t *testing.T) {
	dir, keys, nb, na := upfxFixture(t)
	a1 := writeTestPfx(t, dir, "a1", pkcs12.Modern, "pw", nb, na)
	a2 := writeTestPfx(t, dir, "a2", pkcs12.LegacyDES, "pw", nb, na)
	b1 := writeTestPfx(t, dir, "b1", pkcs12.Modern, "pw", nb, na)
	pw := writeTempFile(t, "pw", "pw")
	alice, bob := testUPN(), testUPN()
	cert := func(name, upn string, p testPfxFile, purpose string) string {
		return upfxConfig{Name: name, UPN: upn, PFX: p.path, PasswordFile: pw, Key: keys["spki"],
			Extra: fmt.Sprintf("  intended_purpose      = %q", purpose)}.resource()
	}
	resources := `provider "intune" {}` + cert("a1", alice, a1, "smimeEncryption") + cert("a2", alice, a2, "smimeSigning") +
		cert("b1", bob, b1, "smimeEncryption")
	lookups := fmt.Sprintf(`
data "intune_user_pfx_certificates" "alice" {
  user_principal_name = %q
  depends_on          = [intune_user_pfx_certificate.a1, intune_user_pfx_certificate.a2, intune_user_pfx_certificate.b1]
}

data "intune_user_pfx_certificates" "by_thumbprint" {
  thumbprint = %q
  depends_on = [intune_user_pfx_certificate.a1, intune_user_pfx_certificate.a2, intune_user_pfx_certificate.b1]
}

data "intune_user_pfx_certificates" "alice_encryption" {
  user_principal_name = %q
  intended_purpose    = "smimeEncryption"
  depends_on          = [intune_user_pfx_certificate.a1, intune_user_pfx_certificate.a2, intune_user_pfx_certificate.b1]
}

data "intune_user_pfx_certificate" "b1" {
  id = intune_user_pfx_certificate.b1.id
}
`, alice, upperHex(a2.thumbprint), alice)
	aliceIDs := []knownvalue.Check{
		knownvalue.StringExact(emulator.UserPfxCertificateID(alice, a1.thumbprint)),
		knownvalue.StringExact(emulator.UserPfxCertificateID(alice, a2.thumbprint)),
	}
	if emulator.UserPfxCertificateID(alice, a1.thumbprint) > emulator.UserPfxCertificateID(alice, a2.thumbprint) {
		aliceIDs[0], aliceIDs[1] = aliceIDs[1], aliceIDs[0] // sorted by id
	}
	resource.Test(t, resource.TestCase{
		PreCheck: func() { testAccPreCheck(t) },
		// A missing id fails once the consistency window ends: keep it short.
		ProtoV6ProviderFactories: providerFactoriesWithWindow(time.Second),
		CheckDestroy:             checkUserPfxDestroyed(t, alice),
		Steps: []resource.TestStep{
			{Config: resources},
			{
				Config: resources + lookups,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.intune_user_pfx_certificates.alice", tfjsonpath.New("ids"), knownvalue.ListExact(aliceIDs)),
					statecheck.ExpectKnownValue("data.intune_user_pfx_certificates.by_thumbprint", tfjsonpath.New("ids"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(emulator.UserPfxCertificateID(alice, a2.thumbprint))})),
					statecheck.ExpectKnownValue("data.intune_user_pfx_certificates.by_thumbprint", tfjsonpath.New("certificates").AtSliceIndex(0),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"user_principal_name":  knownvalue.StringExact(alice),
							"thumbprint":           knownvalue.StringExact(a2.thumbprint),
							"intended_purpose":     knownvalue.StringExact("smimeSigning"),
							"padding_scheme":       knownvalue.StringExact("oaepSha512"),
							"key_name":             knownvalue.StringExact("PFXEncryptionKey"),
							"expiration_date_time": knownvalue.StringRegexp(regexp.MustCompile("^" + na.Format("2006-01-02T15:04:05"))),
						})),
					statecheck.ExpectKnownValue("data.intune_user_pfx_certificates.alice_encryption", tfjsonpath.New("ids"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(emulator.UserPfxCertificateID(alice, a1.thumbprint))})),
					statecheck.ExpectKnownValue("data.intune_user_pfx_certificate.b1", tfjsonpath.New("user_principal_name"), knownvalue.StringExact(bob)),
					statecheck.ExpectKnownValue("data.intune_user_pfx_certificate.b1", tfjsonpath.New("thumbprint"), knownvalue.StringExact(b1.thumbprint)),
					statecheck.ExpectKnownValue("data.intune_user_pfx_certificate.b1", tfjsonpath.New("start_date_time"),
						knownvalue.StringRegexp(regexp.MustCompile("^"+nb.Format("2006-01-02T15:04:05")))),
				},
			},
			{
				Config:      resources + `data "intune_user_pfx_certificate" "missing" { id = "00000000000000000000000000000000-00" }`,
				ExpectError: regexp.MustCompile(`User PFX certificate not found`),
			},
			{
				Config:      resources + `data "intune_user_pfx_certificates" "bad" { thumbprint = "ab:cd" }`,
				ExpectError: regexp.MustCompile(`40 hexadecimal digits`),
			},
			// A valid configuration last: the destroy after the test uses it.
			{Config: resources},
		},
	})
}

func upperHex(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'f' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
