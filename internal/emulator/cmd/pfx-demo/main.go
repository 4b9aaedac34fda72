// Command pfx-demo runs the imported-PFX workflow of examples/pfx-workflow
// against the offline emulator with the real Terraform CLI: it makes a root
// CA, an issuing CA and a user's PFX issued by it on the fly (keys stay in
// memory), shows the plan stopping while no Certificate Connector is healthy,
// enrols one, imports the PFX with the emulated connector's public key,
// delivers the root and the issuing CA with trusted certificate profiles and
// creates an imported-PFX profile per platform, all assigned to the same
// group, shows that the emulated
// connector decrypted the password and opened the PFX, lets the emulator
// deliver the certificate to a device per profile, reads the delivery states,
// renews the certificate by adding a file beside the old one (both stay in
// Intune), shows prevent_destroy refusing the destroy, and destroys everything
// once it is lifted. `make demo-pfx` runs it.
package main

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"software.sslmate.com/src/go-pkcs12"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

const (
	user  = "alice@contoso.example"
	group = "6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f"
)

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

	step("Making a root CA and an issuing CA on the fly: ca/root.cer (DER), ca/issuing-ca.pem (PEM)")
	root, issuing, err := writeCAs(filepath.Join(config, "ca"))
	if err != nil {
		return err
	}

	// A file per certificate in the user's folder, keyed by its path.
	first := user + "/first.pfx"
	step("Making %s's PFX on the fly, issued by the issuing CA: pfx/%s", user, first)
	passwords := map[string]string{}
	var notAfter time.Time
	if passwords[first], notAfter, err = writePfx(filepath.Join(config, "pfx", first), issuing); err != nil {
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
		"TF_VAR_smime_users_group_id=" + group,
	}
	terraformCmd := func(args ...string) *exec.Cmd {
		step("terraform %s", strings.Join(args, " "))
		pw, _ := json.Marshal(passwords)
		return command(config, append(env, "TF_VAR_pfx_passwords="+string(pw)), tf, append(args, "-no-color")...)
	}
	terraform := func(args ...string) error { return terraformCmd(args...).Run() }

	if err := terraform("init", "-input=false"); err != nil {
		return err
	}
	step("No Certificate Connector has checked in yet: the plan must stop at the connectors' postcondition")
	var planOut bytes.Buffer
	plan := terraformCmd("plan", "-input=false")
	plan.Stdout, plan.Stderr = io.MultiWriter(os.Stdout, &planOut), io.MultiWriter(os.Stderr, &planOut)
	switch err := plan.Run(); {
	case err == nil:
		return fmt.Errorf("the plan went through without a healthy Certificate Connector")
	case !strings.Contains(planOut.String(), "No healthy Certificate Connector"):
		return fmt.Errorf("the plan failed, but not at the connectors' postcondition: %w", err)
	}
	if n := len(e.DeviceConfigurationIDs()); n != 0 {
		return fmt.Errorf("the failed plan left %d profiles", n)
	}
	step("The Certificate Connector checks in")
	e.AddCertificateConnector(map[string]any{
		"connectorName": "Certificate Connector", "machineName": "connector01.contoso.example",
		"connectorVersion": "6.2406.0.1001", "enrollmentDateTime": time.Now().Add(-24 * time.Hour), "lastCheckinDateTime": time.Now(),
	})
	if err := terraform("apply", "-input=false", "-auto-approve"); err != nil {
		return err
	}

	step("The chain on every platform: the root and the issuing CA, assigned to the users' group")
	if err := checkTrusted(e, root, issuing); err != nil {
		return err
	}
	if err := terraform("output", "trusted_chain"); err != nil {
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
		odataType := fmt.Sprint(p["@odata.type"])
		if !strings.HasSuffix(odataType, "ImportedPFXCertificateProfile") {
			continue
		}
		platform := strings.TrimSuffix(strings.TrimPrefix(odataType, "#microsoft.graph."), "ImportedPFXCertificateProfile")
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
	if passwords[renewed], _, err = writePfx(filepath.Join(config, "pfx", renewed), issuing); err != nil {
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
	step("Done: connector checked, chain delivered, imported, delivered, checked, renewed and destroyed")
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

// ca is a CA certificate the demo made, with its key (kept in memory only).
type ca struct {
	cert *x509.Certificate
	key  *rsa.PrivateKey
}

// issue makes a certificate from tmpl with a fresh RSA key and serial,
// signed by parent (self-signed when parent is nil).
func issue(tmpl *x509.Certificate, parent *ca) (ca, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return ca{}, err
	}
	if tmpl.SerialNumber, err = rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64)); err != nil {
		return ca{}, err
	}
	issuer, signer := tmpl, key
	if parent != nil {
		issuer, signer = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, issuer, &key.PublicKey, signer)
	if err != nil {
		return ca{}, err
	}
	cert, err := x509.ParseCertificate(der)
	return ca{cert: cert, key: key}, err
}

