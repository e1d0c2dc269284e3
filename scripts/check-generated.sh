#!/usr/bin/env bash
# Regenerates every generated file and fails when the result differs from what is committed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
pnpm -s generate
if [ -n "$(git status --porcelain -- packages/*/src/generated)" ]; then
  echo "Generated code differs from the committed files. Run 'pnpm generate' and commit:" >&2
  git status --porcelain -- packages/*/src/generated >&2
  git diff --stat -- packages/*/src/generated >&2
  exit 1
fi
echo "generated code is up to date"
