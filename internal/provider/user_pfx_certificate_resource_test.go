package provider

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // Intune's thumbprint
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
	"github.com/openintune/terraform-provider-intune/internal/graph"
)

const upfxResource = "intune_user_pfx_certificate.test"

// testPfxFile is a PFX made for a test and written to a file.
type testPfxFile struct {
	path       string
	data       []byte
	thumbprint string
	notBefore  time.Time
	notAfter   time.Time
}

// writeTestPfx makes a certificate and key valid from notBefore to notAfter
// and writes them as a PFX with enc and password into dir.
func writeTestPfx(t *testing.T, dir, name string, enc *pkcs12.Encoder, password string, notBefore, notAfter time.Time) testPfxFile {
	return makeTestPfxFile(t, dir, name, enc, password, notBefore, notAfter, true)
}

// makeTestPfxFile is writeTestPfx; without withKey the file holds the
// certificate only.
func makeTestPfxFile(t *testing.T, dir, name string, enc *pkcs12.Encoder, password string, notBefore, notAfter time.Time, withKey bool) testPfxFile {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: name},
		NotBefore: notBefore, NotAfter: notAfter, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	var data []byte
	if withKey {
		data, err = enc.Encode(key, cert, nil, password)
	} else {
		data, err = enc.EncodeTrustStore([]*x509.Certificate{cert}, password)
	}
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name+".pfx")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha1.Sum(der) //nolint:gosec // Intune's thumbprint
	return testPfxFile{path: p, data: data, thumbprint: hex.EncodeToString(sum[:]), notBefore: notBefore, notAfter: notAfter}
}

// upfxFixture is a test's directory with the connector key files, and a
// validity from an hour ago for a year.
func upfxFixture(t *testing.T) (string, map[string]string, time.Time, time.Time) {
	t.Helper()
	dir := t.TempDir()
	keys := connectorKeyFiles(t, dir)
	nb, na := validFromNow()
	return dir, keys, nb, na
}

// reencodeTestPfx writes the same certificate and key as p into another
// file, with another encoder and password.
func reencodeTestPfx(t *testing.T, p testPfxFile, oldPassword, name string, enc *pkcs12.Encoder, password string) testPfxFile {
	t.Helper()
	key, cert, _, err := pkcs12.DecodeChain(p.data, oldPassword)
	if err != nil {
		t.Fatal(err)
	}
	data, err := enc.Encode(key, cert, nil, password)
	if err != nil {
		t.Fatal(err)
	}
	q := p
	q.path, q.data = filepath.Join(filepath.Dir(p.path), name+".pfx"), data
	if err := os.WriteFile(q.path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return q
}

func validFromNow() (time.Time, time.Time) {
	nb := time.Now().UTC().Truncate(time.Second).Add(-time.Hour)
	return nb, nb.AddDate(1, 0, 0)
}

// connectorKeyFiles writes the emulator's connector key in its three forms
// and returns the HCL expression that reads each.
func connectorKeyFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	skipUnless(t, featureWriteOnly)
	testAccPreCheck(t)
	requireEmulator(t)
	k, err := testEmulator.ConnectorPublicKey()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for name, f := range map[string]struct {
		file string
		data []byte
		fn   string
	}{
		"spki":  {"key.pem", []byte(k.SPKIPEM), "file"},
		"pkcs1": {"key-pkcs1.pem", []byte(k.PKCS1PEM), "file"},
		"cng":   {"key.blob", k.CNGBlob, "filebase64"},
	} {
		p := filepath.Join(dir, f.file)
		if err := os.WriteFile(p, f.data, 0o600); err != nil {
			t.Fatal(err)
		}
		out[name] = fmt.Sprintf("%s(%q)", f.fn, p)
	}
	return out
}

type upfxConfig struct {
	Name                        string // the resource's name, "test" when ""
	UPN, PFX, PasswordFile, Key string
	Extra                       string // more attribute lines
}

