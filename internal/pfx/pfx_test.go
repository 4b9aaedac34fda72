package pfx

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // Intune's thumbprint
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"hash"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

// selfSigned makes a certificate and key valid from notBefore for a year.
func selfSigned(t *testing.T, cn string, notBefore time.Time) (*x509.Certificate, *rsa.PrivateKey) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    notBefore,
		NotAfter:     notBefore.AddDate(1, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert, key
}

func TestOpenModernAndLegacy(t *testing.T) {
	nb := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	cert, key := selfSigned(t, "alice", nb)
	for name, enc := range map[string]*pkcs12.Encoder{"modern AES/PBES2": pkcs12.Modern, "legacy 3DES": pkcs12.LegacyDES, "legacy RC2": pkcs12.LegacyRC2} {
		t.Run(name, func(t *testing.T) {
			data, err := enc.Encode(key, cert, nil, "p@ss w0rd!")
			if err != nil {
				t.Fatal(err)
			}
			got, err := Open(data, "p@ss w0rd!")
			if err != nil {
				t.Fatal(err)
			}
			if got.Thumbprint != thumbprintOf(cert) || !got.NotBefore.Equal(nb) || !got.NotAfter.Equal(nb.AddDate(1, 0, 0)) {
				t.Errorf("got %+v", got)
			}
			if _, err := Open(data, "wrong"); !errors.Is(err, ErrWrongPassword) {
				t.Errorf("wrong password: got %v, want ErrWrongPassword", err)
			}
		})
	}
}

func thumbprintOf(c *x509.Certificate) string {
	sum := sha1.Sum(c.Raw) //nolint:gosec // Intune's thumbprint
	return hex.EncodeToString(sum[:])
}

