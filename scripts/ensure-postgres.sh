#!/usr/bin/env bash
# PostgreSQL for the API tests and the bench (Debian package `postgresql`): installs it when missing
# (as root). The tests start their own throwaway server from its binaries (scripts/postgres.mjs);
# the Debian cluster "main" is not used.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "PostgreSQL missing: sudo apt-get install -y postgresql" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq postgresql >/dev/null
ls /usr/lib/postgresql/*/bin/initdb
