package provider

import (
	"sync"

	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// NewImportedPfxCertificateProfileResource is the constructor the provider registers.
func NewImportedPfxCertificateProfileResource() resource.Resource {
	return &certificateProfileResource{family: importedPfxFamily()}
}

// importedPfxFamily() is intune_imported_pfx_certificate_profile: the profiles
// that deliver users' imported PFX certificates (intune_user_pfx_certificate)
// of one intended purpose.
var importedPfxFamily = sync.OnceValue(func() *profileFamily {
	f := &profileFamily{
		typeName: "imported_pfx_certificate_profile",
		entity:   "imported PFX certificate profile",
		description: "An imported-PFX certificate profile (a `deviceConfiguration` subtype in Graph beta " +
			"`/deviceManagement/deviceConfigurations`) with its assignments: it delivers the users' imported PFX " +
			"certificates (`intune_user_pfx_certificate`) of one intended purpose to the devices of one platform.",
		platforms: map[string]string{
			"windows10":                    graph.Windows10ImportedPfxType,
			"ios":                          graph.IosImportedPfxType,
			"macos":                        graph.MacOSImportedPfxType,
			"android_device_owner":         graph.AndroidDeviceOwnerImportedPfxType,
			"android_work_profile":         graph.AndroidForWorkImportedPfxType,
			"android_device_administrator": graph.AndroidImportedPfxType,
		},
		platformDoc: "The device platform: `windows10`, `ios`, `macos`, `android_device_owner` (fully " +
			"managed), `android_work_profile` (Android Enterprise work profile) or `android_device_administrator`.",
	}
	f.attributes = []familyAttribute{
		{name: "intended_purpose", property: "intendedPurpose", createOnly: true, schema: schema.StringAttribute{
			Required: true,
			MarkdownDescription: "Which imported certificates the profile delivers, matched against the " +
				"certificates' intended purpose: " + intendedPurposesMarkdown() + ". " +
				"Intune cannot change it after creation, so changing it creates a new profile.",
			Validators:    []validator.String{intendedPurposeValidator()},
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
		}},
		{name: "key_storage_provider", property: "keyStorageProvider", schema: schema.StringAttribute{
			Optional: true,
			Computed: true,
			MarkdownDescription: onlyOn(f, "keyStorageProvider", "Where Windows keeps the private key: `useTpmKspOtherwiseUseSoftwareKsp` "+
				"(Intune's default), `useTpmKspOtherwiseFail`, `usePassportForWorkKspOtherwiseFail` or `useSoftwareKsp`. "+
				"Intune cannot change it after creation, so changing it creates a new profile."),
			Validators:    []validator.String{stringvalidator.OneOf(graph.KeyStorageProviders...)},
			PlanModifiers: []planmodifier.String{platformDefault{f, "keyStorageProvider"}, stringplanmodifier.RequiresReplace()},
		}},
		{name: "deployment_channel", property: "deploymentChannel", schema: schema.StringAttribute{
			Optional: true,
			Computed: true,
			MarkdownDescription: onlyOn(f, "deploymentChannel", "The macOS keychain the certificate goes to: `deviceChannel` (Intune's "+
				"default) or `userChannel`. Changing it creates a new profile."),
			Validators:    []validator.String{stringvalidator.OneOf(graph.DeploymentChannels...)},
			PlanModifiers: []planmodifier.String{platformDefault{f, "deploymentChannel"}, stringplanmodifier.RequiresReplace()},
		}},
		{name: "certificate_access_type", property: "certificateAccessType", schema: schema.StringAttribute{
			Optional: true,
			Computed: true,
			MarkdownDescription: onlyOn(f, "certificateAccessType", "How apps get access to the certificate: `userApproval` "+
				"(Intune's default) or `specificApps` (the apps in `silent_certificate_access_apps`, without asking)."),
			Validators:    []validator.String{stringvalidator.OneOf(graph.CertificateAccessType...)},
			PlanModifiers: []planmodifier.String{platformDefault{f, "certificateAccessType"}},
		}},
		silentAccessAppsAttribute(f),
	}
	return f
})

// silentAccessAppsAttribute is silent_certificate_access_apps: a set of
// package ids in HCL, silentCertificateAccessDetails objects in Graph.
func silentAccessAppsAttribute(f *profileFamily) familyAttribute {
	return familyAttribute{
		name: "silent_certificate_access_apps", property: "silentCertificateAccessDetails",
		schema: schema.SetAttribute{
			ElementType:         types.StringType,
			Optional:            true,
			MarkdownDescription: onlyOn(f, "silentCertificateAccessDetails", "Package ids of the apps that may use the certificate without asking the user."),
			Validators:          []validator.Set{setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
		},
		toGraph: func(ctx context.Context, v attr.Value, diags *diag.Diagnostics) any {
			s, _ := v.(types.Set)
			out := []map[string]string{}
			for _, id := range stringsOf(ctx, s, diags) {
				out = append(out, map[string]string{"packageId": id})
			}
			return out
		},
		fromGraph: func(v any, _ attr.Value) attr.Value {
			apps, _ := v.([]map[string]string)
			ids := make([]string, 0, len(apps))
			for _, a := range apps {
				if id, ok := a["packageId"]; ok {
					ids = append(ids, id)
				}
			}
			return stringSet(ids)
		},
		emptyValue: []map[string]string{}, // removed from the configuration: clear
	}
}
