package provider

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// mdLink matches the target of a Markdown link or image.
var mdLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// TestDocsLinksWorkOnTheRegistry: the Registry shows docs/ page by page, so a
// link works only when it is an absolute URL or leads to another page of
// docs/; a path into the repository (contributing/, examples/) is a dead link
// there.
func TestDocsLinksWorkOnTheRegistry(t *testing.T) {
	root := filepath.Join("..", "..", "docs")
	pages := 0
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		pages++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range mdLink.FindAllStringSubmatch(string(b), -1) {
			u, err := url.Parse(m[1])
			if err != nil {
				t.Errorf("%s: link %q does not parse: %v", p, m[1], err)
				continue
			}
			if u.Scheme != "" || u.Path == "" {
				continue // absolute, or an anchor on the same page
			}
			// The Registry addresses a page with or without its .md.
			target := filepath.Join(filepath.Dir(p), filepath.FromSlash(strings.TrimSuffix(u.Path, ".md"))) + ".md"
			rel, err := filepath.Rel(root, target)
			if _, serr := os.Stat(target); serr != nil || err != nil || strings.HasPrefix(rel, "..") {
				t.Errorf("%s: link %q is not a page of docs/; link to the repository by its absolute URL", p, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages == 0 {
		t.Fatalf("no pages under %s", root)
	}
}
