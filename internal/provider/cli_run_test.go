package provider

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// cliDir is a Terraform working directory driven through the real CLI
// directly, for what terraform-plugin-testing cannot do: send the terraform
// process a signal, or read the warnings it prints. The provider is served
// from this test process and reached through TF_REATTACH_PROVIDERS, so it
// talks to the emulator like every other acceptance test.
type cliDir struct {
	t   *testing.T
	bin string
	dir string
	env []string
}

// newCLIDir serves a provider for one test and prepares a directory for it.
func newCLIDir(t *testing.T) *cliDir {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip(skipNoTFAcc)
	}
	testAccPreCheck(t)
	c := testCLI(t)
	bin := c.path
	reattach := serveProvider(t, c.providerAddress())
	d := &cliDir{t: t, bin: bin, dir: t.TempDir()}
	d.env = append(os.Environ(),
		"TF_REATTACH_PROVIDERS="+reattach,
		"TF_CLI_CONFIG_FILE="+writeTempFile(t, "cli.tfrc", ""),
		"TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	return d
}

// write replaces the configuration.
func (d *cliDir) write(hcl string) {
	d.t.Helper()
	hcl = `terraform {
  required_providers {
    intune = { source = "openintune/intune" }
  }
}
` + hcl
	if err := os.WriteFile(filepath.Join(d.dir, "main.tf"), []byte(hcl), 0o600); err != nil {
		d.t.Fatal(err)
	}
}

// command prepares terraform with args in the directory; its output goes to out.
func (d *cliDir) command(out *bytes.Buffer, args ...string) *exec.Cmd {
	if len(args) > 0 && args[0] != "show" {
		args = append([]string{args[0], "-no-color"}, args[1:]...)
	}
	cmd := exec.Command(d.bin, args...) //nolint:gosec // the test's own terraform binary
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = d.dir, d.env, out, out
	return cmd
}

// run runs terraform to the end and returns its output; failing is fatal
// unless mayFail.
func (d *cliDir) run(mayFail bool, args ...string) (string, error) {
	d.t.Helper()
	var out bytes.Buffer
	err := d.command(&out, args...).Run()
	if err != nil && !mayFail {
		d.t.Fatalf("terraform %v: %v\n%s", args, err, out.String())
	}
	return out.String(), err
}

// must runs terraform to the end, fails the test unless it succeeds, and
// returns its output.
func (d *cliDir) must(args ...string) string {
	d.t.Helper()
	out, _ := d.run(false, args...)
	return out
}

// stateIDs returns the id of each resource in state by its address.
func (d *cliDir) stateIDs() map[string]string {
	d.t.Helper()
	out := d.must("show", "-json")
	var doc struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		d.t.Fatalf("terraform show -json: %v\n%s", err, out)
	}
	ids := map[string]string{}
	for _, r := range doc.Values.RootModule.Resources {
		id, _ := r.Values["id"].(string)
		ids[r.Address] = id
	}
	return ids
}

// waitFor receives n values from ch, failing the test if the process under
// test exits first (so a test never waits on a clock for an event).
func waitFor[T any](t *testing.T, ch <-chan T, n int, exited <-chan error) []T {
	t.Helper()
	var got []T
	for len(got) < n {
		select {
		case v := <-ch:
			got = append(got, v)
		case err := <-exited:
			t.Fatalf("terraform exited (%v) after %d of %d events", err, len(got), n)
		case <-time.After(10 * time.Minute):
			t.Fatalf("%d of %d events after 10 minutes", len(got), n)
		}
	}
	return got
}
