package emulator

// The certificate profile types the emulator serves under
// /deviceManagement/deviceConfigurations, written by hand from
// msgraph-beta-sdk-go v0.165.0's models (each type's own properties and those
// of its base classes). ASSUMPTIONS.md lists the defaults and checks.

// propKind is how a property's JSON value is checked and stored.
type propKind int

const (
	pkString  propKind = iota
	pkEnum             // one member name
	pkFlags            // comma-joined member names
	pkInt32            // within min..max
	pkBool             //
	pkStrings          // collection of strings
	pkObjects          // collection of complex objects
	pkBinary           // Edm.Binary, base64
)

// propSpec is one property of a profile type.
type propSpec struct {
	name      string
	kind      propKind
	edm       string   // EDM type for messages
	members   []string // pkEnum, pkFlags
	min, max  int64    // pkInt32
	object    string   // pkObjects: the item's type
	fields    []propSpec
	maxItems  int // pkObjects: 0 is no limit
	def       any // what a create stores when the body leaves it out
	immutable bool
	required  bool // on create
	cert      bool // pkBinary holding one DER X.509 certificate
}

// profileType is one deviceConfiguration type the emulator serves.
type profileType struct {
	family   string // importedPfx, trusted, scep, pkcs
	platform string // devicePlatform of its delivery states
	props    []propSpec
	// root is the type the rootCertificate navigation binds to; "" when
	// the type has no such navigation.
	root string
	// linkRefused: the type inherits rootCertificate but its link route
	// answers 400 (the imported-PFX types).
	linkRefused bool
	states      bool // has managedDeviceCertificateStates
	// duplicateEKU: Graph appends a duplicate "Any Purpose" EKU.
	duplicateEKU bool
}

func enum(name, edm string, members ...string) propSpec {
	return propSpec{name: name, kind: pkEnum, edm: "microsoft.graph." + edm, members: members, def: members[0]}
}

func flags(name, edm string, def any, members ...string) propSpec {
	return propSpec{name: name, kind: pkFlags, edm: "microsoft.graph." + edm, members: members, def: def}
}

func str(name string) propSpec { return propSpec{name: name, kind: pkString, edm: "Edm.String"} }

