#!/usr/bin/env bash
# Everything CI checks, in order. Expects scripts/setup.sh to have run (scripts/run.sh does that).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/env.sh"
cd "$root"
rm -rf .test-results
step() { printf '\n=== %s ===\n' "$*"; }

step "regenerate protocol code and check it is unchanged"; bash scripts/check-generated.sh
step "build"; pnpm -s build
step "typecheck"; pnpm -s typecheck
step "lint"; pnpm -s lint
step "README code blocks type-check against the built packages"; pnpm -s check:readme
step "API docs: typedoc with zero warnings (every exported symbol has a summary)"; pnpm -s docs:check
step "package checks (publint, are-the-types-wrong, tarball contents, sizes)"; pnpm -s check:packages
step "bundle sizes (esbuild, minified; browser bundles of the runtime-neutral packages)"; pnpm -s check:bundles
step "release rehearsal (changeset version on a copy, pnpm publish --dry-run -r)"; pnpm -s check:release
step "unit tests"; pnpm -s test:unit
step "fuzz: every decoder the clients use, 10,000+ inputs per family (seed printed)"; pnpm -s fuzz
step "Node 20 smoke test of the built packages"; pnpm -s test:node20
step "module policy: every package loads with import and require() on Node 20, 22 and 24"; pnpm -s test:modules
step "unit tests of varint, wire, record, batch and api on Bun and Deno"; pnpm -s test:runtimes
step "integration tests against a real Kafka 4.3.1 broker"; pnpm -s test:integration
step "the same integration tests against Kafka 3.9.2 (compatibility)"; pnpm -s test:integration:3.9
step "the broker integration tests again, against @lk/fake"; pnpm -s test:integration:fake
step "soak: 2 minutes through the chaos proxy with random faults"; pnpm -s soak -- --minutes 2
step "summary"; node scripts/test-summary.ts
