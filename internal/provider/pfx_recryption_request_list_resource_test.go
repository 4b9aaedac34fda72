package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

const listAddress = "intune_pfx_recryption_request.found"

// TestAccPfxRecryptionRequestListResource_query lists requests made outside
// Terraform with terraform query: identity, display name and full resource
// of each, filters, Terraform's limit, paging and an empty result.
func TestAccPfxRecryptionRequestListResource_query(t *testing.T) {
	skipUnless(t, featureQuery)
	testAccPreCheck(t)
	profile := uuid.NewString()
	user, device := uuid.NewString(), uuid.NewString()
	ids := seedPfx(t,
		pfxSeed{UserID: user, DeviceID: device, ProfileID: profile, Thumbprint: "QA'" + profile[:8], Status: 1},
		pfxSeed{UserID: uuid.NewString(), DeviceID: uuid.NewString(), ProfileID: profile, Thumbprint: "QB" + profile[:8], Status: 2},
		pfxSeed{UserID: uuid.NewString(), DeviceID: uuid.NewString(), ProfileID: profile, Thumbprint: "QC" + profile[:8], Status: 2, IsDeleted: true},
	)
	identity := func(id string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{"id": knownvalue.StringExact(id)}
	}
	checks := []querycheck.QueryResultCheck{
		querycheck.ExpectLength(listAddress, 3),
		querycheck.ExpectResourceDisplayName(listAddress, queryfilter.ByResourceIdentity(identity(ids[0])),
			knownvalue.StringExact(fmt.Sprintf("thumbprint QA'%s for user %s on device %s", profile[:8], user, device))),
		querycheck.ExpectResourceKnownValues(listAddress, queryfilter.ByResourceIdentity(identity(ids[0])), []querycheck.KnownValueCheck{
			{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(ids[0])},
			{Path: tfjsonpath.New("profile_id"), KnownValue: knownvalue.StringExact(profile)},
			{Path: tfjsonpath.New("thumbprint"), KnownValue: knownvalue.StringExact("QA'" + profile[:8])},
			{Path: tfjsonpath.New("status"), KnownValue: knownvalue.Int64Exact(1)},
			{Path: tfjsonpath.New("is_deleted"), KnownValue: knownvalue.Bool(false)},
			{Path: tfjsonpath.New("e_tag"), KnownValue: knownvalue.NotNull()},
			{Path: tfjsonpath.New("timeouts"), KnownValue: knownvalue.Null()},
		}),
		querycheck.ExpectLength("intune_pfx_recryption_request.status_2", 2),
		querycheck.ExpectLength("intune_pfx_recryption_request.quote", 1),
		querycheck.ExpectLength("intune_pfx_recryption_request.limited", 2),
		querycheck.ExpectLength("intune_pfx_recryption_request.none", 0),
	}
	for _, id := range ids {
		checks = append(checks, querycheck.ExpectIdentity(listAddress, identity(id)))
	}

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// A query runs in a configuration that declares the provider.
				Config: `provider "intune" {}`,
			},
			{
				Query: true,
				Config: fmt.Sprintf(`
list "intune_pfx_recryption_request" "found" {
  provider         = intune
  include_resource = true
  config {
    profile_id = %[1]q
    page_size  = 1
  }
}

list "intune_pfx_recryption_request" "status_2" {
  provider = intune
  config {
    profile_id = %[2]q
    status     = 2
  }
}

list "intune_pfx_recryption_request" "quote" {
  provider = intune
  config {
    profile_id = %[1]q
    thumbprint = "QA'%[3]s"
  }
}

list "intune_pfx_recryption_request" "limited" {
  provider = intune
  limit    = 2
  config {
    odata_filter = "profileId eq %[1]s and sourceType eq 0"
  }
}

list "intune_pfx_recryption_request" "none" {
  provider = intune
  config {
    profile_id = %[4]q
  }
}
`, profile, strings.ToUpper(profile), profile[:8], uuid.NewString()),
				QueryResultChecks: append(checks,
					emulatorQueryCheck(func(e *emulator.Emulator) error {
						// Pages of one, each asking for it; Terraform's default limit 100 as $top.
						return checkListPages(e, "profileId eq "+profile, "$top=100", 3, "odata.maxpagesize=1")
					}),
					emulatorQueryCheck(func(e *emulator.Emulator) error {
						// limit = 2 reaches Graph as $top=2: no more is fetched.
						return checkListPages(e, "profileId eq "+profile+" and sourceType eq 0", "$top=2", 1, "")
					})),
			},
		},
	})
}

