#!/usr/bin/env bash
# Checks every configuration under examples/ with the real Terraform CLI
# against the provider built from this working tree:
#   - `terraform fmt -check -recursive` over the whole tree (.tf and .tfquery.hcl);
#   - `terraform validate` (with -query where there are .tfquery.hcl files) in
#     each example directory. import-*.tf files are validated one at a time
#     beside the directory's other files, since each imports the same address.
# Examples of resource, data source or list resource types that the provider
# does not register (yet) are reported and skipped, so examples can be written
# ahead of the code; everything else must validate.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CHECKPOINT_DISABLE=1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tf=$(scripts/dev-provider.sh "$tmp/dev")
export TF_CLI_CONFIG_FILE="$tmp/dev/terraformrc"
address=$(cat "$tmp/dev/address")
schema="$tmp/dev/schema.json"

failed=0
echo "terraform fmt -check -recursive examples/"
if ! "$tf" fmt -check -recursive -diff examples; then
  echo "FAIL: examples are not terraform fmt clean; run: \"$tf\" fmt -recursive examples" >&2
  failed=1
fi

# registered KIND TYPE: true when the provider's schema has that type.
registered() {
  local key
  case "$1" in
    resources) key=resource_schemas ;;
    data-sources) key=data_source_schemas ;;
    list-resources) key=list_resource_schemas ;;
    *) return 0 ;;
  esac
  jq -e --arg a "$address" --arg k "$key" --arg t "$2" \
    '.provider_schemas[$a][$k] // {} | has($t)' "$schema" >/dev/null
}

# validate DIR LABEL FILE...: copies the files into a fresh workspace and runs
# terraform validate there (the examples directory itself is never written to).
validate() {
  local label=$1; shift
  local ws
  ws=$(mktemp -d "$tmp/ws.XXXXXX")
  cp "$@" "$ws/"
  # Examples that use the provider without a terraform block would resolve it
  # to the default namespace: declare its real source, as a user's provider.tf would.
  if ! grep -qs required_providers "$ws"/*.tf; then
    cat >"$ws/zz_required_providers.tf" <<EOF
terraform {
  required_providers {
    intune = {
      source = "${address#registry.terraform.io/}"
    }
  }
}
EOF
  fi
  local args=(-no-color)
  if compgen -G "$ws/*.tfquery.hcl" >/dev/null; then args+=(-query); fi
  if out=$(cd "$ws" && "$tf" validate "${args[@]}" 2>&1); then
    echo "ok    $label"
    checked=$((checked + 1))
  else
    echo "FAIL  $label" >&2
    printf '%s\n' "$out" >&2
    failed=1
  fi
}

checked=0
skipped=()
while IFS= read -r dir; do
  rel=${dir#examples/}
  kind=${rel%%/*}
  type=${rel#*/}
  if [ "$kind" != "$rel" ] && ! registered "$kind" "$type"; then
    skipped+=("$rel")
    continue
  fi
  base=()
  imports=()
  for f in "$dir"/*.tf "$dir"/*.tfquery.hcl; do
    [ -e "$f" ] || continue
    case "$(basename "$f")" in
      import-*.tf) imports+=("$f") ;;
      *) base+=("$f") ;;
    esac
  done
  [ ${#base[@]} -gt 0 ] || [ ${#imports[@]} -gt 0 ] || continue
  if [ ${#base[@]} -gt 0 ]; then validate "$rel" "${base[@]}"; fi
  for f in "${imports[@]}"; do
    validate "$rel/$(basename "$f")" "${base[@]}" "$f"
  done
done < <(find examples -type f \( -name '*.tf' -o -name '*.tfquery.hcl' \) -exec dirname {} \; | sort -u)

for s in "${skipped[@]}"; do
  echo "skip  $s (the provider does not register this type)"
done
echo "check-examples: $checked configurations valid, ${#skipped[@]} directories skipped"
exit "$failed"
