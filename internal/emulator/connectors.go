package emulator

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

// /deviceManagement/certificateConnectorDetails and /deviceManagement/ndesConnectors:
// the connectors that deliver PKCS, imported-PFX and SCEP certificates. They
// enrol themselves, so to a client both collections are read only; tests add
// connectors with AddCertificateConnector and AddNdesConnector. Both page like
// every collection (ASSUMPTIONS.md).

var connectorSets = map[string]string{
	"certificateconnectordetails": "certificateConnectorDetails",
	"ndesconnectors":              "ndesConnectors",
}

type connectorStore struct {
	mu   sync.Mutex
	sets map[string][]map[string]any // by set name, in enrolment order
}

// connectorRoute serves GET of either collection and of one connector in it;
// false when seg names neither set.
func (c *call) connectorRoute(cl *accessClaims, seg []string) bool {
	set, ok := connectorSets[strings.ToLower(seg[0])]
	if !ok {
		return false
	}
	if c.r.Method != http.MethodGet {
		c.methodNotAllowed("GET")
		return true
	}
	if !c.authorize(cl, false) {
		return true
	}
	c.e.connectors.mu.Lock()
	items := c.e.connectors.sets[set]
	c.e.connectors.mu.Unlock()
	switch {
	case len(seg) == 1:
		c.writePage(c.base+"/beta/$metadata#deviceManagement/"+set, items)
	case len(seg) == 2:
		for _, it := range items {
			if id, _ := it["id"].(string); strings.EqualFold(id, seg[1]) {
				c.writeJSON(200, marshal(it))
				return true
			}
		}
		c.fail(404, "ResourceNotFound", "Resource not found for the segment '"+set+"'.")
	default:
		c.segmentNotFound(seg[2])
	}
	return true
}

// AddCertificateConnector enrols a Certificate Connector. fields are
// certificateConnectorDetails properties (time.Time values allowed); id is
// made when absent. It returns the id.
func (e *Emulator) AddCertificateConnector(fields map[string]any) string {
	return e.addConnector("certificateConnectorDetails", fields)
}

// AddNdesConnector enrols an NDES connector likewise (ndesConnector
// properties; state defaults to "active").
func (e *Emulator) AddNdesConnector(fields map[string]any) string {
	return e.addConnector("ndesConnectors", merged(map[string]any{"state": "active"}, fields))
}

func (e *Emulator) addConnector(set string, fields map[string]any) string {
	obj := map[string]any{"id": newGUID()}
	for k, v := range fields {
		if t, ok := v.(time.Time); ok {
			v = formatTime(t)
		}
		obj[k] = v
	}
	e.connectors.mu.Lock()
	defer e.connectors.mu.Unlock()
	if e.connectors.sets == nil {
		e.connectors.sets = map[string][]map[string]any{}
	}
	e.connectors.sets[set] = append(e.connectors.sets[set], obj)
	id, _ := obj["id"].(string)
	return id
}

func merged(a, b map[string]any) map[string]any {
	out := make(map[string]any, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}
