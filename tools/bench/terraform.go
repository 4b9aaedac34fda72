package main

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// bench holds what every section shares: the built provider, the emulator
// (behind a connection-counting proxy) and Terraform's environment.
type bench struct {
	o         options
	work      string
	tf        string
	provider  string // the real provider binary
	wrapRC    string // CLI config whose dev_overrides directory holds the wrapper
	rawRC     string // CLI config whose dev_overrides directory holds the real binary
	rusageLog string
	emu       *emulator.Emulator
	proxy     *connProxy
	graphURL  string // the proxy's address, which the provider is given
	seq       int
	extraEnv  []string // added to Terraform's environment (a profile run)
	// paced leaves the provider's request budget at its defaults. Otherwise
	// the budget is raised out of the way: the emulator enforces none, and
	// those sections measure the provider's own cost.
	paced bool
}

func newBench(o options, work string) (*bench, error) {
	b := &bench{o: o, work: work, tf: o.terraform, rusageLog: filepath.Join(work, "rusage.jsonl")}
	binDir := filepath.Join(work, "bin")
	b.provider = filepath.Join(binDir, "terraform-provider-intune")
	logf("building the provider into %s", binDir)
	if _, err := command("go", "build", "-trimpath", "-o", b.provider, "."); err != nil {
		return nil, err
	}
	wrapDir := filepath.Join(work, "wrap")
	if _, err := command("go", "build", "-C", "tools/bench", "-o", filepath.Join(wrapDir, "terraform-provider-intune"), "./wrapper"); err != nil {
		return nil, err
	}
	b.wrapRC, b.rawRC = filepath.Join(work, "wrap.tfrc"), filepath.Join(work, "raw.tfrc")
	for rc, dir := range map[string]string{b.wrapRC: wrapDir, b.rawRC: binDir} {
		cfg := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
			"registry.terraform.io/openintune/intune", dir)
		if err := os.WriteFile(rc, []byte(cfg), 0o600); err != nil {
			return nil, err
		}
	}

	// The provider reaches Graph through a TCP proxy on 127.0.0.2 that
	// counts connections; the emulator accepts that host as an audience.
	var err error
	b.emu, err = emulator.Start(emulator.Config{Seed: 1, ExtraHosts: []string{"127.0.0.2"}})
	if err != nil {
		return nil, err
	}
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(b.emu.GraphURL(), "https://"))
	b.proxy, err = startProxy(net.JoinHostPort("127.0.0.2", port), strings.TrimPrefix(b.emu.GraphURL(), "https://"))
	if err != nil {
		b.emu.Close()
		return nil, fmt.Errorf("connection-counting proxy: %w", err)
	}
	b.graphURL = "https://" + b.proxy.addr()
	return b, nil
}

func (b *bench) close() {
	b.proxy.close()
	b.emu.Close()
}

// env is Terraform's environment: nothing from the caller's TF_* or ARM_*
// settings, the emulator's endpoints and credentials, and the CLI config.
func (b *bench) env(rc string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "TF_") || strings.HasPrefix(k, "ARM_") || strings.HasPrefix(k, "AZURE_") ||
			k == "SSL_CERT_FILE" || k == "CHECKPOINT_DISABLE" || strings.HasPrefix(k, "INTUNE_") {
			continue
		}
		env = append(env, kv)
	}
	if !b.paced {
		env = append(env, "INTUNE_REQUEST_BUDGET_REQUESTS=1000000", "INTUNE_REQUEST_BUDGET_WRITES=1000000")
	}
	c := b.emu.Config()
	return append(append(env,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"TF_CLI_CONFIG_FILE="+rc,
		"ARM_GRAPH_ENDPOINT="+b.graphURL,
		"ARM_AUTHORITY_HOST="+b.emu.AuthorityURL(),
		"ARM_TENANT_ID="+c.TenantID,
		"ARM_CLIENT_ID="+c.ClientID,
		"ARM_CLIENT_SECRET="+c.ClientSecret,
		"SSL_CERT_FILE="+b.emu.CACertFile(),
		envRealProvider+"="+b.provider,
		envRusageLog+"="+b.rusageLog,
	), append(b.o.tfEnv, b.extraEnv...)...)
}

// workspace makes a fresh directory holding main.tf.
func (b *bench) workspace(name, config string) (string, error) {
	b.seq++
	dir := filepath.Join(b.work, fmt.Sprintf("%03d-%s", b.seq, name))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600)
}

// tfResult is one Terraform command: its wall time and resources, the
// provider processes it started, and what the emulator saw meanwhile.
type tfResult struct {
	args     []string
	start    time.Time
	wall     time.Duration
	cpu      float64 // Terraform and every process it waited for, seconds
	maxRSS   int64   // KiB, of the largest process in that tree
	exit     int
	stdout   string
	stderr   string
	procs    []procRecord
	log      []emulator.LogEntry
	conns    int64 // TCP connections to Graph
	faults   int   // injected faults
	faultsBy map[string]int
}

func (r tfResult) providerCPU() (s float64) {
	for _, p := range r.procs {
		s += p.cpu()
	}
	return s
}

func (r tfResult) providerMaxRSS() (m int64) {
	for _, p := range r.procs {
		m = max(m, p.MaxRSS)
	}
	return m
}

