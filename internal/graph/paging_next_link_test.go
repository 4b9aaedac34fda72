package graph

import "testing"

// TestAtGraphRoot: a next link is followed only to the client's own Graph
// root, compared by parsed scheme, host and port, so the token goes nowhere
// else; a link that differs only in the host's case or a written-out default
// port is the same root.
func TestAtGraphRoot(t *testing.T) {
	cases := []struct {
		root, link string
		want       bool
	}{
		{"https://graph.microsoft.com", "https://graph.microsoft.com/beta/x?$skiptoken=1", true},
		{"https://graph.microsoft.com", "https://GRAPH.Microsoft.com/beta/x?$skiptoken=1", true},
		{"https://graph.microsoft.com", "HTTPS://graph.microsoft.com/beta/x", true},
		{"https://graph.microsoft.com", "https://graph.microsoft.com:443/beta/x", true},
		{"https://graph.microsoft.com:443", "https://graph.microsoft.com/beta/x", true},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/beta/x", true},
		{"https://graph.microsoft.com", "https://graph.microsoft.com", true},

		{"https://graph.microsoft.com", "http://graph.microsoft.com/beta/x", false},
		{"https://graph.microsoft.com", "https://graph.microsoft.com:8443/beta/x", false},
		{"https://graph.microsoft.com", "https://graph.microsoft.com:80/beta/x", false},
		{"http://127.0.0.1:8080", "http://127.0.0.1/beta/x", false},
		{"https://graph.microsoft.com", "https://graph.microsoft.com.evil.example/beta/x", false},
		{"https://graph.microsoft.com", "https://graph.microsoft.com@evil.example/beta/x", false},
		{"https://graph.microsoft.com", "https://user@graph.microsoft.com/beta/x", false},
		{"https://graph.microsoft.com", "https://graph.microsoft.com:@graph.microsoft.com/beta/x", false},
		{"https://graph.microsoft.com", "https://evil.example/https://graph.microsoft.com/beta/x", false},
		{"https://graph.microsoft.com", "//graph.microsoft.com/beta/x", false},
		{"https://graph.microsoft.com", "/beta/x", false},
		{"https://graph.microsoft.com", "https:graph.microsoft.com/beta/x", false},
		{"https://graph.microsoft.com", "https://graph.microsoft.com%2eevil.example/beta/x", false},
		{"https://graph.microsoft.com", "ftp://graph.microsoft.com/beta/x", false},
		{"https://graph.microsoft.com", "https://[::1]/beta/x", false},
	}
	for _, tc := range cases {
		if got := atGraphRoot(tc.link, tc.root); got != tc.want {
			t.Errorf("atGraphRoot(%q, %q) = %v, want %v", tc.link, tc.root, got, tc.want)
		}
	}
}
