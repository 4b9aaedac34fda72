package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// /deviceManagement/deviceConfigurations for the certificate profile types
// in profileTypes (imported PFX, trusted, SCEP, PKCS): create, read ($expand=assignments), update, delete, the
// assign action, the assignments collection, and each profile's
// managedDeviceCertificateStates (behind a cast to the profile's type).
// ASSUMPTIONS.md lists what is assumed here and why.

const configurationsSet = "deviceManagement/deviceConfigurations"

// Assignment targets and the well-known ids Intune gives the two virtual groups.
var assignmentTargets = map[string]string{
	"microsoft.graph.groupAssignmentTarget":            "",
	"microsoft.graph.exclusionGroupAssignmentTarget":   "",
	"microsoft.graph.allLicensedUsersAssignmentTarget": "acacacac-9df4-4c7d-9d50-4ef0226f57a9",
	"microsoft.graph.allDevicesAssignmentTarget":       "adadadad-808e-44e2-905a-0b7873a8a531",
	// A Configuration Manager collection (co-management), named by
	// collectionId, such as "SMS00001"; the provider does not model it.
	cmCollectionTarget: "",
}

const cmCollectionTarget = "microsoft.graph.configurationManagerCollectionAssignmentTarget"

// configuration is one stored profile. Stored maps are never changed in
// place: a write stores new ones, so readers can render outside the lock.
type configuration struct {
	props       map[string]any   // JSON properties, @odata.type with its '#'
	assignments []map[string]any // deviceConfigurationAssignment objects
	states      []map[string]any // managedDeviceCertificateState objects
	root        string           // id the rootCertificate navigation names; "" unbound
}

func (c *configuration) id() string {
	s, _ := c.props["id"].(string)
	return s
}

func (c *configuration) typeName() string {
	s, _ := c.props["@odata.type"].(string)
	return strings.TrimPrefix(s, "#")
}

type configurationStore struct {
	mu     sync.Mutex
	objs   map[string]*configuration
	hidden map[string]int // reads (GET, assign) still hidden by lag, by id
}

// putLocked stores p; a write hides the profile from the next
// Behavior.ReadAfterWriteMisses reads, as a lagging replica does.
func (e *Emulator) putLocked(p *configuration, misses int) {
	s := &e.configs
	if s.objs == nil {
		s.objs, s.hidden = map[string]*configuration{}, map[string]int{}
	}
	s.objs[p.id()] = p
	s.hidden[p.id()] = misses
}

// readMisses is the number of reads a write hides the object from.
func (e *Emulator) readMisses() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.behavior.ReadAfterWriteMisses
}

// lookupLocked returns the profile as a read through the API sees it: nil
// when there is none, or when lag still hides it (which counts the read).
func (s *configurationStore) lookupLocked(id string) *configuration {
	id = normalID(id)
	if s.hidden[id] > 0 {
		s.hidden[id]--
		return nil
	}
	return s.objs[id]
}

func (s *configurationStore) get(id string) *configuration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.objs[normalID(id)]
}

// deviceConfigurations routes /beta/deviceManagement/deviceConfigurations/...;
// rest is what follows that path.
func (c *call) deviceConfigurations(cl *accessClaims, rest []string) {
	switch {
	case len(rest) == 0:
		c.configurationCollection(cl)
	case len(rest) == 1:
		c.configurationEntity(cl, rest[0])
	case len(rest) == 2 && rest[1] == "assign":
		c.assign(cl, rest[0])
	case len(rest) == 2 && rest[1] == "assignments":
		c.listAssignments(cl, rest[0])
	case len(rest) == 3 && rest[2] == "rootCertificate":
		c.rootLink(cl, rest[0], rest[1])
	case len(rest) == 4 && rest[2] == "rootCertificate" && rest[3] == "$ref":
		c.rootRef(cl, rest[0], rest[1])
	case len(rest) == 3 && rest[2] == "managedDeviceCertificateStates":
		c.certificateStates(cl, rest[0], rest[1])
	case len(rest) == 2:
		// managedDeviceCertificateStates belongs to the derived types: without
		// a cast segment OData does not know the navigation property.
		c.segmentNotFound(rest[1])
	default:
		c.segmentNotFound(rest[len(rest)-1])
	}
}

