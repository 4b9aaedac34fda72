package main

import (
	"os"
	"runtime/debug"
)

// tuneGC makes the garbage collector run less often unless the user chose
// GOGC. Each refreshed resource allocates about 1 MB in the framework and the
// plugin protocol while the live heap stays small, so at the default GOGC of
// 100 the collector took a quarter of the provider's CPU in `terraform plan`
// of 1,000 resources (BENCHMARKS.md). At 200 the heap may grow to three times
// the live heap instead of twice. Measured on that plan (one run each, shared
// machine): peak RSS 136 MiB at 100, 179 MiB at 200, 247 MiB at 400; 400 cut
// the collector's share to 8% but did not lower the wall time, so 200 is the
// middle. The soft limit (unless GOMEMLIMIT is set) makes the collector work
// harder as the heap nears 1 GiB, so the larger heap costs memory only while
// there is memory to spare.
func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	debug.SetGCPercent(200)
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(1 << 30)
	}
}
