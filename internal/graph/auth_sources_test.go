package graph

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// Token sources that are not Entra ID itself, against small stand-ins; the
// acceptance tests run them against the emulator through Terraform.

func TestGitHubTokenRequest(t *testing.T) {
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		if r.Header.Get("Authorization") != "Bearer request-token" {
			// Like a proxy's error page, the answer echoes the request's token.
			w.WriteHeader(401)
			_, _ = w.Write([]byte(`{"message":"bad token", "presented":"` + r.Header.Get("Authorization") + `"}`))
			return
		}
		_, _ = w.Write([]byte(`{"count":1,"value":"the.id.token"}`))
	}))
	defer srv.Close()
	tok, err := gitHubToken(srv.URL+"/idtoken?api-version=2.0", "request-token")(context.Background())
	if err != nil || tok != "the.id.token" {
		t.Fatalf("%q %v", tok, err)
	}
	if got.Method != "GET" || got.URL.Query().Get("audience") != "api://AzureADTokenExchange" || got.URL.Query().Get("api-version") != "2.0" {
		t.Fatalf("request %s %s", got.Method, got.URL)
	}
	_, err = gitHubToken(srv.URL+"/idtoken", "wrong")(context.Background())
	if err == nil || !strings.Contains(err.Error(), "HTTP 401") || !strings.Contains(err.Error(), "bad token") ||
		!strings.Contains(err.Error(), "<redacted>") || strings.Contains(err.Error(), "wrong") {
		t.Fatalf("%v; want the status and the body with the echoed token redacted", err)
	}
}

func TestAzureDevOpsTokenRequest(t *testing.T) {
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		_, _ = w.Write([]byte(`{"oidcToken":"the.ado.token"}`))
	}))
	defer srv.Close()
	tok, err := azureDevOpsToken(srv.URL+"/oidctoken", "access", "sc-1")(context.Background())
	if err != nil || tok != "the.ado.token" {
		t.Fatalf("%q %v", tok, err)
	}
	q := got.URL.Query()
	if got.Method != "POST" || q.Get("api-version") != "7.1" || q.Get("serviceConnectionId") != "sc-1" ||
		got.Header.Get("Authorization") != "Bearer access" || got.Header.Get("X-TFS-FedAuthRedirect") != "Suppress" {
		t.Fatalf("request %s %s %v", got.Method, got.URL, got.Header)
	}
}

func TestTokenFileIsReadEachTime(t *testing.T) {
	p := filepath.Join(t.TempDir(), "token")
	read := tokenFile("oidc_token_file_path", p)
	if _, err := read(context.Background()); err == nil || !strings.Contains(err.Error(), "oidc_token_file_path") {
		t.Fatalf("%v", err)
	}
	for _, want := range []string{"first", "rotated"} {
		if err := os.WriteFile(p, []byte(want+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if got, err := read(context.Background()); err != nil || got != want {
			t.Fatalf("%q %v, want %q", got, err, want)
		}
	}
}

func TestIMDSCredential(t *testing.T) {
	expires := time.Now().Add(time.Hour).Unix()
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		if r.Header.Get("Metadata") != "true" {
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"error":"invalid_request","error_description":"Required metadata header not specified"}`))
			return
		}
		if r.URL.Query().Get("client_id") == "unknown" {
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"error":"invalid_request","error_description":"Identity not found"}`))
			return
		}
		_, _ = w.Write([]byte(`{"access_token":"at","expires_on":"` + strconv.FormatInt(expires, 10) + `","token_type":"Bearer"}`))
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL + "/metadata/identity/oauth2/token")
	opts := policy.TokenRequestOptions{Scopes: []string{"https://graph.microsoft.us/.default"}}
	tok, err := (&imdsCredential{endpoint: u, clientID: "c1"}).GetToken(context.Background(), opts)
	if err != nil || tok.Token != "at" || tok.ExpiresOn.Unix() != expires {
		t.Fatalf("%+v %v", tok, err)
	}
	q := got.URL.Query()
	if q.Get("resource") != "https://graph.microsoft.us" || q.Get("api-version") != "2018-02-01" || q.Get("client_id") != "c1" {
		t.Fatalf("query %s", got.URL.RawQuery)
	}
	_, err = newNamedCredential("managed identity", &imdsCredential{endpoint: u, clientID: "unknown"}).GetToken(context.Background(), opts)
	var ae *AuthError
	if !errors.As(err, &ae) || ae.Code != "invalid_request" || ae.Description != "Identity not found" ||
		err.Error() != "authentication with managed identity failed: Identity not found (invalid_request)" {
		t.Fatalf("%v", err)
	}
}
