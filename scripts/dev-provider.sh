#!/usr/bin/env bash
# Builds the provider from this working tree and prepares Terraform to use it
# without a registry:
#
#   scripts/dev-provider.sh DIR
#
# leaves in DIR
#   bin/terraform-provider-intune  the provider binary
#   terraformrc                    a CLI configuration whose dev_overrides point
#                                  the provider's registry address at bin/
#   schema.json                    `terraform providers schema -json` of that build
#   address                        the registry address (from provider.Address)
# and prints the path of the Terraform CLI it used. Callers export
# TF_CLI_CONFIG_FILE=DIR/terraformrc to run Terraform against the local build.
set -euo pipefail

dir="${1:?usage: $0 DIR}"
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$dir/bin" "$dir/schema-ws"
dir=$(cd "$dir" && pwd)

address=$(sed -n 's/^const Address = "\([^"]*\)".*/\1/p' "$root/internal/provider/provider.go")
[ -n "$address" ] || { echo "$0: cannot find 'const Address = \"...\"' in internal/provider/provider.go" >&2; exit 1; }
echo "$address" >"$dir/address"

tf=$("$root/scripts/terraform-cli.sh")
# Plain flags, so the build shares the Go cache with go vet and go test.
(cd "$root" && go build -o "$dir/bin/terraform-provider-intune" .)

# Both registry hosts: OpenTofu resolves source = "openintune/intune" to
# registry.opentofu.org, Terraform to registry.terraform.io.
cat >"$dir/terraformrc" <<EOF
provider_installation {
  dev_overrides {
    "$address" = "$dir/bin"
    "registry.opentofu.org/${address#*/}" = "$dir/bin"
  }
  direct {}
}
EOF

# A configuration that names the provider by its full address is all that
# `providers schema` needs; dev_overrides make `terraform init` unnecessary.
source_addr=${address#registry.terraform.io/}
cat >"$dir/schema-ws/main.tf" <<EOF
terraform {
  required_providers {
    intune = {
      source = "$source_addr"
    }
  }
}
EOF
(cd "$dir/schema-ws" && CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE="$dir/terraformrc" \
  "$tf" providers schema -json >"$dir/schema.json" 2>"$dir/schema.stderr") || {
  cat "$dir/schema.stderr" >&2
  echo "$0: terraform providers schema failed" >&2
  exit 1
}
jq -e --arg a "$address" '.provider_schemas[$a]' "$dir/schema.json" >/dev/null || {
  echo "$0: the schema output has no provider $address" >&2
  exit 1
}
echo "$tf"
