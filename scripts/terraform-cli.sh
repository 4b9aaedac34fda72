#!/usr/bin/env bash
# Prints the absolute path of a Terraform CLI at least as new as the pinned
# version. Uses `terraform` from PATH when it is new enough; otherwise builds
# the pinned version from the Go module proxy (tools/terraform) into a cache
# outside the repository and reuses it on later runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/pinned-cli.sh
. "$root/scripts/pinned-cli.sh"
INTUNE_FORCE_PINNED_CLI=${INTUNE_FORCE_PINNED_TERRAFORM:-${INTUNE_FORCE_PINNED_CLI:-}}
pinned_cli terraform 1.16.4 "$root/tools/terraform" github.com/hashicorp/terraform github.com/hashicorp/terraform
