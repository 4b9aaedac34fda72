package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// How the reliability protocols (internal/graph/protocols.go) recognise a
// user PFX certificate: the natural key (user and thumbprint) that finds the
// object a lost create made, and the sent fields that show it stored.

// findUserPfx lists the certificates with the natural key, the way the
// IntunePfxImport module looks them up.
func findUserPfx(ctx context.Context, client *graph.Client, upn, thumb string) ([]graph.UserPFXCertificateable, error) {
	var out []graph.UserPFXCertificateable
	filter := fmt.Sprintf("tolower(userPrincipalName) eq %s and tolower(thumbprint) eq %s",
		odataString(strings.ToLower(upn)), odataString(strings.ToLower(thumb)))
	err := client.UserPfxCertificateSet().List(ctx, graph.ListOptions{Filter: filter}, func(o graph.UserPFXCertificateable) bool {
		out = append(out, o)
		return true
	})
	return out, err
}

// userPfxMatches reports whether o holds what body sent (the secrets, which
// Graph never returns, aside).
func userPfxMatches(body *graph.UserPFXCertificate, o graph.UserPFXCertificateable) bool {
	fold := func(a, b *string) bool { return a != nil && b != nil && strings.EqualFold(*a, *b) }
	same := func(a, b *string) bool { return a != nil && b != nil && *a == *b }
	return fold(body.GetUserPrincipalName(), o.GetUserPrincipalName()) && fold(body.GetThumbprint(), o.GetThumbprint()) &&
		same(body.GetProviderName(), o.GetProviderName()) && same(body.GetKeyName(), o.GetKeyName()) &&
		o.GetIntendedPurpose() != nil && *o.GetIntendedPurpose() == *body.GetIntendedPurpose() &&
		o.GetPaddingScheme() != nil && *o.GetPaddingScheme() == *body.GetPaddingScheme()
}