// writeBody authorizes a write and reads its JSON object body; false means
// the request has been answered.
func (c *call) writeBody(cl *accessClaims) (map[string]any, bool) {
	if !c.authorize(cl, true) || !c.checkJSON() {
		return nil, false
	}
	obj, bad := decodeObject(c.body, "microsoft.graph.deviceConfiguration")
	if bad != nil {
		c.badRequest(bad)
		return nil, false
	}
	return obj, true
}

func (c *call) configurationNotFound(id string) {
	c.fail(404, "ResourceNotFound", c.intuneMessage(fmt.Sprintf("Resource not found: no deviceConfiguration with id '%s'", id)))
}

// visibleConfiguration returns the profile when a read may see it.
func (c *call) visibleConfiguration(id string) *configuration {
	c.e.configs.mu.Lock()
	p := c.e.configs.lookupLocked(id)
	c.e.configs.mu.Unlock()
	if p == nil {
		c.configurationNotFound(id)
		return nil
	}
	return p
}

func (c *call) configurationCollection(cl *accessClaims) {
	switch c.r.Method {
	case http.MethodGet:
		if c.authorize(cl, false) {
			c.listConfigurations()
		}
	case http.MethodPost:
		obj, ok := c.writeBody(cl)
		if !ok {
			return
		}
		if bad := checkConfiguration(obj, ""); bad != nil {
			c.badRequest(bad)
			return
		}
		root, ok := c.rootBind(obj)
		if !ok {
			return
		}
		p := c.e.createConfiguration(obj, root, true)
		if !c.holdCreateAnswer(c.e.behaviorNow(), p.id()) {
			return
		}
		c.w.Header().Set("Location", c.base+"/beta/"+configurationsSet+"/"+p.id())
		c.writeJSON(201, marshal(c.configurationJSON(p, false)))
	default:
		c.methodNotAllowed("GET, POST")
	}
}

func (c *call) configurationEntity(cl *accessClaims, id string) {
	switch c.r.Method {
	case http.MethodGet:
		if !c.authorize(cl, false) {
			return
		}
		expand := false
		for k, vs := range c.r.URL.Query() {
			switch strings.ToLower(strings.TrimPrefix(k, "$")) {
			case "expand":
				for _, v := range strings.Split(strings.Join(vs, ","), ",") {
					if v = strings.TrimSpace(v); v != "assignments" {
						c.badRequest(badf("Could not find a property named '%s' on type 'microsoft.graph.deviceConfiguration'.", v))
						return
					}
					expand = true
				}
			case "select":
			default:
				c.badRequest(badf("Query option '%s' is not allowed on a single entity.", k))
				return
			}
		}
		if p := c.visibleConfiguration(id); p != nil {
			c.writeJSON(200, marshal(c.configurationJSON(p, expand)))
		}
	case http.MethodPatch:
		obj, ok := c.writeBody(cl)
		if !ok {
			return
		}
		p, bad, found := c.e.updateConfiguration(id, obj, true)
		switch {
		case !found:
			c.configurationNotFound(id)
		case bad != nil:
			c.badRequest(bad)
		case c.e.patchNoContent.Load():
			c.noContent()
		default:
			c.writeJSON(200, marshal(c.configurationJSON(p, false)))
		}
	case http.MethodDelete:
		if !c.authorize(cl, true) {
			return
		}
		if c.e.hasDeviceConfiguration(id) && c.e.ignoredDelete() {
			c.noContent()
			return
		}
		if !c.e.RemoveDeviceConfiguration(id) {
			c.configurationNotFound(id)
			return
		}
		c.noContent()
	default:
		c.methodNotAllowed("GET, PATCH, DELETE")
	}
}

