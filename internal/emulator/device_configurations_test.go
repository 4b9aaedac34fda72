package emulator

import (
	"fmt"
	"strings"
	"testing"
)

const configs = "/beta/deviceManagement/deviceConfigurations"

func TestDeviceConfigurationLifecycle(t *testing.T) {
	v := newEnv(t, Config{PageSize: 2})
	resp, p := v.do(req{method: "POST", path: configs, body: map[string]any{
		"@odata.type": "#microsoft.graph.windows10ImportedPFXCertificateProfile", "displayName": "S/MIME",
		"intendedPurpose": "smimeEncryption",
	}})
	if resp.StatusCode != 201 {
		t.Fatalf("create: %d %v", resp.StatusCode, p)
	}
	id := p["id"].(string)
	if p["version"] != float64(1) || p["keyStorageProvider"] != "useTpmKspOtherwiseUseSoftwareKsp" ||
		fmt.Sprint(p["roleScopeTagIds"]) != "[0]" || p["createdDateTime"] == nil || p["description"] != nil {
		t.Errorf("server-set values wrong: %v", p)
	}

	// Writes Graph refuses.
	for name, body := range map[string]map[string]any{
		"no @odata.type":     {"displayName": "x"},
		"other type":         {"@odata.type": "#microsoft.graph.iosImportedPFXCertificateProfile", "displayName": "x"},
		"unknown type":       {"@odata.type": "#microsoft.graph.nope", "displayName": "x"},
		"intendedPurpose":    {"@odata.type": "#microsoft.graph.windows10ImportedPFXCertificateProfile", "intendedPurpose": "smimeSigning"},
		"keyStorageProvider": {"@odata.type": "#microsoft.graph.windows10ImportedPFXCertificateProfile", "keyStorageProvider": "useSoftwareKsp"},
		"foreign property":   {"@odata.type": "#microsoft.graph.windows10ImportedPFXCertificateProfile", "deploymentChannel": "userChannel"},
		"bad enum":           {"@odata.type": "#microsoft.graph.windows10ImportedPFXCertificateProfile", "keyStorageProvider": "tpm"},
	} {
		resp, m := v.do(req{method: "PATCH", path: configs + "/" + id, body: body})
		if resp.StatusCode != 400 || errCode(m) != "BadRequest" || errMessage(m) == "" {
			t.Errorf("%s: PATCH answered %d %v, want 400 BadRequest", name, resp.StatusCode, m)
		}
	}
	resp, p = v.do(req{method: "PATCH", path: configs + "/" + id, body: map[string]any{
		"@odata.type": "#microsoft.graph.windows10ImportedPFXCertificateProfile", "displayName": "renamed",
		"intendedPurpose": "smimeEncryption", // unchanged: allowed
	}})
	if resp.StatusCode != 200 || p["displayName"] != "renamed" || p["version"] != float64(2) {
		t.Fatalf("PATCH: %d %v", resp.StatusCode, p)
	}

	// assign replaces the whole set.
	group := "6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f"
	resp, m := v.do(req{method: "POST", path: configs + "/" + id + "/assign", body: map[string]any{"assignments": []any{
		map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": group}},
		map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget",
			"deviceAndAppManagementAssignmentFilterId": group, "deviceAndAppManagementAssignmentFilterType": "include"}},
	}}})
	if resp.StatusCode != 200 || len(m["value"].([]any)) != 2 {
		t.Fatalf("assign: %d %v", resp.StatusCode, m)
	}
	resp, m = v.do(req{method: "POST", path: configs + "/" + id + "/assign", body: map[string]any{"assignments": []any{
		map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget", "groupId": group}},
	}}})
	if resp.StatusCode != 200 {
		t.Fatalf("assign: %d %v", resp.StatusCode, m)
	}
	_, p = v.do(req{method: "GET", path: configs + "/" + id + "?$expand=assignments"})
	as := p["assignments"].([]any)
	if len(as) != 1 || as[0].(map[string]any)["target"].(map[string]any)["@odata.type"] != "#microsoft.graph.exclusionGroupAssignmentTarget" {
		t.Errorf("assignments after the second assign = %v, want only the exclusion", as)
	}
	_, m = v.do(req{method: "GET", path: configs + "/" + id + "/assignments"})
	if len(m["value"].([]any)) != 1 {
		t.Errorf("/assignments = %v", m)
	}
	for name, target := range map[string]map[string]any{
		"group without id":   {"@odata.type": "#microsoft.graph.groupAssignmentTarget"},
		"unknown target":     {"@odata.type": "#microsoft.graph.somethingElse"},
		"bad filter type":    {"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget", "deviceAndAppManagementAssignmentFilterType": "maybe"},
		"group on all users": {"@odata.type": "#microsoft.graph.allLicensedUsersAssignmentTarget", "groupId": group},
	} {
		resp, m := v.do(req{method: "POST", path: configs + "/" + id + "/assign", body: map[string]any{"assignments": []any{map[string]any{"target": target}}}})
		if resp.StatusCode != 400 {
			t.Errorf("%s: assign answered %d %v", name, resp.StatusCode, m)
		}
	}

	// Delivery states, paged, behind the cast to the profile's type.
	for i := 0; i < 3; i++ {
		if _, ok := v.e.DeliverCertificate(id, map[string]any{"deviceDisplayName": fmt.Sprintf("pc-%d", i)}); !ok {
			t.Fatal("DeliverCertificate: no profile")
		}
	}
	path := configs + "/" + id + "/microsoft.graph.windows10ImportedPFXCertificateProfile/managedDeviceCertificateStates"
	var names []string
	for path != "" {
		resp, m := v.do(req{method: "GET", path: path})
		if resp.StatusCode != 200 {
			t.Fatalf("states: %d %v", resp.StatusCode, m)
		}
		for _, s := range m["value"].([]any) {
			names = append(names, s.(map[string]any)["deviceDisplayName"].(string))
		}
		path, _ = m["@odata.nextLink"].(string)
	}
	if strings.Join(names, ",") != "pc-0,pc-1,pc-2" {
		t.Errorf("states = %v", names)
	}
	if resp, _ := v.do(req{method: "GET", path: configs + "/" + id + "/managedDeviceCertificateStates"}); resp.StatusCode != 400 {
		t.Errorf("states without the cast answered %d, want 400", resp.StatusCode)
	}
	if resp, _ := v.do(req{method: "GET", path: configs + "/" + id + "/microsoft.graph.iosImportedPFXCertificateProfile/managedDeviceCertificateStates"}); resp.StatusCode != 400 {
		t.Errorf("states behind the wrong cast answered %d, want 400", resp.StatusCode)
	}

	// Lookup by display name, then delete: assignments go with the profile.
	_, m = v.do(req{method: "GET", path: configs + "?$filter=displayName%20eq%20'renamed'"})
	if len(m["value"].([]any)) != 1 {
		t.Errorf("filter by displayName: %v", m)
	}
	if resp, _ := v.do(req{method: "DELETE", path: configs + "/" + id}); resp.StatusCode != 204 {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	if resp, _ := v.do(req{method: "GET", path: configs + "/" + id + "/assignments"}); resp.StatusCode != 404 {
		t.Errorf("assignments after delete answered %d, want 404", resp.StatusCode)
	}
	if _, ok := v.e.DeviceConfiguration(id); ok {
		t.Error("the profile survived its delete")
	}
}

