package provider

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1" //nolint:gosec // the thumbprint's definition
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// testCA is a certificate made for a test and its key, to issue others.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

var testCertEpoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// makeTestCert issues a certificate for subject, valid from the epoch until
// notAfter, signed by parent (self-signed when parent is nil).
func makeTestCert(t testing.TB, subject pkix.Name, isCA bool, notAfter time.Time, parent *testCA) testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               subject,
		NotBefore:             testCertEpoch,
		NotAfter:              notAfter,
		BasicConstraintsValid: true,
		IsCA:                  isCA,
		KeyUsage:              x509.KeyUsageDigitalSignature,
	}
	if isCA {
		tmpl.KeyUsage |= x509.KeyUsageCertSign | x509.KeyUsageCRLSign
	}
	issuer, signer := tmpl, key
	if parent != nil {
		issuer, signer = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, issuer, &key.PublicKey, signer)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return testCA{cert: cert, key: key}
}

// testChain is a root, an issuing CA under it, a leaf under that, and an
// expired root.
type testChain struct{ root, issuing, leaf, expired testCA }

func newTestChain(t testing.TB) testChain {
	t.Helper()
	root := makeTestCert(t, pkix.Name{CommonName: "Contoso Root CA", Organization: []string{"Contoso"}, Country: []string{"US"}},
		true, time.Date(2045, 1, 1, 0, 0, 0, 0, time.UTC), nil)
	issuing := makeTestCert(t, pkix.Name{CommonName: "Contoso Issuing CA 1", Organization: []string{"Contoso"}},
		true, time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC), &root)
	return testChain{
		root:    root,
		issuing: issuing,
		leaf:    makeTestCert(t, pkix.Name{CommonName: "alice@contoso.example"}, false, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), &issuing),
		expired: makeTestCert(t, pkix.Name{CommonName: "Old Root"}, true, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), nil),
	}
}

func pemOf(typ string, der []byte) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}))
}

func b64(der []byte) string { return base64.StdEncoding.EncodeToString(der) }

// wrap breaks s into lines of n characters joined by sep.
func wrap(s string, n int, sep string) string {
	var lines []string
	for len(s) > n {
		lines, s = append(lines, s[:n]), s[n:]
	}
	return strings.Join(append(lines, s), sep)
}

func keyPEM(t *testing.T, key *ecdsa.PrivateKey) string {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pemOf("PRIVATE KEY", der)
}

func TestCertificateDERAcceptsPEMAndBase64(t *testing.T) {
	c := newTestChain(t)
	der := c.root.cert.Raw
	p := pemOf("CERTIFICATE", der)
	for name, in := range map[string]string{
		"pem":                     p,
		"pem without newline":     strings.TrimSuffix(p, "\n"),
		"pem with crlf":           strings.ReplaceAll(p, "\n", "\r\n"),
		"pem with whitespace":     "\n\n  " + p + "\t\n ",
		"base64":                  b64(der),
		"base64 wrapped":          wrap(b64(der), 64, "\n"),
		"base64 wrapped in crlf":  wrap(b64(der), 76, "\r\n") + "\r\n",
		"base64 with whitespace":  "  " + b64(der) + "\n",
		"heredoc-style pem (lf)":  "-----BEGIN CERTIFICATE-----\n" + wrap(b64(der), 64, "\n") + "\n-----END CERTIFICATE-----\n",
		"pem with long base64":    "-----BEGIN CERTIFICATE-----\n" + b64(der) + "\n-----END CERTIFICATE-----",
		"pem with crlf, trailing": strings.ReplaceAll(p, "\n", "\r\n") + "\r\n\r\n",
	} {
		got, err := certificateDER(in)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if string(got) != string(der) {
			t.Errorf("%s: DER differs from the certificate's", name)
		}
	}
}

