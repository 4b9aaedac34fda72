package emulator

import (
	"crypto/sha256"
	"net/url"
	"slices"
	"testing"
)

// entitySetCase is one entity set a POST creates in: how to make a create
// body, how to list the new object's kind, and how to find what was stored.
type entitySetCase struct {
	name   string
	coll   string
	body   func(v *env, i int) map[string]any
	filter func(body map[string]any) string // a listing that shows the object
	stored func(v *env, body map[string]any) []string
}

func entitySetCases() []entitySetCase {
	return []entitySetCase{
		{
			name: "pfxRecryptionRequests",
			coll: coll,
			body: func(_ *env, i int) map[string]any {
				return map[string]any{"thumbprint": "lag-" + string(rune('a'+i))}
			},
			filter: func(b map[string]any) string { return "thumbprint eq '" + b["thumbprint"].(string) + "'" },
			stored: func(v *env, b map[string]any) []string {
				var out []string
				for _, o := range v.e.Objects() {
					if o["thumbprint"] == b["thumbprint"] {
						out = append(out, o["id"].(string))
					}
				}
				return out
			},
		},
		{
			name: "deviceConfigurations",
			coll: configs,
			body: func(_ *env, i int) map[string]any {
				return map[string]any{"@odata.type": "#microsoft.graph.windows10ImportedPFXCertificateProfile",
					"displayName": "lag " + string(rune('a'+i))}
			},
			filter: func(b map[string]any) string { return "displayName eq '" + b["displayName"].(string) + "'" },
			stored: func(v *env, b map[string]any) []string {
				var out []string
				for _, id := range v.e.DeviceConfigurationIDs() {
					if o, _ := v.e.DeviceConfiguration(id); o["displayName"] == b["displayName"] {
						out = append(out, id)
					}
				}
				return out
			},
		},
		{
			name: "userPfxCertificates",
			coll: pfxColl,
			body: func(v *env, i int) map[string]any {
				p := makeTestPfx(v.t.(*testing.T), "pw")
				upn := "lag" + string(rune('a'+i)) + "@contoso.com"
				return pfxBody(p, upn, encryptFor(v.t.(*testing.T), v.e, "pw", sha256.New()), "oaepSha256")
			},
			filter: func(b map[string]any) string {
				return "userPrincipalName eq '" + b["userPrincipalName"].(string) + "'"
			},
			stored: func(v *env, b map[string]any) []string {
				id := UserPfxCertificateID(b["userPrincipalName"].(string), b["thumbprint"].(string))
				if _, ok := v.e.UserPfxCertificate(id); ok {
					return []string{id}
				}
				return nil
			},
		},
	}
}

// listIDs lists the collection with filter and returns the ids it shows.
func (v *env) listIDs(t *testing.T, coll, filter string) []string {
	t.Helper()
	resp, m := v.do(req{method: "GET", path: coll + "?$filter=" + url.QueryEscape(filter)})
	if resp.StatusCode != 200 {
		t.Fatalf("list %s: %d %v", coll, resp.StatusCode, m)
	}
	return ids(t, m)
}

// A fault with AfterCommit on POST stores the object and answers 504, on
// every entity set.
func TestFaultAfterCommitEveryEntitySet(t *testing.T) {
	for _, tc := range entitySetCases() {
		t.Run(tc.name, func(t *testing.T) {
			v := newEnv(t, Config{})
			v.e.AddFault(Fault{Method: "POST", PathPrefix: tc.coll, Status: 504, AfterCommit: true, Count: 1})
			body := tc.body(v, 0)
			resp, m := v.do(req{method: "POST", path: tc.coll, body: body})
			if resp.StatusCode != 504 || errCode(m) != "GatewayTimeout" {
				t.Fatalf("POST answered %d %v, want 504 GatewayTimeout", resp.StatusCode, m)
			}
			if got := tc.stored(v, body); len(got) != 1 {
				t.Fatalf("stored %v, want exactly one object", got)
			}
			if got := v.listIDs(t, tc.coll, tc.filter(body)); len(got) != 1 {
				t.Errorf("listed %v, want the stored object", got)
			}
		})
	}
}

// ListLagListings leaves a new object out of that many listings that would
// show it, on every entity set; a GET by id sees it at once, and objects
// created before the switch are listed as usual.
func TestListLagEveryEntitySet(t *testing.T) {
	for _, tc := range entitySetCases() {
		t.Run(tc.name, func(t *testing.T) {
			v := newEnv(t, Config{})
			old := tc.body(v, 0)
			if resp, m := v.do(req{method: "POST", path: tc.coll, body: old}); resp.StatusCode != 201 {
				t.Fatalf("create: %d %v", resp.StatusCode, m)
			}
			v.e.SetBehavior(Behavior{ListLagListings: 2})
			body := tc.body(v, 1)
			resp, m := v.do(req{method: "POST", path: tc.coll, body: body})
			if resp.StatusCode != 201 {
				t.Fatalf("create: %d %v", resp.StatusCode, m)
			}
			id := m["id"].(string)
			if resp, m := v.do(req{method: "GET", path: tc.coll + "/" + id}); resp.StatusCode != 200 {
				t.Errorf("GET by id during the list lag: %d %v, want 200", resp.StatusCode, m)
			}
			for i := 1; i <= 2; i++ {
				if got := v.listIDs(t, tc.coll, tc.filter(body)); len(got) != 0 {
					t.Errorf("listing %d after the create shows %v, want nothing yet", i, got)
				}
			}
			if got := v.listIDs(t, tc.coll, tc.filter(old)); len(got) != 1 {
				t.Errorf("the older object: listed %v, want it", got)
			}
			if got := v.listIDs(t, tc.coll, tc.filter(body)); !slices.Equal(got, []string{id}) {
				t.Errorf("third listing shows %v, want [%s]", got, id)
			}
		})
	}
}
