package emulator

import "testing"

// TestAssignmentTargets: a Configuration Manager collection is a target like
// any other (stored and returned as sent), and a filter on an excluded group
// is refused.
func TestAssignmentTargets(t *testing.T) {
	v := newEnv(t, Config{})
	resp, p := v.do(req{method: "POST", path: configs, body: map[string]any{
		"@odata.type": "#microsoft.graph.iosImportedPFXCertificateProfile", "displayName": "targets",
		"intendedPurpose": "smimeSigning",
	}})
	if resp.StatusCode != 201 {
		t.Fatalf("create: %d %v", resp.StatusCode, p)
	}
	id := p["id"].(string)
	const group, filter = "6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f", "7b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f"
	cm := "#microsoft.graph.configurationManagerCollectionAssignmentTarget"
	for name, target := range map[string]map[string]any{
		"collection without id":   {"@odata.type": cm},
		"collection with groupId": {"@odata.type": cm, "collectionId": "SMS00001", "groupId": group},
		"filtered exclusion": {"@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget", "groupId": group,
			"deviceAndAppManagementAssignmentFilterId": filter, "deviceAndAppManagementAssignmentFilterType": "exclude"},
	} {
		resp, m := v.do(req{method: "POST", path: configs + "/" + id + "/assign", body: map[string]any{"assignments": []any{map[string]any{"target": target}}}})
		if resp.StatusCode != 400 {
			t.Errorf("%s: assign answered %d %v, want 400", name, resp.StatusCode, m)
		}
	}
	resp, m := v.do(req{method: "POST", path: configs + "/" + id + "/assign", body: map[string]any{"assignments": []any{
		map[string]any{"target": map[string]any{"@odata.type": cm, "collectionId": "SMS00001"}},
		map[string]any{"target": map[string]any{"@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget", "groupId": group}},
	}}})
	if resp.StatusCode != 200 {
		t.Fatalf("assign: %d %v", resp.StatusCode, m)
	}
	_, p = v.do(req{method: "GET", path: configs + "/" + id + "/assignments"})
	list := p["value"].([]any)
	if len(list) != 2 {
		t.Fatalf("assignments = %v, want 2", list)
	}
	target := list[0].(map[string]any)["target"].(map[string]any)
	if target["@odata.type"] != cm || target["collectionId"] != "SMS00001" || target["deviceAndAppManagementAssignmentFilterType"] != "none" {
		t.Errorf("the collection's target reads back as %v", target)
	}
}
