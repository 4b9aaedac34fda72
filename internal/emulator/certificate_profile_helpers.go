package emulator

import (
	"errors"
	"strings"
)

// Test helpers for the certificate profiles: what an administrator does in
// the admin center, behind the provider's back. DeviceConfiguration reads a
// stored profile's raw properties; RootCertificateID reads its link.

// CreateDeviceConfiguration stores a profile of any type in profileTypes as
// if made in the admin center, so tests can import it or find it through a
// list. props is the JSON a POST would carry ("@odata.type" and
// "displayName" required; Go numbers are fine); rootID, when not "", is the
// trusted profile its rootCertificate links to. It checks both as the API
// does, then stores the profile with the service's defaults and quirks
// (the duplicate "Any Purpose" EKU included) but without the read and list
// lag of Behavior. It returns the new id, or the 400 the API would answer.
func (e *Emulator) CreateDeviceConfiguration(props map[string]any, rootID string) (string, error) {
	obj, bad := decodeObject(marshal(props), "microsoft.graph.deviceConfiguration")
	if bad == nil {
		bad = checkConfiguration(obj, "")
	}
	if bad != nil {
		return "", bad
	}
	if rootID != "" {
		typ := strings.TrimPrefix(obj["@odata.type"].(string), "#")
		if profileTypes[typ].linkRefused {
			return "", errors.New("emulator: the rootCertificate link of " + typ + " is refused by the API")
		}
		if rootID, bad = e.checkRootID(typ, normalID(rootID)); bad != nil {
			return "", bad
		}
	}
	return e.createConfiguration(obj, rootID, false).id(), nil
}

// UpdateDeviceConfiguration changes a stored profile as an administrator
// would: props is a PATCH body ("@odata.type" may be left out). It checks
// it as the API does, bumps version, and applies no lag. It reports the
// 400 the API would answer, or an error when there is no such profile.
func (e *Emulator) UpdateDeviceConfiguration(id string, props map[string]any) error {
	p := e.configs.get(id)
	if p == nil {
		return errors.New("emulator: no deviceConfiguration " + id)
	}
	obj, bad := decodeObject(marshal(props), "microsoft.graph.deviceConfiguration")
	if bad != nil {
		return bad
	}
	if _, ok := obj["@odata.type"]; !ok {
		obj["@odata.type"] = "#" + p.typeName()
	}
	if _, bad, found := e.updateConfiguration(id, obj, false); !found {
		return errors.New("emulator: no deviceConfiguration " + id)
	} else if bad != nil {
		return bad
	}
	return nil
}

// SetRootCertificate links profile id to the trusted profile rootID, as a
// PUT of .../rootCertificate/$ref does (an outside change of the link): the
// same checks apply (Behavior.ForeignRootBinds included), and version does
// not change. It reports what the API would refuse.
func (e *Emulator) SetRootCertificate(id, rootID string) error {
	p := e.configs.get(id)
	if p == nil {
		return errors.New("emulator: no deviceConfiguration " + id)
	}
	if profileTypes[p.typeName()].linkRefused {
		return errors.New("emulator: the rootCertificate link of " + p.typeName() + " is refused by the API")
	}
	root, bad := e.checkRootID(p.typeName(), normalID(rootID))
	if bad != nil {
		return bad
	}
	e.setRoot(id, root)
	return nil
}

// UnbindRootCertificate removes profile id's link, as a DELETE of
// .../rootCertificate/$ref does (an outside unbind). It reports an error
// when there is no such profile.
func (e *Emulator) UnbindRootCertificate(id string) error {
	if !e.setRoot(id, "") {
		return errors.New("emulator: no deviceConfiguration " + id)
	}
	return nil
}

// RootCertificateID returns the id profile id's rootCertificate link names
// ("" when unbound; the root may since have been deleted), and false when
// there is no such profile.
func (e *Emulator) RootCertificateID(id string) (string, bool) {
	p := e.configs.get(id)
	if p == nil {
		return "", false
	}
	return p.root, true
}
