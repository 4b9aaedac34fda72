package graph

import (
	"context"
	"time"

	"github.com/microsoft/kiota-abstractions-go/serialization"
)

// The connectors that deliver certificates enrol themselves: to a tool both
// collections are read only. Names and types follow msgraph-beta-sdk-go's
// models certificateConnectorDetails and ndesConnector (v0.165.0).

// CertificateConnectorDetails is microsoft.graph.certificateConnectorDetails:
// one Certificate Connector for Microsoft Intune (PKCS and imported PFX).
type CertificateConnectorDetails struct {
	Id                  *string
	ConnectorName       *string
	ConnectorVersion    *string
	MachineName         *string
	EnrollmentDateTime  *time.Time
	LastCheckinDateTime *time.Time
}

// CreateCertificateConnectorDetailsFromDiscriminatorValue is the kiota factory.
func CreateCertificateConnectorDetailsFromDiscriminatorValue(serialization.ParseNode) (serialization.Parsable, error) {
	return &CertificateConnectorDetails{}, nil
}

func (m *CertificateConnectorDetails) GetId() *string { return m.Id }

func (m *CertificateConnectorDetails) strings() map[string]**string {
	return map[string]**string{"id": &m.Id, "connectorName": &m.ConnectorName,
		"connectorVersion": &m.ConnectorVersion, "machineName": &m.MachineName}
}

func (m *CertificateConnectorDetails) times() map[string]**time.Time {
	return map[string]**time.Time{"enrollmentDateTime": &m.EnrollmentDateTime, "lastCheckinDateTime": &m.LastCheckinDateTime}
}

func (m *CertificateConnectorDetails) GetFieldDeserializers() map[string]func(serialization.ParseNode) error {
	return plainFields(m.strings(), m.times(), nil)
}

// Serialize writes the connector (used by tests; the service is the only producer).
func (m *CertificateConnectorDetails) Serialize(w serialization.SerializationWriter) error {
	return writePlain(w, m.strings(), m.times())
}

// NdesConnector is microsoft.graph.ndesConnector: one Intune Certificate
// Connector serving SCEP through NDES. State is Graph's ndesConnectorState
// (none, active, inactive), kept as Graph names it.
type NdesConnector struct {
	Id                     *string
	DisplayName            *string
	MachineName            *string
	ConnectorVersion       *string
	State                  *string
	EnrolledDateTime       *time.Time
	LastConnectionDateTime *time.Time
}

// CreateNdesConnectorFromDiscriminatorValue is the kiota factory.
func CreateNdesConnectorFromDiscriminatorValue(serialization.ParseNode) (serialization.Parsable, error) {
	return &NdesConnector{}, nil
}

func (m *NdesConnector) GetId() *string { return m.Id }

func (m *NdesConnector) strings() map[string]**string {
	return map[string]**string{"id": &m.Id, "displayName": &m.DisplayName, "machineName": &m.MachineName,
		"connectorVersion": &m.ConnectorVersion, "state": &m.State}
}

func (m *NdesConnector) times() map[string]**time.Time {
	return map[string]**time.Time{"enrolledDateTime": &m.EnrolledDateTime, "lastConnectionDateTime": &m.LastConnectionDateTime}
}

func (m *NdesConnector) GetFieldDeserializers() map[string]func(serialization.ParseNode) error {
	return plainFields(m.strings(), m.times(), nil)
}

// Serialize writes the connector (used by tests; the service is the only producer).
func (m *NdesConnector) Serialize(w serialization.SerializationWriter) error {
	return writePlain(w, m.strings(), m.times())
}

// ListCertificateConnectors pages through /deviceManagement/certificateConnectorDetails.
func (c *Client) ListCertificateConnectors(ctx context.Context, fn func(*CertificateConnectorDetails) bool) error {
	b := newEntitySetRequestBuilder[*CertificateConnectorDetails](c.adapter,
		"{+baseurl}/deviceManagement/certificateConnectorDetails", "certificateConnectorDetails%2Did",
		CreateCertificateConnectorDetailsFromDiscriminatorValue)
	return listPages(ctx, c, "list certificate connectors", ListOptions{}, collectionPages[*CertificateConnectorDetails](b, nil), fn)
}

// ListNdesConnectors pages through /deviceManagement/ndesConnectors.
func (c *Client) ListNdesConnectors(ctx context.Context, fn func(*NdesConnector) bool) error {
	b := newEntitySetRequestBuilder[*NdesConnector](c.adapter,
		"{+baseurl}/deviceManagement/ndesConnectors", "ndesConnector%2Did", CreateNdesConnectorFromDiscriminatorValue)
	return listPages(ctx, c, "list NDES connectors", ListOptions{}, collectionPages[*NdesConnector](b, nil), fn)
}
