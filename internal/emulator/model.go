package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
)

const (
	entitySet  = "pfxRecryptionRequests"
	entityType = "microsoft.graph.pfxRecryptionRequest"
)

type kind int

const (
	kindString kind = iota
	kindGUID
	kindInt32
	kindTime
	kindBool
)

func (k kind) edm() string {
	return [...]string{"Edm.String", "Edm.Guid", "Edm.Int32", "Edm.DateTimeOffset", "Edm.Boolean"}[k]
}

type property struct {
	name string
	kind kind
}

// properties in the order the service writes them; id is the key.
var properties = []property{
	{"id", kindString},
	{"tenantId", kindGUID},
	{"userId", kindGUID},
	{"deviceId", kindGUID},
	{"profileId", kindGUID},
	{"thumbprint", kindString},
	{"deviceKeyThumbprint", kindString},
	{"status", kindInt32},
	{"sourceType", kindInt32},
	{"createdTime", kindTime},
	{"lastModifiedTime", kindTime},
	{"isDeleted", kindBool},
	{"eTag", kindString},
}

const (
	pID = iota
	pTenant
	_
	_
	_
	pThumbprint
	pDeviceKeyThumbprint
	pStatus
	pSourceType
	pCreated
	pModified
	pIsDeleted
	pETag
)

var (
	propByName = map[string]int{} // exact names, for bodies
	propByFold = map[string]int{} // lower case, for query options
)

func init() {
	for i, p := range properties {
		propByName[p.name] = i
		propByFold[strings.ToLower(p.name)] = i
	}
}

// record is one stored object. Records are never changed in place: an
// update stores a new one, so a reader can render outside the lock.
type record struct {
	vals []any // per properties; nil is null. string, int, time.Time or bool
}

func (r *record) id() string { return r.str(pID) }

func (r *record) eTag() string { return r.str(pETag) }

// str returns a string property. createLocked always sets id and eTag, and
// updateLocked never clears them.
func (r *record) str(p int) string {
	s, ok := r.vals[p].(string)
	if !ok {
		panic(fmt.Sprintf("emulator: %s holds %T, not a string", properties[p].name, r.vals[p]))
	}
	return s
}

func (r *record) clone() *record {
	return &record{vals: append([]any(nil), r.vals...)}
}

// badRequest is a client error found while reading a request.
type badRequest struct{ msg string }

func (b *badRequest) Error() string { return b.msg }

func badf(format string, args ...any) *badRequest {
	return &badRequest{fmt.Sprintf(format, args...)}
}

// parseBody reads an entity from a POST or PATCH body into property index ->
// value (nil for an explicit null).
func parseBody(body []byte) (map[int]any, *badRequest) {
	obj, bad := decodeObject(body, entityType)
	if bad != nil {
		return nil, bad
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := map[int]any{}
	for _, k := range keys {
		v := obj[k]
		if k == "@odata.type" {
			s, _ := v.(string)
			if strings.TrimPrefix(s, "#") != entityType {
				return nil, badf("A type named '%v' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.", v)
			}
			continue
		}
		if strings.Contains(k, "@") {
			continue // other annotations carry no data
		}
		i, ok := propByName[k]
		if !ok {
			return nil, badf("The property '%s' does not exist on type '%s'. Make sure to only use property names that are defined by the type or mark the type as open type.", k, entityType)
		}
		cv, err := convertValue(properties[i], v)
		if err != nil {
			return nil, err
		}
		out[i] = cv
	}
	return out, nil
}

// decodeObject reads a request body that must be one JSON object (numbers
// kept as json.Number) for an entity of type typeName.
func decodeObject(body []byte, typeName string) (map[string]any, *badRequest) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, badf("Empty Payload. JSON content expected.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return nil, badf("Invalid JSON. %s", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, badf("Invalid JSON. More than one value was found at the root of the JSON content.")
	}
	obj, ok := raw.(map[string]any)
	if !ok {
		return nil, badf("Invalid JSON. A JSON object was expected for an entity of type '%s'.", typeName)
	}
	return obj, nil
}

// convertValue checks a JSON value against a property's EDM type.
func convertValue(p property, v any) (any, *badRequest) {
	if v == nil {
		return nil, nil
	}
	bad := func() *badRequest {
		lit := fmt.Sprint(v)
		if b, err := json.Marshal(v); err == nil {
			lit = string(b)
		}
		return badf("Invalid value for property '%s': cannot convert the literal '%s' to the expected type '%s'.", p.name, lit, p.kind.edm())
	}
	switch p.kind {
	case kindString:
		if s, ok := v.(string); ok {
			return s, nil
		}
	case kindGUID:
		if s, ok := v.(string); ok && isGUID(s) {
			return strings.ToLower(s), nil
		}
	case kindInt32:
		if n, ok := v.(json.Number); ok {
			if i, err := strconv.ParseInt(n.String(), 10, 32); err == nil {
				return int(i), nil
			}
		}
	case kindTime:
		if s, ok := v.(string); ok {
			if t, ok := parseTime(s); ok {
				return t, nil
			}
		}
	case kindBool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	}
	return nil, bad()
}

// marshal encodes JSON without HTML escaping, so links keep a plain "&".
func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// appendValue writes one property value as JSON.
func appendValue(buf *bytes.Buffer, v any) {
	switch x := v.(type) {
	case nil:
		buf.WriteString("null")
	case string:
		buf.Write(marshal(x))
	case int:
		buf.WriteString(strconv.Itoa(x))
	case bool:
		buf.WriteString(strconv.FormatBool(x))
	case time.Time:
		buf.WriteString(`"` + formatTime(x) + `"`)
	}
}

