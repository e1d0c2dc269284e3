# Puts lk's own Node 24 and pnpm first on PATH. Source it: `source scripts/env.sh`.
_lk_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$_lk_root/.tools/node24/node_modules/.bin:$_lk_root/.tools/pnpm/node_modules/.bin:$_lk_root/node_modules/.bin:$PATH"
export LK_NODE20="$_lk_root/.tools/node20/node_modules/.bin/node"
unset _lk_root
