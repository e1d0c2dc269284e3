#!/usr/bin/env bash
# One entry point after cloning:
#   bash scripts/run.sh test               # everything CI checks (installs what is missing first)
#   bash scripts/run.sh demo [--bootstrap host:port]   # the main job: keyed producing, a group consuming it back
#   bash scripts/run.sh <pnpm script> ...  # any root script with lk's Node and pnpm
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
source "$root/scripts/env.sh"
cd "$root"
cmd=${1:-test}; shift || true
case "$cmd" in
  test) exec bash scripts/test-all.sh "$@" ;;
  *) exec pnpm run "$cmd" "$@" ;;
esac
