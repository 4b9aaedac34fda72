package provider

import (
	"bytes"
	"context"
	"crypto/sha1" //nolint:gosec // a thumbprint is SHA-1 by definition, not a security check
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A trusted certificate profile's certificate is written either as one PEM
// CERTIFICATE block (file("root.pem")) or as base64 of the DER
// (filebase64("root.cer")); Graph stores and answers base64 of the DER. The
// certificate type accepts both, refuses at plan time whatever is not exactly
// one certificate, and treats the same certificate in either encoding as
// equal, so switching encodings, or reading Graph's answer, is no change.
//
// Messages never quote the value: a PEM paste may hold a private key.

var (
	_ basetypes.StringTypable                    = certificateType{}
	_ basetypes.StringValuableWithSemanticEquals = certificateValue{}
	_ xattr.ValidateableAttribute                = certificateValue{}
)

type certificateType struct{ basetypes.StringType }

func (t certificateType) Equal(o attr.Type) bool { _, ok := o.(certificateType); return ok }

func (t certificateType) String() string { return "certificateType" }

func (t certificateType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return certificateValue{StringValue: in}, nil
}

func (t certificateType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	s, err := stringFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	return certificateValue{StringValue: s}, nil
}

func (t certificateType) ValueType(context.Context) attr.Value { return certificateValue{} }

type certificateValue struct{ basetypes.StringValue }

// newCertificateValue holds s as written (PEM or base64 of the DER).
func newCertificateValue(s string) certificateValue {
	return certificateValue{StringValue: basetypes.NewStringValue(s)}
}

func (v certificateValue) Type(context.Context) attr.Type { return certificateType{} }

func (v certificateValue) Equal(o attr.Value) bool {
	other, ok := o.(certificateValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals: the same DER is the same certificate, whichever
// encoding each side is written in. A value that does not parse equals
// nothing but itself (the framework compares the strings first).
func (v certificateValue) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	other, ok := newValuable.(certificateValue)
	if !ok || v.IsNull() || v.IsUnknown() || other.IsNull() || other.IsUnknown() {
		return false, nil
	}
	a, errA := certificateDER(v.ValueString())
	b, errB := certificateDER(other.ValueString())
	return errA == nil && errB == nil && bytes.Equal(a, b), nil
}

func (v certificateValue) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	if _, err := certificateDER(v.ValueString()); err != nil {
		var ce *certificateError
		summary := "Invalid certificate"
		if errors.As(err, &ce) {
			summary = ce.summary
		}
		resp.Diagnostics.AddAttributeError(req.Path, summary, fmt.Sprintf("%s: %s", req.Path, err))
	}
}

// certificateFromGraph is the certificate attribute after a read: the prior
// value as the user wrote it when Graph holds the same certificate, else
// base64 of what Graph holds (after an import, or a change made outside
// Terraform), which the next plan shows as a change.
func certificateFromGraph(prior certificateValue, der []byte) certificateValue {
	if !prior.IsNull() && !prior.IsUnknown() {
		if p, err := certificateDER(prior.ValueString()); err == nil && bytes.Equal(p, der) {
			return prior
		}
	}
	return newCertificateValue(base64.StdEncoding.EncodeToString(der))
}

// certificateDescriptions are the MarkdownDescriptions of the attributes the
// certificate type and its facts serve, for the resource's schema.
var certificateDescriptions = map[string]string{
	"certificate": "The certificate to deliver, without its key: one PEM `CERTIFICATE` block (`file(\"root.pem\")`) " +
		"or base64 of the DER (`filebase64(\"root.cer\")`). Sent to Intune as base64 of the DER; the same " +
		"certificate in the other encoding is no change. Anything else, or more than one certificate, is an error " +
		"when Terraform plans.",
	"cert_file_name": "The certificate's file name in Intune (`certFileName`). When left out: the subject's common name, " +
		"with every run of characters other than ASCII letters, digits, `.`, `-` and `_` replaced by `-`, plus " +
		"`.cer` (`Contoso Root CA` gives `Contoso-Root-CA.cer`); the thumbprint plus `.cer` without a usable common name.",
	"thumbprint": "The certificate's SHA-1 thumbprint, in lower-case hexadecimal, computed from `certificate` when Terraform plans.",
	"subject": "The certificate's subject as an RFC 4514 string, as Go's `crypto/x509` writes it (`pkix.Name.String`): " +
		"most specific attribute first, e.g. `CN=Contoso Root CA,O=Contoso,C=US`. Computed from `certificate` when Terraform plans.",
	"expiration_date_time": "When the certificate expires (its NotAfter), RFC 3339 in UTC. Computed from `certificate` " +
		"when Terraform plans; an expired certificate gives a warning.",
}

// certificateError is a refusal of the value: a summary for the diagnostic
// and a detail that says what to do. It never contains the value.
type certificateError struct{ summary, detail string }

func (e *certificateError) Error() string { return e.detail }

const certificateFix = `Set it to one PEM certificate, file("root.pem") (a single -----BEGIN CERTIFICATE----- block), ` +
	`or to base64 of the DER certificate, filebase64("root.cer").`

func notACertificate(why string) error {
	return &certificateError{"Not a certificate", why + " " + certificateFix}
}

func onlyOneCertificate(summary, why string) error {
	return &certificateError{summary, why + " A trusted certificate profile holds exactly one " +
		"certificate: create one profile per certificate (the root, and each issuing CA), and give each its own " +
		`file, e.g. with "openssl x509 -in bundle.pem -out root.pem" for the first certificate of a bundle.`}
}

// certificateDER returns the DER bytes of the certificate written as one PEM
// CERTIFICATE block or as base64 of the DER (whitespace around it, CRLF line
// ends and line-wrapped base64 allowed). Graph gets base64 of these bytes as
// trustedRootCertificate. The error says what is wrong and what to do, and
// never quotes the input.
func certificateDER(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return nil, notACertificate("The value is empty; if it comes from a file or a variable, that came out empty.")
	case strings.Contains(s, "-----BEGIN"):
		return pemCertificate(s)
	}
	der, err := base64.StdEncoding.DecodeString(strings.Map(dropSpace, s))
	if err != nil {
		return nil, notACertificate("The value is neither a PEM block (-----BEGIN CERTIFICATE-----) nor valid base64.")
	}
	if t := bytes.TrimSpace(der); bytes.HasPrefix(t, []byte("-----BEGIN")) {
		return nil, notACertificate(`The value is base64 of a PEM file: pass a PEM file with file(), not filebase64().`)
	}
	return derCertificate(der)
}

