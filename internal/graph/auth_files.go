package graph

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"software.sslmate.com/src/go-pkcs12"
)

// readAuthFiles reads client_id_file_path and client_secret_file_path into
// their values, and checks that every file agrees with the inline value set
// beside it: two sources that disagree are a mistake to report, not a
// choice to make silently.
func readAuthFiles(s AuthSettings) (AuthSettings, error) {
	var err error
	if s.ClientID, err = fromFile(s.ClientID, s.ClientIDFilePath, "client_id", "client_id_file_path"); err != nil {
		return s, err
	}
	if s.ClientSecret, err = fromFile(s.ClientSecret, s.ClientSecretFilePath, "client_secret", "client_secret_file_path"); err != nil {
		return s, err
	}
	if s.OIDCToken != "" && s.OIDCTokenFilePath != "" {
		if _, err := fromFile(s.OIDCToken, s.OIDCTokenFilePath, "oidc_token", "oidc_token_file_path"); err != nil {
			return s, err
		}
	}
	if s.ClientCertificate != "" && s.ClientCertificatePath != "" {
		inline, err := decodeCertificate(s.ClientCertificate)
		if err != nil {
			return s, err
		}
		file, err := os.ReadFile(s.ClientCertificatePath)
		if err != nil {
			return s, fmt.Errorf("reading %s: %w", label("client_certificate_path"), err)
		}
		if !bytes.Equal(inline, file) {
			return s, disagree("client_certificate", "client_certificate_path")
		}
	}
	return s, nil
}

// fromFile returns the trimmed content of path, or inline when path is "".
func fromFile(inline, path, attribute, pathAttribute string) (string, error) {
	if path == "" {
		return inline, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", label(pathAttribute), err)
	}
	v := strings.TrimSpace(string(b))
	if v == "" {
		return "", fmt.Errorf("%s names the empty file %q", label(pathAttribute), path)
	}
	if inline != "" && inline != v {
		return "", disagree(attribute, pathAttribute)
	}
	return v, nil
}

func disagree(attribute, pathAttribute string) error {
	return fmt.Errorf("%s and %s are both set and disagree: set only one of them", label(attribute), label(pathAttribute))
}

func decodeCertificate(b64 string) ([]byte, error) {
	der, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(b64), ""))
	if err != nil {
		return nil, fmt.Errorf("%s is not base64 (encode the PKCS#12 file, e.g. base64 -w0 cert.pfx): %w", label("client_certificate"), err)
	}
	return der, nil
}

func buildCertificate(s AuthSettings, o credentialOptions) (azcore.TokenCredential, error) {
	certs, key, err := loadCertificate(s)
	if err != nil {
		return nil, err
	}
	return azidentity.NewClientCertificateCredential(s.TenantID, s.ClientID, certs, key,
		&azidentity.ClientCertificateCredentialOptions{ClientOptions: o.client, DisableInstanceDiscovery: o.noDiscovery})
}

// loadCertificate reads the certificate and its RSA key from
// client_certificate (base64 PKCS#12) or client_certificate_path (PKCS#12 or
// PEM).
func loadCertificate(s AuthSettings) ([]*x509.Certificate, crypto.PrivateKey, error) {
	source := label("client_certificate")
	var data []byte
	var err error
	if s.ClientCertificate != "" {
		data, err = decodeCertificate(s.ClientCertificate)
	} else {
		source = label("client_certificate_path")
		data, err = os.ReadFile(s.ClientCertificatePath)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", source, err)
	}
	certs, key, err := parseCertificate(data, s.ClientCertificatePassword)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", source, err)
	}
	if _, ok := key.(*rsa.PrivateKey); !ok {
		return nil, nil, fmt.Errorf("%s holds a %T key; Entra ID accepts only RSA keys for client certificates", source, key)
	}
	return certs, key, nil
}

// parseCertificate reads PEM (certificate and unencrypted key) or PKCS#12,
// both the legacy 3DES/RC2 files and the AES-256 files that current Windows,
// Key Vault and OpenSSL 3 write.
func parseCertificate(data []byte, password string) ([]*x509.Certificate, crypto.PrivateKey, error) {
	if bytes.Contains(data, []byte("-----BEGIN")) {
		certs, key, err := azidentity.ParseCertificates(data, nil)
		if err != nil {
			return nil, nil, fmt.Errorf("reading the PEM certificate and key: %w", err)
		}
		return certs, key, nil
	}
	key, cert, chain, err := pkcs12.DecodeChain(data, password)
	switch {
	case errors.Is(err, pkcs12.ErrIncorrectPassword) && password == "":
		return nil, nil, fmt.Errorf("the PKCS#12 file is protected by a password: set %s", label("client_certificate_password"))
	case errors.Is(err, pkcs12.ErrIncorrectPassword):
		return nil, nil, fmt.Errorf("%s does not open the PKCS#12 file", label("client_certificate_password"))
	case err != nil:
		return nil, nil, fmt.Errorf("not a PKCS#12 file or PEM certificate with its key: %w", err)
	}
	return append([]*x509.Certificate{cert}, chain...), key, nil
}
