package emulator

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"
)

// testRootDER is a self-signed CA certificate, DER.
func testRootDER(t testing.TB) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Test Root"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

var trustedTypes = []string{"windows81TrustedRootCertificate", "iosTrustedRootCertificate", "macOSTrustedRootCertificate",
	"androidTrustedRootCertificate", "androidWorkProfileTrustedRootCertificate", "androidForWorkTrustedRootCertificate",
	"androidDeviceOwnerTrustedRootCertificate", "aospDeviceOwnerTrustedRootCertificate"}

// TestTrustedCertificateProfiles: the eight trusted types go through create,
// read, PATCH, assign, list and delete like the imported-PFX types, with
// their defaults and certFileName kept.
func TestTrustedCertificateProfiles(t *testing.T) {
	v := newEnv(t, Config{})
	der := base64.StdEncoding.EncodeToString(testRootDER(t))
	for _, typ := range trustedTypes {
		resp, p := v.do(req{method: "POST", path: configs, body: map[string]any{
			"@odata.type": "#microsoft.graph." + typ, "displayName": "root " + typ,
			"trustedRootCertificate": der, "certFileName": "root.cer",
		}})
		if resp.StatusCode != 201 {
			t.Fatalf("%s: create answered %d %v", typ, resp.StatusCode, p)
		}
		id := p["id"].(string)
		if p["trustedRootCertificate"] != der || p["certFileName"] != "root.cer" || p["version"] != float64(1) {
			t.Errorf("%s: create answered %v", typ, p)
		}
		switch typ {
		case "windows81TrustedRootCertificate":
			if p["destinationStore"] != "computerCertStoreRoot" {
				t.Errorf("%s: destinationStore %v, want computerCertStoreRoot", typ, p["destinationStore"])
			}
		case "macOSTrustedRootCertificate":
			if p["deploymentChannel"] != "deviceChannel" {
				t.Errorf("%s: deploymentChannel %v, want deviceChannel", typ, p["deploymentChannel"])
			}
		default:
			if _, ok := p["destinationStore"]; ok {
				t.Errorf("%s has destinationStore", typ)
			}
		}
		if resp, m := v.do(req{method: "GET", path: configs + "/" + id}); resp.StatusCode != 200 || m["certFileName"] != "root.cer" {
			t.Errorf("%s: GET %d %v", typ, resp.StatusCode, m)
		}
		resp, p = v.do(req{method: "PATCH", path: configs + "/" + id, body: map[string]any{
			"@odata.type": "#microsoft.graph." + typ, "displayName": "renamed " + typ}})
		if resp.StatusCode != 200 || p["displayName"] != "renamed "+typ || p["version"] != float64(2) || p["trustedRootCertificate"] != der {
			t.Errorf("%s: PATCH %d %v", typ, resp.StatusCode, p)
		}
		resp, m := v.do(req{method: "POST", path: configs + "/" + id + "/assign", body: map[string]any{"assignments": []any{
			map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}}}}})
		if resp.StatusCode != 200 || len(m["value"].([]any)) != 1 {
			t.Errorf("%s: assign %d %v", typ, resp.StatusCode, m)
		}
		_, m = v.do(req{method: "GET", path: configs + "?$filter=displayName%20eq%20'renamed%20" + typ + "'"})
		if len(m["value"].([]any)) != 1 {
			t.Errorf("%s: list %v", typ, m)
		}
		if resp, _ := v.do(req{method: "GET", path: configs + "/" + id + "/microsoft.graph." + typ + "/managedDeviceCertificateStates"}); resp.StatusCode != 400 {
			t.Errorf("%s: delivery states answered %d, want 400 (trusted types have none)", typ, resp.StatusCode)
		}
		if resp, _ := v.do(req{method: "DELETE", path: configs + "/" + id}); resp.StatusCode != 204 {
			t.Errorf("%s: delete %d", typ, resp.StatusCode)
		}
	}
}