func dropSpace(r rune) rune {
	if unicode.IsSpace(r) {
		return -1
	}
	return r
}

// pemCertificate reads s, trimmed, as exactly one PEM CERTIFICATE block and
// nothing else.
func pemCertificate(s string) ([]byte, error) {
	if !strings.HasPrefix(s, "-----BEGIN") {
		return nil, notACertificate(`The value has text before its "-----BEGIN" line: remove it, so that the value is the PEM block alone ` +
			`("openssl x509 -in root.pem -out root.pem" writes just the certificate).`)
	}
	block, rest := pem.Decode([]byte(s))
	// pem.Decode skips what it cannot read up to the next BEGIN line, so a
	// malformed first block shows as a BEGIN in what it consumed.
	if block == nil || strings.Count(s[:len(s)-len(rest)], "-----BEGIN") != 1 {
		return nil, notACertificate("The value starts like PEM, but its first block is malformed (a missing or mismatched " +
			"-----END line, or a body that is not base64).")
	}
	if block.Type != "CERTIFICATE" {
		return nil, &certificateError{"Not a certificate", fmt.Sprintf("The value is a PEM block of type %s, not CERTIFICATE. %s%s",
			pemTypeName(block.Type), keyAdvice(block.Type), certificateFix)}
	}
	switch rest = bytes.TrimSpace(rest); {
	case len(rest) == 0:
	case !bytes.HasPrefix(rest, []byte("-----BEGIN")):
		return nil, notACertificate(`The value has text after its "-----END CERTIFICATE-----" line: remove it.`)
	default:
		next, _ := pem.Decode(rest)
		switch {
		case next == nil:
			return nil, onlyOneCertificate("More than one PEM block", "The value holds more than one PEM block.")
		case next.Type == "CERTIFICATE":
			return nil, onlyOneCertificate("More than one certificate", "The value holds several PEM CERTIFICATE blocks (a bundle or chain).")
		default:
			return nil, onlyOneCertificate("More than one PEM block", fmt.Sprintf("The value holds more than one PEM block: after the certificate, a block of type %s. %s",
				pemTypeName(next.Type), keyAdvice(next.Type)))
		}
	}
	return derCertificate(block.Bytes)
}

// pemTypeName quotes a PEM block's type, cut short: it comes from the
// user's text, though never from a key's body.
func pemTypeName(t string) string {
	if len(t) > 40 {
		t = t[:40] + "..."
	}
	return fmt.Sprintf("%q", t)
}

func keyAdvice(pemType string) string {
	if strings.Contains(pemType, "PRIVATE KEY") {
		return "A private key must not go into a trusted certificate profile (devices get only the certificate): " +
			"remove it from the value, and treat the key as exposed if this configuration was shared. "
	}
	return ""
}

// derCertificate parses der as exactly one X.509 certificate.
func derCertificate(der []byte) ([]byte, error) {
	var first asn1.RawValue
	rest, err := asn1.Unmarshal(der, &first)
	if err == nil && len(rest) > 0 {
		if _, err := x509.ParseCertificate(rest); err == nil {
			return nil, onlyOneCertificate("More than one certificate", "The value holds more than one DER certificate, one after the other.")
		}
		if _, err := x509.ParseCertificate(der[:len(der)-len(rest)]); err == nil {
			return nil, notACertificate("The value holds a certificate followed by other data: remove what follows it.")
		}
	}
	if _, err := x509.ParseCertificate(der); err != nil {
		return nil, notACertificate(fmt.Sprintf("The value does not hold an X.509 certificate (%s); a .p7b or .pfx file is "+
			"not one: export the single CA certificate as .cer or .pem.", err))
	}
	return der, nil
}

