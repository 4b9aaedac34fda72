package pfx

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// requireOpenSSL skips a known-answer test against openssl where openssl is
// not installed, except in CI (CI set, as CI systems and .ci/run set it),
// where a skipped known-answer test would pass unseen: there it fails.
func requireOpenSSL(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("openssl is required when CI is set (%v): install it (Debian: apt-get install openssl) so the known-answer tests run", err)
		}
		t.Skip("openssl is not installed; this known-answer test runs where it is (and must, when CI is set)")
	}
}

// TestOpenSSLRequiredInCI runs the known-answer tests in a child process
// whose PATH has no openssl: with CI set they fail, without it they skip.
func TestOpenSSLRequiredInCI(t *testing.T) {
	if os.Getenv("INTUNE_TEST_NO_OPENSSL_CHILD") != "" {
		t.Skip("the child process runs the known-answer tests only")
	}
	for _, ci := range []string{"true", ""} {
		cmd := exec.Command(os.Args[0], "-test.run=^(TestOpenOpenSSLFiles|TestEncryptPasswordOpenSSLDecrypts)$", "-test.count=1", "-test.v")
		cmd.Env = []string{"PATH=" + t.TempDir(), "CI=" + ci, "INTUNE_TEST_NO_OPENSSL_CHILD=1", "HOME=" + os.Getenv("HOME")}
		out, err := cmd.CombinedOutput()
		got := string(out)
		switch {
		case ci != "" && (err == nil || strings.Count(got, "openssl is required when CI is set") != 2):
			t.Errorf("CI=%s without openssl: want both tests to fail, got (%v):\n%s", ci, err, got)
		case ci == "" && (err != nil || strings.Count(got, "--- SKIP") != 2):
			t.Errorf("CI unset without openssl: want both tests skipped, got (%v):\n%s", err, got)
		}
	}
}
