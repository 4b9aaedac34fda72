package provider

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"software.sslmate.com/src/go-pkcs12"
)

// TestAccUserPfxCertificate_connectorKeyWithByteOrderMark: the connector key
// as Windows PowerShell 5.1 writes a UTF-8 file (with a byte-order mark) is
// accepted, and the connector opens what was encrypted with it.
func TestAccUserPfxCertificate_connectorKeyWithByteOrderMark(t *testing.T) {
	dir, _, nb, na := upfxFixture(t)
	k, err := testEmulator.ConnectorPublicKey()
	if err != nil {
		t.Fatal(err)
	}
	keyPath := filepath.Join(dir, "key-bom.pem")
	if err := os.WriteFile(keyPath, []byte("\uFEFF"+strings.ReplaceAll(k.SPKIPEM, "\n", "\r\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	p := writeTestPfx(t, dir, "bom", pkcs12.Modern, "Pa55-w0rd!", nb, na)
	upn := testUPN()
	cfg := upfxConfig{UPN: upn, PFX: p.path, PasswordFile: writeTempFile(t, "pw", "Pa55-w0rd!"), Key: fmt.Sprintf("file(%q)", keyPath)}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkUserPfxDestroyed(t, upn),
		Steps: []resource.TestStep{{
			Config: cfg.hcl(),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(upfxResource, tfjsonpath.New("thumbprint"), knownvalue.StringExact(p.thumbprint)),
				expectImport(upn, "POST", "oaepSha512", p.thumbprint),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}

// TestAccUserPfxCertificate_connectorKeyRefusals: a connector key under 2048
// bits, and a password longer than RSA-OAEP carries with the key and hash,
// fail the plan with an error naming the attribute, and nothing is sent.
func TestAccUserPfxCertificate_connectorKeyRefusals(t *testing.T) {
	dir, keys, nb, na := upfxFixture(t)
	short, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	spki, _ := x509.MarshalPKIXPublicKey(&short.PublicKey)
	shortPath := writeTempFile(t, "short.pem", string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: spki})))
	good := writeTestPfx(t, dir, "good", pkcs12.Modern, "right", nb, na)
	// A 2048-bit key with SHA-512 carries 126 bytes, with SHA-256 190.
	long := strings.Repeat("p", 127)
	longPfx := writeTestPfx(t, dir, "long", pkcs12.Modern, long, nb, na)
	longPw := writeTempFile(t, "long", long)
	// With SHA-384, 158: the limit follows the padding scheme.
	longer := strings.Repeat("p", 159)
	longerPfx := writeTestPfx(t, dir, "longer", pkcs12.Modern, longer, nb, na)
	upn := testUPN()
	before := len(testEmulator.Log())
	step := func(c upfxConfig, extra, want string) resource.TestStep {
		c.Extra = extra
		return resource.TestStep{Config: c.hcl(), PlanOnly: true, ExpectError: regexp.MustCompile(want)}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(upfxConfig{UPN: upn, PFX: good.path, PasswordFile: writeTempFile(t, "right", "right"), Key: fmt.Sprintf("file(%q)", shortPath)}, "",
				`(?s)Unusable encryption public key.*encryption_public_key:\s+the\s+RSA\s+key\s+is\s+1024\s+bits.*at\s+least\s+2048`),
			step(upfxConfig{UPN: upn, PFX: longPfx.path, PasswordFile: longPw, Key: keys["spki"]}, "",
				`(?s)PFX password too long for the connector key.*pfx_password_wo.*127\s+characters.*2048-bit\s+key\s+with\s+oaepSha512\s+carries\s+at\s+most\s+126`),
			step(upfxConfig{UPN: upn, PFX: longerPfx.path, PasswordFile: writeTempFile(t, "longer", longer), Key: keys["cng"]}, `  padding_scheme = "oaepSha384"`,
				`(?s)PFX password too long for the connector key.*159\s+characters.*oaepSha384\s+carries\s+at\s+most\s+158`),
		},
	})
	var sent []string
	for _, le := range testEmulator.Log()[before:] {
		if le.Server == "graph" && strings.HasPrefix(le.Path, "/beta/deviceManagement/userPfxCertificates") {
			sent = append(sent, le.Method+" "+le.Path)
		}
	}
	if len(sent) > 0 {
		t.Errorf("requests were sent for configurations refused at plan time: %v", sent)
	}
	if n := len(importsFor(testEmulator, upn)); n != 0 {
		t.Errorf("the connector saw %d imports for configurations refused at plan time", n)
	}
}

// A password as long as the key and hash allow is imported: the limit is
// not stricter than RSA-OAEP.
func TestAccUserPfxCertificate_longestPassword(t *testing.T) {
	dir, keys, nb, na := upfxFixture(t)
	longest := strings.Repeat("q", 190) // 2048-bit key, SHA-256
	p := writeTestPfx(t, dir, "longest", pkcs12.Modern, longest, nb, na)
	upn := testUPN()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkUserPfxDestroyed(t, upn),
		Steps: []resource.TestStep{{
			Config: upfxConfig{UPN: upn, PFX: p.path, PasswordFile: writeTempFile(t, "longest", longest), Key: keys["spki"],
				Extra: `  padding_scheme = "oaepSha256"`}.hcl(),
			ConfigStateChecks: []statecheck.StateCheck{
				expectImport(upn, "POST", "oaepSha256", p.thumbprint),
			},
		}},
	})
}