// certificateFacts are the values a trusted certificate profile computes from
// its certificate at plan time.
type certificateFacts struct {
	// Thumbprint is the lower-case hex SHA-1 of the DER.
	Thumbprint string
	// Subject is the subject as crypto/x509's pkix.Name.String writes it:
	// RFC 4514 (RFC 2253), most specific attribute first, e.g.
	// "CN=Contoso Root CA,O=Contoso,C=US".
	Subject string
	// ExpirationDateTime is NotAfter in RFC 3339, UTC.
	ExpirationDateTime string
	// CertFileName is the default cert_file_name (defaultCertFileName).
	CertFileName string
}

// certificateFactsOf returns the computed facts of a DER certificate (as
// certificateDER returns it).
func certificateFactsOf(der []byte) (certificateFacts, error) {
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return certificateFacts{}, err
	}
	return certificateFacts{
		Thumbprint:         certificateThumbprint(der),
		Subject:            cert.Subject.String(),
		ExpirationDateTime: cert.NotAfter.UTC().Format(time.RFC3339),
		CertFileName:       defaultCertFileName(cert),
	}, nil
}

func certificateThumbprint(der []byte) string {
	sum := sha1.Sum(der) //nolint:gosec // see the import
	return hex.EncodeToString(sum[:])
}

// defaultCertFileName is the cert_file_name of a certificate when the
// configuration sets none: the subject's common name with every run of
// characters other than ASCII letters, digits, '.', '-' and '_' replaced by
// one '-', '-' and '.' trimmed from both ends, cut to 64 characters, plus
// ".cer"; the thumbprint plus ".cer" when that leaves nothing. "Contoso Root
// CA 2025" gives "Contoso-Root-CA-2025.cer".
func defaultCertFileName(cert *x509.Certificate) string {
	var b strings.Builder
	dash := false
	for _, r := range cert.Subject.CommonName {
		if r <= unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_') {
			b.WriteRune(r)
			dash = false
		} else if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	name := strings.Trim(b.String(), "-.")
	if len(name) > 64 {
		name = strings.Trim(name[:64], "-.")
	}
	if name == "" {
		name = certificateThumbprint(cert.Raw)
	}
	return name + ".cer"
}

// The Windows destination stores that hold intermediate CAs.
var intermediateStores = map[string]bool{
	"computerCertStoreIntermediate": true,
	"userCertStoreIntermediate":     true,
}

// certificateWarnings are the plan-time warnings for a DER certificate sent
// to platform (the platform attribute's value) and, on windows10, to
// destinationStore (empty when Intune's default, the root store, applies), as
// of now: expired; not a CA certificate; a self-signed root sent to an
// intermediate store. Each is attached to the attribute to change. An
// unparsable certificate gives none (the attribute's validation refuses it).
func certificateWarnings(der []byte, platform, destinationStore string, now time.Time) diag.Diagnostics {
	var diags diag.Diagnostics
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return diags
	}
	certificate := path.Root("certificate")
	name := fmt.Sprintf("The certificate %q (thumbprint %s)", cert.Subject.String(), certificateThumbprint(der))
	if now.After(cert.NotAfter) {
		diags.AddAttributeWarning(certificate, "Certificate expired",
			fmt.Sprintf("%s expired on %s. Devices do not trust an expired CA, so the certificates that chain to it "+
				"stop working: set certificate to the CA's renewed certificate.", name, cert.NotAfter.UTC().Format(time.RFC3339)))
	}
	if !cert.BasicConstraintsValid || !cert.IsCA {
		diags.AddAttributeWarning(certificate, "Not a CA certificate",
			fmt.Sprintf("%s is not a CA certificate: its Basic Constraints extension does not say CA. A trusted "+
				"certificate profile delivers the root or issuing CA that devices' certificates chain to; a user's or "+
				"server's own certificate does not go here. Set certificate to the CA certificate that issued it.", name))
	}
	if platform == "windows10" && intermediateStores[destinationStore] && selfSigned(cert) {
		diags.AddAttributeWarning(path.Root("destination_store"), "Root certificate sent to an intermediate store",
			fmt.Sprintf("%s is self-signed (a root CA), and destination_store is %q: Windows does not take a root "+
				"as a trust anchor from the intermediate store. Set destination_store = \"computerCertStoreRoot\" "+
				"(or leave it out), or set certificate to the issuing CA's certificate.", name, destinationStore))
	}
	return diags
}

// selfSigned: issued by its own subject and signed with its own key.
func selfSigned(cert *x509.Certificate) bool {
	return bytes.Equal(cert.RawSubject, cert.RawIssuer) &&
		cert.CheckSignature(cert.SignatureAlgorithm, cert.RawTBSCertificate, cert.Signature) == nil
}
