package emulator

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// env is a started emulator with a client that trusts it and a token.
type env struct {
	t      testing.TB
	e      *Emulator
	client *http.Client
	token  string
}

func newEnv(t testing.TB, cfg Config) *env {
	t.Helper()
	e, err := Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(e.CACertPEM()) {
		t.Fatal("bad CA PEM")
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, ForceAttemptHTTP2: true}
	t.Cleanup(tr.CloseIdleConnections)
	v := &env{t: t, e: e, client: &http.Client{Transport: tr, Timeout: 10 * time.Second}}
	v.token = v.fetchToken()
	return v
}

func (v *env) tokenRequest(form url.Values) (*answer, map[string]any) {
	v.t.Helper()
	u := v.e.AuthorityURL() + "/" + v.e.Config().TenantID + "/oauth2/v2.0/token"
	resp, err := v.client.PostForm(u, form)
	if err != nil {
		v.t.Fatal(err)
	}
	m := decode(v.t, resp)
	return &answer{StatusCode: resp.StatusCode, Header: resp.Header}, m
}

func (v *env) fetchToken() string {
	v.t.Helper()
	cfg := v.e.Config()
	resp, body := v.tokenRequest(url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {cfg.ClientID},
		"client_secret": {cfg.ClientSecret},
		"scope":         {v.e.GraphURL() + "/.default openid offline_access profile"},
	})
	if resp.StatusCode != 200 {
		v.t.Fatalf("token: %d %v", resp.StatusCode, body)
	}
	return body["access_token"].(string)
}

// answer is what the helpers keep of a response once decode has read and
// closed its body.
type answer struct {
	StatusCode int
	Header     http.Header
}

func decode(t testing.TB, resp *http.Response) map[string]any {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) == 0 {
		return nil
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("not JSON (%d): %s", resp.StatusCode, b)
	}
	return m
}

type req struct {
	method, path string
	body         any // marshalled to JSON and gzipped
	header       map[string]string
	noAuth       bool
}

func (v *env) do(r req) (*answer, map[string]any) {
	v.t.Helper()
	u := r.path
	if !strings.HasPrefix(u, "https://") {
		u = v.e.GraphURL() + r.path
	}
	var body io.Reader
	if r.body != nil {
		raw, ok := r.body.(string)
		if !ok {
			b, _ := json.Marshal(r.body)
			raw = string(b)
		}
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		if _, err := zw.Write([]byte(raw)); err != nil {
			v.t.Fatal(err)
		}
		zw.Close()
		body = &buf
	}
	hr, err := http.NewRequest(r.method, u, body)
	if err != nil {
		v.t.Fatal(err)
	}
	if r.body != nil {
		hr.Header.Set("Content-Type", "application/json")
		hr.Header.Set("Content-Encoding", "gzip")
	}
	if !r.noAuth {
		hr.Header.Set("Authorization", "Bearer "+v.token)
	}
	for k, val := range r.header {
		hr.Header.Set(k, val)
	}
	resp, err := v.client.Do(hr)
	if err != nil {
		v.t.Fatal(err)
	}
	m := decode(v.t, resp)
	return &answer{StatusCode: resp.StatusCode, Header: resp.Header}, m
}

