package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// benchObjects are 100 objects with every property set, as a page decodes.
func benchObjects() []graph.PfxRecryptionRequestable {
	out := make([]graph.PfxRecryptionRequestable, 100)
	created := time.Date(2026, 1, 2, 3, 4, 5, 123456700, time.UTC)
	for i := range out {
		o := graph.NewPfxRecryptionRequest()
		id := fmt.Sprintf("%08x-aaaa-4bbb-8ccc-%012x", i, i)
		tenant := uuid.MustParse("00000000-0000-0000-0000-0000000000aa")
		user := uuid.MustParse(fmt.Sprintf("11111111-1111-4111-8111-%012d", i))
		device := uuid.MustParse(fmt.Sprintf("22222222-2222-4222-8222-%012d", i))
		profile := uuid.MustParse("33333333-3333-4333-8333-333333333333")
		thumb, key := fmt.Sprintf("%040X", i), fmt.Sprintf("%040X", i+1<<20)
		status, source := int32(i%4), int32(1)
		deleted := false
		etag := fmt.Sprintf(`W/"%032x"`, i)
		o.SetId(&id)
		o.SetTenantId(&tenant)
		o.SetUserId(&user)
		o.SetDeviceId(&device)
		o.SetProfileId(&profile)
		o.SetThumbprint(&thumb)
		o.SetDeviceKeyThumbprint(&key)
		o.SetStatus(&status)
		o.SetSourceType(&source)
		o.SetCreatedTime(&created)
		o.SetLastModifiedTime(&created)
		o.SetIsDeleted(&deleted)
		o.SetETag(&etag)
		out[i] = o
	}
	return out
}

// BenchmarkFromGraph100 maps 100 Graph objects to the Terraform model.
func BenchmarkFromGraph100(b *testing.B) {
	objs := benchObjects()
	b.ReportAllocs()
	for b.Loop() {
		for _, o := range objs {
			var m pfxRecryptionRequestModel
			m.fromGraph(o)
		}
	}
}

// BenchmarkToGraph maps one planned model to a create body.
func BenchmarkToGraph(b *testing.B) {
	var m pfxRecryptionRequestModel
	m.fromGraph(benchObjects()[0])
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := m.toGraph(); diags.HasError() {
			b.Fatal(diags)
		}
	}
}

// BenchmarkFromGraphToState100 maps 100 objects into Terraform state values,
// as Read does for each resource (fromGraph, then setState).
func BenchmarkFromGraphToState100(b *testing.B) {
	ctx := context.Background()
	var sr resource.SchemaResponse
	(&pfxRecryptionRequestResource{}).Schema(ctx, resource.SchemaRequest{}, &sr)
	if sr.Diagnostics.HasError() {
		b.Fatal(sr.Diagnostics)
	}
	objType := sr.Schema.Type().TerraformType(ctx)
	timeoutTypes := map[string]attr.Type{"create": types.StringType, "read": types.StringType,
		"update": types.StringType, "delete": types.StringType}
	objs := benchObjects()
	b.ReportAllocs()
	for b.Loop() {
		for _, o := range objs {
			m := pfxRecryptionRequestModel{Timeouts: timeouts.Value{Object: types.ObjectNull(timeoutTypes)}}
			m.fromGraph(o)
			state := tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(objType, nil)}
			if diags := m.setState(ctx, &state); diags.HasError() {
				b.Fatal(diags)
			}
		}
	}
}

