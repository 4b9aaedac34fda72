package graph

// The @odata.type of each imported-PFX certificate profile, as the beta SDK's
// models (windows10ImportedPFXCertificateProfile, ...) name them.
const (
	Windows10ImportedPfxType          = "#microsoft.graph.windows10ImportedPFXCertificateProfile"
	IosImportedPfxType                = "#microsoft.graph.iosImportedPFXCertificateProfile"
	MacOSImportedPfxType              = "#microsoft.graph.macOSImportedPFXCertificateProfile"
	AndroidDeviceOwnerImportedPfxType = "#microsoft.graph.androidDeviceOwnerImportedPFXCertificateProfile"
	AndroidForWorkImportedPfxType     = "#microsoft.graph.androidForWorkImportedPFXCertificateProfile"
	AndroidImportedPfxType            = "#microsoft.graph.androidImportedPFXCertificateProfile"
)

// ImportedPfxProfileTypes lists every imported-PFX profile type this client models.
var ImportedPfxProfileTypes = []string{Windows10ImportedPfxType, IosImportedPfxType, MacOSImportedPfxType,
	AndroidDeviceOwnerImportedPfxType, AndroidForWorkImportedPfxType, AndroidImportedPfxType}

// Enum members by their Graph names (the SDK's intendedPurpose,
// keyStorageProviderOption, appleDeploymentChannel and
// androidDeviceOwnerCertificateAccessType; unknownFutureValue left out).
// IntendedPurposes is also userPfxIntendedPurpose, which has the same
// members: a certificate and its profile are matched by this value.
var (
	IntendedPurposes      = []string{"unassigned", "smimeEncryption", "smimeSigning", "vpn", "wifi"}
	KeyStorageProviders   = []string{"useTpmKspOtherwiseUseSoftwareKsp", "useTpmKspOtherwiseFail", "usePassportForWorkKspOtherwiseFail", "useSoftwareKsp"}
	DeploymentChannels    = []string{"deviceChannel", "userChannel"}
	CertificateAccessType = []string{"userApproval", "specificApps"}
)