func errCode(m map[string]any) string {
	e, _ := m["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func errMessage(m map[string]any) string {
	e, _ := m["error"].(map[string]any)
	c, _ := e["message"].(string)
	return c
}

const coll = "/beta/pfxRecryptionRequests"

func TestToken(t *testing.T) {
	v := newEnv(t, Config{})
	cfg := v.e.Config()
	scope := v.e.GraphURL() + "/.default openid offline_access profile"
	cases := []struct {
		name    string
		form    url.Values
		status  int
		errCode string
		aadsts  string
	}{
		{"ok", url.Values{"grant_type": {"client_credentials"}, "client_id": {cfg.ClientID}, "client_secret": {cfg.ClientSecret}, "scope": {scope}, "claims": {`{"access_token":{"xms_cc":{"values":["CP1"]}}}`}}, 200, "", ""},
		{"wrong secret", url.Values{"grant_type": {"client_credentials"}, "client_id": {cfg.ClientID}, "client_secret": {"nope"}, "scope": {scope}}, 401, "invalid_client", "AADSTS7000215"},
		{"unknown client", url.Values{"grant_type": {"client_credentials"}, "client_id": {"11111111-1111-1111-1111-111111111111"}, "client_secret": {"x"}, "scope": {scope}}, 400, "unauthorized_client", "AADSTS700016"},
		{"no secret", url.Values{"grant_type": {"client_credentials"}, "client_id": {cfg.ClientID}, "scope": {scope}}, 401, "invalid_client", "AADSTS7000216"},
		{"two resources", url.Values{"grant_type": {"client_credentials"}, "client_id": {cfg.ClientID}, "client_secret": {cfg.ClientSecret}, "scope": {scope + " https://localhost/.default"}}, 400, "invalid_scope", "AADSTS28000"},
		{"unknown resource", url.Values{"grant_type": {"client_credentials"}, "client_id": {cfg.ClientID}, "client_secret": {cfg.ClientSecret}, "scope": {"https://graph.microsoft.com/.default"}}, 400, "invalid_resource", "AADSTS500011"},
		{"bad grant", url.Values{"grant_type": {"password"}, "client_id": {cfg.ClientID}}, 400, "unsupported_grant_type", "AADSTS70003"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := v.e.TokenRequests()
			resp, body := v.tokenRequest(tc.form)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %v", resp.StatusCode, tc.status, body)
			}
			if tc.status == 200 {
				if body["token_type"] != "Bearer" || body["expires_in"].(float64) != 3599 || body["id_token"] != nil {
					t.Fatalf("body %v", body)
				}
				if v.e.TokenRequests() != before+1 {
					t.Fatal("token not counted")
				}
				return
			}
			if body["error"] != tc.errCode || !strings.HasPrefix(body["error_description"].(string), tc.aadsts+":") {
				t.Fatalf("body %v", body)
			}
			if !strings.Contains(body["error_description"].(string), "Trace ID: ") || body["correlation_id"] == "" {
				t.Fatalf("body %v", body)
			}
			if v.e.TokenRequests() != before {
				t.Fatal("failure counted")
			}
		})
	}

	t.Run("unknown tenant", func(t *testing.T) {
		resp, err := v.client.Get(v.e.AuthorityURL() + "/22222222-2222-2222-2222-222222222222/v2.0/.well-known/openid-configuration")
		if err != nil {
			t.Fatal(err)
		}
		body := decode(t, resp)
		if resp.StatusCode != 400 || !strings.HasPrefix(body["error_description"].(string), "AADSTS90002:") {
			t.Fatalf("%d %v", resp.StatusCode, body)
		}
	})
	t.Run("openid configuration", func(t *testing.T) {
		resp, err := v.client.Get(v.e.AuthorityURL() + "/" + cfg.TenantID + "/v2.0/.well-known/openid-configuration")
		if err != nil {
			t.Fatal(err)
		}
		body := decode(t, resp)
		base := v.e.AuthorityURL() + "/" + cfg.TenantID
		if body["token_endpoint"] != base+"/oauth2/v2.0/token" || body["issuer"] != base+"/v2.0" || body["authorization_endpoint"] == nil {
			t.Fatalf("%v", body)
		}
	})
	t.Run("claims", func(t *testing.T) {
		parts := strings.Split(v.token, ".")
		b, _ := base64.RawURLEncoding.DecodeString(parts[1])
		var c map[string]any
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatalf("claims: %v", err)
		}
		if c["aud"] != v.e.GraphURL() || c["tid"] != cfg.TenantID || c["appid"] != cfg.ClientID ||
			c["iss"] != "https://sts.windows.net/"+cfg.TenantID+"/" || fmt.Sprint(c["roles"]) != "["+RoleReadWrite+"]" {
			t.Fatalf("claims %v", c)
		}
	})
	t.Run("log redacts secret", func(t *testing.T) {
		for _, le := range v.e.Log() {
			if bytes.Contains(le.Body, []byte(cfg.ClientSecret)) {
				t.Fatalf("secret logged: %s", le.Body)
			}
		}
	})
}

func TestClientAssertion(t *testing.T) {
	v := newEnv(t, Config{})
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "app"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	cert, _ := x509.ParseCertificate(der)
	const appID = "33333333-3333-3333-3333-333333333333"
	v.e.RegisterApp(App{ClientID: appID, Certificates: []*x509.Certificate{cert}})

	endpoint := v.e.AuthorityURL() + "/" + v.e.Config().TenantID + "/oauth2/v2.0/token"
	sign := func(aud string) string {
		sum := sha256.Sum256(der)
		h, _ := json.Marshal(map[string]string{"alg": "PS256", "typ": "JWT", "x5t#S256": base64.RawURLEncoding.EncodeToString(sum[:])})
		c, _ := json.Marshal(map[string]any{"aud": aud, "iss": appID, "sub": appID, "jti": newGUID(), "nbf": time.Now().Unix(), "exp": time.Now().Add(5 * time.Minute).Unix()})
		s := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c)
		d := sha256.Sum256([]byte(s))
		sig, _ := rsa.SignPSS(rand.Reader, key, crypto.SHA256, d[:], nil)
		return s + "." + base64.RawURLEncoding.EncodeToString(sig)
	}
	form := func(assertion string) url.Values {
		return url.Values{"grant_type": {"client_credentials"}, "client_id": {appID}, "scope": {v.e.GraphURL() + "/.default"},
			"client_assertion_type": {jwtBearerAssertion}, "client_assertion": {assertion}}
	}
	if resp, body := v.tokenRequest(form(sign(endpoint))); resp.StatusCode != 200 {
		t.Fatalf("%d %v", resp.StatusCode, body)
	}
	if resp, body := v.tokenRequest(form(sign("https://elsewhere/token"))); resp.StatusCode != 400 {
		t.Fatalf("wrong audience accepted: %d %v", resp.StatusCode, body)
	}
	tampered := sign(endpoint)
	tampered = tampered[:len(tampered)-4] + "AAAA"
	if resp, body := v.tokenRequest(form(tampered)); resp.StatusCode != 401 {
		t.Fatalf("bad signature accepted: %d %v", resp.StatusCode, body)
	}
}

