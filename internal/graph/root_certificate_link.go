package graph

import (
	"context"
	"strings"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoft/kiota-abstractions-go/serialization"
)

// The rootCertificate navigation of SCEP and PKCS profiles. The beta SDK has
// no builders for it; the routes need the cast to the derived type:
// .../{id}/microsoft.graph.<type>/rootCertificate[/$ref].

// ConfigurationURL is the URL that names a device configuration in a bind
// or a $ref, on the configured cloud's Graph root (custom endpoints included).
func (c *Client) ConfigurationURL(id string) string {
	return c.cloud.GraphRoot + "/beta/deviceManagement/deviceConfigurations('" + id + "')"
}

// BindRootCertificate adds the create-time bind of the link to a body.
func (c *Client) BindRootCertificate(body *DeviceConfiguration, rootID string) {
	data := body.GetAdditionalData()
	if data == nil {
		data = map[string]any{}
	}
	data["rootCertificate@odata.bind"] = c.ConfigurationURL(rootID)
	body.SetAdditionalData(data)
}

func (m *DeviceConfigurationItemRequestBuilder) rootCertificate(odataType, suffix string) abstractions.BaseRequestBuilder {
	b := m.child("/{type%2Dcast}/rootCertificate" + suffix)
	b.PathParameters["type%2Dcast"] = strings.TrimPrefix(odataType, "#")
	return b
}

// RootCertificateID reads the id of the profile's root; a 404 error means
// the link is unbound.
func (c *Client) RootCertificateID(ctx context.Context, id, odataType string) (string, error) {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	x := &exchange{}
	b := c.DeviceConfigurations().ByDeviceConfigurationId(id).rootCertificate(odataType, "")
	root, err := send[*DeviceConfiguration](ctx, &b, abstractions.GET, exchangeConfig(x, nil), nil,
		CreateDeviceConfigurationFromDiscriminatorValue)
	if err = wrapError("read root certificate link", err, x); err != nil {
		return "", err
	}
	if root == nil || root.GetId() == nil {
		return "", nil
	}
	return *root.GetId(), nil
}

// SetRootCertificate points the profile's link at rootID (PUT $ref).
func (c *Client) SetRootCertificate(ctx context.Context, id, odataType, rootID string) error {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	c.DeviceConfigurationSet().wrote(id) // a later read of the profile is a GET
	x := &exchange{}
	b := c.DeviceConfigurations().ByDeviceConfigurationId(id).rootCertificate(odataType, "/$ref")
	info, err := newRequest(ctx, &b, abstractions.PUT, exchangeConfig(x, nil), &refBody{c.ConfigurationURL(rootID)})
	if err == nil {
		err = c.adapter.SendNoContent(ctx, info, errorMapping)
	}
	return wrapError("set root certificate link", err, x)
}

// refBody is {"@odata.id": url}.
type refBody struct{ url string }

func (b *refBody) GetFieldDeserializers() map[string]func(serialization.ParseNode) error {
	return map[string]func(serialization.ParseNode) error{}
}

func (b *refBody) Serialize(w serialization.SerializationWriter) error {
	return w.WriteStringValue("@odata.id", &b.url)
}

// UnbindRootCertificate removes the profile's link (DELETE $ref); Graph
// answers 204 also when it was already unbound.
func (c *Client) UnbindRootCertificate(ctx context.Context, id, odataType string) error {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	c.DeviceConfigurationSet().wrote(id) // a later read of the profile is a GET
	x := &exchange{}
	b := c.DeviceConfigurations().ByDeviceConfigurationId(id).rootCertificate(odataType, "/$ref")
	info, err := newRequest(ctx, &b, abstractions.DELETE, exchangeConfig(x, nil), nil)
	if err == nil {
		err = c.adapter.SendNoContent(ctx, info, errorMapping)
	}
	return wrapError("remove root certificate link", err, x)
}
