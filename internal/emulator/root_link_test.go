package emulator

import (
	"context"
	"encoding/base64"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// newTrusted creates a trusted profile of typ through the API.
func (v *env) newTrusted(t *testing.T, base, typ string) string {
	t.Helper()
	resp, p := v.do(req{method: "POST", path: base + configs, body: map[string]any{"@odata.type": "#microsoft.graph." + typ,
		"displayName": "root", "trustedRootCertificate": base64.StdEncoding.EncodeToString(testRootDER(t))}})
	if resp.StatusCode != 201 {
		t.Fatalf("trusted %s: %d %v", typ, resp.StatusCode, p)
	}
	return p["id"].(string)
}

func rootURL(base, id string) string {
	return base + "/beta/deviceManagement/deviceConfigurations('" + id + "')"
}

// TestRootLink: the bind in a create, the typed link route, $ref PUT and
// DELETE, and what Graph refuses around them.
func TestRootLink(t *testing.T) {
	v := newEnv(t, Config{})
	base := v.e.GraphURL()
	root := v.newTrusted(t, "", "androidDeviceOwnerTrustedRootCertificate")
	root2 := v.newTrusted(t, "", "androidDeviceOwnerTrustedRootCertificate")
	iosRoot := v.newTrusted(t, "", "iosTrustedRootCertificate")
	typ := "androidDeviceOwnerScepCertificateProfile"
	link := func(id string) string { return configs + "/" + id + "/microsoft.graph." + typ + "/rootCertificate" }
	create := func(bind any) (int, map[string]any) {
		resp, m := v.do(req{method: "POST", path: configs, body: map[string]any{"@odata.type": "#microsoft.graph." + typ,
			"displayName": "scep", "rootCertificate@odata.bind": bind}})
		return resp.StatusCode, m
	}

	for name, bind := range map[string]any{
		"graph.microsoft.com":  rootURL("https://graph.microsoft.com", root),
		"v1.0 path":            strings.Replace(rootURL(base, root), "/beta/", "/v1.0/", 1),
		"relative":             "deviceManagement/deviceConfigurations('" + root + "')",
		"http":                 strings.Replace(rootURL(base, root), "https:", "http:", 1),
		"missing root":         rootURL(base, "0f0f0f0f-0000-4000-8000-000000000000"),
		"root of iOS":          rootURL(base, iosRoot),
		"null":                 nil,
		"other entity set":     base + "/beta/deviceManagement/userPfxCertificates('" + root + "')",
		"not a string":         5,
		"no id":                base + "/beta/deviceManagement/deviceConfigurations",
		"a SCEP profile, root": rootURL(base, "self"),
	} {
		if got, m := create(bind); got != 400 || errCode(m) != "BadRequest" {
			t.Errorf("%s: create answered %d %v, want 400", name, got, m)
		}
	}
	got, p := create(rootURL(base, root))
	if got != 201 {
		t.Fatalf("create with the bind: %d %v", got, p)
	}
	id := p["id"].(string)
	if _, ok := p["rootCertificate"]; ok {
		t.Errorf("the create answer carries the link: %v", p)
	}
	if got, m := create(rootURL(base, id)); got != 400 {
		t.Errorf("a SCEP profile as root: %d %v, want 400", got, m)
	}
	// The other key form and a different case of the GUID name the same root.
	if got, m := create(base + "/beta/deviceManagement/deviceConfigurations/" + strings.ToUpper(root)); got != 201 {
		t.Errorf("bind by path segment: %d %v", got, m)
	}

	resp, m := v.do(req{method: "GET", path: link(id)})
	if resp.StatusCode != 200 || m["id"] != root || m["supportsScopeTags"] != false {
		t.Fatalf("link route: %d %v", resp.StatusCode, m)
	}
	if _, ok := m["@odata.type"]; ok {
		t.Errorf("the root read through the link carries @odata.type: %v", m)
	}
	if rid, ok := v.e.RootCertificateID(id); !ok || rid != root {
		t.Errorf("RootCertificateID = %q %v", rid, ok)
	}
	for name, path := range map[string]string{
		"uncast":           configs + "/" + id + "/rootCertificate",
		"$expand":          configs + "/" + id + "?$expand=rootCertificate",
		"other cast":       configs + "/" + id + "/microsoft.graph.androidWorkProfileScepCertificateProfile/rootCertificate",
		"unknown cast":     configs + "/" + id + "/microsoft.graph.nope/rootCertificate",
		"trusted cast":     configs + "/" + root + "/microsoft.graph.androidDeviceOwnerTrustedRootCertificate/rootCertificate",
		"PKCS without nav": configs + "/" + id + "/microsoft.graph.windows10PkcsCertificateProfile/rootCertificate",
	} {
		if resp, m := v.do(req{method: "GET", path: path}); resp.StatusCode != 400 {
			t.Errorf("%s: %d %v, want 400", name, resp.StatusCode, m)
		}
	}
	if resp, _ := v.do(req{method: "GET", path: link("0f0f0f0f-0000-4000-8000-000000000000")}); resp.StatusCode != 404 {
		t.Errorf("link of a missing profile: %d, want 404", resp.StatusCode)
	}

	// A PATCH with a bind is accepted and changes nothing; a null bind is refused.
	resp, m = v.do(req{method: "PATCH", path: configs + "/" + id, body: map[string]any{"@odata.type": "#microsoft.graph." + typ,
		"rootCertificate@odata.bind": rootURL(base, root2)}})
	if resp.StatusCode != 200 {
		t.Fatalf("PATCH with a bind: %d %v", resp.StatusCode, m)
	}
	if _, m := v.do(req{method: "GET", path: link(id)}); m["id"] != root {
		t.Errorf("a PATCH bind changed the link to %v", m["id"])
	}
	if resp, m := v.do(req{method: "PATCH", path: configs + "/" + id, body: map[string]any{"@odata.type": "#microsoft.graph." + typ,
		"rootCertificate@odata.bind": nil}}); resp.StatusCode != 400 {
		t.Errorf("PATCH with a null bind: %d %v, want 400", resp.StatusCode, m)
	}

	// $ref PUT changes the link, with the same checks as the bind.
	for name, ref := range map[string]string{
		"graph.microsoft.com": rootURL("https://graph.microsoft.com", root2),
		"root of iOS":         rootURL(base, iosRoot),
		"missing":             rootURL(base, "0f0f0f0f-0000-4000-8000-000000000000"),
	} {
		if resp, m := v.do(req{method: "PUT", path: link(id) + "/$ref", body: map[string]any{"@odata.id": ref}}); resp.StatusCode != 400 {
			t.Errorf("$ref PUT %s: %d %v, want 400", name, resp.StatusCode, m)
		}
	}
	if resp, m := v.do(req{method: "PUT", path: link(id) + "/$ref", body: map[string]any{"@odata.id": rootURL(base, root2)}}); resp.StatusCode != 204 {
		t.Fatalf("$ref PUT: %d %v", resp.StatusCode, m)
	}
	if _, m := v.do(req{method: "GET", path: link(id)}); m["id"] != root2 {
		t.Errorf("after $ref PUT the link names %v, want %s", m["id"], root2)
	}
	if resp, _ := v.do(req{method: "DELETE", path: link(id) + "/$ref"}); resp.StatusCode != 204 {
		t.Fatalf("$ref DELETE: %d", resp.StatusCode)
	}
	if resp, m := v.do(req{method: "GET", path: link(id)}); resp.StatusCode != 404 {
		t.Errorf("link after unbind: %d %v, want 404", resp.StatusCode, m)
	}
	if resp, _ := v.do(req{method: "PUT", path: configs + "/" + id + "/rootCertificate/$ref", body: map[string]any{"@odata.id": rootURL(base, root)}}); resp.StatusCode != 400 {
		t.Errorf("uncast $ref PUT: %d, want 400", resp.StatusCode)
	}

	// Types whose SDK model has no rootCertificate refuse a bind.
	resp, m = v.do(req{method: "POST", path: configs, body: map[string]any{"@odata.type": "#microsoft.graph.windows10PkcsCertificateProfile",
		"displayName": "p", "rootCertificate@odata.bind": rootURL(base, root)}})
	if resp.StatusCode != 400 {
		t.Errorf("bind on windows10PkcsCertificateProfile: %d %v, want 400", resp.StatusCode, m)
	}
	// Android PKCS has the link, to the Android device administrator root.
	adminRoot := v.newTrusted(t, "", "androidTrustedRootCertificate")
	resp, m = v.do(req{method: "POST", path: configs, body: map[string]any{"@odata.type": "#microsoft.graph.androidPkcsCertificateProfile",
		"displayName": "p", "rootCertificate@odata.bind": rootURL(base, adminRoot)}})
	if resp.StatusCode != 201 {
		t.Errorf("bind on androidPkcsCertificateProfile: %d %v", resp.StatusCode, m)
	}
}

// TestRootLinkImportedPfx: the imported-PFX Android types inherit the
// navigation but answer 400 on its route; a bind in their create is
// ignored as it always was.
func TestRootLinkImportedPfx(t *testing.T) {
	v := newEnv(t, Config{})
	for _, typ := range []string{"androidDeviceOwnerImportedPFXCertificateProfile", "androidForWorkImportedPFXCertificateProfile"} {
		resp, p := v.do(req{method: "POST", path: configs, body: map[string]any{"@odata.type": "#microsoft.graph." + typ, "displayName": "pfx",
			"rootCertificate@odata.bind": "https://graph.microsoft.com/beta/deviceManagement/deviceConfigurations('x')"}})
		if resp.StatusCode != 201 {
			t.Fatalf("%s: create %d %v", typ, resp.StatusCode, p)
		}
		path := configs + "/" + p["id"].(string) + "/microsoft.graph." + typ + "/rootCertificate"
		for _, r := range []req{{method: "GET", path: path}, {method: "DELETE", path: path + "/$ref"}} {
			if resp, m := v.do(r); resp.StatusCode != 400 || errCode(m) != "BadRequest" {
				t.Errorf("%s: %s %s answered %d %v, want 400", typ, r.method, r.path, resp.StatusCode, m)
			}
		}
	}
}

// TestRootLinkForeignRoots: Behavior.ForeignRootBinds lets the link name a
// root of another platform, or any profile.
func TestRootLinkForeignRoots(t *testing.T) {
	v := newEnv(t, Config{})
	base := v.e.GraphURL()
	iosRoot := v.newTrusted(t, "", "iosTrustedRootCertificate")
	v.e.SetBehavior(Behavior{ForeignRootBinds: true})
	resp, p := v.do(req{method: "POST", path: configs, body: map[string]any{"@odata.type": "#microsoft.graph.aospDeviceOwnerScepCertificateProfile",
		"displayName": "s", "rootCertificate@odata.bind": rootURL(base, iosRoot)}})
	if resp.StatusCode != 201 {
		t.Fatalf("create: %d %v", resp.StatusCode, p)
	}
	if rid, _ := v.e.RootCertificateID(p["id"].(string)); rid != iosRoot {
		t.Errorf("link = %q, want %s", rid, iosRoot)
	}
}

// TestRootLinkNationalCloud: a request that reaches the emulator as
// graph.microsoft.us binds with that host; graph.microsoft.com is refused.
func TestRootLinkNationalCloud(t *testing.T) {
	v := newEnv(t, Config{ExtraHosts: []string{"graph.microsoft.us"}})
	cfg := v.e.Config()
	resp, body := v.tokenRequest(url.Values{"grant_type": {"client_credentials"}, "client_id": {cfg.ClientID},
		"client_secret": {cfg.ClientSecret}, "scope": {"https://graph.microsoft.us/.default"}})
	if resp.StatusCode != 200 {
		t.Fatalf("%d %v", resp.StatusCode, body)
	}
	graphAddr := strings.TrimPrefix(v.e.GraphURL(), "https://")
	tr := v.client.Transport.(*http.Transport).Clone()
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, graphAddr)
	}
	v.client = &http.Client{Transport: tr}
	v.token = body["access_token"].(string)
	us := "https://graph.microsoft.us"
	root := v.newTrusted(t, us, "windows81TrustedRootCertificate")
	create := func(bind string) (*answer, map[string]any) {
		return v.do(req{method: "POST", path: us + configs, body: map[string]any{"@odata.type": "#microsoft.graph.windows81SCEPCertificateProfile",
			"displayName": "s", "rootCertificate@odata.bind": bind}})
	}
	if resp, m := create(rootURL("https://graph.microsoft.com", root)); resp.StatusCode != 400 {
		t.Errorf("bind to graph.microsoft.com on graph.microsoft.us: %d %v, want 400", resp.StatusCode, m)
	}
	resp2, p := create(rootURL(us, root))
	if resp2.StatusCode != 201 {
		t.Fatalf("bind on the cloud's host: %d %v", resp2.StatusCode, p)
	}
	path := us + configs + "/" + p["id"].(string) + "/microsoft.graph.windows81SCEPCertificateProfile/rootCertificate"
	if resp, m := v.do(req{method: "GET", path: path}); resp.StatusCode != 200 || m["id"] != root ||
		!strings.HasPrefix(m["@odata.context"].(string), us+"/") {
		t.Errorf("link route on graph.microsoft.us: %d %v", resp.StatusCode, m)
	}
	if resp, m := v.do(req{method: "PUT", path: path + "/$ref", body: map[string]any{"@odata.id": rootURL("https://graph.microsoft.com", root)}}); resp.StatusCode != 400 {
		t.Errorf("$ref to graph.microsoft.com: %d %v, want 400", resp.StatusCode, m)
	}
}

