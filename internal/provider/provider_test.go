package provider

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// Acceptance tests (TF_ACC=1) run the real Terraform CLI against the provider
// served from this test process. By default they target the offline emulator,
// reached through the provider's real path: the client-secret token flow
// against the emulator's Entra endpoint, then Graph over TLS with the
// emulator's CA trusted through SSL_CERT_FILE.
//
// With INTUNE_ACC_REAL_TENANT=1 they target the tenant named by ARM_TENANT_ID,
// ARM_CLIENT_ID and ARM_CLIENT_SECRET (an app with the
// DeviceManagementConfiguration.ReadWrite.All application permission) instead;
// assertions that need the emulator's request log are then skipped.

// testEmulator is the running emulator, or nil against a real tenant.
var testEmulator *emulator.Emulator

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	// A TF_CLI_CONFIG_FILE that does not exist makes Terraform warn on every run.
	if f := os.Getenv("TF_CLI_CONFIG_FILE"); f != "" {
		if _, err := os.Stat(f); err != nil {
			os.Unsetenv("TF_CLI_CONFIG_FILE")
		}
	}
	os.Setenv("CHECKPOINT_DISABLE", "1")
	if os.Getenv("TF_ACC") != "" && os.Getenv("TF_ACC_PROVIDER_HOST") == "" {
		// OpenTofu resolves the provider in its own registry: serve it there.
		if c, err := detectCLI(); err == "" && c.openTofu() {
			os.Setenv("TF_ACC_PROVIDER_HOST", "registry.opentofu.org")
		}
	}
	if os.Getenv("TF_ACC") == "" || realTenant() {
		return m.Run()
	}
	e, err := emulator.Start(emulator.Config{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "starting the emulator:", err)
		return 1
	}
	defer e.Close()
	testEmulator = e
	// Go reads SSL_CERT_FILE once per process, at the first TLS handshake:
	// set it before anything connects.
	for k, v := range emulatorEnv(e) {
		os.Setenv(k, v)
	}
	for _, k := range []string{"ARM_ENVIRONMENT", "ARM_USE_OIDC", "ARM_USE_MSI", "ARM_CLIENT_CERTIFICATE_PATH", "ARM_CLIENT_CERTIFICATE"} {
		os.Unsetenv(k)
	}
	return m.Run()
}

func emulatorEnv(e *emulator.Emulator) map[string]string {
	c := e.Config()
	return map[string]string{
		"SSL_CERT_FILE":      e.CACertFile(),
		"ARM_GRAPH_ENDPOINT": e.GraphURL(),
		"ARM_AUTHORITY_HOST": e.AuthorityURL(),
		"ARM_TENANT_ID":      c.TenantID,
		"ARM_CLIENT_ID":      c.ClientID,
		"ARM_CLIENT_SECRET":  c.ClientSecret,
	}
}

func realTenant() bool { return os.Getenv("INTUNE_ACC_REAL_TENANT") != "" }

// protoV6ProviderFactories serves the provider in-process to the CLI.
var protoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"intune": providerserver.NewProtocol6WithError(New("test")()),
}

// providerFactoriesWithWindow serves a provider that takes a 404 for lag
// until window after its last write: long in tests against a lagging
// emulator, so however slow the machine, a lagged read is never taken for a
// deletion.
func providerFactoriesWithWindow(window time.Duration) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"intune": providerserver.NewProtocol6WithError(&intuneProvider{version: "test", consistencyWindow: window}),
	}
}

// withBehavior sets the emulator's behaviour switches for the rest of the
// test. Tests that use it must not run in parallel with others.
func withBehavior(t *testing.T, b emulator.Behavior) {
	t.Helper()
	requireEmulator(t)
	testEmulator.SetBehavior(b)
	t.Cleanup(func() { testEmulator.SetBehavior(emulator.Behavior{}) })
}

// testAccPreCheck skips the test without TF_ACC, as resource.Test does, so
// that tests which call it before resource.Test skip alike; otherwise it checks
// that the target (the emulator or a real tenant) is set up.
func testAccPreCheck(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip(skipNoTFAcc)
	}
	if !realTenant() {
		if testEmulator == nil {
			t.Fatal("the emulator is not running: acceptance tests need TF_ACC=1 set before the test binary starts")
		}
		return
	}
	for _, k := range []string{"ARM_TENANT_ID", "ARM_CLIENT_ID", "ARM_CLIENT_SECRET"} {
		if os.Getenv(k) == "" {
			t.Fatalf("INTUNE_ACC_REAL_TENANT is set but %s is not", k)
		}
	}
	realTenantTest.Store(t)
	t.Cleanup(func() { realTenantTest.CompareAndSwap(t, nil) })
}

