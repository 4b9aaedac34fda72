package provider

import (
	"context"
	"encoding/json"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// Replication-lag bookkeeping every resource shares: the time of this
// provider's last write to an object, kept in private state, tells
// graph.ReadThroughLag how long a 404 may still be lag.

// privateWritten is the private state key holding the local time of this
// provider's last write to the object, for graph.ReadThroughLag.
const privateWritten = "written"

// privateState is what Create, Update and Read see of private state.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// setWritten records now, on the local clock, as the time of the last write.
func setWritten(ctx context.Context, p privateState) diag.Diagnostics {
	b, _ := json.Marshal(time.Now().Format(time.RFC3339Nano)) // a string always marshals
	return p.SetKey(ctx, privateWritten, b)
}

// written returns the local time of the last write, zero when unknown.
func written(ctx context.Context, p privateState) time.Time {
	b, _ := p.GetKey(ctx, privateWritten)
	var s string
	if len(b) == 0 || json.Unmarshal(b, &s) != nil {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// lagSinceWrite is the replication lag to wait out after this provider's own
// last write to the object, which private state records (setWritten).
func lagSinceWrite(ctx context.Context, p privateState, c *graph.Client) graph.Lag {
	return graph.Lag{Since: written(ctx, p), Window: c.ConsistencyWindow()}
}