// TestTrustedCertificateChecks: trustedRootCertificate must be base64 of
// one DER certificate; line breaks in the base64 are read and dropped.
func TestTrustedCertificateChecks(t *testing.T) {
	v := newEnv(t, Config{})
	raw := testRootDER(t)
	der := base64.StdEncoding.EncodeToString(raw)
	pemText := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: raw}))
	typ := "#microsoft.graph.iosTrustedRootCertificate"
	for name, body := range map[string]map[string]any{
		"no certificate":     {"@odata.type": typ, "displayName": "x"},
		"not base64":         {"@odata.type": typ, "displayName": "x", "trustedRootCertificate": "not base64!"},
		"PEM text":           {"@odata.type": typ, "displayName": "x", "trustedRootCertificate": pemText},
		"base64 of PEM":      {"@odata.type": typ, "displayName": "x", "trustedRootCertificate": base64.StdEncoding.EncodeToString([]byte(pemText))},
		"base64 of garbage":  {"@odata.type": typ, "displayName": "x", "trustedRootCertificate": base64.StdEncoding.EncodeToString([]byte("garbage"))},
		"two certificates":   {"@odata.type": typ, "displayName": "x", "trustedRootCertificate": base64.StdEncoding.EncodeToString(append(raw, raw...))},
		"a number":           {"@odata.type": typ, "displayName": "x", "trustedRootCertificate": 5},
		"destinationStore":   {"@odata.type": typ, "displayName": "x", "trustedRootCertificate": der, "destinationStore": "computerCertStoreRoot"},
		"bad store":          {"@odata.type": "#microsoft.graph.windows81TrustedRootCertificate", "displayName": "x", "trustedRootCertificate": der, "destinationStore": "root"},
		"SCEP property":      {"@odata.type": typ, "displayName": "x", "trustedRootCertificate": der, "keySize": "size2048"},
		"bind on a trusted":  {"@odata.type": typ, "displayName": "x", "trustedRootCertificate": der, "rootCertificate@odata.bind": v.e.GraphURL() + "/beta/deviceManagement/deviceConfigurations('x')"},
		"macOS bad channel":  {"@odata.type": "#microsoft.graph.macOSTrustedRootCertificate", "displayName": "x", "trustedRootCertificate": der, "deploymentChannel": "both"},
		"certFileName array": {"@odata.type": typ, "displayName": "x", "trustedRootCertificate": der, "certFileName": []any{"a"}},
	} {
		resp, m := v.do(req{method: "POST", path: configs, body: body})
		if resp.StatusCode != 400 || errCode(m) != "BadRequest" || errMessage(m) == "" {
			t.Errorf("%s: create answered %d %v, want 400 BadRequest", name, resp.StatusCode, m)
		}
	}
	wrapped := der[:40] + "\r\n" + der[40:]
	resp, p := v.do(req{method: "POST", path: configs, body: map[string]any{"@odata.type": typ, "displayName": "x", "trustedRootCertificate": wrapped}})
	if resp.StatusCode != 201 || p["trustedRootCertificate"] != der {
		t.Fatalf("wrapped base64: %d %v, want 201 with the base64 unwrapped", resp.StatusCode, p)
	}
	resp, m := v.do(req{method: "PATCH", path: configs + "/" + p["id"].(string), body: map[string]any{"@odata.type": typ, "trustedRootCertificate": "AAAA"}})
	if resp.StatusCode != 400 {
		t.Errorf("PATCH to a non-certificate answered %d %v, want 400", resp.StatusCode, m)
	}
	resp, m = v.do(req{method: "PATCH", path: configs + "/" + p["id"].(string), body: map[string]any{
		"@odata.type": "#microsoft.graph.macOSTrustedRootCertificate", "displayName": "y"}})
	if resp.StatusCode != 400 {
		t.Errorf("PATCH naming another type answered %d %v, want 400", resp.StatusCode, m)
	}
}

var scepTypes = []string{"windows81SCEPCertificateProfile", "iosScepCertificateProfile", "macOSScepCertificateProfile",
	"androidScepCertificateProfile", "androidWorkProfileScepCertificateProfile", "androidForWorkScepCertificateProfile",
	"androidDeviceOwnerScepCertificateProfile", "aospDeviceOwnerScepCertificateProfile"}

var pkcsTypes = []string{"windows10PkcsCertificateProfile", "iosPkcsCertificateProfile", "macOSPkcsCertificateProfile",
	"androidPkcsCertificateProfile", "androidWorkProfilePkcsCertificateProfile", "androidForWorkPkcsCertificateProfile",
	"androidDeviceOwnerPkcsCertificateProfile", "aospDeviceOwnerPkcsCertificateProfile"}

