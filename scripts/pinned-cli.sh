#!/usr/bin/env bash
# Shared by terraform-cli.sh and tofu-cli.sh; source it, then call
#
#   pinned_cli COMMAND VERSION TOOLS_DIR PACKAGE MODULE
#
# which prints the absolute path of COMMAND (terraform or tofu) at least as new
# as VERSION: COMMAND from PATH when it is new enough (unless
# INTUNE_FORCE_PINNED_CLI is set), else VERSION built from the Go module proxy
# (PACKAGE of MODULE, required by the tools module TOOLS_DIR) into a cache
# outside the repository, reused on later runs.

export CHECKPOINT_DISABLE=1
# A TF_CLI_CONFIG_FILE that points nowhere makes the CLI print a warning
# (OpenTofu prints it on stdout, which breaks the version check).
if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -f "$TF_CLI_CONFIG_FILE" ]; then unset TF_CLI_CONFIG_FILE; fi
if [ ! -f "$HOME/.terraformrc" ] && [ ! -f "$HOME/.tofurc" ] && [ -z "${TF_CLI_CONFIG_FILE:-}" ]; then
  export TF_CLI_CONFIG_FILE=/dev/null
fi

cli_version_of() { "$1" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p' | head -1; }

# cli_newer_or_equal A B: true when version A >= B.
cli_newer_or_equal() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -1)" = "$2" ]; }

pinned_cli() {
  local cmd=$1 want=$2 tools=$3 pkg=$4 module=$5
  local cache="${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-intune"
  local bin="$cache/$cmd-$want" path v

  if [ -z "${INTUNE_FORCE_PINNED_CLI:-}" ] && path=$(command -v "$cmd" 2>/dev/null); then
    v=$(cli_version_of "$path")
    if [ -n "$v" ] && cli_newer_or_equal "$v" "$want"; then echo "$path"; return 0; fi
  fi

  if [ -x "$bin" ] && [ "$(cli_version_of "$bin")" = "$want" ]; then echo "$bin"; return 0; fi

  mkdir -p "$cache"
  echo "building $cmd $want from the Go module proxy into $cache (several minutes, once)" >&2
  # version.dev=no: a release build, whose version has no "-dev" suffix.
  (
    cd "$tools"
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X $module/version.dev=no" -o "$bin.tmp" "$pkg"
  ) || return 1
  mv "$bin.tmp" "$bin"
  if [ "$(cli_version_of "$bin")" != "$want" ]; then
    echo "built $bin but it does not report version $want" >&2
    return 1
  fi
  echo "$bin"
}
