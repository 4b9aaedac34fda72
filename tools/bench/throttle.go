package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

// runThrottle applies, plans and destroys N = 100 while the emulator answers
// a fifth of the Graph requests with 429 and Retry-After: 1.
func runThrottle(b *bench, r *report) error {
	n, reps := 100, 3
	if b.o.quick {
		n, reps = 20, 1
	}
	const rate, retryAfter = 0.2, time.Second
	var clean, throttled []cycle
	for rep := 0; rep < reps; rep++ {
		logf("throttle: run %d/%d (load %s)", rep+1, reps, loadAvg())
		c, _, err := b.runCycle("intune_pfx_recryption_request", n, 0)
		if err != nil {
			return err
		}
		clean = append(clean, c)
		b.emu.AddFault(emulator.Fault{Name: "throttle", Status: 429, RetryAfter: "1", Rate: rate,
			PathPrefix: "/beta/pfxRecryptionRequests"})
		c, _, err = b.runCycle("intune_pfx_recryption_request", n, 0)
		b.emu.ClearFaults()
		if err != nil {
			return err
		}
		throttled = append(throttled, c)
	}
	var rows [][]string
	allMet := true
	var summary []string
	for i, cmd := range scaleCommands {
		var cw, tw []time.Duration
		var faults, extra, requests []float64
		for rep := range throttled {
			cw = append(cw, clean[rep][i].wall)
			tw = append(tw, throttled[rep][i].wall)
			faults = append(faults, float64(throttled[rep][i].faults))
			requests = append(requests, float64(throttled[rep][i].graph("")))
			extra = append(extra, float64(throttled[rep][i].graph("")-throttled[rep][i].faults-cmd.minimum(n)))
		}
		waits := time.Duration(median(faults) * float64(retryAfter))
		added := medianDur(tw) - medianDur(cw)
		spread := waits / parallelism
		x := float64(added) / float64(spread)
		rows = append(rows, []string{cmd.name, secs(medianDur(cw)), secs(medianDur(tw)), fmt.Sprintf("%g", median(faults)),
			secs(waits), secs(spread), secs(added), ratio(x),
			fmt.Sprintf("%g (%d + 429s)", median(requests), cmd.minimum(n)), fmt.Sprintf("%g", median(extra))})
		if median(extra) > 0 { // fewer is a listing serving reads
			allMet = false
		}
		summary = append(summary, fmt.Sprintf("%s %s vs %s of waits", cmd.name, secs(medianDur(tw)), secs(waits)))
	}
	var body strings.Builder
	fmt.Fprintf(&body, "N = %d with `-parallelism=%d` and no added latency, %d runs; in the throttled runs the emulator "+
		"answers each Graph request with probability %.0f%% with `429 Too Many Requests` and `Retry-After: 1` (retries "+
		"included, seeded). The sum of waits is what Graph demanded: one second per 429. Spread over %d parallel "+
		"operations that is at best a tenth as much wall time; the last columns compare the wall time the 429s added "+
		"with that, and count requests beyond the minimum and the retries of the 429s (0 means no other retry and no "+
		"duplicate).\n\n", n, parallelism, reps, rate*100, parallelism)
	body.WriteString(table([]string{"Command", "Wall, no 429s", "Wall, 20% 429s", "429s", "Sum of waits demanded",
		"Sum ÷ parallelism", "Wall time added", "Added ÷ (sum ÷ parallelism)", "Graph requests", "Other extra requests"}, rows))
	r.add("6. Under throttling", body.String())
	r.target("Under throttling: requests beyond minimum + one retry per 429", "0", strings.Join(summary, "; "), allMet)
	return nil
}
