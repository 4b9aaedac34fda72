package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// The rootCertificate navigation of the SCEP and PKCS types: bound by
// rootCertificate@odata.bind in a create, changed by PUT and removed by
// DELETE of .../{id}/microsoft.graph.<type>/rootCertificate/$ref, read only
// through that typed route. ASSUMPTIONS.md lists what is assumed here.

// rootBind reads a create's rootCertificate@odata.bind: the root's id, ""
// when none. false means the request has been answered.
func (c *call) rootBind(obj map[string]any) (string, bool) {
	v, sent := obj["rootCertificate@odata.bind"]
	typ := strings.TrimPrefix(fmt.Sprint(obj["@odata.type"]), "#")
	if !sent || profileTypes[typ].family == "importedPfx" {
		return "", true // imported PFX: annotations are ignored, as always
	}
	root, bad := c.e.checkRoot(typ, c.r.Host, v)
	if bad != nil {
		c.badRequest(bad)
		return "", false
	}
	return root, true
}

// checkRoot checks a bind or $ref URL made on host for a profile of type
// typ and returns the root's id.
func (e *Emulator) checkRoot(typ, host string, v any) (string, *badRequest) {
	s, _ := v.(string)
	id, bad := rootURLID(host, s)
	if bad != nil {
		return "", bad
	}
	return e.checkRootID(typ, id)
}

// checkRootID checks that id names a root a profile of type typ may link to.
func (e *Emulator) checkRootID(typ, id string) (string, *badRequest) {
	t := profileTypes[typ]
	if t.root == "" {
		return "", badf("Could not find a navigation property named 'rootCertificate' on type '%s'.", typ)
	}
	root := e.configs.get(id)
	if root == nil {
		return "", badf("The entity 'deviceConfigurations('%s')' referenced by the link to 'rootCertificate' does not exist.", id)
	}
	if root.typeName() != t.root && !e.behaviorNow().ForeignRootBinds {
		return "", badf("The entity '%s' is of type '%s'; the navigation property 'rootCertificate' of '%s' needs an entity of type '%s'.",
			id, root.typeName(), typ, t.root)
	}
	return root.id(), nil
}

// rootURLID reads https://{host}/beta/deviceManagement/deviceConfigurations('{id}')
// (or .../deviceConfigurations/{id}); the host must be the one the request
// came to.
func rootURLID(host, s string) (string, *badRequest) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return "", badf("The link '%s' is not an absolute https URL of an entity on this service.", s)
	}
	if hostKey(u.Host) != hostKey(host) {
		return "", badf("The link '%s' names the host '%s', not this service's host '%s'.", s, u.Host, host)
	}
	seg := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(seg) < 3 || seg[0] != "beta" || !strings.EqualFold(seg[1], "deviceManagement") {
		return "", badf("The link '%s' does not name an entity of https://%s/beta/deviceManagement/deviceConfigurations.", s, host)
	}
	var id string
	switch {
	case len(seg) == 3 && strings.HasPrefix(strings.ToLower(seg[2]), "deviceconfigurations(") && strings.HasSuffix(seg[2], ")"):
		id = seg[2][len("deviceConfigurations(") : len(seg[2])-1]
		id = strings.TrimSuffix(strings.TrimPrefix(id, "'"), "'")
	case len(seg) == 4 && strings.EqualFold(seg[2], "deviceConfigurations"):
		id = seg[3]
	}
	if id == "" {
		return "", badf("The link '%s' does not name an entity of https://%s/beta/deviceManagement/deviceConfigurations.", s, host)
	}
	return normalID(id), nil
}

// linkCast checks the cast segment of a link route; false means the request
// has been answered.
func (c *call) linkCast(cast string) bool {
	t, ok := profileTypes[cast]
	switch {
	case !ok:
		c.segmentNotFound(cast)
	case t.root == "":
		c.segmentNotFound("rootCertificate")
	case t.linkRefused:
		c.fail(400, "BadRequest", c.intuneMessage(fmt.Sprintf("The navigation property 'rootCertificate' is not supported on type '%s'.", cast)))
	default:
		return true
	}
	return false
}

