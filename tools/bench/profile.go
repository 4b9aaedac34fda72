package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// A CPU profile of the provider processes, taken with `perf record` (the
// wrapper runs the provider under it when INTUNE_BENCH_PERF_DIR is set) and
// summarised here from `perf script`: each sample's call stack is charged to
// the component that owns its innermost frame outside the Go standard
// library, and functions are ranked by the share of samples they appear in.

const envPerfDir = "INTUNE_BENCH_PERF_DIR"

type cpuProfile struct {
	samples    int
	components []share
	functions  []share // cumulative: share of samples whose stack holds the function
	leaves     []share // flat: share of samples whose innermost frame is the function
}

type share struct {
	name string
	n    int
}

func perfAvailable() bool {
	return exec.Command("perf", "record", "-q", "-e", "cpu-clock", "-o", os.DevNull, "--", "true").Run() == nil //nolint:gosec // G204: fixed arguments
}

// isModule reports whether a Go symbol belongs to a module outside the
// standard library (its import path starts with a domain: github.com/...).
func isModule(sym string) bool {
	first, _, ok := strings.Cut(sym, "/")
	return ok && strings.Contains(first, ".")
}

// component names the owner of a stack (Go frames innermost first, kernel
// frames already removed): the innermost frame outside the standard library.
func component(stack []string) string {
	for _, f := range stack {
		if !isModule(f) {
			continue
		}
		switch {
		case strings.HasPrefix(f, "github.com/openintune/"):
			return "provider code (internal/provider, internal/graph)"
		case strings.HasPrefix(f, "github.com/hashicorp/terraform-plugin-framework"):
			return "terraform-plugin-framework"
		case strings.HasPrefix(f, "github.com/hashicorp/terraform-plugin-log"), strings.HasPrefix(f, "github.com/hashicorp/go-hclog"):
			return "logging (terraform-plugin-log, hclog)"
		case strings.HasPrefix(f, "github.com/hashicorp/terraform-plugin-go"), strings.HasPrefix(f, "github.com/vmihailenco/msgpack"):
			return "terraform-plugin-go (protocol, tftypes, msgpack)"
		case strings.HasPrefix(f, "google.golang.org/grpc"), strings.HasPrefix(f, "google.golang.org/protobuf"),
			strings.HasPrefix(f, "golang.org/x/net/"), strings.HasPrefix(f, "github.com/hashicorp/go-plugin"),
			strings.HasPrefix(f, "github.com/hashicorp/yamux"):
			return "gRPC, protobuf and go-plugin (Terraform ↔ provider)"
		case strings.HasPrefix(f, "github.com/microsoft/kiota"), strings.HasPrefix(f, "github.com/microsoftgraph/"),
			strings.HasPrefix(f, "github.com/std-uritemplate/"):
			return "kiota and Graph core (request building, middleware, JSON)"
		case strings.HasPrefix(f, "github.com/Azure/"), strings.HasPrefix(f, "github.com/AzureAD/"):
			return "azidentity and MSAL"
		case strings.HasPrefix(f, "go.opentelemetry.io/"):
			return "OpenTelemetry (kiota's spans, no-op)"
		default:
			mod := strings.SplitN(f, "/", 4)
			return "other: " + strings.Join(mod[:min(3, len(mod))], "/")
		}
	}
	// Only standard-library frames: the HTTP client's own goroutines, or the runtime.
	for _, f := range stack {
		if strings.HasPrefix(f, "net/http.") || strings.HasPrefix(f, "crypto/") || strings.HasPrefix(f, "net.") ||
			strings.HasPrefix(f, "vendor/golang.org/x/net/http2") {
			return "net/http and TLS (Graph connection)"
		}
	}
	has := func(prefixes ...string) bool {
		for _, f := range stack {
			for _, p := range prefixes {
				if strings.HasPrefix(f, p) {
					return true
				}
			}
		}
		return false
	}
	switch {
	case len(stack) == 1 && stack[0] == "[kernel]":
		return "kernel only (no Go frame sampled)"
	case has("runtime.gcBgMarkWorker", "runtime.bgsweep", "runtime.bgscavenge", "runtime.gcStart", "runtime.markroot",
		"runtime.gcDrain", "runtime.gcMark", "runtime.gcSweep", "runtime.sweepone"):
		return "Go garbage collector (background)"
	case has("runtime.main", "runtime.doInit", "runtime.schedinit", "runtime.rt0_go"):
		return "Go start-up (runtime and package init)"
	case has("runtime.schedule", "runtime.findRunnable", "runtime.mstart", "runtime.sysmon", "runtime.mcall", "runtime.park_m"):
		return "Go scheduler (idle, spinning, wake-ups)"
	}
	return "other Go runtime"
}

