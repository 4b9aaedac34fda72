package provider

// deliveryPlatforms names the platform, as the certificate profile resources
// name it, of every certificate profile type that delivers a certificate to
// devices and so has managedDeviceCertificateStates: the imported-PFX, SCEP
// and PKCS types (graph.ProfileTypes without the trusted ones, which deliver
// only a CA certificate). It must agree with each family's platforms table
// (TestDeliveryPlatforms checks it).
var deliveryPlatforms = map[string]string{
	"#microsoft.graph.windows10ImportedPFXCertificateProfile":          "windows10",
	"#microsoft.graph.iosImportedPFXCertificateProfile":                "ios",
	"#microsoft.graph.macOSImportedPFXCertificateProfile":              "macos",
	"#microsoft.graph.androidDeviceOwnerImportedPFXCertificateProfile": "android_device_owner",
	"#microsoft.graph.androidForWorkImportedPFXCertificateProfile":     "android_work_profile",
	"#microsoft.graph.androidImportedPFXCertificateProfile":            "android_device_administrator",

	"#microsoft.graph.windows81SCEPCertificateProfile":          "windows10",
	"#microsoft.graph.iosScepCertificateProfile":                "ios",
	"#microsoft.graph.macOSScepCertificateProfile":              "macos",
	"#microsoft.graph.androidScepCertificateProfile":            "android_device_administrator",
	"#microsoft.graph.androidWorkProfileScepCertificateProfile": "android_work_profile",
	"#microsoft.graph.androidForWorkScepCertificateProfile":     "android_for_work",
	"#microsoft.graph.androidDeviceOwnerScepCertificateProfile": "android_device_owner",
	"#microsoft.graph.aospDeviceOwnerScepCertificateProfile":    "aosp",

	"#microsoft.graph.windows10PkcsCertificateProfile":          "windows10",
	"#microsoft.graph.iosPkcsCertificateProfile":                "ios",
	"#microsoft.graph.macOSPkcsCertificateProfile":              "macos",
	"#microsoft.graph.androidPkcsCertificateProfile":            "android_device_administrator",
	"#microsoft.graph.androidWorkProfilePkcsCertificateProfile": "android_work_profile",
	"#microsoft.graph.androidForWorkPkcsCertificateProfile":     "android_for_work",
	"#microsoft.graph.androidDeviceOwnerPkcsCertificateProfile": "android_device_owner",
	"#microsoft.graph.aospDeviceOwnerPkcsCertificateProfile":    "aosp",
}