// castProfile returns the profile a link route names, answering when there
// is none or it is not of the cast's type. Only a read (lagging) can be
// hidden by Behavior.ReadAfterWriteMisses, as for PATCH and DELETE.
func (c *call) castProfile(id, cast string, lagging bool) *configuration {
	var p *configuration
	if lagging {
		p = c.visibleConfiguration(id)
	} else if p = c.e.configs.get(id); p == nil {
		c.configurationNotFound(id)
	}
	if p != nil && p.typeName() != cast {
		c.fail(400, "BadRequest", fmt.Sprintf("The entity '%s' is of type '%s', not '%s'.", id, p.typeName(), cast))
		return nil
	}
	return p
}

// rootLink serves GET .../{id}/{cast}/rootCertificate: the root entity,
// without its @odata.type and with supportsScopeTags false, as the notes
// say Graph may answer; 404 when unbound.
func (c *call) rootLink(cl *accessClaims, id, cast string) {
	if c.r.Method != http.MethodGet {
		c.methodNotAllowed("GET")
		return
	}
	if !c.authorize(cl, false) || !c.linkCast(cast) {
		return
	}
	p := c.castProfile(id, cast, true)
	if p == nil {
		return
	}
	root := c.e.configs.get(p.root)
	if p.root == "" || root == nil {
		c.fail(404, "ResourceNotFound", c.intuneMessage(fmt.Sprintf("Resource not found: the profile '%s' has no rootCertificate", id)))
		return
	}
	out := make(map[string]any, len(root.props)+1)
	for k, v := range root.props {
		out[k] = v
	}
	delete(out, "@odata.type")
	out["supportsScopeTags"] = false
	out["@odata.context"] = c.base + "/beta/$metadata#deviceManagement/deviceConfigurations/$entity"
	c.writeJSON(200, marshal(out))
}

// rootRef serves PUT and DELETE of .../{id}/{cast}/rootCertificate/$ref.
func (c *call) rootRef(cl *accessClaims, id, cast string) {
	switch c.r.Method {
	case http.MethodPut:
		if !c.authorize(cl, true) || !c.checkJSON() || !c.linkCast(cast) {
			return
		}
		obj, bad := decodeObject(c.body, "microsoft.graph.entityReference")
		if bad != nil {
			c.badRequest(bad)
			return
		}
		ref, ok := obj["@odata.id"].(string)
		if !ok {
			c.badRequest(badf("The request body of a $ref PUT must carry '@odata.id'."))
			return
		}
		p := c.castProfile(id, cast, false)
		if p == nil {
			return
		}
		root, bad := c.e.checkRoot(cast, c.r.Host, ref)
		if bad != nil {
			c.badRequest(bad)
			return
		}
		if !c.e.setRoot(id, root) {
			c.configurationNotFound(id)
			return
		}
		c.noContent()
	case http.MethodDelete:
		if !c.authorize(cl, true) || !c.linkCast(cast) {
			return
		}
		if p := c.castProfile(id, cast, false); p == nil {
			return
		}
		if !c.e.setRoot(id, "") {
			c.configurationNotFound(id)
			return
		}
		c.noContent()
	default:
		c.methodNotAllowed("PUT, DELETE")
	}
}

// setRoot stores a profile's link ("" unbinds); false when there is no
// such profile. A link change does not touch version (assumed).
func (e *Emulator) setRoot(id, root string) bool {
	e.configs.mu.Lock()
	defer e.configs.mu.Unlock()
	old := e.configs.objs[normalID(id)]
	if old == nil {
		return false
	}
	p := *old
	p.root = root
	e.configs.objs[normalID(id)] = &p
	return true
}