// BenchmarkPlanRefresh drives the provider over the plugin protocol as
// `terraform plan` does for one unchanged resource: ValidateResourceConfig,
// UpgradeResourceState from the state file's JSON, ReadResource (one Graph
// GET against the emulator) and PlanResourceChange. The schema and provider
// configuration happen once, as in a real run. Each iteration fails on an
// error diagnostic or on a plan that is not a no-op. cpu-ns/op is the test
// process's CPU time per iteration, the in-process emulator's included.
//
//	TF_ACC=1 go test -run '^$' -bench PlanRefresh -benchmem ./internal/provider/
func BenchmarkPlanRefresh(b *testing.B) {
	if testEmulator == nil {
		b.Skip("this needs the emulator the acceptance tests start: set TF_ACC=1 (and not INTUNE_ACC_REAL_TENANT)")
	}
	ctx := context.Background()
	const typeName = "intune_pfx_recryption_request"
	server, err := providerserver.NewProtocol6WithError(New("bench")())()
	if err != nil {
		b.Fatal(err)
	}

	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		b.Fatal(err)
	}
	failOnDiags(b, "GetProviderSchema", schemas.Diagnostics)
	rs := schemas.ResourceSchemas[typeName]
	if rs == nil {
		b.Fatalf("no schema for %s", typeName)
	}
	typ := rs.ValueType()

	// An empty provider block: the acceptance tests' environment points the
	// provider at the emulator.
	providerConfig := dynamicValue(b, schemas.Provider.ValueType(), map[string]tftypes.Value{})
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.16.4", Config: &providerConfig,
	})
	if err != nil {
		b.Fatal(err)
	}
	failOnDiags(b, "ConfigureProvider", configured.Diagnostics)

	config := dynamicValue(b, typ, map[string]tftypes.Value{
		"user_id":    tftypes.NewValue(tftypes.String, uuid.NewString()),
		"device_id":  tftypes.NewValue(tftypes.String, uuid.NewString()),
		"profile_id": tftypes.NewValue(tftypes.String, uuid.NewString()),
		"thumbprint": tftypes.NewValue(tftypes.String, "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678"),
	})

	// Create the object as `terraform apply` would: plan from a null prior
	// state, then apply.
	nullState := dynamicValue(b, typ, nil)
	planned, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: &nullState, ProposedNewState: &config, Config: &config,
	})
	if err != nil {
		b.Fatal(err)
	}
	failOnDiags(b, "PlanResourceChange (create)", planned.Diagnostics)
	applied, err := server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: typeName, PriorState: &nullState, PlannedState: planned.PlannedState, Config: &config,
		PlannedPrivate: planned.PlannedPrivate, PlannedIdentity: planned.PlannedIdentity,
	})
	if err != nil {
		b.Fatal(err)
	}
	failOnDiags(b, "ApplyResourceChange (create)", applied.Diagnostics)
	stored := unmarshalDynamic(b, applied.NewState, typ)
	id := stateAttr(b, stored, "id")
	b.Cleanup(func() { testEmulator.Remove(id) })
	// The state file keeps the state as JSON; UpgradeResourceState gets it so.
	rawState, err := json.Marshal(jsonValue(b, stored))
	if err != nil {
		b.Fatal(err)
	}
	configValue := unmarshalDynamic(b, &config, typ)

	b.ReportAllocs()
	cpuStart, cpuOK := processCPU()
	for b.Loop() {
		validated, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{
			TypeName: typeName, Config: &config,
		})
		if err != nil {
			b.Fatal(err)
		}
		failOnDiags(b, "ValidateResourceConfig", validated.Diagnostics)

		upgraded, err := server.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
			TypeName: typeName, Version: 0, RawState: &tfprotov6.RawState{JSON: rawState},
		})
		if err != nil {
			b.Fatal(err)
		}
		failOnDiags(b, "UpgradeResourceState", upgraded.Diagnostics)

		read, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{
			TypeName: typeName, CurrentState: upgraded.UpgradedState, Private: applied.Private,
			CurrentIdentity: applied.NewIdentity,
		})
		if err != nil {
			b.Fatal(err)
		}
		failOnDiags(b, "ReadResource", read.Diagnostics)
		if read.NewState == nil {
			b.Fatal("ReadResource removed the resource from state")
		}

		// Terraform's proposed new state: configured values, and the prior
		// state's for computed attributes left out of the configuration.
		prior := unmarshalDynamic(b, read.NewState, typ)
		proposed := dynamicValue(b, typ, proposedNew(b, rs, prior, configValue))
		plan, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName: typeName, PriorState: read.NewState, ProposedNewState: &proposed, Config: &config,
			PriorPrivate: read.Private, PriorIdentity: read.NewIdentity,
		})
		if err != nil {
			b.Fatal(err)
		}
		failOnDiags(b, "PlanResourceChange", plan.Diagnostics)
		if len(plan.RequiresReplace) > 0 {
			b.Fatalf("plan requires replacement of %v", plan.RequiresReplace)
		}
		if got := unmarshalDynamic(b, plan.PlannedState, typ); !got.Equal(prior) || !prior.Equal(stored) {
			b.Fatalf("not a no-op:\nstored  %v\nread    %v\nplanned %v", stored, prior, got)
		}
	}
	// CPU per iteration, on both cores and the emulator's included: steadier
	// than ns/op on a shared machine.
	if cpuEnd, ok := processCPU(); ok && cpuOK {
		b.ReportMetric(float64(cpuEnd-cpuStart)/float64(b.N), "cpu-ns/op")
	}
}