func TestGraphAuth(t *testing.T) {
	v := newEnv(t, Config{})
	other, _ := v.e.IssueToken(v.e.Config().ClientID, "https://localhost:1", time.Hour)
	expired, _ := v.e.IssueToken(v.e.Config().ClientID, v.e.GraphURL(), -time.Minute)
	slash, _ := v.e.IssueToken(v.e.Config().ClientID, v.e.GraphURL()+"/", time.Hour)
	v.e.RegisterApp(App{ClientID: "44444444-4444-4444-4444-444444444444", Roles: []string{}})
	noRole, _ := v.e.IssueToken("44444444-4444-4444-4444-444444444444", v.e.GraphURL(), time.Hour)
	cases := []struct {
		name   string
		auth   string
		status int
		msg    string
	}{
		{"none", "", 401, "Access token is empty."},
		{"garbage", "Bearer abc", 401, "CompactToken parsing failed"},
		{"audience", "Bearer " + other, 401, "Invalid audience"},
		{"expired", "Bearer " + expired, 401, "expired"},
		{"trailing slash audience", "Bearer " + slash, 200, ""},
		{"no role", "Bearer " + noRole, 403, "DeviceManagementConfiguration"},
		{"ok", "Bearer " + v.token, 200, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := map[string]string{}
			if tc.auth != "" {
				h["Authorization"] = tc.auth
			}
			resp, body := v.do(req{method: "GET", path: coll, header: h, noAuth: true})
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d: %v", resp.StatusCode, body)
			}
			if tc.status != 200 && !strings.Contains(errMessage(body), tc.msg) {
				t.Fatalf("message %q", errMessage(body))
			}
			if resp.Header.Get("request-id") == "" || resp.Header.Get("client-request-id") == "" || resp.Header.Get("x-ms-ags-diagnostic") == "" {
				t.Fatalf("headers %v", resp.Header)
			}
		})
	}
	for _, le := range v.e.Log() {
		if a := le.Header.Get("Authorization"); a != "" && a != "Bearer <redacted>" {
			t.Fatalf("authorization logged: %q", a)
		}
	}
}

