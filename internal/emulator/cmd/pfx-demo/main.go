// Command pfx-demo runs the imported-PFX workflow of examples/pfx-workflow
// against the offline emulator with the real Terraform CLI: it makes a user's
// PFX on the fly, imports it with the emulated connector's public key,
// creates and assigns a profile per platform, shows that the emulated
// connector decrypted the password and opened the PFX, lets the emulator
// deliver the certificate to a device per profile, reads the delivery states,
// renews the certificate by adding a file beside the old one (both stay in
// Intune), shows prevent_destroy refusing the destroy, and destroys everything
// once it is lifted. `make demo-pfx` runs it.
package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"software.sslmate.com/src/go-pkcs12"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

const user = "alice@contoso.example"

func main() {
	tf := flag.String("terraform", "terraform", "the Terraform CLI (1.11 or newer) or OpenTofu")
	address := flag.String("address", "registry.terraform.io/openintune/intune", "the provider's registry address")
	flag.Parse()
	if err := run(*tf, *address); err != nil {
		fmt.Fprintln(os.Stderr, "pfx-demo:", err)
		os.Exit(1)
	}
}

func step(format string, args ...any) { fmt.Printf("==> "+format+"\n", args...) }

func run(tf, address string) error {
	work, err := os.MkdirTemp("", "intune-pfx-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	config := filepath.Join(work, "config")
	if err := os.MkdirAll(filepath.Join(config, "pfx", user), 0o700); err != nil {
		return err
	}

	step("Building the provider")
	if err := command("", nil, "go", "build", "-trimpath", "-o", filepath.Join(work, "bin", "terraform-provider-intune"), ".").Run(); err != nil {
		return fmt.Errorf("go build: %w", err)
	}

	step("Starting the emulator (Graph, Entra ID and the Certificate Connector)")
	e, err := emulator.Start(emulator.Config{})
	if err != nil {
		return err
	}
	defer e.Close()
	key, err := e.ConnectorPublicKey()
	if err != nil {
		return err
	}
	fmt.Printf("    graph %s; the connector's public key (PEM) goes to encryption_public_key\n", e.GraphURL())

	// A file per certificate in the user's folder, keyed by its path.
	first := user + "/first.pfx"
	step("Making %s's PFX on the fly: pfx/%s", user, first)
	passwords := map[string]string{}
	var notAfter time.Time
	if passwords[first], notAfter, err = writePfx(filepath.Join(config, "pfx", first)); err != nil {
		return err
	}

	mainTF, err := os.ReadFile(filepath.Join("examples", "pfx-workflow", "main.tf"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(config, "main.tf"), mainTF, 0o600); err != nil {
		return err
	}
	rc := filepath.Join(work, "terraformrc")
	bin := filepath.Join(work, "bin")
	_, name, _ := strings.Cut(address, "/")
	if err := os.WriteFile(rc, []byte(fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n    %q = %q\n  }\n  direct {}\n}\n",
		address, bin, "registry.opentofu.org/"+name, bin)), 0o600); err != nil {
		return err
	}
	cfg := e.Config()
	env := []string{
		"CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE=" + rc, "TF_IN_AUTOMATION=1",
		"ARM_GRAPH_ENDPOINT=" + e.GraphURL(), "ARM_AUTHORITY_HOST=" + e.AuthorityURL(), "SSL_CERT_FILE=" + e.CACertFile(),
		"ARM_TENANT_ID=" + cfg.TenantID, "ARM_CLIENT_ID=" + cfg.ClientID, "ARM_CLIENT_SECRET=" + cfg.ClientSecret,
		"TF_VAR_connector_public_key=" + key.SPKIPEM,
		"TF_VAR_smime_users_group_id=6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f",
	}
	terraform := func(args ...string) error {
		step("terraform %s", strings.Join(args, " "))
		pw, _ := json.Marshal(passwords)
		return command(config, append(env, "TF_VAR_pfx_passwords="+string(pw)), tf, append(args, "-no-color")...).Run()
	}

	if err := terraform("init", "-input=false"); err != nil {
		return err
	}
	if err := terraform("apply", "-input=false", "-auto-approve"); err != nil {
		return err
	}

	step("What the emulated Certificate Connector did with the import")
	imports := e.UserPfxImports()
	for _, imp := range imports {
		fmt.Printf("    %s %s: password decrypted with the connector's key: %v; PFX opened with it: %v; thumbprint %s (%s)\n",
			imp.Method, imp.UserPrincipalName, yes(imp.PasswordDecrypted), yes(imp.PfxOpened), imp.Thumbprint, imp.PaddingScheme)
	}
	if len(imports) == 0 || !imports[len(imports)-1].PasswordDecrypted || !imports[len(imports)-1].PfxOpened {
		return fmt.Errorf("the connector did not confirm the import: %+v", imports)
	}

	step("Devices check in: the emulator delivers the certificate to one device per profile")
	for _, id := range e.DeviceConfigurationIDs() {
		p, _ := e.DeviceConfiguration(id)
		platform := strings.TrimSuffix(strings.TrimPrefix(fmt.Sprint(p["@odata.type"]), "#microsoft.graph."), "ImportedPFXCertificateProfile")
		e.DeliverCertificate(id, map[string]any{
			"deviceDisplayName": "alice-" + platform, "userDisplayName": "Alice",
			"certificateThumbprint":         imports[len(imports)-1].Thumbprint,
			"certificateExpirationDateTime": notAfter,
		})
	}
	if err := terraform("apply", "-input=false", "-auto-approve", "-refresh-only"); err != nil {
		return err
	}
	if err := terraform("output", "delivery"); err != nil {
		return err
	}
	if err := terraform("plan", "-input=false", "-detailed-exitcode"); err != nil {
		return fmt.Errorf("the plan after apply is not empty: %w", err)
	}

	// Intune does not renew imported certificates, and devices need the old
	// encryption key to open old mail: the renewal is a new file beside the
	// old one, and the apply imports it without deleting the old certificate.
	renewed := user + "/renewed.pfx"
	step("Renewing: a new PFX beside the old one, pfx/%s", renewed)
	if passwords[renewed], _, err = writePfx(filepath.Join(config, "pfx", renewed)); err != nil {
		return err
	}
	if err := terraform("apply", "-input=false", "-auto-approve"); err != nil {
		return err
	}
	var ids []string
	for _, imp := range e.UserPfxImports() {
		if imp.Method == "POST" && imp.PasswordDecrypted && imp.PfxOpened {
			ids = append(ids, imp.ID)
		}
	}
	held := func() (n int) {
		for _, id := range ids {
			if _, ok := e.UserPfxCertificate(id); ok {
				n++
			}
		}
		return n
	}
	if len(ids) != 2 || held() != 2 {
		return fmt.Errorf("after the renewal Intune holds %d of the certificates %v, want both", held(), ids)
	}
	fmt.Printf("    Intune holds both of %s's certificates: %s\n", user, strings.Join(ids, ", "))
	if err := terraform("output", "certificates"); err != nil {
		return err
	}

	step("prevent_destroy keeps the encryption certificates: this destroy must fail")
	if err := terraform("destroy", "-input=false", "-auto-approve"); err == nil {
		return fmt.Errorf("the destroy went through despite prevent_destroy")
	}
	if held() != 2 {
		return fmt.Errorf("a refused destroy deleted certificates")
	}
	step("Removing the certificates deliberately: prevent_destroy = false")
	lifted := strings.Replace(string(mainTF), "prevent_destroy = true", "prevent_destroy = false", 1)
	if lifted == string(mainTF) {
		return fmt.Errorf("examples/pfx-workflow/main.tf has no prevent_destroy = true")
	}
	if err := os.WriteFile(filepath.Join(config, "main.tf"), []byte(lifted), 0o600); err != nil {
		return err
	}
	if err := terraform("destroy", "-input=false", "-auto-approve"); err != nil {
		return err
	}
	if n := len(e.DeviceConfigurationIDs()); n != 0 || held() != 0 {
		return fmt.Errorf("%d profiles and %d certificates left after destroy", n, held())
	}
	step("Done: imported, delivered, checked, renewed and destroyed")
	return nil
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "NO"
}

