#!/usr/bin/env bash
# Installs what the browser tests and screenshots need on Debian: Chromium, a CJK font
# (without one, Chinese labels render as empty boxes) and poppler-utils (pdftotext/pdftoppm read
# the exported map sheets). Run as root (CI runs as root).
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qiE 'wenquanyi|noto sans cjk' || need+=(fonts-wqy-zenhei)
command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null || need+=(poppler-utils)
if [ ${#need[@]} -eq 0 ]; then echo "chromium, a CJK font and poppler-utils are present"; exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing: ${need[*]}. Install with: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
echo "installed: ${need[*]}"
