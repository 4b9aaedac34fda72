package emulator

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

const fedApp = "55555555-5555-5555-5555-555555555555"

func federatedForm(v *env, assertion string) url.Values {
	return url.Values{"grant_type": {"client_credentials"}, "client_id": {fedApp}, "scope": {v.e.GraphURL() + "/.default"},
		"client_assertion_type": {jwtBearerAssertion}, "client_assertion": {assertion}}
}

func TestFederatedAssertion(t *testing.T) {
	v := newEnv(t, Config{})
	v.e.RegisterApp(App{ClientID: fedApp, Federations: []Federation{{Issuer: GitHubIssuer, Subject: "repo:o/r:ref:refs/heads/main"}}})
	issue := func(ft FederatedToken) string {
		tok, err := v.e.IssueFederatedToken(ft)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	good := FederatedToken{Issuer: GitHubIssuer, Subject: "repo:o/r:ref:refs/heads/main"}
	// a token signed by a key the issuer does not publish
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	h, _ := json.Marshal(map[string]string{"alg": "RS256", "kid": v.e.kid})
	c, _ := json.Marshal(map[string]any{"iss": GitHubIssuer, "sub": good.Subject, "aud": DefaultFederationAudience, "exp": time.Now().Add(time.Hour).Unix()})
	signing := b64.EncodeToString(h) + "." + b64.EncodeToString(c)
	sum := sha256.Sum256([]byte(signing))
	sig, _ := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	forged := signing + "." + b64.EncodeToString(sig)

	cases := []struct {
		name      string
		assertion string
		status    int
		code      string
	}{
		{"match", issue(good), 200, ""},
		{"subject differs", issue(FederatedToken{Issuer: GitHubIssuer, Subject: "repo:o/r:pull_request"}), 400, "AADSTS70021"},
		{"subject case differs", issue(FederatedToken{Issuer: GitHubIssuer, Subject: "repo:O/r:ref:refs/heads/main"}), 400, "AADSTS70021"},
		{"issuer differs", issue(FederatedToken{Issuer: "https://app.terraform.io", Subject: good.Subject}), 400, "AADSTS70021"},
		{"audience differs", issue(FederatedToken{Issuer: GitHubIssuer, Subject: good.Subject, Audience: "https://github.com/o"}), 400, "AADSTS70021"},
		{"expired", issue(FederatedToken{Issuer: GitHubIssuer, Subject: good.Subject, Lifetime: -time.Minute}), 400, "AADSTS700024"},
		{"forged", forged, 401, "AADSTS50013"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := v.tokenRequest(federatedForm(v, tc.assertion))
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d: %v", resp.StatusCode, body)
			}
			if desc, _ := body["error_description"].(string); !strings.HasPrefix(desc, tc.code) {
				t.Fatalf("error_description %q, want %s", desc, tc.code)
			}
		})
	}
	fed := awaitLog(t, v.e, func(le LogEntry) bool { return le.ClientAuth == "federated" })
	if fed.ClientAuthDetail != "iss="+GitHubIssuer+" sub="+good.Subject || fed.TokenID == "" || fed.Audience != v.e.GraphURL() {
		t.Fatalf("log of the federated grant: %+v", fed)
	}
}

func TestManagedIdentityEndpoints(t *testing.T) {
	v := newEnv(t, Config{})
	const system, user = "66666666-6666-6666-6666-666666666666", "77777777-7777-7777-7777-777777777777"
	v.e.AddManagedIdentity(ManagedIdentity{ClientID: system, SystemAssigned: true})
	v.e.AddManagedIdentity(ManagedIdentity{ClientID: user})
	get := func(endpoint, clientID string, header map[string]string, apiVersion string) (*answer, map[string]any) {
		q := url.Values{"api-version": {apiVersion}, "resource": {v.e.GraphURL()}}
		if clientID != "" {
			q.Set("client_id", clientID)
		}
		r, _ := http.NewRequest("GET", endpoint+"?"+q.Encode(), nil)
		for k, val := range header {
			r.Header.Set(k, val)
		}
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		m := decode(t, resp)
		return &answer{StatusCode: resp.StatusCode, Header: resp.Header}, m
	}
	appService := map[string]string{"X-IDENTITY-HEADER": v.e.IdentityHeader()}
	imds := map[string]string{"Metadata": "true"}
	cases := []struct {
		name, endpoint, clientID string
		header                   map[string]string
		apiVersion               string
		status                   int
		appID                    string
	}{
		{"app service system", v.e.ManagedIdentityEndpoint(), "", appService, "2019-08-01", 200, system},
		{"app service user", v.e.ManagedIdentityEndpoint(), user, appService, "2019-08-01", 200, user},
		{"app service no header", v.e.ManagedIdentityEndpoint(), "", nil, "2019-08-01", 401, ""},
		{"app service wrong header", v.e.ManagedIdentityEndpoint(), "", map[string]string{"X-IDENTITY-HEADER": "x"}, "2019-08-01", 401, ""},
		{"app service unknown identity", v.e.ManagedIdentityEndpoint(), fedApp, appService, "2019-08-01", 400, ""},
		{"imds user", v.e.IMDSEndpoint(), user, imds, "2018-02-01", 200, user},
		{"imds no metadata header", v.e.IMDSEndpoint(), user, nil, "2018-02-01", 400, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(tc.endpoint, tc.clientID, tc.header, tc.apiVersion)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d: %v", resp.StatusCode, body)
			}
			if tc.status != 200 {
				return
			}
			if _, ok := body["expires_on"].(string); !ok {
				t.Fatalf("expires_on is not a string: %v", body)
			}
			v.token = body["access_token"].(string)
			if resp, body := v.do(req{method: "GET", path: coll}); resp.StatusCode != 200 {
				t.Fatalf("Graph refused the managed identity token: %d %v", resp.StatusCode, body)
			}
			tokenID := tokenID(v.token)
			seen := awaitLog(t, v.e, func(le LogEntry) bool { return le.Server == "graph" && le.TokenID == tokenID })
			if seen.AppID != tc.appID {
				t.Fatalf("Graph saw appid %q, want %q", seen.AppID, tc.appID)
			}
		})
	}
	for _, le := range v.e.Log() {
		if h := le.Header.Get("X-IDENTITY-HEADER"); h != "" && h != "<redacted>" {
			t.Fatalf("identity header logged: %q", h)
		}
	}
}

