#!/usr/bin/env bash
# Generates the registry documentation in docs/ from the provider's schema,
# examples/ and templates/ with tfplugindocs, offline:
#
#   scripts/docs.sh          regenerate docs/
#   scripts/docs.sh check    regenerate, fail if docs/ differs from what is
#                            committed (or is not committed), and run
#                            tfplugindocs validate
#
# The schema comes from the provider built from this working tree, through the
# pinned Terraform CLI and a dev_overrides configuration (scripts/dev-provider.sh),
# so only what the provider registers is documented. Templates for types the
# provider does not register are left out with a warning, so a page can be
# written ahead of its code.
set -euo pipefail

mode="${1:-generate}"
case "$mode" in generate | check) ;; *) echo "usage: $0 [check]" >&2; exit 2 ;; esac

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CHECKPOINT_DISABLE=1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tfplugindocs=$(scripts/tool.sh tfplugindocs)
scripts/dev-provider.sh "$tmp/dev" >/dev/null
address=$(cat "$tmp/dev/address")
name=${address##*/}

# tfplugindocs looks the provider up by its short name (or under the
# hashicorp namespace), so file the schema under "intune".
jq --arg a "$address" --arg n "$name" \
  '{format_version: .format_version, provider_schemas: {($n): .provider_schemas[$a]}}' \
  "$tmp/dev/schema.json" >"$tmp/schema.json"

# Stage the inputs in a scratch provider directory. tfplugindocs only replaces
# the parts of docs/ it manages, so anything else already there is kept.
stage="$tmp/stage"
mkdir -p "$stage"
cp -R templates examples "$stage/"
if [ -d docs ]; then cp -R docs "$stage/docs"; fi

for kind in resources data-sources list-resources ephemeral-resources actions functions; do
  case "$kind" in
    resources) key=resource_schemas ;;
    data-sources) key=data_source_schemas ;;
    list-resources) key=list_resource_schemas ;;
    ephemeral-resources) key=ephemeral_resource_schemas ;;
    actions) key=action_schemas ;;
    functions) key=functions ;;
  esac
  for t in "$stage/templates/$kind"/*.md.tmpl; do
    [ -e "$t" ] || continue
    base=$(basename "$t" .md.tmpl)
    type=$base
    [ "$kind" = functions ] || type="${name}_$base"
    if ! jq -e --arg n "$name" --arg k "$key" --arg t "$type" \
      '.provider_schemas[$n][$k] // {} | has($t)' "$tmp/schema.json" >/dev/null; then
      echo "docs: skipping templates/$kind/$base.md.tmpl: the provider does not register $type" >&2
      rm "$t"
    fi
  done
done

"$tfplugindocs" generate \
  --provider-dir "$stage" \
  --provider-name "$name" \
  --providers-schema "$tmp/schema.json" >"$tmp/generate.log" 2>&1 || {
  cat "$tmp/generate.log" >&2
  echo "docs: tfplugindocs generate failed" >&2
  exit 1
}
grep -i 'warn' "$tmp/generate.log" >&2 || true

rm -rf docs
cp -R "$stage/docs" docs
echo "docs: generated $(find docs -type f | wc -l | tr -d ' ') files in docs/"

[ "$mode" = check ] || exit 0

failed=0
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  if ! git diff --exit-code --stat -- docs/; then
    echo "docs-check: regenerating changed docs/ (diff above): run 'make docs' and commit docs/" >&2
    failed=1
  fi
  untracked=$(git ls-files --others --exclude-standard -- docs/)
  if [ -n "$untracked" ]; then
    printf 'docs-check: generated files not known to git:\n%s\nrun '\''make docs'\'' and commit docs/\n' "$untracked" >&2
    failed=1
  fi
else
  echo "docs-check: not a git work tree; skipping the comparison with committed docs/" >&2
fi

if ! "$tfplugindocs" validate \
  --provider-dir "$root" \
  --provider-name "$name" \
  --providers-schema "$tmp/schema.json" >"$tmp/validate.log" 2>&1; then
  cat "$tmp/validate.log" >&2
  echo "docs-check: tfplugindocs validate failed" >&2
  failed=1
else
  echo "docs-check: tfplugindocs validate passed"
fi
exit "$failed"