// hcl is the provider block and the resource.
func (c upfxConfig) hcl() string {
	return "\nprovider \"intune\" {}\n" + c.resource()
}

// resource is the resource block alone.
func (c upfxConfig) resource() string {
	name := c.Name
	if name == "" {
		name = "test"
	}
	return fmt.Sprintf(`
resource "intune_user_pfx_certificate" %q {
  user_principal_name   = %q
  pfx_wo                = filebase64(%q)
  pfx_password_wo       = file(%q)
  encryption_public_key = %s
  provider_name         = %q
  key_name              = %q
%s
}
`, name, c.UPN, c.PFX, c.PasswordFile, c.Key, connectorProviderName(), connectorKeyName(), c.Extra)
}

func testUPN() string { return "user-" + uuid.NewString()[:8] + "@contoso.example" }

// importsFor returns what the emulated connector did for a user.
func importsFor(e *emulator.Emulator, upn string) []emulator.PfxImport {
	var out []emulator.PfxImport
	for _, imp := range e.UserPfxImports() {
		if strings.EqualFold(imp.UserPrincipalName, upn) {
			out = append(out, imp)
		}
	}
	return out
}

// expectImport checks the connector's last import for upn: the password
// decrypted under scheme and opened the PFX with that thumbprint.
func expectImport(upn, method, scheme, thumbprint string) statecheck.StateCheck {
	return emulatorCheck(func(e *emulator.Emulator) error {
		imps := importsFor(e, upn)
		if len(imps) == 0 {
			return fmt.Errorf("the connector saw nothing for %s", upn)
		}
		last := imps[len(imps)-1]
		if last.Method != method || !last.PasswordDecrypted || !last.PfxOpened || last.PaddingScheme != scheme || last.Thumbprint != thumbprint || last.Error != "" {
			return fmt.Errorf("connector's last import for %s: %+v; want %s, %s, thumbprint %s, decrypted and opened", upn, last, method, scheme, thumbprint)
		}
		return nil
	})
}

// userPfxOf lists the certificates Intune holds for upn.
func userPfxOf(t *testing.T, upn string) ([]graph.UserPFXCertificateable, error) {
	var out []graph.UserPFXCertificateable
	filter := "tolower(userPrincipalName) eq " + odataString(strings.ToLower(upn))
	err := testClient(t).UserPfxCertificateSet().List(context.Background(), graph.ListOptions{Filter: filter}, func(o graph.UserPFXCertificateable) bool {
		out = append(out, o)
		return true
	})
	return out, err
}

func checkUserPfxDestroyed(t *testing.T, upn string) func(*terraform.State) error {
	return func(*terraform.State) error {
		found, err := userPfxOf(t, upn)
		if err != nil {
			return err
		}
		if len(found) > 0 {
			return fmt.Errorf("%d certificates of %s left after destroy", len(found), upn)
		}
		return nil
	}
}

