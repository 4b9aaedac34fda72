// Command bench measures the provider against the offline emulator with the
// real Terraform CLI and writes BENCHMARKS.md. `make bench` runs it; see the
// generated file for what each section measures. It is a module of its own,
// so that the provider's module carries no benchmark code, and runs on Linux
// only: it reads the kernel's accounting (wait4, /proc).
//
// It runs the emulator in this process, builds the provider, and points
// Terraform at it with dev_overrides. One override directory holds the real
// binary; the other holds ./wrapper under the provider's name, which runs the
// real provider as a child and records the child's wall time, CPU time and
// peak memory, so every provider process Terraform starts is measured
// without changing the provider.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

type options struct {
	terraform string
	out       string
	sections  map[string]bool
	build     bool
	quick     bool
	keep      bool
	verbose   bool
	ns        []int // scale: N values (default 10, 100, 1000)
	reps      int   // scale: runs per figure, overriding the defaults
	tfEnv     listFlag
}

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

var allSections = []string{"economy", "scale", "startup", "listing", "build", "throttle", "gobench", "userpfx", "profiles"}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "list-child" {
		os.Exit(runListChild())
	}
	if len(os.Args) > 2 && os.Args[1] == "perf-summary" {
		// Summarise a directory of perf data kept with -keep.
		p, err := readPerf(os.Args[2])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Print(p.markdown(25))
		return
	}
	var o options
	var only, ns, root string
	flag.StringVar(&root, "root", ".", "the provider's repository, where the provider is built and the report written")
	flag.StringVar(&o.terraform, "terraform", "", "path of the Terraform CLI (default: scripts/terraform-cli.sh)")
	flag.StringVar(&o.out, "out", "BENCHMARKS.md", "report to write")
	flag.StringVar(&only, "only", strings.Join(allSections, ","), "comma-separated sections to run")
	flag.BoolVar(&o.build, "build", true, "include the clean-build comparison with the beta SDK root package (~6 min, ~10 GB)")
	flag.BoolVar(&o.quick, "quick", false, "small N and one repetition, to check the harness (figures are not meaningful)")
	flag.BoolVar(&o.keep, "keep", false, "keep the work directory")
	flag.BoolVar(&o.verbose, "v", false, "log every Terraform command")
	flag.StringVar(&ns, "ns", "", "scale: comma-separated N values instead of 10,100,1000")
	flag.Var(&o.tfEnv, "tf-env", "KEY=value added to Terraform's environment (repeatable), for experiments")
	flag.IntVar(&o.reps, "reps", 0, "scale: runs per figure instead of 5, 5, 3")
	flag.Parse()
	if err := os.Chdir(root); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	o.sections = map[string]bool{}
	for _, s := range strings.Split(only, ",") {
		if s = strings.TrimSpace(s); s != "" {
			o.sections[s] = true
		}
	}
	for _, s := range strings.Split(ns, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n > 0 {
			o.ns = append(o.ns, n)
		}
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	started := time.Now()
	if o.terraform == "" {
		out, err := command("./scripts/terraform-cli.sh")
		if err != nil {
			return err
		}
		o.terraform = strings.TrimSpace(out)
	}
	work, err := os.MkdirTemp("", "intune-bench-")
	if err != nil {
		return err
	}
	if o.keep {
		logf("work directory: %s", work)
	} else {
		defer os.RemoveAll(work)
	}

	r := &report{started: started, machine: readMachine(o.terraform), quick: o.quick}
	b, err := newBench(o, work)
	if err != nil {
		return err
	}
	defer b.close()
	var args []string
	for _, a := range os.Args[1:] {
		if !strings.HasPrefix(a, "-terraform=") && !strings.HasPrefix(a, "--terraform=") &&
			!strings.HasPrefix(a, "-root=") && !strings.HasPrefix(a, "--root=") {
			args = append(args, a)
		}
	}
	r.commandLine = strings.TrimSpace("make bench → go run ./tools/bench " + strings.Join(args, " "))

	steps := []struct {
		name string
		fn   func(*bench, *report) error
	}{
		{"gobench", runGoBench},
		{"economy", runEconomy},
		{"startup", runStartup},
		{"listing", runListing},
		{"scale", runScale},
		{"throttle", runThrottle},
		{"userpfx", runUserPfx},
		{"profiles", runProfiles},
		{"build", runBuild},
	}
	for _, s := range steps {
		if !o.sections[s.name] {
			continue
		}
		if s.name == "build" && !o.build {
			r.buildSkipped = true
		}
		logf("== %s (load average %s)", s.name, loadAvg())
		t := time.Now()
		if err := s.fn(b, r); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		logf("== %s done in %s", s.name, time.Since(t).Round(time.Second))
	}
	r.finished = time.Now()
	out, err := filepath.Abs(o.out)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, []byte(r.markdown()), 0o644); err != nil { //nolint:gosec // G306: BENCHMARKS.md is a repository file
		return err
	}
	logf("wrote %s in %s", out, time.Since(started).Round(time.Second))
	return nil
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}
