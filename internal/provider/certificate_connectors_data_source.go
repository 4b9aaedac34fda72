package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

var (
	_ datasource.DataSourceWithConfigure = (*certificateConnectorsDataSource)(nil)
	_ validator.String                   = durationValidator{}
)

// defaultMaxCheckinAge: a connector silent for a day needs attention,
// whatever its exact check-in interval (which Microsoft does not publish).
const defaultMaxCheckinAge = "24h"

// NewCertificateConnectorsDataSource is the constructor the provider registers.
func NewCertificateConnectorsDataSource() datasource.DataSource {
	return &certificateConnectorsDataSource{}
}

type certificateConnectorsDataSource struct {
	client *graph.Client
}

func (d *certificateConnectorsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_certificate_connectors"
}

func (d *certificateConnectorsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: description}
	}
	timestamp := func(description string) schema.StringAttribute {
		return schema.StringAttribute{CustomType: timestampType{}, Computed: true, MarkdownDescription: description + ", an RFC 3339 timestamp."}
	}
	healthy := func(description string) schema.BoolAttribute {
		return schema.BoolAttribute{Computed: true, MarkdownDescription: description}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the connectors that deliver certificates, and whether each is alive, so a pipeline can " +
			"check them before it relies on them (for example in a `precondition`). The Certificate Connector for Microsoft " +
			"Intune (Graph beta `/deviceManagement/certificateConnectorDetails`) delivers PKCS and imported-PFX " +
			"certificates; the NDES connector (`/deviceManagement/ndesConnectors`) serves SCEP through NDES. Connectors " +
			"enrol themselves, so there is no resource for them. Reads every page; a tenant without connectors gives " +
			"empty lists. Needs `DeviceManagementConfiguration.Read.All`.",
		Attributes: map[string]schema.Attribute{
			"max_checkin_age": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "How long ago a connector may last have checked in and still count as healthy, as a " +
					"duration such as `24h` or `90m` (Go duration syntax). Defaults to `" + defaultMaxCheckinAge + "`.",
				Validators: []validator.String{durationValidator{}},
			},
			"certificate_connectors": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The Certificate Connectors, in Graph's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                     str("The connector's id."),
					"connector_name":         str("The connector's name."),
					"machine_name":           str("The name of the server the connector runs on."),
					"connector_version":      str("The connector's version."),
					"enrollment_date_time":   timestamp("When the connector enrolled"),
					"last_checkin_date_time": timestamp("When the connector last checked in"),
					"healthy":                healthy("Whether the connector checked in within `max_checkin_age`."),
				}},
			},
			"ndes_connectors": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The NDES connectors, in Graph's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                        str("The connector's id."),
					"display_name":              str("The connector's name."),
					"machine_name":              str("The name of the server the connector runs on."),
					"connector_version":         str("The connector's version."),
					"state":                     str("The connector's state as Graph reports it: `none`, `active` or `inactive`."),
					"enrolled_date_time":        timestamp("When the connector enrolled"),
					"last_connection_date_time": timestamp("When the connector last connected"),
					"healthy":                   healthy("Whether `state` is `active` and the connector connected within `max_checkin_age`."),
				}},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx),
		},
	}
}

func (d *certificateConnectorsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = providerClient(req.ProviderData, "Data Source", &resp.Diagnostics)
}

