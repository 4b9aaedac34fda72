package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// runStartup times the provider's start and its answer to Terraform's schema
// request, and looks at package-level initialisation.
func runStartup(b *bench, r *report) error {
	reps := 10
	if b.o.quick {
		reps = 2
	}
	withProvider, err := b.workspace("schema", requiredProviders)
	if err != nil {
		return err
	}
	builtinOnly, err := b.workspace("schema-builtin", "resource \"terraform_data\" \"x\" {}\n")
	if err != nil {
		return err
	}
	schemaArgs := []string{"providers", "schema", "-json"}
	var withWall, builtinWall, handshake []time.Duration
	var provRSS, provCPU, tfRSS []float64
	for i := 0; i < reps; i++ {
		res, err := b.terraform(withProvider, b.rawRC, nil, schemaArgs...)
		if err != nil {
			return err
		}
		if !strings.Contains(res.stdout, `"intune_pfx_recryption_request"`) {
			return fmt.Errorf("the schema does not list intune_pfx_recryption_request")
		}
		withWall = append(withWall, res.wall)
		tfRSS = append(tfRSS, float64(res.maxRSS))
		res, err = b.terraform(builtinOnly, b.rawRC, nil, schemaArgs...)
		if err != nil {
			return err
		}
		builtinWall = append(builtinWall, res.wall)
		// The same through the wrapper, for the provider process's own figures.
		res, err = b.terraform(withProvider, b.wrapRC, nil, schemaArgs...)
		if err != nil {
			return err
		}
		provRSS = append(provRSS, float64(res.providerMaxRSS()))
		provCPU = append(provCPU, res.providerCPU()/float64(max(1, len(res.procs))))
		d, err := timeHandshake(b.provider)
		if err != nil {
			return err
		}
		handshake = append(handshake, d)
	}
	inits, err := initTrace(b.provider, reps)
	if err != nil {
		return err
	}

	with, builtin := medianDur(withWall), medianDur(builtinWall)
	var body strings.Builder
	fmt.Fprintf(&body, "Medians of %d runs each. `terraform providers schema -json` starts the provider (through "+
		"`dev_overrides`, the real binary, no wrapper) and asks for its schema; the same command in a directory that "+
		"uses only the built-in `terraform_data` starts no plugin and is Terraform's own share. The handshake time is "+
		"the provider binary alone, from exec to the go-plugin handshake line on its standard output (what Terraform "+
		"waits for before its first gRPC call; without Terraform's mTLS certificate). Peak memory and CPU come from the "+
		"kernel for the provider process (through the wrapper).\n\n", reps)
	body.WriteString(table([]string{"Measure", "Median", "Range"}, [][]string{
		{"`terraform providers schema -json`, with the provider", secs(with), rangeOf(withWall)},
		{"the same, built-in provider only (Terraform's own share)", secs(builtin), rangeOf(builtinWall)},
		{"difference: the provider's start and schema answer", millis(with - builtin), ""},
		{"provider binary: exec to handshake line", millis(medianDur(handshake)), rangeOf(handshake)},
		{"provider process: peak RSS", mib(int64(median(provRSS))), ""},
		{"provider process: CPU time (user + system)", fmt.Sprintf("%.0f ms", 1000*median(provCPU)), ""},
		{"Terraform (largest process of the command): peak RSS", mib(int64(median(tfRSS))), ""},
	}))
	fmt.Fprintf(&body, "\nPackage initialisation (`GODEBUG=inittrace=1`, median of %d starts): %d packages, %s, %s in %s "+
		"allocations. The provider's own packages:\n\n", reps, inits.packages, millis(inits.total), bytesText(inits.bytes), strconv.Itoa(inits.allocs))
	var rows [][]string
	for _, p := range inits.own {
		rows = append(rows, []string{"`" + p.name + "`", fmt.Sprintf("%.3f ms", p.ms), bytesText(p.bytes), fmt.Sprint(p.allocs)})
	}
	body.WriteString(table([]string{"Package", "Clock", "Bytes", "Allocations"}, rows))
	body.WriteString("\nThe five costliest packages (all dependencies):\n\n")
	rows = nil
	for _, p := range inits.top {
		rows = append(rows, []string{"`" + p.name + "`", fmt.Sprintf("%.2f ms", p.ms), bytesText(p.bytes), fmt.Sprint(p.allocs)})
	}
	body.WriteString(table([]string{"Package", "Clock", "Bytes", "Allocations"}, rows))
	if perfAvailable() {
		dir := filepath.Join(b.work, "perf-startup")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		b.extraEnv = []string{envPerfDir + "=" + dir}
		for i := 0; i < reps; i++ {
			if _, err := b.terraform(withProvider, b.wrapRC, nil, schemaArgs...); err != nil {
				b.extraEnv = nil
				return err
			}
		}
		b.extraEnv = nil
		p, err := readPerf(dir)
		if err != nil {
			return err
		}
		fmt.Fprintf(&body, "\nWhere a provider process that only starts and answers the schema spends its CPU: %d runs of "+
			"`providers schema -json` with the provider under `perf record -e cpu-clock -F 499 -g`, %d samples "+
			"(%.0f ms per process).\n\n%s", reps, p.samples, 1000*float64(p.samples)/499/float64(reps), p.markdown(10))
	}
	r.add("3. Start-up", body.String())
	ownMS := 0.0
	for _, p := range inits.own {
		ownMS += p.ms
	}
	r.target("Start-up: provider's share of `providers schema -json`", "no package-level work of our own on the start-up path",
		fmt.Sprintf("%s (handshake %s; own packages' init %.2f ms of %s total init)", millis(with-builtin),
			millis(medianDur(handshake)), ownMS, millis(inits.total)), ownMS < 1)
	return nil
}

