package provider

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// seedEstate makes, behind Terraform's back, the estate a team arrives
// with: trusted and imported-PFX profiles on several platforms, with the
// properties the portal sets, one assigned, all named with tag. It returns
// their ids by name.
func seedEstate(t *testing.T, tag string) map[string]string {
	t.Helper()
	requireEmulator(t)
	der, _, _ := makeTestCA(t, "Contoso Root "+tag, nil, nil, time.Now().Add(365*24*time.Hour))
	cert := base64.StdEncoding.EncodeToString(der)
	profiles := map[string]map[string]any{
		"root-windows": {"@odata.type": "#microsoft.graph.windows81TrustedRootCertificate", "displayName": tag + " root windows",
			"description": "Contoso's root", "trustedRootCertificate": cert, "certFileName": "root.cer",
			"destinationStore": "computerCertStoreIntermediate"},
		"root-ios": {"@odata.type": "#microsoft.graph.iosTrustedRootCertificate", "displayName": tag + " root ios",
			"trustedRootCertificate": cert, "certFileName": "root.cer"},
		"root-macos": {"@odata.type": "#microsoft.graph.macOSTrustedRootCertificate", "displayName": tag + " root macos",
			"trustedRootCertificate": cert, "certFileName": "root.cer", "deploymentChannel": "userChannel"},
		"pfx-windows": {"@odata.type": "#microsoft.graph.windows10ImportedPFXCertificateProfile", "displayName": tag + " smime windows",
			"intendedPurpose": "smimeEncryption", "keyStorageProvider": "useSoftwareKsp"},
		"pfx-owner": {"@odata.type": "#microsoft.graph.androidDeviceOwnerImportedPFXCertificateProfile", "displayName": tag + " smime android",
			"intendedPurpose": "smimeSigning", "certificateAccessType": "specificApps",
			"silentCertificateAccessDetails": []map[string]any{{"@odata.type": "#microsoft.graph.androidDeviceOwnerSilentCertificateAccess", "packageId": "com.contoso.mail"}}},
	}
	ids := map[string]string{}
	for name, props := range profiles {
		id, err := testEmulator.CreateDeviceConfiguration(props, "")
		if err != nil {
			t.Fatalf("making %s: %v", name, err)
		}
		ids[name] = id
	}
	// A SCEP profile linked to the iOS root: its link is on its own route.
	id, err := testEmulator.CreateDeviceConfiguration(map[string]any{"@odata.type": "#microsoft.graph.iosScepCertificateProfile",
		"displayName": tag + " scep ios", "scepServerUrls": []any{"https://ndes.contoso.example/certsrv/mscep/mscep.dll"},
		"subjectNameFormat": "commonNameAsEmail", "keyUsage": "digitalSignature"}, ids["root-ios"])
	if err != nil {
		t.Fatalf("making the SCEP profile: %v", err)
	}
	ids["scep-ios"] = id
	testEmulator.SetDeviceConfigurationAssignments(ids["pfx-windows"],
		map[string]any{"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": uuid.NewString()})
	return ids
}

