package graph

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/microsoft/kiota-abstractions-go/authentication"
	"github.com/microsoft/kiota-abstractions-go/serialization"
	jsonserialization "github.com/microsoft/kiota-serialization-json-go"
	core "github.com/microsoftgraph/msgraph-sdk-go-core"
)

// newTestClient is a Client whose adapter is built like newClient's (same
// factories, same HTTP client and middleware chain) but sends to h over plain
// HTTP with a fixed bearer token, so these tests need neither Entra nor TLS.
func newTestClient(t testing.TB, h http.Handler) *Client {
	t.Helper()
	return newPacedTestClient(t, h, newPacer(Budget{}))
}

// newPacedTestClient is newTestClient with the given pacer.
func newPacedTestClient(t testing.TB, h http.Handler, p *pacer) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	options := core.GraphClientOptions{GraphServiceVersion: "beta", GraphServiceLibraryVersion: sdkVersion}
	auth := authentication.NewBaseBearerTokenAuthenticationProvider(fixedToken(testToken))
	adapter, err := core.NewGraphRequestAdapterBaseWithParseNodeFactoryAndSerializationWriterFactoryAndHttpClient(
		auth, options,
		jsonserialization.NewJsonParseNodeFactory(),
		jsonserialization.NewJsonSerializationWriterFactory(),
		newHTTPClient(&options, Settings{}, p))
	if err != nil {
		t.Fatal(err)
	}
	adapter.SetBaseUrl(srv.URL + "/beta")
	return &Client{adapter: adapter, cloud: Cloud{GraphRoot: srv.URL}}
}

// testToken looks like an access token, so a leak is easy to spot.
const testToken = "eyJ0eXAiOiJKV1QifQ.eyJzZWNyZXQiOiJ0b2tlbiJ9.c2lnbmF0dXJlLXNlY3JldA"

type fixedToken string

func (s fixedToken) GetAuthorizationToken(context.Context, *url.URL, map[string]any) (string, error) {
	return string(s), nil
}

func (s fixedToken) GetAllowedHostsValidator() *authentication.AllowedHostsValidator {
	v, _ := authentication.NewAllowedHostsValidatorErrorCheck(nil)
	return v
}

// toJSON serialises m as a request body does and decodes it for comparison.
func toJSON(t *testing.T, m serialization.Parsable) map[string]any {
	t.Helper()
	w := jsonserialization.NewJsonSerializationWriter()
	if err := w.WriteObjectValue("", m); err != nil {
		t.Fatal(err)
	}
	raw, err := w.GetSerializedContent()
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	return out
}

// requestBody reads a request's body, undoing the gzip the client's
// compression middleware applies.
func requestBody(t testing.TB, r *http.Request) string {
	t.Helper()
	var rd io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			t.Errorf("gzip body: %v", err)
			return ""
		}
		rd = zr
	}
	b, err := io.ReadAll(rd)
	if err != nil {
		t.Errorf("read body: %v", err)
	}
	return string(b)
}
