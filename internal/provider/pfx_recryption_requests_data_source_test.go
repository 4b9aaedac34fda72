package provider

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// pfxSeed is a request made outside Terraform, as a script or Intune would.
type pfxSeed struct {
	UserID, DeviceID, ProfileID, Thumbprint string
	Status, SourceType                      int32
	IsDeleted                               bool
}

// seedPfx creates requests through Graph (so it works against a real tenant
// too), deletes them when the test ends, and returns their ids.
func seedPfx(t *testing.T, seeds ...pfxSeed) []string {
	t.Helper()
	client := testClient(t)
	ids := make([]string, 0, len(seeds))
	for _, s := range seeds {
		b := graph.NewPfxRecryptionRequest()
		for _, g := range []struct {
			set func(*uuid.UUID)
			v   string
		}{{b.SetUserId, s.UserID}, {b.SetDeviceId, s.DeviceID}, {b.SetProfileId, s.ProfileID}} {
			u := uuid.MustParse(g.v)
			g.set(&u)
		}
		b.SetThumbprint(&s.Thumbprint)
		b.SetStatus(&s.Status)
		b.SetSourceType(&s.SourceType)
		b.SetIsDeleted(&s.IsDeleted)
		created, err := client.PfxRecryptionRequestSet().Create(context.Background(), b)
		if err != nil {
			t.Fatalf("seeding %+v: %v", s, err)
		}
		id := *created.GetId()
		ids = append(ids, id)
		t.Cleanup(func() {
			if err := client.PfxRecryptionRequestSet().Delete(context.Background(), id, ""); err != nil && !graph.IsNotFound(err) {
				t.Errorf("cleaning up %s: %v", id, err)
			}
		})
	}
	return ids
}

// idsExact checks a list of ids against want, in want's order.
func idsExact(want ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(want))
	for i, id := range want {
		checks[i] = knownvalue.StringExact(id)
	}
	return knownvalue.ListExact(checks)
}

// sortedIDs picks ids by index and sorts them, as the data source does.
func sortedIDs(ids []string, pick ...int) []string {
	out := make([]string, 0, len(pick))
	for _, i := range pick {
		out = append(out, ids[i])
	}
	slices.Sort(out)
	return out
}

// listCalls returns the emulator's list requests whose $filter mentions
// marker (a test's own profile GUID), every page included.
func listCalls(e *emulator.Emulator, marker string) []emulator.LogEntry {
	var out []emulator.LogEntry
	for _, le := range graphRequests(e, "GET", "/beta/pfxRecryptionRequests") {
		if q, err := url.ParseQuery(le.RawQuery); err == nil && strings.Contains(q.Get("$filter"), marker) {
			out = append(out, le)
		}
	}
	return out
}

// checkPages is a state check of checkListPages.
func checkPages(filter string, pages int, prefer string) statecheck.StateCheck {
	return emulatorCheck(func(e *emulator.Emulator) error { return checkListPages(e, filter, "", pages, prefer) })
}

// checkListPages asserts that every list with exactly this $filter took pages
// requests, each with the given Prefer header ("" for none), the first one
// with the query option option (such as "$top=2") unless it is "".
func checkListPages(e *emulator.Emulator, filter, option string, pages int, prefer string) error {
	reads, calls := 0, 0
	for _, le := range graphRequests(e, "GET", "/beta/pfxRecryptionRequests") {
		q, err := url.ParseQuery(le.RawQuery)
		if err != nil || q.Get("$filter") != filter {
			continue
		}
		calls++
		if got := le.Header.Get("Prefer"); got != prefer {
			return fmt.Errorf("list request %s?%s sent Prefer %q, want %q", le.Path, le.RawQuery, got, prefer)
		}
		if q.Get("$skiptoken") != "" {
			continue
		}
		reads++
		if unescaped, _ := url.QueryUnescape(le.RawQuery); option != "" && !strings.Contains("&"+unescaped+"&", "&"+option+"&") {
			return fmt.Errorf("list request %s?%s lacks %s", le.Path, le.RawQuery, option)
		}
	}
	if reads == 0 || calls != reads*pages {
		return fmt.Errorf("$filter %q: %d list requests for %d reads, want %d pages per read", filter, calls, reads, pages)
	}
	return nil
}

