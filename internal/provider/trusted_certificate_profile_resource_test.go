package provider

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1" //nolint:gosec // the thumbprint Intune shows is SHA-1
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// testCA makes a CA certificate (self-signed when parent is nil) and returns
// its DER and key.
func makeTestCA(t *testing.T, cn string, parent *x509.Certificate, parentKey *ecdsa.PrivateKey, notAfter time.Time) ([]byte, *x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn, Organization: []string{"Contoso"}},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: notAfter, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	signer, signerKey := tmpl, key
	if parent != nil {
		signer, signerKey = parent, parentKey
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, signer, &key.PublicKey, signerKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return der, cert, key
}

var trustedPlatformTypes = map[string]string{
	"windows10":                    "#microsoft.graph.windows81TrustedRootCertificate",
	"ios":                          "#microsoft.graph.iosTrustedRootCertificate",
	"macos":                        "#microsoft.graph.macOSTrustedRootCertificate",
	"android_device_administrator": "#microsoft.graph.androidTrustedRootCertificate",
	"android_work_profile":         "#microsoft.graph.androidWorkProfileTrustedRootCertificate",
	"android_for_work":             "#microsoft.graph.androidForWorkTrustedRootCertificate",
	"android_device_owner":         "#microsoft.graph.androidDeviceOwnerTrustedRootCertificate",
	"aosp":                         "#microsoft.graph.aospDeviceOwnerTrustedRootCertificate",
}