func TestCRUD(t *testing.T) {
	v := newEnv(t, Config{})
	upper := "6B7C1D2E-3F40-4152-8364-75869708A9B0"
	resp, body := v.do(req{method: "POST", path: coll, body: map[string]any{
		"@odata.type": "#microsoft.graph.pfxRecryptionRequest",
		"userId":      upper,
		"thumbprint":  "ABC",
		"status":      1,
		"createdTime": "2026-01-02T03:04:05+01:00",
		"isDeleted":   nil,
		"id":          "ignored",
	}})
	if resp.StatusCode != 201 {
		t.Fatalf("create %d %v", resp.StatusCode, body)
	}
	id, _ := body["id"].(string)
	etag, _ := body["eTag"].(string)
	if !isGUID(id) || !strings.HasPrefix(etag, `W/"`) || body["userId"] != strings.ToLower(upper) {
		t.Fatalf("body %v", body)
	}
	if body["createdTime"] != "2026-01-02T02:04:05.0000000Z" || len(body["lastModifiedTime"].(string)) != 28 {
		t.Fatalf("times %v %v", body["createdTime"], body["lastModifiedTime"])
	}
	if _, ok := body["deviceId"]; !ok || body["deviceId"] != nil {
		t.Fatal("unset property not returned as null")
	}
	if body["@odata.context"] != v.e.GraphURL()+"/beta/$metadata#pfxRecryptionRequests/$entity" ||
		resp.Header.Get("Location") != v.e.GraphURL()+coll+"('"+id+"')" ||
		resp.Header.Get("Content-Type") != jsonContentType {
		t.Fatalf("context/location/type: %v %q %q", body["@odata.context"], resp.Header.Get("Location"), resp.Header.Get("Content-Type"))
	}

	for _, p := range []string{coll + "/" + id, coll + "/" + strings.ToUpper(id), coll + "('" + id + "')"} {
		if resp, body := v.do(req{method: "GET", path: p}); resp.StatusCode != 200 || body["eTag"] != etag {
			t.Fatalf("get %s: %d %v", p, resp.StatusCode, body)
		}
	}

	patch := map[string]any{"thumbprint": "DEF"}
	if resp, body := v.do(req{method: "PATCH", path: coll + "/" + id, body: patch, header: map[string]string{"If-Match": `W/"stale"`}}); resp.StatusCode != 412 || errCode(body) != "PreconditionFailed" {
		t.Fatalf("stale patch: %d %v", resp.StatusCode, body)
	}
	resp, body = v.do(req{method: "PATCH", path: coll + "/" + id, body: patch, header: map[string]string{"If-Match": etag}})
	if resp.StatusCode != 200 || body["thumbprint"] != "DEF" || body["eTag"] == etag || body["userId"] != strings.ToLower(upper) {
		t.Fatalf("patch: %d %v", resp.StatusCode, body)
	}
	etag2 := body["eTag"].(string)
	if resp, body := v.do(req{method: "PATCH", path: coll + "/" + id, body: map[string]any{"status": 2}, header: map[string]string{"If-Match": "*"}}); resp.StatusCode != 200 || body["eTag"] == etag2 {
		t.Fatalf("patch *: %d %v", resp.StatusCode, body)
	}
	if o, _ := v.e.Object(id); o["status"] != 2 || o["thumbprint"] != "DEF" {
		t.Fatalf("stored %v", o)
	}

	if resp, _ := v.do(req{method: "DELETE", path: coll + "/" + id, header: map[string]string{"If-Match": etag}}); resp.StatusCode != 412 {
		t.Fatalf("stale delete: %d", resp.StatusCode)
	}
	if resp, body := v.do(req{method: "DELETE", path: coll + "/" + id}); resp.StatusCode != 204 || body != nil {
		t.Fatalf("delete: %d %v", resp.StatusCode, body)
	}
	for _, r := range []req{
		{method: "GET", path: coll + "/" + id},
		{method: "PATCH", path: coll + "/" + id, body: patch},
		{method: "DELETE", path: coll + "/" + id},
	} {
		if resp, body := v.do(r); resp.StatusCode != 404 || errCode(body) != "ResourceNotFound" {
			t.Fatalf("%s after delete: %d %v", r.method, resp.StatusCode, body)
		}
	}
	if resp, body := v.do(req{method: "GET", path: "/beta/pfxRecryptionRequestz"}); resp.StatusCode != 400 || errMessage(body) != "Resource not found for the segment 'pfxRecryptionRequestz'." {
		t.Fatalf("segment: %d %v", resp.StatusCode, body)
	}
	if resp, body := v.do(req{method: "GET", path: coll + "/x/y"}); resp.StatusCode != 400 || !strings.Contains(errMessage(body), "'y'") {
		t.Fatalf("segment: %d %v", resp.StatusCode, body)
	}
}

func TestValidation(t *testing.T) {
	v := newEnv(t, Config{})
	cases := []struct {
		name string
		body any
		want string // substring of the message; "" means accepted
	}{
		{"unknown property", map[string]any{"foo": 1}, "The property 'foo' does not exist on type 'microsoft.graph.pfxRecryptionRequest'"},
		{"bad guid", map[string]any{"deviceId": "not-a-guid"}, "deviceId"},
		{"fraction", map[string]any{"status": 1.5}, "status"},
		{"string int", map[string]any{"sourceType": "1"}, "sourceType"},
		{"out of range", map[string]any{"status": 1 << 31}, "Edm.Int32"},
		{"bad time", map[string]any{"createdTime": "yesterday"}, "createdTime"},
		{"bool as string", map[string]any{"isDeleted": "true"}, "isDeleted"},
		{"wrong type", map[string]any{"@odata.type": "#microsoft.graph.user"}, "could not be resolved"},
		{"invalid JSON", "{not json", "Invalid JSON"},
		{"array", "[]", "JSON object"},
		{"empty", " ", "Empty Payload"},
		{"nulls", map[string]any{"userId": nil, "status": nil, "thumbprint": nil}, ""},
		{"max int32", map[string]any{"status": 1<<31 - 1, "sourceType": -1 << 31}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := v.do(req{method: "POST", path: coll, body: tc.body})
			if tc.want == "" {
				if resp.StatusCode != 201 {
					t.Fatalf("%d %v", resp.StatusCode, body)
				}
				return
			}
			if resp.StatusCode != 400 || errCode(body) != "BadRequest" || !strings.Contains(errMessage(body), tc.want) {
				t.Fatalf("%d %v", resp.StatusCode, body)
			}
		})
	}
}

func ids(t *testing.T, body map[string]any) []string {
	t.Helper()
	vals, ok := body["value"].([]any)
	if !ok {
		t.Fatalf("no value: %v", body)
	}
	var out []string
	for _, x := range vals {
		out = append(out, x.(map[string]any)["id"].(string))
	}
	return out
}

