package emulator

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
)

// Checking and storing the values of the properties in profileTypes.

// checkValue checks v against the property, with OData's messages.
func checkValue(p propSpec, v any) *badRequest {
	bad := func(why string) *badRequest {
		lit, _ := json.Marshal(v)
		return badf("Invalid value for property '%s': cannot convert the literal '%s' to the expected type '%s'%s.", p.name, lit, p.edm, why)
	}
	switch p.kind {
	case pkString:
		if _, ok := v.(string); ok || v == nil {
			return nil
		}
		return bad("")
	case pkEnum:
		if s, ok := v.(string); ok && contains(p.members, s) {
			return nil
		}
		return bad("")
	case pkFlags:
		if _, ok := flagMembers(p, v); ok {
			return nil
		}
		return bad(" (comma-separated member names)")
	case pkInt32:
		n, ok := v.(json.Number)
		if !ok {
			return bad("")
		}
		i, err := n.Int64()
		if err != nil || i < p.min || i > p.max {
			return bad(fmt.Sprintf(" between %d and %d", p.min, p.max))
		}
		return nil
	case pkBool:
		if _, ok := v.(bool); ok {
			return nil
		}
		return bad("")
	case pkStrings:
		if list, ok := v.([]any); ok && allStrings(list) {
			return nil
		}
		return bad("")
	case pkBinary:
		der, ok := decodeBinary(v)
		if !ok {
			return bad(" (base64)")
		}
		if p.cert {
			if _, err := x509.ParseCertificate(der); err != nil {
				return badf("Invalid value for property '%s': the value must be the base64 encoding of one DER X.509 certificate (%s).", p.name, err)
			}
		}
		return nil
	case pkObjects:
		return checkObjects(p, v)
	}
	return bad("")
}

func checkObjects(p propSpec, v any) *badRequest {
	list, ok := v.([]any)
	if !ok {
		return badf("Invalid value for property '%s': a collection of '%s' was expected.", p.name, p.object)
	}
	if p.maxItems > 0 && len(list) > p.maxItems {
		return badf("The collection '%s' can contain at most %d elements.", p.name, p.maxItems)
	}
	for _, it := range list {
		o, ok := it.(map[string]any)
		if !ok {
			return badf("Invalid value in '%s': an object of type '%s' was expected.", p.name, p.object)
		}
		for k, val := range o {
			if k == "@odata.type" {
				if s, _ := val.(string); strings.TrimPrefix(s, "#") != p.object {
					return badf("A type named '%v' could not be resolved by the model.", val)
				}
				continue
			}
			f, ok := fieldSpec(p.fields, k)
			if !ok {
				return unknownProperty(p.object, k)
			}
			if val == nil && f.kind == pkFlags {
				continue
			}
			if bad := checkValue(f, val); bad != nil {
				return bad
			}
		}
	}
	return nil
}

func fieldSpec(fields []propSpec, name string) (propSpec, bool) {
	for _, f := range fields {
		if f.name == name {
			return f, true
		}
	}
	return propSpec{}, false
}

// flagMembers reads a flags value: member names joined by commas, with any
// spaces around them.
func flagMembers(p propSpec, v any) ([]string, bool) {
	s, ok := v.(string)
	if !ok {
		return nil, false
	}
	var out []string
	for _, m := range strings.Split(s, ",") {
		m = strings.TrimSpace(m)
		if !contains(p.members, m) {
			return nil, false
		}
		out = append(out, m)
	}
	return out, true
}

// decodeBinary reads an Edm.Binary value: standard base64, white space
// ignored.
func decodeBinary(v any) ([]byte, bool) {
	s, ok := v.(string)
	if !ok {
		return nil, false
	}
	s = strings.Join(strings.Fields(s), "")
	b, err := base64.StdEncoding.DecodeString(s)
	return b, err == nil && len(b) > 0
}

// storedValue is a checked value as the service stores and answers it:
// flags in the members' declared order joined by sep, binary re-encoded,
// numbers as integers, objects with their @odata.type and every field.
func storedValue(p propSpec, v any, sep string) any {
	switch p.kind {
	case pkFlags:
		got, ok := flagMembers(p, v)
		if !ok {
			return v
		}
		var out []string
		for _, m := range p.members {
			if contains(got, m) {
				out = append(out, m)
			}
		}
		return strings.Join(out, sep)
	case pkInt32:
		if n, ok := v.(json.Number); ok {
			i, _ := n.Int64()
			return i
		}
	case pkBinary:
		if b, ok := decodeBinary(v); ok {
			return base64.StdEncoding.EncodeToString(b)
		}
	case pkObjects:
		list, _ := v.([]any)
		out := make([]any, len(list))
		for i, it := range list {
			o, _ := it.(map[string]any)
			item := map[string]any{"@odata.type": "#" + p.object}
			for _, f := range p.fields {
				item[f.name] = o[f.name]
				if o[f.name] != nil {
					item[f.name] = storedValue(f, o[f.name], sep)
				}
			}
			out[i] = item
		}
		return out
	}
	return v
}

// anyPurposeOID is the "Any Purpose" extended key usage.
const anyPurposeOID = "2.5.29.37.0"

// duplicateAnyPurpose appends a second copy of the list's "Any Purpose"
// EKU, as the Android device-owner and work-profile types are reported to
// do on create and on a PATCH that carries the list.
func duplicateAnyPurpose(list any) any {
	items, _ := list.([]any)
	for _, it := range items {
		if o, _ := it.(map[string]any); o["objectIdentifier"] == anyPurposeOID {
			cp := make(map[string]any, len(o))
			for k, v := range o {
				cp[k] = v
			}
			return append(append([]any{}, items...), cp)
		}
	}
	return list
}
