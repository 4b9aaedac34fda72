package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

const rootLinkCloudsChild = "INTUNE_TEST_ROOT_LINK_CLOUDS_CHILD"

// TestAccScepCertificateProfile_nationalClouds proves that the create of a
// SCEP profile binds its root on the configured cloud's Graph host, which
// the emulator checks against the host the request came to. Like
// TestAccNationalClouds it runs in a child process behind a proxy.
func TestAccScepCertificateProfile_nationalClouds(t *testing.T) {
	requireEmulator(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestAccScepCertificateProfileNationalCloudsChild$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), rootLinkCloudsChild+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the national clouds run failed: %v\n%s", err, out)
	}
	for _, c := range nationalClouds[1:] {
		if !strings.Contains(string(out), "--- PASS: TestAccScepCertificateProfileNationalCloudsChild/"+c.environment+" ") {
			t.Errorf("the child run did not pass %s:\n%s", c.environment, out)
		}
	}
}

func TestAccScepCertificateProfileNationalCloudsChild(t *testing.T) {
	if os.Getenv(rootLinkCloudsChild) == "" {
		t.Skip("runs only in the child process TestAccScepCertificateProfile_nationalClouds starts")
	}
	requireEmulator(t)
	clouds := nationalClouds[1:] // global is every other test's cloud
	var hosts []string
	for _, c := range clouds {
		hosts = append(hosts, c.login, c.graph)
	}
	e, err := emulator.Start(emulator.Config{ExtraHosts: hosts})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	routes := map[string]string{}
	for _, c := range clouds {
		routes[c.login] = hostPort(t, e.AuthorityURL())
		routes[c.graph] = hostPort(t, e.GraphURL())
	}
	proxy := startConnectProxy(t, routes)
	t.Setenv("SSL_CERT_FILE", e.CACertFile())
	t.Setenv("HTTPS_PROXY", proxy.url)
	for _, k := range []string{"https_proxy", "NO_PROXY", "no_proxy", "ARM_GRAPH_ENDPOINT", "ARM_AUTHORITY_HOST", "ARM_ENVIRONMENT"} {
		os.Unsetenv(k)
	}
	cert := testRootFile(t)
	for _, c := range clouds {
		t.Run(c.environment, func(t *testing.T) {
			t.Parallel()
			clientID := uuid.NewString()
			e.RegisterApp(emulator.App{ClientID: clientID, Secret: "cloud-secret"})
			cfg := fmt.Sprintf(`
provider "intune" {
  environment   = %[1]q
  tenant_id     = %[2]q
  client_id     = %[3]q
  client_secret = "cloud-secret"
}

resource "intune_trusted_certificate_profile" "root" {
  platform     = "windows10"
  display_name = "tf-acc root (%[1]s)"
  certificate  = file(%[4]q)
}

resource "intune_scep_certificate_profile" "scep" {
  platform            = "windows10"
  display_name        = "tf-acc scep (%[1]s)"
  root_certificate_id = intune_trusted_certificate_profile.root.id
  scep_server_urls    = ["https://ndes.example.com/certsrv/mscep/mscep.dll"]
}
`, c.environment, e.Config().TenantID, clientID, cert)
			applyAndDestroy(t, withEnv(nil), cfg, func() error {
				want := "https://" + c.graph + "/beta/deviceManagement/deviceConfigurations('"
				for _, g := range runOf(e, clientID).graph {
					if g.Method != "POST" || !strings.Contains(string(g.Body), "rootCertificate@odata.bind") {
						continue
					}
					var body map[string]any
					if err := json.Unmarshal(g.Body, &body); err != nil {
						return err
					}
					if bind := fmt.Sprint(body["rootCertificate@odata.bind"]); !strings.HasPrefix(bind, want) || g.Host != c.graph {
						return fmt.Errorf("bind %q sent to %s, want %s... on %s", bind, g.Host, want, c.graph)
					}
					return nil
				}
				return fmt.Errorf("no create carried rootCertificate@odata.bind")
			})
		})
	}
}
