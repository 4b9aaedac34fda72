package main

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestReleaseLayout: the release assets carry the names both the Terraform
// Registry and the OpenTofu Registry look for, and the manifest names the one
// plugin protocol the provider serves (providerserver.Serve: protocol 6). The
// OpenTofu Registry assumes protocol 5.0 for a release without the manifest.
func TestReleaseLayout(t *testing.T) {
	b, err := os.ReadFile("terraform-registry-manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var manifest struct {
		Version  int `json:"version"`
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(b, &manifest); err != nil {
		t.Fatalf("terraform-registry-manifest.json: %v", err)
	}
	if manifest.Version != 1 || len(manifest.Metadata.ProtocolVersions) != 1 || manifest.Metadata.ProtocolVersions[0] != "6.0" {
		t.Errorf("terraform-registry-manifest.json = %s; want version 1 and protocol_versions [\"6.0\"]", b)
	}

	b, err = os.ReadFile(".goreleaser.yml")
	if err != nil {
		t.Fatal(err)
	}
	g := string(b)
	for _, want := range []string{
		"project_name: terraform-provider-intune\n",
		// The zip per platform, and the checksums file that lists them.
		`name_template: "{{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}"`,
		`name_template: "{{ .ProjectName }}_{{ .Version }}_SHA256SUMS"`,
		// A detached signature of the checksums file: <checksums>.sig.
		"signs:\n  - artifacts: checksum\n",
	} {
		if !strings.Contains(g, want) {
			t.Errorf(".goreleaser.yml has no %q", want)
		}
	}
	// The manifest as a release asset, where the OpenTofu Registry reads the protocol.
	_, release, _ := strings.Cut(g, "\nrelease:\n")
	if !regexp.MustCompile(`extra_files:\s+- glob: terraform-registry-manifest\.json\s+name_template: "\{\{ \.ProjectName \}\}_\{\{ \.Version \}\}_manifest\.json"`).MatchString(release) {
		t.Errorf(".goreleaser.yml does not upload terraform-registry-manifest.json as the release asset {{ .ProjectName }}_{{ .Version }}_manifest.json")
	}
	// Every platform built must be one the OpenTofu Registry collects.
	_, goos, _ := strings.Cut(g, "goos:\n")
	goos, _, _ = strings.Cut(goos, "goarch:")
	for _, m := range regexp.MustCompile(`- (\w+)`).FindAllStringSubmatch(goos, -1) {
		switch m[1] {
		case "darwin", "freebsd", "linux", "windows", "openbsd", "solaris":
		default:
			t.Errorf(".goreleaser.yml builds for %s, which the OpenTofu Registry does not collect", m[1])
		}
	}
}