func TestCertificateDERRefusals(t *testing.T) {
	c := newTestChain(t)
	root, issuing := c.root.cert.Raw, c.issuing.cert.Raw
	key := keyPEM(t, c.root.key)
	keyDER, _ := pem.Decode([]byte(key))
	for _, tc := range []struct {
		name, in, summary, says string
	}{
		{"empty", "", "Not a certificate", "came out empty"},
		{"whitespace", " \r\n\t", "Not a certificate", "came out empty"},
		{"a word", "certificate", "Not a certificate", "nor valid base64"},
		{"a thumbprint", "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567", "Not a certificate", "does not hold an X.509 certificate"},
		{"base64 of text", b64([]byte("hello, world")), "Not a certificate", "does not hold an X.509 certificate"},
		{"base64 of a pem file", b64([]byte(pemOf("CERTIFICATE", root))), "Not a certificate", "not filebase64()"},
		{"a private key", key, "Not a certificate", `type "PRIVATE KEY"`},
		{"a public key", pemOf("PUBLIC KEY", c.root.cert.RawSubjectPublicKeyInfo), "Not a certificate", `type "PUBLIC KEY"`},
		{"a key then the certificate", key + pemOf("CERTIFICATE", root), "Not a certificate", "A private key must not"},
		{"the certificate then its key", pemOf("CERTIFICATE", root) + key, "More than one PEM block", "A private key must not"},
		{"a pem bundle", pemOf("CERTIFICATE", issuing) + pemOf("CERTIFICATE", root), "More than one certificate", "bundle or chain"},
		{"a pem bundle in crlf", strings.ReplaceAll(pemOf("CERTIFICATE", root)+"\n"+pemOf("CERTIFICATE", issuing), "\n", "\r\n"),
			"More than one certificate", "bundle or chain"},
		{"two der certificates", b64(append(append([]byte{}, root...), issuing...)), "More than one certificate", "one after the other"},
		{"der and trailing bytes", b64(append(append([]byte{}, root...), 0, 1, 2)), "Not a certificate", "followed by other data"},
		{"pem and trailing text", pemOf("CERTIFICATE", root) + "trailing", "Not a certificate", "text after"},
		{"text before pem", "subject=CN = Contoso Root CA\n" + pemOf("CERTIFICATE", root), "Not a certificate", "text before"},
		{"pem without end", "-----BEGIN CERTIFICATE-----\n" + b64(root) + "\n", "Not a certificate", "malformed"},
		{"malformed pem then a good one", "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n" + pemOf("CERTIFICATE", root),
			"Not a certificate", "malformed"},
		{"pem certificate holding a key", pemOf("CERTIFICATE", keyDER.Bytes), "Not a certificate", "does not hold an X.509 certificate"},
		{"truncated base64", b64(root)[:100], "Not a certificate", "does not hold an X.509 certificate"},
	} {
		_, err := certificateDER(tc.in)
		var ce *certificateError
		if !errors.As(err, &ce) {
			t.Errorf("%s: error %v, want a certificateError", tc.name, err)
			continue
		}
		if ce.summary != tc.summary || !strings.Contains(ce.detail, tc.says) {
			t.Errorf("%s: %q: %q, want %q saying %q", tc.name, ce.summary, ce.detail, tc.summary, tc.says)
		}
		if !strings.Contains(ce.detail, `file("root.pem")`) && !strings.Contains(ce.detail, "one profile per certificate") {
			t.Errorf("%s: %q does not say what to do", tc.name, ce.detail)
		}
		// Never a line of the input in the message (it may be a key), other
		// than PEM's armour lines.
		for _, line := range strings.Split(tc.in, "\n") {
			line = strings.TrimSpace(line)
			if len(line) >= 16 && !strings.HasPrefix(line, "-----") && strings.Contains(ce.detail, line) {
				t.Errorf("%s: the message quotes the input: %q", tc.name, line)
			}
		}
	}
}

