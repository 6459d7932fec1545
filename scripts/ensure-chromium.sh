#!/usr/bin/env bash
# Installs what the browser tests and screenshots need on Debian: Chromium, a CJK font
# (without one, Chinese labels render as empty boxes), poppler-utils (pdftotext/pdftoppm read
# the exported map sheets) and Mesa's software renderer. Run as root (CI runs as root).
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qiE 'wenquanyi|noto sans cjk' || need+=(fonts-wqy-zenhei)
command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null || need+=(poppler-utils)
# Mesa's software OpenGL ES through EGL (llvmpipe): the browser stories draw with it when it works
# (scripts/software-gl.mjs), else with Chromium's own SwiftShader
ls /usr/lib/*/dri/swrast_dri.so >/dev/null 2>&1 || need+=(libgl1-mesa-dri)
ls /usr/lib/*/libEGL_mesa.so.0 >/dev/null 2>&1 || need+=(libegl-mesa0)
if [ ${#need[@]} -eq 0 ]; then echo "chromium, a CJK font, poppler-utils and Mesa (llvmpipe) are present"; exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing: ${need[*]}. Install with: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
echo "installed: ${need[*]}"
