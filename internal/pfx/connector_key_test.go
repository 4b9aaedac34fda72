package pfx

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"strings"
	"testing"
)

// keyForms are the three ways a connector key is given.
func keyForms(k *rsa.PublicKey) map[string]string {
	spki, _ := x509.MarshalPKIXPublicKey(k)
	return map[string]string{
		"PEM SPKI":   string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: spki})),
		"PEM PKCS#1": string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(k)})),
		"CNG blob":   base64.StdEncoding.EncodeToString(cngBlob(k, 0x31415352)),
	}
}

// TestParsePublicKeyByteOrderMark: Windows PowerShell 5.1 writes UTF-8 files
// with a byte-order mark, which file() passes on.
func TestParsePublicKeyByteOrderMark(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	for name, s := range keyForms(&key.PublicKey) {
		for _, in := range []string{"\uFEFF" + s, "\uFEFF" + strings.ReplaceAll(s, "\n", "\r\n")} {
			got, err := ParsePublicKey(in)
			if err != nil {
				t.Errorf("%s with a byte-order mark: %v", name, err)
				continue
			}
			if !got.Equal(&key.PublicKey) {
				t.Errorf("%s with a byte-order mark: a different key came out", name)
			}
		}
	}
}

// TestParsePublicKeyRefusesShortKeys: under 2048 bits is refused, in every
// form, with the size in the message.
func TestParsePublicKeyRefusesShortKeys(t *testing.T) {
	short, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	for name, s := range keyForms(&short.PublicKey) {
		_, err := ParsePublicKey(s)
		if err == nil || !strings.Contains(err.Error(), "1024 bits") || !strings.Contains(err.Error(), "at least 2048") {
			t.Errorf("%s, 1024 bits: got %v, want a refusal naming the size", name, err)
		}
	}
	long, err := rsa.GenerateKey(rand.Reader, 3072)
	if err != nil {
		t.Fatal(err)
	}
	for name, s := range keyForms(&long.PublicKey) {
		if _, err := ParsePublicKey(s); err != nil {
			t.Errorf("%s, 3072 bits: %v", name, err)
		}
	}
}

// TestPasswordLengthLimit: RSA-OAEP carries k - 2*hLen - 2 bytes; a password
// of that length encrypts and one byte more is ErrTooLong, before any
// encryption is tried.
func TestPasswordLengthLimit(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	for scheme, want := range map[string]int{"oaepSha256": 190, "oaepSha384": 158, "oaepSha512": 126} {
		got, err := MaxPasswordLength(&key.PublicKey, scheme)
		if err != nil || got != want {
			t.Errorf("%s: MaxPasswordLength = %d, %v; want %d", scheme, got, err, want)
		}
		if _, err := EncryptPassword(&key.PublicKey, strings.Repeat("a", want), scheme); err != nil {
			t.Errorf("%s: a %d-character password: %v", scheme, want, err)
		}
		_, err = EncryptPassword(&key.PublicKey, strings.Repeat("a", want+1), scheme)
		if !errors.Is(err, ErrTooLong) || !strings.Contains(err.Error(), "at most") {
			t.Errorf("%s: a %d-character password: got %v, want ErrTooLong with the limit", scheme, want+1, err)
		}
	}
}
