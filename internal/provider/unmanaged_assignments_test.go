package provider

import (
	"testing"

	jsonserialization "github.com/microsoft/kiota-serialization-json-go"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// TestUnmanagedAssignmentsValue: only direct assignments of an unmodelled
// target are unmanaged; a policy set's and the four modelled targets are not.
func TestUnmanagedAssignmentsValue(t *testing.T) {
	read := func(js string) *graph.DeviceConfigurationAssignment {
		node, err := jsonserialization.NewJsonParseNode([]byte(js))
		if err != nil {
			t.Fatal(err)
		}
		v, err := node.GetObjectValue(graph.CreateDeviceConfigurationAssignmentFromDiscriminatorValue)
		if err != nil {
			t.Fatal(err)
		}
		return v.(*graph.DeviceConfigurationAssignment)
	}
	list := []*graph.DeviceConfigurationAssignment{
		read(`{"source":"direct","target":{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":"B"}}`),
		read(`{"source":"direct","target":{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":"A"}}`),
		read(`{"source":"policySets","target":{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":"C"}}`),
		read(`{"source":"direct","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"}}`),
		read(`{"source":"direct","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}`),
	}
	got := unmanagedAssignmentsValue(list)
	want := `["{\"@odata.type\":\"#microsoft.graph.configurationManagerCollectionAssignmentTarget\",\"collectionId\":\"A\"}",` +
		`"{\"@odata.type\":\"#microsoft.graph.configurationManagerCollectionAssignmentTarget\",\"collectionId\":\"B\"}"]`
	if got.String() != want {
		t.Errorf("unmanaged_assignments = %s\nwant %s", got, want)
	}
	if v := unmanagedAssignmentsValue(nil); v.IsNull() || len(v.Elements()) != 0 {
		t.Errorf("no assignments: %s, want an empty set", v)
	}
}