// graph counts Graph requests, optionally of one method ("" for all).
func (r tfResult) graph(method string) (n int) {
	for _, le := range r.log {
		if le.Server == "graph" && (method == "" || le.Method == method) {
			n++
		}
	}
	return n
}

// tokens counts token requests to the authority; login counts all requests to it.
func (r tfResult) tokens() (n int) {
	for _, le := range r.log {
		if le.Server == "login" && strings.HasSuffix(le.Path, "/oauth2/v2.0/token") {
			n++
		}
	}
	return n
}

func (r tfResult) login() (n int) {
	for _, le := range r.log {
		if le.Server == "login" {
			n++
		}
	}
	return n
}

// callers counts the provider processes during whose life Graph was called.
func (r tfResult) callers() (n int) {
	for _, p := range r.procs {
		for _, le := range r.log {
			if le.Server == "graph" && !le.Time.Before(p.Start) && !le.Time.After(p.End) {
				n++
				break
			}
		}
	}
	return n
}

// tokenProcs counts the provider processes that asked for a token, those of
// them that sent no Graph request, and the most tokens any one asked for.
func (r tfResult) tokenProcs() (askers, idle, most int) {
	for _, p := range r.procs {
		tokens, graph := 0, 0
		for _, le := range r.log {
			if le.Time.Before(p.Start) || le.Time.After(p.End) {
				continue
			}
			switch {
			case le.Server == "graph":
				graph++
			case strings.HasSuffix(le.Path, "/oauth2/v2.0/token"):
				tokens++
			}
		}
		if tokens > 0 {
			askers++
			if graph == 0 {
				idle++
			}
		}
		most = max(most, tokens)
	}
	return askers, idle, most
}

// ambiguous counts requests that fall within the lives of two or more
// provider processes, which the attribution by time cannot tell apart.
func (r tfResult) ambiguous() (n int) {
	for _, le := range r.log {
		k := 0
		for _, p := range r.procs {
			if !le.Time.Before(p.Start) && !le.Time.After(p.End) {
				k++
			}
		}
		if k > 1 {
			n++
		}
	}
	return n
}

// byMethod summarises Graph requests as "2 GET, 1 PATCH".
func (r tfResult) byMethod() string {
	order := []string{"GET", "POST", "PATCH", "DELETE"}
	counts := map[string]int{}
	for _, le := range r.log {
		if le.Server == "graph" {
			counts[le.Method]++
		}
	}
	var parts []string
	for _, m := range order {
		if counts[m] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[m], m))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// terraform runs one command in dir and fails unless it exits with one of ok
// (default 0).
func (b *bench) terraform(dir, rc string, ok []int, args ...string) (tfResult, error) {
	_ = os.Remove(b.rusageLog)
	b.emu.ResetLog()
	conns0 := b.proxy.count()
	faults0 := b.emu.FaultsInjected()
	// -no-color goes right after the (sub)command, before its arguments.
	at := 1
	if args[0] == "state" || args[0] == "providers" {
		at = 2
	}
	full := append(append(append([]string{}, args[:at]...), "-no-color"), args[at:]...)
	cmd := exec.Command(b.tf, full...) //nolint:gosec // G204: the Terraform CLI under measurement
	cmd.Dir, cmd.Env = dir, b.env(rc)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	res := tfResult{args: args, start: start, wall: time.Since(start), stdout: stdout.String(), stderr: stderr.String()}
	if cmd.ProcessState == nil {
		return res, fmt.Errorf("terraform %s: %w", strings.Join(args, " "), err)
	}
	res.exit = cmd.ProcessState.ExitCode()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		res.cpu, res.maxRSS = tvSec(ru.Utime)+tvSec(ru.Stime), ru.Maxrss
	}
	res.procs = readProcRecords(b.rusageLog)
	res.log = b.emu.Log()
	res.conns = b.proxy.count() - conns0
	res.faultsBy = map[string]int{}
	for k, v := range b.emu.FaultsInjected() {
		if d := v - faults0[k]; d > 0 {
			res.faultsBy[k], res.faults = d, res.faults+d
		}
	}
	if b.o.verbose {
		var ps []string
		for _, p := range res.procs {
			ps = append(ps, fmt.Sprintf("[%s wall, %.2fs cpu, %s]", millis(p.wall()), p.cpu(), mib(p.MaxRSS)))
		}
		logf("terraform %s: %s wall, %.2fs cpu, %s graph, %d tokens, %d conns, providers %s",
			strings.Join(args, " "), millis(res.wall), res.cpu, res.byMethod(), res.tokens(), res.conns, strings.Join(ps, " "))
	}
	if len(ok) == 0 {
		ok = []int{0}
	}
	for _, c := range ok {
		if res.exit == c {
			return res, nil
		}
	}
	return res, fmt.Errorf("terraform %s in %s exited %d:\n%s%s", strings.Join(args, " "), dir, res.exit,
		tail(res.stdout, 2000), tail(res.stderr, 4000))
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// command runs a program in the current directory and returns its standard output.
func command(name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...) //nolint:gosec // G204: the harness runs go, git and Terraform by design
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, tail(stderr.String(), 4000))
	}
	return stdout.String(), nil
}
