package provider

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/openintune/terraform-provider-intune/internal/emulator"
)

const encryption = "  intended_purpose = \"smimeEncryption\""

// renewalRefused is the plan-time error for a new certificate on an
// encryption certificate's instance; it names pfx_wo and the way out.
var renewalRefused = regexp.MustCompile(`(?s)An S/MIME encryption certificate is not replaced by its renewal.*` +
	`pfx_wo holds another certificate.*Add the renewed certificate as a new resource\s+instance`)

// expectHolds checks that Intune holds exactly these certificates of upn.
func expectHolds(t *testing.T, upn string, thumbprints ...string) statecheck.StateCheck {
	return checkFunc(func() error {
		found, err := userPfxOf(t, upn)
		if err != nil {
			return fmt.Errorf("listing the certificates of %s: %w", upn, err)
		}
		var got []string
		for _, o := range found {
			got = append(got, *o.GetThumbprint())
		}
		want := append([]string(nil), thumbprints...)
		sort.Strings(got)
		sort.Strings(want)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			return fmt.Errorf("Intune holds the certificates %v of %s, want %v", got, upn, want)
		}
		return nil
	})
}

// writesTo counts the requests with these methods the emulator saw for id.
func writesTo(e *emulator.Emulator, id string, methods ...string) int {
	n := 0
	for _, le := range e.Log() {
		if le.Server == "graph" && slices.Contains(methods, le.Method) && strings.Contains(le.Path, id) {
			n++
		}
	}
	return n
}

// TestAccUserPfxCertificate_encryptionRenewalRefused: a new file on an
// smimeEncryption certificate's instance is a plan-time error naming pfx_wo,
// also when the purpose changes with it, and an error at apply for a file
// known only then; the old certificate is neither changed nor deleted. The
// same certificate known only at apply is an update, and the renewal added
// as a second instance keeps both certificates in Intune.
func TestAccUserPfxCertificate_encryptionRenewalRefused(t *testing.T) {
	dir, keys, nb, na := upfxFixture(t)
	pw := writeTempFile(t, "pw", "Pa55-w0rd!")
	first := writeTestPfx(t, dir, "first", pkcs12.Modern, "Pa55-w0rd!", nb, na)
	renewed := writeTestPfx(t, dir, "renewed", pkcs12.Modern, "Pa55-w0rd!", nb.Add(time.Hour), na.AddDate(1, 0, 0))
	upn := testUPN()
	firstID := emulator.UserPfxCertificateID(upn, first.thumbprint)
	old := upfxConfig{UPN: upn, PFX: first.path, PasswordFile: pw, Key: keys["spki"], Extra: encryption}
	swapped := old
	swapped.PFX = renewed.path
	signing := swapped
	signing.Extra = "  intended_purpose = \"smimeSigning\""
	second := swapped
	second.Name = "renewed"
	// The PFX known only at apply: it depends on a resource created then.
	atApply := func(c upfxConfig, name string) string {
		return strings.Replace(c.hcl(), "pfx_wo                = ", "pfx_wo = terraform_data."+name+".id == \"\" ? \"\" : ", 1) +
			"\nresource \"terraform_data\" \"" + name + "\" {}\n"
	}
	untouched := emulatorCheck(func(e *emulator.Emulator) error {
		if n := writesTo(e, firstID, "PATCH", "DELETE"); n != 0 {
			return fmt.Errorf("%d PATCH or DELETE requests for the encryption certificate %s, want none", n, firstID)
		}
		return nil
	})
	kept := emulatorCheck(func(e *emulator.Emulator) error {
		if n := writesTo(e, firstID, "DELETE"); n != 0 {
			return fmt.Errorf("%d DELETE requests for the encryption certificate %s, want none", n, firstID)
		}
		return nil
	})

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkUserPfxDestroyed(t, upn),
		Steps: []resource.TestStep{
			{Config: old.hcl()},
			{Config: swapped.hcl(), ExpectError: renewalRefused},
			{Config: signing.hcl(), ExpectError: renewalRefused},
			{
				// Refused at apply, before anything is sent.
				Config:      atApply(swapped, "later"),
				ExpectError: renewalRefused,
			},
			{
				// Nothing was sent for the refused plans.
				Config:            atApply(old, "later"),
				PlanOnly:          true,
				ConfigStateChecks: []statecheck.StateCheck{untouched, expectHolds(t, upn, first.thumbprint)},
			},
			{
				// The same certificate known only at apply: an update, no
				// replace.
				Config: atApply(old, "same_later"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(upfxResource, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{kept, expectHolds(t, upn, first.thumbprint)},
			},
			{
				// The renewal as a new instance: both certificates stay.
				Config: old.hcl() + second.resource(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(upfxResource, plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction("intune_user_pfx_certificate.renewed", plancheck.ResourceActionCreate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					kept,
					expectHolds(t, upn, first.thumbprint, renewed.thumbprint),
					expectImport(upn, "POST", "oaepSha512", renewed.thumbprint),
				},
			},
			{
				// Removing the old instance deliberately deletes only it.
				Config:            second.hcl(),
				ConfigStateChecks: []statecheck.StateCheck{expectHolds(t, upn, renewed.thumbprint)},
			},
		},
	})
}

// TestAccUserPfxCertificate_renewalReplacesOtherPurposes: for unassigned and
// smimeSigning certificates a new file still replaces the certificate, also
// when it becomes an encryption certificate at the same time (what a replace
// deletes is then a signing certificate).
func TestAccUserPfxCertificate_renewalReplacesOtherPurposes(t *testing.T) {
	dir, keys, nb, na := upfxFixture(t)
	pw := writeTempFile(t, "pw", "Pa55-w0rd!")
	var files []testPfxFile
	for i := range 3 {
		files = append(files, writeTestPfx(t, dir, fmt.Sprint("cert", i), pkcs12.Modern, "Pa55-w0rd!", nb, na.AddDate(i, 0, 0)))
	}
	upn := testUPN()
	cfg := func(i int, purpose string) string {
		return upfxConfig{UPN: upn, PFX: files[i].path, PasswordFile: pw, Key: keys["spki"],
			Extra: "  intended_purpose = \"" + purpose + "\""}.hcl()
	}
	replaced := resource.ConfigPlanChecks{
		PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(upfxResource, plancheck.ResourceActionDestroyBeforeCreate)},
		PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
	}

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             checkUserPfxDestroyed(t, upn),
		Steps: []resource.TestStep{
			{Config: cfg(0, "unassigned")},
			{Config: cfg(1, "unassigned"), ConfigPlanChecks: replaced,
				ConfigStateChecks: []statecheck.StateCheck{expectHolds(t, upn, files[1].thumbprint)}},
			{Config: cfg(1, "smimeSigning")},
			{Config: cfg(2, "smimeEncryption"), ConfigPlanChecks: replaced,
				ConfigStateChecks: []statecheck.StateCheck{expectHolds(t, upn, files[2].thumbprint)}},
		},
	})
}