func TestCertificateValidateAttribute(t *testing.T) {
	c := newTestChain(t)
	key := keyPEM(t, c.root.key)
	for _, tc := range []struct {
		name  string
		v     certificateValue
		error bool
	}{
		{"pem", newCertificateValue(pemOf("CERTIFICATE", c.root.cert.Raw)), false},
		{"der", newCertificateValue(b64(c.root.cert.Raw)), false},
		{"null", certificateValue{StringValue: basetypes.NewStringNull()}, false},
		{"unknown", certificateValue{StringValue: basetypes.NewStringUnknown()}, false},
		{"a key", newCertificateValue(key), true},
		{"a bundle", newCertificateValue(pemOf("CERTIFICATE", c.root.cert.Raw) + pemOf("CERTIFICATE", c.issuing.cert.Raw)), true},
	} {
		resp := &xattr.ValidateAttributeResponse{}
		tc.v.ValidateAttribute(context.Background(), xattr.ValidateAttributeRequest{Path: path.Root("certificate")}, resp)
		if resp.Diagnostics.HasError() != tc.error {
			t.Errorf("%s: error = %v, want %v (%v)", tc.name, resp.Diagnostics.HasError(), tc.error, resp.Diagnostics)
			continue
		}
		for _, d := range resp.Diagnostics.Errors() {
			wp, ok := d.(diag.DiagnosticWithPath)
			if !ok || !wp.Path().Equal(path.Root("certificate")) || !strings.HasPrefix(d.Detail(), "certificate: ") {
				t.Errorf("%s: %q does not name the attribute", tc.name, d.Detail())
			}
			if strings.Contains(d.Detail(), strings.Split(key, "\n")[1]) {
				t.Errorf("%s: the message echoes the private key", tc.name)
			}
		}
	}
}

func TestCertificateSemanticEquality(t *testing.T) {
	c := newTestChain(t)
	root, issuing := c.root.cert.Raw, c.issuing.cert.Raw
	for _, tc := range []struct {
		name  string
		a, b  certificateValue
		equal bool
	}{
		{"pem and der", newCertificateValue(pemOf("CERTIFICATE", root)), newCertificateValue(b64(root)), true},
		{"der and pem", newCertificateValue(b64(root)), newCertificateValue(pemOf("CERTIFICATE", root)), true},
		{"pem in lf and crlf", newCertificateValue(pemOf("CERTIFICATE", root)),
			newCertificateValue(strings.ReplaceAll(pemOf("CERTIFICATE", root), "\n", "\r\n")), true},
		{"der and wrapped der", newCertificateValue(b64(root)), newCertificateValue(wrap(b64(root), 64, "\n")), true},
		{"another certificate", newCertificateValue(pemOf("CERTIFICATE", root)), newCertificateValue(b64(issuing)), false},
		{"invalid on both sides", newCertificateValue("x"), newCertificateValue("x "), false},
		{"invalid and valid", newCertificateValue("x"), newCertificateValue(b64(root)), false},
		{"null", certificateValue{StringValue: basetypes.NewStringNull()}, newCertificateValue(b64(root)), false},
		{"unknown", newCertificateValue(b64(root)), certificateValue{StringValue: basetypes.NewStringUnknown()}, false},
	} {
		got, diags := tc.a.StringSemanticEquals(context.Background(), tc.b)
		if diags.HasError() || got != tc.equal {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.equal)
		}
	}
}

func TestCertificateFacts(t *testing.T) {
	c := newTestChain(t)
	der := c.root.cert.Raw
	got, err := certificateFactsOf(der)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha1.Sum(der) //nolint:gosec // the thumbprint's definition
	want := certificateFacts{
		Thumbprint:         hex.EncodeToString(sum[:]),
		Subject:            "CN=Contoso Root CA,O=Contoso,C=US",
		ExpirationDateTime: "2045-01-01T00:00:00Z",
		CertFileName:       "Contoso-Root-CA.cer",
	}
	if got != want {
		t.Errorf("facts = %+v, want %+v", got, want)
	}
	if got.Thumbprint != strings.ToLower(got.Thumbprint) || len(got.Thumbprint) != 40 {
		t.Errorf("thumbprint %q is not 40 lower-case hex digits", got.Thumbprint)
	}
	if _, err := certificateFactsOf([]byte("not der")); err == nil {
		t.Error("facts of garbage: no error")
	}
}

