package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const betaSDK = "github.com/microsoftgraph/msgraph-beta-sdk-go"

// buildRun is one clean build.
type buildRun struct {
	wall       time.Duration
	cpu        float64
	maxRSS     int64 // KiB, largest single process (wait4)
	treeRSS    int64 // KiB, largest sum over the build's processes, sampled
	binarySize int64
}

// cleanBuild builds the module in dir with an empty GOCACHE.
func cleanBuild(dir, work string, extraEnv ...string) (buildRun, error) {
	cache, err := os.MkdirTemp(work, "gocache-")
	if err != nil {
		return buildRun{}, err
	}
	defer os.RemoveAll(cache)
	out := filepath.Join(cache, "terraform-provider-intune")
	cmd := exec.Command("go", "build", "-trimpath", "-o", out, ".")
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOCACHE="+cache), extraEnv...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return buildRun{}, err
	}
	stop := make(chan struct{})
	peak := make(chan int64)
	go sampleTree(cmd.Process.Pid, stop, peak)
	err = cmd.Wait()
	run := buildRun{wall: time.Since(start)}
	close(stop)
	run.treeRSS = <-peak
	if err != nil {
		return run, fmt.Errorf("go build in %s: %w\n%s", dir, err, tail(stderr.String(), 4000))
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		run.cpu, run.maxRSS = tvSec(ru.Utime)+tvSec(ru.Stime), ru.Maxrss
	}
	if fi, err := os.Stat(out); err == nil {
		run.binarySize = fi.Size()
	}
	return run, nil
}

// sampleTree sums the resident memory of pid and its descendants every 50 ms
// and reports the largest sum when stop closes.
func sampleTree(pid int, stop <-chan struct{}, peak chan<- int64) {
	var best int64
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-stop:
			peak <- best
			return
		case <-t.C:
			best = max(best, treeRSS(pid))
		}
	}
}

// treeRSS is the resident memory of pid and its descendants in KiB, from /proc.
func treeRSS(root int) int64 {
	entries, _ := os.ReadDir("/proc")
	parent := map[int]int{}
	rss := map[int]int64{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid ... ; comm may hold spaces, so split after ')'.
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) < 22 {
			continue
		}
		parent[pid], _ = strconv.Atoi(f[1])
		pages, _ := strconv.ParseInt(f[21], 10, 64)
		rss[pid] = pages * int64(os.Getpagesize()) / 1024
	}
	var sum int64
	for pid, r := range rss {
		for p := pid; p > 1; p = parent[p] {
			if p == root {
				sum += r
				break
			}
		}
	}
	return sum
}

// betaVariant copies the module and adds one file that imports the beta SDK's
// root package: the provider as it would be built on the full SDK.
func betaVariant(work string) (string, error) {
	dir := filepath.Join(work, "beta-variant")
	files, err := command("git", "ls-files", "-co", "--exclude-standard")
	if err != nil {
		return "", err
	}
	for _, f := range strings.Split(strings.TrimSpace(files), "\n") {
		b, err := os.ReadFile(f)
		if err != nil {
			continue // deleted in the work tree
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o600); err != nil { //nolint:gosec // G703: paths from git ls-files, into the harness's temporary copy
			return "", err
		}
	}
	src := "package main\n\n// Throwaway benchmark variant: the provider linked with the beta SDK's root package.\nimport _ \"" + betaSDK + "\"\n"
	return dir, os.WriteFile(filepath.Join(dir, "zz_beta_sdk.go"), []byte(src), 0o600)
}

func freeGiB(path string) float64 {
	var st syscall.Statfs_t
	if syscall.Statfs(path, &st) != nil {
		return -1
	}
	return float64(st.Bavail) * float64(st.Bsize) / (1 << 30)
}

