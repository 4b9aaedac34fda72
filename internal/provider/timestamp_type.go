package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Graph answers DateTimeOffset values in UTC with seven fractional digits,
// whatever offset and precision they were written in. The timestamp type
// validates RFC 3339 at plan time and treats two values as equal when they
// name the same instant, so "2017-01-01T00:03:18.9597073-08:00" written in the
// configuration and "2017-01-01T08:03:18.9597073Z" returned by Graph are no
// change. (timetypes.RFC3339 compares the written offset too, which is not
// what Graph preserves.)

// rfc3339Pattern also bounds the fraction at seven digits: Graph stores 100 ns
// ticks, so a finer value would come back as a different instant.
var rfc3339Pattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})$`)
})

func parseTimestamp(s string) (time.Time, error) {
	if !rfc3339Pattern().MatchString(s) {
		return time.Time{}, fmt.Errorf("not an RFC 3339 timestamp with at most 7 fractional digits")
	}
	// RFC 3339 allows a lower-case t and z; Go's parser does not.
	return time.Parse(time.RFC3339Nano, strings.ToUpper(s))
}

var (
	_ basetypes.StringTypable                    = timestampType{}
	_ basetypes.StringValuableWithSemanticEquals = timestampValue{}
	_ xattr.ValidateableAttribute                = timestampValue{}
)

type timestampType struct{ basetypes.StringType }

func (t timestampType) Equal(o attr.Type) bool { _, ok := o.(timestampType); return ok }

func (t timestampType) String() string { return "timestampType" }

func (t timestampType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return timestampValue{StringValue: in}, nil
}

func (t timestampType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	s, err := stringFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	return timestampValue{StringValue: s}, nil
}

func (t timestampType) ValueType(context.Context) attr.Value { return timestampValue{} }

type timestampValue struct{ basetypes.StringValue }

func newTimestampNull() timestampValue { return timestampValue{StringValue: basetypes.NewStringNull()} }

func newTimestampValue(t time.Time) timestampValue {
	return timestampValue{StringValue: basetypes.NewStringValue(t.Format(time.RFC3339Nano))}
}

func (v timestampValue) Type(context.Context) attr.Type { return timestampType{} }

func (v timestampValue) Equal(o attr.Value) bool {
	other, ok := o.(timestampValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

// Time returns the instant; ok is false for null, unknown or invalid values.
func (v timestampValue) Time() (time.Time, bool) {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}, false
	}
	t, err := parseTimestamp(v.ValueString())
	return t, err == nil
}

func (v timestampValue) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	other, ok := newValuable.(timestampValue)
	if !ok {
		return false, nil
	}
	a, okA := v.Time()
	b, okB := other.Time()
	return okA && okB && a.Equal(b), nil
}

func (v timestampValue) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	if _, err := parseTimestamp(v.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid RFC 3339 timestamp",
			fmt.Sprintf("%q is not an RFC 3339 timestamp with at most 7 fractional second digits. "+
				"Use a value such as 2017-01-01T00:03:18.9597073-08:00 or 2017-01-01T08:03:18Z.", v.ValueString()))
	}
}
