package provider

import (
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// NewPkcsCertificateProfileResource is the constructor the provider registers.
func NewPkcsCertificateProfileResource() resource.Resource {
	return &certificateProfileResource{family: pkcsFamily()}
}

// pkcsFamily() is intune_pkcs_certificate_profile: the Certificate Connector
// requests each device's certificate from an enterprise CA.
var pkcsFamily = sync.OnceValue(func() *profileFamily {
	f := &profileFamily{
		typeName: "pkcs_certificate_profile",
		entity:   "PKCS certificate profile",
		description: "A PKCS certificate profile (a `deviceConfiguration` subtype in Graph beta " +
			"`/deviceManagement/deviceConfigurations`) with its assignments: the Certificate Connector requests " +
			"each device's certificate from an enterprise CA.",
		platforms: map[string]string{
			"windows10":                    "#microsoft.graph.windows10PkcsCertificateProfile",
			"ios":                          "#microsoft.graph.iosPkcsCertificateProfile",
			"macos":                        "#microsoft.graph.macOSPkcsCertificateProfile",
			"android_device_administrator": "#microsoft.graph.androidPkcsCertificateProfile",
			"android_work_profile":         "#microsoft.graph.androidWorkProfilePkcsCertificateProfile",
			"android_for_work":             "#microsoft.graph.androidForWorkPkcsCertificateProfile",
			"android_device_owner":         "#microsoft.graph.androidDeviceOwnerPkcsCertificateProfile",
			"aosp":                         "#microsoft.graph.aospDeviceOwnerPkcsCertificateProfile",
		},
		platformDoc: "The device platform: `windows10`, `ios`, `macos`, `android_device_administrator`, " +
			"`android_work_profile`, `android_for_work`, `android_device_owner` or `aosp`.",
	}
	f.attributes = append([]familyAttribute{
		rootCertificateAttribute(false, "The trusted root the issued certificates chain to. Only for the Android and "+
			"AOSP platforms; setting it for another platform is an error."),
		stringAttribute(f, "certification_authority", "certificationAuthority", "The CA host's FQDN, e.g. `ca.example.com`.", true),
		stringAttribute(f, "certification_authority_name", "certificationAuthorityName", "The CA's name, e.g. `Example Issuing CA`.", true),
		stringAttribute(f, "certificate_template_name", "certificateTemplateName", "The CA's certificate template.", true),
		enumAttribute(f, "certification_authority_type", "certificationAuthorityType",
			[]string{"notConfigured", "microsoft", "digiCert"}, "The kind of CA.", false),
	}, issuingAttributes(f)...)
	return f
})
