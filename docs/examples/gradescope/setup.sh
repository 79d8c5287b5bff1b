#!/usr/bin/env bash
# Gradescope autograder setup: runs once, when the autograder image is built.
# Zip this file, run_autograder and the whole gradlings kit (without node_modules and
# .gradlings/, but WITH data/names.txt: the image may not reach the internet when it grades)
# at the root of the archive; Gradescope unpacks it into /autograder/source.
set -euo pipefail

autograder=${AUTOGRADER_ROOT:-/autograder}

if ! command -v node >/dev/null; then
  apt-get update
  apt-get install -y --no-install-recommends ca-certificates curl gnupg
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y --no-install-recommends nodejs
fi
node --version

cd "$autograder/source"
[ -d node_modules ] || npm ci --no-audit --no-fund

# names.txt travels in the zip; refuse to build an image whose copy is missing or not the real one.
names_sha256=0a30b5557f192f32ab962680889aac5f6fda0f4cecf40a6d0b5694f58ea8cc4d
if [ ! -f data/names.txt ]; then
  echo "setup.sh: data/names.txt is not in the zip. Run 'npm run data' in the kit, then zip it again with data/." >&2
  exit 1
fi
if [ "$(sha256sum data/names.txt | cut -d' ' -f1)" != "$names_sha256" ]; then
  echo "setup.sh: data/names.txt is not the expected file (its sha256 differs). Delete it, run 'npm run data', and zip again." >&2
  exit 1
fi

# Record which kit this image grades with; run_autograder checks it again on every submission.
npm run --silent manifest -- --check