// checkConfiguration validates a create (current == "") or update body
// against the profile's type, with Graph's OData messages.
func checkConfiguration(obj map[string]any, current string) *badRequest {
	raw, hasType := obj["@odata.type"].(string)
	typ := strings.TrimPrefix(raw, "#")
	t, known := profileTypes[typ]
	switch {
	case !hasType && current != "":
		return badf("The @odata.type annotation is required to update an entity of the derived type '%s'.", current)
	case !hasType:
		return badf("Cannot create an abstract entity type 'microsoft.graph.deviceConfiguration'; the request must carry @odata.type.")
	case !known:
		return badf("A type named '%s' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.", raw)
	case current != "" && typ != current:
		return badf("The @odata.type '%s' does not match the type '%s' of the entity being updated.", raw, current)
	}
	for k, v := range obj {
		if strings.Contains(k, "@") {
			if name, ok := strings.CutSuffix(k, "@odata.bind"); ok && v == nil {
				return badf("The value of the annotation '%s' cannot be null; to remove the link send DELETE to its $ref.", k)
			} else if ok && t.family != "importedPfx" && (name != "rootCertificate" || t.root == "") {
				return badf("Could not find a navigation property named '%s' on type '%s'.", name, typ)
			}
			continue
		}
		if p, ok := t.spec(k); ok {
			if bad := checkValue(p, v); bad != nil {
				return bad
			}
			continue
		}
		if bad := checkCommonProperty(typ, k, v); bad != nil {
			return bad
		}
	}
	if current == "" {
		if s, _ := obj["displayName"].(string); strings.TrimSpace(s) == "" {
			return badf("The property 'displayName' is required and cannot be empty.")
		}
		for _, p := range t.props {
			if _, set := obj[p.name]; p.required && !set {
				return badf("The property '%s' is required on type '%s'.", p.name, typ)
			}
		}
	}
	return nil
}

// checkCommonProperty checks a property every deviceConfiguration has.
func checkCommonProperty(typ, k string, v any) *badRequest {
	switch k {
	case "displayName", "description":
		if _, ok := v.(string); ok || (v == nil && k == "description") {
			return nil
		}
	case "roleScopeTagIds":
		if list, ok := v.([]any); ok && allStrings(list) {
			return nil
		}
	case "id", "version", "createdDateTime", "lastModifiedDateTime", "supportsScopeTags":
		return nil // read only: the service ignores them
	default:
		return unknownProperty(typ, k)
	}
	return badf("Invalid value for property '%s': cannot convert the literal '%v'.", k, v)
}

func unknownProperty(typ, k string) *badRequest {
	return badf("The property '%s' does not exist on type '%s'. Make sure to only use property names that are defined by the type or mark the type as open type.", k, typ)
}

