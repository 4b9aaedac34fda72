package graph

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	jsonserialization "github.com/microsoft/kiota-serialization-json-go"
)

func ptr[T any](v T) *T { return &v }

func must1(v any, _ bool) any { return v }

// TestProfileSerializesOnlyItsTypesProperties: a profile writes its type's
// own properties and always @odata.type; a property its type does not carry
// is an error, never sent (Graph would refuse it) and never silently dropped.
func TestProfileSerializesOnlyItsTypesProperties(t *testing.T) {
	own := map[string]map[string]any{
		Windows10ImportedPfxType: {"intendedPurpose": "smimeEncryption", "keyStorageProvider": "useSoftwareKsp"},
		IosImportedPfxType:       {"intendedPurpose": "smimeEncryption"},
		MacOSImportedPfxType:     {"intendedPurpose": "smimeEncryption", "deploymentChannel": "userChannel"},
		AndroidDeviceOwnerImportedPfxType: {"intendedPurpose": "smimeEncryption", "certificateAccessType": "specificApps",
			"silentCertificateAccessDetails": []map[string]string{{"packageId": "com.example.mail"}}},
		AndroidForWorkImportedPfxType: {"intendedPurpose": "smimeEncryption"},
		AndroidImportedPfxType:        {"intendedPurpose": "smimeEncryption"},
		"#microsoft.graph.iosScepCertificateProfile": {"scepServerUrls": []string{"https://ndes.example/certsrv/mscep/mscep.dll"},
			"renewalThresholdPercentage": int32(20), "keyUsage": "keyEncipherment,digitalSignature"},
		"#microsoft.graph.macOSPkcsCertificateProfile": {"allowAllAppsAccess": true, "certificationAuthority": "ca.example"},
	}
	for typ, props := range own {
		m := NewDeviceConfiguration(typ)
		m.SetDisplayName(ptr("S/MIME"))
		m.SetRoleScopeTagIds([]string{"0"})
		m.SetId(ptr("server-id"))
		m.SetVersion(ptr(int32(3)))
		for k, v := range props {
			m.SetProperty(k, v)
		}
		got := toJSON(t, m)
		want := []string{"@odata.type", "displayName", "roleScopeTagIds"}
		for k := range props {
			want = append(want, k)
		}
		if len(got) != len(want) {
			t.Errorf("%s: wrote %v, want exactly %v", typ, got, want)
		}
		for _, k := range want {
			if _, ok := got[k]; !ok {
				t.Errorf("%s: %s missing from %v", typ, k, got)
			}
		}
		if got["@odata.type"] != typ {
			t.Errorf("@odata.type = %v, want %s", got["@odata.type"], typ)
		}
	}
	m := NewDeviceConfiguration(AndroidDeviceOwnerImportedPfxType)
	m.SetProperty("silentCertificateAccessDetails", []map[string]string{{"packageId": "com.example.mail"}})
	got := toJSON(t, m)
	silent := got["silentCertificateAccessDetails"].([]any)[0].(map[string]any)
	if silent["packageId"] != "com.example.mail" || silent["@odata.type"] != "#microsoft.graph.androidDeviceOwnerSilentCertificateAccess" {
		t.Errorf("silentCertificateAccessDetails = %v", silent)
	}
	wrong := NewDeviceConfiguration(IosImportedPfxType)
	wrong.SetProperty("keyStorageProvider", "useSoftwareKsp")
	if err := wrong.Serialize(jsonserialization.NewJsonSerializationWriter()); err == nil || !strings.Contains(err.Error(), "keyStorageProvider") {
		t.Errorf("an iOS profile with a Windows property serialised (err %v); Graph would reject the write", err)
	}
}

