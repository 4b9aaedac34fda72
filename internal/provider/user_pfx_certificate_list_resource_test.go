package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// TestAccUserPfxCertificateListResource_generateConfig adopts user PFX
// certificates imported elsewhere: terraform query, filtered by user (in
// another letter case), writes import and resource blocks for that user's
// certificates only, without the PFX, its password and the connector key,
// which Graph never returns. As written the configuration does not plan and
// says what is missing; with those three added by hand it imports the
// certificates, updates each once in place (the password re-encrypted with
// the key), and then plans empty.
func TestAccUserPfxCertificateListResource_generateConfig(t *testing.T) {
	skipUnless(t, featureQuery, featureIdentity, featureImportBlock, featureWriteOnly)
	testAccPreCheck(t)
	tf := testCLI(t)
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
	header := fmt.Sprintf("terraform {\n  required_providers {\n    intune = { source = %q }\n  }\n}\n\nprovider \"intune\" {}\n", tf.providerAddress())
	write := func(dir, name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	// Imported elsewhere (another configuration, the PowerShell module).
	portal := t.TempDir()
	write(portal, "main.tf", header+cert("a1", alice, a1, "smimeEncryption")+cert("a2", alice, a2, "smimeSigning")+cert("b1", bob, b1, "smimeEncryption"))
	tf.run(t, portal, 0, "init", "-input=false")
	tf.run(t, portal, 0, "apply", "-input=false", "-auto-approve")

	adopt := t.TempDir()
	write(adopt, "main.tf", header)
	write(adopt, "adopt.tfquery.hcl", fmt.Sprintf(`
list "intune_user_pfx_certificate" "alice" {
  provider         = intune
  include_resource = true
  config {
    user_principal_name = %q
  }
}
`, strings.ToUpper(alice)))
	tf.run(t, adopt, 0, "init", "-input=false")
	tf.run(t, adopt, 0, "query", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(filepath.Join(adopt, "generated.tf"))
	if err != nil {
		t.Fatalf("terraform query wrote no configuration: %v", err)
	}
	gen := string(generated)
	blocks := strings.Split(gen, `resource "intune_user_pfx_certificate"`)[1:]
	if len(blocks) != 2 {
		t.Fatalf("%d resource blocks, want alice's 2:\n%s", len(blocks), gen)
	}
	for _, p := range []testPfxFile{a1, a2} {
		id := emulator.UserPfxCertificateID(alice, p.thumbprint)
		if !regexp.MustCompile(`(?s)import \{[^}]*identity = \{\s*id\s*=\s*"` + regexp.QuoteMeta(id) + `"`).MatchString(gen) {
			t.Errorf("no import block for %s:\n%s", id, gen)
		}
	}
	for _, absent := range []string{`pfx_wo\s*=\s*"`, `pfx_password_wo\s*=\s*"`, `thumbprint\s*=`, `created_date_time\s*=`, bob} {
		if regexp.MustCompile(absent).MatchString(gen) {
			t.Errorf("generated configuration has %s:\n%s", absent, gen)
		}
	}
	for _, want := range []string{`encryption_public_key\s*=\s*null`, `intended_purpose\s*=\s*"smimeSigning"`, `key_name\s*=\s*"` + connectorKeyName() + `"`} {
		if !regexp.MustCompile(want).MatchString(gen) {
			t.Errorf("generated configuration lacks %s:\n%s", want, gen)
		}
	}
	if t.Failed() {
		return
	}
	out := tf.run(t, adopt, 1, "plan", "-input=false")
	for _, name := range []string{"encryption_public_key", "pfx_wo", "pfx_password_wo"} {
		if !strings.Contains(out, "Must set a configuration value for the "+name+" attribute") {
			t.Fatalf("plan of the generated configuration as written: want an error naming %s:\n%s", name, out)
		}
	}

	// What the documentation says to add by hand.
	for i, b := range blocks {
		p := a2
		if strings.Contains(b, "smimeEncryption") {
			p = a1
		}
		for name, value := range map[string]string{"encryption_public_key": keys["spki"],
			"pfx_wo": fmt.Sprintf("filebase64(%q)", p.path), "pfx_password_wo": fmt.Sprintf("file(%q)", pw)} {
			b = regexp.MustCompile(`(?m)^(\s*`+name+`\s*=\s*)null\b.*$`).ReplaceAllString(b, "${1}"+strings.ReplaceAll(value, "$", "$$"))
		}
		blocks[i] = b
	}
	write(adopt, "generated.tf", strings.Split(gen, `resource "intune_user_pfx_certificate"`)[0]+
		`resource "intune_user_pfx_certificate"`+strings.Join(blocks, `resource "intune_user_pfx_certificate"`))
	out = tf.run(t, adopt, 2, "plan", "-input=false", "-detailed-exitcode")
	if want := "Plan: 2 to import, 0 to add, 2 to change, 0 to destroy."; !strings.Contains(out, want) {
		t.Fatalf("plan with the secrets added: want %q in:\n%s", want, out)
	}
	out = tf.run(t, adopt, 0, "apply", "-input=false", "-auto-approve")
	if want := "Resources: 2 imported, 0 added, 2 changed, 0 destroyed."; !strings.Contains(out, want) {
		t.Fatalf("apply: want %q in:\n%s", want, out)
	}
	tf.run(t, adopt, 0, "plan", "-input=false", "-detailed-exitcode")
	tf.run(t, portal, 0, "destroy", "-input=false", "-auto-approve", "-refresh=false")
}

// TestUserPfxCertificateListResource_unconfigured: listing without a
// configured provider is an error result, not a panic.
func TestUserPfxCertificateListResource_unconfigured(t *testing.T) {
	var stream list.ListResultsStream
	NewUserPfxCertificateListResource().List(context.Background(), list.ListRequest{}, &stream)
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