func failOnDiags(tb testing.TB, rpc string, diags []*tfprotov6.Diagnostic) {
	tb.Helper()
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			tb.Fatalf("%s: %s: %s", rpc, d.Summary, d.Detail)
		}
	}
}

// dynamicValue encodes an object of typ with the given attributes and every
// other attribute null (all of them null, and the object too, for nil).
func dynamicValue(tb testing.TB, typ tftypes.Type, set map[string]tftypes.Value) tfprotov6.DynamicValue {
	tb.Helper()
	v := tftypes.NewValue(typ, nil)
	if set != nil {
		vals := map[string]tftypes.Value{}
		for name, t := range typ.(tftypes.Object).AttributeTypes {
			vals[name] = tftypes.NewValue(t, nil)
			if s, ok := set[name]; ok {
				vals[name] = s
			}
		}
		v = tftypes.NewValue(typ, vals)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		tb.Fatal(err)
	}
	return dv
}

func unmarshalDynamic(tb testing.TB, dv *tfprotov6.DynamicValue, typ tftypes.Type) tftypes.Value {
	tb.Helper()
	if dv == nil {
		tb.Fatal("no value")
	}
	v, err := dv.Unmarshal(typ)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func stateAttr(tb testing.TB, obj tftypes.Value, name string) string {
	tb.Helper()
	var attrs map[string]tftypes.Value
	var s string
	if err := obj.As(&attrs); err != nil {
		tb.Fatal(err)
	}
	if err := attrs[name].As(&s); err != nil {
		tb.Fatal(err)
	}
	return s
}

// proposedNew is Terraform's proposed new state for a flat schema: the
// configured value of each attribute, else the prior one when it is computed.
func proposedNew(tb testing.TB, s *tfprotov6.Schema, prior, config tftypes.Value) map[string]tftypes.Value {
	tb.Helper()
	var p, c map[string]tftypes.Value
	if err := prior.As(&p); err != nil {
		tb.Fatal(err)
	}
	if err := config.As(&c); err != nil {
		tb.Fatal(err)
	}
	out := map[string]tftypes.Value{}
	for _, a := range s.Block.Attributes {
		out[a.Name] = c[a.Name]
		if c[a.Name].IsNull() && a.Computed {
			out[a.Name] = p[a.Name]
		}
	}
	for _, blk := range s.Block.BlockTypes {
		out[blk.TypeName] = c[blk.TypeName]
	}
	return out
}

// jsonValue converts a state value to what encoding/json writes for it, as
// in Terraform's state file.
func jsonValue(tb testing.TB, v tftypes.Value) any {
	tb.Helper()
	if v.IsNull() {
		return nil
	}
	switch {
	case v.Type().Is(tftypes.String):
		var s string
		_ = v.As(&s)
		return s
	case v.Type().Is(tftypes.Bool):
		var x bool
		_ = v.As(&x)
		return x
	case v.Type().Is(tftypes.Number):
		var f big.Float
		_ = v.As(&f)
		return json.Number(f.Text('f', -1))
	case v.Type().Is(tftypes.Object{}):
		var attrs map[string]tftypes.Value
		_ = v.As(&attrs)
		out := map[string]any{}
		for k, a := range attrs {
			out[k] = jsonValue(tb, a)
		}
		return out
	}
	tb.Fatalf("unexpected state value %v", v)
	return nil
}
