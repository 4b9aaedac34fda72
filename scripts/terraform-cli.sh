#!/usr/bin/env bash
# Prints the absolute path of a Terraform CLI at least as new as the pinned
# version. Uses `terraform` from PATH when it is new enough; otherwise builds
# the pinned version from the Go module proxy (tools/terraform) into a cache
# outside the repository and reuses it on later runs.
set -euo pipefail

want="1.16.4"
root=$(cd "$(dirname "$0")/.." && pwd)
cache="${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-intune"
bin="$cache/terraform-$want"

export CHECKPOINT_DISABLE=1
# A TF_CLI_CONFIG_FILE that points nowhere makes Terraform print a warning.
if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -f "$TF_CLI_CONFIG_FILE" ]; then unset TF_CLI_CONFIG_FILE; fi
if [ ! -f "$HOME/.terraformrc" ] && [ -z "${TF_CLI_CONFIG_FILE:-}" ]; then export TF_CLI_CONFIG_FILE=/dev/null; fi

version_of() { "$1" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p' | head -1; }

# newer_or_equal A B: true when version A >= B.
newer_or_equal() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -1)" = "$2" ]; }

if [ -z "${INTUNE_FORCE_PINNED_TERRAFORM:-}" ] && path=$(command -v terraform 2>/dev/null); then
  v=$(version_of "$path")
  if [ -n "$v" ] && newer_or_equal "$v" "$want"; then echo "$path"; exit 0; fi
fi

if [ -x "$bin" ] && [ "$(version_of "$bin")" = "$want" ]; then echo "$bin"; exit 0; fi

mkdir -p "$cache"
echo "building Terraform $want from the Go module proxy into $cache (a few minutes, once)" >&2
(
  cd "$root/tools/terraform"
  CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" \
    -o "$bin.tmp" github.com/hashicorp/terraform
)
mv "$bin.tmp" "$bin"
[ "$(version_of "$bin")" = "$want" ] || { echo "built $bin but it does not report version $want" >&2; exit 1; }
echo "$bin"
