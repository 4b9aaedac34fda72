package provider

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// TestRequestBudgetSources: a value in request_budget wins over the
// environment, the environment over the defaults (Intune's published
// limits), part by part; an unknown part names the block.
func TestRequestBudgetSources(t *testing.T) {
	ctx := context.Background()
	typ := map[string]attr.Type{"requests": types.Int64Type, "writes": types.Int64Type}
	block := func(requests, writes types.Int64) types.Object {
		return types.ObjectValueMust(typ, map[string]attr.Value{"requests": requests, "writes": writes})
	}
	env := map[string]string{envBudgetRequests: " 700 ", envBudgetWrites: "70"}
	getenv := func(k string) string { return env[k] }
	noenv := func(string) string { return "" }

	cases := []struct {
		name   string
		o      types.Object
		getenv func(string) string
		want   graph.Budget
	}{
		{"no block, no environment", types.ObjectNull(typ), noenv, graph.DefaultBudget},
		{"environment", types.ObjectNull(typ), getenv, graph.Budget{Requests: 700, Writes: 70, Window: 20 * time.Second}},
		{"block over environment", block(types.Int64Value(300), types.Int64Null()), getenv,
			graph.Budget{Requests: 300, Writes: 70, Window: 20 * time.Second}},
		{"block alone", block(types.Int64Null(), types.Int64Value(5000)), noenv,
			graph.Budget{Requests: 1000, Writes: 5000, Window: 20 * time.Second}},
	}
	for _, tc := range cases {
		b, unknown, diags := requestBudget(ctx, tc.o, tc.getenv, 0)
		if diags.HasError() || len(unknown) != 0 || b != tc.want {
			t.Errorf("%s: %+v %v %v, want %+v", tc.name, b, unknown, diags, tc.want)
		}
	}
	if b, _, _ := requestBudget(ctx, types.ObjectNull(typ), noenv, time.Second); b.Window != time.Second {
		t.Errorf("window %v, want the test's 1s", b.Window)
	}
	if _, unknown, _ := requestBudget(ctx, block(types.Int64Unknown(), types.Int64Null()), noenv, 0); len(unknown) != 1 || unknown[0] != "request_budget" {
		t.Errorf("unknown %v, want request_budget", unknown)
	}
	env[envBudgetRequests] = "0"
	if _, _, diags := requestBudget(ctx, types.ObjectNull(typ), getenv, 0); !diags.HasError() {
		t.Error("INTUNE_REQUEST_BUDGET_REQUESTS=0 accepted; want an error naming it")
	}
}
