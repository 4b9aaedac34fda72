package provider

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// subtests runs a test's cases as subtests and skips the parent when every
// one of them skipped, so a parent whose cases all skipped is not a pass.
type subtests struct {
	t   *testing.T
	ran bool
}

func (s *subtests) run(name string, f func(t *testing.T)) {
	s.t.Run(name, func(t *testing.T) {
		t.Cleanup(func() {
			if !t.Skipped() {
				s.ran = true
			}
		})
		f(t)
	})
}

// done skips the parent when no subtest ran. Call it after the last run.
func (s *subtests) done() {
	s.t.Helper()
	if !s.ran {
		s.t.Skip("every subtest skipped; their reasons are above")
	}
}

// TestSkipReasons runs acceptance tests with subtests in a child process,
// without TF_ACC and then against a (fake) real tenant: each skip says which
// of the two it is, and each parent whose subtests all skipped is itself
// skipped, not passed. Nothing is sent: every test here skips before its
// first request.
func TestSkipReasons(t *testing.T) {
	if os.Getenv("INTUNE_TEST_SKIP_REASONS_CHILD") != "" {
		t.Skip("runs only in the parent process")
	}
	parents := []string{"TestAccPfxRecryptionRequest_unknownCreate", "TestAccPfxRecryptionRequest_unknownUpdate",
		"TestAccPfxRecryptionRequest_clockSkew", "TestAccUserPfxCertificate_unknownUpdate",
		"TestAccImportedPfxProfile_updateFaults", "TestAccUserPfxCertificate_lifecycle"}
	var clean []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k != "TF_ACC" && k != "INTUNE_ACC_REAL_TENANT" && !strings.HasPrefix(k, "ARM_") {
			clean = append(clean, kv)
		}
	}
	for _, tc := range []struct {
		name, reason string
		env          []string
	}{
		{"TF_ACC unset", skipNoTFAcc, nil},
		{"real tenant", skipRealTenant, []string{"TF_ACC=1", "INTUNE_ACC_REAL_TENANT=1", "ARM_TENANT_ID=t", "ARM_CLIENT_ID=c", "ARM_CLIENT_SECRET=s"}},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^("+strings.Join(parents, "|")+")$", "-test.count=1", "-test.v")
		cmd.Env = append(append(clean, "INTUNE_TEST_SKIP_REASONS_CHILD=1"), tc.env...)
		out, err := cmd.CombinedOutput()
		got := string(out)
		if err != nil {
			t.Errorf("%s: the child run failed (%v):\n%s", tc.name, err, got)
			continue
		}
		for _, p := range parents {
			if !regexp.MustCompile(`(?m)^--- SKIP: ` + p + ` \(`).MatchString(got) {
				t.Errorf("%s: %s is not reported skipped:\n%s", tc.name, p, got)
			}
		}
		if strings.Contains(got, "--- PASS") {
			t.Errorf("%s: something passed without running:\n%s", tc.name, got)
		}
		if !strings.Contains(got, tc.reason) {
			t.Errorf("%s: no skip says %q:\n%s", tc.name, tc.reason, got)
		}
	}
}