func runBuild(b *bench, r *report) error {
	reps := 3
	if b.o.quick {
		reps = 1
	}
	// Make sure every module is in GOMODCACHE first, so the builds time
	// compilation, not downloads.
	modDir, _ := command("go", "list", "-m", "-f", "{{.Dir}}", betaSDK)
	warm := strings.TrimSpace(modDir) != ""
	if _, err := command("go", "mod", "download"); err != nil {
		return err
	}
	var runs []buildRun
	for i := 0; i < reps; i++ {
		logf("build: provider, clean build %d/%d (load %s)", i+1, reps, loadAvg())
		run, err := cleanBuild(".", b.work)
		if err != nil {
			return err
		}
		runs = append(runs, run)
	}
	prov := summarizeBuilds(runs)
	var body strings.Builder
	fmt.Fprintf(&body, "`go build -trimpath` of the provider with an empty `GOCACHE` (a new temporary directory per "+
		"build) and every module already in `GOMODCACHE` (`go mod download` ran first; before this run the beta SDK "+
		"module was %s). Peak memory is given two ways: the largest single process (the kernel's `wait4` figure, "+
		"normally one `compile`) and the largest sum over all the build's processes at once (sampled from /proc "+
		"every 50 ms).\n\n", map[bool]string{true: "already there", false: "not there and was downloaded"}[warm])
	rows := [][]string{buildRow(fmt.Sprintf("provider (%d builds)", reps), prov)}
	if b.o.build {
		if free := freeGiB(b.work); free >= 0 && free < 15 {
			fmt.Fprintf(&body, "The beta SDK variant was not built: only %.0f GiB free in %s, and its build "+
				"cache alone takes about 10 GiB.\n\n", free, b.work)
		} else {
			dir, err := betaVariant(b.work)
			if err != nil {
				return err
			}
			logf("build: beta SDK variant, one clean build, several minutes (load %s)", loadAvg())
			// -mod=mod lets go fill in go.sum lines for the SDK's extra packages in the copy.
			run, err := cleanBuild(dir, b.work, "GOFLAGS=-mod=mod")
			_ = os.RemoveAll(dir)
			if err != nil {
				return err
			}
			rows = append(rows, buildRow("the same provider importing the beta SDK root package (1 build)", run))
			wallX := run.wall.Seconds() / prov.wall.Seconds()
			memX := float64(run.treeRSS) / float64(prov.treeRSS)
			rows = append(rows, []string{"ratio, beta SDK variant ÷ provider", ratio(wallX),
				ratio(run.cpu / prov.cpu), ratio(float64(run.maxRSS) / float64(prov.maxRSS)), ratio(memX),
				ratio(float64(run.binarySize) / float64(prov.binarySize))})
			fmt.Fprintf(&body, "The variant is a throwaway copy of the module with one extra file, `import _ %q`, "+
				"made in a temporary directory and deleted afterwards. It was built once (a median of one run): "+
				"it takes minutes and about 10 GB. Every package of the SDK is compiled, but the linker keeps only "+
				"what is reachable, so the binary grows by %.1f MiB while the build costs %s the time.\n\n", betaSDK,
				float64(run.binarySize-prov.binarySize)/(1<<20), ratio(wallX))
			r.target("Build cost against the beta SDK root package", "report the ratio",
				fmt.Sprintf("%s the time, %s the peak memory, %s the binary", ratio(wallX), ratio(memX),
					ratio(float64(run.binarySize)/float64(prov.binarySize))), true)
		}
	} else {
		body.WriteString("The beta SDK variant was skipped (`BENCH_BUILD=0`).\n\n")
	}
	body.WriteString(table([]string{"Build", "Wall", "CPU", "Peak RSS, largest process", "Peak RSS, all processes", "Binary"}, rows))
	r.add("5. Build cost", body.String())
	return nil
}

func summarizeBuilds(runs []buildRun) buildRun {
	var walls []time.Duration
	var cpu, rss, tree, size []float64
	for _, r := range runs {
		walls = append(walls, r.wall)
		cpu = append(cpu, r.cpu)
		rss = append(rss, float64(r.maxRSS))
		tree = append(tree, float64(r.treeRSS))
		size = append(size, float64(r.binarySize))
	}
	return buildRun{wall: medianDur(walls), cpu: median(cpu), maxRSS: int64(median(rss)), treeRSS: int64(median(tree)),
		binarySize: int64(median(size))}
}

func buildRow(what string, r buildRun) []string {
	return []string{what, secs(r.wall), fmt.Sprintf("%.0f s", r.cpu), mib(r.maxRSS), mib(r.treeRSS),
		fmt.Sprintf("%.1f MiB", float64(r.binarySize)/(1<<20))}
}
