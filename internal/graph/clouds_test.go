package graph

import (
	"strings"
	"testing"
)

func TestCloudTable(t *testing.T) {
	cases := []struct {
		environments []string
		graph, login string
		scope, host  string
	}{
		{[]string{"", "global", "public", " Public "}, "https://graph.microsoft.com", "https://login.microsoftonline.com",
			"https://graph.microsoft.com/.default", "graph.microsoft.com"},
		{[]string{"usgovernmentl4", "usgovernment", "USGovernment"}, "https://graph.microsoft.us", "https://login.microsoftonline.us",
			"https://graph.microsoft.us/.default", "graph.microsoft.us"},
		{[]string{"usgovernmentl5", "dod"}, "https://dod-graph.microsoft.us", "https://login.microsoftonline.us",
			"https://dod-graph.microsoft.us/.default", "dod-graph.microsoft.us"},
		{[]string{"china"}, "https://microsoftgraph.chinacloudapi.cn", "https://login.chinacloudapi.cn",
			"https://microsoftgraph.chinacloudapi.cn/.default", "microsoftgraph.chinacloudapi.cn"},
	}
	for _, tc := range cases {
		for _, env := range tc.environments {
			c, err := LookupCloud(env)
			if err != nil {
				t.Fatalf("%q: %v", env, err)
			}
			if c.GraphRoot != tc.graph || c.AuthorityHost != tc.login || c.Scope() != tc.scope || c.GraphHost() != tc.host {
				t.Errorf("%q: got %+v scope %s host %s", env, c, c.Scope(), c.GraphHost())
			}
			if !IsMicrosoftAuthority(c.AuthorityHost) {
				t.Errorf("%q: %s is not taken for a Microsoft authority, so instance discovery would be off", env, c.AuthorityHost)
			}
		}
	}
	if len(EnvironmentNames()) != 7 {
		t.Errorf("environment names %v", EnvironmentNames())
	}
}

func TestUnknownEnvironment(t *testing.T) {
	_, err := LookupCloud("germany")
	if err == nil || !strings.Contains(err.Error(), `unknown environment "germany"`) || !strings.Contains(err.Error(), "usgovernmentl5") {
		t.Fatalf("%v", err)
	}
}

func TestResolveCloudOverrides(t *testing.T) {
	c, err := ResolveCloud(Settings{Environment: "china", GraphEndpoint: "https://graph.example.test:8443/", AuthorityHost: "https://login.example.test"})
	if err != nil {
		t.Fatal(err)
	}
	if c.GraphRoot != "https://graph.example.test:8443" || c.AuthorityHost != "https://login.example.test" ||
		c.Scope() != "https://graph.example.test:8443/.default" || c.GraphHost() != "graph.example.test" {
		t.Fatalf("%+v", c)
	}
	if IsMicrosoftAuthority(c.AuthorityHost) {
		t.Fatal("a private authority must turn instance discovery off")
	}
	for _, bad := range []Settings{
		{GraphEndpoint: "http://graph.example.test"},
		{GraphEndpoint: "https://graph.example.test/beta"},
		{AuthorityHost: "login.example.test"},
		{Environment: "mars"},
	} {
		if _, err := ResolveCloud(bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
