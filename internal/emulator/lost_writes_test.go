package emulator

import (
	"crypto/sha512"
	"testing"
)

// IgnoredDeletes: the next DELETEs of an existing object answer 204 and keep
// it, on every entity set; a DELETE of a missing object is still a 404 and
// uses up nothing.
func TestIgnoredDeletes(t *testing.T) {
	v := newEnv(t, Config{})
	p := makeTestPfx(t, "s3cret")
	create := map[string]func() string{
		"pfxRecryptionRequests": func() string {
			_, m := v.do(req{method: "POST", path: coll, body: map[string]any{"userId": "6b7c1d2e-3f40-4152-8364-75869708a9b0", "thumbprint": "ABC"}})
			return coll + "/" + m["id"].(string)
		},
		"deviceConfigurations": func() string {
			_, m := v.do(req{method: "POST", path: configs, body: map[string]any{
				"@odata.type": "#microsoft.graph.windows10ImportedPFXCertificateProfile", "displayName": "S/MIME"}})
			return configs + "/" + m["id"].(string)
		},
		"userPfxCertificates": func() string {
			_, m := v.do(req{method: "POST", path: pfxColl, body: pfxBody(p, "ignored@contoso.com", encryptFor(t, v.e, "s3cret", sha512.New()), "oaepSha512")})
			return pfxColl + "/" + m["id"].(string)
		},
	}
	status := func(method, path string) int {
		resp, _ := v.do(req{method: method, path: path})
		return resp.StatusCode
	}
	for set, mk := range create {
		t.Run(set, func(t *testing.T) {
			path := mk()
			if s := status("GET", path); s != 200 {
				t.Fatalf("GET after create: %d", s)
			}
			v.e.SetBehavior(Behavior{IgnoredDeletes: 1})
			defer v.e.SetBehavior(Behavior{})
			if s := status("DELETE", path); s != 204 {
				t.Fatalf("ignored DELETE: %d, want 204", s)
			}
			if s := status("GET", path); s != 200 {
				t.Fatalf("GET after the ignored DELETE: %d, want 200", s)
			}
			if s := status("DELETE", path); s != 204 {
				t.Fatalf("second DELETE: %d, want 204", s)
			}
			if s := status("GET", path); s != 404 {
				t.Fatalf("GET after the second DELETE: %d, want 404", s)
			}
			// A missing object is a 404 and does not use up the count.
			v.e.SetBehavior(Behavior{IgnoredDeletes: 1})
			if s := status("DELETE", path); s != 404 {
				t.Fatalf("DELETE of a missing object: %d, want 404", s)
			}
			// Negative: every DELETE is ignored.
			path = mk()
			v.e.SetBehavior(Behavior{IgnoredDeletes: -1})
			for i := 0; i < 3; i++ {
				if s := status("DELETE", path); s != 204 {
					t.Fatalf("DELETE %d: %d, want 204", i+1, s)
				}
			}
			if s := status("GET", path); s != 200 {
				t.Fatalf("GET after ignored DELETEs: %d, want 200", s)
			}
			v.e.SetBehavior(Behavior{})
			if s := status("DELETE", path); s != 204 || status("GET", path) != 404 {
				t.Fatalf("DELETE with the switch off: %d, and the object is still there", s)
			}
		})
	}
}

// A 504 fault without AfterCommit loses the PATCH: the answer is 504 and
// nothing is applied.
func TestLostPatchAppliesNothing(t *testing.T) {
	v := newEnv(t, Config{})
	p := makeTestPfx(t, "s3cret")
	_, m := v.do(req{method: "POST", path: pfxColl, body: pfxBody(p, "lost@contoso.com", encryptFor(t, v.e, "s3cret", sha512.New()), "oaepSha512")})
	path := pfxColl + "/" + m["id"].(string)
	v.e.AddFault(Fault{Method: "PATCH", PathPrefix: pfxColl, Status: 504, Count: 1})
	if resp, _ := v.do(req{method: "PATCH", path: path, body: map[string]any{"keyName": "K2"}}); resp.StatusCode != 504 {
		t.Fatalf("lost PATCH answered %d, want 504", resp.StatusCode)
	}
	if _, m := v.do(req{method: "GET", path: path}); m["keyName"] != "PFXEncryptionKey" {
		t.Fatalf("keyName %v after the lost PATCH; want it unchanged", m["keyName"])
	}
	if resp, m := v.do(req{method: "PATCH", path: path, body: map[string]any{"keyName": "K2"}}); resp.StatusCode != 200 || m["keyName"] != "K2" {
		t.Fatalf("PATCH after the fault: %d %v", resp.StatusCode, m)
	}
}

// RotateConnectorKey: a record imported under the old key no longer opens;
// the old key is refused; a PATCH with the password encrypted for the new
// key makes the record open again.
func TestRotateConnectorKey(t *testing.T) {
	v := newEnv(t, Config{})
	p := makeTestPfx(t, "s3cret")
	oldEnc := encryptFor(t, v.e, "s3cret", sha512.New())
	oldKey, _ := v.e.ConnectorPublicKey()
	_, m := v.do(req{method: "POST", path: pfxColl, body: pfxBody(p, "rotate@contoso.com", oldEnc, "oaepSha512")})
	id := m["id"].(string)
	if err := v.e.UserPfxPasswordOpens(id); err != nil {
		t.Fatalf("before rotation: %v", err)
	}
	if err := v.e.RotateConnectorKey(); err != nil {
		t.Fatal(err)
	}
	if newKey, _ := v.e.ConnectorPublicKey(); newKey.SPKIPEM == oldKey.SPKIPEM {
		t.Fatal("the public key did not change")
	}
	if err := v.e.UserPfxPasswordOpens(id); err == nil {
		t.Fatal("a password encrypted for the old key still opens after rotation")
	}
	if resp, _ := v.do(req{method: "PATCH", path: pfxColl + "/" + id, body: map[string]any{"encryptedPfxPassword": oldEnc}}); resp.StatusCode != 400 {
		t.Fatalf("PATCH with the old key's password: %d, want 400", resp.StatusCode)
	}
	newEnc := encryptFor(t, v.e, "s3cret", sha512.New())
	if resp, m := v.do(req{method: "PATCH", path: pfxColl + "/" + id, body: map[string]any{"encryptedPfxPassword": newEnc}}); resp.StatusCode != 200 {
		t.Fatalf("PATCH with the new key's password: %d %v", resp.StatusCode, m)
	}
	if err := v.e.UserPfxPasswordOpens(id); err != nil {
		t.Fatalf("after the PATCH: %v", err)
	}
	if err := v.e.UserPfxPasswordOpens("nope"); err == nil {
		t.Fatal("a missing record opens")
	}
}
