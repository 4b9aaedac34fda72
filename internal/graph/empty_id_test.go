package graph

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestEmptyIDNeverAddressesTheCollection: an operation on one object with an
// empty id fails before anything is sent; with the id left out, its URL would
// be the collection's, and a DELETE or PATCH would go to the whole set.
func TestEmptyIDNeverAddressesTheCollection(t *testing.T) {
	var sent []string
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent = append(sent, r.Method+" "+r.URL.Path)
		w.WriteHeader(http.StatusNoContent)
	}))
	ctx := context.Background()
	ops := map[string]func() error{
		"get recryption request": func() error { _, err := c.PfxRecryptionRequestSet().Get(ctx, ""); return err },
		"update recryption request": func() error {
			_, err := c.PfxRecryptionRequestSet().Update(ctx, "", "", NewPfxRecryptionRequest())
			return err
		},
		"delete recryption request": func() error { return c.PfxRecryptionRequestSet().Delete(ctx, "", "") },
		"get user certificate":      func() error { _, err := c.UserPfxCertificateSet().Get(ctx, ""); return err },
		"update user certificate": func() error {
			_, err := c.UserPfxCertificateSet().Update(ctx, "", "", NewUserPFXCertificate())
			return err
		},
		"delete user certificate": func() error { return c.UserPfxCertificateSet().Delete(ctx, "", "") },
		"get profile":             func() error { _, err := c.DeviceConfigurationSet().Get(ctx, ""); return err },
		"update profile": func() error {
			_, err := c.DeviceConfigurationSet().Update(ctx, "", "", NewDeviceConfiguration(""))
			return err
		},
		"delete profile":           func() error { return c.DeviceConfigurationSet().Delete(ctx, "", "") },
		"assign profile":           func() error { return c.AssignDeviceConfiguration(ctx, "", nil) },
		"list profile assignments": func() error { _, err := c.ListDeviceConfigurationAssignments(ctx, ""); return err },
		"list certificate states": func() error {
			return c.ListManagedDeviceCertificateStates(ctx, "", "", func(*ManagedDeviceCertificateState) bool { return true })
		},
	}
	for name, op := range ops {
		err := op()
		if err == nil || !strings.Contains(err.Error(), "would address the collection") {
			t.Errorf("%s with an empty id: error %v, want the empty id refused", name, err)
		}
	}
	if len(sent) > 0 {
		t.Errorf("requests sent with an empty id: %v", sent)
	}
}
