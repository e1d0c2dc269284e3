#!/usr/bin/env bash
# Installs everything lk's development, tests and CI need on a fresh machine. Idempotent: a second
# run only checks. Node 24 and pnpm come from the npm registry (no corepack: its signature check
# fails on these machines); Node 20 and 22 too, for the published-package smoke tests, and Bun and Deno.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
NODE_VERSION=24.21.0
NODE20_VERSION=20.20.2
NODE22_VERSION=22.23.3
BUN_VERSION=1.4.5
DENO_VERSION=2.9.6
PNPM_VERSION=$(sed -n 's/.*"packageManager": "pnpm@\([^"]*\)".*/\1/p' "$root/package.json")

log() { printf '[setup] %s\n' "$*" >&2; }

install_npm_tool() { # dir, package@version, binary to check
  local dir=$1 spec=$2 bin=$3
  if [ -x "$dir/node_modules/.bin/$bin" ] && [ -f "$dir/.installed" ] && [ "$(cat "$dir/.installed")" = "$spec" ]; then
    return
  fi
  log "installing $spec into ${dir#"$root"/}"
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{"private":true}' > "$dir/package.json"
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error --save-exact "$spec" >/dev/null)
  echo "$spec" > "$dir/.installed"
}

install_npm_tool "$tools/node24" "node@$NODE_VERSION" node
install_npm_tool "$tools/pnpm" "pnpm@$PNPM_VERSION" pnpm
install_npm_tool "$tools/node20" "node@$NODE20_VERSION" node
install_npm_tool "$tools/node22" "node@$NODE22_VERSION" node
# Bun and Deno run the runtime-neutral packages' unit tests (scripts/other-runtimes.ts).
install_npm_tool "$tools/bun" "bun@$BUN_VERSION" bun
install_npm_tool "$tools/deno" "deno@$DENO_VERSION" deno

# shellcheck source=scripts/env.sh
source "$root/scripts/env.sh"
log "node $(node --version), pnpm $(pnpm --version)"

if ! command -v kcat >/dev/null 2>&1; then
  log "installing kcat (Debian package)"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq kcat >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq kcat >/dev/null; fi
fi
command -v java >/dev/null || { log "java (17+) is required to run the Kafka broker"; exit 1; }
command -v mvn >/dev/null || { log "maven is required to fetch the Kafka broker's jars"; exit 1; }

cd "$root"
if [ -n "${CI:-}" ]; then pnpm install --frozen-lockfile --reporter=append-only
else pnpm install --reporter=silent; fi

# Kafka's jars from Maven Central into the local Maven repository (the cache).
if [ -f "$root/tools/kafka/src/cli.ts" ]; then
  node "$root/tools/kafka/src/cli.ts" fetch --version 4.3.1 --tools
  node "$root/tools/kafka/src/cli.ts" fetch --version 3.9.2
fi
log "ready"
