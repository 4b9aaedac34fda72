package provider

import (
	"context"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// Attribute builders the certificate-issuing families (SCEP, PKCS) share:
// the properties of their common base classes, flags enums as sets, and the
// collections of objects.

var subjectNameFormats = []string{"commonName", "commonNameIncludingEmail", "commonNameAsEmail", "custom",
	"commonNameAsIMEI", "commonNameAsSerialNumber", "commonNameAsAadDeviceId", "commonNameAsIntuneDeviceId",
	"commonNameAsDurableDeviceId"}

var sanTypes = []string{"emailAddress", "userPrincipalName", "customAzureADAttribute", "domainNameService", "universalResourceIdentifier"}

// rootCertificateAttribute is root_certificate_id, the rootCertificate link.
func rootCertificateAttribute(required bool, doc string) familyAttribute {
	return familyAttribute{name: "root_certificate_id", rootLink: true, schema: schema.StringAttribute{
		Required: required, Optional: !required,
		MarkdownDescription: doc + " The id of an `intune_trusted_certificate_profile` of the same `platform`; a root of " +
			"another platform is refused. Changing it relinks the profile in place.",
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}}
}

// enumAttribute is an optional string of one of values that Intune defaults
// when it is not configured.
func enumAttribute(f *profileFamily, name, property string, values []string, doc string, replace bool) familyAttribute {
	mods := []planmodifier.String{platformDefault{f, property}}
	if replace {
		mods = append(mods, stringplanmodifier.RequiresReplace())
	}
	return familyAttribute{name: name, property: property, schema: schema.StringAttribute{
		Optional: true, Computed: true,
		MarkdownDescription: onlyOn(f, property, doc+" One of "+strings.Join(quoted(values), ", ")+"."),
		Validators:          []validator.String{stringvalidator.OneOf(values...)},
		PlanModifiers:       mods,
	}}
}

// stringAttribute is an optional free string.
func stringAttribute(f *profileFamily, name, property, doc string, required bool) familyAttribute {
	return familyAttribute{name: name, property: property, schema: schema.StringAttribute{
		Required: required, Optional: !required,
		MarkdownDescription: onlyOn(f, property, doc),
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}}
}

// flagsSetAttribute is a flags enum: a set of member names in HCL, one
// comma-joined string on the wire. Graph's answer in any order or spacing
// is the same set; none, the empty set.
func flagsSetAttribute(f *profileFamily, name, property string, members []string, doc string) familyAttribute {
	return familyAttribute{name: name, property: property,
		schema: schema.SetAttribute{
			ElementType: types.StringType, Optional: true, Computed: true,
			MarkdownDescription: onlyOn(f, property, doc+" A set of "+strings.Join(quoted(members), ", ")+
				"; Intune sets its default when it is not configured."),
			Validators:    []validator.Set{setvalidator.ValueStringsAre(stringvalidator.OneOf(members...))},
			PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
		},
		toGraph: func(ctx context.Context, v attr.Value, diags *diag.Diagnostics) any {
			s, _ := v.(types.Set)
			names := stringsOf(ctx, s, diags)
			if len(names) == 0 {
				return "none"
			}
			sort.Slice(names, func(i, j int) bool { return indexOf(members, names[i]) < indexOf(members, names[j]) })
			return strings.Join(names, ",")
		},
		fromGraph: func(v any, _ attr.Value) attr.Value {
			s, _ := v.(string)
			out := []string{}
			for _, m := range strings.Split(s, ",") {
				if m = strings.TrimSpace(m); m != "" && m != "none" {
					out = append(out, m)
				}
			}
			return stringSet(out)
		},
	}
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return len(s)
}

// objectListAttribute is a list of objects whose fields are strings; fields
// maps attribute names to Graph's. Identical duplicates Graph appends are
// dropped on read, keeping the configured order.
func objectListAttribute(f *profileFamily, name, property, doc string, fields [][2]string, fieldDocs map[string]string) familyAttribute {
	attrs := map[string]schema.Attribute{}
	types_ := map[string]attr.Type{}
	for _, fl := range fields {
		attrs[fl[0]] = schema.StringAttribute{Required: true, MarkdownDescription: fieldDocs[fl[0]],
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)}}
		types_[fl[0]] = types.StringType
	}
	objType := types.ObjectType{AttrTypes: types_}
	return familyAttribute{name: name, property: property,
		schema: schema.ListNestedAttribute{
			Optional: true, MarkdownDescription: onlyOn(f, property, doc),
			NestedObject: schema.NestedAttributeObject{Attributes: attrs},
			Validators:   []validator.List{listvalidator.SizeAtLeast(1)},
		},
		toGraph: func(ctx context.Context, v attr.Value, diags *diag.Diagnostics) any {
			l, _ := v.(types.List)
			out := []map[string]string{}
			for _, e := range l.Elements() {
				o, _ := e.(types.Object)
				m := map[string]string{}
				for _, fl := range fields {
					s, _ := o.Attributes()[fl[0]].(types.String)
					m[fl[1]] = s.ValueString()
				}
				out = append(out, m)
			}
			return out
		},
		fromGraph: func(v any, _ attr.Value) attr.Value {
			items, _ := v.([]map[string]string)
			seen := map[string]bool{}
			elems := []attr.Value{}
			for _, it := range items {
				vals := map[string]attr.Value{}
				var key []string
				for _, fl := range fields {
					vals[fl[0]] = types.StringValue(it[fl[1]])
					key = append(key, it[fl[1]])
				}
				if k := strings.Join(key, "\x00"); !seen[k] {
					seen[k] = true
					elems = append(elems, types.ObjectValueMust(types_, vals))
				}
			}
			return types.ListValueMust(objType, elems)
		},
		emptyValue: []map[string]string{},
	}
}

