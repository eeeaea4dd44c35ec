#!/usr/bin/env bash
# `npm start`: installs what is missing, then starts (or reuses) every part and serves the system.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
exec node_modules/.bin/tsx scripts/start.ts