// TestAccUserPfxCertificate_lifecycle imports a PFX, imports the resource by
// id, changes the key format, padding and purpose in place, and renews the
// certificate by replacement: each key format, each padding scheme, and an
// AES and a 3DES PFX, with the emulator confirming that every password
// decrypted with its connector key and opened the PFX.
func TestAccUserPfxCertificate_lifecycle(t *testing.T) {
	dir := t.TempDir()
	keys := connectorKeys(t, dir)
	pw := writeTempFile(t, "pw", "Pa55-w0rd!")
	nb, na := validFromNow()
	first := writeTestPfx(t, dir, "first", pkcs12.Modern, "Pa55-w0rd!", nb, na)
	renewed := writeTestPfx(t, dir, "renewed", pkcs12.LegacyDES, "Pa55-w0rd!", nb.Add(time.Hour), na.Add(time.Hour))
	upn := testUserPrincipalName()
	cfg := upfxConfig{UPN: upn, PFX: first.path, PasswordFile: pw, Key: keys["spki"]}
	firstID := userPfxID(upn, first.thumbprint)

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkUserPfxDestroyed(t, upn),
		Steps: []resource.TestStep{
			{
				Config: cfg.hcl(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(upfxResource, tfjsonpath.New("id"), firstID),
					statecheck.ExpectKnownValue(upfxResource, tfjsonpath.New("thumbprint"), knownvalue.StringExact(first.thumbprint)),
					statecheck.ExpectKnownValue(upfxResource, tfjsonpath.New("start_date_time"), knownvalue.StringExact(nb.Format(time.RFC3339))),
					statecheck.ExpectKnownValue(upfxResource, tfjsonpath.New("expiration_date_time"), knownvalue.StringExact(na.Format(time.RFC3339))),
					statecheck.ExpectKnownValue(upfxResource, tfjsonpath.New("padding_scheme"), knownvalue.StringExact("oaepSha512")),
					statecheck.ExpectKnownValue(upfxResource, tfjsonpath.New("intended_purpose"), knownvalue.StringExact("unassigned")),
					statecheck.ExpectKnownValue(upfxResource, tfjsonpath.New("pfx_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(upfxResource, tfjsonpath.New("pfx_password_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(upfxResource, tfjsonpath.New("created_date_time"), knownvalue.NotNull()),
					expectImport(upn, "POST", "oaepSha512", first.thumbprint),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						// Read from the PFX at plan time, not after apply.
						plancheck.ExpectKnownValue(upfxResource, tfjsonpath.New("thumbprint"), knownvalue.StringExact(first.thumbprint)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// The same certificate in another file (3DES, another
				// password) is no change.
				Config: upfxConfig{UPN: upn, PFX: reencodeTestPfx(t, first, "Pa55-w0rd!", "same", pkcs12.LegacyDES, "other").path,
					PasswordFile: writeTempFile(t, "other", "other"), Key: keys["spki"]}.hcl(),
				PlanOnly: true,
			},
			{
				ResourceName:            upfxResource,
				ImportState:             true,
				ImportStateIdFunc:       stateID(upfxResource),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"pfx_wo", "pfx_password_wo", "encryption_public_key"},
			},
			{
				// Another key format of the same key, another scheme and
				// purpose: an update in place that re-encrypts the password.
				Config: withUpfx(cfg, keys["pkcs1"], "  padding_scheme   = \"oaepSha256\"\n  intended_purpose = \"smimeSigning\""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(upfxResource, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(upfxResource, tfjsonpath.New("id"), firstID),
					statecheck.ExpectKnownValue(upfxResource, tfjsonpath.New("intended_purpose"), knownvalue.StringExact("smimeSigning")),
					expectImport(upn, "PATCH", "oaepSha256", first.thumbprint),
				},
			},
			{
				// Renewal: a new file with another certificate replaces it.
				Config: withUpfx(upfxConfig{UPN: upn, PFX: renewed.path, PasswordFile: pw, Key: keys["cng"]},
					keys["cng"], "  padding_scheme   = \"oaepSha384\"\n  intended_purpose = \"smimeSigning\""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(upfxResource, plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectKnownValue(upfxResource, tfjsonpath.New("thumbprint"), knownvalue.StringExact(renewed.thumbprint)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(upfxResource, tfjsonpath.New("id"), userPfxID(upn, renewed.thumbprint)),
					expectImport(upn, "POST", "oaepSha384", renewed.thumbprint),
					checkFunc(func() error {
						found, err := userPfxOf(t, upn)
						if err != nil {
							return fmt.Errorf("listing the certificates of %s after the renewal: %w", upn, err)
						}
						if len(found) != 1 || *found[0].GetThumbprint() != renewed.thumbprint {
							return fmt.Errorf("after the renewal Intune holds %d certificates of %s, want only the renewed one", len(found), upn)
						}
						return nil
					}),
				},
			},
		},
	})
}

func withUpfx(c upfxConfig, key, extra string) string {
	c.Key, c.Extra = key, extra
	return c.hcl()
}

// TestAccUserPfxCertificate_planTimeErrors: what the connector could never
// use is refused at plan time, naming the attribute, before any request.
func TestAccUserPfxCertificate_planTimeErrors(t *testing.T) {
	dir, keys, nb, na := upfxFixture(t)
	good := writeTestPfx(t, dir, "good", pkcs12.Modern, "right", nb, na)
	certOnly := makeTestPfxFile(t, dir, "certonly", pkcs12.Modern, "right", nb, na, false)
	right, wrong := writeTempFile(t, "right", "right"), writeTempFile(t, "wrong", "wrong")
	nonASCII := writeTempFile(t, "nonascii", "pässwörd")
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalPKIXPublicKey(&ec.PublicKey)
	ecPath := writeTempFile(t, "ec.pem", string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: ecDER})))
	upn := testUPN()
	before := len(testEmulator.Log())

	step := func(c upfxConfig, want string) resource.TestStep {
		return resource.TestStep{Config: c.hcl(), PlanOnly: true, ExpectError: regexp.MustCompile(want)}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(upfxConfig{UPN: upn, PFX: good.path, PasswordFile: wrong, Key: keys["spki"]}, `(?s)Wrong PFX password.*pfx_password_wo`),
			step(upfxConfig{UPN: upn, PFX: certOnly.path, PasswordFile: right, Key: keys["spki"]}, `(?s)PFX without certificate and private key`),
			step(upfxConfig{UPN: upn, PFX: good.path, PasswordFile: nonASCII, Key: keys["spki"]}, `(?s)Password not ASCII`),
			step(upfxConfig{UPN: upn, PFX: good.path, PasswordFile: right, Key: fmt.Sprintf("file(%q)", ecPath)}, `(?s)Unusable encryption public key.*not RSA`),
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
}

// TestAccUserPfxCertificate_noSecretsInStateOrPlan runs the real CLI with a
// saved plan and TRACE logging, then searches the bytes of the state, of the
// plan file (and of every file inside it) and of the log for the password,
// the PFX and the encrypted password the provider sent.
func TestAccUserPfxCertificate_noSecretsInStateOrPlan(t *testing.T) {
	dir, keys, nb, na := upfxFixture(t)
	tf := testCLI(t)
	password := "Sup3r-" + uuid.NewString()[:13]
	p := writeTestPfx(t, dir, "alice", pkcs12.Modern, password, nb, na)
	pwFile := filepath.Join(dir, "pw.txt")
	if err := os.WriteFile(pwFile, []byte(password), 0o600); err != nil {
		t.Fatal(err)
	}
	upn := testUPN()
	cfg := upfxConfig{UPN: upn, PFX: p.path, PasswordFile: pwFile, Key: keys["cng"]}
	main := fmt.Sprintf("terraform {\n  required_providers {\n    intune = { source = %q }\n  }\n}\n%s",
		tf.providerAddress(), cfg.hcl())
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o600); err != nil {
		t.Fatal(err)
	}
	logFile := filepath.Join(dir, "terraform.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH", logFile)
	before := len(testEmulator.Log())

	var out bytes.Buffer
	out.WriteString(tf.run(t, dir, 0, "init", "-input=false"))
	out.WriteString(tf.run(t, dir, 0, "plan", "-input=false", "-out=tfplan"))
	out.WriteString(tf.run(t, dir, 0, "apply", "-input=false", "tfplan"))
	// A second saved plan, with state to carry: an in-place update.
	cfg.Extra = `  intended_purpose = "smimeEncryption"`
	main = strings.Replace(main, `key_name              = "PFXEncryptionKey"`, `key_name              = "PFXEncryptionKey"`+"\n"+cfg.Extra, 1)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o600); err != nil {
		t.Fatal(err)
	}
	out.WriteString(tf.run(t, dir, 2, "plan", "-input=false", "-detailed-exitcode", "-out=tfplan2"))
	out.WriteString(tf.run(t, dir, 0, "apply", "-input=false", "tfplan2"))

	// What the provider sent, to search for its encrypted form too.
	var encrypted []string
	for _, le := range testEmulator.Log()[before:] {
		if le.Server != "graph" || !strings.HasPrefix(le.Path, "/beta/deviceManagement/userPfxCertificates") || len(le.Body) == 0 {
			continue
		}
		var b struct {
			Password string `json:"encryptedPfxPassword"`
		}
		if json.Unmarshal(le.Body, &b) == nil && b.Password != "" {
			encrypted = append(encrypted, b.Password)
		}
	}
	if len(encrypted) != 2 {
		t.Fatalf("want the encrypted password of the create and of the update, got %d", len(encrypted))
	}
	secrets := map[string][]byte{
		"the password":         []byte(password),
		"the PFX in base64":    []byte(base64.StdEncoding.EncodeToString(p.data)),
		"the PFX's bytes":      p.data[len(p.data)/2 : len(p.data)/2+48],
		"the first encrypted":  []byte(encrypted[0]),
		"the second encrypted": []byte(encrypted[1]),
	}
	files := map[string][]byte{"terraform output": out.Bytes()}
	for _, name := range []string{"terraform.tfstate", "tfplan", "tfplan2", "terraform.log"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
		if !strings.HasPrefix(name, "tfplan") {
			continue
		}
		// A plan file is a zip archive: search what is inside, inflated.
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			inner, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			files[name+"/"+f.Name] = inner
		}
	}
	if !bytes.Contains(files["terraform.tfstate"], []byte(p.thumbprint)) || !bytes.Contains(files["terraform.log"], []byte("intune_user_pfx_certificate")) {
		t.Fatal("the state or the log does not hold the resource: the search below would prove nothing")
	}
	if len(files) < 8 {
		t.Fatalf("only %d files to search; the plan files hold fewer entries than expected", len(files))
	}
	for fname, content := range files {
		t.Logf("searched %s (%d bytes)", fname, len(content))
		for sname, secret := range secrets {
			if bytes.Contains(content, secret) {
				t.Errorf("%s holds %s", fname, sname)
			}
		}
	}
	tf.run(t, dir, 0, "destroy", "-input=false", "-auto-approve")
}

