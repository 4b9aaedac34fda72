package graph

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	khttp "github.com/microsoft/kiota-http-go"
)

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// What Go's transport would send again by itself (GetBody, after a
// connection failed before the request was taken) is the body it sent first:
// the compressed one, with its length, never the uncompressed body under the
// gzip encoding.
func TestRequestBodyResentAsSent(t *testing.T) {
	var sent, resent []byte
	var length int64
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		var err error
		if sent, err = io.ReadAll(r.Body); err != nil {
			return nil, err
		}
		length = r.ContentLength
		if r.GetBody == nil {
			t.Fatal("the request reaches the transport without GetBody: it could not be sent again")
		}
		b, err := r.GetBody()
		if err != nil {
			return nil, err
		}
		if resent, err = io.ReadAll(b); err != nil {
			return nil, err
		}
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("{}")), Request: r}, nil
	})
	client := &http.Client{Transport: khttp.NewCustomTransportWithParentTransport(rt,
		newRetryHandler(), khttp.NewCompressionHandler(), recordHandler{})}
	body := []byte(`{"@odata.type":"#microsoft.graph.windows10ImportedPFXCertificateProfile","description":"` +
		strings.Repeat("x", 300) + `"}`)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPatch, "https://graph.example/beta/x", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if bytes.Equal(sent, body) {
		t.Fatal("the body was not compressed; this test needs the compression handler's gzip body")
	}
	if !bytes.Equal(resent, sent) {
		t.Errorf("GetBody gives %d bytes (%.20q...), the first send was %d bytes of gzip", len(resent), resent, len(sent))
	}
	if length != int64(len(sent)) {
		t.Errorf("Content-Length %d for a body of %d bytes", length, len(sent))
	}
}
