package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeUserPfxSet serves /deviceManagement/userPfxCertificates: GETs by id,
// and listings in pages of pageSize with @odata.count when $count=true. It
// counts both. unlisted ids are left out of listings (a lagging index);
// release, when set, holds every listing until it is closed.
type fakeUserPfxSet struct {
	mu       sync.Mutex
	objs     map[string]string // id → userPrincipalName
	unlisted map[string]bool
	pageSize int
	gets     int
	pages    int
	release  chan struct{}
}

// newFakeUserPfxSet holds n certificates, listed 100 per page.
func newFakeUserPfxSet(n int) *fakeUserPfxSet {
	f := &fakeUserPfxSet{objs: map[string]string{}, unlisted: map[string]bool{}, pageSize: 100}
	for i := range n {
		f.objs[fmt.Sprintf("id-%04d", i)] = fmt.Sprintf("user%d@contoso.example", i)
	}
	return f
}

func (f *fakeUserPfxSet) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	const set = "/beta/deviceManagement/userPfxCertificates"
	w.Header().Set("Content-Type", "application/json")
	if id, ok := strings.CutPrefix(r.URL.Path, set+"/"); ok {
		f.mu.Lock()
		f.gets++
		upn, found := f.objs[id]
		f.mu.Unlock()
		if !found {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"error":{"code":"ResourceNotFound","message":"not found"}}`))
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"id": id, "userPrincipalName": upn})
		return
	}
	if f.release != nil {
		<-f.release
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pages++
	var ids []string
	for id := range f.objs {
		if !f.unlisted[id] {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	from, _ := strconv.Atoi(r.URL.Query().Get("$skiptoken"))
	to := min(from+f.pageSize, len(ids))
	var value []map[string]any
	for _, id := range ids[from:to] {
		value = append(value, map[string]any{"id": id, "userPrincipalName": f.objs[id]})
	}
	out := map[string]any{"value": value}
	if r.URL.Query().Get("$count") == "true" {
		out["@odata.count"] = len(ids)
	}
	if to < len(ids) {
		out["@odata.nextLink"] = "http://" + r.Host + set + "?$skiptoken=" + strconv.Itoa(to)
	}
	_ = json.NewEncoder(w).Encode(out)
}

func (f *fakeUserPfxSet) counts() (gets, pages int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.gets, f.pages
}

// testListingReads is a client's listingReads of the fake set, with a clock
// the test moves.
func testListingReads(t *testing.T, f *fakeUserPfxSet) (*listingReads[UserPFXCertificateable], *time.Time) {
	t.Helper()
	c := newTestClient(t, f)
	r := c.UserPfxCertificateSet().reads
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r.now = func() time.Time { return now }
	return r, &now
}

func readUPN(t *testing.T, r *listingReads[UserPFXCertificateable], id string) string {
	t.Helper()
	o, err := r.read(context.Background(), id)
	if err != nil {
		t.Fatalf("read %s: %v", id, err)
	}
	return *o.GetUserPrincipalName()
}

// One object is one GET: a single resource costs what it always did.
func TestListingReads_oneObjectOneGet(t *testing.T) {
	f := newFakeUserPfxSet(500)
	r, _ := testListingReads(t, f)
	if got := readUPN(t, r, "id-0007"); got != "user7@contoso.example" {
		t.Fatalf("read %q", got)
	}
	if gets, pages := f.counts(); gets != 1 || pages != 0 {
		t.Fatalf("%d GETs and %d pages for one object, want 1 and 0", gets, pages)
	}
}

// Reading 250 of 250 objects in pages of 100: one GET, the first page (which
// tells 3 pages), three GETs to match them, then the listing serves the
// rest. Past ListingTTL, reads are GETs again.
func TestListingReads_switchToListingAndBack(t *testing.T) {
	f := newFakeUserPfxSet(250)
	r, now := testListingReads(t, f)
	for i := range 250 {
		if got, want := readUPN(t, r, fmt.Sprintf("id-%04d", i)), fmt.Sprintf("user%d@contoso.example", i); got != want {
			t.Fatalf("read %d: %q, want %q", i, got, want)
		}
	}
	if gets, pages := f.counts(); gets != 4 || pages != 4 {
		t.Fatalf("250 reads sent %d GETs and %d pages, want 4 GETs (1 + 3 before the listing) and 4 pages (first page, then 3)", gets, pages)
	}
	*now = now.Add(ListingTTL)
	readUPN(t, r, "id-0001")
	readUPN(t, r, "id-0002")
	if gets, pages := f.counts(); gets != 6 || pages != 4 {
		t.Fatalf("after the listing expired: %d GETs and %d pages, want 6 and 4 (reads are GETs again)", gets, pages)
	}
}

// An object missing from the listing (lag, or deleted) is read by GET: the
// lagging one is found, the deleted one is a 404 as without listings.
func TestListingReads_missingFromListingReadByGet(t *testing.T) {
	f := newFakeUserPfxSet(50)
	f.unlisted["id-0010"] = true
	delete(f.objs, "id-0020")
	r, _ := testListingReads(t, f)
	readUPN(t, r, "id-0000")
	readUPN(t, r, "id-0001") // the first page, the whole set
	gets0, _ := f.counts()
	if got := readUPN(t, r, "id-0010"); got != "user10@contoso.example" {
		t.Fatalf("lagging object read as %q", got)
	}
	_, err := r.read(context.Background(), "id-0020")
	if StatusOf(err) != http.StatusNotFound {
		t.Fatalf("deleted object: %v, want a 404 from its GET", err)
	}
	if gets, pages := f.counts(); gets != gets0+2 || pages != 1 {
		t.Fatalf("%d GETs and %d pages, want %d and 1", gets, pages, gets0+2)
	}
}

// An object this process wrote within the window is read by GET, not from
// a listing that may predate the write.
func TestListingReads_writtenObjectReadByGet(t *testing.T) {
	f := newFakeUserPfxSet(50)
	r, _ := testListingReads(t, f)
	readUPN(t, r, "id-0000")
	readUPN(t, r, "id-0001")
	f.mu.Lock()
	f.objs["id-0005"] = "renamed@contoso.example"
	f.mu.Unlock()
	r.wrote("id-0005")
	if got := readUPN(t, r, "id-0005"); got != "renamed@contoso.example" {
		t.Fatalf("object written in this process read as %q, want its GET's value", got)
	}
	if got := readUPN(t, r, "id-0006"); got != "user6@contoso.example" {
		t.Fatalf("read %q", got)
	}
	if gets, pages := f.counts(); gets != 2 || pages != 1 {
		t.Fatalf("%d GETs and %d pages, want 2 (the first read, the written object) and 1", gets, pages)
	}
}

// Reads that arrive while a listing is in flight wait for it rather than
// each sending a GET.
func TestListingReads_concurrentReadsShareOneListing(t *testing.T) {
	f := newFakeUserPfxSet(100)
	r, _ := testListingReads(t, f)
	readUPN(t, r, "id-0000")
	f.release = make(chan struct{})
	const readers = 20
	waiting := make(chan struct{}, readers)
	r.onWait = func() { waiting <- struct{}{} }
	var wg sync.WaitGroup
	got := make([]string, readers)
	for i := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o, err := r.read(context.Background(), fmt.Sprintf("id-%04d", i+1))
			if err != nil {
				t.Error(err)
				return
			}
			got[i] = *o.GetUserPrincipalName()
		}()
	}
	for range readers - 1 { // every reader but the one that lists
		<-waiting
	}
	close(f.release)
	wg.Wait()
	for i, upn := range got {
		if want := fmt.Sprintf("user%d@contoso.example", i+1); upn != want {
			t.Fatalf("reader %d: %q, want %q", i, upn, want)
		}
	}
	if gets, pages := f.counts(); gets != 1 || pages != 1 {
		t.Fatalf("%d concurrent reads sent %d GETs and %d pages, want 1 (before) and 1", readers, gets, pages)
	}
}

// fakeConfigurationSet serves /deviceManagement/deviceConfigurations: trusted
// certificate profiles, read with $expand=assignments. Its listing honours
// $expand unless ignoreExpand (as a service that does not expand
// collections), and leaves out the certificate when bareCertificates. It
// records each listing's query.
type fakeConfigurationSet struct {
	mu               sync.Mutex
	n                int
	ignoreExpand     bool
	bareCertificates bool
	others           int // the last n of them are configurations of another type
	gets, pages      int
	queries          []string
}

func (f *fakeConfigurationSet) profile(id string, listed bool) map[string]any {
	o := map[string]any{"@odata.type": "#microsoft.graph.iosTrustedRootCertificate", "id": id,
		"displayName": "root " + id, "certFileName": "root.cer"}
	if strings.HasPrefix(id, "other-") { // a configuration of a type the client does not model
		return map[string]any{"@odata.type": "#microsoft.graph.windows10CustomConfiguration", "id": id,
			"displayName": "custom " + id, "omaSettings": []any{map[string]any{"omaUri": "./Device/Vendor/MSFT/x"}},
			"assignments": []any{}}
	}
	if !listed || !f.bareCertificates {
		o["trustedRootCertificate"] = "MIIB"
	}
	if !listed || !f.ignoreExpand {
		o["assignments"] = []any{}
	}
	return o
}

func (f *fakeConfigurationSet) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	const set = "/beta/deviceManagement/deviceConfigurations"
	w.Header().Set("Content-Type", "application/json")
	f.mu.Lock()
	defer f.mu.Unlock()
	if strings.HasSuffix(r.URL.Path, "/assign") && r.Method == http.MethodPost {
		_, _ = w.Write([]byte(`{"value":[]}`))
		return
	}
	if id, ok := strings.CutPrefix(r.URL.Path, set+"/"); ok {
		f.gets++
		if r.URL.Query().Get("$expand") != "assignments" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		_ = json.NewEncoder(w).Encode(f.profile(id, false))
		return
	}
	f.pages++
	f.queries = append(f.queries, r.URL.RawQuery)
	from, _ := strconv.Atoi(r.URL.Query().Get("$skiptoken"))
	to := min(from+100, f.n)
	var value []map[string]any
	for i := from; i < to; i++ {
		id := fmt.Sprintf("id-%04d", i)
		if i >= f.n-f.others {
			id = fmt.Sprintf("other-%04d", i)
		}
		value = append(value, f.profile(id, true))
	}
	out := map[string]any{"value": value}
	if r.URL.Query().Get("$count") == "true" {
		out["@odata.count"] = f.n
	}
	if to < f.n {
		q := r.URL.Query()
		q.Set("$skiptoken", strconv.Itoa(to))
		out["@odata.nextLink"] = "http://" + r.Host + set + "?" + q.Encode()
	}
	_ = json.NewEncoder(w).Encode(out)
}

// readProfiles reads the first n profiles of f through c's (a new
// client's when nil) DeviceConfigurationSet, each with its (empty)
// assignments and certificate.
func readProfiles(t *testing.T, f *fakeConfigurationSet, c *Client, n int) {
	t.Helper()
	if c == nil {
		c = newTestClient(t, f)
	}
	set := c.DeviceConfigurationSet()
	for i := range n {
		o, err := set.Get(context.Background(), fmt.Sprintf("id-%04d", i))
		if err != nil {
			t.Fatalf("read %d: %v", i, err)
		}
		if o.GetAssignments() == nil || o.String("trustedRootCertificate") == nil {
			t.Fatalf("read %d without its assignments or certificate", i)
		}
	}
}

// Profiles read from the listing when it carries the $expand'ed assignments:
// 250 reads cost what user PFX certificates cost, and every page of the
// listing asks for $count and $expand.
func TestListingReads_profilesWithAssignments(t *testing.T) {
	f := &fakeConfigurationSet{n: 250}
	readProfiles(t, f, nil, 250)
	if f.gets != 4 || f.pages != 4 {
		t.Fatalf("250 profile reads sent %d GETs and %d pages, want 4 and 4", f.gets, f.pages)
	}
	for _, q := range f.queries {
		v, _ := url.ParseQuery(q)
		if v.Get("$expand") != "assignments" {
			t.Fatalf("listing %q does not ask for $expand=assignments", q)
		}
	}
	if v, _ := url.ParseQuery(f.queries[0]); v.Get("$count") != "true" {
		t.Fatalf("first listing %q does not ask for $count=true", f.queries[0])
	}
}

// A listing without the assignments (the service ignored $expand) or
// without a trusted profile's certificate serves no read: every profile is
// read by GET, and the listing is not tried again.
func TestListingReads_profilesListedWithoutWhatAGetReturns(t *testing.T) {
	for name, f := range map[string]*fakeConfigurationSet{
		"assignments": {n: 250, ignoreExpand: true},
		"certificate": {n: 250, bareCertificates: true},
	} {
		t.Run(name, func(t *testing.T) {
			readProfiles(t, f, nil, 250)
			if f.gets != 250 || f.pages != 1 {
				t.Fatalf("250 reads sent %d GETs and %d pages, want 250 and 1 (the one listing that showed it lacks them)", f.gets, f.pages)
			}
		})
	}
}

// An assign is a write of the profile: the read after it is a GET, not the
// listing taken before it.
func TestListingReads_profileAssignedReadByGet(t *testing.T) {
	f := &fakeConfigurationSet{n: 50}
	c := newTestClient(t, f)
	readProfiles(t, f, c, 2) // a GET, then the first page: the whole set
	if err := c.AssignDeviceConfiguration(context.Background(), "id-0005", nil); err != nil {
		t.Fatal(err)
	}
	readProfiles(t, f, c, 10)
	if f.gets != 2 || f.pages != 1 {
		t.Fatalf("%d GETs and %d pages, want 2 (the first read, the assigned profile) and 1", f.gets, f.pages)
	}
}

// The listing holds the tenant's every configuration; only the profiles are
// kept to serve reads, the others (which the provider never reads) are not.
func TestListingReads_profilesAmongOtherConfigurations(t *testing.T) {
	f := &fakeConfigurationSet{n: 90, others: 40}
	c := newTestClient(t, f)
	readProfiles(t, f, c, 50)
	if f.gets != 1 || f.pages != 1 {
		t.Fatalf("50 reads sent %d GETs and %d pages, want 1 and 1", f.gets, f.pages)
	}
	if held := len(c.DeviceConfigurationSet().reads.last.objs); held != 50 {
		t.Fatalf("the listing holds %d configurations, want the 50 profiles", held)
	}
}
