package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

// Intune's published budget for the device-configuration service, per app
// and tenant (../shared/notes/certificate-estate.md): 100 writes and 1,000
// requests per 20 seconds, sliding.
const (
	budgetWindow   = 20 * time.Second
	budgetWrites   = 100
	budgetRequests = 1000
	upfxFiles      = 5 // distinct PFX files the N certificates share
)

// budgetFloor is the least time k requests take under a cap of c per
// window, from an empty window: window × (ceil(k / c) − 1).
func budgetFloor(k, c int) time.Duration {
	if k <= 0 {
		return 0
	}
	return budgetWindow * time.Duration((k+c-1)/c-1)
}

// upfxWorkspace writes upfxFiles PFX files with their passwords, the
// emulated connector's public key, and N certificates of N users that share
// them; or the same N of terraform_data holding the same values.
func (b *bench) upfxWorkspace(kind string, n int) (string, error) {
	b.seq++
	dir := filepath.Join(b.work, fmt.Sprintf("%03d-upfx-%s-%d", b.seq, kind, n))
	if err := os.MkdirAll(filepath.Join(dir, "pfx"), 0o755); err != nil {
		return "", err
	}
	for i := range upfxFiles {
		data, err := makePFX(fmt.Sprintf("bench user %d", i), fmt.Sprintf("pw-%d", i))
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(dir, "pfx", fmt.Sprintf("%d.pfx", i)), data, 0o600); err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(dir, "pfx", fmt.Sprintf("%d.pw", i)), []byte(fmt.Sprintf("pw-%d", i)), 0o600); err != nil {
			return "", err
		}
	}
	key, err := b.emu.ConnectorPublicKey()
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "connector.pem"), []byte(key.SPKIPEM), 0o600); err != nil {
		return "", err
	}
	values := fmt.Sprintf(`  user_principal_name = format("bench%d-%%05d@contoso.example", count.index)
  file                = "${path.module}/pfx/${count.index %% %d}.pfx"
`, b.seq, upfxFiles)
	var config string
	if kind == "terraform_data" {
		config = fmt.Sprintf("resource \"terraform_data\" \"r\" {\n  count = %d\n  input = {\n%s  }\n}\n", n,
			strings.ReplaceAll(values, "  ", "    "))
	} else {
		config = requiredProviders + fmt.Sprintf(`resource "intune_user_pfx_certificate" "r" {
  count                 = %d
  user_principal_name   = format("bench%d-%%05d@contoso.example", count.index)
  pfx_wo                = filebase64("${path.module}/pfx/${count.index %% %d}.pfx")
  pfx_password_wo       = file("${path.module}/pfx/${count.index %% %d}.pw")
  encryption_public_key = file("${path.module}/connector.pem")
  provider_name         = "Microsoft Software Key Storage Provider"
  key_name              = "PFXEncryptionKey"
}
`, n, b.seq, upfxFiles, upfxFiles)
	}
	return dir, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600)
}

// makePFX is a self-signed S/MIME certificate and its key, valid for a
// year, as a modern (AES) PFX.
func makePFX(cn, password string) ([]byte, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	nb := time.Now().Add(-time.Hour)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn},
		NotBefore: nb, NotAfter: nb.AddDate(1, 0, 0), ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return pkcs12.Modern.Encode(key, cert, nil, password)
}

// upfxCycle applies, plans and destroys in dir; when perfDir is set, the
// provider processes of the plan run under perf.
func (b *bench) upfxCycle(dir, perfDir string) (cycle, error) {
	var c cycle
	for i, cmd := range scaleCommands {
		args := append(append([]string{}, cmd.args...), fmt.Sprintf("-parallelism=%d", parallelism))
		if perfDir != "" && cmd.name == "plan" {
			b.extraEnv = []string{envPerfDir + "=" + perfDir}
		}
		res, err := b.terraform(dir, b.wrapRC, cmd.ok, args...)
		b.extraEnv = nil
		if err != nil {
			return c, err
		}
		c[i] = res
	}
	return c, nil
}

