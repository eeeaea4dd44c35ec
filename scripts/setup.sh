#!/usr/bin/env bash
# What both `npm start` and `npm test` need before any TypeScript runs: the npm packages, the Prisma
# client generated offline, and the Temporal binaries. Each step is skipped when already done.
# Source it: it exports TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "▸ Cài các gói npm (npm ci)…"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ ! -f generated/prisma/client.ts ] || [ prisma/schema.prisma -nt generated/prisma/client.ts ]; then
  echo "▸ Sinh Prisma Client…"
  # The CLI looks for its native schema engine first; generate never runs it, so a stub that fails is enough.
  PRISMA_SCHEMA_ENGINE_BINARY="$PWD/scripts/no-schema-engine.sh" CHECKPOINT_DISABLE=1 \
    node_modules/.bin/prisma generate >/dev/null
fi

# The browser app (web/src → web/dist); skipped when the bundle is newer than its sources.
node_modules/.bin/tsx scripts/build-web.ts

while IFS='=' read -r key value; do
  [ -n "$key" ] && export "$key=$value"
done < <(bash scripts/ensure-temporal.sh)
