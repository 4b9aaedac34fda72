package graph

import (
	"fmt"
	"strings"
	"testing"
	"time"

	jsonserialization "github.com/microsoft/kiota-serialization-json-go"
)

// page100 is one page of 100 objects as Graph (and the emulator) sends it:
// every property set, with @odata.context and @odata.nextLink.
func page100() []byte {
	var b strings.Builder
	b.WriteString(`{"@odata.context":"https://graph.microsoft.com/beta/$metadata#pfxRecryptionRequests","value":[`)
	for i := 0; i < 100; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"%08x-aaaa-4bbb-8ccc-%012x","tenantId":"00000000-0000-0000-0000-0000000000aa",`+
			`"userId":"11111111-1111-4111-8111-%012d","deviceId":"22222222-2222-4222-8222-%012d",`+
			`"profileId":"33333333-3333-4333-8333-333333333333","thumbprint":"%040X","deviceKeyThumbprint":"%040X",`+
			`"status":%d,"sourceType":1,"createdTime":"2026-01-02T03:04:05.1234567Z",`+
			`"lastModifiedTime":"2026-01-02T03:04:05.1234567Z","isDeleted":false,"eTag":"W/\"%032x\""}`,
			i, i, i, i, i, i+1<<20, i%4, i)
	}
	b.WriteString(`],"@odata.nextLink":"https://graph.microsoft.com/beta/pfxRecryptionRequests?$skiptoken=abc"}`)
	return []byte(b.String())
}

// BenchmarkDecodePage100 parses a 100-object page into the model, as the
// request adapter does with a list response.
func BenchmarkDecodePage100(b *testing.B) {
	body := page100()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		node, err := jsonserialization.NewJsonParseNode(body)
		if err != nil {
			b.Fatal(err)
		}
		v, err := node.GetObjectValue(collectionFactory[PfxRecryptionRequestable](CreatePfxRecryptionRequestFromDiscriminatorValue))
		if err != nil {
			b.Fatal(err)
		}
		if n := len(v.(*CollectionResponse[PfxRecryptionRequestable]).GetValue()); n != 100 {
			b.Fatalf("decoded %d objects", n)
		}
	}
}

// BenchmarkEncodeCreateBody serialises one create body, as a POST does.
func BenchmarkEncodeCreateBody(b *testing.B) {
	m := NewPfxRecryptionRequest()
	node, err := jsonserialization.NewJsonParseNode(page100())
	if err != nil {
		b.Fatal(err)
	}
	v, err := node.GetObjectValue(collectionFactory[PfxRecryptionRequestable](CreatePfxRecryptionRequestFromDiscriminatorValue))
	if err != nil {
		b.Fatal(err)
	}
	o := v.(*CollectionResponse[PfxRecryptionRequestable]).GetValue()[0]
	m.SetUserId(o.GetUserId())
	m.SetDeviceId(o.GetDeviceId())
	m.SetProfileId(o.GetProfileId())
	m.SetThumbprint(o.GetThumbprint())
	m.SetStatus(o.GetStatus())
	now := time.Now()
	m.SetCreatedTime(&now)
	b.ReportAllocs()
	for b.Loop() {
		w := jsonserialization.NewJsonSerializationWriter()
		if err := w.WriteObjectValue("", m); err != nil {
			b.Fatal(err)
		}
		if _, err := w.GetSerializedContent(); err != nil {
			b.Fatal(err)
		}
		w.Close()
	}
}
