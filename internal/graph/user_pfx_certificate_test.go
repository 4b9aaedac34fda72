package graph

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	jsonserialization "github.com/microsoft/kiota-serialization-json-go"
)

func TestUserPfxSerialize(t *testing.T) {
	m := NewUserPFXCertificate()
	upn, thumb, prov, key, pw := "alice@contoso.com", "0a1b", "Microsoft Software Key Storage Provider", "PFXEncryptionKey", "ZW5j"
	purpose, padding := UserPfxIntendedPurposeSmimeSigning, UserPfxPaddingSchemeOaepSha384
	start := time.Date(2026, 1, 2, 3, 4, 5, 123456700, time.UTC)
	end := time.Date(2027, 1, 2, 3, 4, 5, 0, time.FixedZone("", 3600))
	id := "server-id"
	m.SetId(&id)
	m.SetCreatedDateTime(&start)
	m.SetUserPrincipalName(&upn)
	m.SetThumbprint(&thumb)
	m.SetProviderName(&prov)
	m.SetKeyName(&key)
	m.SetIntendedPurpose(&purpose)
	m.SetPaddingScheme(&padding)
	m.SetStartDateTime(&start)
	m.SetExpirationDateTime(&end)
	m.SetEncryptedPfxBlob([]byte{0x30, 0x82, 0xff, 0x00})
	m.SetEncryptedPfxPassword(&pw)

	got := toJSON(t, m)
	want := map[string]any{
		"userPrincipalName":    upn,
		"thumbprint":           thumb,
		"providerName":         prov,
		"keyName":              key,
		"intendedPurpose":      "smimeSigning", // by name, not the module's integer
		"paddingScheme":        "oaepSha384",
		"startDateTime":        "2026-01-02T03:04:05.1234567Z", // the fraction survives
		"expirationDateTime":   "2027-01-02T03:04:05+01:00",
		"encryptedPfxBlob":     "MIL/AA==", // standard base64 of the bytes
		"encryptedPfxPassword": pw,
	}
	if len(got) != len(want) {
		t.Errorf("got %v, want exactly %v (no id, no service-owned dates)", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %#v, want %#v", k, got[k], v)
		}
	}
}

