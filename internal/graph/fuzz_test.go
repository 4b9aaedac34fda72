package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	jsonserialization "github.com/microsoft/kiota-serialization-json-go"
	"github.com/microsoftgraph/msgraph-beta-sdk-go/models/odataerrors"
)

// Seeds for both fuzzers: answers Graph gives, and the odd ones it might.
var fuzzSeeds = []string{
	`{"id":"a","tenantId":"00000000-0000-0000-0000-0000000000aa","thumbprint":"AB","status":1,"sourceType":0,` +
		`"createdTime":"2017-01-01T00:03:18.9597073-08:00","lastModifiedTime":"2025-01-22T19:17:04Z","isDeleted":false,"eTag":"W/\"1\""}`,
	`{"value":[{"id":"a"},{"id":"b"}],"@odata.nextLink":"https://graph.microsoft.com/beta/pfxRecryptionRequests?$skiptoken=x"}`,
	`{"error":{"code":"ResourceNotFound","message":"{\"_version\":3,\"Message\":\"gone\"}","innerError":{"date":"2025-01-22T19:17:04","request-id":"r","client-request-id":"c"}}}`,
	`{"error":{"code":"Conflict"}}`,
	`{"error":{"innerError":{"date":"22/01/2025"}}}`,
	`{"error":null}`,
	`{"error":{"code":1,"message":["x"],"details":[{"code":"x"}]}}`,
	`{"id":"x","status":"high","userId":"not-a-guid","createdTime":"yesterday","isDeleted":"no"}`,
	`<html><body>502 Bad Gateway</body></html>`,
	``, `null`, `[]`, `"x"`, `{"id":null}`, `{"id":{"nested":[1,2,{"a":null}]}}`,
}

// FuzzDecode reads arbitrary bytes the way the client reads a body: as the
// entity, as a page of the collection, and as a Graph error handed to
// wrapError. None of it may panic, and an error must keep its status.
func FuzzDecode(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		x := &exchange{status: 400, header: http.Header{"Request-Id": {"rid-fuzz"}}, body: body}
		if n, err := jsonserialization.NewJsonParseNode(body); err == nil {
			if v, err := n.GetObjectValue(CreatePfxRecryptionRequestFromDiscriminatorValue); err == nil && v != nil {
				if res, err := checkEntity("read", v.(PfxRecryptionRequestable), x); err == nil && (res.GetId() == nil || *res.GetId() == "") {
					t.Fatal("checkEntity passed an object without an id")
				}
			}
			if v, err := n.GetObjectValue(collectionFactory[PfxRecryptionRequestable](CreatePfxRecryptionRequestFromDiscriminatorValue)); err == nil && v != nil {
				for _, item := range v.(*CollectionResponse[PfxRecryptionRequestable]).GetValue() {
					_ = item.GetId()
				}
			}
		}
		cause := errors.New("the body could not be parsed")
		if n, err := jsonserialization.NewJsonParseNode(body); err == nil {
			v, err := n.GetObjectValue(odataerrors.CreateODataErrorFromDiscriminatorValue)
			switch {
			case err != nil:
				cause = err
			case v != nil:
				cause = v.(error)
			}
		}
		msg := wrapError("read", cause, x).Error()
		if !strings.HasPrefix(msg, "Graph read failed: HTTP 400 Bad Request") || !strings.Contains(msg, "request-id") {
			t.Fatalf("message lost the status or request-id: %q", msg)
		}
	})
}

// fuzzAnswer is the answer the fuzz server gives next; one fuzz worker runs
// its inputs one after another.
var fuzzAnswer struct {
	sync.Mutex
	status      int
	contentType string
	body        []byte
}

// fuzzStatuses are the answers the client does not retry; retried ones would
// only make the fuzzer wait.
var fuzzStatuses = []int{200, 201, 202, 204, 400, 401, 403, 404, 409, 412, 415, 500, 501, 502}

// FuzzClientResponse sends arbitrary answers through the real client (the
// whole middleware chain, kiota's parsing and our error mapping) for a read
// and a create: each must end in an object with an id or a *Error with the
// answer's status, never in a panic.
func FuzzClientResponse(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(uint8(i), "application/json", []byte(s))
	}
	f.Add(uint8(10), "text/html", []byte(fuzzSeeds[8]))
	f.Add(uint8(1), "application/json;odata.metadata=minimal;charset=utf-8", []byte(fuzzSeeds[0]))
	c := newTestClient(f, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fuzzAnswer.Lock()
		defer fuzzAnswer.Unlock()
		if fuzzAnswer.contentType != "" {
			w.Header().Set("Content-Type", fuzzAnswer.contentType)
		}
		w.Header().Set("request-id", "rid-fuzz")
		w.WriteHeader(fuzzAnswer.status)
		_, _ = w.Write(fuzzAnswer.body)
	}))
	f.Fuzz(func(t *testing.T, pick uint8, contentType string, body []byte) {
		status := fuzzStatuses[int(pick)%len(fuzzStatuses)]
		// A header Go's client rejects is a broken connection, which a read
		// retries until its deadline: not what this fuzzer is about.
		if strings.IndexFunc(contentType, func(r rune) bool { return r < ' ' || r > '~' }) >= 0 {
			contentType = "application/json"
		}
		fuzzAnswer.Lock()
		fuzzAnswer.status, fuzzAnswer.contentType, fuzzAnswer.body = status, contentType, body
		fuzzAnswer.Unlock()

		for _, op := range []string{"read", "create"} {
			var res PfxRecryptionRequestable
			var err error
			if op == "read" {
				res, err = c.PfxRecryptionRequestSet().Get(context.Background(), "a")
			} else {
				res, err = c.PfxRecryptionRequestSet().Create(context.Background(), NewPfxRecryptionRequest())
			}
			if err == nil {
				if res == nil || res.GetId() == nil || strings.TrimSpace(*res.GetId()) == "" {
					t.Fatalf("%s: HTTP %d gave success without an object id", op, status)
				}
				continue
			}
			var ge *Error
			if !errors.As(err, &ge) {
				t.Fatalf("%s: error %T is not a *graph.Error: %v", op, err, err)
			}
			if ge.StatusCode != status {
				t.Fatalf("%s: StatusCode %d, the answer was %d: %v", op, ge.StatusCode, status, err)
			}
			if msg := ge.Error(); !strings.Contains(msg, fmt.Sprintf("HTTP %d", status)) {
				t.Fatalf("%s: message lacks the status: %q", op, msg)
			}
		}
	})
}
