# Sourced by the codec packages' test/fixtures/generate.sh with a length: puts Node 24 on PATH and
# leaves jsonLines(length) from src/sample-data.ts in "$plain", a temporary file removed on exit.
testkit=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$testkit/../../scripts/env.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plain="$tmp/plain"
node --input-type=module -e "import { jsonLines } from '$testkit/src/sample-data.ts';
process.stdout.write(jsonLines($1));" >"$plain"
