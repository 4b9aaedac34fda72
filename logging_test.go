package main

import (
	"os"
	"testing"
)

func TestQuietUnrecordedLogs(t *testing.T) {
	quiet := []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_INTUNE"}
	for _, tc := range []struct {
		name string
		env  map[string]string
		want map[string]string // "" means unset
	}{
		{"nothing recorded", nil,
			map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_PROTO": "off", "TF_LOG_SDK_FRAMEWORK": "off", "TF_LOG_PROVIDER_INTUNE": "off"}},
		{"TF_LOG set", map[string]string{"TF_LOG": "trace"}, map[string]string{}},
		{"TF_LOG_PROVIDER set", map[string]string{"TF_LOG_PROVIDER": "debug"}, map[string]string{}},
		{"TF_LOG off", map[string]string{"TF_LOG": "OFF"},
			map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_PROTO": "off", "TF_LOG_SDK_FRAMEWORK": "off", "TF_LOG_PROVIDER_INTUNE": "off"}},
		{"TF_LOG_PROVIDER off wins over TF_LOG", map[string]string{"TF_LOG": "trace", "TF_LOG_PROVIDER": "off"},
			map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_PROTO": "off", "TF_LOG_SDK_FRAMEWORK": "off", "TF_LOG_PROVIDER_INTUNE": "off"}},
		{"explicit level kept", map[string]string{"TF_LOG_SDK_FRAMEWORK": "debug"},
			map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_PROTO": "off", "TF_LOG_SDK_FRAMEWORK": "debug", "TF_LOG_PROVIDER_INTUNE": "off"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, k := range append(quiet, "TF_LOG", "TF_LOG_PROVIDER", "TF_TEMP_LOG_PATH") {
				t.Setenv(k, "")
				os.Unsetenv(k)
			}
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			quietUnrecordedLogs()
			for _, k := range quiet {
				if got := os.Getenv(k); got != tc.want[k] {
					t.Errorf("%s = %q, want %q", k, got, tc.want[k])
				}
			}
		})
	}
}
