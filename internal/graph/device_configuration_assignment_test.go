package graph

import (
	"encoding/json"
	"reflect"
	"testing"

	jsonserialization "github.com/microsoft/kiota-serialization-json-go"
)

// TestUnmodelledAssignmentRoundTrips reads an assignment to a target type the
// provider does not model (a Configuration Manager collection) and sends it
// back in an assign body: the target must reach Graph unchanged, or the next
// assign would remove or alter an assignment made outside Terraform.
func TestUnmodelledAssignmentRoundTrips(t *testing.T) {
	const read = `{"id":"p_SMS00001","intent":"apply","source":"direct","sourceId":"p",
		"@odata.type":"#microsoft.graph.deviceConfigurationAssignment",
		"target":{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget",
			"collectionId":"SMS00001","deviceAndAppManagementAssignmentFilterId":null,
			"deviceAndAppManagementAssignmentFilterType":"none","futureSetting":{"depth":2,"on":true}}}`
	node, err := jsonserialization.NewJsonParseNode([]byte(read))
	if err != nil {
		t.Fatal(err)
	}
	v, err := node.GetObjectValue(CreateDeviceConfigurationAssignmentFromDiscriminatorValue)
	if err != nil {
		t.Fatal(err)
	}
	a := v.(*DeviceConfigurationAssignment)
	if a.GetTarget().Modelled() {
		t.Fatal("a Configuration Manager collection target reads as modelled")
	}
	wantTarget := map[string]any{"@odata.type": "#microsoft.graph.configurationManagerCollectionAssignmentTarget",
		"collectionId": "SMS00001", "deviceAndAppManagementAssignmentFilterType": "none",
		"futureSetting": map[string]any{"depth": float64(2), "on": true}}
	got := toJSON(t, &assignRequestBody{assignments: []*DeviceConfigurationAssignment{a}})
	want := map[string]any{"assignments": []any{map[string]any{
		"@odata.type": "#microsoft.graph.deviceConfigurationAssignment", "target": wantTarget}}}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		t.Errorf("assign body = %s\nwant the target as read: %v", g, want)
	}
	// The state's view of it: the same JSON every time (sorted keys).
	const wantJSON = `{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget",` +
		`"collectionId":"SMS00001","deviceAndAppManagementAssignmentFilterType":"none","futureSetting":{"depth":2,"on":true}}`
	for range 5 {
		if j := a.GetTarget().JSON(); j != wantJSON {
			t.Fatalf("JSON() = %s, want %s", j, wantJSON)
		}
	}
	for _, typ := range ModelledTargetTypes {
		if !NewAssignmentTarget(typ, nil, nil, nil).Modelled() {
			t.Errorf("%s reads as unmodelled", typ)
		}
	}
}