func TestDeviceConfigurationCreateChecks(t *testing.T) {
	v := newEnv(t, Config{})
	for name, body := range map[string]map[string]any{
		"no type":           {"displayName": "x"},
		"no displayName":    {"@odata.type": "#microsoft.graph.iosImportedPFXCertificateProfile"},
		"ios with ksp":      {"@odata.type": "#microsoft.graph.iosImportedPFXCertificateProfile", "displayName": "x", "keyStorageProvider": "useSoftwareKsp"},
		"silent on ios":     {"@odata.type": "#microsoft.graph.iosImportedPFXCertificateProfile", "displayName": "x", "silentCertificateAccessDetails": []any{}},
		"bad purpose":       {"@odata.type": "#microsoft.graph.iosImportedPFXCertificateProfile", "displayName": "x", "intendedPurpose": "email"},
		"bad silent access": {"@odata.type": "#microsoft.graph.androidDeviceOwnerImportedPFXCertificateProfile", "displayName": "x", "silentCertificateAccessDetails": []any{map[string]any{"appId": "a"}}},
	} {
		resp, m := v.do(req{method: "POST", path: configs, body: body})
		if resp.StatusCode != 400 {
			t.Errorf("%s: create answered %d %v, want 400", name, resp.StatusCode, m)
		}
	}
	resp, p := v.do(req{method: "POST", path: configs, body: map[string]any{
		"@odata.type": "#microsoft.graph.androidDeviceOwnerImportedPFXCertificateProfile", "displayName": "x",
		"certificateAccessType": "specificApps", "silentCertificateAccessDetails": []any{map[string]any{"packageId": "com.a"}},
	}})
	if resp.StatusCode != 201 || fmt.Sprint(p["silentCertificateAccessDetails"]) != "[map[@odata.type:#microsoft.graph.androidDeviceOwnerSilentCertificateAccess packageId:com.a]]" {
		t.Errorf("create: %d %v", resp.StatusCode, p)
	}
}

