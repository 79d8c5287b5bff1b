#!/usr/bin/env bash
# Gradescope autograder setup: runs once, when the autograder image is built, in the unpacked
# zip (/autograder/source). Make the zip with `npm run classroom -- gradescope OUT.zip`: the
# kit without solutions, mutants or its tests, names.txt in data/ (the image may not reach the
# internet when it grades), and these two scripts. AUTOGRADER_ROOT replaces /autograder, to try
# this elsewhere.
set -euo pipefail
cd "${AUTOGRADER_ROOT:-/autograder}/source"

# Node 20 or newer, unless the image has it already.
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null; then
  apt-get update
  apt-get install -y --no-install-recommends ca-certificates curl gnupg
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y --no-install-recommends nodejs
fi
node --version

# names.txt travels in the zip; refuse to build an image whose copy is missing or not the real one.
if [ ! -f data/names.txt ]; then
  echo "setup.sh: data/names.txt is not in the zip. Run 'npm run data' in the kit, then make the zip again (npm run classroom -- gradescope OUT.zip)." >&2
  exit 1
fi
if ! echo "0a30b5557f192f32ab962680889aac5f6fda0f4cecf40a6d0b5694f58ea8cc4d  data/names.txt" | sha256sum -c -; then
  echo "setup.sh: data/names.txt is not the expected file (its sha256 differs). Delete it, run 'npm run data', and make the zip again." >&2
  exit 1
fi

# The kit's dependencies and, through `prepare`, its WebAssembly kernels.
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
else
  npm run --silent prepare
fi

# Record which kit this image grades with; run_autograder checks it again on every submission.
npm run --silent manifest -- --check
