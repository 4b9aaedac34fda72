package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// The rootCertificate link of a family, for the attribute marked rootLink.
// Graph never returns the link with the profile: Read and import take it
// from the typed route, so drift and an outside unbind show, and it is
// never copied from earlier state.

// linkAttribute is the family's link attribute, or nil.
func (f *profileFamily) linkAttribute() *familyAttribute {
	for i := range f.attributes {
		if f.attributes[i].rootLink {
			return &f.attributes[i]
		}
	}
	return nil
}

// checkRoot refuses a root that is not a trusted certificate profile of the
// profile's platform, before anything is written. It reads the root once.
func (r *certificateProfileResource) checkRoot(ctx context.Context, v profileValues, diags *diag.Diagnostics) {
	a := r.family.linkAttribute()
	if a == nil || r.client == nil {
		return
	}
	rootID, platform := v.str(a.name), v.str("platform")
	if !known(rootID) || rootID.IsNull() || !known(platform) {
		return
	}
	want := trustedFamily().platforms[platform.ValueString()]
	root, err := r.client.DeviceConfigurationSet().Get(ctx, rootID.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root(a.name), "Unable to read the root certificate profile",
			graphErrorDetail(err, "trusted certificate profile", rootID.ValueString(), "read"))
		return
	}
	if got := deref(root.GetOdataType()); got != want {
		diags.AddAttributeError(path.Root(a.name), "Root certificate of another platform",
			fmt.Sprintf("%s = %q is a %s, but a %s for platform = %q needs a trusted certificate profile of the same "+
				"platform (%s). Set %s to the id of an intune_trusted_certificate_profile with platform = %q.",
				a.name, rootID.ValueString(), strings.TrimPrefix(got, "#microsoft.graph."), r.family.entity,
				platform.ValueString(), strings.TrimPrefix(want, "#microsoft.graph."), a.name, platform.ValueString()))
	}
}

// readLink sets the link attribute from Graph: null when unbound (404) or
// when the type has no link.
func (r *certificateProfileResource) readLink(ctx context.Context, v profileValues) error {
	a := r.family.linkAttribute()
	if a == nil {
		return nil
	}
	odataType := r.family.odataType(v)
	v[a.name] = types.StringNull()
	if !graph.ProfileTypes[odataType].RootLink {
		return nil
	}
	id, err := r.client.RootCertificateID(ctx, v.str("id").ValueString(), odataType)
	switch {
	case graph.IsNotFound(err):
		return nil
	case err != nil:
		return err
	}
	if prior := v.str(a.name); strings.EqualFold(prior.ValueString(), id) {
		id = prior.ValueString()
	}
	v[a.name] = types.StringValue(id)
	return nil
}

// updateLink points the link at the planned root when it changed. A lost
// answer is verified by reading the link back.
func (r *certificateProfileResource) updateLink(ctx context.Context, plan, state profileValues, lag graph.Lag) error {
	a := r.family.linkAttribute()
	if a == nil || plan[a.name].Equal(state[a.name]) {
		return nil
	}
	id, odataType := state.str("id").ValueString(), r.family.odataType(plan)
	want := plan.str(a.name).ValueString() // "" removes the link
	_, err := graph.UpdateAndVerify(ctx, graph.Update[string]{
		Patch: func(ctx context.Context) (string, bool, error) {
			if want == "" {
				return "", true, r.client.UnbindRootCertificate(ctx, id, odataType)
			}
			return "", true, r.client.SetRootCertificate(ctx, id, odataType, want)
		},
		Get: func(ctx context.Context) (string, error) {
			got, err := r.client.RootCertificateID(ctx, id, odataType)
			if graph.IsNotFound(err) {
				return "", nil
			}
			return got, err
		},
		Applied: func(got string) bool { return strings.EqualFold(got, want) },
		ETagOf:  func(string) string { return "" },
		Lag:     lag,
	})
	return err
}
