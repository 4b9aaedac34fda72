package provider

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
)

// The acceptance tests run under Terraform or OpenTofu: TF_ACC_TERRAFORM_PATH
// names either (make testacc, make testacc-tofu). Features that came later, or
// that OpenTofu lacks, are listed here with the first version of each CLI that
// has them; a test that needs one starts with skipUnless(t, feature), and is
// skipped, naming the feature and the CLI, where it cannot run.

// cliFeature is a CLI capability some acceptance tests need.
type cliFeature struct {
	name      string
	terraform string // first Terraform version with it
	opentofu  string // first OpenTofu version with it; "" when OpenTofu has none
}

// The minimum versions come from each CLI's changelog and documentation.
var (
	featureImportBlock = cliFeature{name: "import blocks", terraform: "1.5.0", opentofu: "1.6.0"}
	featureIdentity    = cliFeature{name: "resource identity", terraform: "1.12.0", opentofu: "1.12.0"}
	featureQuery       = cliFeature{name: "list resources and the query command", terraform: "1.14.0"}
	featureWriteOnly   = cliFeature{name: "write-only attributes", terraform: "1.11.0", opentofu: "1.11.0"}
)

// acceptanceCLI is the CLI the acceptance tests run.
type acceptanceCLI struct {
	path    string
	name    string // "Terraform" or "OpenTofu"
	version *version.Version
}

var (
	cliOnce sync.Once
	cli     acceptanceCLI
	cliErr  string
)

// cliVersionLine is the first line of `terraform version` / `tofu version`.
var cliVersionLine = regexp.MustCompile(`^(Terraform|OpenTofu) v(\S+)`)

// detectCLI reads the name and version of the CLI the tests use, once:
// TF_ACC_TERRAFORM_PATH, else terraform on PATH, as terraform-plugin-testing
// picks it.
func detectCLI() (acceptanceCLI, string) {
	cliOnce.Do(func() {
		p := os.Getenv("TF_ACC_TERRAFORM_PATH")
		if p == "" {
			var err error
			if p, err = exec.LookPath("terraform"); err != nil {
				cliErr = "no Terraform CLI: set TF_ACC_TERRAFORM_PATH (make testacc does) or put terraform on PATH"
				return
			}
		}
		// The plain output names the CLI; -json does not.
		cmd := exec.Command(p, "version")
		cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
		out, err := cmd.Output()
		if err != nil {
			cliErr = p + " version: " + err.Error()
			return
		}
		c, why := parseCLIVersion(string(out))
		if why != "" {
			cliErr = p + " version: " + why
			return
		}
		c.path = p
		cli = c
	})
	return cli, cliErr
}

// parseCLIVersion reads the CLI's name and version from `version` output.
func parseCLIVersion(out string) (acceptanceCLI, string) {
	for _, line := range strings.Split(out, "\n") {
		m := cliVersionLine.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		v, err := version.NewVersion(m[2])
		if err != nil {
			return acceptanceCLI{}, m[2] + ": " + err.Error()
		}
		return acceptanceCLI{name: m[1], version: v}, ""
	}
	return acceptanceCLI{}, "no \"Terraform vX\" or \"OpenTofu vX\" line in:\n" + out
}

// testCLI returns the CLI the acceptance tests use, failing the test when it
// cannot be run.
func testCLI(t *testing.T) acceptanceCLI {
	t.Helper()
	c, err := detectCLI()
	if err != "" {
		t.Fatal(err)
	}
	return c
}

func (c acceptanceCLI) openTofu() bool { return c.name == "OpenTofu" }

// has reports whether the CLI has the feature, and if not, why.
func (c acceptanceCLI) has(f cliFeature) (bool, string) {
	first := f.terraform
	if c.openTofu() {
		first = f.opentofu
	}
	if first == "" {
		return false, c.name + " does not support " + f.name
	}
	if c.version.LessThan(version.Must(version.NewVersion(first))) {
		return false, c.name + " " + c.version.String() + " does not support " + f.name + " (" + c.name + " " + first + " or later does)"
	}
	return true, ""
}