// runUserPfx measures apply, plan and destroy of N user PFX certificates
// that share upfxFiles PFX files, against the same N of terraform_data,
// and profiles the plan.
func runUserPfx(b *bench, r *report) error {
	n := 1000
	if b.o.quick {
		n = 20
	}
	if len(b.o.ns) > 0 {
		n = b.o.ns[len(b.o.ns)-1]
	}
	b.emu.Reset()
	logf("userpfx: terraform_data N=%d (load %s)", n, loadAvg())
	dir, err := b.upfxWorkspace("terraform_data", n)
	if err != nil {
		return err
	}
	data, err := b.upfxCycle(dir, "")
	if err != nil {
		return err
	}
	logf("userpfx: intune_user_pfx_certificate N=%d (load %s)", n, loadAvg())
	if dir, err = b.upfxWorkspace("intune", n); err != nil {
		return err
	}
	upfx, err := b.upfxCycle(dir, "")
	if err != nil {
		return err
	}

	pages := (n + listPageSize - 1) / listPageSize
	needs := []struct {
		what string
		k, c int
	}{
		{"N writes", n, budgetWrites},
		{"the listing's pages", pages, budgetRequests},
		{"N writes (and the refresh's pages)", n, budgetWrites},
	}
	var body strings.Builder
	fmt.Fprintf(&body, "`terraform apply`, `plan` (refresh, no changes) and `destroy` of N = %d `intune_user_pfx_certificate` "+
		"with `-parallelism=%d`, the N certificates (one per user) sharing %d PFX files and one connector key; one run, "+
		"from an empty workspace. The floor of each phase is Terraform's own cost (the same command on the same N of "+
		"`terraform_data`, measured in this run) plus the budget's floor for the requests the phase needs under Intune's "+
		"published budget (%d writes and %d requests per %s, sliding): from an empty window, k requests under a cap of C "+
		"per window need window × (ceil(k / C) − 1). **The emulator in this run enforces no budget and the client does "+
		"not pace (the pacing work is not merged here)**: the wall times show the provider's own cost, the 429 column is "+
		"what the emulator sent (none without a budget), and the budget's floor is computed, not observed.\n\n",
		n, parallelism, upfxFiles, budgetWrites, budgetRequests, budgetWindow)
	var rows [][]string
	for i, cmd := range scaleCommands {
		floor := data[i].wall + budgetFloor(needs[i].k, needs[i].c)
		res := upfx[i]
		rows = append(rows, []string{cmd.name, secs(res.wall), secs(data[i].wall),
			fmt.Sprintf("%s (%d × %s)", secs(budgetFloor(needs[i].k, needs[i].c)), needs[i].k, needs[i].what),
			secs(floor), ratio(float64(res.wall) / float64(floor)), ratio(float64(res.wall) / float64(data[i].wall)),
			fmt.Sprintf("%d (%s)", res.graph(""), res.byMethod()), fmt.Sprint(res.status(429)),
			fmt.Sprintf("%.1f", res.providerCPU())})
		if cmd.name == "plan" {
			r.target(fmt.Sprintf("User PFX: refresh of %d objects", n), "< 30 requests",
				fmt.Sprintf("%d (%s)", res.graph(""), res.byMethod()), res.graph("") < 30)
		}
	}
	body.WriteString(table([]string{"Phase", "Wall", "terraform_data (Terraform's cost)", "Budget floor",
		"Floor", "Wall ÷ floor", "Wall ÷ Terraform's cost", "Graph requests", "429s", "Provider CPU s"}, rows))

	if perfAvailable() {
		logf("userpfx: profiled plan, N=%d (load %s)", n, loadAvg())
		if dir, err = b.upfxWorkspace("intune", n); err != nil {
			return err
		}
		perfDir := filepath.Join(b.work, "perf-upfx")
		if err := os.MkdirAll(perfDir, 0o755); err != nil {
			return err
		}
		c, err := b.upfxCycle(dir, perfDir)
		if err != nil {
			return err
		}
		p, err := readPerf(perfDir)
		if err != nil {
			return err
		}
		fmt.Fprintf(&body, "\n### Where the plan's time goes (N = %d)\n\n"+
			"One more cycle with the plan's provider processes under `perf record -e cpu-clock -F 499 -g` (plan %s "+
			"wall with sampling, %.1f provider CPU s, Terraform and its other processes %.1f CPU s). %d samples "+
			"(%.1f CPU seconds):\n\n%s", n, secs(c[1].wall), c[1].providerCPU(), c[1].cpu-c[1].providerCPU(),
			p.samples, float64(p.samples)/499, p.markdown(15))
	}
	r.add("8. User PFX certificates at scale", body.String())
	return nil
}

// status counts Graph answers with code.
func (r tfResult) status(code int) (n int) {
	for _, le := range r.log {
		if le.Server == "graph" && le.Status == code {
			n++
		}
	}
	return n
}
