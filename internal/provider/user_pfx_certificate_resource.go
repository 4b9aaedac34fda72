package provider

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/openintune/terraform-provider-intune/internal/graph"
	"github.com/openintune/terraform-provider-intune/internal/pfx"
)

var (
	_ resource.ResourceWithConfigure      = (*userPfxCertificateResource)(nil)
	_ resource.ResourceWithImportState    = (*userPfxCertificateResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*userPfxCertificateResource)(nil)
	_ resource.ResourceWithValidateConfig = (*userPfxCertificateResource)(nil)
)

// NewUserPfxCertificateResource is the constructor the provider registers.
func NewUserPfxCertificateResource() resource.Resource {
	return &userPfxCertificateResource{}
}

type userPfxCertificateResource struct {
	client *graph.Client
}

func (r *userPfxCertificateResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user_pfx_certificate"
}

func (r *userPfxCertificateResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	inPlace := "Changing it re-encrypts the password and updates the certificate in place."
	resp.Schema = schema.Schema{
		MarkdownDescription: "A user's PFX certificate imported into Intune (`microsoft.graph.userPFXCertificate`, Graph beta " +
			"`/deviceManagement/userPfxCertificates`), for delivery to the user's devices by imported-PFX certificate " +
			"profiles, typically for S/MIME. The provider does what Microsoft's `IntunePfxImport` PowerShell module does, " +
			"on any OS: it opens the PFX with its password at plan time, encrypts the password with the Certificate " +
			"Connector's public key (RSA-OAEP) and sends both.\n\n" +
			"**Requires Terraform 1.11 or newer**: the PFX and its password are write-only attributes, so they never reach " +
			"the state or a saved plan. Supply the password from an ephemeral variable or a file, not a literal or a regular " +
			"variable, since Terraform keeps the configuration and regular variables in saved plans.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The identifier Intune derives: the user's Entra object id without dashes, a dash, and " +
					"the lower-case thumbprint.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"user_principal_name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The user principal name of the certificate's owner, e.g. `alice@contoso.com`. " +
					"Letter case does not matter. Changing it imports the certificate for the other user (replace).",
				Validators: []validator.String{stringvalidator.RegexMatches(upnPattern(), "must be a user principal name such as alice@contoso.com")},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.RequiresReplaceIf(func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
						resp.RequiresReplace = !strings.EqualFold(req.StateValue.ValueString(), req.PlanValue.ValueString())
					}, "Changing the user replaces the certificate.", "Changing the user replaces the certificate."),
				},
			},
			"pfx_wo": schema.StringAttribute{
				Required:  true,
				WriteOnly: true,
				Sensitive: true,
				MarkdownDescription: "Write-only. Base64 of the PFX (PKCS#12) file, e.g. `filebase64(\"alice.pfx\")`: it must hold " +
					"the user's certificate and its private key. AES/PBES2 and legacy 3DES/RC2 files are both accepted. A file " +
					"with another certificate (a renewal) replaces the resource, except where `intended_purpose` is `smimeEncryption`: " +
					"devices need every old encryption key to open old mail, so that is refused at plan time (at apply, before anything " +
					"is sent, for a file known only then); import a renewed encryption certificate as a new resource instance. The same " +
					"certificate in a new file changes nothing.",
			},
			"pfx_password_wo": schema.StringAttribute{
				Required:  true,
				WriteOnly: true,
				Sensitive: true,
				MarkdownDescription: "Write-only. The PFX file's password, ASCII characters only (the Certificate Connector decodes " +
					"it as ASCII). It is checked against the file at plan time and sent only encrypted with `encryption_public_key`; " +
					"the plan also fails when it is longer than RSA-OAEP carries with the key and `padding_scheme` (126 characters " +
					"for a 2048-bit key with `oaepSha512`, 190 with `oaepSha256`).",
			},
			"encryption_public_key": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The Certificate Connector's RSA public key, as `Export-IntunePublicKey` writes it: a PEM " +
					"`PUBLIC KEY` (SubjectPublicKeyInfo), a PEM `RSA PUBLIC KEY` (PKCS#1), or base64 of the CNG " +
					"`RSAPUBLICBLOB` file, e.g. `filebase64(\"connector.blob\")`. A leading UTF-8 byte-order mark (Windows " +
					"PowerShell writes one) is ignored. The key must have at least 2048 bits. " + inPlace,
			},
			"provider_name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The key storage provider on the connector host that holds the key, e.g. " +
					"`Microsoft Software Key Storage Provider`. " + inPlace,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"key_name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The key's name in that key storage provider, e.g. `PFXEncryptionKey`. " + inPlace,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"padding_scheme": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(defaultPaddingScheme),
				MarkdownDescription: "The RSA-OAEP hash the password is encrypted with: `oaepSha256`, `oaepSha384` or " +
					"`oaepSha512` (the default, as in `IntunePfxImport`). " + inPlace,
				Validators: []validator.String{stringvalidator.OneOf(pfx.PaddingSchemes...)},
			},
			"intended_purpose": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString("unassigned"),
				MarkdownDescription: "What the certificate is for, which imported-PFX profiles match: " +
					intendedPurposesMarkdown() + "; `unassigned` is the default. Changing it updates the certificate in place.",
				Validators: []validator.String{intendedPurposeValidator()},
			},
			"thumbprint": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The lower-case hex SHA-1 thumbprint of the certificate, read from the PFX at plan time.",
			},
			"start_date_time": schema.StringAttribute{
				CustomType:          timestampType{},
				Computed:            true,
				MarkdownDescription: "The certificate's NotBefore, read from the PFX at plan time (RFC 3339).",
			},
			"expiration_date_time": schema.StringAttribute{
				CustomType:          timestampType{},
				Computed:            true,
				MarkdownDescription: "The certificate's NotAfter, read from the PFX at plan time (RFC 3339). An expired certificate gets a warning.",
			},
			"created_date_time": schema.StringAttribute{
				CustomType:          timestampType{},
				Computed:            true,
				MarkdownDescription: "When Intune imported the certificate.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"last_modified_date_time": schema.StringAttribute{
				CustomType:          timestampType{},
				Computed:            true,
				MarkdownDescription: "When Intune last changed the certificate's record.",
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *userPfxCertificateResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = providerClient(req.ProviderData, "Resource", &resp.Diagnostics)
}

