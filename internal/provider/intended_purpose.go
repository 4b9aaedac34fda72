package provider

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// Intended purposes are one list, graph.IntendedPurposes (Graph's
// userPfxIntendedPurpose enum, which a profile's intendedPurpose shares),
// for the certificate, the profile and the data sources: a certificate and
// the profile that delivers it are matched by this value, so what one
// accepts the other must too.

// intendedPurposesMarkdown lists the purposes for a description:
// "`unassigned`, `smimeEncryption`, ... or `wifi`".
func intendedPurposesMarkdown() string {
	quoted := make([]string, len(graph.IntendedPurposes))
	for i, p := range graph.IntendedPurposes {
		quoted[i] = "`" + p + "`"
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
}

func intendedPurposeValidator() validator.String {
	return stringvalidator.OneOf(graph.IntendedPurposes...)
}
