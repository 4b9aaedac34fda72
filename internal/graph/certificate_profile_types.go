package graph

// The certificate profile types: deviceConfiguration subtypes at
// /deviceManagement/deviceConfigurations, told apart by @odata.type. Each
// type carries exactly the properties of the beta SDK's model of it and its
// base classes (models/*_certificate_profile*.go, *_trusted_root_certificate.go
// in msgraph-beta-sdk-go v0.165.0), read from those files and written here
// by hand: Graph refuses a property its type does not have, so
// DeviceConfiguration.Serialize writes only these.

// PropertyKind is how a property travels in JSON.
type PropertyKind int

const (
	KindString  PropertyKind = iota // a string, an enum member, a flags enum's comma-joined members, base64 binary
	KindInt32                       // Edm.Int32
	KindBool                        // Edm.Boolean
	KindStrings                     // a collection of strings
	KindObjects                     // a collection of complex values whose fields are strings
)

// Property describes one property of the certificate profile types.
type Property struct {
	Kind PropertyKind
	// ElementType is the @odata.type of each element of a KindObjects property.
	ElementType string
}

// Properties are the family properties the client reads and writes, by
// JSON name. Properties common to every deviceConfiguration (displayName,
// description, roleScopeTagIds, version, dates) are DeviceConfiguration's own.
var Properties = map[string]Property{
	"intendedPurpose":                    {Kind: KindString},
	"keyStorageProvider":                 {Kind: KindString},
	"deploymentChannel":                  {Kind: KindString},
	"certificateAccessType":              {Kind: KindString},
	"silentCertificateAccessDetails":     {Kind: KindObjects, ElementType: "#microsoft.graph.androidDeviceOwnerSilentCertificateAccess"},
	"trustedRootCertificate":             {Kind: KindString},
	"certFileName":                       {Kind: KindString},
	"destinationStore":                   {Kind: KindString},
	"renewalThresholdPercentage":         {Kind: KindInt32},
	"certificateValidityPeriodValue":     {Kind: KindInt32},
	"certificateValidityPeriodScale":     {Kind: KindString},
	"subjectNameFormat":                  {Kind: KindString},
	"subjectNameFormatString":            {Kind: KindString},
	"subjectAlternativeNameType":         {Kind: KindString},
	"subjectAlternativeNameFormatString": {Kind: KindString},
	"customSubjectAlternativeNames":      {Kind: KindObjects, ElementType: "#microsoft.graph.customSubjectAlternativeName"},
	"extendedKeyUsages":                  {Kind: KindObjects, ElementType: "#microsoft.graph.extendedKeyUsage"},
	"scepServerUrls":                     {Kind: KindStrings},
	"keySize":                            {Kind: KindString},
	"keyUsage":                           {Kind: KindString},
	"hashAlgorithm":                      {Kind: KindString},
	"certificateStore":                   {Kind: KindString},
	"certificationAuthority":             {Kind: KindString},
	"certificationAuthorityName":         {Kind: KindString},
	"certificationAuthorityType":         {Kind: KindString},
	"certificateTemplateName":            {Kind: KindString},
	"allowAllAppsAccess":                 {Kind: KindBool},
}

// ProfileType is one certificate profile type.
type ProfileType struct {
	// Properties are the JSON names of the family properties the type carries.
	Properties []string
	// RootLink reports that the type has the rootCertificate navigation and
	// that its typed route answers (the Android imported-PFX types inherit the
	// navigation, but their route answers 400).
	RootLink bool
}

// Has reports whether the type carries the property.
func (t ProfileType) Has(property string) bool {
	for _, p := range t.Properties {
		if p == property {
			return true
		}
	}
	return false
}

var (
	certificateBase  = []string{"certificateValidityPeriodScale", "certificateValidityPeriodValue", "renewalThresholdPercentage", "subjectAlternativeNameType", "subjectNameFormat"}
	scepCommon       = []string{"keySize", "keyUsage", "scepServerUrls", "subjectAlternativeNameFormatString", "subjectNameFormatString"}
	pkcsCommon       = []string{"certificateTemplateName", "certificationAuthority", "certificationAuthorityName", "subjectAlternativeNameFormatString"}
	deviceOwnerExtra = []string{"certificateAccessType", "silentCertificateAccessDetails"}
)

