package provider

import (
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// NewScepCertificateProfileResource is the constructor the provider registers.
func NewScepCertificateProfileResource() resource.Resource {
	return &certificateProfileResource{family: scepFamily()}
}

// scepFamily() is intune_scep_certificate_profile: devices request their
// certificate from an NDES or Cloud PKI SCEP server, chained to a root.
var scepFamily = sync.OnceValue(func() *profileFamily {
	f := &profileFamily{
		typeName: "scep_certificate_profile",
		entity:   "SCEP certificate profile",
		description: "A SCEP certificate profile (a `deviceConfiguration` subtype in Graph beta " +
			"`/deviceManagement/deviceConfigurations`) with its assignments and its link to the trusted root " +
			"certificate profile of the same platform: devices request their certificate from the SCEP servers.",
		platforms: map[string]string{
			"windows10":                    "#microsoft.graph.windows81SCEPCertificateProfile",
			"ios":                          "#microsoft.graph.iosScepCertificateProfile",
			"macos":                        "#microsoft.graph.macOSScepCertificateProfile",
			"android_device_administrator": "#microsoft.graph.androidScepCertificateProfile",
			"android_work_profile":         "#microsoft.graph.androidWorkProfileScepCertificateProfile",
			"android_for_work":             "#microsoft.graph.androidForWorkScepCertificateProfile",
			"android_device_owner":         "#microsoft.graph.androidDeviceOwnerScepCertificateProfile",
			"aosp":                         "#microsoft.graph.aospDeviceOwnerScepCertificateProfile",
		},
		platformDoc: "The device platform: `windows10`, `ios`, `macos`, `android_device_administrator`, " +
			"`android_work_profile`, `android_for_work`, `android_device_owner` or `aosp`.",
	}
	f.attributes = append([]familyAttribute{
		rootCertificateAttribute(true, "The trusted root the issued certificates chain to."),
		{name: "scep_server_urls", property: "scepServerUrls", schema: schema.ListAttribute{
			ElementType: types.StringType, Required: true,
			MarkdownDescription: "The SCEP server URLs (NDES or Cloud PKI), e.g. `https://ndes.example.com/certsrv/mscep/mscep.dll`.",
			Validators:          []validator.List{listvalidator.SizeAtLeast(1), listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
		}, toGraph: listToGraph, fromGraph: listFromGraph},
		enumAttribute(f, "key_size", "keySize", []string{"size1024", "size2048", "size4096"}, "The key size.", false),
		flagsSetAttribute(f, "key_usage", "keyUsage", []string{"keyEncipherment", "digitalSignature"}, "The key usages."),
		flagsSetAttribute(f, "hash_algorithm", "hashAlgorithm", []string{"sha1", "sha2"}, "The hash algorithms."),
	}, issuingAttributes(f)...)
	return f
})