func (d *certificateConnectorsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m certificateConnectorsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := m.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	if m.MaxCheckinAge.IsNull() || m.MaxCheckinAge.IsUnknown() {
		m.MaxCheckinAge = types.StringValue(defaultMaxCheckinAge)
	}
	maxAge, err := time.ParseDuration(m.MaxCheckinAge.ValueString())
	if err != nil || maxAge <= 0 {
		resp.Diagnostics.AddAttributeError(path.Root("max_checkin_age"), "Invalid duration", durationMessage(m.MaxCheckinAge.ValueString()))
		return
	}
	// Health is judged on the local clock at the time of the read: a
	// connector's check-in stamp is Graph's, so a skewed clock shifts the
	// judgement by the skew, which is small against a maximum age of hours.
	now := time.Now()
	alive := func(t *time.Time) bool { return t != nil && now.Sub(*t) <= maxAge }

	m.CertificateConnectors = []certificateConnectorModel{}
	err = d.client.ListCertificateConnectors(ctx, func(c *graph.CertificateConnectorDetails) bool {
		m.CertificateConnectors = append(m.CertificateConnectors, certificateConnectorFromGraph(c, alive(c.LastCheckinDateTime)))
		return true
	})
	if err != nil {
		resp.Diagnostics.AddError("Unable to list the certificate connectors", graphErrorDetail(err, "certificate connector", "", "list"))
		return
	}
	m.NdesConnectors = []ndesConnectorModel{}
	err = d.client.ListNdesConnectors(ctx, func(c *graph.NdesConnector) bool {
		m.NdesConnectors = append(m.NdesConnectors, ndesConnectorFromGraph(c, deref(c.State) == "active" && alive(c.LastConnectionDateTime)))
		return true
	})
	if err != nil {
		resp.Diagnostics.AddError("Unable to list the NDES connectors", graphErrorDetail(err, "certificate connector", "", "list"))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// durationValidator checks a Go duration string, such as "24h" or "90m",
// that is greater than zero.
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "must be a duration greater than zero, such as 24h or 90m"
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if d, err := time.ParseDuration(req.ConfigValue.ValueString()); err != nil || d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration", durationMessage(req.ConfigValue.ValueString()))
	}
}

func durationMessage(s string) string {
	return fmt.Sprintf("%q is not a duration greater than zero. Use a number with a unit, such as \"24h\", \"90m\" or "+
		"\"1h30m\" (units: h, m, s).", s)
}

type certificateConnectorsModel struct {
	MaxCheckinAge         types.String                `tfsdk:"max_checkin_age"`
	CertificateConnectors []certificateConnectorModel `tfsdk:"certificate_connectors"`
	NdesConnectors        []ndesConnectorModel        `tfsdk:"ndes_connectors"`
	Timeouts              timeouts.Value              `tfsdk:"timeouts"`
}

type certificateConnectorModel struct {
	ID                  types.String   `tfsdk:"id"`
	ConnectorName       types.String   `tfsdk:"connector_name"`
	MachineName         types.String   `tfsdk:"machine_name"`
	ConnectorVersion    types.String   `tfsdk:"connector_version"`
	EnrollmentDateTime  timestampValue `tfsdk:"enrollment_date_time"`
	LastCheckinDateTime timestampValue `tfsdk:"last_checkin_date_time"`
	Healthy             types.Bool     `tfsdk:"healthy"`
}

type ndesConnectorModel struct {
	ID                     types.String   `tfsdk:"id"`
	DisplayName            types.String   `tfsdk:"display_name"`
	MachineName            types.String   `tfsdk:"machine_name"`
	ConnectorVersion       types.String   `tfsdk:"connector_version"`
	State                  types.String   `tfsdk:"state"`
	EnrolledDateTime       timestampValue `tfsdk:"enrolled_date_time"`
	LastConnectionDateTime timestampValue `tfsdk:"last_connection_date_time"`
	Healthy                types.Bool     `tfsdk:"healthy"`
}

func certificateConnectorFromGraph(c *graph.CertificateConnectorDetails, healthy bool) certificateConnectorModel {
	return certificateConnectorModel{
		ID:                  types.StringPointerValue(c.Id),
		ConnectorName:       types.StringPointerValue(c.ConnectorName),
		MachineName:         types.StringPointerValue(c.MachineName),
		ConnectorVersion:    types.StringPointerValue(c.ConnectorVersion),
		EnrollmentDateTime:  timeFromGraph(c.EnrollmentDateTime),
		LastCheckinDateTime: timeFromGraph(c.LastCheckinDateTime),
		Healthy:             types.BoolValue(healthy),
	}
}

func ndesConnectorFromGraph(c *graph.NdesConnector, healthy bool) ndesConnectorModel {
	return ndesConnectorModel{
		ID:                     types.StringPointerValue(c.Id),
		DisplayName:            types.StringPointerValue(c.DisplayName),
		MachineName:            types.StringPointerValue(c.MachineName),
		ConnectorVersion:       types.StringPointerValue(c.ConnectorVersion),
		State:                  types.StringPointerValue(c.State),
		EnrolledDateTime:       timeFromGraph(c.EnrolledDateTime),
		LastConnectionDateTime: timeFromGraph(c.LastConnectionDateTime),
		Healthy:                types.BoolValue(healthy),
	}
}
