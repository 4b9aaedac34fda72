package graph

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// TestNoTokenInLogsOrErrors sends a request that is throttled, then refused by
// a gateway whose error page quotes the request's Authorization header and a
// token response. With logging at TRACE, neither the log nor the error may
// contain the bearer token or any part of it.
func TestNoTokenInLogsOrErrors(t *testing.T) {
	var seen string
	s := &script{answers: []func(http.ResponseWriter, *http.Request){
		graphError(429, "TooManyRequests", "0"),
		func(w http.ResponseWriter, r *http.Request) {
			seen = r.Header.Get("Authorization")
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(401)
			fmt.Fprintf(w, `<html><pre>Authorization: %s
{"token_type":"Bearer","access_token":"%s"}
client_secret=%s&client_assertion=%s</pre></html>`, seen, testToken, "s3cr3t-value", testToken)
		},
	}}
	c := newTestClient(t, s)
	var log bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &log)
	_, err := c.PfxRecryptionRequestSet().Get(ctx, "obj-1")
	if err == nil {
		t.Fatal("want the 401")
	}
	if seen != "Bearer "+testToken {
		t.Fatalf("the server saw Authorization %q: the test sends no token", seen)
	}
	if !strings.Contains(log.String(), `"@message":"Graph request"`) || !strings.Contains(log.String(), "Retrying Graph request") {
		t.Fatalf("nothing was logged; the test proves nothing:\n%s", log.String())
	}
	msg := err.Error()
	if !strings.Contains(msg, "HTTP 401") || !strings.Contains(msg, "<redacted>") {
		t.Errorf("error %q: want the 401 and the quoted secrets redacted", msg)
	}
	for _, secret := range append(strings.Split(testToken, "."), "s3cr3t-value") {
		if strings.Contains(log.String(), secret) {
			t.Errorf("the log contains %q:\n%s", secret, log.String())
		}
		if strings.Contains(msg, secret) {
			t.Errorf("the error contains %q:\n%s", secret, msg)
		}
	}
}

func TestRedactSecrets(t *testing.T) {
	cases := map[string]string{
		"Authorization: Bearer abc.def-ghi":                               "Authorization: Bearer <redacted>",
		`{"access_token":"xyz","expires_in":3599}`:                        `{"access_token":"<redacted>","expires_in":3599}`,
		"grant_type=client_credentials&client_secret=p%40ss&scope=x":      "grant_type=client_credentials&client_secret=<redacted>&scope=x",
		"client_assertion=" + testToken + "&x=1":                          "client_assertion=<redacted>&x=1",
		"token " + testToken + " end":                                     "token <redacted> end",
		"password: hunter2":                                               "password: <redacted>",
		`{"encryptedPfxBlob":"MIIKcQIBAz","encryptedPfxPassword":"c2Vj"}`: `{"encryptedPfxBlob":"<redacted>","encryptedPfxPassword":"<redacted>"}`,
		"HTTP 404, code ResourceNotFound: gone":                           "HTTP 404, code ResourceNotFound: gone",
		"thumbprint 0A0B0C0D eTag W/\"1\" id 1234-abcd":                   "thumbprint 0A0B0C0D eTag W/\"1\" id 1234-abcd",
	}
	for in, want := range cases {
		if got := redactSecrets(in); got != want {
			t.Errorf("redactSecrets(%q) = %q, want %q", in, got, want)
		}
	}
}
