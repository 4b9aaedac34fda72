package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

const parallelism = 10

// manyResources is N resources of the provider, or the same N of Terraform's
// built-in terraform_data holding the same values (Terraform's own cost).
func manyResources(kind string, n int) string {
	values := `  user_id    = format("11111111-1111-4111-8111-%012d", count.index)
  device_id  = format("22222222-2222-4222-8222-%012d", count.index)
  profile_id = "33333333-3333-4333-8333-333333333333"
  thumbprint = format("%040d", count.index)
`
	if kind == "terraform_data" {
		return fmt.Sprintf("resource \"terraform_data\" \"r\" {\n  count = %d\n  input = {\n%s  }\n}\n", n,
			strings.ReplaceAll(values, "  ", "    "))
	}
	return requiredProviders + fmt.Sprintf("resource \"intune_pfx_recryption_request\" \"r\" {\n  count = %d\n%s}\n", n, values)
}

// scaleCommands are the three commands timed for each N.
var scaleCommands = []struct {
	name    string
	args    []string
	ok      []int
	minimum func(n int) int // Graph requests the API needs
	why     string
}{
	{"apply", []string{"apply", "-auto-approve", "-input=false"}, nil, func(n int) int { return n }, "N POST"},
	{"plan", []string{"plan", "-detailed-exitcode", "-input=false"}, []int{0}, func(n int) int { return n }, "N GET (refresh)"},
	// Each DELETE is confirmed by a GET that answers 404 (RELIABILITY.md,
	// "Deletes that Graph answers but does not carry out").
	{"destroy", []string{"destroy", "-auto-approve", "-input=false"}, nil, func(n int) int { return 3 * n }, "N GET (refresh) + N DELETE + N GET (confirming)"},
}

// cycle is one apply, plan and destroy of N resources.
type cycle [3]tfResult

// harnessCPU is this process's CPU time: the emulator and the proxy.
func harnessCPU() float64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return tvSec(ru.Utime) + tvSec(ru.Stime)
}

// runCycle applies, plans and destroys N resources in a fresh workspace.
func (b *bench) runCycle(kind string, n int, latency time.Duration) (cycle, []float64, error) {
	return b.runCycleWith(kind, n, latency, "", nil)
}

// runCycleWith is runCycle with env added to Terraform's environment and,
// when perfDir is not empty, the provider processes of each command under
// perf, their data in perfDir/<command>.
func (b *bench) runCycleWith(kind string, n int, latency time.Duration, perfDir string, env []string) (cycle, []float64, error) {
	var c cycle
	var emuCPU []float64
	b.emu.Reset()
	b.emu.SetLatency(latency)
	defer b.emu.SetLatency(0)
	dir, err := b.workspace(fmt.Sprintf("%s-%d", strings.TrimPrefix(kind, "intune_"), n), manyResources(kind, n))
	if err != nil {
		return c, nil, err
	}
	for i, cmd := range scaleCommands {
		args := append(append([]string{}, cmd.args...), fmt.Sprintf("-parallelism=%d", parallelism))
		b.extraEnv = env
		if perfDir != "" {
			d := filepath.Join(perfDir, cmd.name)
			if err := os.MkdirAll(d, 0o755); err != nil {
				return c, nil, err
			}
			b.extraEnv = append(append([]string{}, env...), envPerfDir+"="+d)
		}
		cpu0 := harnessCPU()
		res, err := b.terraform(dir, b.wrapRC, cmd.ok, args...)
		b.extraEnv = nil
		emuCPU = append(emuCPU, harnessCPU()-cpu0)
		if err != nil {
			return c, nil, err
		}
		if kind != "terraform_data" {
			if got, want := res.graph(""), cmd.minimum(n); got != want {
				logf("note: %s of %d sent %d Graph requests, minimum %d", cmd.name, n, got, want)
			}
		}
		c[i] = res
	}
	return c, emuCPU, nil
}

type scaleCell struct {
	kind    string
	n       int
	latency time.Duration
	cycles  []cycle
	emuCPU  [][]float64
}

func (s scaleCell) wall(cmd int) time.Duration {
	var ds []time.Duration
	for _, c := range s.cycles {
		ds = append(ds, c[cmd].wall)
	}
	return medianDur(ds)
}

func (s scaleCell) med(cmd int, f func(tfResult) float64) float64 {
	var xs []float64
	for _, c := range s.cycles {
		xs = append(xs, f(c[cmd]))
	}
	return median(xs)
}

