#!/usr/bin/env bash
# Installs what the browser tests and screenshots need on Debian: Chromium and a CJK font
# (without one, Chinese labels render as empty boxes). Run as root (CI runs as root).
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qiE 'wenquanyi|noto sans cjk' || need+=(fonts-wqy-zenhei)
if [ ${#need[@]} -eq 0 ]; then echo "chromium and a CJK font are present"; exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing: ${need[*]}. Install with: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
echo "installed: ${need[*]}"