// TestAccCertificateProfileListResource_query lists profiles made outside
// Terraform: each family finds only its own types, the platform and
// display_name filters (exact, case-sensitive) and limit apply, and each
// result has its identity and the resource as the engine reads it.
func TestAccCertificateProfileListResource_query(t *testing.T) {
	skipUnless(t, featureQuery)
	tag := "q" + uuid.NewString()[:8]
	ids := seedEstate(t, tag)
	identity := func(id string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: `provider "intune" {}`},
			{
				Query: true,
				Config: fmt.Sprintf(`
list "intune_trusted_certificate_profile" "windows" {
  provider         = intune
  include_resource = true
  config {
    platform     = "windows10"
    display_name = "%[1]s root windows"
  }
}

list "intune_trusted_certificate_profile" "wrong_case" {
  provider = intune
  config {
    display_name = "%[2]s ROOT WINDOWS"
  }
}

list "intune_trusted_certificate_profile" "wrong_platform" {
  provider = intune
  config {
    platform     = "ios"
    display_name = "%[1]s root windows"
  }
}

list "intune_imported_pfx_certificate_profile" "owner" {
  provider         = intune
  include_resource = true
  config {
    platform = "android_device_owner"
    display_name = "%[1]s smime android"
  }
}

list "intune_imported_pfx_certificate_profile" "not_a_root" {
  provider = intune
  config {
    display_name = "%[1]s root ios"
  }
}

list "intune_trusted_certificate_profile" "limited" {
  provider = intune
  limit    = 1
  config {
    platform = "macos"
  }
}
`, tag, strings.ToUpper(tag)),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("intune_trusted_certificate_profile.windows", 1),
					querycheck.ExpectIdentity("intune_trusted_certificate_profile.windows",
						map[string]knownvalue.Check{"id": knownvalue.StringExact(ids["root-windows"])}),
					querycheck.ExpectResourceDisplayName("intune_trusted_certificate_profile.windows", identity(ids["root-windows"]),
						knownvalue.StringExact(tag+" root windows (windows10)")),
					querycheck.ExpectResourceKnownValues("intune_trusted_certificate_profile.windows", identity(ids["root-windows"]), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("platform"), KnownValue: knownvalue.StringExact("windows10")},
						{Path: tfjsonpath.New("description"), KnownValue: knownvalue.StringExact("Contoso's root")},
						{Path: tfjsonpath.New("destination_store"), KnownValue: knownvalue.StringExact("computerCertStoreIntermediate")},
						{Path: tfjsonpath.New("cert_file_name"), KnownValue: knownvalue.StringExact("root.cer")},
						{Path: tfjsonpath.New("deployment_channel"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("subject"), KnownValue: knownvalue.StringRegexp(regexp.MustCompile("Contoso Root " + tag))},
						{Path: tfjsonpath.New("version"), KnownValue: knownvalue.NotNull()},
					}),
					querycheck.ExpectLength("intune_trusted_certificate_profile.wrong_case", 0),
					querycheck.ExpectLength("intune_trusted_certificate_profile.wrong_platform", 0),
					querycheck.ExpectLength("intune_imported_pfx_certificate_profile.owner", 1),
					querycheck.ExpectResourceKnownValues("intune_imported_pfx_certificate_profile.owner", identity(ids["pfx-owner"]), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("intended_purpose"), KnownValue: knownvalue.StringExact("smimeSigning")},
						{Path: tfjsonpath.New("certificate_access_type"), KnownValue: knownvalue.StringExact("specificApps")},
						{Path: tfjsonpath.New("silent_certificate_access_apps"), KnownValue: knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("com.contoso.mail")})},
						{Path: tfjsonpath.New("key_storage_provider"), KnownValue: knownvalue.Null()},
					}),
					querycheck.ExpectLength("intune_imported_pfx_certificate_profile.not_a_root", 0),
					querycheck.ExpectLength("intune_trusted_certificate_profile.limited", 1),
				},
			},
		},
	})
}

// TestAccCertificateProfileListResource_generateConfig is the adoption
// workflow on Terraform 1.16: terraform query -generate-config-out over
// profiles made outside Terraform writes import and resource blocks whose
// plan imports them with no changes, and after the apply plans empty. The
// results come from the listing with $expand=assignments; when the service
// ignores $expand there, each profile is read by id instead, with the same
// outcome.
func TestAccCertificateProfileListResource_generateConfig(t *testing.T) {
	requireEmulator(t)
	skipUnless(t, featureQuery, featureIdentity, featureImportBlock)
	t.Run("expanded", func(t *testing.T) { testAccGenerateConfig(t, false) })
	t.Run("listing ignores $expand", func(t *testing.T) {
		testEmulator.SetBehavior(emulator.Behavior{ListingIgnoresExpand: true})
		t.Cleanup(func() { testEmulator.SetBehavior(emulator.Behavior{}) })
		testAccGenerateConfig(t, true)
	})
}

