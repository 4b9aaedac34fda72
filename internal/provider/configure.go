package provider

import (
	"context"
	"fmt"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"strings"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

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

// readForState is the middle of every resource's Read: get reads the object
// id, through the replication lag since the last write. Only a 404 after
// that means the object is gone: Read removes it from state. Every other
// failure is an error, detail explains it. ok is false when Read has nothing
// more to do.
func readForState[T any](ctx context.Context, c *graph.Client, req resource.ReadRequest, resp *resource.ReadResponse,
	entity, id string, get func(context.Context, string) (T, error), detail func(err error, id, op string) string) (obj T, ok bool) {
	obj, err := graph.ReadThroughLag(ctx, lagSinceWrite(ctx, req.Private, c), func(ctx context.Context) (T, error) {
		return get(ctx, id)
	})
	if graph.IsNotFound(err) {
		tflog.Warn(ctx, strings.ToUpper(entity[:1])+entity[1:]+" not found; removing it from state", map[string]any{"id": id})
		resp.State.RemoveResource(ctx)
		return obj, false
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read "+entity, detail(err, id, "read"))
		return obj, false
	}
	return obj, true
}

// exists adapts a GET by id to graph.Delete's Exists: a 404 means gone.
func exists[T any](get func(context.Context, string) (T, error), id string) func(context.Context) (bool, error) {
	return func(ctx context.Context) (bool, error) {
		_, err := get(ctx, id)
		return err == nil, err
	}
}

// checkGraphKey is the one check of a request id given by a user (import, the
// data source): it must be usable as a key in a Graph URL. It returns what is
// wrong, or "".
func checkGraphKey(id string) string {
	switch {
	case id == "":
		return "The id is empty. Use the id of an existing object."
	case strings.ContainsAny(id, "/?#%") || strings.IndexFunc(id, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		return fmt.Sprintf("The id %q cannot be a Graph key: it must not contain '/', '?', '#', '%%', whitespace or "+
			"control characters. Use the bare id of the object, not a URL.", id)
	}
	return ""
}

// graphKeyValidator applies checkGraphKey to an id in a configuration.
type graphKeyValidator struct{}

func (graphKeyValidator) Description(context.Context) string {
	return "must be the bare id of a request, usable as a key in a Graph URL"
}

func (v graphKeyValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (graphKeyValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if msg := checkGraphKey(req.ConfigValue.ValueString()); msg != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid id", msg)
	}
}
