#!/usr/bin/env bash
# Installs the named Debian packages where missing (tests need faketime and chromium). Needs root or
# sudo; says clearly what to install by hand otherwise.
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "▸ Cài gói Debian: ${missing[*]}"
run() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
export DEBIAN_FRONTEND=noninteractive
if ! run apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
  run apt-get update >/dev/null 2>&1 || true
  run apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null || {
    echo "✗ Không cài được ${missing[*]}; hãy cài bằng tay: apt-get install ${missing[*]}" >&2
    exit 1
  }
fi