var (
	intendedPurposeProp = func() propSpec {
		p := enum("intendedPurpose", "intendedPurpose", "unassigned", "smimeEncryption", "smimeSigning", "vpn", "wifi")
		p.immutable = true
		return p
	}()
	keyStorageProp = func() propSpec {
		p := enum("keyStorageProvider", "keyStorageProviderOption",
			"useTpmKspOtherwiseUseSoftwareKsp", "useTpmKspOtherwiseFail", "usePassportForWorkKspOtherwiseFail", "useSoftwareKsp")
		p.immutable = true
		return p
	}()
	deploymentChannelProp = func() propSpec {
		p := enum("deploymentChannel", "appleDeploymentChannel", "deviceChannel", "userChannel", "unknownFutureValue")
		p.immutable = true
		return p
	}()
	certificateAccessProp = enum("certificateAccessType", "androidDeviceOwnerCertificateAccessType", "userApproval", "specificApps", "unknownFutureValue")
	filterTypeProp        = enum("deviceAndAppManagementAssignmentFilterType", "deviceAndAppManagementAssignmentFilterType", "none", "include", "exclude")

	destinationStoreProp = enum("destinationStore", "certificateDestinationStore", "computerCertStoreRoot", "computerCertStoreIntermediate", "userCertStoreIntermediate")
	certificateStoreProp = enum("certificateStore", "certificateStore", "user", "machine")
	keySizeProp          = enum("keySize", "keySize", "size1024", "size2048", "size4096")
	validityScaleProp    = func() propSpec {
		p := enum("certificateValidityPeriodScale", "certificateValidityPeriodScale", "days", "months", "years")
		p.def = "years"
		return p
	}()
	subjectNameFormatProp = enum("subjectNameFormat", "subjectNameFormat", "commonName", "commonNameIncludingEmail", "commonNameAsEmail",
		"custom", "commonNameAsIMEI", "commonNameAsSerialNumber", "commonNameAsAadDeviceId", "commonNameAsIntuneDeviceId", "commonNameAsDurableDeviceId")
	appleSubjectNameFormatProp = enum("subjectNameFormat", "appleSubjectNameFormat", "commonName", "commonNameAsEmail", "custom",
		"commonNameIncludingEmail", "commonNameAsIMEI", "commonNameAsSerialNumber")
	authorityTypeProp = enum("certificationAuthorityType", "deviceManagementCertificationAuthority", "notConfigured", "microsoft", "digiCert")

	sanTypeMembers = []string{"none", "emailAddress", "userPrincipalName", "customAzureADAttribute", "domainNameService", "universalResourceIdentifier"}
	sanTypeProp    = flags("subjectAlternativeNameType", "subjectAlternativeNameType", "none", sanTypeMembers...)
	keyUsageProp   = flags("keyUsage", "keyUsages", "keyEncipherment,digitalSignature", "keyEncipherment", "digitalSignature")
	hashProp       = flags("hashAlgorithm", "hashAlgorithms", "sha2", "sha1", "sha2")

	renewalProp  = propSpec{name: "renewalThresholdPercentage", kind: pkInt32, edm: "Edm.Int32", min: 1, max: 99, def: int64(20)}
	validityProp = propSpec{name: "certificateValidityPeriodValue", kind: pkInt32, edm: "Edm.Int32", min: -1 << 31, max: 1<<31 - 1, def: int64(1)}
	allowAllProp = propSpec{name: "allowAllAppsAccess", kind: pkBool, edm: "Edm.Boolean", def: false}
	scepURLsProp = propSpec{name: "scepServerUrls", kind: pkStrings, edm: "Collection(Edm.String)", def: []any{}}

	ekuProp = propSpec{name: "extendedKeyUsages", kind: pkObjects, object: "microsoft.graph.extendedKeyUsage", maxItems: 500, def: []any{},
		fields: []propSpec{str("name"), str("objectIdentifier")}}
	customSANProp = propSpec{name: "customSubjectAlternativeNames", kind: pkObjects, object: "microsoft.graph.customSubjectAlternativeName", maxItems: 500, def: []any{},
		fields: []propSpec{func() propSpec { p := flags("sanType", "subjectAlternativeNameType", nil, sanTypeMembers...); return p }(), str("name")}}
	silentAccessProp = propSpec{name: "silentCertificateAccessDetails", kind: pkObjects, object: silentAccessType, maxItems: 50, def: []any{},
		fields: []propSpec{str("packageId")}}

	trustedCertProp = propSpec{name: "trustedRootCertificate", kind: pkBinary, edm: "Edm.Binary", required: true, cert: true}
	certFileProp    = str("certFileName")

	sanFormatProp     = str("subjectAlternativeNameFormatString")
	subjectFormatProp = str("subjectNameFormatString")
	authorityProp     = str("certificationAuthority")
	authorityNameProp = str("certificationAuthorityName")
	templateProp      = str("certificateTemplateName")
)

const silentAccessType = "microsoft.graph.androidDeviceOwnerSilentCertificateAccess"

// Base classes of the SCEP, PKCS and imported-PFX types.
var (
	windowsBase = []propSpec{validityScaleProp, validityProp, keyStorageProp, renewalProp, sanTypeProp, subjectNameFormatProp}
	appleBase   = []propSpec{validityScaleProp, validityProp, renewalProp, sanTypeProp, appleSubjectNameFormatProp}
	androidBase = []propSpec{validityScaleProp, validityProp, ekuProp, renewalProp, sanTypeProp, subjectNameFormatProp}
	scepCommon  = []propSpec{keySizeProp, keyUsageProp, scepURLsProp, sanFormatProp, subjectFormatProp}
	pkcsCommon  = []propSpec{templateProp, authorityProp, authorityNameProp, sanFormatProp}
)