// ValidateConfig refuses, before any request, what the connector could never
// use: a wrong password, a PFX without certificate and key, a non-ASCII
// password, a key that is not RSA. It runs at validate and at plan time.
func (r *userPfxCertificateResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if !req.ClientCapabilities.WriteOnlyAttributesAllowed {
		resp.Diagnostics.AddError("Terraform 1.11 or newer required",
			"intune_user_pfx_certificate takes the PFX and its password in the write-only attributes pfx_wo and "+
				"pfx_password_wo, so that they never reach the state or a plan. This Terraform CLI does not support "+
				"write-only attributes: upgrade to Terraform 1.11 or newer.")
		return
	}
	var cfg userPfxCertificateModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, diags := cfg.inspect()
	resp.Diagnostics.Append(diags...)
}

// ModifyPlan reads the thumbprint and validity from the PFX in the
// configuration (write-only values are there during plan), plans a replace
// for a new certificate (refused for an encryption certificate, see
// holdsEncryptionKey), and warns about an expired one.
func (r *userPfxCertificateResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var cfg, plan userPfxCertificateModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var state *userPfxCertificateModel
	if !req.State.Raw.IsNull() {
		state = &userPfxCertificateModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	cert, diags := cfg.inspect()
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}
	if cert == nil {
		// The PFX is not known yet: neither is the certificate, so a
		// replace is the safe plan for an existing one. An encryption
		// certificate is never replaced: the plan is an update, and the plan
		// Terraform makes again at apply, with the PFX known, refuses a new
		// certificate before anything is sent.
		plan.Thumbprint = types.StringUnknown()
		plan.StartDateTime, plan.ExpirationDateTime = timestampValue{StringValue: types.StringUnknown()}, timestampValue{StringValue: types.StringUnknown()}
		if state != nil && !holdsEncryptionKey(state) {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("thumbprint"))
		}
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	if time.Now().After(cert.NotAfter) {
		resp.Diagnostics.AddAttributeWarning(path.Root("pfx_wo"), "Certificate expired",
			fmt.Sprintf("The certificate in the PFX (%s, thumbprint %s) expired on %s. Intune imports it, but devices "+
				"cannot use it to sign or to encrypt new mail; import the renewed certificate's PFX instead.",
				cert.Subject, cert.Thumbprint, cert.NotAfter.Format(time.RFC3339)))
	}
	plan.Thumbprint = types.StringValue(cert.Thumbprint)
	plan.StartDateTime = newTimestampValue(cert.NotBefore)
	plan.ExpirationDateTime = newTimestampValue(cert.NotAfter)
	if state != nil {
		if !strings.EqualFold(state.Thumbprint.ValueString(), cert.Thumbprint) {
			// A renewal: another certificate is another Intune object.
			if holdsEncryptionKey(state) {
				resp.Diagnostics.Append(encryptionRenewalError(state, cert))
				return
			}
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("thumbprint"))
		} else {
			// The same certificate: keep the values as the state spells them.
			plan.Thumbprint = state.Thumbprint
			plan.StartDateTime = keepInstant(state.StartDateTime, plan.StartDateTime)
			plan.ExpirationDateTime = keepInstant(state.ExpirationDateTime, plan.ExpirationDateTime)
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// keepInstant returns old when it names the same instant as v.
func keepInstant(old, v timestampValue) timestampValue {
	if same, _ := old.StringSemanticEquals(context.Background(), v); same {
		return old
	}
	return v
}

func (r *userPfxCertificateResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, cfg userPfxCertificateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	body, diags := plan.toGraph(cfg)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	upn, thumb := plan.UserPrincipalName.ValueString(), plan.Thumbprint.ValueString()
	res, err := graph.CreateOrAdopt(ctx, graph.Create[graph.UserPFXCertificateable]{
		Entity:        "user PFX certificate",
		NaturalKey:    fmt.Sprintf("user_principal_name = %s, thumbprint = %s", upn, thumb),
		ImportCommand: "terraform import intune_user_pfx_certificate.<name> <id>",
		Post: func(ctx context.Context) (graph.UserPFXCertificateable, error) {
			return r.client.UserPfxCertificateSet().Create(ctx, body)
		},
		Lookup: func(ctx context.Context) ([]graph.UserPFXCertificateable, error) {
			return findUserPfx(ctx, r.client, upn, thumb)
		},
		Window:  r.client.ConsistencyWindow(),
		ListLag: r.client.ListLag(),
		// Intune keys a certificate by user and thumbprint: a 409 to a
		// repeated POST means the unanswered one was stored.
		Committed: func(err error) bool { return graph.StatusOf(err) == http.StatusConflict },
		Matches:   func(o graph.UserPFXCertificateable) bool { return userPfxMatches(body, o) },
		ID:        func(o graph.UserPFXCertificateable) string { return *o.GetId() },
		CreatedAt: func(o graph.UserPFXCertificateable) (time.Time, bool) {
			if t := o.GetCreatedDateTime(); t != nil {
				return *t, true
			}
			return time.Time{}, false
		},
	})
	var unresolved *graph.UnresolvedCreateError
	if graph.StatusOf(err) == http.StatusConflict && !errors.As(err, &unresolved) {
		// The first POST: the certificate was in Intune before this apply.
		resp.Diagnostics.AddError("User PFX certificate already imported", r.conflictDetail(ctx, upn, thumb, err))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to import user PFX certificate", userPfxErrorDetail(err, "", "create"))
		return
	}
	if res.Adopted {
		resp.Diagnostics.AddWarning("User PFX certificate adopted", res.Note)
	}
	tflog.Info(ctx, "Imported user PFX certificate", map[string]any{"id": *res.Object.GetId(), "thumbprint": thumb})
	plan.fillFromGraph(res.Object)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setUserPfxIdentity(ctx, resp.Identity, plan.ID)...)
	resp.Diagnostics.Append(setWritten(ctx, resp.Private)...)
}

// conflictDetail explains a 409: the certificate is in Intune already, and
// says how to import it.
func (r *userPfxCertificateResource) conflictDetail(ctx context.Context, upn, thumb string, err error) string {
	id := "<id>"
	if found, ferr := findUserPfx(ctx, r.client, upn, thumb); ferr == nil && len(found) == 1 {
		id = *found[0].GetId()
	}
	return fmt.Sprintf("Intune already holds the certificate %s for %s. Manage it with this configuration by importing it: "+
		"`terraform import intune_user_pfx_certificate.<name> %s`, or remove it from the other configuration.\n\n%v", thumb, upn, id, err)
}

func (r *userPfxCertificateResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state userPfxCertificateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Read(ctx, defaultReadTimeout)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id := state.ID.ValueString()
	obj, ok := readForState(ctx, r.client, req, resp, "user PFX certificate", id, r.client.UserPfxCertificateSet().Get, userPfxErrorDetail)
	if !ok {
		return
	}
	state.fromGraph(obj)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setUserPfxIdentity(ctx, resp.Identity, state.ID)...)
}