func TestDefaultCertFileName(t *testing.T) {
	noCN := makeTestCert(t, pkix.Name{Organization: []string{"Contoso"}}, true, time.Date(2045, 1, 1, 0, 0, 0, 0, time.UTC), nil)
	for _, tc := range []struct {
		cn, want string
	}{
		{"Contoso Root CA 2025", "Contoso-Root-CA-2025.cer"},
		{"contoso.example issuing_CA", "contoso.example-issuing_CA.cer"},
		{"../../etc/passwd", "etc-passwd.cer"},
		{"  Root  //  CA  ", "Root-CA.cer"},
		{"Zürich Root", "Z-rich-Root.cer"},
		{strings.Repeat("a", 70), strings.Repeat("a", 64) + ".cer"},
		{strings.Repeat("a", 63) + " b", strings.Repeat("a", 63) + ".cer"},
	} {
		cert := &x509.Certificate{Subject: pkix.Name{CommonName: tc.cn}}
		if got := defaultCertFileName(cert); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.cn, got, tc.want)
		}
	}
	for _, cn := range []string{"", "東京", " - . "} {
		cert := &x509.Certificate{Subject: pkix.Name{CommonName: cn}, Raw: noCN.cert.Raw}
		if got, want := defaultCertFileName(cert), certificateThumbprint(noCN.cert.Raw)+".cer"; got != want {
			t.Errorf("%q: %q, want the thumbprint %q", cn, got, want)
		}
	}
}

func TestCertificateWarnings(t *testing.T) {
	c := newTestChain(t)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	expiredLeaf := makeTestCert(t, pkix.Name{CommonName: "bob"}, false, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), &c.issuing)
	certificate, store := path.Root("certificate"), path.Root("destination_store")
	type warning struct {
		path    path.Path
		summary string
		fix     string
	}
	expired := warning{certificate, "Certificate expired", "set certificate to the CA's renewed certificate"}
	notCA := warning{certificate, "Not a CA certificate", "Set certificate to the CA certificate that issued it"}
	rootInIntermediate := warning{store, "Root certificate sent to an intermediate store", `Set destination_store = "computerCertStoreRoot"`}
	for _, tc := range []struct {
		name            string
		cert            testCA
		platform, store string
		want            []warning
	}{
		{"root to the root store", c.root, "windows10", "computerCertStoreRoot", nil},
		{"root, store left to Intune", c.root, "windows10", "", nil},
		{"root on ios", c.root, "ios", "", nil},
		{"issuing CA to the computer intermediate store", c.issuing, "windows10", "computerCertStoreIntermediate", nil},
		{"issuing CA to the user intermediate store", c.issuing, "windows10", "userCertStoreIntermediate", nil},
		{"root to the computer intermediate store", c.root, "windows10", "computerCertStoreIntermediate", []warning{rootInIntermediate}},
		{"root to the user intermediate store", c.root, "windows10", "userCertStoreIntermediate", []warning{rootInIntermediate}},
		{"a store on another platform is not Windows'", c.root, "macos", "computerCertStoreIntermediate", nil},
		{"expired root", c.expired, "macos", "", []warning{expired}},
		{"leaf", c.leaf, "android_device_owner", "", []warning{notCA}},
		{"expired leaf", expiredLeaf, "windows10", "", []warning{expired, notCA}},
		{"expired root to an intermediate store", c.expired, "windows10", "userCertStoreIntermediate", []warning{expired, rootInIntermediate}},
	} {
		diags := certificateWarnings(tc.cert.cert.Raw, tc.platform, tc.store, now)
		if diags.HasError() || len(diags) != len(tc.want) {
			t.Errorf("%s: %v, want %d warnings", tc.name, diags, len(tc.want))
			continue
		}
		for i, d := range diags {
			wp, ok := d.(diag.DiagnosticWithPath)
			w := tc.want[i]
			if !ok || !wp.Path().Equal(w.path) || d.Summary() != w.summary || !strings.Contains(d.Detail(), w.fix) {
				t.Errorf("%s: warning %d = %q: %q, want %q on %s saying %q", tc.name, i, d.Summary(), d.Detail(), w.summary, w.path, w.fix)
			}
			if !strings.Contains(d.Detail(), tc.cert.cert.Subject.String()) {
				t.Errorf("%s: %q does not name the certificate", tc.name, d.Detail())
			}
		}
	}
	// The day it expires is still valid; a second later it is not.
	notAfter := c.expired.cert.NotAfter
	if d := certificateWarnings(c.expired.cert.Raw, "ios", "", notAfter); len(d) != 0 {
		t.Errorf("at NotAfter: %v, want none", d)
	}
	if d := certificateWarnings(c.expired.cert.Raw, "ios", "", notAfter.Add(time.Second)); len(d) != 1 {
		t.Errorf("after NotAfter: %v, want the expiry", d)
	}
	if d := certificateWarnings([]byte("garbage"), "windows10", "computerCertStoreIntermediate", now); len(d) != 0 {
		t.Errorf("garbage: %v, want none (validation refuses it)", d)
	}
}