// TestAccPfxRecryptionRequestsDataSource_filters: each filter alone and all
// combined, GUIDs in upper case, a thumbprint with characters that must be
// escaped, a raw odata_filter, top, and an empty result.
func TestAccPfxRecryptionRequestsDataSource_filters(t *testing.T) {
	testAccPreCheck(t)
	profile := uuid.NewString()
	u1, u2, d1, d2 := uuid.NewString(), uuid.NewString(), uuid.NewString(), uuid.NewString()
	// A quote, and characters with a meaning in URLs and in OData.
	odd := "Q'Brien+&#%20'" + strings.ToUpper(uuid.NewString()[:8])
	ids := seedPfx(t,
		pfxSeed{UserID: u1, DeviceID: d1, ProfileID: profile, Thumbprint: "TA" + profile[:8], Status: 1, SourceType: 0},
		pfxSeed{UserID: u1, DeviceID: d2, ProfileID: profile, Thumbprint: "TB" + profile[:8], Status: 2, SourceType: 1},
		pfxSeed{UserID: u2, DeviceID: d1, ProfileID: profile, Thumbprint: odd, Status: 1, SourceType: 1, IsDeleted: true},
		pfxSeed{UserID: u2, DeviceID: d2, ProfileID: profile, Thumbprint: "TA" + profile[:8], Status: 3, SourceType: 0},
	)
	tenant := strings.ToUpper(os.Getenv("ARM_TENANT_ID"))
	data := func(name string) string { return "data.intune_pfx_recryption_requests." + name }
	ds := func(name, body string) string {
		return fmt.Sprintf("data \"intune_pfx_recryption_requests\" %q {\n  profile_id = %q\n%s\n}\n", name, profile, body)
	}
	config := "provider \"intune\" {}\n" +
		ds("all", "") +
		ds("user", fmt.Sprintf("user_id = %q", u1)) +
		ds("device", fmt.Sprintf("device_id = %q", d1)) +
		ds("thumbprint", fmt.Sprintf("thumbprint = %q", "TA"+profile[:8])) +
		ds("odd", fmt.Sprintf("thumbprint = %q", odd)) +
		ds("status", "status = 1") +
		ds("source_type", "source_type = 1") +
		ds("deleted", "is_deleted = true") +
		ds("tenant", fmt.Sprintf("tenant_id = %q", tenant)) +
		ds("other_tenant", fmt.Sprintf("tenant_id = %q", uuid.NewString())) +
		ds("combined", fmt.Sprintf("user_id = %q\n device_id = %q\n thumbprint = %q\n status = 1\n source_type = 0\n is_deleted = false",
			strings.ToUpper(u1), strings.ToUpper(d1), "TA"+profile[:8])) +
		ds("top", "top = 2") +
		fmt.Sprintf(`
data "intune_pfx_recryption_requests" "upper" {
  profile_id = %q
  user_id    = %q
}
data "intune_pfx_recryption_requests" "raw" {
  odata_filter = "profileId eq %s and status ne 1"
}
data "intune_pfx_recryption_requests" "none" {
  profile_id = %q
}
`, strings.ToUpper(profile), strings.ToUpper(u2), profile, uuid.NewString())

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(data("all"), tfjsonpath.New("ids"), idsExact(sortedIDs(ids, 0, 1, 2, 3)...)),
				statecheck.ExpectKnownValue(data("user"), tfjsonpath.New("ids"), idsExact(sortedIDs(ids, 0, 1)...)),
				statecheck.ExpectKnownValue(data("device"), tfjsonpath.New("ids"), idsExact(sortedIDs(ids, 0, 2)...)),
				statecheck.ExpectKnownValue(data("thumbprint"), tfjsonpath.New("ids"), idsExact(sortedIDs(ids, 0, 3)...)),
				statecheck.ExpectKnownValue(data("odd"), tfjsonpath.New("ids"), idsExact(ids[2])),
				statecheck.ExpectKnownValue(data("status"), tfjsonpath.New("ids"), idsExact(sortedIDs(ids, 0, 2)...)),
				statecheck.ExpectKnownValue(data("source_type"), tfjsonpath.New("ids"), idsExact(sortedIDs(ids, 1, 2)...)),
				statecheck.ExpectKnownValue(data("deleted"), tfjsonpath.New("ids"), idsExact(ids[2])),
				statecheck.ExpectKnownValue(data("tenant"), tfjsonpath.New("ids"), idsExact(sortedIDs(ids, 0, 1, 2, 3)...)),
				statecheck.ExpectKnownValue(data("other_tenant"), tfjsonpath.New("ids"), idsExact()),
				statecheck.ExpectKnownValue(data("combined"), tfjsonpath.New("ids"), idsExact(ids[0])),
				statecheck.ExpectKnownValue(data("top"), tfjsonpath.New("ids"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue(data("upper"), tfjsonpath.New("ids"), idsExact(sortedIDs(ids, 2, 3)...)),
				statecheck.ExpectKnownValue(data("raw"), tfjsonpath.New("ids"), idsExact(sortedIDs(ids, 1, 3)...)),
				statecheck.ExpectKnownValue(data("none"), tfjsonpath.New("ids"), idsExact()),
				statecheck.ExpectKnownValue(data("none"), tfjsonpath.New("requests"), knownvalue.ListExact([]knownvalue.Check{})),
				// The full objects, in the order of ids.
				statecheck.ExpectKnownValue(data("odd"), tfjsonpath.New("requests"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":                    knownvalue.StringExact(ids[2]),
						"tenant_id":             knownvalue.StringExact(strings.ToLower(tenant)),
						"user_id":               knownvalue.StringExact(u2),
						"device_id":             knownvalue.StringExact(d1),
						"profile_id":            knownvalue.StringExact(profile),
						"thumbprint":            knownvalue.StringExact(odd),
						"device_key_thumbprint": knownvalue.Null(),
						"status":                knownvalue.Int64Exact(1),
						"source_type":           knownvalue.Int64Exact(1),
						"is_deleted":            knownvalue.Bool(true),
						"created_time":          knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`)),
						"last_modified_time":    knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`)),
						"e_tag":                 knownvalue.StringRegexp(regexp.MustCompile(`.`)),
					}),
				})),
				statecheck.ExpectKnownValue(data("all"), tfjsonpath.New("requests").AtSliceIndex(3).AtMapKey("id"),
					knownvalue.StringExact(sortedIDs(ids, 0, 1, 2, 3)[3])),
				emulatorCheck(func(e *emulator.Emulator) error {
					// On the wire: quote doubled inside the literal, GUIDs bare
					// in lower case, every value reaching Graph intact.
					want := map[string]bool{
						"profileId eq " + profile + " and thumbprint eq '" + strings.ReplaceAll(odd, "'", "''") + "'": false,
						"userId eq " + u2 + " and profileId eq " + profile:                                            false,
					}
					for _, le := range listCalls(e, profile) {
						q, _ := url.ParseQuery(le.RawQuery)
						if _, ok := want[q.Get("$filter")]; ok {
							want[q.Get("$filter")] = true
						}
					}
					for f, seen := range want {
						if !seen {
							return fmt.Errorf("no list request had $filter %q", f)
						}
					}
					return nil
				}),
			},
		}},
	})
}