func TestProfilePatchBodyCarriesTypeAndNulls(t *testing.T) {
	m := NewDeviceConfiguration(MacOSImportedPfxType)
	m.SetNull("description")
	m.SetDisplayName(ptr("renamed"))
	got := toJSON(t, m)
	want := map[string]any{"@odata.type": MacOSImportedPfxType, "displayName": "renamed", "description": nil}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("PATCH body = %v, want %v", got, want)
	}
	if err := (&DeviceConfiguration{}).Serialize(jsonserialization.NewJsonSerializationWriter()); err == nil {
		t.Error("a profile without @odata.type serialised; Graph would reject the write")
	}
}

// TestAssignBody checks the /assign body: every target type with Graph's
// names, groupId only on the group targets, filters as given.
func TestAssignBody(t *testing.T) {
	body := &assignRequestBody{assignments: []*DeviceConfigurationAssignment{
		NewDeviceConfigurationAssignment(NewAssignmentTarget(GroupAssignmentTargetType, ptr("g1"), ptr("f1"), ptr("include"))),
		NewDeviceConfigurationAssignment(NewAssignmentTarget(ExclusionGroupAssignmentTargetType, ptr("g2"), nil, nil)),
		NewDeviceConfigurationAssignment(NewAssignmentTarget(AllLicensedUsersTargetType, ptr("ignored"), ptr("f2"), ptr("exclude"))),
		NewDeviceConfigurationAssignment(NewAssignmentTarget(AllDevicesTargetType, nil, nil, nil)),
	}}
	got := toJSON(t, body)
	want := map[string]any{"assignments": []any{
		map[string]any{"@odata.type": "#microsoft.graph.deviceConfigurationAssignment", "target": map[string]any{
			"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "g1",
			"deviceAndAppManagementAssignmentFilterId": "f1", "deviceAndAppManagementAssignmentFilterType": "include"}},
		map[string]any{"@odata.type": "#microsoft.graph.deviceConfigurationAssignment", "target": map[string]any{
			"@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget", "groupId": "g2"}},
		map[string]any{"@odata.type": "#microsoft.graph.deviceConfigurationAssignment", "target": map[string]any{
			"@odata.type": "#microsoft.graph.allLicensedUsersAssignmentTarget",
			"deviceAndAppManagementAssignmentFilterId": "f2", "deviceAndAppManagementAssignmentFilterType": "exclude"}},
		map[string]any{"@odata.type": "#microsoft.graph.deviceConfigurationAssignment", "target": map[string]any{
			"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}},
	}}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		t.Errorf("assign body =\n%s", g)
	}
	if got := toJSON(t, &assignRequestBody{assignments: []*DeviceConfigurationAssignment{}}); !reflect.DeepEqual(got, map[string]any{"assignments": []any{}}) {
		t.Errorf("empty set = %v, want an empty list (which removes every assignment)", got)
	}
}

// recorder is a fake Graph that answers from a table and records requests.
type recorder struct {
	mu   sync.Mutex
	reqs []string // "METHOD path?query body"
	answ map[string]string
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	var body io.Reader = req.Body
	if req.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(req.Body)
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		body = zr
	}
	b, _ := io.ReadAll(body)
	r.mu.Lock()
	r.reqs = append(r.reqs, req.Method+" "+req.URL.RequestURI()+" "+string(b))
	r.mu.Unlock()
	key := req.Method + " " + req.URL.Path
	answer, ok := r.answ[key+"?"+req.URL.RawQuery]
	if !ok {
		answer, ok = r.answ[key]
	}
	switch {
	case !ok:
		w.WriteHeader(404)
		_, _ = io.WriteString(w, `{"error":{"code":"ResourceNotFound","message":"no route `+key+`"}}`)
	case req.Method == http.MethodPost && strings.HasSuffix(req.URL.Path, "/deviceConfigurations"):
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(201)
		_, _ = io.WriteString(w, answer)
	case answer == "":
		w.WriteHeader(204)
	default:
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, answer)
	}
}