// readPerf summarises every perf.data file in dir.
func readPerf(dir string) (cpuProfile, error) {
	files, _ := filepath.Glob(filepath.Join(dir, "perf-*.data"))
	if len(files) == 0 {
		return cpuProfile{}, fmt.Errorf("no perf data in %s", dir)
	}
	var p cpuProfile
	comps, funcs, leaves := map[string]int{}, map[string]int{}, map[string]int{}
	for _, f := range files {
		out, err := exec.Command("perf", "script", "-i", f, "-F", "ip,sym,dso").Output() //nolint:gosec // G204, G702: the harness's own perf files
		if err != nil {
			return p, fmt.Errorf("perf script %s: %w", f, err)
		}
		var stack []string
		kernel := 0 // kernel frames of the sample being read
		flush := func() {
			if len(stack) == 0 && kernel == 0 {
				return // perf script separates the header from the stack with a blank line too
			}
			p.samples++
			if len(stack) == 0 {
				stack = append(stack, "[kernel]")
			}
			kernel = 0
			comps[component(stack)]++
			leaves[stack[0]]++
			seen := map[string]bool{}
			for _, fn := range stack {
				if !seen[fn] {
					seen[fn] = true
					funcs[fn]++
				}
			}
			stack = stack[:0]
		}
		sc := bufio.NewScanner(bytes.NewReader(out))
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) == 0 {
				flush()
				continue
			}
			// "<ip> <symbol>+0x<off> (<dso>)"; kernel frames are counted, not kept.
			if strings.Contains(sc.Text(), "[kernel.kallsyms]") {
				kernel++
				continue
			}
			if len(fields) >= 2 {
				sym := fields[1]
				if i := strings.LastIndex(sym, "+0x"); i > 0 {
					sym = sym[:i]
				}
				stack = append(stack, sym)
			}
		}
		flush()
	}
	p.components = ranked(comps, 0)
	p.functions = ranked(funcs, 0)
	p.leaves = ranked(leaves, 0)
	return p, nil
}

func ranked(m map[string]int, limit int) []share {
	var out []share
	for k, v := range m {
		out = append(out, share{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].n > out[j].n || out[i].n == out[j].n && out[i].name < out[j].name })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// markdown renders the profile: components, then the costliest functions
// outside the runtime's plumbing.
func (p cpuProfile) markdown(topN int) string {
	pct := func(n int) string { return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(p.samples)) }
	var b strings.Builder
	var rows [][]string
	for _, c := range p.components {
		rows = append(rows, []string{c.name, pct(c.n)})
	}
	b.WriteString(table([]string{"Component (innermost frame outside the standard library)", "Share of provider CPU samples"}, rows))
	b.WriteString("\nFunctions outside the standard library by the share of samples whose stack includes them " +
		"(cumulative), skipping the gRPC server frames that every request passes through:\n\n")
	rows = nil
	skip := []string{"google.golang.org/grpc.", "google.golang.org/grpc/internal/transport."}
	for _, f := range p.functions {
		if len(rows) == topN {
			break
		}
		skipped := false
		for _, s := range skip {
			if strings.HasPrefix(f.name, s) {
				skipped = true
			}
		}
		if !isModule(f.name) || skipped {
			continue
		}
		rows = append(rows, []string{"`" + f.name + "`", pct(f.n)})
	}
	b.WriteString(table([]string{"Function", "Cumulative"}, rows))
	return b.String()
}
