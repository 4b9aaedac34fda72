package main

import (
	"fmt"
	"os"

	"strconv"
	"strings"
)

// goBenchPackages hold the Go benchmarks of model mapping and JSON decoding.
var goBenchPackages = []string{"./internal/graph/", "./internal/provider/"}

// goBenchPattern selects them (other benchmarks there need the emulator).
const goBenchPattern = "^Benchmark(DecodePage100|EncodeCreateBody|FromGraph100|ToGraph|FromGraphToState100|PlanRefresh)$"

// runGoBench runs the Go benchmarks several times and reports the medians.
func runGoBench(b *bench, r *report) error {
	count := 6
	args := []string{"test", "-run", "^$", "-bench", goBenchPattern, "-benchmem", "-count", strconv.Itoa(count)}
	if b.o.quick {
		count = 1
		args = []string{"test", "-run", "^$", "-bench", goBenchPattern, "-benchmem", "-count", "1", "-benchtime", "100ms"}
	}
	// BenchmarkPlanRefresh needs the emulator, which the provider package's
	// TestMain starts when TF_ACC is set.
	if _, set := os.LookupEnv("TF_ACC"); !set {
		_ = os.Setenv("TF_ACC", "1")
		defer os.Unsetenv("TF_ACC")
	}
	out, err := command("go", append(args, goBenchPackages...)...)
	if err != nil {
		return err
	}
	type sample struct{ ns, cpu, bytes, allocs, mbs []float64 }
	results := map[string]*sample{}
	var order []string
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := f[0]
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			name = name[:i] // drop the GOMAXPROCS suffix
		}
		s, ok := results[name]
		if !ok {
			s = &sample{}
			results[name] = s
			order = append(order, name)
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			switch f[i+1] {
			case "ns/op":
				s.ns = append(s.ns, v)
			case "cpu-ns/op":
				s.cpu = append(s.cpu, v)
			case "B/op":
				s.bytes = append(s.bytes, v)
			case "allocs/op":
				s.allocs = append(s.allocs, v)
			case "MB/s":
				s.mbs = append(s.mbs, v)
			}
		}
	}
	if len(order) == 0 {
		return fmt.Errorf("no benchmark results in:\n%s", tail(out, 2000))
	}
	descriptions := map[string]string{
		"BenchmarkDecodePage100":       "parse a 100-object page (JSON → model), as a list response is read",
		"BenchmarkEncodeCreateBody":    "serialise one create body (model → JSON)",
		"BenchmarkFromGraph100":        "map 100 Graph objects to the Terraform model (`fromGraph`)",
		"BenchmarkToGraph":             "map one planned model to a create body (`toGraph`)",
		"BenchmarkFromGraphToState100": "`fromGraph` and `setState` for 100 objects, as Read does per resource",
		"BenchmarkPlanRefresh": "one unchanged resource through `terraform plan`'s RPCs over the plugin protocol: " +
			"ValidateResourceConfig, UpgradeResourceState, ReadResource (a GET to the in-process emulator), " +
			"PlanResourceChange; CPU/op is the test process's CPU per iteration, the emulator's included",
	}
	var rows [][]string
	for _, name := range order {
		s := results[name]
		perOp := fmt.Sprintf("%.1f µs", median(s.ns)/1000)
		if median(s.ns) >= 1e6 {
			perOp = fmt.Sprintf("%.2f ms", median(s.ns)/1e6)
		}
		mbs := ""
		if len(s.mbs) > 0 {
			mbs = fmt.Sprintf("%.1f MB/s", median(s.mbs))
		}
		cpu := ""
		if len(s.cpu) > 0 {
			cpu = fmt.Sprintf("%.2f ms", median(s.cpu)/1e6)
		}
		rows = append(rows, []string{"`" + name + "`", descriptions[name], perOp, cpu, mbs,
			bytesText(int(median(s.bytes))), fmt.Sprintf("%.0f", median(s.allocs))})
	}
	var body strings.Builder
	fmt.Fprintf(&body, "`TF_ACC=1 go test -run '^$' -bench '%s' -benchmem -count %d %s`; medians of the %d samples.\n\n",
		goBenchPattern, count, strings.Join(goBenchPackages, " "), count)
	body.WriteString(table([]string{"Benchmark", "What", "Time/op", "CPU/op", "Throughput", "Bytes/op", "Allocs/op"}, rows))
	r.add("7. Go benchmarks", body.String())
	return nil
}
