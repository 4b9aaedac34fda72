package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// TestAccCertificateProfile_importBlockGenerateConfig is the adoption path
// without terraform query (OpenTofu, or Terraform before 1.14): import
// blocks by id for profiles made outside Terraform, plan
// -generate-config-out writes their resource blocks, and the generated
// configuration imports them with no changes and then plans empty. Run it
// under OpenTofu with make testacc-tofu (TF_ACC_TERRAFORM_PATH=tofu).
func TestAccCertificateProfile_importBlockGenerateConfig(t *testing.T) {
	skipUnless(t, featureImportBlock)
	tag := "i" + uuid.NewString()[:8]
	ids := seedEstate(t, tag)
	tf := testCLI(t)
	dir := t.TempDir()
	var main strings.Builder
	fmt.Fprintf(&main, "terraform {\n  required_providers {\n    intune = { source = %q }\n  }\n}\n\nprovider \"intune\" {}\n", tf.providerAddress())
	types := map[string]string{"root": "trusted_certificate_profile", "pfx": "imported_pfx_certificate_profile", "scep": "scep_certificate_profile"}
	for name, id := range ids {
		fmt.Fprintf(&main, "\nimport {\n  to = intune_%s.%s\n  id = %q\n}\n", types[strings.Split(name, "-")[0]], strings.ReplaceAll(name, "-", "_"), id)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	tf.run(t, dir, 0, "init", "-input=false")
	out := tf.run(t, dir, 0, "plan", "-input=false", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(filepath.Join(dir, "generated.tf"))
	if err != nil {
		t.Fatalf("%s plan -generate-config-out wrote no configuration: %v\n%s", tf.name, err, out)
	}
	gen := string(generated)
	if got := strings.Count(gen, "resource \"intune_"); got != len(ids) {
		t.Errorf("%d generated resource blocks, want %d:\n%s", got, len(ids), gen)
	}
	for _, computed := range []string{"id", "version", "created_date_time", "last_modified_date_time", "thumbprint", "subject", "expiration_date_time", "unmanaged_assignments"} {
		if regexp.MustCompile(`(?m)^\s*` + computed + `\s*=`).MatchString(gen) {
			t.Errorf("generated configuration sets the computed attribute %s:\n%s", computed, gen)
		}
	}
	if t.Failed() {
		return
	}
	out = tf.run(t, dir, 2, "plan", "-input=false", "-detailed-exitcode")
	if want := fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", len(ids)); !strings.Contains(out, want) {
		t.Fatalf("plan of the generated configuration: want %q in:\n%s\ngenerated.tf:\n%s", want, out, gen)
	}
	out = tf.run(t, dir, 0, "apply", "-input=false", "-auto-approve")
	if want := fmt.Sprintf("Resources: %d imported, 0 added, 0 changed, 0 destroyed.", len(ids)); !strings.Contains(out, want) {
		t.Fatalf("apply of the generated configuration: want %q in:\n%s", want, out)
	}
	tf.run(t, dir, 0, "plan", "-input=false", "-detailed-exitcode")
}
