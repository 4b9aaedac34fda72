package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// Scaffolding the resources, data sources and list resources share.

// providerClient is every Configure: the client the provider configured, or
// nil before the provider is configured (Terraform configures resources and
// data sources during validation without it). kind ("Resource", "Data
// Source", "List Resource") names the caller in the error.
func providerClient(data any, kind string, diags *diag.Diagnostics) *graph.Client {
	if data == nil {
		return nil
	}
	client, ok := data.(*graph.Client)
	if !ok {
		diags.AddError("Unexpected "+kind+" Configure Type",
			fmt.Sprintf("Expected *graph.Client, got: %T. Please report this issue to the provider developers.", data))
	}
	return client
}

// importID puts an import id into state once checkGraphKey accepts it; hint
// says what a right id looks like.
func importID(ctx context.Context, id, hint string, resp *resource.ImportStateResponse) {
	if msg := checkGraphKey(id); msg != "" {
		resp.Diagnostics.AddError("Invalid import ID", msg+" "+hint)
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

// deletedOutsideDetail explains a failed call on an object, an object Graph
// no longer has first: the next apply refreshes it out of state and the plan
// does replan ("creates it anew").
func deletedOutsideDetail(err error, entity, id, op, replan string) string {
	if errors.Is(err, graph.ErrDeletedOutside) {
		return fmt.Sprintf("The %s %s was deleted outside Terraform: Graph answers 404 for it. Run terraform apply "+
			"again: the refresh removes it from state and the plan %s.\n\n%v", entity, id, replan, err)
	}
	return graphErrorDetail(err, id, op)
}
