package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

var (
	_ provider.Provider                  = (*intuneProvider)(nil)
	_ provider.ProviderWithListResources = (*intuneProvider)(nil)
)

// New returns a constructor for the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &intuneProvider{version: version} }
}

type intuneProvider struct {
	version string
	getenv  func(string) string // nil means os.Getenv; see env()
	// consistencyWindow is how long after a write a 404 counts as Graph's
	// replication lag; 0 means graph.DefaultConsistencyWindow. Tests against
	// a lagging emulator set it long, so no test races the clock.
	consistencyWindow time.Duration
	// listLag is how much longer a listing may miss a new object; 0 means
	// graph.DefaultListLag. Tests shorten it where a lookup must give up.
	listLag time.Duration
	// budgetWindow replaces the request budget's 20-second window; 0 keeps
	// it. Tests shorten it, so a budget is crossed in seconds.
	budgetWindow time.Duration
}

func (p *intuneProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "intune"
	resp.Version = p.version
}

func (p *intuneProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages Microsoft Intune objects through the Microsoft Graph **beta** API. " +
			"Every attribute falls back to the environment variable named in its description; a value in the " +
			"configuration wins over the environment.",
		Attributes: withAuthAttributes(map[string]schema.Attribute{
			"environment": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The Microsoft cloud: `global` (or `public`, the default), `usgovernmentl4` " +
					"(or `usgovernment`, GCC High), `usgovernmentl5` (or `dod`), or `china` (21Vianet). It selects the " +
					"Graph root, the Entra ID authority and the token scope. Environment: `ARM_ENVIRONMENT`.",
				Validators: []validator.String{stringvalidator.OneOfCaseInsensitive(graph.EnvironmentNames()...)},
			},
			"graph_endpoint": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Overrides the environment's Graph root, for private clouds and tests: an https URL " +
					"without a path, such as `https://graph.example.test:8443` (the provider appends `/beta`). The token is " +
					"requested for `<graph_endpoint>/.default` and sent only to this host. Environment: `ARM_GRAPH_ENDPOINT`.",
			},
			"authority_host": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Overrides the environment's Entra ID authority, an https URL such as " +
					"`https://login.example.test`. Instance discovery is turned off for hosts that are not Microsoft's. " +
					"Environment: `ARM_AUTHORITY_HOST`.",
			},
			"request_budget": requestBudgetAttribute(),
		}),
	}
}

// providerModel is the provider configuration.
type providerModel struct {
	authModel
	Environment   types.String `tfsdk:"environment"`
	GraphEndpoint types.String `tfsdk:"graph_endpoint"`
	AuthorityHost types.String `tfsdk:"authority_host"`
	RequestBudget types.Object `tfsdk:"request_budget"`
}

func (p *intuneProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	unknown := cfg.unknown()
	for name, v := range map[string]types.String{
		"environment": cfg.Environment, "graph_endpoint": cfg.GraphEndpoint, "authority_host": cfg.AuthorityHost,
	} {
		if v.IsUnknown() {
			unknown = append(unknown, name)
		}
	}
	budget, budgetUnknown, diags := requestBudget(ctx, cfg.RequestBudget, p.env(), p.budgetWindow)
	resp.Diagnostics.Append(diags...)
	unknown = append(unknown, budgetUnknown...)
	for _, name := range unknown {
		resp.Diagnostics.AddAttributeError(path.Root(name), "Unknown provider configuration value",
			fmt.Sprintf("The provider cannot be configured while %s is unknown. Set it to a literal or a value known at plan time, "+
				"or leave it out and use the environment variable instead.", name))
	}
	getenv := p.env()
	auth, diags := cfg.settings(getenv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	settings := graph.Settings{
		Environment:   pickFrom(getenv, cfg.Environment, "ARM_ENVIRONMENT"),
		GraphEndpoint: pickFrom(getenv, cfg.GraphEndpoint, "ARM_GRAPH_ENDPOINT"),
		AuthorityHost: pickFrom(getenv, cfg.AuthorityHost, "ARM_AUTHORITY_HOST"),
		Auth:          auth,
		UserAgent:     "terraform-provider-intune/" + p.version,

		Budget: budget,

		ConsistencyWindow: p.consistencyWindow,
		ListLag:           p.listLag,
	}
	client, err := graph.NewClient(settings)
	if err != nil {
		resp.Diagnostics.AddError("Unable to configure the Intune provider", err.Error())
		return
	}
	tflog.Info(ctx, "Configured Microsoft Graph client", map[string]any{
		"graph_root": client.Cloud().GraphRoot, "authority": client.Cloud().AuthorityHost, "auth_method": client.AuthMethod(),
		"budget_requests": budget.Requests, "budget_writes": budget.Writes,
	})
	resp.ResourceData = client
	resp.DataSourceData = client
	resp.ListResourceData = client
}

func (p *intuneProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewPfxRecryptionRequestResource,
		NewUserPfxCertificateResource,
		NewImportedPfxCertificateProfileResource,
		NewScepCertificateProfileResource,
		NewPkcsCertificateProfileResource,
		NewTrustedCertificateProfileResource,
	}
}

func (p *intuneProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewPfxRecryptionRequestDataSource,
		NewPfxRecryptionRequestsDataSource,
		NewUserPfxCertificateDataSource,
		NewUserPfxCertificatesDataSource,
		NewDeviceCertificateStatesDataSource,
		NewCertificateConnectorsDataSource,
	}
}

func (p *intuneProvider) ListResources(context.Context) []func() list.ListResource {
	out := []func() list.ListResource{
		NewPfxRecryptionRequestListResource,
		NewUserPfxCertificateListResource,
	}
	for _, f := range certificateProfileFamilies() {
		out = append(out, certificateProfileLister(f))
	}
	return out
}

// Address is the provider's registry address, used by Terraform, the tests,
// the examples and dev_overrides.
const Address = "registry.terraform.io/openintune/intune"
