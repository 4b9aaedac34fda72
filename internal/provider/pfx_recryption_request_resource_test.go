package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
	"github.com/openintune/terraform-provider-intune/internal/graph"
)

const testResource = "intune_pfx_recryption_request.test"

type pfxConfig struct {
	UserID, DeviceID, ProfileID, Thumbprint string
	Extra                                   string // more attribute lines
}

func newPfxConfig() pfxConfig {
	return pfxConfig{
		UserID:     testGUID("user_id"),
		DeviceID:   testGUID("device_id"),
		ProfileID:  testGUID("profile_id"),
		Thumbprint: strings.ToUpper(strings.ReplaceAll(testGUID("thumbprint_seed"), "-", ""))[:32] + "0A0B0C0D",
	}
}

func (c pfxConfig) hcl() string {
	return fmt.Sprintf(`
provider "intune" {}

resource "intune_pfx_recryption_request" "test" {
  user_id    = %q
  device_id  = %q
  profile_id = %q
  thumbprint = %q
%s
}
`, c.UserID, c.DeviceID, c.ProfileID, c.Thumbprint, c.Extra)
}

// TestAccPfxRecryptionRequest_lifecycle walks one request through its whole
// life with the real CLI: create, import, update, deletion outside
// Terraform, and destroy.
func TestAccPfxRecryptionRequest_lifecycle(t *testing.T) {
	cfg := newPfxConfig()
	created := captured{}
	updated := captured{}
	tokensBefore := 0
	if testEmulator != nil {
		tokensBefore = testEmulator.TokenRequests()
		testEmulator.ResetLog()
	}

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkPfxDestroyed(t),
		Steps: []resource.TestStep{
			{
				Config: withExtra(cfg, "  status = 1").hcl(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^\S+$`))),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("e_tag"), knownvalue.StringRegexp(regexp.MustCompile(`.+`))),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("user_id"), knownvalue.StringExact(cfg.UserID)),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("thumbprint"), knownvalue.StringExact(cfg.Thumbprint)),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("status"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("created_time"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("last_modified_time"), knownvalue.NotNull()),
					capture(created, "id", "e_tag"),
					emulatorCheck(func(e *emulator.Emulator) error {
						posts := graphRequests(e, "POST", "/beta/pfxRecryptionRequests")
						if len(posts) != 1 {
							return fmt.Errorf("want 1 POST, got %d", len(posts))
						}
						return checkCreateBody(posts[0].Body, cfg)
					}),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				ResourceName:            testResource,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				Config: withExtra(cfg, "  status = 2").hcl(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("status"), knownvalue.Int64Exact(2)),
					capture(updated, "id", "e_tag"),
					checkFunc(func() error {
						if updated["id"] != created["id"] {
							return fmt.Errorf("update replaced the object: %s -> %s", created["id"], updated["id"])
						}
						if updated["e_tag"] == created["e_tag"] {
							return fmt.Errorf("e_tag did not change on update: %s", updated["e_tag"])
						}
						return nil
					}),
					emulatorCheck(func(e *emulator.Emulator) error {
						patches := graphRequests(e, "PATCH", "/beta/pfxRecryptionRequests/"+created["id"])
						if len(patches) != 1 {
							return fmt.Errorf("want 1 PATCH, got %d", len(patches))
						}
						if got := patches[0].Header.Get("If-Match"); got != created["e_tag"] {
							return fmt.Errorf("PATCH If-Match = %q, want the stored eTag %q", got, created["e_tag"])
						}
						var body map[string]any
						if err := json.Unmarshal(patches[0].Body, &body); err != nil {
							return fmt.Errorf("PATCH body %q: %w", patches[0].Body, err)
						}
						if len(body) != 1 || body["status"] != float64(2) {
							return fmt.Errorf("PATCH body = %s, want only the changed status", patches[0].Body)
						}
						return nil
					}),
				},
			},
			{
				// Someone deletes the request outside Terraform: the refresh
				// drops it and the plan creates it again.
				PreConfig: func() {
					if err := testClient(t).PfxRecryptionRequestSet().Delete(context.Background(), updated["id"], ""); err != nil {
						t.Fatalf("deleting outside Terraform: %v", err)
					}
				},
				Config: withExtra(cfg, "  status = 2").hcl(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					capture(created, "id", "e_tag"),
					checkFunc(func() error {
						if created["id"] == updated["id"] {
							return fmt.Errorf("the recreated object kept the deleted id %s", created["id"])
						}
						return nil
					}),
					emulatorCheck(func(e *emulator.Emulator) error {
						// The client-secret grant, once for the whole run.
						var grants []string
						for _, le := range e.Log() {
							if le.Server == "login" && le.GrantType != "" {
								grants = append(grants, le.GrantType)
							}
						}
						// The token is cached per process, so an earlier test may
						// have fetched the one this run used.
						if len(grants) == 0 && tokensBefore == 0 {
							return fmt.Errorf("no token request reached the emulator")
						}
						for _, g := range grants {
							if g != "client_credentials" {
								return fmt.Errorf("unexpected grant %q", g)
							}
						}
						if n := e.TokenRequests() - tokensBefore; n > 1 {
							return fmt.Errorf("%d tokens were issued during the run, want at most 1", n)
						}
						return nil
					}),
				},
			},
		},
	})
}

func withExtra(c pfxConfig, extra string) pfxConfig {
	c.Extra = extra
	return c
}

// checkCreateBody asserts the POST carried Graph's camelCase names, only the
// configured attributes, and no nulls.
func checkCreateBody(raw []byte, cfg pfxConfig) error {
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		return fmt.Errorf("POST body %q is not JSON: %w", raw, err)
	}
	want := map[string]any{
		"userId": cfg.UserID, "deviceId": cfg.DeviceID, "profileId": cfg.ProfileID,
		"thumbprint": cfg.Thumbprint, "status": float64(1),
	}
	for k, v := range body {
		if v == nil {
			return fmt.Errorf("POST body sends null for %s: %s", k, raw)
		}
		w, ok := want[k]
		if !ok {
			return fmt.Errorf("POST body sends %s, which the configuration does not set: %s", k, raw)
		}
		if s, isStr := w.(string); isStr && !strings.EqualFold(s, fmt.Sprint(v)) || !isStr && w != v {
			return fmt.Errorf("POST body %s = %v, want %v", k, v, w)
		}
	}
	if len(body) != len(want) {
		return fmt.Errorf("POST body %s lacks some of %v", raw, want)
	}
	return nil
}

// checkPfxDestroyed asserts, through Graph itself, that no request the test
// made is left.
func checkPfxDestroyed(t *testing.T) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "intune_pfx_recryption_request" {
				continue
			}
			_, err := testClient(t).PfxRecryptionRequestSet().Get(context.Background(), rs.Primary.ID)
			if err == nil {
				return fmt.Errorf("%s still exists after destroy", rs.Primary.ID)
			}
			if !graph.IsNotFound(err) {
				return fmt.Errorf("checking %s: %w", rs.Primary.ID, err)
			}
		}
		return nil
	}
}

// TestAccPfxRecryptionRequest_normalisation: GUIDs in upper case and a
// timestamp in another offset and precision than Graph answers give neither
// an error after apply nor a diff afterwards, and state keeps the written form.
func TestAccPfxRecryptionRequest_normalisation(t *testing.T) {
	cfg := newPfxConfig()
	cfg.UserID = strings.ToUpper(cfg.UserID)
	cfg.DeviceID = strings.ToUpper(cfg.DeviceID)
	created := "2017-01-01T00:03:18.9597073-08:00"
	cfg.Extra = fmt.Sprintf("  created_time = %q", created)

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg.hcl(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("user_id"), knownvalue.StringExact(cfg.UserID)),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("device_id"), knownvalue.StringExact(cfg.DeviceID)),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("created_time"), knownvalue.StringExact(created)),
					// Values the configuration leaves out come from the service.
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("tenant_id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("is_deleted"), knownvalue.Bool(false)),
					emulatorCheck(func(e *emulator.Emulator) error {
						for _, o := range e.Objects() {
							if strings.EqualFold(fmt.Sprint(o["userId"]), cfg.UserID) {
								if o["userId"] == cfg.UserID {
									return fmt.Errorf("the emulator kept the upper-case GUID; this test needs it normalised")
								}
								if o["createdTime"] == created {
									return fmt.Errorf("the emulator kept the timestamp as sent; this test needs it normalised")
								}
								return nil
							}
						}
						return fmt.Errorf("object not found in the emulator")
					}),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// The same configuration again: still no change.
				Config: cfg.hcl(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// TestCheckGraphKey: the one check of a user-given id, for import and for the
// data source.
func TestCheckGraphKey(t *testing.T) {
	for _, tc := range []struct {
		id string
		ok bool
	}{
		{"b07bbd1a-d78b-4f71-b710-ea1db666b487", true},
		{"opaque_Key-123", true},
		{"", false},
		{"a/b", false},
		{"a?b", false},
		{"a#b", false},
		{"a b", false},
		{"a\tb", false},
		{"%2F", false},
		{"https://graph.microsoft.com/beta/pfxRecryptionRequests/x", false},
		{"a\u00a0b", false},
		{"a\x00b", false},
	} {
		if msg := checkGraphKey(tc.id); (msg == "") != tc.ok {
			t.Errorf("%q: message %q, want ok=%v", tc.id, msg, tc.ok)
		}
	}
}

// TestModelMapping checks both mapping functions: the plan's known values go
// to Graph (unknown and null ones do not), and everything Graph returns comes
// back into the model.
func TestModelMapping(t *testing.T) {
	plan := pfxRecryptionRequestModel{pfxRecryptionRequestAttributes: pfxRecryptionRequestAttributes{
		TenantID:            guidValue{StringValue: types.StringUnknown()},
		UserID:              newGUIDValue("6B7C2F3E-1D4A-4C1B-9F0E-2A3B4C5D6E7F"),
		DeviceID:            newGUIDValue("11111111-2222-3333-4444-555555555555"),
		ProfileID:           newGUIDValue("66666666-7777-8888-9999-000000000000"),
		Thumbprint:          thumbprintValue{StringValue: types.StringValue("ABC")},
		DeviceKeyThumbprint: thumbprintValue{StringValue: types.StringUnknown()},
		Status:              types.Int64Value(-2147483648),
		SourceType:          types.Int64Unknown(),
		CreatedTime:         ts("2017-01-01T00:03:18.9597073-08:00"),
		IsDeleted:           types.BoolNull(),
	}}
	body, diags := plan.toGraph()
	if diags.HasError() {
		t.Fatal(diags)
	}
	if body.GetTenantId() != nil || body.GetDeviceKeyThumbprint() != nil || body.GetSourceType() != nil || body.GetIsDeleted() != nil {
		t.Errorf("unknown or null values were mapped: %+v", body)
	}
	if body.GetUserId().String() != "6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f" || *body.GetStatus() != -2147483648 || *body.GetThumbprint() != "ABC" {
		t.Errorf("known values not mapped: %+v", body)
	}
	if !body.GetCreatedTime().Equal(time.Date(2017, 1, 1, 8, 3, 18, 959707300, time.UTC)) {
		t.Errorf("created time = %v", body.GetCreatedTime())
	}

	// Graph's answer back into the model.
	id, etag, thumb, dkt := "x1", `W/"2"`, "ABC", "KEY"
	status, source, deleted := int32(4), int32(9), false
	modified := time.Date(2020, 5, 6, 7, 8, 9, 100, time.UTC)
	resp := graph.NewPfxRecryptionRequest()
	resp.SetId(&id)
	resp.SetETag(&etag)
	resp.SetUserId(body.GetUserId())
	resp.SetThumbprint(&thumb)
	resp.SetDeviceKeyThumbprint(&dkt)
	resp.SetStatus(&status)
	resp.SetSourceType(&source)
	resp.SetIsDeleted(&deleted)
	resp.SetLastModifiedTime(&modified)
	var got pfxRecryptionRequestAttributes
	got.fromGraph(resp)
	if got.ID.ValueString() != id || got.ETag.ValueString() != etag || got.DeviceKeyThumbprint.ValueString() != dkt ||
		got.Status.ValueInt64() != 4 || got.SourceType.ValueInt64() != 9 || got.IsDeleted.ValueBool() ||
		got.UserID.ValueString() != "6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f" ||
		got.LastModifiedTime.ValueString() != "2020-05-06T07:08:09.0000001Z" {
		t.Errorf("fromGraph = %+v", got)
	}
	if !got.TenantID.IsNull() || !got.CreatedTime.IsNull() || !got.DeviceID.IsNull() {
		t.Errorf("absent values must map to null: %+v", got)
	}
}

func TestModelPatchSendsOnlyChanges(t *testing.T) {
	state := pfxRecryptionRequestModel{pfxRecryptionRequestAttributes: pfxRecryptionRequestAttributes{
		Status: types.Int64Value(1), SourceType: types.Int64Value(2), IsDeleted: types.BoolValue(false),
		DeviceKeyThumbprint: thumbprintValue{StringValue: types.StringValue("k")}, CreatedTime: ts("2017-01-01T08:03:18Z"),
	}}
	plan := state
	plan.CreatedTime = ts("2017-01-01T00:03:18-08:00") // same instant
	plan.DeviceKeyThumbprint = thumbprintValue{StringValue: types.StringValue("K")}
	if _, changed, _ := plan.toGraphPatch(state); changed {
		t.Fatal("a timestamp in another offset or a thumbprint in another case counted as a change")
	}
	plan.Status = types.Int64Value(2)
	body, changed, diags := plan.toGraphPatch(state)
	if diags.HasError() || !changed {
		t.Fatalf("changed=%v diags=%v", changed, diags)
	}
	if *body.GetStatus() != 2 || body.GetSourceType() != nil || body.GetIsDeleted() != nil || body.GetDeviceKeyThumbprint() != nil || body.GetCreatedTime() != nil {
		t.Errorf("patch body holds more than the change: %+v", body)
	}
}

// TestNaturalKeyFilter: the lookup after a lost create filters on the GUIDs
// only, so however Graph compares strings the object is found; the thumbprint
// is matched by sentFieldsMatch instead.
func TestNaturalKeyFilter(t *testing.T) {
	cfg := pfxRecryptionRequestModel{pfxRecryptionRequestAttributes: pfxRecryptionRequestAttributes{
		UserID: newGUIDValue("6B7C2F3E-1D4A-4C1B-9F0E-2A3B4C5D6E7F"), Thumbprint: thumbprintValue{StringValue: types.StringValue("O'Brien")},
		TenantID: newGUIDNull(), DeviceID: newGUIDValue("11111111-2222-3333-4444-555555555555"), ProfileID: newGUIDNull(),
	}}
	body, _ := cfg.toGraph()
	got := naturalKeyFilter(body)
	want := "userId eq 6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f and deviceId eq 11111111-2222-3333-4444-555555555555"
	if got != want {
		t.Errorf("filter = %q, want %q", got, want)
	}
}

// TestModelStateConversion checks that Read's conversions between the model
// and state give exactly what the framework's State.Get and State.Set give,
// so an attribute added to the schema but not to stateFields fails here.
func TestModelStateConversion(t *testing.T) {
	ctx := context.Background()
	var sr fwresource.SchemaResponse
	(&pfxRecryptionRequestResource{}).Schema(ctx, fwresource.SchemaRequest{}, &sr)
	timeoutTypes := map[string]attr.Type{"create": types.StringType, "read": types.StringType,
		"update": types.StringType, "delete": types.StringType}

	full := pfxRecryptionRequestModel{Timeouts: timeouts.Value{Object: types.ObjectValueMust(timeoutTypes, map[string]attr.Value{
		"create": types.StringNull(), "read": types.StringValue("1m"), "update": types.StringNull(), "delete": types.StringValue("2h"),
	})}}
	full.fromGraph(benchObjects()[7])
	sparse := pfxRecryptionRequestModel{Timeouts: timeouts.Value{Object: types.ObjectNull(timeoutTypes)}}
	sparse.fromGraph(graph.NewPfxRecryptionRequest())
	sparse.Status = types.Int64Unknown()
	sparse.UserID = newGUIDValue("6B7C2F3E-1D4A-4C1B-9F0E-2A3B4C5D6E7F")
	badGUID := full
	badGUID.DeviceID = newGUIDValue("not-a-guid")

	for name, m := range map[string]pfxRecryptionRequestModel{"full": full, "sparse": sparse, "invalid GUID": badGUID} {
		t.Run(name, func(t *testing.T) {
			typ := sr.Schema.Type().TerraformType(ctx)
			want := tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(typ, nil)}
			got := want
			wantDiags := want.Set(ctx, &m)
			gotDiags := m.setState(ctx, &got)
			if wantDiags.HasError() != gotDiags.HasError() {
				t.Fatalf("setState diagnostics %v, State.Set %v", gotDiags, wantDiags)
			}
			if wantDiags.HasError() {
				return
			}
			if !got.Raw.Equal(want.Raw) {
				t.Fatalf("setState stored\n%v\nState.Set stored\n%v", got.Raw, want.Raw)
			}
			var viaGet, viaGetState pfxRecryptionRequestModel
			wantDiags = want.Get(ctx, &viaGet)
			gotDiags = viaGetState.getState(ctx, want)
			if wantDiags.HasError() || gotDiags.HasError() {
				t.Fatalf("getState diagnostics %v, State.Get %v", gotDiags, wantDiags)
			}
			if !reflect.DeepEqual(viaGet, viaGetState) || !reflect.DeepEqual(viaGet, m) {
				t.Errorf("getState read\n%+v\nState.Get read\n%+v\nset\n%+v", viaGetState, viaGet, m)
			}
		})
	}
}

// TestFromAnswer: state after a write is the plan; only unknown values come
// from Graph, a value Graph spells differently keeps the planned form, and a
// value Graph replaced stays as planned with a warning naming the attribute
// and both values.
func TestFromAnswer(t *testing.T) {
	ctx := context.Background()
	plan := pfxRecryptionRequestModel{pfxRecryptionRequestAttributes: pfxRecryptionRequestAttributes{
		ID:                  types.StringUnknown(),
		TenantID:            guidValue{StringValue: types.StringUnknown()},
		UserID:              newGUIDValue("6B7C2F3E-1D4A-4C1B-9F0E-2A3B4C5D6E7F"),
		DeviceID:            newGUIDValue("11111111-2222-3333-4444-555555555555"),
		ProfileID:           newGUIDValue("66666666-7777-8888-9999-000000000000"),
		Thumbprint:          thumbprintValue{StringValue: types.StringValue("abcdef")},
		DeviceKeyThumbprint: thumbprintValue{StringValue: types.StringUnknown()},
		Status:              types.Int64Value(1),
		SourceType:          types.Int64Unknown(),
		CreatedTime:         ts("2017-01-01T00:03:18.9597073-08:00"),
		LastModifiedTime:    timestampValue{StringValue: types.StringUnknown()},
		IsDeleted:           types.BoolUnknown(),
		ETag:                types.StringUnknown(),
	}}
	body, _ := plan.toGraph()
	answer := graph.NewPfxRecryptionRequest()
	id, etag, thumb, dkt, tenant := "x1", `W/"1"`, "ABCDEF", "KEY", body.GetProfileId()
	status, source, deleted := int32(7), int32(0), false
	created := time.Date(2017, 1, 1, 8, 3, 18, 959707300, time.UTC)
	answer.SetId(&id)
	answer.SetETag(&etag)
	answer.SetTenantId(tenant)
	answer.SetUserId(body.GetUserId())
	answer.SetDeviceId(body.GetDeviceId())
	answer.SetProfileId(body.GetProfileId())
	answer.SetThumbprint(&thumb)
	answer.SetDeviceKeyThumbprint(&dkt)
	answer.SetStatus(&status)
	answer.SetSourceType(&source)
	answer.SetIsDeleted(&deleted)
	answer.SetCreatedTime(&created)
	answer.SetLastModifiedTime(&created)

	got := plan
	diags := got.fromAnswer(ctx, answer)
	if diags.HasError() {
		t.Fatal(diags)
	}
	// Planned values stay as written.
	if got.UserID.ValueString() != plan.UserID.ValueString() || got.Thumbprint.ValueString() != "abcdef" ||
		got.CreatedTime.ValueString() != plan.CreatedTime.ValueString() || got.Status.ValueInt64() != 1 {
		t.Errorf("a planned value was replaced: %+v", got)
	}
	// Unknown values come from Graph.
	if got.ID.ValueString() != id || got.ETag.ValueString() != etag || got.DeviceKeyThumbprint.ValueString() != dkt ||
		got.SourceType.ValueInt64() != 0 || got.IsDeleted.ValueBool() || got.TenantID.ValueString() != tenant.String() ||
		got.LastModifiedTime.IsUnknown() {
		t.Errorf("an unknown value was not filled: %+v", got)
	}
	// Only the replaced status warns, naming it and both values.
	if diags.WarningsCount() != 1 {
		t.Fatalf("%d warnings, want 1 (status): %v", diags.WarningsCount(), diags)
	}
	w := diags.Warnings()[0]
	for _, want := range []string{"status = 1", "answered 7", "x1"} {
		if !strings.Contains(w.Detail(), want) {
			t.Errorf("warning lacks %q: %s", want, w.Detail())
		}
	}
}

// TestSentFieldsMatch: an adoption candidate or a read-back must carry every
// sent field, compared as Graph normalises it.
func TestSentFieldsMatch(t *testing.T) {
	plan := pfxRecryptionRequestModel{pfxRecryptionRequestAttributes: pfxRecryptionRequestAttributes{
		UserID: newGUIDValue("6B7C2F3E-1D4A-4C1B-9F0E-2A3B4C5D6E7F"), Thumbprint: thumbprintValue{StringValue: types.StringValue("ab")},
		Status: types.Int64Value(2), CreatedTime: ts("2017-01-01T00:03:18-08:00"),
	}}
	sent, _ := plan.toGraph()
	o := graph.NewPfxRecryptionRequest()
	thumb, status, created := "AB", int32(2), time.Date(2017, 1, 1, 8, 3, 18, 0, time.UTC)
	o.SetUserId(sent.GetUserId())
	o.SetThumbprint(&thumb)
	o.SetStatus(&status)
	o.SetCreatedTime(&created)
	if !sentFieldsMatch(sent, o) {
		t.Fatal("an object with every sent field, in Graph's notation, does not match")
	}
	other := int32(3)
	o.SetStatus(&other)
	if sentFieldsMatch(sent, o) {
		t.Fatal("an object with another status matches")
	}
}