// A listing of the set expands assignments when asked (unless the behaviour
// ListingIgnoresExpand), counts the set with $count=true on every page, and
// refuses an $expand of anything else.
func TestListConfigurationsExpandAndCount(t *testing.T) {
	v := newEnv(t, Config{PageSize: 2})
	group := "6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f"
	var first string
	for i := range 3 {
		resp, p := v.do(req{method: "POST", path: configs, body: map[string]any{
			"@odata.type": "#microsoft.graph.windows10ImportedPFXCertificateProfile", "displayName": fmt.Sprint("p", i),
			"intendedPurpose": "smimeEncryption",
		}})
		if resp.StatusCode != 201 {
			t.Fatalf("create: %d %v", resp.StatusCode, p)
		}
		if i == 0 {
			first = p["id"].(string)
		}
	}
	if !v.e.SetDeviceConfigurationAssignments(first, map[string]any{"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": group}) {
		t.Fatal("no profile to assign")
	}
	ids := func(m map[string]any) []string { // sorted by id: first may be on either page
		var out []string
		for _, o := range m["value"].([]any) {
			out = append(out, o.(map[string]any)["id"].(string))
		}
		return out
	}
	_, page1 := v.do(req{method: "GET", path: configs + "?$expand=assignments&$count=true"})
	next, _ := page1["@odata.nextLink"].(string)
	if page1["@odata.count"] != 3.0 || len(ids(page1)) != 2 || !strings.Contains(next, "expand=assignments") {
		t.Fatalf("first page: %v, want @odata.count 3, 2 objects and a next link that repeats $expand", page1)
	}
	_, page2 := v.do(req{method: "GET", path: next})
	if page2["@odata.count"] != 3.0 || len(ids(page2)) != 1 {
		t.Fatalf("second page: %v, want @odata.count 3 and 1 object", page2)
	}
	assigned := 0
	for _, o := range append(page1["value"].([]any), page2["value"].([]any)...) {
		a, ok := o.(map[string]any)["assignments"].([]any)
		if !ok {
			t.Fatalf("listed without assignments: %v", o)
		}
		assigned += len(a)
	}
	if assigned != 1 {
		t.Fatalf("%d assignments listed, want 1", assigned)
	}
	_, plain := v.do(req{method: "GET", path: configs})
	if o := plain["value"].([]any)[0].(map[string]any); o["assignments"] != nil || plain["@odata.count"] != nil {
		t.Fatalf("without $expand and $count: %v, want neither assignments nor @odata.count", plain)
	}
	if resp, m := v.do(req{method: "GET", path: configs + "?$expand=groupAssignments"}); resp.StatusCode != 400 {
		t.Fatalf("$expand=groupAssignments: %d %v, want 400", resp.StatusCode, m)
	}
	v.e.SetBehavior(Behavior{ListingIgnoresExpand: true})
	_, ignored := v.do(req{method: "GET", path: configs + "?$expand=assignments"})
	if o := ignored["value"].([]any)[0].(map[string]any); o["assignments"] != nil {
		t.Fatalf("ListingIgnoresExpand: %v, want no assignments", o)
	}
	resp, single := v.do(req{method: "GET", path: configs + "/" + first + "?$expand=assignments"})
	if a, _ := single["assignments"].([]any); resp.StatusCode != 200 || len(a) != 1 {
		t.Fatalf("ListingIgnoresExpand still expands a GET by id: %d %v", resp.StatusCode, single)
	}
}
