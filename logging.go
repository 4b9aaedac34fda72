package main

import (
	"os"
	"strings"
)

// quietUnrecordedLogs turns the provider's and the SDK's logs off when
// Terraform will not record them. terraform-plugin-go and the framework log
// every RPC at TRACE level unless told otherwise, as JSON lines on stderr, and
// Terraform parses each line only to drop it unless TF_LOG or TF_LOG_PROVIDER
// is set. Terraform passes its environment to the provider, so the provider
// sees the same variables. What the discarded logs cost: DESIGN.md. A level
// set explicitly is left alone.
func quietUnrecordedLogs() {
	// Terraform's rule: TF_LOG_PROVIDER, else TF_LOG; empty or "off" records nothing.
	level := os.Getenv("TF_LOG_PROVIDER")
	if level == "" {
		level = os.Getenv("TF_LOG")
	}
	if (level != "" && !strings.EqualFold(level, "off")) || os.Getenv("TF_TEMP_LOG_PATH") != "" {
		return
	}
	for _, k := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_INTUNE"} {
		if _, set := os.LookupEnv(k); !set {
			_ = os.Setenv(k, "off")
		}
	}
}
