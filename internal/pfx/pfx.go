// Package pfx prepares a user's PFX file for Intune's imported-PFX pipeline,
// as Microsoft's IntunePfxImport module does on Windows: it opens the PFX with
// its password, reads the certificate's thumbprint and validity, and encrypts
// the password for the Certificate Connector's RSA key.
package pfx

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // the thumbprint Intune keys certificates by is a SHA-1 digest
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"hash"
	"math/big"
	"strings"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

// Errors a caller tells apart to name the attribute at fault.
var (
	ErrWrongPassword = errors.New("the password does not open the PFX")
	ErrNotASCII      = errors.New("the password has a character outside ASCII; the Certificate Connector decodes the password as ASCII, so it could never open the PFX")
	ErrNoKeyPair     = errors.New("the PFX must hold a certificate and its private key")
	ErrTooLong       = errors.New("the password is too long for RSA-OAEP with this key and hash")
)

// MinKeyBits is the smallest connector key accepted: Add-IntuneKspKey makes
// 2048-bit keys, and shorter RSA keys are not allowed for encryption
// (NIST SP 800-131A).
const MinKeyBits = 2048

// Certificate is what Intune records about the certificate in a PFX.
type Certificate struct {
	Thumbprint string // lower-case hex SHA-1 of the certificate's DER
	NotBefore  time.Time
	NotAfter   time.Time
	Subject    string
}

// Open decodes a PFX (AES/PBES2 or legacy 3DES/RC2) with password and
// returns the certificate that belongs to its private key.
func Open(data []byte, password string) (*Certificate, error) {
	if err := CheckASCII(password); err != nil {
		return nil, err
	}
	key, leaf, others, err := pkcs12.DecodeChain(data, password)
	switch {
	case errors.Is(err, pkcs12.ErrIncorrectPassword), errors.Is(err, pkcs12.ErrDecryption):
		return nil, ErrWrongPassword
	case err != nil && (strings.Contains(err.Error(), "certificate missing") || strings.Contains(err.Error(), "private key missing")):
		return nil, fmt.Errorf("%w: %w", ErrNoKeyPair, err)
	case err != nil:
		return nil, fmt.Errorf("not a PFX (PKCS#12) file this provider can read: %w", err)
	}
	pub, ok := key.(interface{ Public() crypto.PublicKey })
	if !ok {
		return nil, fmt.Errorf("%w: the private key has an unsupported type %T", ErrNoKeyPair, key)
	}
	// Windows exports may put the chain before the user's certificate: the
	// one that matters is the certificate of the private key.
	for _, c := range append([]*x509.Certificate{leaf}, others...) {
		if samePublicKey(c.PublicKey, pub.Public()) {
			sum := sha1.Sum(c.Raw) //nolint:gosec // see the import
			return &Certificate{Thumbprint: hex.EncodeToString(sum[:]), NotBefore: c.NotBefore.UTC(),
				NotAfter: c.NotAfter.UTC(), Subject: c.Subject.String()}, nil
		}
	}
	return nil, fmt.Errorf("%w: none of its %d certificates matches its private key", ErrNoKeyPair, 1+len(others))
}

func samePublicKey(a, b crypto.PublicKey) bool {
	k, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && k.Equal(b)
}

// CheckASCII refuses a password the connector could not decode.
func CheckASCII(password string) error {
	for i := 0; i < len(password); i++ {
		if password[i] > 0x7f {
			return ErrNotASCII
		}
	}
	return nil
}

// PaddingSchemes are the schemes Intune supports, by Graph's enum names.
var PaddingSchemes = []string{"oaepSha256", "oaepSha384", "oaepSha512"}

func oaepHash(scheme string) (hash.Hash, error) {
	switch scheme {
	case "oaepSha256":
		return sha256.New(), nil
	case "oaepSha384":
		return sha512.New384(), nil
	case "oaepSha512":
		return sha512.New(), nil
	}
	return nil, fmt.Errorf("padding scheme %q is not one of %s", scheme, strings.Join(PaddingSchemes, ", "))
}

// MaxPasswordLength is the most bytes RSA-OAEP carries with key and the
// scheme's hash: the modulus size less twice the hash size less 2 (RFC 8017,
// 7.1.1).
func MaxPasswordLength(key *rsa.PublicKey, scheme string) (int, error) {
	h, err := oaepHash(scheme)
	if err != nil {
		return 0, err
	}
	return key.Size() - 2*h.Size() - 2, nil
}

// EncryptPassword returns base64 of RSA-OAEP over the password's ASCII bytes,
// with the scheme's hash for both OAEP and MGF1 and an empty label.
func EncryptPassword(key *rsa.PublicKey, password, scheme string) (string, error) {
	if err := CheckASCII(password); err != nil {
		return "", err
	}
	h, err := oaepHash(scheme)
	if err != nil {
		return "", err
	}
	if maxLen, _ := MaxPasswordLength(key, scheme); len(password) > maxLen {
		return "", fmt.Errorf("%w: it is %d characters, and a %d-bit key with %s carries at most %d",
			ErrTooLong, len(password), key.N.BitLen(), scheme, maxLen)
	}
	ct, err := rsa.EncryptOAEP(h, rand.Reader, key, []byte(password), nil)
	if err != nil {
		return "", fmt.Errorf("encrypting the password with %s: %w", scheme, err)
	}
	return base64.StdEncoding.EncodeToString(ct), nil
}

