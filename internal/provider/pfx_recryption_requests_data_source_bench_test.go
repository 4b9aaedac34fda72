package provider

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// BenchmarkPfxRecryptionRequestsRead5000 reads 5,000 requests in pages of 100
// through the intune_pfx_recryption_requests data source's Read, as Terraform
// calls it (configuration in, state out), against the emulator. Besides time
// and allocations per read it reports peak-heap-MB: the most live heap seen
// during the reads above the heap before them (the emulator's store excluded).
//
//	TF_ACC=1 go test -run '^$' -bench PfxRecryptionRequestsRead5000 -benchmem ./internal/provider/
func BenchmarkPfxRecryptionRequestsRead5000(b *testing.B) {
	const n, pageSize = 5000, 100
	client, profile := listingFixture(b, n)
	ctx := context.Background()
	ds := &pfxRecryptionRequestsDataSource{client: client}
	var s datasource.SchemaResponse
	ds.Schema(ctx, datasource.SchemaRequest{}, &s)
	config := dataSourceConfig(ctx, s, map[string]tftypes.Value{
		"profile_id": tftypes.NewValue(tftypes.String, profile),
		"page_size":  tftypes.NewValue(tftypes.Number, pageSize),
	})

	runtime.GC()
	peak := sampleHeap()
	b.ReportAllocs()
	var resp datasource.ReadResponse
	for b.Loop() {
		resp = datasource.ReadResponse{State: tfsdk.State{Schema: s.Schema, Raw: tftypes.NewValue(config.Raw.Type(), nil)}}
		ds.Read(ctx, datasource.ReadRequest{Config: config}, &resp)
		if resp.Diagnostics.HasError() {
			b.Fatalf("read: %v", resp.Diagnostics)
		}
	}
	b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")

	var ids []string
	if d := resp.State.GetAttribute(ctx, path.Root("ids"), &ids); d.HasError() || len(ids) != n {
		b.Fatalf("read %d ids, want %d (%v)", len(ids), n, d)
	}
}

// listingFixture seeds n requests with a profile of their own into the
// acceptance tests' emulator and returns a client configured like the
// provider, and the profile id that selects exactly those n. It skips unless
// the emulator runs (TF_ACC=1, no real tenant). The objects are removed when
// tb ends.
func listingFixture(tb testing.TB, n int) (*graph.Client, string) {
	tb.Helper()
	e := testEmulator
	if e == nil {
		tb.Skip("this needs the emulator the acceptance tests start: set TF_ACC=1 (and not INTUNE_ACC_REAL_TENANT)")
	}
	profile := uuid.NewString()
	ids := make([]string, 0, n)
	for i := range n {
		o := e.Create(map[string]any{
			"userId": uuid.NewString(), "deviceId": uuid.NewString(), "profileId": profile,
			"thumbprint": fmt.Sprintf("BENCH%035d", i), "deviceKeyThumbprint": fmt.Sprintf("KEY%037d", i),
			"status": i % 4, "sourceType": i % 2, "isDeleted": false,
		})
		ids = append(ids, o["id"].(string))
	}
	tb.Cleanup(func() {
		for _, id := range ids {
			e.Remove(id)
		}
	})
	c := e.Config()
	client, err := graph.NewClient(graph.Settings{
		GraphEndpoint: e.GraphURL(),
		AuthorityHost: e.AuthorityURL(),
		Auth:          graph.AuthSettings{TenantID: c.TenantID, ClientID: c.ClientID, ClientSecret: c.ClientSecret},
		UserAgent:     "terraform-provider-intune/bench",
	})
	if err != nil {
		tb.Fatal(err)
	}
	return client, profile
}

// dataSourceConfig is a configuration with the given attribute values and
// every other attribute null.
func dataSourceConfig(ctx context.Context, s datasource.SchemaResponse, set map[string]tftypes.Value) tfsdk.Config {
	typ := s.Schema.Type().TerraformType(ctx).(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for name, t := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(t, nil)
		if v, ok := set[name]; ok {
			vals[name] = v
		}
	}
	return tfsdk.Config{Schema: s.Schema, Raw: tftypes.NewValue(typ, vals)}
}

// sampleHeap samples the live heap every millisecond until the returned
// function is called, which reports the peak above the heap at the start.
func sampleHeap() func() uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	var peak uint64
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			peak = max(peak, read())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-stopped
		return max(peak, base) - base
	}
}
