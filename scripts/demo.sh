#!/usr/bin/env bash
# make demo: builds the provider and the emulator, starts the emulator, and runs
# the real Terraform CLI (init, plan, apply, destroy) on examples/demo through
# the provider's real authentication path, then stops the emulator.
# make demo-tofu (INTUNE_DEMO_CLI=tofu) does the same with OpenTofu.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/intune-demo.XXXXXX")
emu_pid=""
cleanup() {
  [ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null && wait "$emu_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

export CHECKPOINT_DISABLE=1
cmd=${INTUNE_DEMO_CLI:-terraform}
case "$cmd" in
  terraform) tf=$("$root/scripts/terraform-cli.sh") ;;
  tofu) tf=$("$root/scripts/tofu-cli.sh") ;;
  *) echo "INTUNE_DEMO_CLI must be terraform or tofu" >&2; exit 2 ;;
esac
echo "==> CLI: $tf ($(TF_CLI_CONFIG_FILE=/dev/null "$tf" version | head -1))"

echo "==> Building the provider and the emulator"
address=$(sed -n 's/^const Address = "\([^"]*\)".*/\1/p' "$root/internal/provider/provider.go")
(cd "$root" && go build -trimpath -o "$work/bin/terraform-provider-intune" . &&
  go build -o "$work/intune-emulator" ./internal/emulator/cmd/intune-emulator)

echo "==> Starting the emulator"
"$work/intune-emulator" -env-file "$work/emulator.env" >"$work/emulator.out" 2>"$work/emulator.err" &
emu_pid=$!
for _ in $(seq 1 100); do
  [ -s "$work/emulator.env" ] && break
  kill -0 "$emu_pid" 2>/dev/null || { cat "$work/emulator.err" >&2; exit 1; }
  sleep 0.1
done
[ -s "$work/emulator.env" ] || { echo "the emulator did not start" >&2; exit 1; }
sed 's/^/    /' "$work/emulator.out"
set -a
# shellcheck disable=SC1091
. "$work/emulator.env"
set +a

# The CLI uses the freshly built provider instead of a registry download.
# OpenTofu resolves source = "openintune/intune" in its own registry.
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "$address" = "$work/bin"
    "registry.opentofu.org/${address#*/}" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc"

cp -r "$root/examples/demo" "$work/config"
cd "$work/config"
if [ "$cmd" = tofu ]; then
  # OpenTofu's init still asks the registry about overridden providers, and
  # fails offline; with dev_overrides nothing needs installing.
  echo "==> tofu init skipped: dev_overrides provide the provider"
else
  echo "==> $cmd init"
  "$tf" init -input=false -no-color | grep -v '^$' || true
fi
echo "==> $cmd plan"
"$tf" plan -input=false -no-color -out=tfplan
echo "==> $cmd apply"
"$tf" apply -input=false -no-color tfplan
echo
echo "Created PFX recryption request:"
echo "  id    = $("$tf" output -raw id)"
echo "  e_tag = $("$tf" output -raw e_tag)"
echo
echo "==> $cmd plan (expect no changes)"
"$tf" plan -input=false -no-color -detailed-exitcode >/dev/null && echo "No changes."
echo "==> $cmd destroy"
"$tf" destroy -input=false -no-color -auto-approve
echo "==> Done; stopping the emulator"
