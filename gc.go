package main

import (
	"os"
	"runtime/debug"
)

// tuneGC makes the garbage collector run less often unless the user chose
// GOGC. Each refreshed resource allocates about 1 MB in the framework and the
// plugin protocol while the live heap stays small, so with the default GOGC
// of 100 the collector runs every few resources: a quarter of the provider's
// CPU in `terraform plan` of 1,000 resources (BENCHMARKS.md). At 400 the
// heap may grow to five times the live heap instead of twice; the soft limit
// (unless GOMEMLIMIT is set) makes the collector run earlier as the heap
// nears 1 GiB, so the trade costs memory only while there is memory to spare.
func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	debug.SetGCPercent(400)
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(1 << 30)
	}
}