// TestScepPkcsDefaults: every SCEP and PKCS type is created from a display
// name alone, with the defaults ASSUMPTIONS.md lists, and serves its
// delivery states behind its cast.
func TestScepPkcsDefaults(t *testing.T) {
	v := newEnv(t, Config{})
	for _, typ := range append(append([]string{}, scepTypes...), pkcsTypes...) {
		resp, p := v.do(req{method: "POST", path: configs, body: map[string]any{"@odata.type": "#microsoft.graph." + typ, "displayName": typ}})
		if resp.StatusCode != 201 {
			t.Fatalf("%s: create %d %v", typ, resp.StatusCode, p)
		}
		if p["renewalThresholdPercentage"] != float64(20) || p["certificateValidityPeriodValue"] != float64(1) ||
			p["certificateValidityPeriodScale"] != "years" || p["subjectAlternativeNameType"] != "none" || p["subjectNameFormat"] != "commonName" {
			t.Errorf("%s: defaults %v", typ, p)
		}
		if strings.Contains(typ, "Scep") || strings.Contains(typ, "SCEP") {
			if p["keySize"] != "size1024" || p["keyUsage"] != "keyEncipherment,digitalSignature" || fmt.Sprint(p["scepServerUrls"]) != "[]" {
				t.Errorf("%s: SCEP defaults %v", typ, p)
			}
		}
		id := p["id"].(string)
		if _, ok := v.e.DeliverCertificate(id, nil); !ok {
			t.Fatal("DeliverCertificate: no profile")
		}
		resp, m := v.do(req{method: "GET", path: configs + "/" + id + "/microsoft.graph." + typ + "/managedDeviceCertificateStates"})
		if resp.StatusCode != 200 || len(m["value"].([]any)) != 1 {
			t.Errorf("%s: states %d %v", typ, resp.StatusCode, m)
		}
	}
}