// appendEntity writes r as a JSON object; sel (if not nil) limits the
// properties, context (if not empty) goes first as @odata.context.
func appendEntity(buf *bytes.Buffer, r *record, sel []bool, context string) {
	buf.WriteByte('{')
	first := true
	if context != "" {
		buf.WriteString(`"@odata.context":`)
		appendValue(buf, context)
		first = false
	}
	for i, p := range properties {
		if sel != nil && !sel[i] {
			continue
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		buf.WriteString(`"` + p.name + `":`)
		appendValue(buf, r.vals[i])
	}
	buf.WriteByte('}')
}

// export turns a record into the map the Go API hands out: strings, ints,
// bools, times as the service formats them, nil for null.
func (r *record) export() map[string]any {
	m := make(map[string]any, len(properties))
	for i, p := range properties {
		v := r.vals[i]
		if t, ok := v.(time.Time); ok {
			v = formatTime(t)
		}
		m[p.name] = v
	}
	return m
}

// fieldsToPatch runs Go-side fields through the same checks as a request
// body, so out-of-band objects are as valid as ones the API accepts.
func fieldsToPatch(fields map[string]any) (map[int]any, string) {
	rest := map[string]any{}
	id := ""
	for k, v := range fields {
		if k == "id" {
			id, _ = v.(string)
			continue
		}
		if t, ok := v.(time.Time); ok {
			v = t.Format(time.RFC3339Nano)
		}
		rest[k] = v
	}
	b, err := json.Marshal(rest)
	if err != nil {
		panic(fmt.Sprintf("emulator: fields are not JSON: %v", err))
	}
	patch, bad := parseBody(b)
	if bad != nil {
		panic("emulator: invalid fields: " + bad.msg)
	}
	return patch, id
}

// Objects returns a snapshot of all objects, sorted by id.
func (e *Emulator) Objects() []map[string]any {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]map[string]any, 0, len(e.ids))
	for _, id := range e.ids {
		out = append(out, e.objs[id].export())
	}
	return out
}

// Object returns one object by id.
func (e *Emulator) Object(id string) (map[string]any, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	r, ok := e.objs[normalID(id)]
	if !ok {
		return nil, false
	}
	return r.export(), true
}

// Create adds an object as an administrator would in the portal. fields use
// the JSON property names; an "id" field picks the id, otherwise one is
// assigned. It panics on fields the API would reject, or on a duplicate id.
func (e *Emulator) Create(fields map[string]any) map[string]any {
	patch, id := fieldsToPatch(fields)
	e.mu.Lock()
	defer e.mu.Unlock()
	if id != "" {
		id = normalID(id)
		if _, dup := e.objs[id]; dup {
			panic("emulator: duplicate id " + id)
		}
	}
	return e.createLocked(patch, id).export()
}

// Update changes an object as an administrator would; null clears a
// property. It reports false if there is no such object.
func (e *Emulator) Update(id string, fields map[string]any) bool {
	patch, _ := fieldsToPatch(fields)
	e.mu.Lock()
	defer e.mu.Unlock()
	_, ok := e.updateLocked(normalID(id), patch)
	return ok
}

// Remove deletes an object; false if there was none.
func (e *Emulator) Remove(id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.removeLocked(normalID(id))
}

// Reset drops all objects.
func (e *Emulator) Reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.objs = map[string]*record{}
	e.ids = nil
	e.hidden = map[string]int{}
}

// createLocked stores a new object. The server owns id and eTag; the times
// default to now.
func (e *Emulator) createLocked(patch map[int]any, id string) *record {
	if id == "" {
		id = newGUID()
		for e.objs[id] != nil {
			id = newGUID()
		}
	}
	t := now().Add(e.behavior.ClockSkew)
	r := &record{vals: make([]any, len(properties))}
	e.behavior.caseThumbprints(patch)
	for i, v := range patch {
		r.vals[i] = v
	}
	r.vals[pID] = id
	r.vals[pETag] = newETag()
	if r.vals[pCreated] == nil {
		r.vals[pCreated] = t
	}
	if r.vals[pModified] == nil {
		r.vals[pModified] = t
	}
	e.objs[id] = r
	e.hideLocked(id)
	i := sort.SearchStrings(e.ids, id)
	e.ids = append(e.ids, "")
	copy(e.ids[i+1:], e.ids[i:])
	e.ids[i] = id
	return r
}

// updateLocked applies a patch: new eTag, lastModifiedTime now unless given.
func (e *Emulator) updateLocked(id string, patch map[int]any) (*record, bool) {
	old, ok := e.objs[id]
	if !ok {
		return nil, false
	}
	r := old.clone()
	e.behavior.caseThumbprints(patch)
	for i, v := range patch {
		switch i {
		case pID, pETag:
			continue
		case pCreated, pModified:
			if v == nil {
				continue // the service always has these
			}
		}
		r.vals[i] = v
	}
	if v, ok := patch[pModified]; !ok || v == nil {
		r.vals[pModified] = now().Add(e.behavior.ClockSkew)
	}
	r.vals[pETag] = newETag()
	e.objs[id] = r
	e.hideLocked(id)
	return r, true
}

func (e *Emulator) removeLocked(id string) bool {
	if _, ok := e.objs[id]; !ok {
		return false
	}
	delete(e.objs, id)
	delete(e.hidden, id)
	i := sort.SearchStrings(e.ids, id)
	e.ids = append(e.ids[:i], e.ids[i+1:]...)
	return true
}