// realTenantTest is the acceptance test running against a real tenant, so
// that the emulator-only checks it skips say so in its log. resource.Test runs
// one test at a time.
var realTenantTest atomic.Pointer[testing.T]

// reportSkippedCheck says that an emulator-only check at where was not made.
func reportSkippedCheck(where string) {
	msg := where + ": emulator-only check skipped: the tests run against a real tenant (INTUNE_ACC_REAL_TENANT)"
	if t := realTenantTest.Load(); t != nil {
		t.Log(msg)
		return
	}
	log.Print(msg)
}

// The two reasons an acceptance test skips: TF_ACC is unset, or the test
// needs the emulator and the tests run against a real tenant.
const (
	skipNoTFAcc    = "acceptance test, and TF_ACC is unset: set TF_ACC=1 to run it against the emulator (see CONTRIBUTING.md)"
	skipRealTenant = "emulator-only: this test inspects or drives the emulator, and the tests run against a real tenant (INTUNE_ACC_REAL_TENANT)"
)

// requireEmulator skips a test that can only run against the emulator,
// saying which of the two reasons applies.
func requireEmulator(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip(skipNoTFAcc)
	}
	if testEmulator == nil {
		t.Skip(skipRealTenant)
	}
}

// testClient is a Graph client configured like the provider, for checks and
// out-of-band changes that must work against a real tenant too.
func testClient(t *testing.T) *graph.Client {
	t.Helper()
	// The provider's own settings (an empty provider block), so the test
	// shares its client and token.
	auth, _ := authModel{}.settings(os.Getenv)
	c, err := graph.NewClient(graph.Settings{
		Environment:   os.Getenv("ARM_ENVIRONMENT"),
		GraphEndpoint: os.Getenv("ARM_GRAPH_ENDPOINT"),
		AuthorityHost: os.Getenv("ARM_AUTHORITY_HOST"),
		Auth:          auth,
		UserAgent:     "terraform-provider-intune/test",
	})
	if err != nil {
		t.Fatalf("test client: %v", err)
	}
	return c
}

// testGUID returns a GUID for a test object: from INTUNE_ACC_<NAME> when set
// (a real tenant may need real users, devices and profiles), else a new one.
func testGUID(name string) string {
	if v := os.Getenv("INTUNE_ACC_" + strings.ToUpper(name)); v != "" {
		return v
	}
	return uuid.NewString()
}

// captured records attribute values from state during a test, so later steps
// can compare against them.
type captured map[string]string

type captureCheck struct {
	resource string
	attrs    []string
	into     captured
}

// capture is a state check that stores the named attributes of testResource.
func capture(into captured, attrs ...string) statecheck.StateCheck {
	return captureCheck{resource: testResource, attrs: attrs, into: into}
}

func (c captureCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address != c.resource {
			continue
		}
		for _, a := range c.attrs {
			v, ok := r.AttributeValues[a].(string)
			if !ok {
				resp.Error = fmt.Errorf("%s.%s is not a string: %v", c.resource, a, r.AttributeValues[a])
				return
			}
			c.into[a] = v
		}
		return
	}
	resp.Error = fmt.Errorf("resource %s not in state", c.resource)
}

// checkFunc is a state check that runs f (assertions on the emulator, say).
type checkFunc func() error

func (f checkFunc) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}

// emulatorCheck runs f only against the emulator; against a real tenant it
// reports, with its caller's position, that the check was skipped.
func emulatorCheck(f func(e *emulator.Emulator) error) statecheck.StateCheck {
	_, file, line, _ := runtime.Caller(1)
	where := fmt.Sprintf("%s:%d", filepath.Base(file), line)
	return checkFunc(func() error {
		if testEmulator == nil {
			reportSkippedCheck(where)
			return nil
		}
		return f(testEmulator)
	})
}

// graphRequests returns the emulator's log entries for Graph with the method
// and a path that starts with prefix.
func graphRequests(e *emulator.Emulator, method, prefix string) []emulator.LogEntry {
	var out []emulator.LogEntry
	for _, le := range e.Log() {
		if le.Server == "graph" && le.Method == method && strings.HasPrefix(le.Path, prefix) {
			out = append(out, le)
		}
	}
	return out
}

func writeTempFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// keepIDs records in ids the id of each instance i of the counted resource
// addr ("type.name"), for a later step to change outside Terraform.
func keepIDs(ids map[int]string, addr string, is ...int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for _, i := range is {
			r := s.RootModule().Resources[fmt.Sprintf("%s.%d", addr, i)]
			if r == nil {
				return fmt.Errorf("no instance %s[%d]", addr, i)
			}
			ids[i] = r.Primary.ID
		}
		return nil
	}
}