// TestScepPkcsProperties: each type takes the properties its SDK model and
// bases carry, and refuses the others.
func TestScepPkcsProperties(t *testing.T) {
	v := newEnv(t, Config{})
	create := func(typ string, extra map[string]any) (int, map[string]any) {
		body := map[string]any{"@odata.type": "#microsoft.graph." + typ, "displayName": "p"}
		for k, x := range extra {
			body[k] = x
		}
		resp, m := v.do(req{method: "POST", path: configs, body: body})
		return resp.StatusCode, m
	}
	eku := []any{map[string]any{"name": "Client Authentication", "objectIdentifier": "1.3.6.1.5.5.7.3.2"}}
	san := []any{map[string]any{"sanType": "userPrincipalName", "name": "{{UserPrincipalName}}"}}
	for _, tc := range []struct {
		typ   string
		props map[string]any
		want  int
	}{
		{"windows81SCEPCertificateProfile", map[string]any{"keyStorageProvider": "useSoftwareKsp", "hashAlgorithm": "sha1,sha2", "certificateStore": "machine",
			"extendedKeyUsages": eku, "customSubjectAlternativeNames": san, "scepServerUrls": []any{"https://ndes/certsrv/mscep/mscep.dll"},
			"subjectNameFormat": "custom", "subjectNameFormatString": "CN={{UserPrincipalName}}", "keySize": "size4096"}, 201},
		{"iosScepCertificateProfile", map[string]any{"hashAlgorithm": "sha2"}, 400},
		{"iosScepCertificateProfile", map[string]any{"subjectNameFormat": "commonNameAsAadDeviceId"}, 400}, // Apple enum
		{"iosScepCertificateProfile", map[string]any{"subjectNameFormat": "commonNameAsIMEI", "extendedKeyUsages": eku}, 201},
		{"macOSScepCertificateProfile", map[string]any{"allowAllAppsAccess": true, "deploymentChannel": "userChannel", "hashAlgorithm": "sha1"}, 201},
		{"macOSScepCertificateProfile", map[string]any{"allowAllAppsAccess": "yes"}, 400},
		{"androidScepCertificateProfile", map[string]any{"certificateStore": "user"}, 400},
		{"androidScepCertificateProfile", map[string]any{"customSubjectAlternativeNames": san}, 400},
		{"androidWorkProfileScepCertificateProfile", map[string]any{"certificateStore": "user", "customSubjectAlternativeNames": san}, 201},
		{"androidDeviceOwnerScepCertificateProfile", map[string]any{"certificateAccessType": "specificApps",
			"silentCertificateAccessDetails": []any{map[string]any{"packageId": "com.example"}}}, 201},
		{"aospDeviceOwnerScepCertificateProfile", map[string]any{"certificateAccessType": "specificApps"}, 400},
		{"windows10PkcsCertificateProfile", map[string]any{"keyStorageProvider": "useTpmKspOtherwiseFail", "certificationAuthority": "ca.contoso.com",
			"certificationAuthorityName": "Contoso CA", "certificateTemplateName": "User", "extendedKeyUsages": eku}, 201},
		{"windows10PkcsCertificateProfile", map[string]any{"keySize": "size2048"}, 400},
		{"windows10PkcsCertificateProfile", map[string]any{"certificationAuthorityType": "microsoft"}, 400},
		{"iosPkcsCertificateProfile", map[string]any{"extendedKeyUsages": eku}, 400},
		{"macOSPkcsCertificateProfile", map[string]any{"allowAllAppsAccess": false, "deploymentChannel": "deviceChannel"}, 201},
		{"androidPkcsCertificateProfile", map[string]any{"subjectNameFormatString": "CN=x"}, 400},
		{"androidPkcsCertificateProfile", map[string]any{"subjectAlternativeNameFormatString": "x", "extendedKeyUsages": eku}, 201},
		{"androidForWorkPkcsCertificateProfile", map[string]any{"certificateStore": "user"}, 400},
		{"androidDeviceOwnerPkcsCertificateProfile", map[string]any{"certificationAuthorityType": "digiCert", "certificateAccessType": "userApproval"}, 201},
		{"androidDeviceOwnerPkcsCertificateProfile", map[string]any{"certificationAuthorityType": "entrust"}, 400},
		{"aospDeviceOwnerPkcsCertificateProfile", map[string]any{"certificationAuthorityType": "notConfigured"}, 201},
		{"androidWorkProfilePkcsCertificateProfile", map[string]any{"certificationAuthorityType": "microsoft"}, 400},
		{"androidWorkProfilePkcsCertificateProfile", map[string]any{"renewalThresholdPercentage": 1, "certificateValidityPeriodValue": 2}, 201},
		{"androidWorkProfilePkcsCertificateProfile", map[string]any{"renewalThresholdPercentage": 99}, 201},
		{"androidWorkProfilePkcsCertificateProfile", map[string]any{"renewalThresholdPercentage": 0}, 400},
		{"androidWorkProfilePkcsCertificateProfile", map[string]any{"renewalThresholdPercentage": 100}, 400},
		{"androidWorkProfilePkcsCertificateProfile", map[string]any{"renewalThresholdPercentage": 20.5}, 400},
		{"androidWorkProfilePkcsCertificateProfile", map[string]any{"renewalThresholdPercentage": "20"}, 400},
		{"androidWorkProfilePkcsCertificateProfile", map[string]any{"certificateValidityPeriodValue": 1 << 31}, 400},
		{"androidWorkProfilePkcsCertificateProfile", map[string]any{"certificateValidityPeriodScale": "weeks"}, 400},
		{"androidWorkProfilePkcsCertificateProfile", map[string]any{"customSubjectAlternativeNames": []any{map[string]any{"sanType": "ip", "name": "x"}}}, 400},
		{"androidWorkProfilePkcsCertificateProfile", map[string]any{"customSubjectAlternativeNames": []any{map[string]any{"type": "x"}}}, 400},
		{"androidWorkProfilePkcsCertificateProfile", map[string]any{"extendedKeyUsages": []any{map[string]any{"oid": "1.2"}}}, 400},
		{"androidWorkProfilePkcsCertificateProfile", map[string]any{"extendedKeyUsages": []any{map[string]any{"@odata.type": "#microsoft.graph.keyUsage"}}}, 400},
		{"androidWorkProfilePkcsCertificateProfile", map[string]any{"extendedKeyUsages": "x"}, 400},
		{"windows81SCEPCertificateProfile", map[string]any{"scepServerUrls": []any{1}}, 400},
		{"windows81SCEPCertificateProfile", map[string]any{"intendedPurpose": "vpn"}, 400},
	} {
		if got, m := create(tc.typ, tc.props); got != tc.want {
			t.Errorf("%s %v: create answered %d %v, want %d", tc.typ, tc.props, got, m, tc.want)
		}
	}
}

