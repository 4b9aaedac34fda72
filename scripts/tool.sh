#!/usr/bin/env bash
# Prints the absolute path of a pinned development tool, installing it once
# from the Go module proxy into a cache outside the repository:
#
#   scripts/tool.sh tfplugindocs|golangci-lint|goreleaser
#
# Each version gets its own directory, so changing a pin below installs the new
# version on the next run. None of these tools is a dependency of the
# provider's own go.mod.
set -euo pipefail

name="${1:?usage: $0 tfplugindocs|golangci-lint|goreleaser}"

case "$name" in
  tfplugindocs)  pkg=github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs version=v0.25.0 ;;
  golangci-lint) pkg=github.com/golangci/golangci-lint/v2/cmd/golangci-lint      version=v2.15.0 ;;
  goreleaser)    pkg=github.com/goreleaser/goreleaser/v2                         version=v2.15.1 ;;
  *) echo "$0: unknown tool $name" >&2; exit 2 ;;
esac

cache="${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-intune/tools/$name-$version"
bin="$cache/$name"
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi

mkdir -p "$cache"
echo "installing $name $version from the Go module proxy into $cache (once)" >&2
start=$SECONDS
# Install outside any module so the provider's go.mod is neither read nor changed.
(cd "$cache" && GOBIN="$cache" CGO_ENABLED=0 go install "$pkg@$version") >&2
[ -x "$bin" ] || { echo "$0: go install $pkg@$version did not produce $bin" >&2; exit 1; }
echo "installed $name $version in $((SECONDS - start))s" >&2
echo "$bin"
