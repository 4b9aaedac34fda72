package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"time"
)

const configurationsPath = "/beta/deviceManagement/deviceConfigurations"

// profilesWorkspace writes a root CA certificate and N trusted certificate
// profiles for iOS that deliver it, each assigned to one group.
func (b *bench) profilesWorkspace(n int) (string, error) {
	b.seq++
	dir := filepath.Join(b.work, fmt.Sprintf("%03d-profiles-%d", b.seq, n))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", err
	}
	nb := time.Now().Add(-time.Hour)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "bench Root CA"},
		NotBefore: nb, NotAfter: nb.AddDate(10, 0, 0), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "root.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		return "", err
	}
	config := requiredProviders + fmt.Sprintf(`resource "intune_trusted_certificate_profile" "r" {
  count        = %d
  platform     = "ios"
  display_name = format("bench%d root %%05d", count.index)
  certificate  = file("${path.module}/root.pem")
  assignments  = [{ target = "group", group_id = "3f0c9a51-7d2e-4b8a-9c61-0e4f5a6b7c8d" }]
}
`, n, b.seq)
	return dir, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600)
}

// runProfiles measures the refresh of N trusted certificate profiles: the
// requests a plan sends, by kind, against the one GET per profile a refresh
// costs without listings.
func runProfiles(b *bench, r *report) error {
	n := b.largeN()
	b.emu.Reset()
	logf("profiles: N=%d (load %s)", n, loadAvg())
	dir, err := b.profilesWorkspace(n)
	if err != nil {
		return err
	}
	c, err := b.upfxCycle(dir, "", [3]time.Duration{0, listSettle, 0})
	if err != nil {
		return err
	}
	var rows [][]string
	for i, cmd := range scaleCommands {
		gets, pages := 0, 0
		for _, le := range c[i].log {
			if le.Server != "graph" || le.Method != "GET" || !strings.HasPrefix(le.Path, configurationsPath) {
				continue
			}
			if rest := strings.TrimPrefix(le.Path, configurationsPath); rest == "" {
				pages++
			} else if strings.Count(rest, "/") == 1 {
				gets++
			}
		}
		rows = append(rows, []string{cmd.name, secs(c[i].wall), fmt.Sprintf("%d (%s)", c[i].graph(""), c[i].byMethod()),
			fmt.Sprint(gets), fmt.Sprint(pages)})
	}
	plan := c[1].graph("")
	r.target(fmt.Sprintf("Profiles: refresh of %d trusted certificate profiles", n), "< 30 requests",
		fmt.Sprintf("%d (%s)", plan, c[1].byMethod()), plan < 30)
	body := fmt.Sprintf("`terraform apply`, `plan` (refresh, no changes) and `destroy` of N = %d "+
		"`intune_trusted_certificate_profile` (iOS, one group assignment each) with `-parallelism=%d`, one run, "+
		"without a request budget in the emulator or pacing in the provider. The plan starts %s after the apply, "+
		"when no profile is young enough to be read by GET. A refresh without listings costs one GET with "+
		"`$expand=assignments` per profile (N); with them, GETs until they reach the listing's page count, then the "+
		"listing of `deviceConfigurations?$expand=assignments` (%d per page) serves the rest. Apply and destroy "+
		"write each profile (POST and `/assign`; DELETE) and read it back or confirm its deletion one by one.\n\n%s",
		n, parallelism, listSettle, listPageSize,
		table([]string{"Phase", "Wall", "Graph requests", "GETs of one profile", "Listing pages"}, rows))
	r.add("9. Certificate profiles refreshed from the listing", body)
	return nil
}
