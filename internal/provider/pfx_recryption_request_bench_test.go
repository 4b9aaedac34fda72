package provider

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
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
// as Read does for each resource (the framework's reflection included).
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
			if diags := state.Set(ctx, &m); diags.HasError() {
				b.Fatal(diags)
			}
		}
	}
}