// writeCAs makes a root CA and an issuing CA under it, and writes their
// certificates (never their keys) to dir: root.cer as DER, issuing-ca.pem as
// PEM, the two encodings the trusted certificate profiles take.
func writeCAs(dir string) (root, issuing ca, err error) {
	now := time.Now().UTC().Truncate(time.Second)
	caTemplate := func(cn string, years int) *x509.Certificate {
		return &x509.Certificate{
			Subject:   pkix.Name{CommonName: cn, Organization: []string{"Contoso"}},
			NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(years, 0, 0),
			BasicConstraintsValid: true, IsCA: true,
			KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		}
	}
	if root, err = issue(caTemplate("Contoso Demo Root CA", 20), nil); err != nil {
		return
	}
	if issuing, err = issue(caTemplate("Contoso Demo Issuing CA", 10), &root); err != nil {
		return
	}
	if err = os.MkdirAll(dir, 0o700); err != nil {
		return
	}
	if err = os.WriteFile(filepath.Join(dir, "root.cer"), root.cert.Raw, 0o600); err != nil {
		return
	}
	err = os.WriteFile(filepath.Join(dir, "issuing-ca.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: issuing.cert.Raw}), 0o600)
	return
}

// checkTrusted checks what Intune holds after the apply: per platform of
// the workflow, a trusted certificate profile with the root and one with the
// issuing CA (sent as base64 of the DER, whatever the file's encoding; on
// Windows the issuing CA in the intermediate store), each assigned to the
// users' group.
func checkTrusted(e *emulator.Emulator, root, issuing ca) error {
	want := map[string]string{
		base64.StdEncoding.EncodeToString(root.cert.Raw):    "root",
		base64.StdEncoding.EncodeToString(issuing.cert.Raw): "issuing CA",
	}
	found := 0
	for _, id := range e.DeviceConfigurationIDs() {
		p, _ := e.DeviceConfiguration(id)
		odataType := fmt.Sprint(p["@odata.type"])
		if !strings.HasSuffix(odataType, "TrustedRootCertificate") {
			continue
		}
		found++
		which, ok := want[fmt.Sprint(p["trustedRootCertificate"])]
		if !ok {
			return fmt.Errorf("%s (%s) holds a certificate that is neither the root nor the issuing CA", p["displayName"], odataType)
		}
		if store := fmt.Sprint(p["destinationStore"]); strings.Contains(odataType, "windows") && which == "issuing CA" && store != "computerCertStoreIntermediate" {
			return fmt.Errorf("%s: the issuing CA went to %s, want computerCertStoreIntermediate", p["displayName"], store)
		}
		assigned := false
		as, _ := p["assignments"].([]any)
		for _, a := range as {
			if t, _ := a.(map[string]any)["target"].(map[string]any); t != nil && strings.EqualFold(fmt.Sprint(t["groupId"]), group) {
				assigned = true
			}
		}
		if !assigned {
			return fmt.Errorf("%s (%s) is not assigned to the users' group", p["displayName"], odataType)
		}
		fmt.Printf("    %s: the %s, file %v, assigned to the users' group\n", odataType, which, p["certFileName"])
	}
	if found != 12 {
		return fmt.Errorf("%d trusted certificate profiles, want the root and the issuing CA on the 6 platforms of the imported-PFX profiles", found)
	}
	return nil
}

// writePfx makes an S/MIME certificate for user with its RSA key, issued by
// issuer, writes it as an AES/PBES2 PFX (with the issuer's certificate) with a
// fresh ASCII password, and returns the password and the certificate's
// NotAfter.
func writePfx(path string, issuer ca) (string, time.Time, error) {
	now := time.Now().UTC().Truncate(time.Second)
	c, err := issue(&x509.Certificate{
		Subject:        pkix.Name{CommonName: "Alice", Organization: []string{"Contoso"}},
		EmailAddresses: []string{user},
		NotBefore:      now.Add(-time.Hour),
		NotAfter:       now.AddDate(1, 0, 0),
		KeyUsage:       x509.KeyUsageKeyEncipherment | x509.KeyUsageDigitalSignature,
		ExtKeyUsage:    []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
	}, &issuer)
	if err != nil {
		return "", time.Time{}, err
	}
	key, cert := c.key, c.cert
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", time.Time{}, err
	}
	password := hex.EncodeToString(b)
	data, err := pkcs12.Modern.Encode(key, cert, []*x509.Certificate{issuer.cert}, password)
	if err != nil {
		return "", time.Time{}, err
	}
	return password, cert.NotAfter, os.WriteFile(path, data, 0o600)
}
