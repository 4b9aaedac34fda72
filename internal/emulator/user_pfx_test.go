package emulator

import (
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
	"hash"
	"math/big"
	"net/url"
	"strings"
	"testing"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

const pfxColl = "/beta/deviceManagement/userPfxCertificates"

type testPfx struct {
	data       []byte
	thumbprint string
	notBefore  time.Time
	notAfter   time.Time
}

func makeTestPfx(t *testing.T, password string) testPfx {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	nb := time.Now().UTC().Truncate(time.Second).Add(-time.Hour)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "user"},
		NotBefore: nb, NotAfter: nb.AddDate(1, 0, 0)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	data, err := pkcs12.LegacyDES.Encode(key, cert, nil, password)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha1.Sum(der) //nolint:gosec // Intune's thumbprint
	return testPfx{data: data, thumbprint: hex.EncodeToString(sum[:]), notBefore: nb, notAfter: nb.AddDate(1, 0, 0)}
}

func encryptFor(t *testing.T, e *Emulator, password string, h hash.Hash) string {
	t.Helper()
	k, err := e.ConnectorPublicKey()
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode([]byte(k.SPKIPEM))
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	ct, err := rsa.EncryptOAEP(h, rand.Reader, pub.(*rsa.PublicKey), []byte(password), nil)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(ct)
}

func pfxBody(p testPfx, upn, encPassword, padding string) map[string]any {
	return map[string]any{
		"userPrincipalName": upn, "thumbprint": p.thumbprint, "providerName": "Microsoft Software Key Storage Provider",
		"keyName": "PFXEncryptionKey", "paddingScheme": padding, "intendedPurpose": "smimeEncryption",
		"startDateTime": p.notBefore.Format(time.RFC3339), "expirationDateTime": p.notAfter.Format(time.RFC3339),
		"encryptedPfxBlob": base64.StdEncoding.EncodeToString(p.data), "encryptedPfxPassword": encPassword,
	}
}

func TestUserPfxLifecycle(t *testing.T) {
	v := newEnv(t, Config{})
	p := makeTestPfx(t, "s3cret")
	body := pfxBody(p, "Alice@Contoso.com", encryptFor(t, v.e, "s3cret", sha512.New384()), "oaepSha384")

	resp, got := v.do(req{method: "POST", path: pfxColl, body: body})
	if resp.StatusCode != 201 {
		t.Fatalf("create: %d %v", resp.StatusCode, got)
	}
	wantID := strings.ReplaceAll(UserObjectID("alice@contoso.com"), "-", "") + "-" + p.thumbprint
	if got["id"] != wantID || got["encryptedPfxBlob"] != "AA==" || got["encryptedPfxPassword"] != "" {
		t.Fatalf("create answered %v; want id %s and no secrets", got, wantID)
	}
	if got["intendedPurpose"] != "smimeEncryption" || got["paddingScheme"] != "oaepSha384" || got["startDateTime"] != formatTime(p.notBefore) {
		t.Errorf("create answered %v", got)
	}
	imps := v.e.UserPfxImports()
	if len(imps) != 1 || !imps[0].PasswordDecrypted || !imps[0].PfxOpened || imps[0].Thumbprint != p.thumbprint {
		t.Fatalf("imports %+v", imps)
	}

	if resp, m := v.do(req{method: "POST", path: pfxColl, body: body}); resp.StatusCode != 409 || errCode(m) != "Conflict" {
		t.Errorf("second create: %d %v, want 409 Conflict", resp.StatusCode, m)
	}
	for _, path := range []string{pfxColl + "/" + wantID, pfxColl + "(" + wantID + ")", pfxColl + "('" + wantID + "')"} {
		if resp, m := v.do(req{method: "GET", path: path}); resp.StatusCode != 200 || m["id"] != wantID || m["encryptedPfxBlob"] != "AA==" {
			t.Errorf("GET %s: %d %v", path, resp.StatusCode, m)
		}
	}
	// PATCH: a new intended purpose alone; a new scheme needs the password again.
	if resp, m := v.do(req{method: "PATCH", path: pfxColl + "/" + wantID, body: map[string]any{"intendedPurpose": "smimeSigning"}}); resp.StatusCode != 200 || m["intendedPurpose"] != "smimeSigning" {
		t.Errorf("patch purpose: %d %v", resp.StatusCode, m)
	}
	if resp, _ := v.do(req{method: "PATCH", path: pfxColl + "/" + wantID, body: map[string]any{"paddingScheme": "oaepSha256"}}); resp.StatusCode != 400 {
		t.Errorf("patch scheme without password: %d, want 400", resp.StatusCode)
	}
	patch := map[string]any{"paddingScheme": "oaepSha256", "encryptedPfxPassword": encryptFor(t, v.e, "s3cret", sha256.New()), "keyName": "K2"}
	if resp, m := v.do(req{method: "PATCH", path: pfxColl + "/" + wantID, body: patch}); resp.StatusCode != 200 || m["paddingScheme"] != "oaepSha256" || m["keyName"] != "K2" {
		t.Errorf("patch scheme: %d %v", resp.StatusCode, m)
	}
	if resp, _ := v.do(req{method: "PATCH", path: pfxColl + "/" + wantID, body: map[string]any{"thumbprint": "00"}}); resp.StatusCode != 400 {
		t.Errorf("patch thumbprint: %d, want 400", resp.StatusCode)
	}

	// List with the module's filter, and with plain eq.
	for _, f := range []string{
		"tolower(userPrincipalName) eq 'alice@contoso.com' and tolower(thumbprint) eq '" + p.thumbprint + "'",
		"userPrincipalName eq 'Alice@Contoso.com' and intendedPurpose eq 'smimeSigning'",
	} {
		resp, m := v.do(req{method: "GET", path: pfxColl + "?$filter=" + url.QueryEscape(f)})
		if resp.StatusCode != 200 || len(ids(t, m)) != 1 {
			t.Errorf("filter %q: %d %v", f, resp.StatusCode, m)
		}
	}
	if _, m := v.do(req{method: "GET", path: pfxColl + "?$filter=" + url.QueryEscape("thumbprint eq 'nope'")}); len(ids(t, m)) != 0 {
		t.Errorf("non-matching filter returned %v", m)
	}
	if resp, _ := v.do(req{method: "GET", path: pfxColl + "?$filter=" + url.QueryEscape("thumbprint gt 'a'")}); resp.StatusCode != 400 {
		t.Errorf("gt: %d, want 400", resp.StatusCode)
	}

	if resp, _ := v.do(req{method: "DELETE", path: pfxColl + "/" + wantID}); resp.StatusCode != 204 {
		t.Errorf("delete: %d", resp.StatusCode)
	}
	if resp, _ := v.do(req{method: "GET", path: pfxColl + "/" + wantID}); resp.StatusCode != 404 {
		t.Errorf("get after delete: %d", resp.StatusCode)
	}
}