func join(lists ...[]propSpec) []propSpec {
	var out []propSpec
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// withoutDefaults keeps what a create of an imported-PFX type stores as it
// always was: the base classes' properties are accepted, not defaulted.
func withoutDefaults(ps []propSpec) []propSpec {
	out := make([]propSpec, len(ps))
	for i, p := range ps {
		p.def = nil
		out[i] = p
	}
	return out
}

func one(ps ...propSpec) []propSpec { return ps }

const mg = "microsoft.graph."

var profileTypes = map[string]profileType{
	// Imported PFX (six types, as they always were, plus their bases).
	mg + "windows10ImportedPFXCertificateProfile": {family: "importedPfx", platform: "windows10AndLater", states: true,
		props: join(one(intendedPurposeProp, keyStorageProp), withoutDefaults(windowsBase))},
	mg + "iosImportedPFXCertificateProfile": {family: "importedPfx", platform: "iOS", states: true,
		props: one(intendedPurposeProp)},
	mg + "macOSImportedPFXCertificateProfile": {family: "importedPfx", platform: "macOS", states: true,
		props: join(one(intendedPurposeProp, deploymentChannelProp), withoutDefaults(appleBase))},
	mg + "androidDeviceOwnerImportedPFXCertificateProfile": {family: "importedPfx", platform: "android", states: true,
		root: mg + "androidDeviceOwnerTrustedRootCertificate", linkRefused: true,
		props: join(one(intendedPurposeProp, certificateAccessProp, silentAccessProp), withoutDefaults(androidBase))},
	mg + "androidForWorkImportedPFXCertificateProfile": {family: "importedPfx", platform: "androidWorkProfile", states: true,
		root: mg + "androidTrustedRootCertificate", linkRefused: true,
		props: join(one(intendedPurposeProp), withoutDefaults(androidBase))},
	mg + "androidImportedPFXCertificateProfile": {family: "importedPfx", platform: "android", states: true,
		root: mg + "androidTrustedRootCertificate", linkRefused: true,
		props: join(one(intendedPurposeProp), withoutDefaults(androidBase))},

	// Trusted certificate profiles.
	mg + "windows81TrustedRootCertificate":          {family: "trusted", props: one(trustedCertProp, certFileProp, destinationStoreProp)},
	mg + "iosTrustedRootCertificate":                {family: "trusted", props: one(trustedCertProp, certFileProp)},
	mg + "macOSTrustedRootCertificate":              {family: "trusted", props: one(trustedCertProp, certFileProp, deploymentChannelProp)},
	mg + "androidTrustedRootCertificate":            {family: "trusted", props: one(trustedCertProp, certFileProp)},
	mg + "androidWorkProfileTrustedRootCertificate": {family: "trusted", props: one(trustedCertProp, certFileProp)},
	mg + "androidForWorkTrustedRootCertificate":     {family: "trusted", props: one(trustedCertProp, certFileProp)},
	mg + "androidDeviceOwnerTrustedRootCertificate": {family: "trusted", props: one(trustedCertProp, certFileProp)},
	mg + "aospDeviceOwnerTrustedRootCertificate":    {family: "trusted", props: one(trustedCertProp, certFileProp)},

	// SCEP.
	mg + "windows81SCEPCertificateProfile": {family: "scep", platform: "windows10AndLater", states: true,
		root:  mg + "windows81TrustedRootCertificate",
		props: join(windowsBase, one(customSANProp, ekuProp, certificateStoreProp, hashProp), scepCommon)},
	mg + "iosScepCertificateProfile": {family: "scep", platform: "iOS", states: true,
		root:  mg + "iosTrustedRootCertificate",
		props: join(appleBase, one(certificateStoreProp, customSANProp, ekuProp), scepCommon)},
	mg + "macOSScepCertificateProfile": {family: "scep", platform: "macOS", states: true,
		root: mg + "macOSTrustedRootCertificate",
		props: join(appleBase, one(allowAllProp, certificateStoreProp, customSANProp, deploymentChannelProp, ekuProp, hashProp),
			scepCommon)},
	mg + "androidScepCertificateProfile": {family: "scep", platform: "android", states: true,
		root:  mg + "androidTrustedRootCertificate",
		props: join(androidBase, one(hashProp), scepCommon)},
	mg + "androidWorkProfileScepCertificateProfile": {family: "scep", platform: "androidWorkProfile", states: true,
		root: mg + "androidWorkProfileTrustedRootCertificate", duplicateEKU: true,
		props: join(androidBase, one(certificateStoreProp, customSANProp, hashProp), scepCommon)},
	mg + "androidForWorkScepCertificateProfile": {family: "scep", platform: "androidForWork", states: true,
		root:  mg + "androidForWorkTrustedRootCertificate",
		props: join(androidBase, one(certificateStoreProp, customSANProp, hashProp), scepCommon)},
	mg + "androidDeviceOwnerScepCertificateProfile": {family: "scep", platform: "android", states: true,
		root: mg + "androidDeviceOwnerTrustedRootCertificate", duplicateEKU: true,
		props: join(androidBase, one(certificateAccessProp, certificateStoreProp, customSANProp, hashProp, silentAccessProp), scepCommon)},
	mg + "aospDeviceOwnerScepCertificateProfile": {family: "scep", platform: "androidAOSP", states: true,
		root:  mg + "aospDeviceOwnerTrustedRootCertificate",
		props: join(androidBase, one(certificateStoreProp, customSANProp, hashProp), scepCommon)},

	// PKCS.
	mg + "windows10PkcsCertificateProfile": {family: "pkcs", platform: "windows10AndLater", states: true,
		props: join(windowsBase, one(certificateStoreProp, customSANProp, ekuProp, subjectFormatProp), pkcsCommon)},
	mg + "iosPkcsCertificateProfile": {family: "pkcs", platform: "iOS", states: true,
		props: join(appleBase, one(certificateStoreProp, customSANProp, subjectFormatProp), pkcsCommon)},
	mg + "macOSPkcsCertificateProfile": {family: "pkcs", platform: "macOS", states: true,
		props: join(appleBase, one(allowAllProp, certificateStoreProp, customSANProp, deploymentChannelProp, subjectFormatProp), pkcsCommon)},
	mg + "androidPkcsCertificateProfile": {family: "pkcs", platform: "android", states: true,
		root:  mg + "androidTrustedRootCertificate",
		props: join(androidBase, pkcsCommon)},
	mg + "androidWorkProfilePkcsCertificateProfile": {family: "pkcs", platform: "androidWorkProfile", states: true,
		root: mg + "androidWorkProfileTrustedRootCertificate", duplicateEKU: true,
		props: join(androidBase, one(certificateStoreProp, customSANProp, subjectFormatProp), pkcsCommon)},
	mg + "androidForWorkPkcsCertificateProfile": {family: "pkcs", platform: "androidForWork", states: true,
		root:  mg + "androidForWorkTrustedRootCertificate",
		props: join(androidBase, pkcsCommon)},
	mg + "androidDeviceOwnerPkcsCertificateProfile": {family: "pkcs", platform: "android", states: true,
		root: mg + "androidDeviceOwnerTrustedRootCertificate", duplicateEKU: true,
		props: join(androidBase, one(certificateAccessProp, certificateStoreProp, authorityTypeProp, customSANProp, silentAccessProp, subjectFormatProp), pkcsCommon)},
	mg + "aospDeviceOwnerPkcsCertificateProfile": {family: "pkcs", platform: "androidAOSP", states: true,
		root:  mg + "aospDeviceOwnerTrustedRootCertificate",
		props: join(androidBase, one(certificateStoreProp, authorityTypeProp, customSANProp, subjectFormatProp), pkcsCommon)},
}

// spec returns the type's property called name.
func (t profileType) spec(name string) (propSpec, bool) {
	for _, p := range t.props {
		if p.name == name {
			return p, true
		}
	}
	return propSpec{}, false
}