func TestUserPfxParse(t *testing.T) {
	body := `{"@odata.type":"#microsoft.graph.userPFXCertificate","id":"5ffff976dffffe49affff8978fffff25-0ffff8962ffffdea9ffff8e83ffff1d83ffff6ae",
	  "thumbprint":"0ffff8962ffffdea9ffff8e83ffff1d83ffff6ae","intendedPurpose":"smimeEncryption","userPrincipalName":"a@b.c",
	  "startDateTime":"2016-12-31T23:58:46.7156189-08:00","expirationDateTime":"2017-01-01T00:00:00Z","providerName":"P","keyName":"K",
	  "paddingScheme":"oaepSha512","encryptedPfxBlob":"AA==","encryptedPfxPassword":"","createdDateTime":"2017-01-01T00:00:01.5Z",
	  "lastModifiedDateTime":"2017-01-01T00:00:02Z","futureProperty":1}`
	node, err := jsonserialization.NewJsonParseNode([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	v, err := node.GetObjectValue(CreateUserPFXCertificateFromDiscriminatorValue)
	if err != nil {
		t.Fatal(err)
	}
	m := v.(UserPFXCertificateable)
	checks := []struct {
		name      string
		got, want any
	}{
		{"id", *m.GetId(), "5ffff976dffffe49affff8978fffff25-0ffff8962ffffdea9ffff8e83ffff1d83ffff6ae"},
		{"intendedPurpose", *m.GetIntendedPurpose(), UserPfxIntendedPurposeSmimeEncryption},
		{"paddingScheme", *m.GetPaddingScheme(), UserPfxPaddingSchemeOaepSha512},
		{"startDateTime", m.GetStartDateTime().UTC().Format(time.RFC3339Nano), "2017-01-01T07:58:46.7156189Z"},
		{"createdDateTime", m.GetCreatedDateTime().UTC().Format(time.RFC3339Nano), "2017-01-01T00:00:01.5Z"},
		{"encryptedPfxBlob", fmt.Sprintf("%d", m.GetEncryptedPfxBlob()), "[0]"},
		{"encryptedPfxPassword", *m.GetEncryptedPfxPassword(), ""},
		{"keyName", *m.GetKeyName(), "K"},
		{"userPrincipalName", *m.GetUserPrincipalName(), "a@b.c"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}

	bad, _ := jsonserialization.NewJsonParseNode([]byte(`{"id":"x","startDateTime":"yesterday"}`))
	if _, err := bad.GetObjectValue(CreateUserPFXCertificateFromDiscriminatorValue); err == nil || !strings.Contains(err.Error(), "startDateTime") {
		t.Errorf("a bad date: got %v, want an error naming startDateTime", err)
	}
}

// TestUserPfxClient drives the client against a scripted service: the create
// URL and a 200 answer taken as success, and a $filter list over two pages.
func TestUserPfxClient(t *testing.T) {
	var seen []string
	mux := http.NewServeMux()
	mux.HandleFunc("/beta/deviceManagement/userPfxCertificates", func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Method+" "+r.URL.RequestURI())
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodPost:
			b := requestBody(t, r)
			if !strings.Contains(b, `"encryptedPfxBlob":"AQI="`) {
				t.Errorf("create body %s", b)
			}
			fmt.Fprint(w, `{"id":"u-t","thumbprint":"t"}`) // 200, not 201
		case r.URL.Query().Get("$skiptoken") == "":
			fmt.Fprintf(w, `{"value":[{"id":"a"}],"@odata.nextLink":"http://%s/beta/deviceManagement/userPfxCertificates?$skiptoken=2"}`, r.Host)
		default:
			fmt.Fprint(w, `{"value":[{"id":"b"}]}`)
		}
	})
	mux.HandleFunc("/beta/deviceManagement/userPfxCertificates/u-t", func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Method+" "+r.URL.RequestURI())
		if r.Method == http.MethodDelete {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"u-t"}`)
	})
	c := newTestClient(t, mux)
	ctx := context.Background()
	body := NewUserPFXCertificate()
	body.SetEncryptedPfxBlob([]byte{1, 2})
	got, err := c.UserPfxCertificateSet().Create(ctx, body)
	if err != nil || *got.GetId() != "u-t" {
		t.Fatalf("create: %v", err)
	}
	if _, err := c.UserPfxCertificateSet().Get(ctx, "u-t"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UserPfxCertificateSet().Update(ctx, "u-t", "", NewUserPFXCertificate()); err != nil {
		t.Fatal(err)
	}
	if err := c.UserPfxCertificateSet().Delete(ctx, "u-t", ""); err != nil {
		t.Fatal(err)
	}
	var ids []string
	err = c.UserPfxCertificateSet().List(ctx, ListOptions{Filter: "tolower(thumbprint) eq 't'"}, func(o UserPFXCertificateable) bool {
		ids = append(ids, *o.GetId())
		return true
	})
	if err != nil || strings.Join(ids, ",") != "a,b" {
		t.Fatalf("list: %v %v", ids, err)
	}
	want := []string{
		"POST /beta/deviceManagement/userPfxCertificates",
		"GET /beta/deviceManagement/userPfxCertificates/u-t",
		"PATCH /beta/deviceManagement/userPfxCertificates/u-t",
		"DELETE /beta/deviceManagement/userPfxCertificates/u-t",
		"GET /beta/deviceManagement/userPfxCertificates?$filter=tolower%28thumbprint%29%20eq%20%27t%27",
		"GET /beta/deviceManagement/userPfxCertificates?$skiptoken=2",
	}
	if strings.Join(seen, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(seen, "\n"), strings.Join(want, "\n"))
	}
}
