// Command wrapper stands in for the provider binary in the benchmark's
// dev_overrides directory. It runs the real provider (INTUNE_BENCH_REAL_PROVIDER)
// with the same arguments, standard streams and environment, so go-plugin's
// handshake passes through untouched, and appends one JSON line with the
// child's wall time, CPU time and peak memory to INTUNE_BENCH_RUSAGE_LOG.
// It uses the standard library only, to add as little as possible to each
// provider start.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

func main() {
	start := time.Now()
	cmd := exec.Command(os.Getenv("INTUNE_BENCH_REAL_PROVIDER"), os.Args[1:]...) //nolint:gosec // G204: the provider under measurement
	if dir := os.Getenv("INTUNE_BENCH_PERF_DIR"); dir != "" {
		// Sample the provider's CPU with perf for a profile of where its time goes.
		out := filepath.Join(dir, fmt.Sprintf("perf-%d-%d.data", os.Getpid(), start.UnixNano()))
		cmd = exec.Command("perf", append( //nolint:gosec // G204: perf around the provider under measurement
			[]string{"record", "-q", "-e", "cpu-clock", "-F", "499", "-g", "-o", out, "--",
				os.Getenv("INTUNE_BENCH_REAL_PROVIDER")}, os.Args[1:]...)...)
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	sig := make(chan os.Signal, 4)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	if err := cmd.Start(); err != nil {
		os.Stderr.WriteString("bench wrapper: " + err.Error() + "\n")
		os.Exit(1)
	}
	go func() {
		for s := range sig {
			_ = cmd.Process.Signal(s)
		}
	}()
	_ = cmd.Wait()
	rec := map[string]any{"start": start, "end": time.Now(), "exit": cmd.ProcessState.ExitCode()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rec["user_s"] = tv(ru.Utime)
		rec["sys_s"] = tv(ru.Stime)
		rec["maxrss_kb"] = ru.Maxrss
	}
	if path := os.Getenv("INTUNE_BENCH_RUSAGE_LOG"); path != "" {
		b, _ := json.Marshal(rec)
		if f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600); err == nil { //nolint:gosec // G703: the harness's own log
			_, _ = f.Write(append(b, '\n'))
			_ = f.Close()
		}
	}
	if code := cmd.ProcessState.ExitCode(); code >= 0 {
		os.Exit(code)
	}
	os.Exit(1)
}

func tv(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
