package graph

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// Cloud is one Microsoft cloud: where Graph lives and where its tokens come from.
type Cloud struct {
	Name          string
	GraphRoot     string // scheme://host[:port], no path
	AuthorityHost string // scheme://host[:port], no path
}

// Scope is the token scope for Graph in this cloud.
func (c Cloud) Scope() string { return c.GraphRoot + "/.default" }

// GraphHost is the host name that must receive the token. kiota's allowed-hosts
// check compares host names without the port.
func (c Cloud) GraphHost() string {
	u, err := url.Parse(c.GraphRoot)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

var clouds = map[string]Cloud{
	"global":         {Name: "global", GraphRoot: "https://graph.microsoft.com", AuthorityHost: "https://login.microsoftonline.com"},
	"usgovernmentl4": {Name: "usgovernmentl4", GraphRoot: "https://graph.microsoft.us", AuthorityHost: "https://login.microsoftonline.us"},
	"usgovernmentl5": {Name: "usgovernmentl5", GraphRoot: "https://dod-graph.microsoft.us", AuthorityHost: "https://login.microsoftonline.us"},
	"china":          {Name: "china", GraphRoot: "https://microsoftgraph.chinacloudapi.cn", AuthorityHost: "https://login.chinacloudapi.cn"},
}

// cloudAliases maps every accepted spelling to its canonical name; the names
// follow the azuread provider's ARM_ENVIRONMENT values.
var cloudAliases = map[string]string{
	"global":         "global",
	"public":         "global",
	"usgovernmentl4": "usgovernmentl4",
	"usgovernment":   "usgovernmentl4",
	"usgovernmentl5": "usgovernmentl5",
	"dod":            "usgovernmentl5",
	"china":          "china",
}

// EnvironmentNames lists the accepted values of the provider's environment.
func EnvironmentNames() []string {
	names := make([]string, 0, len(cloudAliases))
	for k := range cloudAliases {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// LookupCloud returns the cloud for an environment name ("" means global).
func LookupCloud(environment string) (Cloud, error) {
	name := strings.ToLower(strings.TrimSpace(environment))
	if name == "" {
		name = "global"
	}
	canonical, ok := cloudAliases[name]
	if !ok {
		return Cloud{}, fmt.Errorf("unknown environment %q: use one of %s", environment, strings.Join(EnvironmentNames(), ", "))
	}
	return clouds[canonical], nil
}

// IsMicrosoftAuthority reports whether MSAL knows the host, so instance
// discovery can stay on; for any other host it must be off, or MSAL calls
// login.microsoftonline.com, which fails offline and leaks the host name.
func IsMicrosoftAuthority(authorityHost string) bool {
	u, err := url.Parse(authorityHost)
	if err != nil {
		return false
	}
	for _, c := range clouds {
		if cu, _ := url.Parse(c.AuthorityHost); cu != nil && strings.EqualFold(cu.Host, u.Host) {
			return true
		}
	}
	return false
}

// NormalizeRoot checks an https root URL (graph_endpoint or authority_host) and
// returns it as scheme://host[:port] without a trailing slash. A path of "/beta"
// or "/v1.0" on a Graph root is not accepted: the provider appends /beta itself.
func NormalizeRoot(attribute, raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("%s %q is not an absolute URL such as https://graph.example.test:8443", attribute, raw)
	}
	if u.Scheme != "https" {
		return "", fmt.Errorf("%s %q must use https", attribute, raw)
	}
	if p := strings.TrimRight(u.Path, "/"); p != "" {
		return "", fmt.Errorf("%s %q must be a root URL without a path (the provider adds /beta)", attribute, raw)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("%s %q must not carry user info, a query or a fragment", attribute, raw)
	}
	return "https://" + u.Host, nil
}
