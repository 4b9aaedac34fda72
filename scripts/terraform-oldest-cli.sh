#!/usr/bin/env bash
# Prints the absolute path of Terraform 1.0.11, the oldest version the provider
# claims to support, built once from the Go module proxy (tools/terraform-oldest)
# into the cache outside the repository: about 3 to 6 minutes on 2 cores the
# first time. A terraform on PATH is never used, since it would be newer.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/pinned-cli.sh
. "$root/scripts/pinned-cli.sh"
INTUNE_FORCE_PINNED_CLI=1
pinned_cli terraform 1.0.11 "$root/tools/terraform-oldest" github.com/hashicorp/terraform github.com/hashicorp/terraform
