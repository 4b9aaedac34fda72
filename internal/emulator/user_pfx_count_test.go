package emulator

import (
	"crypto/sha512"
	"fmt"
	"testing"
)

// $count=true gives @odata.count, the whole set's size, on every page.
func TestUserPfxListCount(t *testing.T) {
	v := newEnv(t, Config{PageSize: 2})
	p := makeTestPfx(t, "pw")
	enc := encryptFor(t, v.e, "pw", sha512.New())
	for i := range 5 {
		if resp, m := v.do(req{method: "POST", path: pfxColl, body: pfxBody(p, fmt.Sprintf("u%d@contoso.com", i), enc, "oaepSha512")}); resp.StatusCode != 201 {
			t.Fatalf("create %d: %d %v", i, resp.StatusCode, m)
		}
	}
	_, first := v.do(req{method: "GET", path: pfxColl + "?$count=true"})
	if first["@odata.count"] != 5.0 || len(ids(t, first)) != 2 {
		t.Fatalf("first page: %v, want @odata.count 5 and 2 objects", first)
	}
	if _, plain := v.do(req{method: "GET", path: pfxColl}); plain["@odata.count"] != nil {
		t.Fatalf("without $count: %v, want no @odata.count", plain)
	}
}