func rangeOf(ds []time.Duration) string {
	lo, hi := minMax(ds)
	return secs(lo) + " – " + secs(hi)
}

func bytesText(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.0f KiB", float64(n)/1024)
}

// timeHandshake starts the provider as go-plugin would and times the
// handshake line (core-version|app-version|network|address|protocol).
func timeHandshake(bin string) (time.Duration, error) {
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(),
		"TF_PLUGIN_MAGIC_COOKIE=d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
		"PLUGIN_PROTOCOL_VERSIONS=6")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	d := time.Since(start)
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	if err != nil || strings.Count(line, "|") < 4 {
		return 0, fmt.Errorf("no handshake from the provider: %q %w", line, err)
	}
	return d, nil
}

type initPkg struct {
	name          string
	ms            float64
	bytes, allocs int
}

type initSummary struct {
	packages      int
	total         time.Duration
	bytes, allocs int
	own, top      []initPkg
}

// initTrace runs the binary with GODEBUG=inittrace=1 (it exits at once when
// not started by Terraform) and summarises the median run.
func initTrace(bin string, reps int) (initSummary, error) {
	var runs []initSummary
	for i := 0; i < reps; i++ {
		cmd := exec.Command(bin)
		cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
		out, _ := cmd.CombinedOutput()
		var s initSummary
		var all []initPkg
		for _, line := range strings.Split(string(out), "\n") {
			// init <pkg> @<t> ms, <clock> ms clock, <bytes> bytes, <allocs> allocs
			f := strings.Fields(line)
			if len(f) < 10 || f[0] != "init" {
				continue
			}
			var p initPkg
			p.name = f[1]
			p.ms, _ = strconv.ParseFloat(f[4], 64)
			p.bytes, _ = strconv.Atoi(f[7])
			p.allocs, _ = strconv.Atoi(f[9])
			all = append(all, p)
			s.packages++
			s.total += time.Duration(p.ms * float64(time.Millisecond))
			s.bytes += p.bytes
			s.allocs += p.allocs
			if strings.HasPrefix(p.name, "github.com/openintune/") {
				s.own = append(s.own, p)
			}
		}
		if s.packages == 0 {
			return s, fmt.Errorf("no inittrace output from %s", bin)
		}
		sort.Slice(all, func(i, j int) bool { return all[i].ms > all[j].ms })
		s.top = all[:min(5, len(all))]
		runs = append(runs, s)
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i].total < runs[j].total })
	return runs[len(runs)/2], nil
}