// cngRSAPublicMagic is BCRYPT_RSAPUBLIC_MAGIC, "RSA1" little-endian.
const cngRSAPublicMagic = 0x31415352

// ParsePublicKey reads the connector's public key as Export-IntunePublicKey
// writes it, or as a PEM tool does: a PEM "PUBLIC KEY" (SubjectPublicKeyInfo),
// a PEM "RSA PUBLIC KEY" (PKCS#1), or base64 of a Windows CNG RSAPUBLICBLOB.
// A leading UTF-8 byte-order mark, which Windows PowerShell 5.1 writes with
// -Encoding UTF8, is ignored.
func ParsePublicKey(s string) (*rsa.PublicKey, error) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "\uFEFF"))
	if s == "" {
		return nil, errors.New("the key is empty")
	}
	if strings.HasPrefix(s, "-----BEGIN") {
		block, rest := pem.Decode([]byte(s))
		if block == nil {
			return nil, errors.New("the PEM block cannot be decoded")
		}
		if len(bytes.TrimSpace(rest)) > 0 {
			return nil, errors.New("the value holds more than one PEM block; give only the connector's public key")
		}
		switch block.Type {
		case "PUBLIC KEY":
			k, err := x509.ParsePKIXPublicKey(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("the PUBLIC KEY block is not a SubjectPublicKeyInfo: %w", err)
			}
			rk, ok := k.(*rsa.PublicKey)
			if !ok {
				return nil, fmt.Errorf("the key is %s, not RSA: the Certificate Connector's key is an RSA key", keyKind(k))
			}
			return checkRSA(rk)
		case "RSA PUBLIC KEY":
			k, err := x509.ParsePKCS1PublicKey(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("the RSA PUBLIC KEY block is not PKCS#1: %w", err)
			}
			return checkRSA(k)
		default:
			return nil, fmt.Errorf("a PEM %q block is not a public key; give a PUBLIC KEY or RSA PUBLIC KEY block", block.Type)
		}
	}
	blob, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		return nil, errors.New("the value is neither PEM nor base64 of a CNG RSAPUBLICBLOB")
	}
	return parseCNGBlob(blob)
}

// parseCNGBlob reads a BCRYPT_RSAKEY_BLOB header (six little-endian ULONGs:
// magic, bit length, sizes of exponent, modulus, prime 1 and prime 2) and the
// big-endian exponent and modulus after it.
func parseCNGBlob(b []byte) (*rsa.PublicKey, error) {
	if len(b) < 24 {
		return nil, fmt.Errorf("the CNG blob is %d bytes, shorter than its 24-byte header", len(b))
	}
	var h [6]uint32
	for i := range h {
		h[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	magic, bits, cbExp, cbMod := h[0], h[1], h[2], h[3]
	switch {
	case magic != cngRSAPublicMagic:
		return nil, fmt.Errorf("the CNG blob's magic is 0x%08x, not RSA1 (0x%08x): it is not an RSA public key blob", magic, cngRSAPublicMagic)
	case cbExp == 0 || cbExp > 8 || cbMod == 0 || cbMod > 2048:
		return nil, fmt.Errorf("the CNG blob has implausible sizes (exponent %d bytes, modulus %d bytes)", cbExp, cbMod)
	case uint64(len(b)) != 24+uint64(cbExp)+uint64(cbMod):
		return nil, fmt.Errorf("the CNG blob is %d bytes; its header announces %d", len(b), 24+cbExp+cbMod)
	}
	e := new(big.Int).SetBytes(b[24 : 24+cbExp])
	n := new(big.Int).SetBytes(b[24+cbExp:])
	if !e.IsInt64() || e.Int64() > 1<<31-1 {
		return nil, errors.New("the CNG blob's public exponent is too large")
	}
	if uint32(n.BitLen()) != bits { //nolint:gosec // BitLen of at most 2048 bytes fits
		return nil, fmt.Errorf("the CNG blob announces a %d-bit key but its modulus has %d bits", bits, n.BitLen())
	}
	return checkRSA(&rsa.PublicKey{N: n, E: int(e.Int64())})
}

// checkRSA refuses a key OAEP cannot use, and one shorter than MinKeyBits.
func checkRSA(k *rsa.PublicKey) (*rsa.PublicKey, error) {
	if k.N.Sign() <= 0 || k.E < 3 || k.E%2 == 0 {
		return nil, errors.New("the RSA key's modulus or public exponent is invalid")
	}
	if bits := k.N.BitLen(); bits < MinKeyBits {
		return nil, fmt.Errorf("the RSA key is %d bits; the Certificate Connector's key must be at least %d bits "+
			"(Add-IntuneKspKey makes 2048-bit keys): make a new key on the connector host and export its public key",
			bits, MinKeyBits)
	}
	return k, nil
}

func keyKind(k any) string {
	switch k.(type) {
	case *ecdsa.PublicKey:
		return "an ECDSA key"
	case ed25519.PublicKey:
		return "an Ed25519 key"
	case *ecdh.PublicKey:
		return "an ECDH key"
	}
	return fmt.Sprintf("a %T", k)
}
