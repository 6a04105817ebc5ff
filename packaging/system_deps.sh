#!/usr/bin/env bash
# Checks (and, as root, installs) the Debian/Ubuntu packages Qt needs.
#   packaging/system_deps.sh check offscreen   headless Qt (tests, CI)
#   packaging/system_deps.sh check window      a real window on X11 as well
#   packaging/system_deps.sh check package     headless Qt plus the packaging tools: binutils
#                                              (PyInstaller), desktop-file-utils and appstream
#                                              (validate the Linux metadata)
#   packaging/system_deps.sh install [window|package]  install them (root only)
#   packaging/system_deps.sh venv              python3-venv, for `python3 -m venv`
# On systems without dpkg/apt it does nothing: there, see the README for the equivalents.
set -euo pipefail

OFFSCREEN="libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-dejavu-core"
# Fonts: CJK (WenQuanYi) and colour emoji and flags (Noto Color Emoji). Without them Qt falls
# back to whatever the system has: boxes or outlines, never shifted offsets.
WINDOW="libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 \
libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 fonts-wqy-microhei fonts-noto-color-emoji"
PACKAGE="binutils desktop-file-utils appstream"

action=${1:-check}
scope=${2:-offscreen}
wanted=$OFFSCREEN
[ "$scope" = "window" ] && wanted="$OFFSCREEN $WINDOW"
[ "$scope" = "package" ] && wanted="$OFFSCREEN $PACKAGE"
if [ "$action" = "venv" ]; then
  # Debian's python3 ships without venv/ensurepip until python3-venv is installed.
  wanted="python3-venv"
  action=check
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  exit 0
fi

missing=""
for pkg in $wanted; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $pkg"
  fi
done
missing=${missing# }

install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
}

if [ -z "$missing" ]; then
  exit 0
fi

if [ "$action" = "install" ] || [ "$(id -u)" = "0" ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "Installing system packages needs root. Run:" >&2
    echo "  sudo apt-get install --no-install-recommends $missing" >&2
    exit 1
  fi
  echo "Installing system packages Claimdesk needs: $missing"
  install
  exit 0
fi

cat >&2 <<MSG
Claimdesk needs these system packages, which are not installed:
  $missing
Install them with:
  sudo apt-get install --no-install-recommends $missing
(or run 'sudo make system-deps'), then try again.
MSG
exit 1
