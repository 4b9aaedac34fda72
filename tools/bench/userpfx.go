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

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// Intune's published budget for the device-configuration service, per app
// and tenant (../shared/notes/certificate-estate.md): 100 writes and 1,000
// requests per 20 seconds, sliding.
const (
	budgetWindow   = 20 * time.Second
	budgetWrites   = 100
	budgetRequests = 1000
	upfxFiles      = 5 // distinct PFX files the N certificates share
	// listSettle is the least age of an object the provider reads from a
	// listing: one it wrote less than its consistency window (15 s) plus the
	// list lag (30 s) ago is read by GET (ASSUMPTIONS.md, "Refresh from
	// listings").
	listSettle = 50 * time.Second
)

// budgetGaps start apply and destroy from an empty budget window, and the
// plan when no object is young enough to be read by GET.
var budgetGaps = [3]time.Duration{budgetWindow, listSettle, budgetWindow}

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
// provider processes of the plan run under perf. Each phase starts after its
// gap without requests (gaps in the order of scaleCommands).
func (b *bench) upfxCycle(dir, perfDir string, gaps [3]time.Duration) (cycle, error) {
	var c cycle
	for i, cmd := range scaleCommands {
		time.Sleep(gaps[i])
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

// budgetScenario is what the emulated tenant allows the provider, which
// always runs with its default request budget (Intune's published one).
type budgetScenario struct {
	name       string
	writes     int    // writes per window the emulator allows
	requests   int    // requests per window the emulator allows
	retryAfter string // the emulator's Retry-After on a 429 ("" computed, "none")
	targets    bool   // the targets apply
}

var budgetScenarios = []budgetScenario{
	{"Published budget, 429s with `Retry-After`", budgetWrites, budgetRequests, "", true},
	{"Published budget, 429s without `Retry-After`", budgetWrites, budgetRequests, "none", true},
	{"Half the budget left (another tool uses the rest), 429s without `Retry-After`", budgetWrites / 2, budgetRequests / 2, "none", false},
}

// largeN is the N of the sections that measure one large configuration:
// 1,000, 20 with -quick, or the last of -ns.
func (b *bench) largeN() int {
	switch {
	case len(b.o.ns) > 0:
		return b.o.ns[len(b.o.ns)-1]
	case b.o.quick:
		return 20
	}
	return 1000
}

// runUserPfx measures apply, plan and destroy of N user PFX certificates
// that share upfxFiles PFX files under Intune's request budget, against
// the same N of terraform_data and the budget's floor, and profiles the plan.
func runUserPfx(b *bench, r *report) error {
	n := b.largeN()
	b.emu.Reset()
	logf("userpfx: terraform_data N=%d (load %s)", n, loadAvg())
	dir, err := b.upfxWorkspace("terraform_data", n)
	if err != nil {
		return err
	}
	data, err := b.upfxCycle(dir, "", [3]time.Duration{})
	if err != nil {
		return err
	}

	var body strings.Builder
	fmt.Fprintf(&body, "`terraform apply`, `plan` (refresh, no changes) and `destroy` of N = %d `intune_user_pfx_certificate` "+
		"with `-parallelism=%d`, the N certificates (one per user) sharing %d PFX files and one connector key, from an "+
		"empty workspace, one run per scenario. The emulator enforces a request budget per app and tenant (sliding "+
		"window of %s, counted on arrival, 429 over it); the provider runs with its default `request_budget`, Intune's "+
		"published %d writes and %d requests per %s. Apply and destroy start after %s without requests, from an empty "+
		"window; the plan starts %s after the apply, when no certificate is young enough to be read by GET (one the "+
		"provider wrote less than its consistency window plus the list lag, 45 s, ago is: ASSUMPTIONS.md, \"Refresh "+
		"from listings\"), as in any later run of a pipeline.\n\n"+
		"The floor of a phase is Terraform's own cost (the same command on the same N of `terraform_data`, measured in "+
		"this run) plus the budget's floor for the requests the phase needs under the writes or requests the emulator "+
		"allows: N writes for apply and destroy, the listing's pages for the refresh; from an empty window, k requests "+
		"under a cap of C per window need window × (ceil(k / C) − 1). The floor is generous to the provider in one way "+
		"(Terraform's cost and the budget's wait overlap in practice) and strict in another (it counts no request "+
		"beyond the minimum).\n\n", n, parallelism, upfxFiles, budgetWindow, budgetWrites, budgetRequests, budgetWindow, budgetWindow, listSettle)
	header := []string{"Phase", "Wall", "terraform_data (Terraform's cost)", "Budget floor", "Floor", "Wall ÷ floor",
		"Graph requests", "429s", "429s ÷ requests", "Provider CPU s"}
	pages := (n + listPageSize - 1) / listPageSize
	b.paced = true
	for _, sc := range budgetScenarios {
		b.emu.Reset()
		b.emu.SetBehavior(emulator.Behavior{Budget: emulator.RequestBudget{Writes: sc.writes, Requests: sc.requests,
			Window: budgetWindow, RetryAfter: sc.retryAfter}})
		logf("userpfx: %s, N=%d (load %s)", sc.name, n, loadAvg())
		if dir, err = b.upfxWorkspace("intune", n); err != nil {
			break
		}
		var upfx cycle
		if upfx, err = b.upfxCycle(dir, "", budgetGaps); err != nil {
			break
		}
		needs := []struct {
			what string
			k, c int
		}{{"writes", n, sc.writes}, {"listing pages", pages, sc.requests}, {"writes", n, sc.writes}}
		var rows [][]string
		for i, cmd := range scaleCommands {
			bf := budgetFloor(needs[i].k, needs[i].c)
			floor := data[i].wall + bf
			res := upfx[i]
			reqs, throttled := res.graph(""), res.status(429)
			share := 0.0
			if reqs > 0 {
				share = float64(throttled) / float64(reqs)
			}
			rows = append(rows, []string{cmd.name, secs(res.wall), secs(data[i].wall),
				fmt.Sprintf("%s (%d %s, cap %d)", secs(bf), needs[i].k, needs[i].what, needs[i].c),
				secs(floor), ratio(float64(res.wall) / float64(floor)),
				fmt.Sprintf("%d (%s)", reqs, res.byMethod()), fmt.Sprint(throttled), fmt.Sprintf("%.1f%%", 100*share),
				fmt.Sprintf("%.1f", res.providerCPU())})
			if !sc.targets {
				continue
			}
			r.target(fmt.Sprintf("User PFX, %s: %s of %d within 1.25× its floor", sc.name, cmd.name, n), "≤ 1.25×",
				fmt.Sprintf("%s ÷ %s = %s", secs(res.wall), secs(floor), ratio(float64(res.wall)/float64(floor))),
				float64(res.wall) <= 1.25*float64(floor))
			r.target(fmt.Sprintf("User PFX, %s: %s's 429s", sc.name, cmd.name), "< 5% of requests",
				fmt.Sprintf("%d of %d", throttled, reqs), share < 0.05)
			if cmd.name == "plan" {
				r.target(fmt.Sprintf("User PFX, %s: refresh of %d objects", sc.name, n), "< 30 requests",
					fmt.Sprintf("%d (%s)", reqs, res.byMethod()), reqs < 30)
			}
		}
		fmt.Fprintf(&body, "### %s\n\nThe emulator allows %d writes and %d requests per %s.\n\n%s\n", sc.name,
			sc.writes, sc.requests, budgetWindow, table(header, rows))
	}
	b.paced = false
	b.emu.SetBehavior(emulator.Behavior{})
	if err != nil {
		return err
	}

	if perfAvailable() {
		logf("userpfx: profiled plan, N=%d (load %s)", n, loadAvg())
		b.emu.Reset()
		if dir, err = b.upfxWorkspace("intune", n); err != nil {
			return err
		}
		perfDir := filepath.Join(b.work, "perf-upfx")
		if err := os.MkdirAll(perfDir, 0o755); err != nil {
			return err
		}
		c, err := b.upfxCycle(dir, perfDir, [3]time.Duration{0, listSettle, 0})
		if err != nil {
			return err
		}
		p, err := readPerf(perfDir)
		if err != nil {
			return err
		}
		fmt.Fprintf(&body, "### Where the plan's time goes (N = %d)\n\n"+
			"One more cycle, without a budget in the emulator and with the provider's pacing out of the way, with the "+
			"plan's provider processes under `perf record -e cpu-clock -F 499 -g` (plan %s wall with sampling, %.1f "+
			"provider CPU s, Terraform and its other processes %.1f CPU s). `terraform_data` is built into Terraform, "+
			"so the plan's floor has no plugin process, no gRPC and no provider framework; a refresh of N resources of "+
			"any plugin provider pays for N ReadResource and N PlanResourceChange calls through them, which is where "+
			"the table shows the plan's time goes, not Graph. %d samples (%.1f CPU seconds):\n\n%s",
			n, secs(c[1].wall), c[1].providerCPU(), c[1].cpu-c[1].providerCPU(),
			p.samples, float64(p.samples)/499, p.markdown(15))
	}
	r.add("8. User PFX certificates at scale, under Intune's request budget", body.String())
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
