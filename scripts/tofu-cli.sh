#!/usr/bin/env bash
# Prints the absolute path of an OpenTofu CLI at least as new as the pinned
# version. Uses `tofu` from PATH when it is new enough; otherwise builds the
# pinned version from the Go module proxy (tools/opentofu, which repeats
# OpenTofu's replace of hashicorp/hcl/v2) into a cache outside the repository
# and reuses it on later runs. The first build takes about 7 minutes on 2 cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/pinned-cli.sh
. "$root/scripts/pinned-cli.sh"
INTUNE_FORCE_PINNED_CLI=${INTUNE_FORCE_PINNED_TOFU:-${INTUNE_FORCE_PINNED_CLI:-}}
pinned_cli tofu 1.12.6 "$root/tools/opentofu" github.com/opentofu/opentofu/cmd/tofu github.com/opentofu/opentofu
