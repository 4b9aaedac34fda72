package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImports holds two choices DESIGN.md explains: the provider imports
// none of the beta SDK but its error models (its root and models packages
// cost minutes and gigabytes per clean build), and the emulator imports
// neither the Graph client nor the provider (it is an independent
// implementation, so a wrong JSON name in the client fails a test).
func TestImports(t *testing.T) {
	const module = "github.com/openintune/terraform-provider-intune"
	for _, tc := range []struct {
		pkgs      string
		forbidden func(string) bool
		why       string
	}{
		{".", func(p string) bool {
			return strings.HasPrefix(p, "github.com/microsoftgraph/msgraph-beta-sdk-go") &&
				p != "github.com/microsoftgraph/msgraph-beta-sdk-go/models/odataerrors"
		}, "write a kiota-style model in internal/graph instead"},
		{"./internal/emulator/...", func(p string) bool {
			return strings.HasPrefix(p, module+"/internal/graph") || strings.HasPrefix(p, module+"/internal/provider")
		}, "the emulator must stay independent of the client it tests"},
	} {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", tc.pkgs).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", tc.pkgs, err)
		}
		deps := strings.Fields(string(out))
		if len(deps) < 10 {
			t.Fatalf("go list %s listed only %v", tc.pkgs, deps)
		}
		for _, p := range deps {
			if tc.forbidden(p) {
				t.Errorf("%s depends on %s: %s", tc.pkgs, p, tc.why)
			}
		}
	}
}
