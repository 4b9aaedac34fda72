package provider

import (
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// issuingFamilyConfig writes one trusted root pair ("a", "b") per platform
// and one profile of the family per platform linked to root `root`, with
// every family attribute the platform's type carries.
func issuingFamilyConfig(t *testing.T, f *profileFamily, certFile, root, name string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("provider \"intune\" {}\n")
	for _, p := range keysOf(f.platforms) {
		for _, r := range []string{"a", "b"} {
			fmt.Fprintf(&b, `
resource "intune_trusted_certificate_profile" "%[1]s_%[2]s" {
  platform     = %[1]q
  display_name = "tf-acc root %[2]s (%[1]s)"
  certificate  = file(%[3]q)
}
`, p, r, certFile)
		}
		typ := graph.ProfileTypes[f.platforms[p]]
		var attrs []string
		add := func(property, line string) {
			if typ.Has(property) {
				attrs = append(attrs, line)
			}
		}
		if typ.RootLink {
			attrs = append(attrs, fmt.Sprintf("root_certificate_id = intune_trusted_certificate_profile.%s_%s.id", p, root))
		}
		add("scepServerUrls", `scep_server_urls = ["https://ndes.example.com/certsrv/mscep/mscep.dll"]`)
		add("keySize", `key_size = "size2048"`)
		add("keyUsage", `key_usage = ["digitalSignature", "keyEncipherment"]`)
		add("hashAlgorithm", `hash_algorithm = ["sha2"]`)
		add("certificationAuthority", `certification_authority = "ca.example.com"`)
		add("certificationAuthorityName", `certification_authority_name = "Example Issuing CA"`)
		add("certificateTemplateName", `certificate_template_name = "DeviceAuth"`)
		add("certificationAuthorityType", `certification_authority_type = "microsoft"`)
		add("renewalThresholdPercentage", `renewal_threshold_percentage = 25`)
		add("certificateValidityPeriodValue", `certificate_validity_period_value = 2`)
		add("certificateValidityPeriodScale", `certificate_validity_period_scale = "years"`)
		add("subjectNameFormat", `subject_name_format = "custom"`)
		add("subjectNameFormatString", `subject_name_format_string = "CN={{UserPrincipalName}}"`)
		add("subjectAlternativeNameType", `subject_alternative_name_types = ["userPrincipalName", "emailAddress"]`)
		add("subjectAlternativeNameFormatString", `subject_alternative_name_format_string = "{{UserPrincipalName}}"`)
		add("customSubjectAlternativeNames", `custom_subject_alternative_names = [{ san_type = "userPrincipalName", name = "{{UserPrincipalName}}" }]`)
		add("extendedKeyUsages", `extended_key_usages = [
    { name = "Client Authentication", object_identifier = "1.3.6.1.5.5.7.3.2" },
    { name = "Any Purpose", object_identifier = "2.5.29.37.0" },
  ]`)
		add("certificateStore", `certificate_store = "user"`)
		add("allowAllAppsAccess", `allow_all_apps_access = true`)
		add("certificateAccessType", `certificate_access_type = "userApproval"`)
		fmt.Fprintf(&b, `
resource "intune_%[1]s" %[2]q {
  platform     = %[2]q
  display_name = "%[3]s (%[2]s)"
  %[4]s
}
`, f.typeName, p, name, strings.Join(attrs, "\n  "))
	}
	return b.String()
}

// testRootFile writes a root certificate to a PEM file.
func testRootFile(t *testing.T) string {
	der, _, _ := makeTestCA(t, "tf-acc Root CA", nil, nil, time.Now().Add(10*365*24*time.Hour))
	p := filepath.Join(t.TempDir(), "root.pem")
	if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return filepath.ToSlash(p)
}

// profileStateID is the id of a resource in s.
func profileStateID(s *terraform.State, addr string) (string, error) {
	r, ok := s.RootModule().Resources[addr]
	if !ok {
		return "", fmt.Errorf("%s not in state", addr)
	}
	return r.Primary.ID, nil
}

func TestAccScepCertificateProfile_rootLink(t *testing.T) { testAccIssuingFamily(t, scepFamily()) }

func TestAccPkcsCertificateProfile_rootLink(t *testing.T) { testAccIssuingFamily(t, pkcsFamily()) }

// testAccIssuingFamily: every platform of the family is created with the
// attributes its type has and plans empty; the root changes in place
// ($ref, same id); an outside unbind and an outside relink show as drift
// and are repaired; import recovers the link; destroy removes all.
func testAccIssuingFamily(t *testing.T, f *profileFamily) {
	testAccPreCheck(t)
	cert := testRootFile(t)
	onA := issuingFamilyConfig(t, f, cert, "a", "tf-acc "+f.typeName)
	onB := issuingFamilyConfig(t, f, cert, "b", "tf-acc "+f.typeName)
	linked := []string{}
	for _, p := range keysOf(f.platforms) {
		if graph.ProfileTypes[f.platforms[p]].RootLink {
			linked = append(linked, p)
		}
	}
	sort.Strings(linked)
	at := func(p string) string { return "intune_" + f.typeName + "." + p }
	root := func(p, r string) string { return "intune_trusted_certificate_profile." + p + "_" + r }
	ids := map[string]string{}
	remember := func(s *terraform.State) error {
		for _, p := range keysOf(f.platforms) {
			id, err := profileStateID(s, at(p))
			if err != nil {
				return err
			}
			ids[p] = id
			for _, r := range []string{"a", "b"} {
				if ids[p+"_"+r], err = profileStateID(s, root(p, r)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	linkedTo := func(r string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			if testEmulator == nil {
				return nil
			}
			for _, p := range linked {
				got, _ := testEmulator.RootCertificateID(ids[p])
				if !strings.EqualFold(got, ids[p+"_"+r]) {
					return fmt.Errorf("%s: link is %q in the emulator, want root %s %q", p, got, r, ids[p+"_"+r])
				}
			}
			return nil
		}
	}
	var stateChecks []statecheck.StateCheck
	for _, p := range linked {
		stateChecks = append(stateChecks, statecheck.CompareValuePairs(at(p), tfjsonpath.New("root_certificate_id"),
			root(p, "a"), tfjsonpath.New("id"), compareSame{}))
	}
	updates := []plancheck.PlanCheck{}
	for _, p := range linked {
		updates = append(updates, plancheck.ExpectResourceAction(at(p), plancheck.ResourceActionUpdate))
	}
	steps := []resource.TestStep{
		{Config: onA, ConfigStateChecks: stateChecks,
			Check:            resource.ComposeTestCheckFunc(remember, linkedTo("a")),
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		// A new root is an in-place update of the linked profiles only.
		{Config: onB, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: updates},
			Check: resource.ComposeTestCheckFunc(func(s *terraform.State) error {
				for _, p := range keysOf(f.platforms) {
					if id, _ := profileStateID(s, at(p)); id != ids[p] {
						return fmt.Errorf("%s was replaced: %s -> %s", p, ids[p], id)
					}
				}
				return nil
			}, linkedTo("b"))},
		// Unbound outside Terraform: the refresh shows it, the apply relinks.
		{Config: onB,
			PreConfig: func() {
				for _, p := range linked {
					if err := testEmulator.UnbindRootCertificate(ids[p]); err != nil {
						t.Fatal(err)
					}
				}
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: updates},
			Check:            linkedTo("b")},
		// Relinked outside Terraform to the other root: drift, repaired.
		{Config: onB,
			PreConfig: func() {
				for _, p := range linked {
					if err := testEmulator.SetRootCertificate(ids[p], ids[p+"_a"]); err != nil {
						t.Fatal(err)
					}
				}
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: updates},
			Check:            linkedTo("b")},
	}
	for _, p := range keysOf(f.platforms) {
		steps = append(steps, resource.TestStep{ResourceName: at(p), ImportState: true, ImportStateVerify: true,
			ImportStateVerifyIgnore: []string{"timeouts"}})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkProfilesDestroyed,
		Steps:                    steps,
	})
}

// compareSame compares two string values for equality, GUIDs in any case.
type compareSame struct{}

func (compareSame) CompareValues(values ...any) error {
	if len(values) != 2 || !strings.EqualFold(fmt.Sprint(values[0]), fmt.Sprint(values[1])) {
		return fmt.Errorf("values differ: %v", values)
	}
	return nil
}
