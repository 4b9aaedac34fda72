package graph

import (
	"testing"
	"time"

	"github.com/google/uuid"
	jsonserialization "github.com/microsoft/kiota-serialization-json-go"
)

func TestSerializeSendsOnlyWhatIsSet(t *testing.T) {
	m := NewPfxRecryptionRequest()
	u := uuid.MustParse("6B7C2F3E-1D4A-4C1B-9F0E-2A3B4C5D6E7F")
	thumb := "ABC'DEF"
	status := int32(-5)
	created := time.Date(2017, 1, 1, 0, 3, 18, 959707300, time.FixedZone("", -8*3600))
	m.SetUserId(&u)
	m.SetThumbprint(&thumb)
	m.SetStatus(&status)
	m.SetCreatedTime(&created)
	id, etag := "server-id", `W/"1"`
	m.SetId(&id)
	m.SetETag(&etag)

	got := toJSON(t, m)
	want := map[string]any{
		"userId":      "6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f",
		"thumbprint":  "ABC'DEF",
		"status":      float64(-5),
		"createdTime": "2017-01-01T00:03:18.9597073-08:00", // the fraction survives
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want exactly %v (no id or eTag, nothing unset)", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %#v, want %#v", k, got[k], v)
		}
	}
}

func TestParseEntity(t *testing.T) {
	body := `{
	  "@odata.context": "https://graph.microsoft.com/beta/$metadata#pfxRecryptionRequests/$entity",
	  "id": "a1", "tenantId": "00000000-0000-0000-0000-0000000000aa", "userId": "6B7C2F3E-1D4A-4C1B-9F0E-2A3B4C5D6E7F",
	  "deviceId": "11111111-2222-3333-4444-555555555555", "profileId": "66666666-7777-8888-9999-000000000000",
	  "thumbprint": "T", "deviceKeyThumbprint": "K", "status": 3, "sourceType": 2147483647,
	  "createdTime": "2017-01-01T00:03:18.9597073-08:00", "lastModifiedTime": "2017-01-01T08:03:19Z",
	  "isDeleted": true, "eTag": "W/\"abc\"", "futureProperty": "kept"
	}`
	node, err := jsonserialization.NewJsonParseNode([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	v, err := node.GetObjectValue(CreatePfxRecryptionRequestFromDiscriminatorValue)
	if err != nil {
		t.Fatal(err)
	}
	m := v.(PfxRecryptionRequestable)
	checks := []struct {
		name      string
		got, want any
	}{
		{"id", *m.GetId(), "a1"},
		{"tenantId", m.GetTenantId().String(), "00000000-0000-0000-0000-0000000000aa"},
		{"userId", m.GetUserId().String(), "6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f"},
		{"deviceId", m.GetDeviceId().String(), "11111111-2222-3333-4444-555555555555"},
		{"profileId", m.GetProfileId().String(), "66666666-7777-8888-9999-000000000000"},
		{"thumbprint", *m.GetThumbprint(), "T"},
		{"deviceKeyThumbprint", *m.GetDeviceKeyThumbprint(), "K"},
		{"status", *m.GetStatus(), int32(3)},
		{"sourceType", *m.GetSourceType(), int32(2147483647)},
		{"createdTime", m.GetCreatedTime().UTC().Format(time.RFC3339Nano), "2017-01-01T08:03:18.9597073Z"},
		{"lastModifiedTime", m.GetLastModifiedTime().UTC().Format(time.RFC3339Nano), "2017-01-01T08:03:19Z"},
		{"isDeleted", *m.GetIsDeleted(), true},
		{"eTag", *m.GetETag(), `W/"abc"`},
		{"additional data", derefAny(m.GetAdditionalData()["futureProperty"]), "kept"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
}

func TestParseCollectionPage(t *testing.T) {
	body := `{"value":[{"id":"a"},{"id":"b"}],"@odata.count":7,"@odata.nextLink":"https://graph.microsoft.com/beta/pfxRecryptionRequests?$skiptoken=x"}`
	node, err := jsonserialization.NewJsonParseNode([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	v, err := node.GetObjectValue(collectionFactory[PfxRecryptionRequestable](CreatePfxRecryptionRequestFromDiscriminatorValue))
	if err != nil {
		t.Fatal(err)
	}
	page := v.(*CollectionResponse[PfxRecryptionRequestable])
	if n := len(page.GetValue()); n != 2 || *page.GetValue()[1].GetId() != "b" {
		t.Fatalf("value = %d objects, want a and b", n)
	}
	if *page.GetOdataCount() != 7 || *page.GetOdataNextLink() != "https://graph.microsoft.com/beta/pfxRecryptionRequests?$skiptoken=x" {
		t.Fatalf("count/nextLink = %v/%v", *page.GetOdataCount(), *page.GetOdataNextLink())
	}
}

// derefAny reads kiota's additional data, which holds pointers to values.
func derefAny(v any) any {
	if p, ok := v.(*string); ok && p != nil {
		return *p
	}
	return v
}
