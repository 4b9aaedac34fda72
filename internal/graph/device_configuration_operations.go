package graph

import (
	"context"
)

// Operations on a certificate profile's assignments and delivery states
// (DeviceConfigurationSet has the profile's own). Each returns an *Error
// carrying Graph's answer.

// AssignDeviceConfiguration replaces the configuration's assignments with
// the whole set given (an empty set removes them all).
func (c *Client) AssignDeviceConfiguration(ctx context.Context, id string, assignments []*DeviceConfigurationAssignment) error {
	ctx, cancel := withDeadline(ctx)
	defer cancel()
	c.DeviceConfigurationSet().wrote(id) // a listing from before the assign must not serve the read after it
	x := &exchange{}
	_, err := c.DeviceConfigurations().ByDeviceConfigurationId(id).Assign().Post(ctx, assignments, exchangeConfig(x, nil))
	return wrapError("assign", err, x)
}

// ListDeviceConfigurationAssignments reads every assignment of a configuration.
func (c *Client) ListDeviceConfigurationAssignments(ctx context.Context, id string) ([]*DeviceConfigurationAssignment, error) {
	var out []*DeviceConfigurationAssignment
	b := c.DeviceConfigurations().ByDeviceConfigurationId(id).Assignments()
	err := listPages(ctx, c, "list assignments", ListOptions{}, collectionPages[*DeviceConfigurationAssignment](b, nil),
		func(a *DeviceConfigurationAssignment) bool { out = append(out, a); return true })
	return out, err
}

// ListManagedDeviceCertificateStates pages through the delivery states of
// the certificate profile id, whose @odata.type is odataType.
func (c *Client) ListManagedDeviceCertificateStates(ctx context.Context, id, odataType string, fn func(*ManagedDeviceCertificateState) bool) error {
	b := c.DeviceConfigurations().ByDeviceConfigurationId(id).ManagedDeviceCertificateStates(odataType)
	return listPages(ctx, c, "list certificate states", ListOptions{}, collectionPages[*ManagedDeviceCertificateState](b, nil), fn)
}