func testAccGenerateConfig(t *testing.T, ignoreExpand bool) {
	tag := "g" + uuid.NewString()[:8]
	ids := seedEstate(t, tag)
	tf := testCLI(t)
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("main.tf", fmt.Sprintf("terraform {\n  required_providers {\n    intune = { source = %q }\n  }\n}\n\nprovider \"intune\" {}\n", tf.providerAddress()))
	var q strings.Builder
	for _, l := range []struct{ typ, platform, name string }{
		{"trusted_certificate_profile", "windows10", "root windows"},
		{"trusted_certificate_profile", "ios", "root ios"},
		{"trusted_certificate_profile", "macos", "root macos"},
		{"imported_pfx_certificate_profile", "windows10", "smime windows"},
		{"imported_pfx_certificate_profile", "android_device_owner", "smime android"},
		{"scep_certificate_profile", "ios", "scep ios"},
	} {
		fmt.Fprintf(&q, "list \"intune_%s\" %q {\n  provider         = intune\n  include_resource = true\n  config {\n    platform     = %q\n    display_name = %q\n  }\n}\n\n",
			l.typ, strings.ReplaceAll(l.name, " ", "_"), l.platform, tag+" "+l.name)
	}
	write("adopt.tfquery.hcl", q.String())

	tf.run(t, dir, 0, "init", "-input=false")
	testEmulator.ResetLog()
	tf.run(t, dir, 0, "query", "-generate-config-out=generated.tf")
	gets := 0 // reads of one profile, not of a root link
	for _, le := range graphRequests(testEmulator, "GET", configurationsPath+"/") {
		if strings.Count(strings.TrimPrefix(le.Path, configurationsPath), "/") == 1 {
			gets++
		}
	}
	if want := map[bool]int{false: 0, true: len(ids)}[ignoreExpand]; gets != want {
		t.Errorf("terraform query read %d profiles by id, want %d", gets, want)
	}
	generated, err := os.ReadFile(filepath.Join(dir, "generated.tf"))
	if err != nil {
		t.Fatalf("terraform query wrote no configuration: %v", err)
	}
	gen := string(generated)
	for name, id := range ids {
		if !regexp.MustCompile(`(?s)import \{[^}]*identity = \{\s*id\s*=\s*"` + regexp.QuoteMeta(id) + `"`).MatchString(gen) {
			t.Errorf("no import block for %s (%s) in:\n%s", name, id, gen)
		}
	}
	// Only arguments: what Intune computes is not written as configuration.
	for _, computed := range []string{"version", "created_date_time", "last_modified_date_time", "thumbprint", "subject", "expiration_date_time", "unmanaged_assignments"} {
		if regexp.MustCompile(`(?m)^\s*` + computed + `\s*=`).MatchString(gen) {
			t.Errorf("generated configuration sets the computed attribute %s:\n%s", computed, gen)
		}
	}
	for _, want := range []string{`destination_store\s*=\s*"computerCertStoreIntermediate"`, `deployment_channel\s*=\s*"userChannel"`,
		`key_storage_provider\s*=\s*"useSoftwareKsp"`, `"com.contoso.mail"`, `group_id\s*=`,
		`root_certificate_id\s*=\s*"` + regexp.QuoteMeta(ids["root-ios"]) + `"`} {
		if !regexp.MustCompile(want).MatchString(gen) {
			t.Errorf("generated configuration lacks %s:\n%s", want, gen)
		}
	}
	if t.Failed() {
		return
	}
	out := tf.run(t, dir, 2, "plan", "-input=false", "-detailed-exitcode")
	if want := fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", len(ids)); !strings.Contains(out, want) {
		t.Fatalf("plan of the generated configuration: want %q in:\n%s\ngenerated.tf:\n%s", want, out, gen)
	}
	out = tf.run(t, dir, 0, "apply", "-input=false", "-auto-approve")
	if want := fmt.Sprintf("Apply complete! Resources: %d imported, 0 added, 0 changed, 0 destroyed.", len(ids)); !strings.Contains(out, want) {
		t.Fatalf("apply of the generated configuration: want %q in:\n%s", want, out)
	}
	tf.run(t, dir, 0, "plan", "-input=false", "-detailed-exitcode")
}

// TestCertificateProfileListResource_unconfigured: listing without a
// configured provider is an error result, not a panic.
func TestCertificateProfileListResource_unconfigured(t *testing.T) {
	var stream list.ListResultsStream
	certificateProfileLister(trustedFamily())().List(context.Background(), list.ListRequest{}, &stream)
	n := 0
	for r := range stream.Results {
		n++
		if !r.Diagnostics.HasError() || r.Diagnostics[0].Summary() != "Provider not configured" {
			t.Errorf("result %d: %v, want the error Provider not configured", n, r.Diagnostics)
		}
	}
	if n != 1 {
		t.Errorf("%d results, want 1 error", n)
	}
}
