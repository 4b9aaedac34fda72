package provider

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Certificate thumbprints are hexadecimal, and tools write them in either
// letter case; Graph types them as plain String and may answer in another
// case than it was sent. The thumbprint type compares values without regard
// to case, so that is never a change, and accepts every string (Graph does):
// thumbprintValidator warns about whitespace, since Intune compares
// thumbprints exactly.

var (
	_ basetypes.StringTypable                    = thumbprintType{}
	_ basetypes.StringValuableWithSemanticEquals = thumbprintValue{}
)

type thumbprintType struct{ basetypes.StringType }

func (t thumbprintType) Equal(o attr.Type) bool { _, ok := o.(thumbprintType); return ok }

func (t thumbprintType) String() string { return "thumbprintType" }

func (t thumbprintType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return thumbprintValue{StringValue: in}, nil
}

func (t thumbprintType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	s, err := stringFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	return thumbprintValue{StringValue: s}, nil
}

func (t thumbprintType) ValueType(context.Context) attr.Value { return thumbprintValue{} }

type thumbprintValue struct{ basetypes.StringValue }

func newThumbprintValue(s *string) thumbprintValue {
	return thumbprintValue{StringValue: basetypes.NewStringPointerValue(s)}
}

func (v thumbprintValue) Type(context.Context) attr.Type { return thumbprintType{} }

func (v thumbprintValue) Equal(o attr.Value) bool {
	other, ok := o.(thumbprintValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

// sameThumbprint is the one comparison of thumbprints: letter case aside.
func sameThumbprint(a, b string) bool { return strings.EqualFold(a, b) }

func (v thumbprintValue) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	other, ok := newValuable.(thumbprintValue)
	if !ok {
		return false, nil
	}
	return sameThumbprint(v.ValueString(), other.ValueString()), nil
}

// thumbprintValidator warns about thumbprints that cannot be what the user
// means, at plan time only (a value's own validation would repeat the warning
// on every refresh). Graph accepts any string, so nothing is an error, except
// where the thumbprint is the identifier (identifier): there an empty or
// whitespace-only value identifies nothing, and is most likely a variable
// that came out empty.
type thumbprintValidator struct{ identifier bool }

var _ validator.String = thumbprintValidator{}

func (v thumbprintValidator) Description(context.Context) string {
	if v.identifier {
		return "refuses an empty or whitespace-only thumbprint and warns when it contains whitespace"
	}
	return "warns when a thumbprint is empty or contains whitespace"
}

func (v thumbprintValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v thumbprintValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	switch {
	case v.identifier && strings.TrimSpace(s) == "":
		resp.Diagnostics.AddAttributeError(req.Path, "Empty thumbprint",
			fmt.Sprintf("%s is %q, but it is the required identifier of the certificate: set it to the certificate's "+
				"thumbprint (usually 40 hexadecimal characters). If it comes from a variable or another resource, "+
				"that value came out empty.", req.Path, s))
	case s == "":
		resp.Diagnostics.AddAttributeWarning(req.Path, "Empty thumbprint",
			"The thumbprint is empty. Graph accepts it, but it identifies no certificate.")
	case strings.IndexFunc(s, unicode.IsSpace) >= 0:
		resp.Diagnostics.AddAttributeWarning(req.Path, "Thumbprint contains whitespace",
			fmt.Sprintf("The thumbprint %q contains whitespace. Intune compares thumbprints exactly, so it will not "+
				"match a certificate whose thumbprint is written without it: remove the spaces a certificate viewer "+
				"shows between byte pairs, unless the value is meant as written.", s))
	}
}
