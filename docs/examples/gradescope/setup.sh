#!/usr/bin/env bash
# Gradescope autograder setup: runs once, when the autograder image is built.
# Zip this file, run_autograder and the whole gradlings kit (without node_modules, data/ and
# .gradlings/) at the root of the archive; Gradescope unpacks it into /autograder/source.
set -euo pipefail

apt-get update
apt-get install -y --no-install-recommends ca-certificates curl gnupg
curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
apt-get install -y --no-install-recommends nodejs
node --version

cd /autograder/source
npm ci --no-audit --no-fund
# Record which kit this image grades with; run_autograder checks it again on every submission.
npm run --silent manifest -- --check