// TestAccUserPfxCertificate_expiredWarning: an expired certificate is
// imported with a warning, not refused.
func TestAccUserPfxCertificate_expiredWarning(t *testing.T) {
	dir := t.TempDir()
	keys := connectorKeyFiles(t, dir)
	nb := time.Now().UTC().Truncate(time.Second).AddDate(-2, 0, 0)
	old := writeTestPfx(t, dir, "old", pkcs12.LegacyDES, "pw", nb, nb.AddDate(1, 0, 0))
	upn := testUPN()
	cfg := upfxConfig{UPN: upn, PFX: old.path, PasswordFile: writeTempFile(t, "pw", "pw"), Key: keys["pkcs1"]}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkUserPfxDestroyed(t, upn),
		Steps: []resource.TestStep{{
			Config: cfg.hcl(),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(upfxResource, tfjsonpath.New("thumbprint"), knownvalue.StringExact(old.thumbprint)),
				expectImport(upn, "POST", "oaepSha512", old.thumbprint),
			},
		}},
	})
	// The warning itself, as the CLI prints it.
	tf := testCLI(t)
	main := fmt.Sprintf("terraform {\n  required_providers {\n    intune = { source = %q }\n  }\n}\n%s",
		tf.providerAddress(), cfg.hcl())
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o600); err != nil {
		t.Fatal(err)
	}
	tf.run(t, dir, 0, "init", "-input=false")
	out := tf.run(t, dir, 0, "plan", "-input=false")
	if !regexp.MustCompile(`(?s)Warning: Certificate expired.*pfx_wo`).MatchString(out) {
		t.Errorf("plan of an expired certificate: want the warning on pfx_wo in:\n%s", out)
	}
}