func TestUserPfxRefusesWhatTheConnectorCannotUse(t *testing.T) {
	v := newEnv(t, Config{})
	p := makeTestPfx(t, "right")
	good := encryptFor(t, v.e, "right", sha512.New())
	cases := map[string]func(b map[string]any){
		"wrong password":           func(b map[string]any) { b["encryptedPfxPassword"] = encryptFor(t, v.e, "wrong", sha512.New()) },
		"wrong padding scheme":     func(b map[string]any) { b["paddingScheme"] = "oaepSha256" },
		"unsupported pkcs1":        func(b map[string]any) { b["paddingScheme"] = "pkcs1" },
		"thumbprint of another":    func(b map[string]any) { b["thumbprint"] = strings.Repeat("ab", 20) },
		"start date off":           func(b map[string]any) { b["startDateTime"] = p.notBefore.Add(time.Second).Format(time.RFC3339) },
		"expiration date off":      func(b map[string]any) { b["expirationDateTime"] = p.notAfter.Add(-time.Second).Format(time.RFC3339) },
		"not a PFX":                func(b map[string]any) { b["encryptedPfxBlob"] = base64.StdEncoding.EncodeToString([]byte("hello")) },
		"no password":              func(b map[string]any) { delete(b, "encryptedPfxPassword") },
		"unknown property":         func(b map[string]any) { b["pfxPassword"] = "right" },
		"unknown intended purpose": func(b map[string]any) { b["intendedPurpose"] = "codeSigning" },
	}
	for name, change := range cases {
		b := pfxBody(p, "bob@contoso.com", good, "oaepSha512")
		change(b)
		resp, m := v.do(req{method: "POST", path: pfxColl, body: b})
		if resp.StatusCode != 400 || errCode(m) != "BadRequest" {
			t.Errorf("%s: %d %v, want 400 BadRequest", name, resp.StatusCode, m)
		}
	}
	// The module's integer enums are accepted.
	b := pfxBody(p, "bob@contoso.com", good, "")
	b["paddingScheme"], b["intendedPurpose"] = 5, 2
	if resp, m := v.do(req{method: "POST", path: pfxColl, body: b}); resp.StatusCode != 201 || m["paddingScheme"] != "oaepSha512" || m["intendedPurpose"] != "smimeSigning" {
		t.Errorf("integer enums: %d %v", resp.StatusCode, m)
	}
}

func TestConnectorPublicKeyFormatsAgree(t *testing.T) {
	e, err := Start(Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	k, err := e.ConnectorPublicKey()
	if err != nil {
		t.Fatal(err)
	}
	b1, _ := pem.Decode([]byte(k.SPKIPEM))
	spki, err := x509.ParsePKIXPublicKey(b1.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := pem.Decode([]byte(k.PKCS1PEM))
	pkcs1, err := x509.ParsePKCS1PublicKey(b2.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if !pkcs1.Equal(spki) {
		t.Fatal("the PEM forms differ")
	}
	blob := k.CNGBlob
	if binary.LittleEndian.Uint32(blob) != 0x31415352 || binary.LittleEndian.Uint32(blob[4:]) != 2048 {
		t.Fatalf("blob header % x", blob[:24])
	}
	cbExp, cbMod := binary.LittleEndian.Uint32(blob[8:]), binary.LittleEndian.Uint32(blob[12:])
	if cbMod != 256 || len(blob) != int(24+cbExp+cbMod) {
		t.Fatalf("blob sizes: exp %d mod %d len %d", cbExp, cbMod, len(blob))
	}
	if new(big.Int).SetBytes(blob[24+cbExp:]).Cmp(pkcs1.N) != 0 || new(big.Int).SetBytes(blob[24:24+cbExp]).Int64() != int64(pkcs1.E) {
		t.Fatal("the blob holds another key")
	}
}