func (r *userPfxCertificateResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, cfg userPfxCertificateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if onlyTimeoutsChanged(req.Plan.Raw, req.State.Raw) {
		state.Timeouts = plan.Timeouts // nothing to send
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		resp.Diagnostics.Append(setUserPfxIdentity(ctx, resp.Identity, state.ID)...)
		return
	}
	id := state.ID.ValueString()
	// The whole record with the password encrypted anew, as the
	// IntunePfxImport module's -IsUpdate sends it: a new key, scheme or key
	// name is only right with a password encrypted for it.
	body, diags := plan.toGraph(cfg)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	updated, err := graph.UpdateAndVerify(ctx, graph.Update[graph.UserPFXCertificateable]{
		// The whole record, no eTag: sending it again is harmless, and a
		// read-back cannot show the one field a key rotation changes
		// (encryptedPfxPassword is never returned).
		Idempotent: true,
		Patch: func(ctx context.Context) (graph.UserPFXCertificateable, bool, error) {
			o, err := r.client.UserPfxCertificateSet().Update(ctx, id, "", body)
			return o, err == nil && o == nil, err
		},
		Get: func(ctx context.Context) (graph.UserPFXCertificateable, error) {
			return r.client.UserPfxCertificateSet().Get(ctx, id)
		},
		Applied: func(o graph.UserPFXCertificateable) bool { return userPfxMatches(body, o) },
		ETagOf:  func(graph.UserPFXCertificateable) string { return "" },
		Lag:     lagSinceWrite(ctx, req.Private, r.client),
	})
	if err != nil {
		resp.Diagnostics.AddError("Unable to update user PFX certificate", userPfxErrorDetail(err, id, "update"))
		return
	}
	plan.ID, plan.CreatedDateTime = state.ID, state.CreatedDateTime
	plan.fillFromGraph(updated)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setUserPfxIdentity(ctx, resp.Identity, plan.ID)...)
	resp.Diagnostics.Append(setWritten(ctx, resp.Private)...)
}

