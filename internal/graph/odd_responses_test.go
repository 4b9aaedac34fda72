package graph

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

// answer is one canned HTTP response.
type answer struct {
	status      int
	contentType string
	body        string
	header      map[string]string
}

func (a answer) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	for k, v := range a.header {
		w.Header().Set(k, v)
	}
	if a.contentType != "" {
		w.Header().Set("Content-Type", a.contentType)
	}
	w.WriteHeader(a.status)
	_, _ = w.Write([]byte(a.body))
}

const jsonType = "application/json; charset=utf-8"

// TestOddResponses sends each odd answer through the real client: every one
// must come back as a *Error naming the status, and Graph's code and
// request-id when the answer has them, never as a panic or an object without
// an id.
func TestOddResponses(t *testing.T) {
	rid := map[string]string{"request-id": "rid-1234", "client-request-id": "crid-5678"}
	cases := []struct {
		name string
		op   string // read or create
		a    answer
		want []string // substrings of the message
	}{
		{"html 502", "read", answer{502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>", rid},
			[]string{"HTTP 502", "502 Bad Gateway", "request-id rid-1234"}},
		{"empty 500 json", "read", answer{500, jsonType, "", rid},
			[]string{"HTTP 500", "request-id rid-1234"}},
		{"empty 400 no type", "read", answer{400, "", "", nil},
			[]string{"HTTP 400", "no response body"}},
		{"invalid json", "read", answer{400, jsonType, `{"error":{"code":"BadRequest","message":`, rid},
			[]string{"HTTP 400", "request-id rid-1234", `{"error":{"code":"BadRequest","message":`}},
		{"error without message", "read", answer{409, jsonType, `{"error":{"code":"Conflict"}}`, rid},
			[]string{"HTTP 409", "code Conflict", "request-id rid-1234"}},
		{"error without error", "read", answer{403, jsonType, `{"unexpected":true}`, nil},
			[]string{"HTTP 403", `{"unexpected":true}`}},
		{"odd innerError date", "read", answer{404, jsonType,
			`{"error":{"code":"ResourceNotFound","message":"gone","innerError":{"date":"22/01/2025 19:17","request-id":"rid-inner"}}}`, nil},
			[]string{"HTTP 404", "code ResourceNotFound", "gone", "request-id rid-inner"}},
		{"request-id only in body", "read", answer{400, jsonType,
			`{"error":{"code":"BadRequest","message":"no","innerError":{"date":"2025-01-22T19:17:04","request-id":"rid-body","client-request-id":"crid-body"}}}`, nil},
			[]string{"code BadRequest", "request-id rid-body", "client-request-id crid-body"}},
		{"201 without id", "create", answer{201, jsonType, `{"thumbprint":"AA"}`, rid},
			[]string{"HTTP 201", "no id", "request-id rid-1234"}},
		{"201 empty", "create", answer{201, jsonType, ``, rid},
			[]string{"HTTP 201", "request-id rid-1234"}},
		{"200 without id", "read", answer{200, jsonType, `{"id":"","thumbprint":"AA"}`, rid},
			[]string{"HTTP 200", "no id"}},
		{"wrong field type", "read", answer{200, jsonType, `{"id":"x","status":"high"}`, rid},
			[]string{"HTTP 200", "decode", "request-id rid-1234"}},
		{"wrong guid", "read", answer{200, jsonType, `{"id":"x","userId":"not-a-guid"}`, rid},
			[]string{"HTTP 200", "decode"}},
		{"array instead of object", "read", answer{200, jsonType, `[1,2]`, rid},
			[]string{"HTTP 200"}},
		{"200 html", "read", answer{200, "text/html", `<html>login</html>`, rid},
			[]string{"HTTP 200", "request-id rid-1234"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestClient(t, tc.a)
			var obj PfxRecryptionRequestable
			var err error
			if tc.op == "create" {
				obj, err = c.PfxRecryptionRequestSet().Create(context.Background(), NewPfxRecryptionRequest())
			} else {
				obj, err = c.PfxRecryptionRequestSet().Get(context.Background(), "x")
			}
			if obj != nil {
				t.Fatalf("got an object (id %v) from an odd answer", obj.GetId())
			}
			var ge *Error
			if !errors.As(err, &ge) {
				t.Fatalf("error %T %v, want *graph.Error", err, err)
			}
			if ge.StatusCode != tc.a.status {
				t.Errorf("StatusCode = %d, want %d", ge.StatusCode, tc.a.status)
			}
			msg := ge.Error()
			t.Log(msg)
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message lacks %q:\n%s", w, msg)
				}
			}
			// A create answered with success but no object may have made one.
			if tc.op == "create" && tc.a.status < 300 && !ge.OutcomeUnknown {
				t.Error("a 2xx create without an entity is not marked as an unknown outcome")
			}
		})
	}
}

// TestCreateAnySuccess: Graph documents 201 for a create, but any 2xx that
// carries an entity with an id is a created object.
func TestCreateAnySuccess(t *testing.T) {
	for _, status := range []int{200, 201, 202} {
		c := newTestClient(t, answer{status, jsonType, `{"id":"made-1","thumbprint":"AA"}`, nil})
		obj, err := c.PfxRecryptionRequestSet().Create(context.Background(), NewPfxRecryptionRequest())
		if err != nil || obj == nil || *obj.GetId() != "made-1" {
			t.Errorf("HTTP %d: got %v, %v; want the object made-1", status, obj, err)
		}
	}
}

// TestCreateAnswersEveryEntity: for every entity the client creates, any 2xx
// with the object and its id is a created object, and a 2xx without one is
// an unknown outcome (so CreateOrAdopt looks for what the POST may have made).
func TestCreateAnswersEveryEntity(t *testing.T) {
	creates := map[string]func(c *Client) (interface{ GetId() *string }, error){
		"PFX recryption request": func(c *Client) (interface{ GetId() *string }, error) {
			return c.PfxRecryptionRequestSet().Create(context.Background(), NewPfxRecryptionRequest())
		},
		"user PFX certificate": func(c *Client) (interface{ GetId() *string }, error) {
			return c.UserPfxCertificateSet().Create(context.Background(), NewUserPFXCertificate())
		},
		"imported PFX profile": func(c *Client) (interface{ GetId() *string }, error) {
			return c.DeviceConfigurationSet().Create(context.Background(), NewDeviceConfiguration(IosImportedPfxType))
		},
	}
	for entity, create := range creates {
		for _, status := range []int{200, 201, 202} {
			obj, err := create(newTestClient(t, answer{status, jsonType, `{"id":"made-1"}`, nil}))
			if err != nil || isNil(obj) || *obj.GetId() != "made-1" {
				t.Errorf("%s, HTTP %d with an id: got %v, %v; want the object made-1", entity, status, obj, err)
			}
			for _, body := range []string{`{"displayName":"no id"}`, ``} {
				_, err := create(newTestClient(t, answer{status, jsonType, body, nil}))
				if !IsOutcomeUnknown(err) {
					t.Errorf("%s, HTTP %d with %q: error %v, want an unknown outcome", entity, status, body, err)
				}
			}
		}
	}
}