func command(dir string, env []string, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...) //nolint:gosec // the demo runs the go tool and the CLI it is given
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd
}

// writePfx makes an S/MIME certificate for user with its RSA key, writes it as
// an AES/PBES2 PFX with a fresh ASCII password, and returns the password and
// the certificate's NotAfter.
func writePfx(path string) (string, time.Time, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return "", time.Time{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	if err != nil {
		return "", time.Time{}, err
	}
	now := time.Now().UTC().Truncate(time.Second)
	tmpl := &x509.Certificate{
		SerialNumber:   serial,
		Subject:        pkix.Name{CommonName: "Alice", Organization: []string{"Contoso"}},
		EmailAddresses: []string{user},
		NotBefore:      now.Add(-time.Hour),
		NotAfter:       now.AddDate(1, 0, 0),
		KeyUsage:       x509.KeyUsageKeyEncipherment | x509.KeyUsageDigitalSignature,
		ExtKeyUsage:    []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return "", time.Time{}, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return "", time.Time{}, err
	}
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", time.Time{}, err
	}
	password := hex.EncodeToString(b)
	data, err := pkcs12.Modern.Encode(key, cert, nil, password)
	if err != nil {
		return "", time.Time{}, err
	}
	return password, cert.NotAfter, os.WriteFile(path, data, 0o600)
}