func (r *userPfxCertificateResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state userPfxCertificateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id := state.ID.ValueString()
	err := graph.DeleteAndConfirm(ctx, graph.Delete{
		Entity: "user PFX certificate", ID: id, Window: r.client.ConsistencyWindow(),
		Delete: func(ctx context.Context) error { return r.client.UserPfxCertificateSet().Delete(ctx, id, "") },
		Exists: exists(r.client.UserPfxCertificateSet().Get, id),
	})
	if err != nil {
		resp.Diagnostics.AddError("Unable to delete user PFX certificate", userPfxErrorDetail(err, id, "delete"))
	}
}

func (r *userPfxCertificateResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID == "" && req.Identity != nil {
		resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
		return
	}
	importID(ctx, req.ID, "A user PFX certificate's id is "+
		"`{user object id without dashes}-{thumbprint}`, as the intune_user_pfx_certificates data source lists it.", resp)
}

// userPfxErrorDetail explains a failed call on a user PFX certificate.
func userPfxErrorDetail(err error, id, op string) string {
	return graphErrorDetail(err, "user PFX certificate", id, op)
}

// upnPattern: name@domain, no spaces.
var upnPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[^@\s]+@[^@\s]+$`) })

// userPfxCertificateModel is the resource's configuration, plan and state.
type userPfxCertificateModel struct {
	ID                   types.String   `tfsdk:"id"`
	UserPrincipalName    types.String   `tfsdk:"user_principal_name"`
	PFX                  types.String   `tfsdk:"pfx_wo"`
	PFXPassword          types.String   `tfsdk:"pfx_password_wo"`
	EncryptionPublicKey  types.String   `tfsdk:"encryption_public_key"`
	ProviderName         types.String   `tfsdk:"provider_name"`
	KeyName              types.String   `tfsdk:"key_name"`
	PaddingScheme        types.String   `tfsdk:"padding_scheme"`
	IntendedPurpose      types.String   `tfsdk:"intended_purpose"`
	Thumbprint           types.String   `tfsdk:"thumbprint"`
	StartDateTime        timestampValue `tfsdk:"start_date_time"`
	ExpirationDateTime   timestampValue `tfsdk:"expiration_date_time"`
	CreatedDateTime      timestampValue `tfsdk:"created_date_time"`
	LastModifiedDateTime timestampValue `tfsdk:"last_modified_date_time"`
	Timeouts             timeouts.Value `tfsdk:"timeouts"`
}

// toGraph builds the create or update body from the plan and the
// write-only values in the configuration: the PFX as it is, the password
// encrypted for the connector's key.
func (m userPfxCertificateModel) toGraph(cfg userPfxCertificateModel) (*graph.UserPFXCertificate, diag.Diagnostics) {
	var diags diag.Diagnostics
	if cfg.PFX.IsNull() || cfg.PFXPassword.IsNull() {
		diags.AddError("PFX or password missing",
			"pfx_wo and pfx_password_wo arrived empty. They are write-only attributes, which need Terraform 1.11 or newer; "+
				"set both in the configuration.")
		return nil, diags
	}
	cert, d := cfg.inspect()
	if diags.Append(d...); diags.HasError() {
		return nil, diags
	}
	if cert == nil || !strings.EqualFold(cert.Thumbprint, m.Thumbprint.ValueString()) {
		diags.AddAttributeError(path.Root("pfx_wo"), "PFX changed since the plan",
			"The PFX given at apply time holds another certificate than the one planned. Run terraform plan again.")
		return nil, diags
	}
	key, err := pfx.ParsePublicKey(m.EncryptionPublicKey.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("encryption_public_key"), "Unusable encryption public key", err.Error())
		return nil, diags
	}
	enc, err := pfx.EncryptPassword(key, cfg.PFXPassword.ValueString(), m.PaddingScheme.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("pfx_password_wo"), "Unable to encrypt the PFX password", err.Error())
		return nil, diags
	}
	data, _ := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(cfg.PFX.ValueString()), ""))
	b := graph.NewUserPFXCertificate()
	b.SetUserPrincipalName(m.UserPrincipalName.ValueStringPointer())
	b.SetThumbprint(&cert.Thumbprint)
	b.SetProviderName(m.ProviderName.ValueStringPointer())
	b.SetKeyName(m.KeyName.ValueStringPointer())
	purpose := graph.UserPfxIntendedPurpose(m.IntendedPurpose.ValueString())
	b.SetIntendedPurpose(&purpose)
	padding := graph.UserPfxPaddingScheme(m.PaddingScheme.ValueString())
	b.SetPaddingScheme(&padding)
	b.SetStartDateTime(&cert.NotBefore)
	b.SetExpirationDateTime(&cert.NotAfter)
	b.SetEncryptedPfxBlob(data)
	b.SetEncryptedPfxPassword(&enc)
	return b, diags
}

// fillFromGraph fills, after a create or an update, only what the plan left
// to the service: the plan's own values stay as configured.
func (m *userPfxCertificateModel) fillFromGraph(o graph.UserPFXCertificateable) {
	if !known(m.ID) {
		m.ID = types.StringPointerValue(o.GetId())
	}
	if !known(m.CreatedDateTime) {
		m.CreatedDateTime = timeFromGraph(o.GetCreatedDateTime())
	}
	m.LastModifiedDateTime = timeFromGraph(o.GetLastModifiedDateTime())
	m.PFX, m.PFXPassword = types.StringNull(), types.StringNull()
}

// fromGraph copies what Graph returns into the state at a refresh. Values
// Graph merely spells differently (letter case, timestamp notation) keep the
// state's spelling; the secrets and the key, which Graph never returns, keep
// the state's value.
func (m *userPfxCertificateModel) fromGraph(o graph.UserPFXCertificateable) {
	keepFold := func(old types.String, v *string) types.String {
		if v != nil && strings.EqualFold(old.ValueString(), *v) {
			return old
		}
		return types.StringPointerValue(v)
	}
	m.ID = types.StringPointerValue(o.GetId())
	m.UserPrincipalName = keepFold(m.UserPrincipalName, o.GetUserPrincipalName())
	m.Thumbprint = keepFold(m.Thumbprint, o.GetThumbprint())
	m.ProviderName = types.StringPointerValue(o.GetProviderName())
	m.KeyName = types.StringPointerValue(o.GetKeyName())
	if p := o.GetIntendedPurpose(); p != nil {
		m.IntendedPurpose = types.StringValue(string(*p))
	}
	if p := o.GetPaddingScheme(); p != nil {
		m.PaddingScheme = types.StringValue(string(*p))
	}
	m.StartDateTime = keepInstant(m.StartDateTime, timeFromGraph(o.GetStartDateTime()))
	m.ExpirationDateTime = keepInstant(m.ExpirationDateTime, timeFromGraph(o.GetExpirationDateTime()))
	m.CreatedDateTime = keepInstant(m.CreatedDateTime, timeFromGraph(o.GetCreatedDateTime()))
	m.LastModifiedDateTime = keepInstant(m.LastModifiedDateTime, timeFromGraph(o.GetLastModifiedDateTime()))
	m.PFX, m.PFXPassword = types.StringNull(), types.StringNull()
}