// TestAccTrustedCertificateProfile_platforms delivers one root to all eight
// platforms from PEM (DER on Windows), checks what Graph received and the computed values,
// then switches to the DER encoding (no change), renames in place, moves the
// Windows profile to an issuing CA in the intermediate store, imports, and
// destroys.
func TestAccTrustedCertificateProfile_platforms(t *testing.T) {
	testAccPreCheck(t)
	if testEmulator != nil {
		testEmulator.ResetLog()
	}
	rootDER, root, rootKey := makeTestCA(t, "tf-acc Root CA", nil, nil, time.Now().Add(10*365*24*time.Hour))
	issuingDER, _, _ := makeTestCA(t, "tf-acc Issuing CA 1", root, rootKey, time.Now().Add(5*365*24*time.Hour))
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return filepath.ToSlash(p)
	}
	rootPEM := write("root.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: rootDER}))
	rootCER := write("root.cer", rootDER)
	issuingPEM := write("issuing.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: issuingDER}))
	sum := sha1.Sum(rootDER) //nolint:gosec
	thumb := hex.EncodeToString(sum[:])
	group := testGUID("group_id")

	// One resource per platform (the test framework does not address
	// for_each instances; the guide's example uses for_each).
	config := func(certExpr, name, windowsCert, windowsStore string) string {
		var b strings.Builder
		b.WriteString("provider \"intune\" {}\n")
		for p := range trustedPlatformTypes {
			if p == "windows10" {
				continue
			}
			fmt.Fprintf(&b, `
resource "intune_trusted_certificate_profile" %[1]q {
  platform     = %[1]q
  display_name = "%[2]s (%[1]s)"
  certificate  = %[3]s
  assignments  = [{ target = "group", group_id = %[4]q }]
}
`, p, name, certExpr, group)
		}
		fmt.Fprintf(&b, `
resource "intune_trusted_certificate_profile" "windows" {
  platform     = "windows10"
  display_name = "%[1]s (windows10)"
  certificate  = %[2]s
  %[3]s
}
`, name, windowsCert, windowsStore)
		return b.String()
	}
	// Created from PEM on seven platforms and from DER on Windows.
	pemCfg := config(fmt.Sprintf("file(%q)", rootPEM), "tf-acc root", fmt.Sprintf("filebase64(%q)", rootCER), "")
	derCfg := config(fmt.Sprintf("filebase64(%q)", rootCER), "tf-acc root", fmt.Sprintf("filebase64(%q)", rootCER), "")
	renamed := config(fmt.Sprintf("filebase64(%q)", rootCER), "tf-acc renamed", fmt.Sprintf("filebase64(%q)", rootCER), "")
	issuing := config(fmt.Sprintf("filebase64(%q)", rootCER), "tf-acc renamed", fmt.Sprintf("file(%q)", issuingPEM),
		`destination_store = "computerCertStoreIntermediate"`)

	win := "intune_trusted_certificate_profile.windows"
	at := func(p string) string { return "intune_trusted_certificate_profile." + p }
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(win, tfjsonpath.New("thumbprint"), knownvalue.StringExact(thumb)),
		statecheck.ExpectKnownValue(win, tfjsonpath.New("subject"), knownvalue.StringExact("CN=tf-acc Root CA,O=Contoso")),
		statecheck.ExpectKnownValue(win, tfjsonpath.New("expiration_date_time"), knownvalue.StringExact(root.NotAfter.UTC().Format(time.RFC3339))),
		statecheck.ExpectKnownValue(win, tfjsonpath.New("cert_file_name"), knownvalue.StringExact("tf-acc-Root-CA.cer")),
		statecheck.ExpectKnownValue(win, tfjsonpath.New("destination_store"), knownvalue.StringExact("computerCertStoreRoot")),
		statecheck.ExpectKnownValue(win, tfjsonpath.New("deployment_channel"), knownvalue.Null()),
		statecheck.ExpectKnownValue(at("macos"), tfjsonpath.New("deployment_channel"), knownvalue.StringExact("deviceChannel")),
		statecheck.ExpectKnownValue(at("macos"), tfjsonpath.New("destination_store"), knownvalue.Null()),
		statecheck.ExpectKnownValue(at("aosp"), tfjsonpath.New("version"), knownvalue.NotNull()),
		emulatorCheck(func(e *emulator.Emulator) error {
			posts := profileRequests(e, "POST", "")
			seen := map[string]bool{}
			for _, p := range posts {
				var body map[string]any
				if err := json.Unmarshal(p.Body, &body); err != nil {
					return err
				}
				typ := fmt.Sprint(body["@odata.type"])
				if !strings.Contains(typ, "TrustedRootCertificate") {
					continue
				}
				seen[typ] = true
				if body["trustedRootCertificate"] != base64.StdEncoding.EncodeToString(rootDER) {
					return fmt.Errorf("%s: trustedRootCertificate = %v, want base64 of the DER", typ, body["trustedRootCertificate"])
				}
				if body["certFileName"] != "tf-acc-Root-CA.cer" {
					return fmt.Errorf("%s: certFileName = %v", typ, body["certFileName"])
				}
				_, hasStore := body["destinationStore"]
				if hasStore != (typ == trustedPlatformTypes["windows10"]) && body["destinationStore"] != nil {
					return fmt.Errorf("%s: destinationStore sent to a type without it: %v", typ, body)
				}
			}
			for p, typ := range trustedPlatformTypes {
				if !seen[typ] {
					return fmt.Errorf("no POST of %s (platform %s)", typ, p)
				}
			}
			return nil
		}),
	}
	for p := range trustedPlatformTypes {
		if p == "windows10" {
			continue
		}
		checks = append(checks,
			statecheck.ExpectKnownValue(at(p), tfjsonpath.New("thumbprint"), knownvalue.StringExact(thumb)),
			statecheck.ExpectKnownValue(at(p), tfjsonpath.New("assignments"), knownvalue.SetSizeExact(1)))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkProfilesDestroyed,
		Steps: []resource.TestStep{
			{Config: pemCfg, ConfigStateChecks: checks,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			// The same certificate as base64 of the DER is no change.
			{Config: derCfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			// A new display name is an in-place update.
			{Config: renamed, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(win, plancheck.ResourceActionUpdate),
				plancheck.ExpectResourceAction(at("ios"), plancheck.ResourceActionUpdate),
			}}},
			// The issuing CA to the intermediate store: in place, with the
			// computed values of the new certificate.
			{Config: issuing,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(win, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(win, tfjsonpath.New("subject"), knownvalue.StringExact("CN=tf-acc Issuing CA 1,O=Contoso")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(win, tfjsonpath.New("destination_store"), knownvalue.StringExact("computerCertStoreIntermediate")),
					statecheck.ExpectKnownValue(win, tfjsonpath.New("cert_file_name"), knownvalue.StringExact("tf-acc-Issuing-CA-1.cer")),
				}},
			// Import recovers every attribute; the certificate comes back as
			// base64 of the DER, the configured PEM's other encoding.
			{ResourceName: win, ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"timeouts", "certificate"}},
			{ResourceName: at("android_device_owner"), ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"timeouts", "certificate"}},
		},
	})
}

