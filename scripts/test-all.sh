#!/usr/bin/env bash
# Everything CI checks, in order. Expects scripts/setup.sh to have run (scripts/run.sh does that).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/env.sh"
cd "$root"
rm -rf .test-results
step() { printf '\n=== %s (%s) ===\n' "$*" "$(date -u +%T)"; }
# When a step fails, its failed tests come last in the log, whatever printed after them.
report_failures() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    step "failed tests of this run (from .test-results)"
    node scripts/test-failures.ts || true
  fi
  exit "$rc"
}
trap report_failures EXIT

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
# The two broker versions run side by side: their tests mostly wait on brokers (elections, session
# and delivery timeouts), so together they take far less than one after the other. Each run has its
# own brokers on its own ports; 3.9.2's output is shown when both are done.
step "integration tests against a real Kafka 4.3.1 broker, and against 3.9.2 (compatibility) beside it"
mkdir -p .test-results
pnpm -s test:integration:3.9 > .test-results/integration-3.9.2.log 2>&1 &
compat=$!
latest_rc=0; pnpm -s test:integration || latest_rc=$?
compat_rc=0; wait "$compat" || compat_rc=$?
step "the same integration tests against Kafka 3.9.2 (run beside 4.3.1): its output"
cat .test-results/integration-3.9.2.log
if [ "$latest_rc" -ne 0 ] || [ "$compat_rc" -ne 0 ]; then
  echo "integration tests failed: 4.3.1 exit $latest_rc, 3.9.2 exit $compat_rc"; exit 1
fi
step "the broker integration tests again, against @lk/fake"; pnpm -s test:integration:fake
step "soak: 2 minutes through the chaos proxy with random faults"; pnpm -s soak -- --minutes 2
step "summary"; node scripts/test-summary.ts