// TestAccPfxRecryptionRequestsDataSource_pageSizeOne follows a page of one
// object at a time to the end.
func TestAccPfxRecryptionRequestsDataSource_pageSizeOne(t *testing.T) {
	testAccPreCheck(t)
	profile := uuid.NewString()
	var seeds []pfxSeed
	for i := range 5 {
		seeds = append(seeds, pfxSeed{UserID: uuid.NewString(), DeviceID: uuid.NewString(), ProfileID: profile, Thumbprint: fmt.Sprintf("P1%08d", i)})
	}
	ids := seedPfx(t, seeds...)
	slices.Sort(ids)

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "intune" {}
data "intune_pfx_recryption_requests" "test" {
  profile_id = %q
  page_size  = 1
}
`, profile),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.intune_pfx_recryption_requests.test", tfjsonpath.New("ids"), idsExact(ids...)),
				checkPages("profileId eq "+profile, 5, "odata.maxpagesize=1"),
			},
		}},
	})
}

// TestAccPfxRecryptionRequestsDataSource_manyPages reads several hundred
// objects made in the portal, in the service's pages, in odd-sized pages and
// with top cutting a page short.
func TestAccPfxRecryptionRequestsDataSource_manyPages(t *testing.T) {
	testAccPreCheck(t)
	requireEmulator(t) // seeding hundreds of objects in a real tenant is not polite
	if n := testEmulator.Config().PageSize; n != emulator.DefaultPageSize {
		t.Fatalf("this test expects the emulator's default page size %d, got %d", emulator.DefaultPageSize, n)
	}
	const n = 350
	profile := uuid.NewString()
	ids := make([]string, 0, n)
	for i := range n {
		o := testEmulator.Create(map[string]any{
			"userId": uuid.NewString(), "deviceId": uuid.NewString(), "profileId": profile,
			"thumbprint": fmt.Sprintf("MANY%06d", i), "status": i % 4, "sourceType": 0, "isDeleted": false,
		})
		id := o["id"].(string)
		ids = append(ids, id)
		t.Cleanup(func() { testEmulator.Remove(id) })
	}
	slices.Sort(ids)
	data := "data.intune_pfx_recryption_requests."

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// Each data source adds a condition every object meets, so the
			// emulator's log tells their requests apart.
			Config: fmt.Sprintf(`
provider "intune" {}
data "intune_pfx_recryption_requests" "service_pages" {
  profile_id = %[1]q
}
data "intune_pfx_recryption_requests" "odd_pages" {
  profile_id = %[1]q
  is_deleted = false
  page_size  = 7
}
data "intune_pfx_recryption_requests" "top" {
  profile_id  = %[1]q
  source_type = 0
  top         = 250
}
`, profile),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(data+"service_pages", tfjsonpath.New("ids"), idsExact(ids...)),
				statecheck.ExpectKnownValue(data+"service_pages", tfjsonpath.New("requests").AtSliceIndex(n-1).AtMapKey("id"),
					knownvalue.StringExact(ids[n-1])),
				statecheck.ExpectKnownValue(data+"odd_pages", tfjsonpath.New("ids"), idsExact(ids...)),
				// The emulator serves in id order, so top takes the first 250.
				statecheck.ExpectKnownValue(data+"top", tfjsonpath.New("ids"), idsExact(ids[:250]...)),
				checkPages("profileId eq "+profile, 4, ""),                                               // 100+100+100+50
				checkPages("profileId eq "+profile+" and isDeleted eq false", 50, "odata.maxpagesize=7"), // 50 × 7
				checkPages("profileId eq "+profile+" and sourceType eq 0", 3, ""),                        // 100+100+50, then stop
			},
		}},
	})
}

// TestAccPfxRecryptionRequestsDataSource_invalidConfig: mistakes are caught
// at plan time and name the attribute; a raw filter Graph rejects says so.
func TestAccPfxRecryptionRequestsDataSource_invalidConfig(t *testing.T) {
	config := func(body string) string {
		return "provider \"intune\" {}\ndata \"intune_pfx_recryption_requests\" \"test\" {\n" + body + "\n}\n"
	}
	step := func(body, want string) resource.TestStep {
		return resource.TestStep{Config: config(body), ExpectError: regexp.MustCompile(want)}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(`odata_filter = "status eq 1"
user_id = "6b7c2f3e-1d4a-4c1b-9f0e-2a3b4c5d6e7f"`, `(?s)Invalid Attribute Combination.*"user_id" cannot be specified when "odata_filter" is specified`),
			step(`top = 0`, `(?s)Attribute top value must be between 1 and 2147483647, got: 0`),
			step(`page_size = 1000`, `(?s)Attribute page_size value must be between 1 and 999, got: 1000`),
			step(`status = 2147483648`, `(?s)Attribute status value must be between`),
			step(`profile_id = "not-a-guid"`, `(?s)Invalid GUID.*"not-a-guid" is not a GUID`),
			step(`odata_filter = "  "`, `(?s)odata_filter.*must not be empty`),
			// Only Graph can judge a raw filter: the error points at it.
			step(`odata_filter = "noSuchProperty eq 1"`, `(?s)Unable to list PFX recryption requests.*odata_filter.*Graph rejected the odata_filter.*HTTP 400`),
		},
	})
}
