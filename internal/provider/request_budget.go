package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// The request_budget block: how many requests and writes per 20-second
// sliding window the provider sends to the tenant (graph.Budget).

const (
	envBudgetRequests = "INTUNE_REQUEST_BUDGET_REQUESTS"
	envBudgetWrites   = "INTUNE_REQUEST_BUDGET_WRITES"
)

func requestBudgetAttribute() schema.Attribute {
	count := func(desc string) schema.Attribute {
		return schema.Int64Attribute{Optional: true, MarkdownDescription: desc,
			Validators: []validator.Int64{int64validator.AtLeast(1)}}
	}
	return schema.SingleNestedAttribute{
		Optional: true,
		MarkdownDescription: fmt.Sprintf("How many Graph requests the provider sends to the tenant per 20-second "+
			"sliding window, all requests and writes (POST, PUT, PATCH, DELETE) counted separately. The provider "+
			"spreads its requests so that a bulk apply runs at this budget instead of into Graph's `429 Too Many "+
			"Requests`. The defaults, %d requests and %d writes, are Intune's published limits for its device "+
			"configuration service per app and tenant ([Intune service limits]"+
			"(https://learn.microsoft.com/en-us/graph/throttling-limits#intune-service-limits)). Lower them when "+
			"other tools or pipelines use the same app registration in the same tenant, since they share the budget "+
			"(Intune also caps all apps of a tenant together at twice these figures). A `Retry-After` is always honoured, "+
			"and a `429` without one halves the pace, which recovers gradually.", graph.DefaultBudget.Requests, graph.DefaultBudget.Writes),
		Attributes: map[string]schema.Attribute{
			"requests": count(fmt.Sprintf("Requests of every kind per 20 seconds, at least 1; default %d. "+
				"Environment: `%s`.", graph.DefaultBudget.Requests, envBudgetRequests)),
			"writes": count(fmt.Sprintf("Writes (POST, PUT, PATCH, DELETE) per 20 seconds, at least 1; default %d. "+
				"Environment: `%s`.", graph.DefaultBudget.Writes, envBudgetWrites)),
		},
	}
}

// requestBudgetModel is the request_budget block.
type requestBudgetModel struct {
	Requests types.Int64 `tfsdk:"requests"`
	Writes   types.Int64 `tfsdk:"writes"`
}

// requestBudget reads the block, else the environment, else
// graph.DefaultBudget, into a budget. unknown names the block when a part of
// it is not yet known.
func requestBudget(ctx context.Context, o types.Object, getenv func(string) string, window time.Duration) (graph.Budget, []string, diag.Diagnostics) {
	var m requestBudgetModel
	var diags diag.Diagnostics
	if !o.IsNull() && !o.IsUnknown() {
		diags.Append(o.As(ctx, &m, basetypes.ObjectAsOptions{})...)
	}
	if o.IsUnknown() {
		return graph.DefaultBudget, []string{"request_budget"}, diags
	}
	var unknown []string
	b := graph.DefaultBudget
	for _, part := range []struct {
		name, env string
		v         types.Int64
		dst       *int
	}{
		{"requests", envBudgetRequests, m.Requests, &b.Requests},
		{"writes", envBudgetWrites, m.Writes, &b.Writes},
	} {
		switch {
		case part.v.IsUnknown():
			unknown = []string{"request_budget"}
		case !part.v.IsNull():
			// The schema's validator refuses values below 1.
			*part.dst = int(part.v.ValueInt64())
		case strings.TrimSpace(getenv(part.env)) != "":
			s := strings.TrimSpace(getenv(part.env))
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				diags.AddAttributeError(path.Root("request_budget").AtName(part.name), "Invalid request budget",
					fmt.Sprintf("The environment variable %s is %q; it must be a whole number of at least 1 (%s per "+
						"20 seconds). Fix it, or unset it to use the default.", part.env, s, part.name))
				continue
			}
			*part.dst = n
		}
	}
	if window > 0 {
		b.Window = window // tests shorten it
	}
	return b, unknown, diags
}