// TestAccTrustedCertificateProfile_refused: what Intune would refuse is a
// plan-time error naming the attribute, and no request is sent.
func TestAccTrustedCertificateProfile_refused(t *testing.T) {
	testAccPreCheck(t)
	if testEmulator != nil {
		testEmulator.ResetLog()
	}
	der, _, _ := makeTestCA(t, "tf-acc refused CA", nil, nil, time.Now().Add(time.Hour*24*365))
	one := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	bad := func(platform, cert, extra, want string) resource.TestStep {
		return resource.TestStep{
			Config: fmt.Sprintf(`
provider "intune" {}

resource "intune_trusted_certificate_profile" "test" {
  platform     = %q
  display_name = "tf-acc refused"
  certificate  = <<-EOT
%sEOT
  %s
}
`, platform, cert, extra),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(strings.ReplaceAll(want, " ", `\s+`)),
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			bad("ios", one, `destination_store = "computerCertStoreRoot"`, `(?s)destination_store applies to platform = "windows10" only`),
			bad("windows10", one, `deployment_channel = "userChannel"`, `(?s)deployment_channel applies to platform = "macos" only`),
			bad("windows10", one+one, "", `(?s)certificate`),
			bad("windows10", "not a certificate\n", "", `(?s)certificate`),
			bad("linux", one, "", `(?s)platform.*value must be one of`),
		},
	})
	if testEmulator != nil {
		for _, le := range testEmulator.Log() {
			if le.Server == "graph" && strings.HasPrefix(le.Path, configurationsPath) {
				t.Errorf("a Graph request was sent for a configuration refused at plan time: %s %s", le.Method, le.Path)
			}
		}
	}
}

// TestTrustedCertificateProfilePlan: the values computed at plan time and
// the warnings, without Terraform.
func TestTrustedCertificateProfilePlan(t *testing.T) {
	ctx := context.Background()
	r := &certificateProfileResource{family: trustedFamily()}
	rootDER, _, _ := makeTestCA(t, "Plan Root", nil, nil, time.Now().Add(-time.Hour))
	plan := nullProfileValues(t, r)
	plan["platform"] = types.StringValue("windows10")
	plan["destination_store"] = types.StringValue("computerCertStoreIntermediate")
	plan["certificate"] = newCertificateValue(base64.StdEncoding.EncodeToString(rootDER))
	plan["cert_file_name"] = types.StringUnknown()
	var diags diag.Diagnostics
	trustedFamily().modifyPlan(ctx, plan, &diags)
	if plan.str("cert_file_name").ValueString() != "Plan-Root.cer" || plan.str("subject").ValueString() != "CN=Plan Root,O=Contoso" {
		t.Errorf("planned values: %v", plan)
	}
	var summaries []string
	for _, d := range diags.Warnings() {
		summaries = append(summaries, d.Summary())
	}
	if got := strings.Join(summaries, "; "); !strings.Contains(got, "expired") || !strings.Contains(got, "intermediate store") {
		t.Errorf("warnings = %q, want the expired root and the root sent to an intermediate store", got)
	}
	unknown := nullProfileValues(t, r)
	unknown["certificate"] = certificateValue{StringValue: types.StringUnknown()}
	trustedFamily().modifyPlan(ctx, unknown, &diags)
	if !unknown["thumbprint"].IsUnknown() {
		t.Errorf("a certificate known only at apply planned thumbprint = %v, want unknown", unknown["thumbprint"])
	}
}
