package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// How the reliability protocols (internal/graph/protocols.go) recognise a
// recryption request: the natural key that finds the object a lost create
// made, and the sent fields that show a write was applied.

// createSpec is what graph.CreateOrAdopt needs to know about this entity: it
// finds candidates by $filter on the GUIDs of the natural key (typed, so
// whatever Graph does with string case cannot hide the object) and matches
// every posted field itself.
func (r *pfxRecryptionRequestResource) createSpec(body *graph.PfxRecryptionRequest) graph.Create[graph.PfxRecryptionRequestable] {
	list := func(ctx context.Context) ([]graph.PfxRecryptionRequestable, error) {
		var out []graph.PfxRecryptionRequestable
		err := r.client.PfxRecryptionRequestSet().List(ctx, graph.ListOptions{Filter: naturalKeyFilter(body)}, func(o graph.PfxRecryptionRequestable) bool {
			out = append(out, o)
			return true
		})
		return out, err
	}
	spec := graph.Create[graph.PfxRecryptionRequestable]{
		Entity:        "PFX recryption request",
		NaturalKey:    naturalKeyDescription(body),
		ImportCommand: "terraform import intune_pfx_recryption_request.<name> <id>",
		Post: func(ctx context.Context) (graph.PfxRecryptionRequestable, error) {
			return r.client.PfxRecryptionRequestSet().Create(ctx, body)
		},
		Lookup:  list,
		Window:  r.client.ConsistencyWindow(),
		ListLag: r.client.ListLag(),
		Matches: func(o graph.PfxRecryptionRequestable) bool { return sentFieldsMatch(body, o) },
		ID:      func(o graph.PfxRecryptionRequestable) string { return *o.GetId() },
		CreatedAt: func(o graph.PfxRecryptionRequestable) (time.Time, bool) {
			// A created_time the configuration posted says nothing about
			// when the object was made.
			if t := o.GetCreatedTime(); t != nil && body.GetCreatedTime() == nil {
				return *t, true
			}
			return time.Time{}, false
		},
	}
	if body.GetCreatedTime() != nil {
		// No creation stamp to trust: note which objects existed before.
		spec.Existing = func(ctx context.Context) ([]string, error) {
			objs, err := list(ctx)
			ids := make([]string, 0, len(objs))
			for _, o := range objs {
				ids = append(ids, *o.GetId())
			}
			return ids, err
		}
	}
	return spec
}

// naturalKeyFilter selects requests by the GUIDs of the natural key.
func naturalKeyFilter(b *graph.PfxRecryptionRequest) string {
	var parts []string
	for _, g := range []struct {
		name string
		v    *uuid.UUID
	}{{"tenantId", b.GetTenantId()}, {"userId", b.GetUserId()}, {"deviceId", b.GetDeviceId()}, {"profileId", b.GetProfileId()}} {
		if g.v != nil {
			parts = append(parts, fmt.Sprintf("%s eq %s", g.name, g.v.String()))
		}
	}
	return strings.Join(parts, " and ")
}

// naturalKeyDescription names the request in the terms of the configuration.
func naturalKeyDescription(b *graph.PfxRecryptionRequest) string {
	return fmt.Sprintf("user_id = %s, device_id = %s, profile_id = %s, thumbprint = %q; find its id with the "+
		"intune_pfx_recryption_requests data source filtered by user_id and device_id",
		b.GetUserId(), b.GetDeviceId(), b.GetProfileId(), deref(b.GetThumbprint()))
}

// sentFieldsMatch reports whether every property set in sent has that value in
// o, as Graph normalises it: GUIDs and thumbprints without regard to case,
// timestamps as instants. It checks a create's candidates and whether an
// update was applied.
func sentFieldsMatch(sent *graph.PfxRecryptionRequest, o graph.PfxRecryptionRequestable) bool {
	guid := func(w, g *uuid.UUID) bool { return w == nil || g != nil && *w == *g }
	thumb := func(w, g *string) bool { return w == nil || g != nil && sameThumbprint(*w, *g) }
	i32 := func(w, g *int32) bool { return w == nil || g != nil && *w == *g }
	return guid(sent.GetTenantId(), o.GetTenantId()) && guid(sent.GetUserId(), o.GetUserId()) &&
		guid(sent.GetDeviceId(), o.GetDeviceId()) && guid(sent.GetProfileId(), o.GetProfileId()) &&
		thumb(sent.GetThumbprint(), o.GetThumbprint()) && thumb(sent.GetDeviceKeyThumbprint(), o.GetDeviceKeyThumbprint()) &&
		i32(sent.GetStatus(), o.GetStatus()) && i32(sent.GetSourceType(), o.GetSourceType()) &&
		(sent.GetCreatedTime() == nil || o.GetCreatedTime() != nil && sent.GetCreatedTime().Equal(*o.GetCreatedTime())) &&
		(sent.GetIsDeleted() == nil || o.GetIsDeleted() != nil && *sent.GetIsDeleted() == *o.GetIsDeleted())
}

// updateSpec is what graph.UpdateAndVerify needs to know about this entity:
// the PATCH with If-Match, the GET, and whether the patch shows in an object.
// lastWrite is the local time of the last write before this one.
func (r *pfxRecryptionRequestResource) updateSpec(id, eTag string, patch *graph.PfxRecryptionRequest, lastWrite time.Time) graph.Update[graph.PfxRecryptionRequestable] {
	return graph.Update[graph.PfxRecryptionRequestable]{
		ETag: eTag,
		Patch: func(ctx context.Context) (graph.PfxRecryptionRequestable, bool, error) {
			o, err := r.client.PfxRecryptionRequestSet().Update(ctx, id, eTag, patch)
			return o, err == nil && o == nil, err
		},
		Get: func(ctx context.Context) (graph.PfxRecryptionRequestable, error) {
			return r.client.PfxRecryptionRequestSet().Get(ctx, id)
		},
		Applied: func(o graph.PfxRecryptionRequestable) bool { return sentFieldsMatch(patch, o) },
		ETagOf:  func(o graph.PfxRecryptionRequestable) string { return deref(o.GetETag()) },
		Lag:     graph.Lag{Since: lastWrite, Window: r.client.ConsistencyWindow()},
	}
}