// TestAccUserPfxCertificate_createOutcomeUnknown: a POST whose answer is lost
// after the service stored the certificate is resolved by the lookup on user
// and thumbprint, and the certificate adopted: no duplicate, no error.
func TestAccUserPfxCertificate_createOutcomeUnknown(t *testing.T) {
	dir, keys, nb, na := upfxFixture(t)
	p := writeTestPfx(t, dir, "lost", pkcs12.Modern, "pw", nb, na)
	upn := testUPN()
	cfg := upfxConfig{UPN: upn, PFX: p.path, PasswordFile: writeTempFile(t, "pw", "pw"), Key: keys["spki"]}
	testEmulator.AddFault(emulator.Fault{Name: "upfx-lost-create", Method: "POST", PathPrefix: "/beta/deviceManagement/userPfxCertificates",
		Status: 504, AfterCommit: true, Count: 1})
	t.Cleanup(testEmulator.ClearFaults)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkUserPfxDestroyed(t, upn),
		Steps: []resource.TestStep{{
			Config: cfg.hcl(),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(upfxResource, tfjsonpath.New("id"), knownvalue.StringExact(emulator.UserPfxCertificateID(upn, p.thumbprint))),
				emulatorCheck(func(e *emulator.Emulator) error {
					if e.FaultsInjected()["upfx-lost-create"] != 1 {
						return fmt.Errorf("the fault did not fire: %v", e.FaultsInjected())
					}
					if imps := importsFor(e, upn); len(imps) != 1 || imps[0].Error != "" {
						return fmt.Errorf("want exactly one accepted import, got %+v", imps)
					}
					return nil
				}),
			},
		}},
	})
}

