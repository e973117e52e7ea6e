#!/usr/bin/env bash
# Makes sure the Debian packages Settle needs outside npm are present: redis-server (BullMQ, tests)
# and chromium (browser tests). As root on Debian it installs the missing ones; otherwise it prints
# the one command to run. Silent when nothing is missing.
set -euo pipefail

# package name -> file that proves it is installed
declare -A probe=([redis-server]=/usr/bin/redis-server [chromium]=/usr/bin/chromium)
missing=()
for pkg in redis-server chromium; do
  if [[ ! -x "${probe[$pkg]}" ]] && ! command -v "$pkg" >/dev/null 2>&1; then
    missing+=("$pkg")
  fi
done
((${#missing[@]} == 0)) && exit 0

if [[ "$(id -u)" == 0 && -f /etc/debian_version ]] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-system: installing ${missing[*]} with apt-get..."
  export DEBIAN_FRONTEND=noninteractive
  log=$(mktemp)
  trap 'rm -f "$log"' EXIT
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "ensure-system: apt-get failed while installing ${missing[*]}" >&2
    exit 1
  fi
  for pkg in "${missing[@]}"; do
    if [[ ! -x "${probe[$pkg]}" ]] && ! command -v "$pkg" >/dev/null 2>&1; then
      echo "ensure-system: $pkg is still missing after apt-get install" >&2
      exit 1
    fi
  done
  echo "ensure-system: installed ${missing[*]}"
else
  echo "ensure-system: missing ${missing[*]}. Install with:" >&2
  echo "sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
