package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
	"github.com/openintune/terraform-provider-intune/internal/graph"
)

const (
	listObjects  = 5000
	listPageSize = 100 // the emulator's default page size
	dataSource   = "intune_pfx_recryption_requests"
)

// seed fills the emulator with n objects carrying every property.
func seed(e *emulator.Emulator, n int) {
	e.Reset()
	for i := 0; i < n; i++ {
		e.Create(map[string]any{
			"tenantId":            emulator.DefaultTenantID,
			"userId":              fmt.Sprintf("11111111-1111-4111-8111-%012d", i),
			"deviceId":            fmt.Sprintf("22222222-2222-4222-8222-%012d", i),
			"profileId":           "33333333-3333-4333-8333-333333333333",
			"thumbprint":          fmt.Sprintf("%040X", i),
			"deviceKeyThumbprint": fmt.Sprintf("%040X", i+1<<20),
			"status":              i % 4,
			"sourceType":          1,
			"isDeleted":           false,
		})
	}
}

// listRun is one listing: wall time, and CPU and peak memory of the process
// that listed.
type listRun struct {
	wall    time.Duration
	inner   time.Duration // the list call alone, as the child timed it
	cpu     float64
	maxRSS  int64
	objects int
	pages   int
	tokens  int
}

// runListChild is the child process: list every object through the graph
// client, configured from the environment as the provider is.
func runListChild() int {
	c, err := graph.NewClient(graph.Settings{
		GraphEndpoint: os.Getenv("ARM_GRAPH_ENDPOINT"),
		AuthorityHost: os.Getenv("ARM_AUTHORITY_HOST"),
		Auth: graph.AuthSettings{TenantID: os.Getenv("ARM_TENANT_ID"), ClientID: os.Getenv("ARM_CLIENT_ID"),
			ClientSecret: os.Getenv("ARM_CLIENT_SECRET")},
		UserAgent: "terraform-provider-intune/bench",
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	start := time.Now()
	n := 0
	err = c.PfxRecryptionRequestSet().List(context.Background(), graph.ListOptions{}, func(graph.PfxRecryptionRequestable) bool {
		n++
		return true
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	_ = json.NewEncoder(os.Stdout).Encode(map[string]any{"objects": n, "ns": time.Since(start).Nanoseconds()})
	return 0
}

func (b *bench) listDirect() (listRun, error) {
	self, err := os.Executable()
	if err != nil {
		return listRun{}, err
	}
	b.emu.ResetLog()
	cmd := exec.Command(self, "list-child")
	cmd.Env = b.env(b.wrapRC)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err = cmd.Run()
	run := listRun{wall: time.Since(start)}
	if err != nil {
		return run, fmt.Errorf("listing through the client: %w: %s", err, stderr.String())
	}
	var out struct {
		Objects int   `json:"objects"`
		NS      int64 `json:"ns"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		return run, err
	}
	run.objects, run.inner = out.Objects, time.Duration(out.NS)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		run.cpu, run.maxRSS = tvSec(ru.Utime)+tvSec(ru.Stime), ru.Maxrss
	}
	for _, le := range b.emu.Log() {
		if le.Server == "graph" {
			run.pages++
		} else if strings.HasSuffix(le.Path, "/token") {
			run.tokens++
		}
	}
	return run, nil
}

// dataSourceList finds the list attribute of the plural data source in the
// provider's schema (a list of objects if there is one), or "" when the
// provider has no such data source; pageSize reports a page_size argument.
func (b *bench) dataSourceList() (attr string, pageSize bool, err error) {
	dir, err := b.workspace("schema-ds", requiredProviders)
	if err != nil {
		return "", false, err
	}
	res, err := b.terraform(dir, b.rawRC, nil, "providers", "schema", "-json")
	if err != nil {
		return "", false, err
	}
	var s struct {
		ProviderSchemas map[string]struct {
			DataSourceSchemas map[string]struct {
				Block struct {
					Attributes map[string]struct {
						Type       json.RawMessage `json:"type"`
						NestedType *struct {
							NestingMode string `json:"nesting_mode"`
						} `json:"nested_type"`
						Computed bool `json:"computed"`
					} `json:"attributes"`
				} `json:"block"`
			} `json:"data_source_schemas"`
		} `json:"provider_schemas"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &s); err != nil {
		return "", false, err
	}
	ds, ok := s.ProviderSchemas["registry.terraform.io/openintune/intune"].DataSourceSchemas[dataSource]
	if !ok {
		return "", false, nil
	}
	var nested, lists []string
	for name, a := range ds.Block.Attributes {
		switch {
		case !a.Computed:
		case a.NestedType != nil && a.NestedType.NestingMode != "single":
			nested = append(nested, name)
		case bytes.HasPrefix(a.Type, []byte(`["list"`)) || bytes.HasPrefix(a.Type, []byte(`["set"`)):
			lists = append(lists, name)
		}
	}
	sort.Strings(nested)
	sort.Strings(lists)
	_, pageSize = ds.Block.Attributes["page_size"]
	switch {
	case len(nested) > 0:
		return nested[0], pageSize, nil
	case len(lists) > 0:
		return lists[0], pageSize, nil
	}
	return "", false, fmt.Errorf("data source %s has no computed list attribute", dataSource)
}

func runListing(b *bench, r *report) error {
	reps := map[time.Duration]int{0: 5, 50 * time.Millisecond: 3}
	latencies := []time.Duration{0, 50 * time.Millisecond}
	if b.o.quick {
		reps = map[time.Duration]int{0: 1, 50 * time.Millisecond: 1}
	}
	seed(b.emu, listObjects)
	defer b.emu.Reset()

	var rows [][]string
	var body strings.Builder
	fmt.Fprintf(&body, "%d objects in the emulator, served in pages of %d (%d pages, each an `@odata.nextLink` "+
		"followed in turn). Peak memory and CPU are the kernel's figures for the process that listed.\n\n",
		listObjects, listPageSize, listObjects/listPageSize)
	for _, l := range latencies {
		b.emu.SetLatency(l)
		var runs []listRun
		for i := 0; i < reps[l]; i++ {
			run, err := b.listDirect()
			if err != nil {
				b.emu.SetLatency(0)
				return err
			}
			if run.objects != listObjects {
				return fmt.Errorf("listed %d objects, want %d", run.objects, listObjects)
			}
			runs = append(runs, run)
		}
		b.emu.SetLatency(0)
		rows = append(rows, listRow("graph client `ListPfxRecryptionRequests` (own process)", l, runs))
	}

	attr, pageSize, err := b.dataSourceList()
	if err != nil {
		return err
	}
	dsNote := fmt.Sprintf("The plural data source `%s` is not in this build of the provider, so only the client was "+
		"measured; `make bench` measures the data source as soon as the provider's schema has it.", dataSource)
	if attr != "" {
		args := ""
		if pageSize {
			args = fmt.Sprintf("\n  page_size = %d\n", listPageSize)
		}
		config := requiredProviders + fmt.Sprintf("data %q \"all\" {%s}\n\noutput \"n\" {\n  value = length(data.%s.all.%s)\n}\n",
			dataSource, args, dataSource, attr)
		for _, l := range latencies {
			b.emu.SetLatency(l)
			var runs []listRun
			for i := 0; i < reps[l]; i++ {
				dir, err := b.workspace("datasource", config)
				if err != nil {
					return err
				}
				res, err := b.terraform(dir, b.wrapRC, nil, "plan", "-input=false")
				if err != nil {
					b.emu.SetLatency(0)
					return err
				}
				if !strings.Contains(res.stdout, fmt.Sprintf("n = %d", listObjects)) {
					b.emu.SetLatency(0)
					return fmt.Errorf("the data source did not return %d objects:\n%s", listObjects, tail(res.stdout, 2000))
				}
				runs = append(runs, listRun{wall: res.wall, cpu: res.providerCPU(), maxRSS: res.providerMaxRSS(),
					objects: listObjects, pages: res.graph("GET"), tokens: res.tokens()})
			}
			b.emu.SetLatency(0)
			rows = append(rows, listRow(fmt.Sprintf("data source `%s`: `terraform plan` (provider process figures)", dataSource), l, runs))
		}
		dsNote = fmt.Sprintf("The data source row is a whole `terraform plan` of a configuration holding only "+
			"`data %q \"all\"` (with `page_size = %d` when it has that argument) and an output of the length of "+
			"its `%s`; its CPU and memory are the provider process's.", dataSource, listPageSize, attr)
	}
	body.WriteString(table([]string{"Through", "Latency", "Runs", "Wall (median)", "List call alone", "CPU",
		"Peak RSS", "Graph requests", "Token requests"}, rows))
	body.WriteString("\n" + dsNote + " The client row's process is this harness re-executed, so its peak RSS includes " +
		"the harness's own packages.\n")
	r.add("4. Listing", body.String())
	return nil
}

func listRow(what string, latency time.Duration, runs []listRun) []string {
	var walls, inners []time.Duration
	var cpu, rss, pages, tokens []float64
	for _, run := range runs {
		walls = append(walls, run.wall)
		inners = append(inners, run.inner)
		cpu = append(cpu, run.cpu)
		rss = append(rss, float64(run.maxRSS))
		pages = append(pages, float64(run.pages))
		tokens = append(tokens, float64(run.tokens))
	}
	inner := "–"
	if medianDur(inners) > 0 {
		inner = secs(medianDur(inners))
	}
	return []string{what, latencyText(latency), fmt.Sprint(len(runs)), secs(medianDur(walls)), inner,
		fmt.Sprintf("%.2f s", median(cpu)), mib(int64(median(rss))), fmt.Sprintf("%g", median(pages)), fmt.Sprintf("%g", median(tokens))}
}
