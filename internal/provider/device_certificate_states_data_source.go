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

var _ datasource.DataSourceWithConfigure = (*deviceCertificateStatesDataSource)(nil)

// NewDeviceCertificateStatesDataSource is the constructor the provider registers.
func NewDeviceCertificateStatesDataSource() datasource.DataSource {
	return &deviceCertificateStatesDataSource{}
}

type deviceCertificateStatesDataSource struct {
	client *graph.Client
}

func (d *deviceCertificateStatesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_device_certificate_states"
}

func (d *deviceCertificateStatesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: description}
	}
	timestamp := func(description string) schema.StringAttribute {
		return schema.StringAttribute{CustomType: timestampType{}, Computed: true, MarkdownDescription: description + ", an RFC 3339 timestamp."}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the delivery status of a certificate profile's certificate on each device " +
			"(`managedDeviceCertificateStates` of an `intune_imported_pfx_certificate_profile`), so a pipeline can " +
			"check that the certificates reached the devices. Reads every page. Needs `DeviceManagementConfiguration.Read.All`.\n\n" +
			"A profile created earlier in the same apply may not be readable at once (Graph replicates writes with a " +
			"delay): a 404 for the profile or for its states is retried for " + windowText + ", the provider's " +
			"consistency window, before the read fails. `timeouts.read` (default " + readTimeoutText + ") " +
			"bounds that read of the profile, the wait included, and then each page of its states, not the whole listing.",
		Blocks: map[string]schema.Block{"timeouts": timeouts.Block(ctx)},
		Attributes: map[string]schema.Attribute{
			"profile_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The id of the certificate profile, e.g. `intune_imported_pfx_certificate_profile.example.id`.",
				Validators:          []validator.String{graphKeyValidator{}},
			},
			"platform": str("The profile's platform, as the resource names it (`windows10`, `ios`, ...)."),
			"states": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "One entry per device that has been offered the certificate, in Graph's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                   str("The state's id."),
					"device_display_name":  str("The device's name."),
					"user_display_name":    str("The device user's name."),
					"device_platform":      str("The device's platform as Intune reports it (`windows10AndLater`, `iOS`, `macOS`, `android`, `androidWorkProfile`, ...)."),
					"thumbprint":           str("The thumbprint of the certificate on the device."),
					"serial_number":        str("The certificate's serial number."),
					"issuer":               str("The certificate's issuer."),
					"issuance_state":       str("How far delivery got: `installed` when the certificate is on the device; other values include `issuePending`, `issued`, `installFailed`, `deleted`, `revoked` (Graph's `certificateIssuanceStates`)."),
					"revoke_status":        str("The revocation status: `none`, `pending`, `issued`, `failed` or `revoked`."),
					"key_storage_provider": str("Where the private key is kept on the device (Windows)."),
					"error_code": schema.Int64Attribute{Computed: true,
						MarkdownDescription: "The error code of the last delivery attempt; 0 when there is none."},
					"issuance_date_time":          timestamp("When the certificate was issued to the device"),
					"expiration_date_time":        timestamp("When the certificate expires"),
					"last_state_change_date_time": timestamp("When the state last changed"),
				}},
			},
		},
	}
}

func (d *deviceCertificateStatesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = providerClient(req.ProviderData, "Data Source", &resp.Diagnostics)
}