func TestListFilter(t *testing.T) {
	v := newEnv(t, Config{})
	u1, u2 := "aaaaaaaa-0000-0000-0000-000000000001", "aaaaaaaa-0000-0000-0000-000000000002"
	v.e.Create(map[string]any{"id": "10000000-0000-0000-0000-000000000001", "userId": u1, "thumbprint": "O'Brien", "status": 1, "isDeleted": false})
	v.e.Create(map[string]any{"id": "10000000-0000-0000-0000-000000000002", "userId": u1, "thumbprint": "plain", "status": 2, "isDeleted": true})
	v.e.Create(map[string]any{"id": "10000000-0000-0000-0000-000000000003", "userId": u2, "thumbprint": "plain", "status": 2})
	cases := []struct {
		query  string
		status int
		want   string // ids' last digits
	}{
		{"", 200, "123"},
		{"$filter=thumbprint eq 'O''Brien'", 200, "1"},
		{"$filter=userId eq " + strings.ToUpper(u1), 200, "12"},
		{"filter=userId eq '" + u2 + "'", 200, "3"},
		{"$filter=status eq 2 and isDeleted eq true", 200, "2"},
		{"$filter=(status eq 2) and (thumbprint eq 'plain' and userId eq " + u2 + ")", 200, "3"},
		{"$filter=isDeleted eq null", 200, "3"},
		{"$filter=status ne 2", 200, "1"},
		{"$top=2", 200, "12"},
		{"$skip=1&$top=1", 200, "2"},
		{"$filter=status gt 1", 400, ""},
		{"$filter=status eq 'x'", 400, ""},
		{"$filter=thumbprint eq plain", 400, ""},
		{"$filter=status eq 1 or status eq 2", 400, ""},
		{"$filter=startswith(thumbprint,'p')", 400, ""},
		{"$filter=nope eq 1", 400, ""},
		{"$filter=thumbprint eq 'x", 400, ""},
		{"$select=thumbprint,nope", 400, ""},
		{"$top=-1", 400, ""},
		{"$expand=x", 400, ""},
		{"$bogus=1", 400, ""},
		{"custom=1", 200, "123"},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			resp, body := v.do(req{method: "GET", path: coll + "?" + (&url.URL{RawQuery: tc.query}).Query().Encode()})
			if resp.StatusCode != tc.status {
				t.Fatalf("%d %v", resp.StatusCode, body)
			}
			if tc.status != 200 {
				if errCode(body) != "BadRequest" || errMessage(body) == "" {
					t.Fatalf("%v", body)
				}
				return
			}
			got := ""
			for _, id := range ids(t, body) {
				got += id[len(id)-1:]
			}
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}

	t.Run("select and count", func(t *testing.T) {
		_, body := v.do(req{method: "GET", path: coll + "?$select=thumbprint,status&$count=true&$filter=status%20eq%202"})
		if body["@odata.count"] != 2.0 || body["@odata.context"] != v.e.GraphURL()+"/beta/$metadata#pfxRecryptionRequests(id,thumbprint,status)" {
			t.Fatalf("%v", body)
		}
		item := body["value"].([]any)[0].(map[string]any)
		if len(item) != 3 || item["thumbprint"] != "plain" {
			t.Fatalf("%v", item)
		}
		_, body = v.do(req{method: "GET", path: coll + "/10000000-0000-0000-0000-000000000001?select=isDeleted"})
		if len(body) != 3 || body["isDeleted"] != false {
			t.Fatalf("%v", body)
		}
	})
}

func TestPaging(t *testing.T) {
	v := newEnv(t, Config{PageSize: 1})
	for i := 0; i < 5; i++ {
		v.e.Create(map[string]any{"status": i % 2})
	}
	follow := func(path string, header map[string]string) (pages int, got []string) {
		for next := path; next != ""; pages++ {
			resp, body := v.do(req{method: "GET", path: next, header: header})
			if resp.StatusCode != 200 {
				t.Fatalf("%d %v", resp.StatusCode, body)
			}
			got = append(got, ids(t, body)...)
			next, _ = body["@odata.nextLink"].(string)
			if next != "" && !strings.HasPrefix(next, v.e.GraphURL()+coll+"?") {
				t.Fatalf("nextLink %q", next)
			}
		}
		return
	}
	if pages, got := follow(coll, nil); pages != 5 || len(got) != 5 {
		t.Fatalf("%d pages, %d items", pages, len(got))
	}
	if pages, got := follow(coll+"?$filter=status%20eq%200", nil); pages != 3 || len(got) != 3 {
		t.Fatalf("filtered: %d pages, %d items", pages, len(got))
	}
	if pages, got := follow(coll+"?$top=3", nil); pages != 3 || len(got) != 3 {
		t.Fatalf("top: %d pages, %d items", pages, len(got))
	}
	if pages, got := follow(coll, map[string]string{"Prefer": "odata.maxpagesize=2"}); pages != 3 || len(got) != 5 {
		t.Fatalf("prefer: %d pages, %d items", pages, len(got))
	}
}

