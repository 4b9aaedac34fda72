package emulator

import (
	"testing"
	"time"
)

func TestConnectorCollections(t *testing.T) {
	v := newEnv(t, Config{PageSize: 2})
	const certs, ndes = "/beta/deviceManagement/certificateConnectorDetails", "/beta/deviceManagement/ndesConnectors"
	if resp, m := v.do(req{method: "GET", path: certs}); resp.StatusCode != 200 || len(m["value"].([]any)) != 0 || m["@odata.nextLink"] != nil {
		t.Fatalf("empty tenant: %d %v", resp.StatusCode, m)
	}
	var ids []string
	for _, name := range []string{"a", "b", "c"} {
		ids = append(ids, v.e.AddCertificateConnector(map[string]any{"connectorName": name, "lastCheckinDateTime": time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}))
	}
	resp, m := v.do(req{method: "GET", path: certs})
	if resp.StatusCode != 200 || len(m["value"].([]any)) != 2 || m["@odata.nextLink"] == nil {
		t.Fatalf("first page: %d %v", resp.StatusCode, m)
	}
	if got := m["value"].([]any)[0].(map[string]any); got["connectorName"] != "a" || got["lastCheckinDateTime"] == nil || got["id"] != ids[0] {
		t.Errorf("first connector: %v", got)
	}
	if resp, m := v.do(req{method: "GET", path: certs + "/" + ids[2]}); resp.StatusCode != 200 || m["connectorName"] != "c" {
		t.Errorf("one connector: %d %v", resp.StatusCode, m)
	}
	if resp, _ := v.do(req{method: "GET", path: certs + "/00000000-0000-0000-0000-000000000000"}); resp.StatusCode != 404 {
		t.Errorf("missing connector: %d, want 404", resp.StatusCode)
	}
	if resp, _ := v.do(req{method: "POST", path: certs, body: map[string]any{"connectorName": "x"}}); resp.StatusCode != 405 {
		t.Errorf("POST: %d, want 405 (connectors enrol themselves)", resp.StatusCode)
	}
	v.e.AddNdesConnector(map[string]any{"displayName": "ndes"})
	if resp, m := v.do(req{method: "GET", path: ndes}); resp.StatusCode != 200 || len(m["value"].([]any)) != 1 ||
		m["value"].([]any)[0].(map[string]any)["state"] != "active" {
		t.Errorf("NDES connectors: %d %v", resp.StatusCode, m)
	}
}