// TestFlagsEnums: flags are comma-joined member names with any spacing;
// Graph's answer has the members in declared order.
func TestFlagsEnums(t *testing.T) {
	v := newEnv(t, Config{})
	typ := "#microsoft.graph.windows81SCEPCertificateProfile"
	resp, p := v.do(req{method: "POST", path: configs, body: map[string]any{"@odata.type": typ, "displayName": "f",
		"keyUsage": " digitalSignature ,keyEncipherment", "hashAlgorithm": "sha2, sha1", "subjectAlternativeNameType": "userPrincipalName,emailAddress",
		"customSubjectAlternativeNames": []any{map[string]any{"sanType": "domainNameService , userPrincipalName", "name": "x"}}}})
	if resp.StatusCode != 201 || p["keyUsage"] != "keyEncipherment,digitalSignature" || p["hashAlgorithm"] != "sha1,sha2" ||
		p["subjectAlternativeNameType"] != "emailAddress,userPrincipalName" ||
		p["customSubjectAlternativeNames"].([]any)[0].(map[string]any)["sanType"] != "userPrincipalName,domainNameService" {
		t.Fatalf("create: %d %v", resp.StatusCode, p)
	}
	for _, bad := range []string{"sign", "keyEncipherment,,digitalSignature", "", "keyEncipherment;digitalSignature", "KeyEncipherment"} {
		resp, m := v.do(req{method: "POST", path: configs, body: map[string]any{"@odata.type": typ, "displayName": "f", "keyUsage": bad}})
		if resp.StatusCode != 400 {
			t.Errorf("keyUsage %q: %d %v, want 400", bad, resp.StatusCode, m)
		}
	}
	v.e.SetBehavior(Behavior{FlagsSeparator: ", "})
	resp, p = v.do(req{method: "PATCH", path: configs + "/" + p["id"].(string), body: map[string]any{"@odata.type": typ, "keyUsage": "digitalSignature,keyEncipherment"}})
	if resp.StatusCode != 200 || p["keyUsage"] != "keyEncipherment, digitalSignature" {
		t.Fatalf("PATCH with FlagsSeparator: %d %v", resp.StatusCode, p)
	}
}

// TestDuplicateAnyPurposeEKU: the Android device-owner and work-profile SCEP
// and PKCS types answer an "Any Purpose" EKU twice, on create and on a
// PATCH that carries the list; the others and a PATCH without the list
// leave it alone; Behavior.KeepExtendedKeyUsages turns it off.
func TestDuplicateAnyPurposeEKU(t *testing.T) {
	v := newEnv(t, Config{})
	anyEKU := map[string]any{"name": "Any Purpose", "objectIdentifier": anyPurposeOID}
	client := map[string]any{"name": "Client Authentication", "objectIdentifier": "1.3.6.1.5.5.7.3.2"}
	count := func(p map[string]any) int {
		n := 0
		list, _ := p["extendedKeyUsages"].([]any)
		for _, it := range list {
			if it.(map[string]any)["objectIdentifier"] == anyPurposeOID {
				n++
			}
		}
		return n
	}
	for typ, want := range map[string]int{
		"androidDeviceOwnerScepCertificateProfile": 2, "androidDeviceOwnerPkcsCertificateProfile": 2,
		"androidWorkProfileScepCertificateProfile": 2, "androidWorkProfilePkcsCertificateProfile": 2,
		"androidScepCertificateProfile": 1, "aospDeviceOwnerPkcsCertificateProfile": 1, "windows81SCEPCertificateProfile": 1,
	} {
		resp, p := v.do(req{method: "POST", path: configs, body: map[string]any{"@odata.type": "#microsoft.graph." + typ, "displayName": "e",
			"extendedKeyUsages": []any{client, anyEKU}}})
		if resp.StatusCode != 201 || count(p) != want || len(p["extendedKeyUsages"].([]any)) != want+1 {
			t.Errorf("%s create: %d %v, want %d Any Purpose", typ, resp.StatusCode, p["extendedKeyUsages"], want)
			continue
		}
		id := p["id"].(string)
		_, p = v.do(req{method: "PATCH", path: configs + "/" + id, body: map[string]any{"@odata.type": "#microsoft.graph." + typ, "displayName": "e2"}})
		if count(p) != want {
			t.Errorf("%s PATCH without EKUs: %v", typ, p["extendedKeyUsages"])
		}
		_, p = v.do(req{method: "PATCH", path: configs + "/" + id, body: map[string]any{"@odata.type": "#microsoft.graph." + typ, "extendedKeyUsages": []any{anyEKU}}})
		if count(p) != want || len(p["extendedKeyUsages"].([]any)) != want {
			t.Errorf("%s PATCH with EKUs: %v, want %d Any Purpose", typ, p["extendedKeyUsages"], want)
		}
	}
	v.e.SetBehavior(Behavior{KeepExtendedKeyUsages: true})
	_, p := v.do(req{method: "POST", path: configs, body: map[string]any{"@odata.type": "#microsoft.graph.androidDeviceOwnerScepCertificateProfile",
		"displayName": "e", "extendedKeyUsages": []any{anyEKU}}})
	if count(p) != 1 {
		t.Errorf("KeepExtendedKeyUsages: %v, want one Any Purpose", p["extendedKeyUsages"])
	}
}