// issuingAttributes are the attributes of the SCEP and PKCS base classes.
func issuingAttributes(f *profileFamily) []familyAttribute {
	computedInt := func(name, property, doc string, v validator.Int64) familyAttribute {
		vs := []validator.Int64{}
		if v != nil {
			vs = append(vs, v)
		}
		return familyAttribute{name: name, property: property, schema: schema.Int64Attribute{
			Optional: true, Computed: true, MarkdownDescription: onlyOn(f, property, doc), Validators: vs,
			PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
		}}
	}
	return []familyAttribute{
		computedInt("renewal_threshold_percentage", "renewalThresholdPercentage",
			"The percentage of the certificate's lifetime left when devices renew it, 1 to 99 (Intune's default 20).",
			int64validator.Between(1, 99)),
		computedInt("certificate_validity_period_value", "certificateValidityPeriodValue",
			"The certificate's validity, in `certificate_validity_period_scale` units (Intune's default 1).", nil),
		enumAttribute(f, "certificate_validity_period_scale", "certificateValidityPeriodScale", []string{"days", "months", "years"},
			"The unit of `certificate_validity_period_value` (Intune's default `years`).", false),
		enumAttribute(f, "subject_name_format", "subjectNameFormat", subjectNameFormats,
			"The certificate's subject name; `custom` uses `subject_name_format_string`.", false),
		stringAttribute(f, "subject_name_format_string", "subjectNameFormatString",
			"The custom subject name, e.g. `CN={{UserPrincipalName}}`.", false),
		flagsSetAttribute(f, "subject_alternative_name_types", "subjectAlternativeNameType", sanTypes,
			"The subject alternative names the certificate carries; the empty set is none."),
		stringAttribute(f, "subject_alternative_name_format_string", "subjectAlternativeNameFormatString",
			"The custom subject alternative name format.", false),
		objectListAttribute(f, "custom_subject_alternative_names", "customSubjectAlternativeNames",
			"Custom subject alternative names.", [][2]string{{"san_type", "sanType"}, {"name", "name"}},
			map[string]string{"san_type": "One of " + strings.Join(quoted(sanTypes), ", ") + ".", "name": "The value, e.g. `{{UserPrincipalName}}`."}),
		objectListAttribute(f, "extended_key_usages", "extendedKeyUsages",
			"The certificate's extended key usages. Identical duplicates Intune appends are not drift.",
			[][2]string{{"name", "name"}, {"object_identifier", "objectIdentifier"}},
			map[string]string{"name": "The usage's name, e.g. `Client Authentication`.", "object_identifier": "Its OID, e.g. `1.3.6.1.5.5.7.3.2`."}),
		enumAttribute(f, "certificate_store", "certificateStore", []string{"user", "machine"},
			"The store the certificate goes to (Intune's default `user`).", false),
		enumAttribute(f, "key_storage_provider", "keyStorageProvider", graph.KeyStorageProviders,
			"Where Windows keeps the private key. Changing it creates a new profile.", true),
		enumAttribute(f, "deployment_channel", "deploymentChannel", graph.DeploymentChannels,
			"The macOS keychain the certificate goes to. Changing it creates a new profile.", true),
		{name: "allow_all_apps_access", property: "allowAllAppsAccess", schema: schema.BoolAttribute{
			Optional: true, Computed: true,
			MarkdownDescription: onlyOn(f, "allowAllAppsAccess", "Whether every app may use the private key (Intune's default false)."),
			PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
		}},
		enumAttribute(f, "certificate_access_type", "certificateAccessType", graph.CertificateAccessType,
			"How apps get access to the certificate.", false),
		silentAccessAppsAttribute(f),
	}
}

// listToGraph and listFromGraph convert an ordered list of strings.
func listToGraph(ctx context.Context, v attr.Value, diags *diag.Diagnostics) any {
	l, _ := v.(types.List)
	out := []string{}
	diags.Append(l.ElementsAs(ctx, &out, false)...)
	return out
}

func listFromGraph(v any, _ attr.Value) attr.Value {
	s, _ := v.([]string)
	elems := make([]attr.Value, len(s))
	for i, x := range s {
		elems[i] = types.StringValue(x)
	}
	return types.ListValueMust(types.StringType, elems)
}