// TestUserPfxCertificate_olderTerraform: a CLI without write-only attributes
// (before 1.11) gets an error that says what to do.
func TestUserPfxCertificate_olderTerraform(t *testing.T) {
	r := NewUserPfxCertificateResource().(*userPfxCertificateResource) //nolint:forcetypeassert // the constructor's type
	var sresp fwresource.SchemaResponse
	r.Schema(context.Background(), fwresource.SchemaRequest{}, &sresp)
	typ := sresp.Schema.Type().TerraformType(context.Background())
	for _, allowed := range []bool{false, true} {
		var resp fwresource.ValidateConfigResponse
		r.ValidateConfig(context.Background(), fwresource.ValidateConfigRequest{
			Config:             tfsdk.Config{Schema: sresp.Schema, Raw: tftypes.NewValue(typ, nil)},
			ClientCapabilities: fwresource.ValidateConfigClientCapabilities{WriteOnlyAttributesAllowed: allowed},
		}, &resp)
		got := fmt.Sprint(resp.Diagnostics)
		if hasOld := strings.Contains(got, "Terraform 1.11 or newer required"); hasOld == allowed {
			t.Errorf("write-only allowed %v: diagnostics %s", allowed, got)
		}
	}
}

// TestAccUserPfxCertificate_alreadyImported: a certificate Intune already
// holds (409) is an error that gives the import command with its id.
func TestAccUserPfxCertificate_alreadyImported(t *testing.T) {
	dir, keys, nb, na := upfxFixture(t)
	p := writeTestPfx(t, dir, "dup", pkcs12.Modern, "pw", nb, na)
	upn := testUPN()
	cfg := upfxConfig{UPN: upn, PFX: p.path, PasswordFile: writeTempFile(t, "pw", "pw"), Key: keys["spki"]}
	id := emulator.UserPfxCertificateID(upn, p.thumbprint)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg.hcl()},
			{
				// A second resource for the same user and certificate.
				Config:      cfg.hcl() + strings.Replace(cfg.hcl(), `"test"`, `"again"`, 1)[len("\nprovider \"intune\" {}\n"):],
				ExpectError: regexp.MustCompile(`(?s)already imported.*terraform import intune_user_pfx_certificate.<name>\s+` + id),
			},
			{Config: cfg.hcl()},
		},
	})
}
