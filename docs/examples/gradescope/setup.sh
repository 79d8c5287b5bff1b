#!/usr/bin/env bash
# Gradescope autograder setup: runs once, when the autograder image is built, in the unpacked
# zip (/autograder/source). Make the zip with `npm run classroom -- gradescope OUT.zip`: the
# kit without solutions, mutants or its tests, names.txt in data/, and these two scripts.
set -euo pipefail
cd "$(dirname "$0")"

# Node 20 or newer, unless the image has it already.
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null; then
  apt-get update
  apt-get install -y --no-install-recommends ca-certificates curl gnupg
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y --no-install-recommends nodejs
fi
node --version

# The kit's dependencies and, through `prepare`, its WebAssembly kernels.
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
else
  npm run --silent prepare
fi

# names.txt came in the zip (submissions are graded offline); it must be the real file.
echo "0a30b5557f192f32ab962680889aac5f6fda0f4cecf40a6d0b5694f58ea8cc4d  data/names.txt" | sha256sum -c -

# The graders are the released ones.
npm run --silent manifest -- --check