func (d *deviceCertificateStatesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m deviceCertificateStatesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout := dataSourceReadTimeout(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := m.ProfileID.ValueString()
	// The states belong to the profile's own type, whose name is in the path.
	profile, waited, err := d.readProfile(ctx, id, timeout)
	if graph.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("profile_id"), "Certificate profile not found",
			notFoundAfterLag("device configuration", id, waited, err))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read the certificate profile", graphErrorDetail(err, "certificate profile", id, "read"))
		return
	}
	platform := ""
	for name, t := range importedPfxFamily.platforms {
		if t == deref(profile.GetOdataType()) {
			platform = name
		}
	}
	if platform == "" {
		resp.Diagnostics.AddAttributeError(path.Root("profile_id"), "Not an imported PFX certificate profile",
			fmt.Sprintf("The device configuration %s is a %s; this data source reads imported-PFX certificate profiles.",
				id, deref(profile.GetOdataType())))
		return
	}
	m.Platform = types.StringValue(platform)
	// A replica that lags may not know the profile's states yet although
	// another answered for the profile: a 404 is retried likewise.
	m.States, _, err = readByID(ctx, d.client, func(ctx context.Context) ([]certificateStateModel, error) {
		states := []certificateStateModel{}
		err := d.client.ListManagedDeviceCertificateStates(graph.WithPageTimeout(ctx, timeout), id, deref(profile.GetOdataType()), func(s *graph.ManagedDeviceCertificateState) bool {
			states = append(states, certificateStateFromGraph(s))
			return true
		})
		return states, err
	})
	if err != nil {
		resp.Diagnostics.AddError("Unable to read the device certificate states", graphErrorDetail(err, "certificate profile", id, "list"))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// readProfile reads the profile through lag, within timeout.
func (d *deviceCertificateStatesDataSource) readProfile(ctx context.Context, id string, timeout time.Duration) (*graph.DeviceConfiguration, time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return readByID(ctx, d.client, func(ctx context.Context) (*graph.DeviceConfiguration, error) {
		return d.client.DeviceConfigurationSet().Get(ctx, id)
	})
}

type deviceCertificateStatesModel struct {
	ProfileID types.String            `tfsdk:"profile_id"`
	Platform  types.String            `tfsdk:"platform"`
	States    []certificateStateModel `tfsdk:"states"`
	Timeouts  timeouts.Value          `tfsdk:"timeouts"`
}

type certificateStateModel struct {
	ID                      types.String   `tfsdk:"id"`
	DeviceDisplayName       types.String   `tfsdk:"device_display_name"`
	UserDisplayName         types.String   `tfsdk:"user_display_name"`
	DevicePlatform          types.String   `tfsdk:"device_platform"`
	Thumbprint              types.String   `tfsdk:"thumbprint"`
	SerialNumber            types.String   `tfsdk:"serial_number"`
	Issuer                  types.String   `tfsdk:"issuer"`
	IssuanceState           types.String   `tfsdk:"issuance_state"`
	RevokeStatus            types.String   `tfsdk:"revoke_status"`
	KeyStorageProvider      types.String   `tfsdk:"key_storage_provider"`
	ErrorCode               types.Int64    `tfsdk:"error_code"`
	IssuanceDateTime        timestampValue `tfsdk:"issuance_date_time"`
	ExpirationDateTime      timestampValue `tfsdk:"expiration_date_time"`
	LastStateChangeDateTime timestampValue `tfsdk:"last_state_change_date_time"`
}

func certificateStateFromGraph(s *graph.ManagedDeviceCertificateState) certificateStateModel {
	last := s.CertificateLastIssuanceStateChangedDateTime
	if last == nil {
		last = s.LastCertificateStateChangeDateTime
	}
	return certificateStateModel{
		ID:                      types.StringPointerValue(s.Id),
		DeviceDisplayName:       types.StringPointerValue(s.DeviceDisplayName),
		UserDisplayName:         types.StringPointerValue(s.UserDisplayName),
		DevicePlatform:          types.StringPointerValue(s.DevicePlatform),
		Thumbprint:              types.StringPointerValue(s.CertificateThumbprint),
		SerialNumber:            types.StringPointerValue(s.CertificateSerialNumber),
		Issuer:                  types.StringPointerValue(s.CertificateIssuer),
		IssuanceState:           types.StringPointerValue(s.CertificateIssuanceState),
		RevokeStatus:            types.StringPointerValue(s.CertificateRevokeStatus),
		KeyStorageProvider:      types.StringPointerValue(s.CertificateKeyStorageProvider),
		ErrorCode:               int64FromGraph(s.CertificateErrorCode),
		IssuanceDateTime:        timeFromGraph(s.CertificateIssuanceDateTime),
		ExpirationDateTime:      timeFromGraph(s.CertificateExpirationDateTime),
		LastStateChangeDateTime: timeFromGraph(last),
	}
}
