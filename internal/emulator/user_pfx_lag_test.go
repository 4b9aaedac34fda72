package emulator

import (
	"crypto/sha512"
	"strings"
	"testing"
)

// ReadAfterWriteMisses hides a just-imported certificate from the next GETs,
// as it does the other entity sets; the read after those finds it.
func TestUserPfxReadAfterWriteMisses(t *testing.T) {
	v := newEnv(t, Config{})
	v.e.SetBehavior(Behavior{ReadAfterWriteMisses: 2})
	p := makeTestPfx(t, "s3cret")
	body := pfxBody(p, "bob@contoso.com", encryptFor(t, v.e, "s3cret", sha512.New()), "oaepSha512")
	if resp, got := v.do(req{method: "POST", path: pfxColl, body: body}); resp.StatusCode != 201 {
		t.Fatalf("create: %d %v", resp.StatusCode, got)
	}
	id := strings.ReplaceAll(UserObjectID("bob@contoso.com"), "-", "") + "-" + p.thumbprint
	for i := 1; i <= 2; i++ {
		if resp, _ := v.do(req{method: "GET", path: pfxColl + "/" + id}); resp.StatusCode != 404 {
			t.Fatalf("GET %d after the create: %d, want 404 (lag)", i, resp.StatusCode)
		}
	}
	if resp, m := v.do(req{method: "GET", path: pfxColl + "/" + id}); resp.StatusCode != 200 || m["id"] != id {
		t.Fatalf("GET 3 after the create: %d %v, want the certificate", resp.StatusCode, m)
	}
}