// skipUnless skips the test unless the acceptance tests' CLI has every one of
// the features. Call it first in an acceptance test, before anything is made.
func skipUnless(t *testing.T, features ...cliFeature) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		return // resource.Test skips it anyway; no CLI needed
	}
	c := testCLI(t)
	for _, f := range features {
		if ok, why := c.has(f); !ok {
			t.Skip("needs " + f.name + ": " + why)
		}
	}
}

// providerAddress is the provider's address as the CLI resolves the short
// source "openintune/intune": OpenTofu looks it up in its own registry.
func (c acceptanceCLI) providerAddress() string {
	if c.openTofu() {
		return "registry.opentofu.org/" + strings.TrimPrefix(Address, "registry.terraform.io/")
	}
	return Address
}

// TestCLIFeatures: which CLI runs which feature's tests, and what the skip says.
func TestCLIFeatures(t *testing.T) {
	at := func(name, v string) acceptanceCLI {
		return acceptanceCLI{name: name, version: version.Must(version.NewVersion(v))}
	}
	for _, tc := range []struct {
		cli     acceptanceCLI
		feature cliFeature
		want    bool
		why     string
	}{
		{at("Terraform", "1.16.4"), featureQuery, true, ""},
		{at("Terraform", "1.14.0"), featureQuery, true, ""},
		{at("Terraform", "1.13.5"), featureQuery, false, "Terraform 1.13.5 does not support list resources and the query command (Terraform 1.14.0 or later does)"},
		{at("Terraform", "1.11.4"), featureIdentity, false, "Terraform 1.11.4 does not support resource identity (Terraform 1.12.0 or later does)"},
		{at("Terraform", "1.11.4"), featureWriteOnly, true, ""},
		{at("Terraform", "1.4.7"), featureImportBlock, false, "Terraform 1.4.7 does not support import blocks (Terraform 1.5.0 or later does)"},
		{at("OpenTofu", "1.12.6"), featureQuery, false, "OpenTofu does not support list resources and the query command"},
		{at("OpenTofu", "1.12.6"), featureIdentity, true, ""},
		{at("OpenTofu", "1.12.6"), featureWriteOnly, true, ""},
		{at("OpenTofu", "1.10.0"), featureWriteOnly, false, "OpenTofu 1.10.0 does not support write-only attributes (OpenTofu 1.11.0 or later does)"},
	} {
		got, why := tc.cli.has(tc.feature)
		if got != tc.want || why != tc.why {
			t.Errorf("%s %s has %s = %v, %q; want %v, %q", tc.cli.name, tc.cli.version, tc.feature.name, got, why, tc.want, tc.why)
		}
	}
	if got, want := at("OpenTofu", "1.12.6").providerAddress(), "registry.opentofu.org/openintune/intune"; got != want {
		t.Errorf("OpenTofu provider address = %q, want %q", got, want)
	}
	if got := at("Terraform", "1.16.4").providerAddress(); got != Address {
		t.Errorf("Terraform provider address = %q, want %q", got, Address)
	}
}

// TestParseCLIVersion: the CLI is told apart by the first line of `version`,
// after any warnings the CLI prints first.
func TestParseCLIVersion(t *testing.T) {
	for out, want := range map[string]string{
		"Terraform v1.16.4\non linux_amd64\n":                                              "Terraform 1.16.4",
		"OpenTofu v1.12.6\non linux_amd64\n":                                               "OpenTofu 1.12.6",
		"Terraform v1.0.11\non linux_amd64\n\nYour version of Terraform is out of date!\n": "Terraform 1.0.11",
		"There are some problems with the CLI configuration:\n\nWarning: Unable to open CLI configuration file\n\nOpenTofu v1.12.6\n": "OpenTofu 1.12.6",
	} {
		c, err := parseCLIVersion(out)
		if err != "" {
			t.Errorf("parseCLIVersion(%q): %s", out, err)
			continue
		}
		if got := c.name + " " + c.version.String(); got != want {
			t.Errorf("parseCLIVersion(%q) = %s, want %s", out, got, want)
		}
	}
	if _, err := parseCLIVersion("tofu: command not found\n"); err == "" {
		t.Error("parseCLIVersion accepted output without a version line")
	}
}
