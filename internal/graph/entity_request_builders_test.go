package graph

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// TestEntityBuildersWire pins what both entity sets send for every
// operation: method, path and query, the headers the client sets and the
// body, so a change of builder cannot change a byte on the wire.
func TestEntityBuildersWire(t *testing.T) {
	var seen []string
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := requestBody(t, r)
		seen = append(seen, fmt.Sprintf("%s %s accept=%q content-type=%q if-match=%q prefer=%q body=%s",
			r.Method, r.URL.RequestURI(), r.Header.Get("Accept"), r.Header.Get("Content-Type"),
			r.Header.Get("If-Match"), r.Header.Get("Prefer"), b))
		switch {
		case r.Method == http.MethodDelete:
			w.WriteHeader(http.StatusNoContent)
		case r.Method == http.MethodGet && !strings.HasSuffix(r.URL.Path, "/x-1") && r.URL.Query().Get("$skiptoken") == "":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"value":[{"id":"a"}],"@odata.nextLink":"http://%s%s?$skiptoken=2"}`, r.Host, r.URL.Path)
		case r.Method == http.MethodGet && !strings.HasSuffix(r.URL.Path, "/x-1"):
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"value":[{"id":"b"}]}`)
		default:
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"id":"x-1"}`)
		}
	})
	c := newTestClient(t, handler)
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	all := func(string) bool { return true }
	id := func(o interface{ GetId() *string }) string { return *o.GetId() }

	p := NewPfxRecryptionRequest()
	u := uuid.MustParse("11111111-2222-3333-4444-555555555555")
	p.SetUserId(&u)
	_, err := c.PfxRecryptionRequestSet().Create(ctx, p)
	must(err)
	_, err = c.PfxRecryptionRequestSet().Get(ctx, "x-1")
	must(err)
	_, err = c.PfxRecryptionRequestSet().Update(ctx, "x-1", `W/"7"`, p)
	must(err)
	must(c.PfxRecryptionRequestSet().Delete(ctx, "x-1", `W/"8"`))
	must(c.PfxRecryptionRequestSet().List(ctx, ListOptions{Filter: "userId eq 'u'", Top: 5, MaxPageSize: 3},
		func(o PfxRecryptionRequestable) bool { return all(id(o)) }))

	q := NewUserPFXCertificate()
	q.SetEncryptedPfxBlob([]byte{1, 2})
	_, err = c.UserPfxCertificateSet().Create(ctx, q)
	must(err)
	_, err = c.UserPfxCertificateSet().Get(ctx, "x-1")
	must(err)
	_, err = c.UserPfxCertificateSet().Update(ctx, "x-1", "", q)
	must(err)
	must(c.UserPfxCertificateSet().Delete(ctx, "x-1", ""))
	must(c.UserPfxCertificateSet().List(ctx, ListOptions{Filter: "thumbprint eq 't'", Top: 4},
		func(o UserPFXCertificateable) bool { return all(id(o)) }))

	want := []string{
		`POST /beta/pfxRecryptionRequests accept="application/json" content-type="application/json" if-match="" prefer="" body={"userId":"11111111-2222-3333-4444-555555555555"}`,
		`GET /beta/pfxRecryptionRequests/x-1 accept="application/json" content-type="" if-match="" prefer="" body=`,
		`PATCH /beta/pfxRecryptionRequests/x-1 accept="application/json" content-type="application/json" if-match="W/\"7\"" prefer="" body={"userId":"11111111-2222-3333-4444-555555555555"}`,
		`DELETE /beta/pfxRecryptionRequests/x-1 accept="application/json" content-type="" if-match="W/\"8\"" prefer="" body=`,
		`GET /beta/pfxRecryptionRequests?$filter=userId%20eq%20%27u%27&$top=5 accept="application/json" content-type="" if-match="" prefer="odata.maxpagesize=3" body=`,
		`GET /beta/pfxRecryptionRequests?$skiptoken=2 accept="application/json" content-type="" if-match="" prefer="odata.maxpagesize=3" body=`,
		`POST /beta/deviceManagement/userPfxCertificates accept="application/json" content-type="application/json" if-match="" prefer="" body={"encryptedPfxBlob":"AQI="}`,
		`GET /beta/deviceManagement/userPfxCertificates/x-1 accept="application/json" content-type="" if-match="" prefer="" body=`,
		`PATCH /beta/deviceManagement/userPfxCertificates/x-1 accept="application/json" content-type="application/json" if-match="" prefer="" body={"encryptedPfxBlob":"AQI="}`,
		`DELETE /beta/deviceManagement/userPfxCertificates/x-1 accept="application/json" content-type="" if-match="" prefer="" body=`,
		`GET /beta/deviceManagement/userPfxCertificates?$filter=thumbprint%20eq%20%27t%27&$top=4 accept="application/json" content-type="" if-match="" prefer="" body=`,
		`GET /beta/deviceManagement/userPfxCertificates?$skiptoken=2 accept="application/json" content-type="" if-match="" prefer="" body=`,
	}
	if got := strings.Join(seen, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("requests:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}