// TestListLarge: 5,000 objects come back whole, each once, over pages.
func TestListLarge(t *testing.T) {
	v := newEnv(t, Config{})
	for i := 0; i < 5000; i++ {
		v.e.Create(map[string]any{"status": i})
	}
	seen := map[string]bool{}
	pages := 0
	for next := coll; next != ""; pages++ {
		_, body := v.do(req{method: "GET", path: next})
		for _, o := range body["value"].([]any) {
			id := o.(map[string]any)["id"].(string)
			if seen[id] {
				t.Fatalf("object %s listed twice", id)
			}
			seen[id] = true
		}
		next, _ = body["@odata.nextLink"].(string)
	}
	if len(seen) != 5000 || pages < 2 {
		t.Fatalf("listed %d objects in %d pages, want 5000 over several pages", len(seen), pages)
	}
}

// BenchmarkListLarge pages through 5,000 objects, as the acceptance tests'
// large lists do; the time per op is one whole listing.
//
//	go test -run '^$' -bench ListLarge ./internal/emulator/
func BenchmarkListLarge(b *testing.B) {
	v := newEnv(b, Config{})
	for i := 0; i < 5000; i++ {
		v.e.Create(map[string]any{"status": i})
	}
	for b.Loop() {
		n := 0
		for next := coll; next != ""; {
			_, body := v.do(req{method: "GET", path: next})
			n += len(body["value"].([]any))
			next, _ = body["@odata.nextLink"].(string)
		}
		if n != 5000 {
			b.Fatalf("listed %d", n)
		}
	}
}

func TestFaults(t *testing.T) {
	v := newEnv(t, Config{})
	t.Run("429 once", func(t *testing.T) {
		v.e.AddFault(Fault{Status: 429, RetryAfter: "1", Count: 1, PathPrefix: coll})
		resp, body := v.do(req{method: "GET", path: coll})
		if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "1" || errCode(body) != "TooManyRequests" {
			t.Fatalf("%d %v %v", resp.StatusCode, resp.Header, body)
		}
		if resp, _ := v.do(req{method: "GET", path: coll}); resp.StatusCode != 200 {
			t.Fatalf("second: %d", resp.StatusCode)
		}
		if v.e.FaultsInjected()["status-429"] != 1 {
			t.Fatalf("%v", v.e.FaultsInjected())
		}
	})
	t.Run("504 after commit", func(t *testing.T) {
		v.e.Reset()
		v.e.AddFault(Fault{Method: "POST", Status: 504, AfterCommit: true, Count: 1})
		resp, body := v.do(req{method: "POST", path: coll, body: map[string]any{"thumbprint": "x"}})
		if resp.StatusCode != 504 || errCode(body) != "GatewayTimeout" {
			t.Fatalf("%d %v", resp.StatusCode, body)
		}
		if objs := v.e.Objects(); len(objs) != 1 || objs[0]["thumbprint"] != "x" {
			t.Fatalf("objects %v", objs)
		}
	})
	t.Run("raw body", func(t *testing.T) {
		v.e.AddFault(Fault{Status: 502, Body: "<html>bad gateway</html>", Count: 1})
		resp, err := v.client.Get(v.e.GraphURL() + coll)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 502 || string(b) != "<html>bad gateway</html>" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("%d %q", resp.StatusCode, b)
		}
	})
	for _, h1 := range []bool{false, true} {
		t.Run(fmt.Sprintf("reset http1=%v", h1), func(t *testing.T) {
			w := newEnv(t, Config{DisableHTTP2: h1})
			w.e.AddFault(Fault{Method: "POST", Reset: true, AfterCommit: true, Count: 1})
			hr, _ := http.NewRequest("POST", w.e.GraphURL()+coll, strings.NewReader(`{"thumbprint":"r"}`))
			hr.Header.Set("Authorization", "Bearer "+w.token)
			hr.Header.Set("Content-Type", "application/json")
			if resp, err := w.client.Do(hr); err == nil {
				resp.Body.Close()
				t.Fatalf("got %d, want a connection error", resp.StatusCode)
			}
			if len(w.e.Objects()) != 1 {
				t.Fatal("operation not committed")
			}
			if resp, _ := w.do(req{method: "GET", path: coll}); resp.StatusCode != 200 {
				t.Fatalf("after reset: %d", resp.StatusCode)
			}
			if f := w.e.Log()[1].Fault; f != "reset-after-commit" {
				t.Fatalf("logged fault %q", f)
			}
		})
	}
	t.Run("rate is reproducible", func(t *testing.T) {
		pattern := func() string {
			w := newEnv(t, Config{Seed: 42})
			w.e.AddFault(Fault{Status: 503, Rate: 0.5})
			s := ""
			for i := 0; i < 20; i++ {
				resp, _ := w.do(req{method: "GET", path: coll})
				s += fmt.Sprint(resp.StatusCode / 100)
			}
			return s
		}
		a, b := pattern(), pattern()
		if a != b || !strings.Contains(a, "2") || !strings.Contains(a, "5") {
			t.Fatalf("%s vs %s", a, b)
		}
	})
}