func allStrings(list []any) bool {
	for _, v := range list {
		if _, ok := v.(string); !ok {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// createConfiguration stores a checked create body with the service's
// values: id, dates, version 1, the type's defaults, scope tag "0", and the
// root link. lagging applies the read and listing lag of the Behavior, as a
// create through the API sees it.
func (e *Emulator) createConfiguration(obj map[string]any, root string, lagging bool) *configuration {
	t := formatTime(now())
	b := e.behaviorNow()
	props := map[string]any{"description": nil, "roleScopeTagIds": []any{"0"}}
	raw, _ := obj["@odata.type"].(string) // checked by checkConfiguration
	typ := strings.TrimPrefix(raw, "#")
	pt := profileTypes[typ]
	for _, p := range pt.props {
		if p.def != nil {
			props[p.name] = p.def
		}
	}
	for k, v := range obj {
		if !strings.Contains(k, "@") {
			props[k] = v
		}
	}
	storeValues(pt, props, obj, b)
	props["@odata.type"] = "#" + typ
	props["createdDateTime"], props["lastModifiedDateTime"] = t, t
	props["version"] = 1
	props["supportsScopeTags"] = true

	misses, unlisted := 0, 0
	if lagging {
		misses, unlisted = e.readMisses(), e.listLagMisses()
	}
	e.configs.mu.Lock()
	defer e.configs.mu.Unlock()
	id := newGUID()
	for e.configs.objs[id] != nil {
		id = newGUID()
	}
	props["id"] = id
	p := &configuration{props: props, root: root}
	e.putLocked(p, misses)
	e.startListLag(id, unlisted)
	return p
}

// storeValues puts the type's properties that body sent into props in the
// form the service answers them, with the duplicate "Any Purpose" EKU of
// the types that add it (unless Behavior.KeepExtendedKeyUsages).
func storeValues(t profileType, props, body map[string]any, b Behavior) {
	sep := b.FlagsSeparator
	if sep == "" {
		sep = ","
	}
	for _, p := range t.props {
		if v, sent := body[p.name]; sent && v != nil {
			props[p.name] = storedValue(p, v, sep)
		}
	}
	if _, sent := body["extendedKeyUsages"]; sent && t.duplicateEKU && !b.KeepExtendedKeyUsages {
		props["extendedKeyUsages"] = duplicateAnyPurpose(props["extendedKeyUsages"])
	}
}

// updateConfiguration applies a PATCH: it must name the profile's type and
// leave the immutable properties as they are. Version goes up by one. A
// rootCertificate@odata.bind in it is accepted and ignored (ASSUMPTIONS.md).
func (e *Emulator) updateConfiguration(id string, obj map[string]any, lagging bool) (*configuration, *badRequest, bool) {
	misses := 0
	if lagging {
		misses = e.readMisses()
	}
	b := e.behaviorNow()
	e.configs.mu.Lock()
	defer e.configs.mu.Unlock()
	old := e.configs.objs[normalID(id)]
	if old == nil {
		return nil, nil, false
	}
	if bad := checkConfiguration(obj, old.typeName()); bad != nil {
		return nil, bad, true
	}
	pt := profileTypes[old.typeName()]
	for _, p := range pt.props {
		if v, set := obj[p.name]; set && p.immutable && v != old.props[p.name] {
			return nil, badf("The property '%s' cannot be changed after the profile is created (from '%v' to '%v'); create and deploy a new profile instead.", p.name, old.props[p.name], v), true
		}
	}
	props := make(map[string]any, len(old.props))
	for k, v := range old.props {
		props[k] = v
	}
	for k, v := range obj {
		switch k {
		case "@odata.type", "id", "version", "createdDateTime", "lastModifiedDateTime", "supportsScopeTags":
		default:
			if !strings.Contains(k, "@") {
				props[k] = v
			}
		}
	}
	storeValues(pt, props, obj, b)
	version, _ := old.props["version"].(int)
	props["version"] = version + 1
	props["lastModifiedDateTime"] = formatTime(now())
	p := &configuration{props: props, assignments: old.assignments, states: old.states, root: old.root}
	e.putLocked(p, misses)
	return p, nil, true
}

func (c *call) configurationJSON(p *configuration, expand bool) map[string]any {
	out := make(map[string]any, len(p.props)+2)
	for k, v := range p.props {
		out[k] = v
	}
	out["@odata.context"] = c.base + "/beta/$metadata#" + configurationsSet + "/$entity"
	if expand {
		out["assignments"] = append([]map[string]any{}, p.assignments...)
	}
	return out
}

// assign serves POST .../{id}/assign: the body's set replaces every assignment.
func (c *call) assign(cl *accessClaims, id string) {
	if c.r.Method != http.MethodPost {
		c.methodNotAllowed("POST")
		return
	}
	obj, ok := c.writeBody(cl)
	if !ok {
		return
	}
	list, ok := obj["assignments"].([]any)
	if !ok {
		c.badRequest(badf("The parameter 'assignments' is required and must be a collection."))
		return
	}
	assignments := make([]map[string]any, 0, len(list))
	for _, it := range list {
		a, bad := checkAssignment(id, it)
		if bad != nil {
			c.badRequest(bad)
			return
		}
		assignments = append(assignments, a)
	}
	if !c.e.setAssignments(id, assignments, true) {
		c.configurationNotFound(id)
		return
	}
	c.writeJSON(200, marshal(map[string]any{
		"@odata.context": c.base + "/beta/$metadata#Collection(microsoft.graph.deviceConfigurationAssignment)",
		"value":          assignments,
	}))
}

// checkAssignment validates one assignment and returns it as stored: with an
// id, intent, source and a target whose filter fields are always present.
func checkAssignment(profileID string, it any) (map[string]any, *badRequest) {
	a, ok := it.(map[string]any)
	if !ok {
		return nil, badf("Invalid value in 'assignments': an object was expected.")
	}
	if t, set := a["@odata.type"]; set && strings.TrimPrefix(fmt.Sprint(t), "#") != "microsoft.graph.deviceConfigurationAssignment" {
		return nil, badf("A type named '%v' could not be resolved by the model.", t)
	}
	target, ok := a["target"].(map[string]any)
	if !ok {
		return nil, badf("The property 'target' is required on a deviceConfigurationAssignment.")
	}
	typ := strings.TrimPrefix(fmt.Sprint(target["@odata.type"]), "#")
	wellKnown, ok := assignmentTargets[typ]
	if !ok {
		return nil, badf("A type named '%v' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.", target["@odata.type"])
	}
	stored := map[string]any{"@odata.type": "#" + typ,
		"deviceAndAppManagementAssignmentFilterId": nil, "deviceAndAppManagementAssignmentFilterType": "none"}
	for k, v := range target {
		switch k {
		case "@odata.type":
		case "collectionId":
			s, _ := v.(string)
			if typ != cmCollectionTarget || s == "" {
				return nil, unknownProperty(typ, k)
			}
			stored[k] = s
		case "groupId":
			if wellKnown != "" || typ == cmCollectionTarget {
				return nil, unknownProperty(typ, k)
			}
			s, _ := v.(string)
			if !isGUID(s) {
				return nil, badf("Invalid value for property 'groupId': cannot convert the literal '%v' to the expected type 'Edm.String' holding a group id.", v)
			}
			stored[k] = strings.ToLower(s)
		case "deviceAndAppManagementAssignmentFilterId":
			if s, ok := v.(string); v != nil && (!ok || !isGUID(s)) {
				return nil, badf("Invalid value for property '%s': '%v' is not a filter id.", k, v)
			}
			stored[k] = v
		case filterTypeProp.name:
			if s, ok := v.(string); !ok || !contains(filterTypeProp.members, s) {
				return nil, badf("Invalid value for property '%s': cannot convert the literal '%v' to the expected type '%s'.", k, v, filterTypeProp.edm)
			}
			stored[k] = v
		default:
			return nil, unknownProperty(typ, k)
		}
	}
	groupID, _ := stored["groupId"].(string)
	switch {
	case typ == cmCollectionTarget:
		if groupID, _ = stored["collectionId"].(string); groupID == "" {
			return nil, badf("The property 'collectionId' is required on a %s.", typ)
		}
	case wellKnown == "" && groupID == "":
		return nil, badf("The property 'groupId' is required on a %s.", typ)
	}
	// Intune filters the members of included targets only (ASSUMPTIONS.md).
	if typ == "microsoft.graph.exclusionGroupAssignmentTarget" && stored[filterTypeProp.name] != "none" {
		return nil, badf("Assignment filters are not supported on exclusion group assignments.")
	}
	if wellKnown != "" {
		groupID = wellKnown
	}
	return map[string]any{
		"@odata.type": "#microsoft.graph.deviceConfigurationAssignment",
		"id":          profileID + "_" + groupID, "intent": "apply", "source": "direct", "sourceId": profileID,
		"target": stored,
	}, nil
}

// setAssignments stores a profile's assignments. Through the API (lagging)
// a profile that lag still hides is not found, as in a replicated store.
func (e *Emulator) setAssignments(id string, assignments []map[string]any, lagging bool) bool {
	e.configs.mu.Lock()
	defer e.configs.mu.Unlock()
	old := e.configs.objs[normalID(id)]
	if lagging {
		old = e.configs.lookupLocked(id)
	}
	if old == nil {
		return false
	}
	p := *old
	p.assignments = assignments
	e.configs.objs[normalID(id)] = &p
	return true
}

func (c *call) listAssignments(cl *accessClaims, id string) {
	if c.r.Method != http.MethodGet {
		c.methodNotAllowed("GET")
		return
	}
	if !c.authorize(cl, false) {
		return
	}
	if p := c.visibleConfiguration(id); p != nil {
		c.writePage(c.base+"/beta/$metadata#"+configurationsSet+"('"+id+"')/assignments", p.assignments)
	}
}

// certificateStates serves GET .../{id}/{cast}/managedDeviceCertificateStates.
func (c *call) certificateStates(cl *accessClaims, id, cast string) {
	if c.r.Method != http.MethodGet {
		c.methodNotAllowed("GET")
		return
	}
	if !c.authorize(cl, false) {
		return
	}
	if t, ok := profileTypes[cast]; !ok {
		c.segmentNotFound(cast)
		return
	} else if !t.states {
		c.segmentNotFound("managedDeviceCertificateStates")
		return
	}
	p := c.visibleConfiguration(id)
	if p == nil {
		return
	}
	if p.typeName() != cast {
		c.fail(400, "BadRequest", fmt.Sprintf("The entity '%s' is of type '%s', not '%s'.", id, p.typeName(), cast))
		return
	}
	c.writePage(c.base+"/beta/$metadata#Collection(microsoft.graph.managedDeviceCertificateState)", p.states)
}

// writePage answers one page of items, with $skiptoken holding the offset.
func (c *call) writePage(context string, items []map[string]any) {
	start := 0
	if tok := c.r.URL.Query().Get("$skiptoken"); tok != "" {
		n, err := strconv.Atoi(tok)
		if err != nil || n < 0 || n > len(items) {
			c.badRequest(badf("The skip token '%s' is not valid.", tok))
			return
		}
		start = n
	}
	total := len(items) // $count counts the set, whatever $top
	if top := c.r.URL.Query().Get("$top"); top != "" {
		n, err := strconv.Atoi(top)
		if err != nil || n < 0 {
			c.badRequest(badf("Invalid value '%s' for $top.", top))
			return
		}
		items = items[:min(len(items), n)]
	}
	end := min(len(items), start+c.pageSize())
	out := map[string]any{"@odata.context": context, "value": append([]map[string]any{}, items[start:end]...)}
	if strings.EqualFold(c.r.URL.Query().Get("$count"), "true") {
		out["@odata.count"] = total
	}
	if end < len(items) {
		q := c.r.URL.Query()
		q.Set("$skiptoken", strconv.Itoa(end))
		out["@odata.nextLink"] = c.base + c.r.URL.Path + "?" + strings.ReplaceAll(q.Encode(), "%24", "$")
	}
	c.writeJSON(200, marshal(out))
}

// listConfigurations answers GET of the collection, ordered by id. $filter
// supports what lookups need: displayName eq '...', joined with and.
// $expand=assignments adds each profile's assignments (unless the behaviour
// ListingIgnoresExpand), $count=true the set's size.
func (c *call) listConfigurations() {
	match := func(*configuration) bool { return true }
	if f := c.r.URL.Query().Get("$filter"); f != "" {
		m, bad := parseConfigurationFilter(f)
		if bad != nil {
			c.badRequest(bad)
			return
		}
		match = m
	}
	expand := false
	if x := c.r.URL.Query().Get("$expand"); x != "" {
		for _, v := range strings.Split(x, ",") {
			if v = strings.TrimSpace(v); v != "assignments" {
				c.badRequest(badf("Could not find a property named '%s' on type 'microsoft.graph.deviceConfiguration'.", v))
				return
			}
		}
		expand = !c.e.behaviorNow().ListingIgnoresExpand
	}
	c.e.configs.mu.Lock()
	ids := make([]string, 0, len(c.e.configs.objs))
	for id := range c.e.configs.objs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var items []map[string]any
	for _, id := range ids {
		p := c.e.configs.objs[id]
		if !match(p) || c.e.unlisted(id) {
			continue
		}
		item := p.props
		if expand {
			item = make(map[string]any, len(p.props)+1)
			for k, v := range p.props {
				item[k] = v
			}
			item["assignments"] = append([]map[string]any{}, p.assignments...)
		}
		items = append(items, item)
	}
	c.e.configs.mu.Unlock()
	c.writePage(c.base+"/beta/$metadata#"+configurationsSet, items)
}

// parseConfigurationFilter reads "displayName eq 'x'" terms joined by "and".
func parseConfigurationFilter(f string) (func(*configuration) bool, *badRequest) {
	want := map[string]string{}
	for _, term := range strings.Split(f, " and ") {
		name, lit, ok := strings.Cut(strings.TrimSpace(term), " eq ")
		lit = strings.TrimSpace(lit)
		if !ok || len(lit) < 2 || lit[0] != '\'' || lit[len(lit)-1] != '\'' {
			return nil, badf("Invalid filter clause: '%s'; the emulator supports property eq 'literal' joined with and.", term)
		}
		name = strings.TrimSpace(name)
		if name != "displayName" && name != "description" {
			return nil, badf("Could not find a property named '%s' on type 'microsoft.graph.deviceConfiguration'.", name)
		}
		want[name] = strings.ReplaceAll(lit[1:len(lit)-1], "''", "'")
	}
	return func(p *configuration) bool {
		for k, v := range want {
			if s, _ := p.props[k].(string); s != v {
				return false
			}
		}
		return true
	}, nil
}

// DeviceConfiguration returns a copy of a profile, with its assignments
// under "assignments", as the JSON the service sends.
func (e *Emulator) DeviceConfiguration(id string) (map[string]any, bool) {
	p := e.configs.get(id)
	if p == nil {
		return nil, false
	}
	out := make(map[string]any, len(p.props)+1)
	for k, v := range p.props {
		out[k] = v
	}
	out["assignments"] = append([]map[string]any{}, p.assignments...)
	// A round trip through JSON gives the caller a deep copy.
	var cp map[string]any
	_ = json.Unmarshal(marshal(out), &cp)
	return cp, true
}

// SetDeviceConfigurationAssignments replaces a profile's assignments as an
// administrator would in the portal. Each target is a JSON target object
// (with "@odata.type"); it panics on one the API would refuse and reports
// false when there is no such profile.
func (e *Emulator) SetDeviceConfigurationAssignments(id string, targets ...map[string]any) bool {
	assignments := make([]map[string]any, 0, len(targets))
	for _, t := range targets {
		a, bad := checkAssignment(normalID(id), map[string]any{"target": t})
		if bad != nil {
			panic("emulator: invalid assignment target: " + bad.msg)
		}
		assignments = append(assignments, a)
	}
	return e.setAssignments(id, assignments, false)
}

// DeliverCertificate records that a device received (or failed to receive)
// the certificate of profile id, as the service does when a device checks
// in. fields are managedDeviceCertificateState properties; id, the
// profile's display name and the device platform are filled in when absent.
// It returns the state's id, or false when there is no such profile.
func (e *Emulator) DeliverCertificate(profileID string, fields map[string]any) (string, bool) {
	e.configs.mu.Lock()
	defer e.configs.mu.Unlock()
	old := e.configs.objs[normalID(profileID)]
	if old == nil {
		return "", false
	}
	t, id := formatTime(now()), newGUID()
	state := map[string]any{
		"id": id, "devicePlatform": profileTypes[old.typeName()].platform,
		"certificateProfileDisplayName": old.props["displayName"], "certificateIssuanceState": "installed",
		"certificateRevokeStatus": "none", "certificateErrorCode": 0, "lastCertificateStateChangeDateTime": t,
		"certificateLastIssuanceStateChangedDateTime": t,
	}
	for k, v := range fields {
		if tm, ok := v.(time.Time); ok {
			v = formatTime(tm)
		}
		state[k] = v
	}
	p := *old
	p.states = append(append([]map[string]any{}, old.states...), state)
	e.configs.objs[normalID(profileID)] = &p
	id, _ = state["id"].(string) // fields may have chosen it
	return id, true
}

// RemoveDeviceConfiguration deletes a profile with its assignments and
// states; false if there was none.
func (e *Emulator) RemoveDeviceConfiguration(id string) bool {
	e.configs.mu.Lock()
	defer e.configs.mu.Unlock()
	if e.configs.objs[normalID(id)] == nil {
		return false
	}
	delete(e.configs.objs, normalID(id))
	delete(e.configs.hidden, normalID(id))
	return true
}

// hasDeviceConfiguration reports whether a profile with id is stored.
func (e *Emulator) hasDeviceConfiguration(id string) bool {
	e.configs.mu.Lock()
	defer e.configs.mu.Unlock()
	return e.configs.objs[normalID(id)] != nil
}

// DeviceConfigurationIDs lists the ids of every stored profile, sorted.
func (e *Emulator) DeviceConfigurationIDs() []string {
	e.configs.mu.Lock()
	defer e.configs.mu.Unlock()
	ids := make([]string, 0, len(e.configs.objs))
	for id := range e.configs.objs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