// cpuFloor is the median CPU time of Terraform, the provider, the emulator
// and the proxy for one command, spread over every CPU of the machine.
func (s scaleCell) cpuFloor(cmd int) time.Duration {
	var xs []float64
	for k, c := range s.cycles {
		xs = append(xs, c[cmd].cpu+s.emuCPU[k][cmd])
	}
	return time.Duration(median(xs) / float64(runtime.NumCPU()) * float64(time.Second))
}

func runScale(b *bench, r *report) error {
	ns := []int{10, 100, 1000}
	reps := map[int]int{10: 9, 100: 5, 1000: 3}
	latencies := []time.Duration{0, 50 * time.Millisecond}
	if b.o.quick {
		ns = []int{10, 50}
		reps = map[int]int{10: 1, 50: 1}
	}
	if len(b.o.ns) > 0 {
		ns = b.o.ns
	}
	for _, n := range ns {
		if b.o.reps > 0 {
			reps[n] = b.o.reps
		} else if reps[n] == 0 {
			reps[n] = 3
		}
	}
	var cells []scaleCell
	for _, n := range ns {
		type variant struct {
			kind    string
			latency time.Duration
		}
		variants := []variant{{"terraform_data", 0}}
		for _, l := range latencies {
			variants = append(variants, variant{"intune_pfx_recryption_request", l})
		}
		for _, v := range variants {
			cell := scaleCell{kind: v.kind, n: n, latency: v.latency}
			for rep := 0; rep < reps[n]; rep++ {
				logf("scale: %s N=%d latency=%s run %d/%d (load %s)", v.kind, n, v.latency, rep+1, reps[n], loadAvg())
				c, cpu, err := b.runCycle(v.kind, n, v.latency)
				if err != nil {
					return err
				}
				cell.cycles = append(cell.cycles, c)
				cell.emuCPU = append(cell.emuCPU, cpu)
			}
			cells = append(cells, cell)
		}
	}
	find := func(kind string, n int, l time.Duration) scaleCell {
		for _, c := range cells {
			if c.kind == kind && c.n == n && (kind == "terraform_data" || c.latency == l) {
				return c
			}
		}
		panic("missing cell")
	}

	var body strings.Builder
	fmt.Fprintf(&body, "`terraform apply` (create), `plan` (refresh of every resource, no changes) and `destroy` (refresh, then "+
		"delete) of N resources with `-parallelism=%d`, the emulator answering every Graph request after the stated "+
		"latency. Each run starts from an empty workspace and an empty emulator. Runs per figure: %s. The lower bound "+
		"is the same command on the same N of Terraform's built-in `terraform_data` (Terraform's own cost, measured "+
		"in the same run) plus the Graph requests the command needs × latency ÷ %d: N for apply and plan, 3N for "+
		"destroy (a refresh GET, a DELETE and a GET confirming it each).\n\n", parallelism, repsText(ns, reps), parallelism)
	var rows [][]string
	for _, n := range ns {
		data := find("terraform_data", n, 0)
		for i, cmd := range scaleCommands {
			rows = append(rows, []string{fmt.Sprint(n), cmd.name, "terraform_data", "–", secs(data.wall(i)),
				millis(data.wall(i) / time.Duration(n)), "–", "–"})
			for _, l := range latencies {
				c := find("intune_pfx_recryption_request", n, l)
				bound := data.wall(i) + time.Duration(cmd.minimum(n))*l/parallelism
				x := float64(c.wall(i)) / float64(bound)
				rows = append(rows, []string{fmt.Sprint(n), cmd.name, "intune", latencyText(l), secs(c.wall(i)),
					millis(c.wall(i) / time.Duration(n)), secs(bound), ratio(x)})
				if n == 1000 && l == 50*time.Millisecond {
					r.target(fmt.Sprintf("Scale: `%s` of 1,000 at 50 ms", cmd.name), "≤ 1.2× lower bound",
						fmt.Sprintf("%s (%s against %s; CPU floor %s, see Scale)", ratio(x), secs(c.wall(i)), secs(bound),
							secs(c.cpuFloor(i))), x <= 1.2)
				}
			}
		}
	}
	body.WriteString(table([]string{"N", "Command", "Resources", "Latency", "Wall (median)", "Per resource", "Lower bound", "Ratio to bound"}, rows))
	if len(ns) >= 2 {
		lo, hi := ns[len(ns)-2], ns[len(ns)-1]
		dlo, dhi := find("terraform_data", lo, 0), find("terraform_data", hi, 0)
		var parts []string
		for i, cmd := range scaleCommands {
			parts = append(parts, fmt.Sprintf("%s %s → %s (%.0f×)", cmd.name, secs(dlo.wall(i)), secs(dhi.wall(i)),
				dhi.wall(i).Seconds()/dlo.wall(i).Seconds()))
		}
		fmt.Fprintf(&body, "\nTerraform's own cost grows faster than N: from %d to %d `terraform_data` resources (%.0f× as many), "+
			"%s. At large N it dominates the bound, so the bound is loose there: a ratio near or below 1 means the "+
			"provider adds little to what Terraform spends anyway, and run-to-run noise (the machine is shared) "+
			"is of the same order as the difference.\n", lo, hi, float64(hi)/float64(lo), strings.Join(parts, ", "))
	}

	// Where the time goes, for the largest N.
	n := ns[len(ns)-1]
	fmt.Fprintf(&body, "\n### Where the time goes (N = %d)\n\n", n)
	body.WriteString("CPU seconds by process, from the kernel's accounting (`wait4` for Terraform and, through the wrapper, " +
		"each provider process; `getrusage` for this harness, which runs the emulator and the proxy), and the phases of " +
		"each command read from the emulator's log: from the command's start to the first Graph request (start-up, " +
		"configuration, state, graph walk), the window in which requests were made, and from the last request to exit " +
		"(state written, processes stopped). Medians. The CPU floor is all that CPU time spread perfectly over the " +
		"machine's CPUs: no run can be faster, whatever the latency, and a wall time close to it means the run was " +
		"bound by CPU, not by waiting for Graph.\n\n")
	rows = nil
	for _, l := range append([]time.Duration{-1}, latencies...) {
		kind, label := "intune_pfx_recryption_request", "intune, "+latencyText(max(l, 0))
		if l < 0 {
			kind, label = "terraform_data", "terraform_data"
		}
		c := find(kind, n, max(l, 0))
		for i, cmd := range scaleCommands {
			var emu []float64
			for _, e := range c.emuCPU {
				emu = append(emu, e[i])
			}
			provCPU := c.med(i, tfResult.providerCPU)
			tfCPU := c.med(i, func(t tfResult) float64 { return t.cpu - t.providerCPU() })
			before, window, after := "–", "–", "–"
			reqs, tokens, procs, conns := "–", "–", fmt.Sprintf("%g", c.med(i, func(t tfResult) float64 { return float64(len(t.procs)) })), "–"
			if kind != "terraform_data" {
				before = secs(time.Duration(c.med(i, func(t tfResult) float64 { b, _, _ := phases(t); return float64(b) })))
				window = secs(time.Duration(c.med(i, func(t tfResult) float64 { _, w, _ := phases(t); return float64(w) })))
				after = secs(time.Duration(c.med(i, func(t tfResult) float64 { _, _, a := phases(t); return float64(a) })))
				reqs = fmt.Sprintf("%g", c.med(i, func(t tfResult) float64 { return float64(t.graph("")) }))
				tokens = fmt.Sprintf("%g", c.med(i, func(t tfResult) float64 { return float64(t.tokens()) }))
				conns = fmt.Sprintf("%g", c.med(i, func(t tfResult) float64 { return float64(t.conns) }))
			}
			floor := c.cpuFloor(i)
			rows = append(rows, []string{label, cmd.name, secs(c.wall(i)), fmt.Sprintf("%.1f", tfCPU), fmt.Sprintf("%.1f", provCPU),
				fmt.Sprintf("%.1f", median(emu)), secs(floor), mib(int64(c.med(i, func(t tfResult) float64 { return float64(t.maxRSS) }))),
				mib(int64(c.med(i, func(t tfResult) float64 { return float64(t.providerMaxRSS()) }))),
				before, window, after, reqs, tokens, procs, conns})
		}
	}
	body.WriteString(table([]string{"Run", "Command", "Wall", "Terraform CPU s", "Provider CPU s", "Emulator and proxy CPU s",
		"CPU floor (all CPU ÷ CPUs)", "Peak RSS, largest process", "Peak RSS, provider", "Before first request", "Request window", "After last request",
		"Graph requests", "Token requests", "Provider processes", "TCP connections"}, rows))
	{
		// The same run with the SDK's trace logs on, as every provider process
		// had them before quietUnrecordedLogs: the cost of unrecorded logs.
		n, l := ns[len(ns)-1], latencies[len(latencies)-1]
		logf("scale: N=%d latency=%s with the SDK's trace logs on (load %s)", n, l, loadAvg())
		logsOn := []string{"TF_LOG_SDK=trace", "TF_LOG_SDK_PROTO=trace", "TF_LOG_SDK_FRAMEWORK=trace", "TF_LOG_PROVIDER_INTUNE=trace"}
		on, _, err := b.runCycleWith("intune_pfx_recryption_request", n, l, "", logsOn)
		if err != nil {
			return err
		}
		off := find("intune_pfx_recryption_request", n, l)
		fmt.Fprintf(&body, "\n### What unrecorded logs cost (N = %d, %s)\n\n"+
			"terraform-plugin-go and the framework log every RPC at TRACE unless told otherwise, and Terraform parses "+
			"each line from the provider's stderr only to drop it when `TF_LOG`/`TF_LOG_PROVIDER` are unset. The "+
			"provider now turns those logs off in that case (`logging.go`); one more run with "+
			"`TF_LOG_SDK=trace TF_LOG_SDK_PROTO=trace TF_LOG_SDK_FRAMEWORK=trace TF_LOG_PROVIDER_INTUNE=trace` "+
			"(levels set explicitly are kept) shows what they cost. One run with the logs on; the other column is the "+
			"median above.\n\n", n, latencyText(l))
		var rows [][]string
		for i, cmd := range scaleCommands {
			rows = append(rows, []string{cmd.name, secs(off.wall(i)), secs(on[i].wall),
				fmt.Sprintf("%.1f", off.med(i, tfResult.providerCPU)), fmt.Sprintf("%.1f", on[i].providerCPU()),
				fmt.Sprintf("%.1f", off.med(i, func(t tfResult) float64 { return t.cpu - t.providerCPU() })),
				fmt.Sprintf("%.1f", on[i].cpu-on[i].providerCPU())})
		}
		body.WriteString(table([]string{"Command", "Wall, logs off (default)", "Wall, logs on", "Provider CPU s, off",
			"Provider CPU s, on", "Terraform CPU s, off", "Terraform CPU s, on"}, rows))
	}
	if perfAvailable() {
		n := ns[len(ns)-1]
		l := latencies[len(latencies)-1]
		logf("scale: profiled run, N=%d latency=%s (load %s)", n, l, loadAvg())
		dir := filepath.Join(b.work, "perf")
		c, _, err := b.runCycleWith("intune_pfx_recryption_request", n, l, dir, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(&body, "\n### CPU profile of the provider (N = %d, %s)\n\n"+
			"One more run of the same three commands with every provider process under `perf record -e cpu-clock -F 499 -g` "+
			"(Terraform's binary is stripped, so only its total above). Wall times of this run, slowed by the sampling: "+
			"apply %s, plan %s, destroy %s.\n", n, latencyText(l), secs(c[0].wall), secs(c[1].wall), secs(c[2].wall))
		for _, cmd := range scaleCommands {
			p, err := readPerf(filepath.Join(dir, cmd.name))
			if err != nil {
				return err
			}
			fmt.Fprintf(&body, "\n#### `%s`: %d samples (%.1f CPU seconds)\n\n%s", cmd.name, p.samples, float64(p.samples)/499, p.markdown(15))
		}
	} else {
		body.WriteString("\n`perf` is not available here, so there is no CPU profile of the provider.\n")
	}
	r.add("2. Scale", body.String())
	return nil
}

// phases splits a command's wall time at its first and last Graph request.
func phases(t tfResult) (before, window, after time.Duration) {
	var first, last time.Time
	for _, le := range t.log {
		if le.Server != "graph" {
			continue
		}
		if first.IsZero() || le.Time.Before(first) {
			first = le.Time
		}
		if le.Time.After(last) {
			last = le.Time
		}
	}
	if first.IsZero() {
		return t.wall, 0, 0
	}
	start := t.start
	end := start.Add(t.wall)
	return first.Sub(start), last.Sub(first), end.Sub(last)
}

func repsText(ns []int, reps map[int]int) string {
	var parts []string
	for _, n := range ns {
		parts = append(parts, fmt.Sprintf("%d for N = %d", reps[n], n))
	}
	return strings.Join(parts, ", ")
}
