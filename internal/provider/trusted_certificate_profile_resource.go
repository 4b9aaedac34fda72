package provider

import (
	"sync"

	"context"
	"encoding/base64"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewTrustedCertificateProfileResource is the constructor the provider registers.
func NewTrustedCertificateProfileResource() resource.Resource {
	return &certificateProfileResource{family: trustedFamily()}
}

// trustedFamily() is intune_trusted_certificate_profile: a root or issuing CA
// certificate delivered to devices, which then trust the certificates that
// SCEP, PKCS and imported-PFX profiles deliver.
var trustedFamily = sync.OnceValue(func() *profileFamily {
	f := &profileFamily{
		typeName: "trusted_certificate_profile",
		entity:   "trusted certificate profile",
		description: "A trusted certificate profile (a `deviceConfiguration` subtype in Graph beta " +
			"`/deviceManagement/deviceConfigurations`) with its assignments: it delivers a root or issuing CA " +
			"certificate to the devices of one platform. Devices trust the certificates that SCEP, PKCS and " +
			"imported-PFX profiles deliver only through it, so assign it to the same groups as those profiles.",
		platforms: map[string]string{
			"windows10":                    "#microsoft.graph.windows81TrustedRootCertificate",
			"ios":                          "#microsoft.graph.iosTrustedRootCertificate",
			"macos":                        "#microsoft.graph.macOSTrustedRootCertificate",
			"android_device_administrator": "#microsoft.graph.androidTrustedRootCertificate",
			"android_work_profile":         "#microsoft.graph.androidWorkProfileTrustedRootCertificate",
			"android_for_work":             "#microsoft.graph.androidForWorkTrustedRootCertificate",
			"android_device_owner":         "#microsoft.graph.androidDeviceOwnerTrustedRootCertificate",
			"aosp":                         "#microsoft.graph.aospDeviceOwnerTrustedRootCertificate",
		},
		platformDoc: "The device platform: `windows10` (Windows 10 and 11), `ios` (iOS/iPadOS), `macos`, " +
			"`android_device_administrator`, `android_work_profile` (Android Enterprise personally-owned work " +
			"profile), `android_for_work` (the legacy Android for Work type), `android_device_owner` (Android " +
			"Enterprise fully managed, dedicated and corporate-owned work profile) or `aosp`.",
	}
	computed := func(name string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: certificateDescriptions[name]}
	}
	f.attributes = []familyAttribute{
		{name: "certificate", property: "trustedRootCertificate", schema: schema.StringAttribute{
			Required:            true,
			CustomType:          certificateType{},
			MarkdownDescription: certificateDescriptions["certificate"],
			PlanModifiers:       []planmodifier.String{sameCertificate{}},
		},
			toGraph: func(ctx context.Context, v attr.Value, diags *diag.Diagnostics) any {
				c, _ := v.(certificateValue)
				der, err := certificateDER(c.ValueString())
				if err != nil {
					diags.AddError("Invalid certificate", err.Error())
					return nil
				}
				return base64.StdEncoding.EncodeToString(der)
			},
			fromGraph: func(v any, prior attr.Value) attr.Value {
				s, _ := v.(string)
				der, err := base64.StdEncoding.DecodeString(s)
				if err != nil {
					return newCertificateValue(s) // not base64: shown as it is, the next plan replaces it
				}
				p, _ := prior.(certificateValue)
				return certificateFromGraph(p, der)
			},
		},
		{name: "cert_file_name", property: "certFileName", schema: schema.StringAttribute{
			Optional:            true,
			Computed:            true,
			MarkdownDescription: certificateDescriptions["cert_file_name"],
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
		}},
		{name: "destination_store", property: "destinationStore", schema: schema.StringAttribute{
			Optional: true,
			Computed: true,
			MarkdownDescription: onlyOn(f, "destinationStore", "The Windows certificate store the certificate goes "+
				"to: `computerCertStoreRoot` (Intune's default, for a root CA), `computerCertStoreIntermediate` or "+
				"`userCertStoreIntermediate` (for an issuing CA)."),
			Validators:    []validator.String{stringvalidator.OneOf("computerCertStoreRoot", "computerCertStoreIntermediate", "userCertStoreIntermediate")},
			PlanModifiers: []planmodifier.String{platformDefault{f, "destinationStore"}},
		}},
		{name: "deployment_channel", property: "deploymentChannel", schema: schema.StringAttribute{
			Optional: true,
			Computed: true,
			MarkdownDescription: onlyOn(f, "deploymentChannel", "The macOS keychain the certificate goes to: "+
				"`deviceChannel` (Intune's default) or `userChannel`. Changing it creates a new profile."),
			Validators:    []validator.String{stringvalidator.OneOf("deviceChannel", "userChannel")},
			PlanModifiers: []planmodifier.String{platformDefault{f, "deploymentChannel"}, stringplanmodifier.RequiresReplace()},
		}},
		{name: "thumbprint", schema: computed("thumbprint")},
		{name: "subject", schema: computed("subject")},
		{name: "expiration_date_time", schema: computed("expiration_date_time")},
	}
	f.modifyPlan = func(ctx context.Context, plan profileValues, diags *diag.Diagnostics) {
		der := trustedFacts(plan, true)
		if der == nil {
			return
		}
		store := plan.str("destination_store")
		diags.Append(certificateWarnings(der, plan.str("platform").ValueString(), store.ValueString(), time.Now())...)
	}
	f.derive = func(ctx context.Context, v profileValues, diags *diag.Diagnostics) {
		trustedFacts(v, false)
	}
	return f
})

// trustedFacts sets the attributes computed from the certificate, and at
// plan time the default cert_file_name, and returns its DER; nil when the
// certificate is not known yet (they stay unknown) or cannot be read (its
// validation says why).
func trustedFacts(v profileValues, planning bool) []byte {
	c, ok := v["certificate"].(certificateValue)
	unknown := func() {
		for _, name := range []string{"thumbprint", "subject", "expiration_date_time"} {
			v[name] = types.StringUnknown()
		}
	}
	if !ok || c.IsNull() {
		for _, name := range []string{"thumbprint", "subject", "expiration_date_time"} {
			v[name] = types.StringNull()
		}
		return nil
	}
	if c.IsUnknown() {
		unknown()
		return nil
	}
	der, err := certificateDER(c.ValueString())
	if err != nil {
		return nil
	}
	facts, err := certificateFactsOf(der)
	if err != nil {
		return nil
	}
	v["thumbprint"] = types.StringValue(facts.Thumbprint)
	v["subject"] = types.StringValue(facts.Subject)
	v["expiration_date_time"] = types.StringValue(facts.ExpirationDateTime)
	if planning && v["cert_file_name"] != nil && v["cert_file_name"].IsUnknown() {
		v["cert_file_name"] = types.StringValue(facts.CertFileName)
	}
	return der
}

// sameCertificate plans the prior value when the configuration holds the
// same certificate in another encoding (PEM for base64 of the DER, or
// another line wrapping): Terraform accepts the prior value in place of an
// equivalent configured one, so switching encodings is no change.
type sameCertificate struct{}

func (sameCertificate) Description(context.Context) string {
	return "the same certificate in another encoding keeps the prior value"
}

func (m sameCertificate) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (sameCertificate) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !known(req.StateValue) || !known(req.ConfigValue) || req.StateValue.Equal(req.ConfigValue) {
		return
	}
	prior := newCertificateValue(req.StateValue.ValueString())
	if eq, _ := prior.StringSemanticEquals(ctx, newCertificateValue(req.ConfigValue.ValueString())); eq {
		resp.PlanValue = req.StateValue
	}
}
