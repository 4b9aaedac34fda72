package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// What every data source shares: its read timeout, and the read of one
// object by id through replication lag.

// For the descriptions: the consistency window and the default read timeout
// in words.
var (
	windowText      = fmt.Sprintf("%d seconds", int(graph.DefaultConsistencyWindow/time.Second))
	readTimeoutText = fmt.Sprintf("%d minutes", int(defaultReadTimeout/time.Minute))
)

// lagWaitDescription says, for a data source's description, how long a
// missing object is waited for.
var lagWaitDescription = fmt.Sprintf("An object created earlier in the same apply may not be readable at once "+
	"(Graph replicates writes with a delay): a 404 is retried for %s, the provider's consistency window, before "+
	"the read fails. `timeouts.read` (default %s) bounds the whole read, that wait included.",
	windowText, readTimeoutText)

// pageTimeoutDescription says, for a listing data source's description, what
// timeouts.read bounds.
var pageTimeoutDescription = fmt.Sprintf("`timeouts.read` (default %s) bounds each page Graph returns, not the "+
	"whole listing, so a tenant with many pages is read in full while a page that hangs still ends the read.",
	readTimeoutText)

// dataSourceReadTimeout is the configured timeouts.read of a data source,
// defaultReadTimeout when unset.
func dataSourceReadTimeout(ctx context.Context, cfg tfsdk.Config, diags *diag.Diagnostics) time.Duration {
	var t timeouts.Value
	diags.Append(cfg.GetAttribute(ctx, path.Root("timeouts"), &t)...)
	d, dd := t.Read(ctx, defaultReadTimeout)
	diags.Append(dd...)
	return d
}

// readByID reads the object a data source names by id. A data source cannot
// know when its object was written: a resource in the same configuration may
// have created it a moment ago, and a lagging replica then answers 404. So a
// 404 is retried through the client's consistency window from now, as the
// resources do after their own writes, before it counts as "not found"; a
// real absence still fails once the window (or ctx) ends. waited is how long
// the read took, for the error.
func readByID[T any](ctx context.Context, c *graph.Client, get func(context.Context) (T, error)) (obj T, waited time.Duration, err error) {
	start := time.Now()
	obj, err = graph.ReadThroughLag(ctx, graph.Lag{Since: start, Window: c.ConsistencyWindow()}, get)
	return obj, time.Since(start).Round(time.Millisecond), err
}

// notFoundAfterLag explains a 404 that outlasted the wait for lag.
func notFoundAfterLag(what, id string, waited time.Duration, err error) string {
	return fmt.Sprintf("No %s with the id %q exists in this tenant: Graph still answered 404 after %s of retries, "+
		"which outlasts the replication lag of an object created in the same apply.", what, id, waited) + "\n\n" + err.Error()
}