func TestLatencyAndConsistency(t *testing.T) {
	v := newEnv(t, Config{})
	v.e.SetLatency(150 * time.Millisecond)
	start := time.Now()
	v.do(req{method: "GET", path: coll})
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Fatalf("latency not applied: %s", d)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	hr, _ := http.NewRequestWithContext(ctx, "GET", v.e.GraphURL()+coll, nil)
	if resp, err := v.client.Do(hr); err == nil {
		resp.Body.Close()
		t.Fatal("expected a timeout")
	}
	v.e.SetLatency(0)

	v.e.SetBehavior(Behavior{ReadAfterWriteMisses: 2})
	_, body := v.do(req{method: "POST", path: coll, body: map[string]any{}})
	id := body["id"].(string)
	for i := 0; i < 2; i++ {
		if resp, _ := v.do(req{method: "GET", path: coll + "/" + id}); resp.StatusCode != 404 {
			t.Fatalf("read %d after the write: %d, want 404", i+1, resp.StatusCode)
		}
	}
	if resp, _ := v.do(req{method: "GET", path: coll + "/" + id}); resp.StatusCode != 200 {
		t.Fatalf("not visible: %d", resp.StatusCode)
	}
	// Each write hides the object again.
	v.do(req{method: "PATCH", path: coll + "/" + id, body: map[string]any{"status": 1}})
	if resp, _ := v.do(req{method: "GET", path: coll + "/" + id}); resp.StatusCode != 404 {
		t.Fatalf("read after the update: %d, want 404", resp.StatusCode)
	}
}

func TestPatchNoContentAndOutOfBand(t *testing.T) {
	v := newEnv(t, Config{})
	o := v.e.Create(map[string]any{"thumbprint": "a", "createdTime": time.Date(2025, 1, 2, 3, 4, 5, 123456789, time.UTC)})
	id := o["id"].(string)
	if o["createdTime"] != "2025-01-02T03:04:05.1234567Z" {
		t.Fatalf("%v", o["createdTime"])
	}
	v.e.SetPatchReturnsNoContent(true)
	if resp, body := v.do(req{method: "PATCH", path: coll + "/" + id, body: map[string]any{"thumbprint": "b"}}); resp.StatusCode != 204 || body != nil {
		t.Fatalf("%d %v", resp.StatusCode, body)
	}
	before, _ := v.e.Object(id)
	if !v.e.Update(id, map[string]any{"thumbprint": nil}) || v.e.Update("missing", nil) {
		t.Fatal("update")
	}
	after, _ := v.e.Object(id)
	if after["thumbprint"] != nil || after["eTag"] == before["eTag"] {
		t.Fatalf("%v", after)
	}
	if !v.e.Remove(id) || v.e.Remove(id) {
		t.Fatal("remove")
	}
}

func TestConcurrentCreates(t *testing.T) {
	v := newEnv(t, Config{})
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, body := v.do(req{method: "POST", path: coll, body: map[string]any{"status": 1}})
			if resp.StatusCode != 201 {
				t.Errorf("%d %v", resp.StatusCode, body)
			}
		}()
	}
	wg.Wait()
	if n := len(v.e.Objects()); n != 20 {
		t.Fatalf("%d objects", n)
	}
}

func TestDefaultsAndExtras(t *testing.T) {
	v := newEnv(t, Config{})
	cfg := v.e.Config()
	if cfg.TenantID != DefaultTenantID || cfg.ClientID != DefaultClientID || cfg.ClientSecret != DefaultClientSecret ||
		cfg.PageSize != DefaultPageSize || cfg.TokenLifetime != time.Hour {
		t.Fatalf("%+v", cfg)
	}
	if b, err := os.ReadFile(v.e.CACertFile()); err != nil || !bytes.Equal(b, v.e.CACertPEM()) {
		t.Fatalf("CA file: %v", err)
	}
	v.e.Create(map[string]any{"status": 7})
	v.e.Create(map[string]any{"status": 8})
	resp, err := v.client.Do(func() *http.Request {
		r, _ := http.NewRequest("GET", v.e.GraphURL()+coll+"/$count?$filter=status%20eq%207", nil)
		r.Header.Set("Authorization", "Bearer "+v.token)
		return r
	}())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(b) != "1" || resp.ProtoMajor != 2 {
		t.Fatalf("$count: %d %q %s", resp.StatusCode, b, resp.Proto)
	}
	resp, err = v.client.Get(v.e.GraphURL() + "/beta/$metadata")
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(b, []byte(`<Property Name="sourceType" Type="Edm.Int32" />`)) {
		t.Fatalf("$metadata: %d %s", resp.StatusCode, b)
	}
	file := v.e.CACertFile()
	v.e.Close()
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Fatalf("CA file left behind: %v", err)
	}
}