func TestCITokenRequests(t *testing.T) {
	v := newEnv(t, Config{})
	v.e.AddCIJob(CIJob{RequestToken: "gh-request", Subject: "repo:o/r:environment:prod"})
	v.e.AddCIJob(CIJob{RequestToken: "ado-access", Subject: "sc://org/project/conn", ServiceConnectionID: "sc-1"})
	v.e.RegisterApp(App{ClientID: fedApp, Federations: []Federation{
		{Issuer: GitHubIssuer, Subject: "repo:o/r:environment:prod"},
		{Issuer: AzureDevOpsIssuer, Subject: "sc://org/project/conn"},
	}})
	call := func(method, u, bearer string) (*answer, map[string]any) {
		r, _ := http.NewRequest(method, u, nil)
		if bearer != "" {
			r.Header.Set("Authorization", "Bearer "+bearer)
		}
		resp, err := v.client.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		m := decode(t, resp)
		return &answer{StatusCode: resp.StatusCode, Header: resp.Header}, m
	}
	gh := v.e.GitHubTokenRequestURL() + "&audience=" + url.QueryEscape(DefaultFederationAudience)
	ado := v.e.AzureDevOpsOIDCRequestURI() + "?api-version=7.1&serviceConnectionId=sc-1"
	cases := []struct {
		name, method, url, bearer, field string
		status, tokenStatus              int
	}{
		{"github", "GET", gh, "gh-request", "value", 200, 200},
		{"github default audience", "GET", v.e.GitHubTokenRequestURL(), "gh-request", "value", 200, 400},
		{"github wrong request token", "GET", gh, "nope", "", 401, 0},
		{"ado", "POST", ado, "ado-access", "oidcToken", 200, 200},
		{"ado GET", "GET", ado, "ado-access", "", 405, 0},
		{"ado other connection", "POST", v.e.AzureDevOpsOIDCRequestURI() + "?api-version=7.1&serviceConnectionId=sc-2", "ado-access", "", 404, 0},
		{"ado no access token", "POST", ado, "", "", 401, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := call(tc.method, tc.url, tc.bearer)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d: %v", resp.StatusCode, body)
			}
			if tc.field == "" {
				return
			}
			tok, _ := body[tc.field].(string)
			if resp, body := v.tokenRequest(federatedForm(v, tok)); resp.StatusCode != tc.tokenStatus {
				t.Fatalf("Entra answered %d to the CI token: %v", resp.StatusCode, body)
			}
		})
	}
}

func TestNationalAuthority(t *testing.T) {
	v := newEnv(t, Config{ExtraHosts: []string{"login.microsoftonline.us"}})
	tenant := v.e.Config().TenantID
	r, _ := http.NewRequest("GET", v.e.AuthorityURL()+"/"+tenant+"/v2.0/.well-known/openid-configuration", nil)
	r.Host = "login.microsoftonline.us"
	resp, err := v.client.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	body := decode(t, resp)
	if body["token_endpoint"] != "https://login.microsoftonline.us/"+tenant+"/oauth2/v2.0/token" ||
		body["issuer"] != "https://login.microsoftonline.us/"+tenant+"/v2.0" {
		t.Fatalf("discovery does not name the national authority: %v", body)
	}
	awaitLog(t, v.e, func(le LogEntry) bool { return le.Server == "login" && le.Host == "login.microsoftonline.us" })
}

// awaitLog returns the first log entry that matches. A handler logs after it
// has answered, so the entry may arrive just after the response; the
// deadline is only there to end the test if it never comes.
func awaitLog(t *testing.T, e *Emulator, match func(LogEntry) bool) LogEntry {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		for _, le := range e.Log() {
			if match(le) {
				return le
			}
		}
	}
	t.Fatalf("no matching log entry in %d entries", len(e.Log()))
	return LogEntry{}
}