// TestAccUserPfxCertificate_encryptionReplaceOnRequest drives the CLI
// directly, as terraform-plugin-testing has no -replace: -replace re-imports
// an encryption certificate with its own file; with a renewed file it meets
// the same refusal (Terraform plans the update with the provider before it
// replaces, and does not tell the provider why), and the renewal under a new
// name with the old instance removed, as the error says, replaces it on
// purpose in one apply.
func TestAccUserPfxCertificate_encryptionReplaceOnRequest(t *testing.T) {
	dir, keys, nb, na := upfxFixture(t)
	pw := writeTempFile(t, "pw", "Pa55-w0rd!")
	first := writeTestPfx(t, dir, "first", pkcs12.Modern, "Pa55-w0rd!", nb, na)
	renewed := writeTestPfx(t, dir, "renewed", pkcs12.Modern, "Pa55-w0rd!", nb, na.AddDate(1, 0, 0))
	upn := testUPN()
	firstID := emulator.UserPfxCertificateID(upn, first.thumbprint)
	cfg := upfxConfig{UPN: upn, PFX: first.path, PasswordFile: pw, Key: keys["spki"], Extra: encryption}
	d := newCLIDir(t)
	d.write(cfg.hcl())
	d.must("init", "-input=false")
	d.must("apply", "-auto-approve", "-input=false")
	deletes := func() int { return writesTo(testEmulator, firstID, "DELETE") }

	before := deletes()
	out := d.must("apply", "-auto-approve", "-input=false", "-replace="+upfxResource)
	if !strings.Contains(out, "1 added, 0 changed, 1 destroyed") || deletes() != before+1 {
		t.Errorf("-replace did not delete and re-import the certificate (%d DELETE requests):\n%s", deletes()-before, out)
	}
	if ids := d.stateIDs(); ids[upfxResource] != firstID {
		t.Errorf("after -replace the state holds %q, want %q", ids[upfxResource], firstID)
	}
	if err := expectHoldsNow(t, upn, first.thumbprint); err != nil {
		t.Error(err)
	}

	cfg.PFX = renewed.path
	d.write(cfg.hcl())
	out, err := d.run(true, "apply", "-auto-approve", "-input=false", "-replace="+upfxResource)
	if err == nil || !renewalRefused.MatchString(out) {
		t.Errorf("-replace with a renewed encryption certificate was not refused (%v):\n%s", err, out)
	}
	if err := expectHoldsNow(t, upn, first.thumbprint); err != nil {
		t.Error(err)
	}

	// On purpose: the renewal under a new name and the old instance gone,
	// in one apply whose plan shows the deletion.
	cfg.Name = "renewed"
	d.write(cfg.hcl())
	out = d.must("apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, upfxResource+" will be destroyed") || !strings.Contains(out, "1 added, 0 changed, 1 destroyed") {
		t.Errorf("the deliberate replacement did not show and apply the deletion:\n%s", out)
	}
	if err := expectHoldsNow(t, upn, renewed.thumbprint); err != nil {
		t.Error(err)
	}
	d.must("destroy", "-auto-approve", "-input=false")
	if err := checkUserPfxDestroyed(t, upn)(nil); err != nil {
		t.Error(err)
	}
}

// expectHoldsNow is expectHolds, checked at once.
func expectHoldsNow(t *testing.T, upn string, thumbprints ...string) error {
	var resp statecheck.CheckStateResponse
	expectHolds(t, upn, thumbprints...).CheckState(t.Context(), statecheck.CheckStateRequest{}, &resp)
	return resp.Error
}
