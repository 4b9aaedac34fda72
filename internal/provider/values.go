package provider

import (
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Converters between Terraform values and the Graph models' pointers, which
// every resource and data source uses.

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

type knowable interface {
	IsNull() bool
	IsUnknown() bool
}

func known(v knowable) bool { return !v.IsNull() && !v.IsUnknown() }

func guidPtr(v guidValue, p path.Path, diags *diag.Diagnostics) *uuid.UUID {
	if !known(v) {
		return nil
	}
	u, err := uuid.Parse(v.ValueString())
	if err != nil || !isGUID(v.ValueString()) {
		diags.AddAttributeError(p, "Invalid GUID", fmt.Sprintf("%q is not a GUID.", v.ValueString()))
		return nil
	}
	return &u
}

func int32Ptr(v types.Int64) *int32 {
	if !known(v) {
		return nil
	}
	i := int32(v.ValueInt64()) //nolint:gosec // range checked by the schema validator
	return &i
}

func timePtr(v timestampValue, p path.Path, diags *diag.Diagnostics) *time.Time {
	if !known(v) {
		return nil
	}
	t, ok := v.Time()
	if !ok {
		diags.AddAttributeError(p, "Invalid RFC 3339 timestamp", fmt.Sprintf("%q is not an RFC 3339 timestamp such as 2017-01-01T00:03:18.9597073-08:00.", v.ValueString()))
		return nil
	}
	return &t
}

func guidFromGraph(u *uuid.UUID) guidValue {
	if u == nil {
		return newGUIDNull()
	}
	return newGUIDValue(u.String())
}

func int64FromGraph(i *int32) types.Int64 {
	if i == nil {
		return types.Int64Null()
	}
	return types.Int64Value(int64(*i))
}

func timeFromGraph(t *time.Time) timestampValue {
	if t == nil {
		return newTimestampNull()
	}
	return newTimestampValue(*t)
}

// quoted wraps each string in backticks, for Markdown.
func quoted(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = "`" + v + "`"
	}
	return out
}

// orList is "a", "b" or "c".
func orList(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
