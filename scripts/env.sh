# Puts lk's own Node 24 and pnpm first on PATH. Source it: `source scripts/env.sh`.
_lk_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$_lk_root/.tools/node24/node_modules/.bin:$_lk_root/.tools/pnpm/node_modules/.bin:$_lk_root/node_modules/.bin:$PATH"
export LK_NODE20="$_lk_root/.tools/node20/node_modules/.bin/node"
export LK_NODE22="$_lk_root/.tools/node22/node_modules/.bin/node"
export LK_BUN="$_lk_root/.tools/bun/node_modules/.bin/bun"
export LK_DENO="$_lk_root/.tools/deno/node_modules/.bin/deno"
unset _lk_root
