#!/usr/bin/env bash
# `npm test`: the same set-up as `npm start`, then lint, typecheck and the whole jest suite. The tests
# use databases and a Temporal server of their own, never the demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
# libfaketime starts the time-skipping server's clock in a past year; chromium runs the browser tests.
bash scripts/ensure-debian-packages.sh faketime chromium fonts-dejavu-core
echo "▸ ESLint…"
node_modules/.bin/eslint --max-warnings=0 .
echo "▸ Kiểm tra kiểu (tsc)…"
node_modules/.bin/tsc -p . --noEmit
echo "▸ Jest…"
exec node_modules/.bin/jest "$@"