// FuzzCertificateDER: no input panics, and an accepted input round-trips:
// its DER, written as PEM or as base64, reads back as the same DER and is
// semantically equal to the input.
func FuzzCertificateDER(f *testing.F) {
	c := newTestChain(f)
	root := c.root.cert.Raw
	for _, s := range []string{
		pemOf("CERTIFICATE", root),
		strings.ReplaceAll(pemOf("CERTIFICATE", root), "\n", "\r\n"),
		b64(root),
		wrap(b64(root), 64, "\r\n"),
		pemOf("CERTIFICATE", root) + pemOf("CERTIFICATE", c.issuing.cert.Raw),
		b64(append(append([]byte{}, root...), c.issuing.cert.Raw...)),
		pemOf("EC PRIVATE KEY", []byte{1, 2, 3}),
		"-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----",
		"-----BEGIN", "", " ", "====", "MA==", "MIIB", "\x00\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		der, err := certificateDER(in)
		if err != nil {
			var ce *certificateError
			if !errors.As(err, &ce) || ce.summary == "" || ce.detail == "" {
				t.Fatalf("refusal without a summary and detail: %v", err)
			}
			return
		}
		for _, again := range []string{pemOf("CERTIFICATE", der), b64(der)} {
			back, err := certificateDER(again)
			if err != nil || string(back) != string(der) {
				t.Fatalf("accepted DER does not round-trip: %v", err)
			}
			if eq, _ := newCertificateValue(in).StringSemanticEquals(context.Background(), newCertificateValue(again)); !eq {
				t.Fatal("the input and its DER re-encoded are not semantically equal")
			}
		}
		if _, err := certificateFactsOf(der); err != nil {
			t.Fatalf("accepted DER has no facts: %v", err)
		}
	})
}

func TestCertificateFromGraph(t *testing.T) {
	c := newTestChain(t)
	root, issuing := c.root.cert.Raw, c.issuing.cert.Raw
	asPEM := newCertificateValue(pemOf("CERTIFICATE", root))
	for _, tc := range []struct {
		name  string
		prior certificateValue
		graph []byte
		want  string
	}{
		{"same certificate keeps the written PEM", asPEM, root, asPEM.ValueString()},
		{"same certificate keeps the written base64", newCertificateValue(wrap(b64(root), 64, "\n")), root, wrap(b64(root), 64, "\n")},
		{"another certificate in Graph", asPEM, issuing, b64(issuing)},
		{"import: no prior value", certificateValue{StringValue: basetypes.NewStringNull()}, root, b64(root)},
		{"unknown prior value", certificateValue{StringValue: basetypes.NewStringUnknown()}, root, b64(root)},
		{"invalid prior value", newCertificateValue("x"), root, b64(root)},
	} {
		if got := certificateFromGraph(tc.prior, tc.graph); got.IsNull() || got.ValueString() != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got.ValueString(), tc.want)
		}
	}
}

// TestCertificateDescriptions: the descriptions the schema takes state the
// rules this file implements, with an example that holds.
func TestCertificateDescriptions(t *testing.T) {
	for _, name := range []string{"certificate", "cert_file_name", "thumbprint", "subject", "expiration_date_time"} {
		if certificateDescriptions[name] == "" {
			t.Errorf("no description for %s", name)
		}
	}
	for name, says := range map[string]string{"subject": "RFC 4514", "thumbprint": "lower-case hexadecimal", "expiration_date_time": "RFC 3339"} {
		if !strings.Contains(certificateDescriptions[name], says) {
			t.Errorf("%s: %q does not say %q", name, certificateDescriptions[name], says)
		}
	}
	example := &x509.Certificate{Subject: pkix.Name{CommonName: "Contoso Root CA"}}
	if d, want := certificateDescriptions["cert_file_name"], "`"+defaultCertFileName(example)+"`"; !strings.Contains(d, want) {
		t.Errorf("cert_file_name: %q does not give the example %s", d, want)
	}
}