func props(groups ...[]string) []string {
	var out []string
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// ProfileTypes maps @odata.type (with its leading #) to the type.
var ProfileTypes = map[string]ProfileType{
	// Trusted certificate profiles (their base is deviceConfiguration).
	"#microsoft.graph.windows81TrustedRootCertificate":          {Properties: []string{"certFileName", "destinationStore", "trustedRootCertificate"}},
	"#microsoft.graph.iosTrustedRootCertificate":                {Properties: []string{"certFileName", "trustedRootCertificate"}},
	"#microsoft.graph.macOSTrustedRootCertificate":              {Properties: []string{"certFileName", "deploymentChannel", "trustedRootCertificate"}},
	"#microsoft.graph.androidTrustedRootCertificate":            {Properties: []string{"certFileName", "trustedRootCertificate"}},
	"#microsoft.graph.androidWorkProfileTrustedRootCertificate": {Properties: []string{"certFileName", "trustedRootCertificate"}},
	"#microsoft.graph.androidForWorkTrustedRootCertificate":     {Properties: []string{"certFileName", "trustedRootCertificate"}},
	"#microsoft.graph.androidDeviceOwnerTrustedRootCertificate": {Properties: []string{"certFileName", "trustedRootCertificate"}},
	"#microsoft.graph.aospDeviceOwnerTrustedRootCertificate":    {Properties: []string{"certFileName", "trustedRootCertificate"}},

	// Imported-PFX certificate profiles.
	Windows10ImportedPfxType:          {Properties: props([]string{"intendedPurpose", "keyStorageProvider"}, certificateBase)},
	IosImportedPfxType:                {Properties: []string{"intendedPurpose"}},
	MacOSImportedPfxType:              {Properties: props([]string{"intendedPurpose", "deploymentChannel"}, certificateBase)},
	AndroidDeviceOwnerImportedPfxType: {Properties: props([]string{"intendedPurpose", "extendedKeyUsages"}, deviceOwnerExtra, certificateBase)},
	AndroidForWorkImportedPfxType:     {Properties: props([]string{"intendedPurpose", "extendedKeyUsages"}, certificateBase)},
	AndroidImportedPfxType:            {Properties: props([]string{"intendedPurpose", "extendedKeyUsages"}, certificateBase)},

	// SCEP certificate profiles.
	"#microsoft.graph.windows81SCEPCertificateProfile": {RootLink: true, Properties: props(scepCommon, certificateBase,
		[]string{"certificateStore", "hashAlgorithm", "customSubjectAlternativeNames", "extendedKeyUsages", "keyStorageProvider"})},
	"#microsoft.graph.iosScepCertificateProfile": {RootLink: true, Properties: props(scepCommon, certificateBase,
		[]string{"certificateStore", "customSubjectAlternativeNames", "extendedKeyUsages"})},
	"#microsoft.graph.macOSScepCertificateProfile": {RootLink: true, Properties: props(scepCommon, certificateBase,
		[]string{"allowAllAppsAccess", "certificateStore", "customSubjectAlternativeNames", "deploymentChannel", "extendedKeyUsages", "hashAlgorithm"})},
	"#microsoft.graph.androidScepCertificateProfile": {RootLink: true, Properties: props(scepCommon, certificateBase,
		[]string{"hashAlgorithm", "extendedKeyUsages"})},
	"#microsoft.graph.androidWorkProfileScepCertificateProfile": {RootLink: true, Properties: props(scepCommon, certificateBase,
		[]string{"certificateStore", "customSubjectAlternativeNames", "hashAlgorithm", "extendedKeyUsages"})},
	"#microsoft.graph.androidForWorkScepCertificateProfile": {RootLink: true, Properties: props(scepCommon, certificateBase,
		[]string{"certificateStore", "customSubjectAlternativeNames", "hashAlgorithm", "extendedKeyUsages"})},
	"#microsoft.graph.androidDeviceOwnerScepCertificateProfile": {RootLink: true, Properties: props(scepCommon, certificateBase, deviceOwnerExtra,
		[]string{"certificateStore", "customSubjectAlternativeNames", "hashAlgorithm", "extendedKeyUsages"})},
	"#microsoft.graph.aospDeviceOwnerScepCertificateProfile": {RootLink: true, Properties: props(scepCommon, certificateBase,
		[]string{"certificateStore", "customSubjectAlternativeNames", "hashAlgorithm", "extendedKeyUsages"})},

	// PKCS certificate profiles.
	"#microsoft.graph.windows10PkcsCertificateProfile": {Properties: props(pkcsCommon, certificateBase,
		[]string{"certificateStore", "customSubjectAlternativeNames", "extendedKeyUsages", "subjectNameFormatString", "keyStorageProvider"})},
	"#microsoft.graph.iosPkcsCertificateProfile": {Properties: props(pkcsCommon, certificateBase,
		[]string{"certificateStore", "customSubjectAlternativeNames", "subjectNameFormatString"})},
	"#microsoft.graph.macOSPkcsCertificateProfile": {Properties: props(pkcsCommon, certificateBase,
		[]string{"allowAllAppsAccess", "certificateStore", "customSubjectAlternativeNames", "deploymentChannel", "subjectNameFormatString"})},
	"#microsoft.graph.androidPkcsCertificateProfile": {RootLink: true, Properties: props(pkcsCommon, certificateBase,
		[]string{"extendedKeyUsages"})},
	"#microsoft.graph.androidWorkProfilePkcsCertificateProfile": {RootLink: true, Properties: props(pkcsCommon, certificateBase,
		[]string{"certificateStore", "customSubjectAlternativeNames", "subjectNameFormatString", "extendedKeyUsages"})},
	"#microsoft.graph.androidForWorkPkcsCertificateProfile": {RootLink: true, Properties: props(pkcsCommon, certificateBase,
		[]string{"extendedKeyUsages"})},
	"#microsoft.graph.androidDeviceOwnerPkcsCertificateProfile": {RootLink: true, Properties: props(pkcsCommon, certificateBase, deviceOwnerExtra,
		[]string{"certificateStore", "certificationAuthorityType", "customSubjectAlternativeNames", "subjectNameFormatString", "extendedKeyUsages"})},
	"#microsoft.graph.aospDeviceOwnerPkcsCertificateProfile": {RootLink: true, Properties: props(pkcsCommon, certificateBase,
		[]string{"certificateStore", "certificationAuthorityType", "customSubjectAlternativeNames", "subjectNameFormatString", "extendedKeyUsages"})},
}