func TestExtraHost(t *testing.T) {
	v := newEnv(t, Config{ExtraHosts: []string{"graph.microsoft.us"}})
	cfg := v.e.Config()
	resp, body := v.tokenRequest(url.Values{"grant_type": {"client_credentials"}, "client_id": {cfg.ClientID},
		"client_secret": {cfg.ClientSecret}, "scope": {"https://graph.microsoft.us/.default"}})
	if resp.StatusCode != 200 {
		t.Fatalf("%d %v", resp.StatusCode, body)
	}
	// route the national host to the Graph listener, as a proxy would
	graphAddr := strings.TrimPrefix(v.e.GraphURL(), "https://")
	tr := v.client.Transport.(*http.Transport).Clone()
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, graphAddr)
	}
	v.client = &http.Client{Transport: tr}
	for _, tc := range []struct {
		token  string
		status int
	}{{body["access_token"].(string), 200}, {v.token, 401}} {
		v.token = tc.token
		resp, body := v.do(req{method: "GET", path: "https://graph.microsoft.us" + coll})
		if resp.StatusCode != tc.status {
			t.Fatalf("%d %v", resp.StatusCode, body)
		}
		if tc.status == 200 && body["@odata.context"] != "https://graph.microsoft.us/beta/$metadata#pfxRecryptionRequests" {
			t.Fatalf("%v", body)
		}
	}
}

// TestBehaviorSwitches: each switch changes what a create or update answers.
func TestBehaviorSwitches(t *testing.T) {
	v := newEnv(t, Config{})
	three := 3
	v.e.SetBehavior(Behavior{ThumbprintCase: "upper", CreateStatus: &three, CreateAnswerStatus: 200})
	resp, body := v.do(req{method: "POST", path: coll, body: map[string]any{"thumbprint": "ab'cd", "deviceKeyThumbprint": "ef", "status": 1}})
	if resp.StatusCode != 200 || body["thumbprint"] != "AB'CD" || body["deviceKeyThumbprint"] != "EF" || body["status"] != float64(3) {
		t.Fatalf("%d %v; want 200, upper-case thumbprints, status 3", resp.StatusCode, body)
	}
	id := body["id"].(string)
	v.e.SetBehavior(Behavior{ThumbprintCase: "lower", ClockSkew: -time.Hour})
	if _, body := v.do(req{method: "PATCH", path: coll + "/" + id, body: map[string]any{"deviceKeyThumbprint": "GH"}}); body["deviceKeyThumbprint"] != "gh" {
		t.Fatalf("%v; want the patched thumbprint in lower case", body)
	} else if m, err := time.Parse(time.RFC3339Nano, body["lastModifiedTime"].(string)); err != nil || time.Since(m) < 50*time.Minute {
		t.Fatalf("lastModifiedTime %v, want the clock an hour behind", body["lastModifiedTime"])
	}
	v.e.SetBehavior(Behavior{})
	if resp, body := v.do(req{method: "POST", path: coll, body: map[string]any{"thumbprint": "Ab", "status": 1}}); resp.StatusCode != 201 || body["thumbprint"] != "Ab" || body["status"] != float64(1) {
		t.Fatalf("%d %v; want the default behaviour back", resp.StatusCode, body)
	}
}

// TestCreateAnswerDelay: the object is stored at once; a client that gives up
// on the answer leaves it behind, as a real service would.
func TestCreateAnswerDelay(t *testing.T) {
	v := newEnv(t, Config{})
	stored := make(chan string, 1)
	v.e.SetBehavior(Behavior{CreateAnswerDelay: time.Hour, OnCreate: func(id string) { stored <- id }})
	ctx, cancel := context.WithCancel(context.Background())
	hr, _ := http.NewRequestWithContext(ctx, "POST", v.e.GraphURL()+coll, strings.NewReader(`{"thumbprint":"late"}`))
	hr.Header.Set("Authorization", "Bearer "+v.token)
	hr.Header.Set("Content-Type", "application/json")
	done := make(chan error, 1)
	go func() {
		resp, err := v.client.Do(hr)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	id := <-stored
	cancel()
	if err := <-done; err == nil {
		t.Fatal("the delayed answer arrived")
	}
	if o, ok := v.e.Object(id); !ok || o["thumbprint"] != "late" {
		t.Fatalf("the object the create stored is gone: %v", o)
	}
}