// TestOpenPicksTheKeysCertificate: a PFX whose chain comes before the
// user's certificate yields the user's certificate.
func TestOpenPicksTheKeysCertificate(t *testing.T) {
	ca, _ := selfSigned(t, "ca", time.Now())
	user, key := selfSigned(t, "user", time.Now())
	// DecodeChain takes the first certificate as the leaf: put the CA first.
	data, err := pkcs12.Modern.Encode(key, ca, []*x509.Certificate{user}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Open(data, "pw")
	if err != nil {
		t.Fatal(err)
	}
	if got.Thumbprint != thumbprintOf(user) || got.Subject != "CN=user" {
		t.Errorf("got %+v, want the user's certificate", got)
	}
}

func TestOpenRefuses(t *testing.T) {
	cert, _ := selfSigned(t, "no key", time.Now())
	trust, err := pkcs12.Modern.EncodeTrustStore([]*x509.Certificate{cert}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(trust, "pw"); !errors.Is(err, ErrNoKeyPair) {
		t.Errorf("certificate without key: got %v, want ErrNoKeyPair", err)
	}
	if _, err := Open([]byte("not a pfx"), "pw"); err == nil || errors.Is(err, ErrWrongPassword) {
		t.Errorf("garbage: got %v", err)
	}
	if _, err := Open(trust, "pässword"); !errors.Is(err, ErrNotASCII) {
		t.Errorf("non-ASCII: got %v, want ErrNotASCII", err)
	}
}

// TestOpenOpenSSLFiles is a known-answer test against another implementation:
// openssl makes the PFX (its default AES-256 and its -legacy 3DES/RC2) and
// names the SHA-1 fingerprint.
func TestOpenOpenSSLFiles(t *testing.T) {
	requireOpenSSL(t)
	dir := t.TempDir()
	run := func(args ...string) string {
		t.Helper()
		out, err := exec.Command("openssl", args...).CombinedOutput()
		if err != nil {
			t.Fatalf("openssl %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	key, crt := filepath.Join(dir, "k.pem"), filepath.Join(dir, "c.pem")
	run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", crt, "-days", "30", "-subj", "/CN=openssl")
	fp := run("x509", "-in", crt, "-noout", "-fingerprint", "-sha1")
	_, hexfp, _ := strings.Cut(strings.TrimSpace(fp), "=")
	want := strings.ToLower(strings.ReplaceAll(hexfp, ":", ""))
	for name, extra := range map[string][]string{
		"aes":    nil,
		"legacy": {"-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES", "-macalg", "sha1"},
	} {
		t.Run(name, func(t *testing.T) {
			p12 := filepath.Join(dir, name+".p12")
			args := append([]string{"pkcs12", "-export", "-inkey", key, "-in", crt, "-out", p12, "-passout", "pass:S3cret!"}, extra...)
			run(args...)
			data, err := os.ReadFile(p12)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Open(data, "S3cret!")
			if err != nil {
				t.Fatal(err)
			}
			if got.Thumbprint != want {
				t.Errorf("thumbprint %s, openssl says %s", got.Thumbprint, want)
			}
		})
	}
}

func TestEncryptPasswordRoundTrip(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	for scheme, h := range map[string]func() hash.Hash{"oaepSha256": sha256.New, "oaepSha384": sha512.New384, "oaepSha512": sha512.New} {
		ct, err := EncryptPassword(&key.PublicKey, "Pa$$w0rd", scheme)
		if err != nil {
			t.Fatal(scheme, err)
		}
		raw, err := base64.StdEncoding.DecodeString(ct)
		if err != nil {
			t.Fatal(err)
		}
		pt, err := rsa.DecryptOAEP(h(), nil, key, raw, nil)
		if err != nil || string(pt) != "Pa$$w0rd" {
			t.Errorf("%s: decrypted %q, %v", scheme, pt, err)
		}
		if len(raw) != 256 {
			t.Errorf("%s: ciphertext is %d bytes, want the modulus size 256", scheme, len(raw))
		}
	}
	if _, err := EncryptPassword(&key.PublicKey, "x", "pkcs1"); err == nil {
		t.Error("pkcs1 accepted")
	}
	if _, err := EncryptPassword(&key.PublicKey, "€", "oaepSha512"); !errors.Is(err, ErrNotASCII) {
		t.Errorf("non-ASCII: %v", err)
	}
}

// TestEncryptPasswordOpenSSLDecrypts checks the OAEP parameters (MGF1 with
// the same hash, empty label) against openssl, the way the connector's CNG
// decrypt would read them.
func TestEncryptPasswordOpenSSLDecrypts(t *testing.T) {
	requireOpenSSL(t)
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "k.pem")
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	for scheme, md := range map[string]string{"oaepSha256": "sha256", "oaepSha384": "sha384", "oaepSha512": "sha512"} {
		ct, err := EncryptPassword(&key.PublicKey, "hunter2", scheme)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := base64.StdEncoding.DecodeString(ct)
		in := filepath.Join(dir, scheme)
		if err := os.WriteFile(in, raw, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("openssl", "pkeyutl", "-decrypt", "-inkey", keyFile, "-in", in,
			"-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:"+md, "-pkeyopt", "rsa_mgf1_md:"+md).CombinedOutput()
		if err != nil || string(out) != "hunter2" {
			t.Errorf("%s: openssl decrypted %q, %v", scheme, out, err)
		}
	}
}

// cngBlob writes a BCRYPT_RSAKEY_BLOB by hand, as Export-IntunePublicKey does.
func cngBlob(k *rsa.PublicKey, magic uint32) []byte {
	e := big.NewInt(int64(k.E)).Bytes()
	n := k.N.Bytes()
	var b bytes.Buffer
	for _, v := range []uint32{magic, uint32(k.N.BitLen()), uint32(len(e)), uint32(len(n)), 0, 0} {
		_ = binary.Write(&b, binary.LittleEndian, v)
	}
	b.Write(e)
	b.Write(n)
	return b.Bytes()
}

func TestParsePublicKeyFormats(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	spki, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	formats := map[string]string{
		"PEM SPKI":                       string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: spki})),
		"PEM PKCS#1":                     string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&key.PublicKey)})),
		"CNG blob":                       base64.StdEncoding.EncodeToString(cngBlob(&key.PublicKey, 0x31415352)),
		"CNG blob, wrapped and indented": "  " + strings.Join(splitEvery(base64.StdEncoding.EncodeToString(cngBlob(&key.PublicKey, 0x31415352)), 64), "\n  ") + "\n",
	}
	for name, s := range formats {
		got, err := ParsePublicKey(s)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !got.Equal(&key.PublicKey) {
			t.Errorf("%s: a different key came out", name)
		}
	}
}

func splitEvery(s string, n int) []string {
	var out []string
	for len(s) > n {
		out, s = append(out, s[:n]), s[n:]
	}
	return append(out, s)
}

func TestParsePublicKeyRefuses(t *testing.T) {
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalPKIXPublicKey(&ec.PublicKey)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	privDER := x509.MarshalPKCS1PrivateKey(rsaKey)
	blob := cngBlob(&rsaKey.PublicKey, 0x31415352)
	cases := map[string]struct{ in, want string }{
		"ECDSA":              {string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: ecDER})), "not RSA"},
		"private key":        {string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: privDER})), "not a public key"},
		"empty":              {"  ", "empty"},
		"neither":            {"hello world", "neither PEM nor base64"},
		"private CNG blob":   {base64.StdEncoding.EncodeToString(cngBlob(&rsaKey.PublicKey, 0x32415352)), "not RSA1"},
		"truncated CNG blob": {base64.StdEncoding.EncodeToString(blob[:len(blob)-1]), "header announces"},
		"short":              {base64.StdEncoding.EncodeToString([]byte("RSA1")), "shorter than"},
	}
	for name, c := range cases {
		_, err := ParsePublicKey(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error with %q", name, err, c.want)
		}
	}
}
