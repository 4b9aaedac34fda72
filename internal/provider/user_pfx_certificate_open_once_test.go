package provider

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/openintune/terraform-provider-intune/internal/pfx"
)

// A plan of 1,000 certificates sharing three PFX files opens each file once
// in the provider process, though validation and plan each inspect every
// instance.
func TestUserPfxCertificate_opensEachPfxOnce(t *testing.T) {
	old := pfxFiles
	pfxFiles = pfx.NewCache(1024)
	t.Cleanup(func() { pfxFiles = old })

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	pub := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	nb, na := validFromNow()
	dir := t.TempDir()
	var files []string
	for _, name := range []string{"a", "b", "c"} {
		files = append(files, base64.StdEncoding.EncodeToString(writeTestPfx(t, dir, name, pkcs12.Modern, "pw-"+name, nb, na).data))
	}
	for i := range 1000 {
		m := userPfxCertificateModel{
			PFX:                 types.StringValue(files[i%3]),
			PFXPassword:         types.StringValue("pw-" + []string{"a", "b", "c"}[i%3]),
			EncryptionPublicKey: types.StringValue(pub),
			PaddingScheme:       types.StringValue("oaepSha512"),
		}
		for range 2 { // ValidateConfig, then ModifyPlan
			cert, diags := m.inspect()
			if diags.HasError() || cert == nil {
				t.Fatalf("instance %d: %v", i, diags)
			}
		}
	}
	if got := pfxFiles.Opens(); got != 3 {
		t.Fatalf("opened PFX files %d times for 1,000 instances of 3 files, want 3", got)
	}
}