// TestRootLinkHelpers: the helpers the provider's tests use to make
// profiles and change links behind its back.
func TestRootLinkHelpers(t *testing.T) {
	v := newEnv(t, Config{})
	der := base64.StdEncoding.EncodeToString(testRootDER(t))
	v.e.SetBehavior(Behavior{ReadAfterWriteMisses: 2, ListLagListings: 2})
	root, err := v.e.CreateDeviceConfiguration(map[string]any{"@odata.type": "#microsoft.graph.androidWorkProfileTrustedRootCertificate",
		"displayName": "root", "trustedRootCertificate": der}, "")
	if err != nil {
		t.Fatal(err)
	}
	root2, _ := v.e.CreateDeviceConfiguration(map[string]any{"@odata.type": "#microsoft.graph.androidWorkProfileTrustedRootCertificate",
		"displayName": "root2", "trustedRootCertificate": der}, "")
	if _, err := v.e.CreateDeviceConfiguration(map[string]any{"@odata.type": "#microsoft.graph.iosTrustedRootCertificate", "displayName": "x"}, ""); err == nil {
		t.Error("a trusted profile without a certificate was created")
	}
	id, err := v.e.CreateDeviceConfiguration(map[string]any{"@odata.type": "#microsoft.graph.androidWorkProfilePkcsCertificateProfile",
		"displayName": "pkcs", "renewalThresholdPercentage": 30, "keyUsage": "x"}, root)
	if err == nil {
		t.Fatal("a property the type lacks was accepted")
	}
	id, err = v.e.CreateDeviceConfiguration(map[string]any{"@odata.type": "#microsoft.graph.androidWorkProfilePkcsCertificateProfile",
		"displayName": "pkcs", "renewalThresholdPercentage": 30}, root)
	if err != nil {
		t.Fatal(err)
	}
	// Made outside the API's lag: seen at once by a GET and a listing.
	if resp, m := v.do(req{method: "GET", path: configs + "/" + id}); resp.StatusCode != 200 || m["renewalThresholdPercentage"] != float64(30) {
		t.Errorf("GET of a profile made by the helper: %d %v", resp.StatusCode, m)
	}
	if _, m := v.do(req{method: "GET", path: configs + "?$filter=displayName%20eq%20'pkcs'"}); len(m["value"].([]any)) != 1 {
		t.Errorf("listing: %v", m)
	}
	v.e.SetBehavior(Behavior{})
	if _, err := v.e.CreateDeviceConfiguration(map[string]any{"@odata.type": "#microsoft.graph.androidWorkProfilePkcsCertificateProfile",
		"displayName": "pkcs"}, id); err == nil {
		t.Error("a PKCS profile was accepted as root")
	}
	if err := v.e.SetRootCertificate(id, root2); err != nil {
		t.Fatal(err)
	}
	if _, m := v.do(req{method: "GET", path: configs + "/" + id + "/microsoft.graph.androidWorkProfilePkcsCertificateProfile/rootCertificate"}); m["id"] != root2 {
		t.Errorf("after SetRootCertificate the route answers %v", m)
	}
	if err := v.e.SetRootCertificate(id, "0f0f0f0f-0000-4000-8000-000000000000"); err == nil {
		t.Error("SetRootCertificate to a missing root succeeded")
	}
	if err := v.e.UnbindRootCertificate(id); err != nil {
		t.Fatal(err)
	}
	if rid, ok := v.e.RootCertificateID(id); !ok || rid != "" {
		t.Errorf("after unbind: %q %v", rid, ok)
	}
	if err := v.e.UpdateDeviceConfiguration(id, map[string]any{"displayName": "changed", "renewalThresholdPercentage": 40}); err != nil {
		t.Fatal(err)
	}
	if p, _ := v.e.DeviceConfiguration(id); p["displayName"] != "changed" || p["renewalThresholdPercentage"] != float64(40) || p["version"] != float64(2) {
		t.Errorf("after UpdateDeviceConfiguration: %v", p)
	}
	if err := v.e.UpdateDeviceConfiguration(id, map[string]any{"renewalThresholdPercentage": 0}); err == nil {
		t.Error("UpdateDeviceConfiguration accepted what the API refuses")
	}
	if err := v.e.UnbindRootCertificate("nope"); err == nil {
		t.Error("UnbindRootCertificate of a missing profile succeeded")
	}
}

