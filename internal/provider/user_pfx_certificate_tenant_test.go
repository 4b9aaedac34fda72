package provider

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
	"github.com/openintune/terraform-provider-intune/internal/pfx"
)

// What lets the user-certificate lifecycle run against a real tenant: the
// tenant's Certificate Connector key and where it is kept, and a user who
// exists there. Against the emulator every one has a default.
const (
	envConnectorKey      = "INTUNE_ACC_CONNECTOR_PUBLIC_KEY"    // the key, or a file holding it (PEM or CNG blob)
	envConnectorKeyName  = "INTUNE_ACC_CONNECTOR_KEY_NAME"      // key_name, "PFXEncryptionKey" when unset
	envConnectorProvider = "INTUNE_ACC_CONNECTOR_PROVIDER_NAME" // provider_name, Microsoft's software KSP when unset
	envUserPrincipalName = "INTUNE_ACC_USER_PRINCIPAL_NAME"     // a user of the tenant; a made-up one when unset
)

func connectorKeyName() string { return envOr(envConnectorKeyName, "PFXEncryptionKey") }

func connectorProviderName() string {
	return envOr(envConnectorProvider, "Microsoft Software Key Storage Provider")
}

// testUserPrincipalName is the tenant's test user when set, else a new UPN.
func testUserPrincipalName() string { return envOr(envUserPrincipalName, testUPN()) }

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// connectorKeys returns the HCL expressions that read the connector key in
// its three forms (spki, pkcs1, cng): the key INTUNE_ACC_CONNECTOR_PUBLIC_KEY
// gives, or else the emulator's. Against a real tenant without it the test
// skips, saying what to set.
func connectorKeys(t *testing.T, dir string) map[string]string {
	t.Helper()
	v := os.Getenv(envConnectorKey)
	if v == "" {
		testAccPreCheck(t)
		if realTenant() {
			t.Skip("against a real tenant this test needs the Certificate Connector's public key: set " + envConnectorKey +
				" (and " + envConnectorKeyName + ", " + envUserPrincipalName + "; see CONTRIBUTING.md)")
		}
		return connectorKeyFiles(t, dir)
	}
	skipUnless(t, featureWriteOnly)
	testAccPreCheck(t)
	k, err := readConnectorKey(v)
	if err != nil {
		t.Fatalf("%s: %v", envConnectorKey, err)
	}
	return writeConnectorKeyForms(t, dir, k)
}

// readConnectorKey reads the key from the value, or from the file it names.
func readConnectorKey(v string) (*rsa.PublicKey, error) {
	if b, err := os.ReadFile(v); err == nil {
		v = string(b)
		if !utf8.Valid(b) || !strings.HasPrefix(strings.TrimSpace(v), "-----BEGIN") {
			v = base64.StdEncoding.EncodeToString(b) // a binary CNG blob
		}
	}
	return pfx.ParsePublicKey(v)
}

// writeConnectorKeyForms writes k as a SubjectPublicKeyInfo PEM, a PKCS#1 PEM
// and a CNG RSAPUBLICBLOB, and returns the HCL expression that reads each.
func writeConnectorKeyForms(t *testing.T, dir string, k *rsa.PublicKey) map[string]string {
	t.Helper()
	spki, err := x509.MarshalPKIXPublicKey(k)
	if err != nil {
		t.Fatal(err)
	}
	exp := big32(k.E)
	blob := binary.LittleEndian.AppendUint32(nil, 0x31415352) // "RSA1"
	for _, n := range []int{k.N.BitLen(), len(exp), len(k.N.Bytes()), 0, 0} {
		blob = binary.LittleEndian.AppendUint32(blob, uint32(n)) //nolint:gosec // key sizes
	}
	blob = append(append(blob, exp...), k.N.Bytes()...)
	out := map[string]string{}
	for name, f := range map[string]struct {
		file string
		data []byte
		fn   string
	}{
		"spki":  {"key.pem", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: spki}), "file"},
		"pkcs1": {"key-pkcs1.pem", pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(k)}), "file"},
		"cng":   {"key.blob", blob, "filebase64"},
	} {
		p := filepath.Join(dir, f.file)
		if err := os.WriteFile(p, f.data, 0o600); err != nil {
			t.Fatal(err)
		}
		out[name] = fmt.Sprintf("%s(%q)", f.fn, p)
	}
	return out
}

// big32 is e big-endian without leading zero bytes.
func big32(e int) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(e)) //nolint:gosec // an RSA exponent
	for len(b) > 1 && b[0] == 0 {
		b = b[1:]
	}
	return b
}

// userPfxID checks a certificate's id: the emulator's exactly; a tenant's by
// its documented form, the user's object id, a dash, the thumbprint.
func userPfxID(upn, thumbprint string) knownvalue.Check {
	if testEmulator != nil {
		return knownvalue.StringExact(emulator.UserPfxCertificateID(upn, thumbprint))
	}
	return knownvalue.StringRegexp(regexp.MustCompile(`(?i)^[0-9a-f-]+-` + regexp.QuoteMeta(thumbprint) + `$`))
}

// stateID gives an import step the id of address in state.
func stateID(address string) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return "", fmt.Errorf("%s is not in state", address)
		}
		return rs.Primary.ID, nil
	}
}

// TestConnectorKeyForms: a key given in any of its three forms is written in
// all three, each of which the provider reads back as the same key.
func TestConnectorKeyForms(t *testing.T) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	forms := writeConnectorKeyForms(t, dir, &k.PublicKey)
	files := map[string]string{"spki": "key.pem", "pkcs1": "key-pkcs1.pem", "cng": "key.blob"}
	for name := range forms {
		got, err := readConnectorKey(filepath.Join(dir, files[name]))
		if err != nil || !got.Equal(&k.PublicKey) {
			t.Errorf("%s: read back %v, %v; want the key", name, got, err)
		}
	}
	pemText, _ := os.ReadFile(filepath.Join(dir, "key.pem"))
	if got, err := readConnectorKey(string(pemText)); err != nil || !got.Equal(&k.PublicKey) {
		t.Errorf("the key as a value: %v, %v", got, err)
	}
}

// TestAccUserPfxCertificate_connectorKeyFromEnvironment: with the connector
// key and its name given as a tenant run gives them (here the emulator's key,
// as the CNG blob Export-IntunePublicKey writes), the certificate is imported
// with that key name and a password the connector decrypts.
func TestAccUserPfxCertificate_connectorKeyFromEnvironment(t *testing.T) {
	requireEmulator(t)
	k, err := testEmulator.ConnectorPublicKey()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(envConnectorKey, writeTempFile(t, "connector.blob", string(k.CNGBlob)))
	t.Setenv(envConnectorKeyName, "TenantConnectorKey")
	dir := t.TempDir()
	keys := connectorKeys(t, dir)
	nb, na := validFromNow()
	p := writeTestPfx(t, dir, "env", pkcs12.Modern, "pw", nb, na)
	upn := testUserPrincipalName()
	cfg := upfxConfig{UPN: upn, PFX: p.path, PasswordFile: writeTempFile(t, "pw", "pw"), Key: keys["cng"]}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkUserPfxDestroyed(t, upn),
		Steps: []resource.TestStep{{
			Config: cfg.hcl(),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(upfxResource, tfjsonpath.New("key_name"), knownvalue.StringExact("TenantConnectorKey")),
				statecheck.ExpectKnownValue(upfxResource, tfjsonpath.New("id"), userPfxID(upn, p.thumbprint)),
				expectImport(upn, "POST", "oaepSha512", p.thumbprint),
			},
		}},
	})
}
