package provider

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// The filter of the intune_pfx_recryption_requests data source and of the
// intune_pfx_recryption_request list resource. The two schemas live in
// different framework packages, so each file declares its attributes; the
// descriptions, validators and the $filter they build are shared here.

// maxPageSize is the largest page Graph serves (odata.maxpagesize above it is
// capped).
const maxPageSize = 999

// typedFilters are the filter attributes; odata_filter conflicts with each.
var typedFilters = []string{"tenant_id", "user_id", "device_id", "profile_id", "thumbprint", "status", "source_type", "is_deleted"}

var filterDescriptions = map[string]string{
	"tenant_id":   "Only requests of this Entra ID tenant, a GUID in any letter case.",
	"user_id":     "Only requests for the certificate of this user (Entra ID object ID), a GUID in any letter case.",
	"device_id":   "Only requests for this Intune managed device, a GUID in any letter case.",
	"profile_id":  "Only requests of this imported-PFX certificate profile, a GUID in any letter case.",
	"thumbprint":  "Only requests for the certificate with this thumbprint, compared exactly (letter case included) as Graph compares it.",
	"status":      "Only requests with this status, a whole number in the Int32 range.",
	"source_type": "Only requests with this source type, a whole number in the Int32 range.",
	"is_deleted":  "Only requests whose deleted flag has this value.",
	"odata_filter": "A raw OData `$filter` expression sent to Graph as written, for conditions the other filters cannot " +
		"express (Graph property names in camelCase, strings in single quotes with embedded quotes doubled, GUIDs " +
		"unquoted), for example `status ne 0 and isDeleted eq false`. It cannot be combined with the other filters: " +
		"write the whole condition here instead.",
	"page_size": fmt.Sprintf("How many requests to ask Graph for per page (the `Prefer: odata.maxpagesize` header), "+
		"from 1 to %d. Graph may send fewer; every page is followed either way. Leave it out for the service's default.", maxPageSize),
}

func int32Validators() []validator.Int64 {
	return []validator.Int64{int64validator.Between(math.MinInt32, math.MaxInt32)}
}

func pageSizeValidators() []validator.Int64 {
	return []validator.Int64{int64validator.Between(1, maxPageSize)}
}

func odataFilterValidators() []validator.String {
	conflicts := make([]path.Expression, 0, len(typedFilters))
	for _, name := range typedFilters {
		conflicts = append(conflicts, path.MatchRoot(name))
	}
	return []validator.String{
		stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must not be empty; leave odata_filter out to list everything"),
		stringvalidator.ConflictsWith(conflicts...),
	}
}

// pfxRecryptionRequestFilter is the filter as configured.
type pfxRecryptionRequestFilter struct {
	TenantID    guidValue       `tfsdk:"tenant_id"`
	UserID      guidValue       `tfsdk:"user_id"`
	DeviceID    guidValue       `tfsdk:"device_id"`
	ProfileID   guidValue       `tfsdk:"profile_id"`
	Thumbprint  thumbprintValue `tfsdk:"thumbprint"`
	Status      types.Int64     `tfsdk:"status"`
	SourceType  types.Int64     `tfsdk:"source_type"`
	IsDeleted   types.Bool      `tfsdk:"is_deleted"`
	ODataFilter types.String    `tfsdk:"odata_filter"`
	PageSize    types.Int64     `tfsdk:"page_size"`
}

// odataFilter is the $filter for Graph: odata_filter as written, or the typed
// filters joined by "and", "" for none. GUIDs go unquoted in lower case, as
// OData writes Edm.Guid literals; strings are quoted with embedded quotes
// doubled, so no value can change the expression.
func (f pfxRecryptionRequestFilter) odataFilter() string {
	if known(f.ODataFilter) {
		return strings.TrimSpace(f.ODataFilter.ValueString())
	}
	var parts []string
	for _, g := range []struct {
		name string
		v    guidValue
	}{{"tenantId", f.TenantID}, {"userId", f.UserID}, {"deviceId", f.DeviceID}, {"profileId", f.ProfileID}} {
		if known(g.v) {
			parts = append(parts, g.name+" eq "+strings.ToLower(g.v.ValueString()))
		}
	}
	if known(f.Thumbprint) {
		parts = append(parts, "thumbprint eq "+odataString(f.Thumbprint.ValueString()))
	}
	for _, n := range []struct {
		name string
		v    types.Int64
	}{{"status", f.Status}, {"sourceType", f.SourceType}} {
		if known(n.v) {
			parts = append(parts, n.name+" eq "+strconv.FormatInt(n.v.ValueInt64(), 10))
		}
	}
	if known(f.IsDeleted) {
		parts = append(parts, "isDeleted eq "+strconv.FormatBool(f.IsDeleted.ValueBool()))
	}
	return strings.Join(parts, " and ")
}

// odataString quotes a string literal for $filter: single quotes, with each
// embedded quote doubled.
func odataString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// listOptions turns the filter and a limit (0 for none) into a Graph list.
func (f pfxRecryptionRequestFilter) listOptions(limit int64) graph.ListOptions {
	opts := graph.ListOptions{Filter: f.odataFilter()}
	if limit > 0 {
		opts.Top = int32(min(limit, math.MaxInt32)) //nolint:gosec // bounded by min
	}
	if known(f.PageSize) {
		opts.MaxPageSize = int32(min(f.PageSize.ValueInt64(), maxPageSize)) //nolint:gosec // range checked by the schema validator
	}
	return opts
}

// listErrorDetail explains a failed list; a 400 after a raw odata_filter is
// most likely the expression's fault, so it says so.
func listErrorDetail(err error, f pfxRecryptionRequestFilter) (path.Path, string) {
	if known(f.ODataFilter) && graph.StatusOf(err) == 400 {
		return path.Root("odata_filter"), fmt.Sprintf("Graph rejected the odata_filter %q. Check the property names "+
			"(camelCase, such as profileId), the operators Graph supports on this entity set (eq, ne, and), and the "+
			"literals (strings in single quotes, GUIDs unquoted).\n\n%v", f.ODataFilter.ValueString(), err)
	}
	return path.Empty(), graphErrorDetail(err, "PFX recryption request", "", "list")
}