// TestAccPfxRecryptionRequestListResource_invalidConfig: filter mistakes are
// caught before anything is listed.
func TestAccPfxRecryptionRequestListResource_invalidConfig(t *testing.T) {
	skipUnless(t, featureQuery)
	query := func(body string) string {
		return "list \"intune_pfx_recryption_request\" \"found\" {\n  provider = intune\n  config {\n" + body + "\n  }\n}\n"
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: `provider "intune" {}`},
			{
				Query:       true,
				Config:      query(`odata_filter = "status eq 1"` + "\n" + `status = 1`),
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination.*"status" cannot be specified when "odata_filter" is specified`),
			},
			{
				Query:       true,
				Config:      query(`device_id = "nope"`),
				ExpectError: regexp.MustCompile(`(?s)Invalid GUID`),
			},
			{
				Query:       true,
				Config:      query(`odata_filter = "noSuchProperty eq 1"`),
				ExpectError: regexp.MustCompile(`(?s)Graph rejected the odata_filter`),
			},
		},
	})
}

// TestAccPfxRecryptionRequestListResource_generateConfig is the adoption
// workflow: terraform query -generate-config-out writes import and resource
// blocks for requests made outside Terraform; they import by identity and then
// plan with no changes. terraform-plugin-testing cannot pass
// -generate-config-out to query, so this test runs the CLI itself, with the
// provider served from the test process.
func TestAccPfxRecryptionRequestListResource_generateConfig(t *testing.T) {
	skipUnless(t, featureQuery, featureIdentity, featureImportBlock)
	testAccPreCheck(t)
	tf := testCLI(t)
	profile := uuid.NewString()
	ids := seedPfx(t,
		pfxSeed{UserID: uuid.NewString(), DeviceID: uuid.NewString(), ProfileID: profile, Thumbprint: "GA'" + profile[:8], Status: 1},
		pfxSeed{UserID: uuid.NewString(), DeviceID: uuid.NewString(), ProfileID: profile, Thumbprint: "GB" + profile[:8], SourceType: 2},
		pfxSeed{UserID: uuid.NewString(), DeviceID: uuid.NewString(), ProfileID: profile, Thumbprint: "GC" + profile[:8], IsDeleted: true},
	)

	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("main.tf", fmt.Sprintf(`
terraform {
  required_providers {
    intune = { source = %q }
  }
}

provider "intune" {}
`, tf.providerAddress()))
	write("adopt.tfquery.hcl", fmt.Sprintf(`
list "intune_pfx_recryption_request" "found" {
  provider         = intune
  include_resource = true
  config {
    profile_id = %q
  }
}
`, profile))

	tf.run(t, dir, 0, "init", "-input=false")
	tf.run(t, dir, 0, "query", "-generate-config-out=generated.tf")

	generated, err := os.ReadFile(filepath.Join(dir, "generated.tf"))
	if err != nil {
		t.Fatalf("terraform query wrote no configuration: %v", err)
	}
	gen := string(generated)
	if got := strings.Count(gen, `resource "intune_pfx_recryption_request"`); got != len(ids) {
		t.Errorf("generated configuration has %d resource blocks, want %d:\n%s", got, len(ids), gen)
	}
	for _, id := range ids {
		if !regexp.MustCompile(`(?s)import \{[^}]*identity = \{\s*id\s*=\s*"` + regexp.QuoteMeta(id) + `"`).MatchString(gen) {
			t.Errorf("generated configuration has no import block with identity id = %q:\n%s", id, gen)
		}
	}
	if t.Failed() {
		return
	}

	out := tf.run(t, dir, 2, "plan", "-input=false", "-detailed-exitcode")
	if want := fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", len(ids)); !strings.Contains(out, want) {
		t.Fatalf("plan of the generated configuration: want %q in:\n%s", want, out)
	}
	out = tf.run(t, dir, 0, "apply", "-input=false", "-auto-approve")
	if want := fmt.Sprintf("Apply complete! Resources: %d imported, 0 added, 0 changed, 0 destroyed.", len(ids)); !strings.Contains(out, want) {
		t.Fatalf("apply of the generated configuration: want %q in:\n%s", want, out)
	}
	out = tf.run(t, dir, 0, "plan", "-input=false", "-detailed-exitcode")
	if !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after the import shows changes:\n%s", out)
	}
}

// emulatorQueryCheck is a query check that runs f only against the emulator
// and reports that it was skipped against a real tenant.
type emulatorQueryCheck func(e *emulator.Emulator) error

func (f emulatorQueryCheck) CheckQuery(_ context.Context, _ querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	if testEmulator == nil {
		reportSkippedCheck("query check")
		return
	}
	resp.Error = f(testEmulator)
}

// run runs one Terraform command in dir with the provider served from this
// test process (TF_REATTACH_PROVIDERS), fails the test unless it exits with
// wantCode, and returns its output.
func (c acceptanceCLI) run(t *testing.T, dir string, wantCode int, args ...string) string {
	t.Helper()
	reattach := serveProvider(t, c.providerAddress())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.path, append(args[:1:1], append([]string{"-no-color"}, args[1:]...)...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_IN_AUTOMATION=1", "TF_REATTACH_PROVIDERS="+reattach)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		code = exitErr.ExitCode()
	} else if err != nil {
		t.Fatalf("terraform %s: %v", args[0], err)
	}
	if code != wantCode {
		t.Fatalf("terraform %s exited with %d, want %d:\n%s", strings.Join(args, " "), code, wantCode, out.String())
	}
	return out.String()
}

// serveProvider serves the provider over gRPC from the test process, as
// terraform-plugin-testing does, until the test ends, and returns the
// TF_REATTACH_PROVIDERS value that points the CLI at it as address.
func serveProvider(t *testing.T, address string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	configCh := make(chan *plugin.ReattachConfig)
	closeCh := make(chan struct{})
	go func() {
		err := tf6server.Serve(address, providerserver.NewProtocol6(New("test")()),
			tf6server.WithDebug(ctx, configCh, closeCh),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			// Provider logs go where terraform-plugin-testing sends them
			// (TF_LOG_PATH_MASK, TF_ACC_LOG_PATH), not to the test's output.
			tf6server.WithLoggingSink(t))
		if err != nil {
			t.Errorf("serving the provider: %v", err)
		}
	}()
	var rc *plugin.ReattachConfig
	select {
	case rc = <-configCh:
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("the provider server did not start")
	}
	t.Cleanup(func() {
		cancel()
		<-closeCh
	})
	b, err := json.Marshal(map[string]any{address: map[string]any{
		"Protocol": string(rc.Protocol), "ProtocolVersion": rc.ProtocolVersion, "Pid": rc.Pid, "Test": true,
		"Addr": map[string]string{"Network": rc.Addr.Network(), "String": rc.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPfxRecryptionRequestListResource_unconfigured: listing without a
// configured provider is an error result, not a panic.
func TestPfxRecryptionRequestListResource_unconfigured(t *testing.T) {
	var stream list.ListResultsStream
	NewPfxRecryptionRequestListResource().List(context.Background(), list.ListRequest{}, &stream)
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