// TestRootLinkReadLag: Behavior.ReadAfterWriteMisses hides a new profile
// from reads of its link, counted like other reads, but not from $ref
// writes (as PATCH and DELETE are not hidden).
func TestRootLinkReadLag(t *testing.T) {
	v := newEnv(t, Config{})
	base := v.e.GraphURL()
	root := v.newTrusted(t, "", "iosTrustedRootCertificate")
	v.e.SetBehavior(Behavior{ReadAfterWriteMisses: 1})
	resp, p := v.do(req{method: "POST", path: configs, body: map[string]any{"@odata.type": "#microsoft.graph.iosScepCertificateProfile",
		"displayName": "s", "rootCertificate@odata.bind": rootURL(base, root)}})
	if resp.StatusCode != 201 {
		t.Fatalf("create: %d %v", resp.StatusCode, p)
	}
	link := configs + "/" + p["id"].(string) + "/microsoft.graph.iosScepCertificateProfile/rootCertificate"
	if resp, _ := v.do(req{method: "PUT", path: link + "/$ref", body: map[string]any{"@odata.id": rootURL(base, root)}}); resp.StatusCode != 204 {
		t.Errorf("$ref PUT right after the create: %d, want 204", resp.StatusCode)
	}
	if resp, _ := v.do(req{method: "GET", path: link}); resp.StatusCode != 404 {
		t.Errorf("first read of the link: %d, want 404 (hidden by lag)", resp.StatusCode)
	}
	if resp, m := v.do(req{method: "GET", path: link}); resp.StatusCode != 200 || m["id"] != root {
		t.Errorf("second read of the link: %d %v", resp.StatusCode, m)
	}
}