const profileJSON = `{"@odata.context":"x","@odata.type":"#microsoft.graph.androidDeviceOwnerImportedPFXCertificateProfile",
 "id":"p1","displayName":"S/MIME","description":null,"roleScopeTagIds":["0"],"version":2,
 "createdDateTime":"2026-01-02T03:04:05.1234567Z","lastModifiedDateTime":"2026-01-02T03:04:06Z",
 "intendedPurpose":"smimeSigning","certificateAccessType":"specificApps",
 "silentCertificateAccessDetails":[{"@odata.type":"#microsoft.graph.androidDeviceOwnerSilentCertificateAccess","packageId":"com.a"}],
 "assignments":[{"id":"a1","intent":"apply","source":"direct","sourceId":"p1","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget",
   "groupId":"g1","deviceAndAppManagementAssignmentFilterId":null,"deviceAndAppManagementAssignmentFilterType":"none"}}]}`

func TestProfileOperations(t *testing.T) {
	rec := &recorder{answ: map[string]string{
		"GET /beta/deviceManagement/deviceConfigurations/p1":         profileJSON,
		"POST /beta/deviceManagement/deviceConfigurations":           profileJSON,
		"PATCH /beta/deviceManagement/deviceConfigurations/p1":       profileJSON,
		"POST /beta/deviceManagement/deviceConfigurations/p1/assign": `{"value":[]}`,
		"DELETE /beta/deviceManagement/deviceConfigurations/p1":      "",
		"GET /beta/deviceManagement/deviceConfigurations/p1/microsoft.graph.androidDeviceOwnerImportedPFXCertificateProfile/managedDeviceCertificateStates": `{"value":[
		  {"id":"s1","deviceDisplayName":"phone","userDisplayName":"Alice","devicePlatform":"androidWorkProfile","certificateThumbprint":"ab",
		   "certificateIssuanceState":"installed","certificateExpirationDateTime":"2027-01-01T00:00:00Z","certificateErrorCode":0}],
		  "@odata.nextLink":"NEXT"}`,
	}}
	c := newTestClient(t, rec)
	next := c.cloud.GraphRoot + "/beta/deviceManagement/deviceConfigurations/p1/microsoft.graph.androidDeviceOwnerImportedPFXCertificateProfile/managedDeviceCertificateStates?$skiptoken=2"
	rec.answ["GET /beta/deviceManagement/deviceConfigurations/p1/microsoft.graph.androidDeviceOwnerImportedPFXCertificateProfile/managedDeviceCertificateStates"] =
		strings.Replace(rec.answ["GET /beta/deviceManagement/deviceConfigurations/p1/microsoft.graph.androidDeviceOwnerImportedPFXCertificateProfile/managedDeviceCertificateStates"], "NEXT", next, 1)
	rec.answ["GET /beta/deviceManagement/deviceConfigurations/p1/microsoft.graph.androidDeviceOwnerImportedPFXCertificateProfile/managedDeviceCertificateStates?$skiptoken=2"] = `{"value":[{"id":"s2"}]}`
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	p, err := c.DeviceConfigurationSet().Get(ctx, "p1")
	if err != nil {
		t.Fatal(err)
	}
	if *p.GetOdataType() != AndroidDeviceOwnerImportedPfxType || *p.GetVersion() != 2 || *p.String("certificateAccessType") != "specificApps" ||
		!reflect.DeepEqual(must1(p.Property("silentCertificateAccessDetails")), []map[string]string{{"packageId": "com.a"}}) || p.GetDescription() != nil {
		t.Errorf("decoded profile wrong: %+v", p)
	}
	if a := p.GetAssignments(); len(a) != 1 || *a[0].GetTarget().GetGroupId() != "g1" || *a[0].GetTarget().GetFilterType() != "none" ||
		*a[0].GetTarget().GetOdataType() != GroupAssignmentTargetType || a[0].GetTarget().GetFilterId() != nil {
		t.Errorf("decoded assignments wrong: %+v", a)
	}
	if _, err := c.DeviceConfigurationSet().Create(ctx, NewDeviceConfiguration(IosImportedPfxType)); err != nil {
		t.Fatal(err)
	}
	patch := NewDeviceConfiguration(AndroidDeviceOwnerImportedPfxType)
	patch.SetDisplayName(ptr("renamed"))
	if _, err := c.DeviceConfigurationSet().Update(ctx, "p1", "", patch); err != nil {
		t.Fatal(err)
	}
	if err := c.AssignDeviceConfiguration(ctx, "p1", nil); err != nil {
		t.Fatal(err)
	}
	var states []*ManagedDeviceCertificateState
	err = c.ListManagedDeviceCertificateStates(ctx, "p1", AndroidDeviceOwnerImportedPfxType, func(s *ManagedDeviceCertificateState) bool {
		states = append(states, s)
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(states) != 2 || *states[0].CertificateIssuanceState != "installed" || states[0].CertificateExpirationDateTime.Year() != 2027 {
		t.Errorf("states = %d, first %+v", len(states), states[0])
	}
	if err := c.DeviceConfigurationSet().Delete(ctx, "p1", ""); err != nil {
		t.Fatal(err)
	}

	want := []string{
		`GET /beta/deviceManagement/deviceConfigurations/p1?$expand=assignments `,
		`POST /beta/deviceManagement/deviceConfigurations {"@odata.type":"#microsoft.graph.iosImportedPFXCertificateProfile"}`,
		`PATCH /beta/deviceManagement/deviceConfigurations/p1 {"@odata.type":"#microsoft.graph.androidDeviceOwnerImportedPFXCertificateProfile","displayName":"renamed"}`,
		`POST /beta/deviceManagement/deviceConfigurations/p1/assign {"assignments":[]}`,
		`GET /beta/deviceManagement/deviceConfigurations/p1/microsoft.graph.androidDeviceOwnerImportedPFXCertificateProfile/managedDeviceCertificateStates `,
		`GET /beta/deviceManagement/deviceConfigurations/p1/microsoft.graph.androidDeviceOwnerImportedPFXCertificateProfile/managedDeviceCertificateStates?$skiptoken=2 `,
		`DELETE /beta/deviceManagement/deviceConfigurations/p1 `,
	}
	if !reflect.DeepEqual(rec.reqs, want) {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(rec.reqs, "\n"), strings.Join(want, "\n"))
	}
}

// TestProfileOddAnswers: an answer the client cannot use is an error that
// says why, never a profile without an id.
func TestProfileOddAnswers(t *testing.T) {
	rec := &recorder{answ: map[string]string{
		"GET /beta/deviceManagement/deviceConfigurations/empty":                                                                              "",
		"GET /beta/deviceManagement/deviceConfigurations/noid":                                                                               `{"@odata.type":"#microsoft.graph.iosImportedPFXCertificateProfile","displayName":"x"}`,
		"GET /beta/deviceManagement/deviceConfigurations/badtype":                                                                            `{"id":"badtype","version":"two"}`,
		"POST /beta/deviceManagement/deviceConfigurations":                                                                                   `{"displayName":"no id"}`,
		"GET /beta/deviceManagement/deviceConfigurations/p1/microsoft.graph.iosImportedPFXCertificateProfile/managedDeviceCertificateStates": `{"value":[{"deviceDisplayName":"no id"}]}`,
	}}
	c := newTestClient(t, rec)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for id, want := range map[string]string{"empty": "the response has no body", "noid": "the response has no id", "badtype": "property version"} {
		if _, err := c.DeviceConfigurationSet().Get(ctx, id); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("GET %s: error %v, want one saying %q", id, err, want)
		}
	}
	if _, err := c.DeviceConfigurationSet().Create(ctx, NewDeviceConfiguration(IosImportedPfxType)); err == nil ||
		!strings.Contains(err.Error(), "may have been created") {
		t.Errorf("create without id: %v", err)
	}
	err := c.ListManagedDeviceCertificateStates(ctx, "p1", IosImportedPfxType, func(*ManagedDeviceCertificateState) bool { return true })
	if err == nil || !strings.Contains(err.Error(), "has no id") {
		t.Errorf("a state without id: %v", err)
	}
}
