#!/usr/bin/env bash
# Install Claimdesk from this unpacked tarball: the application folder, a `claimdesk` command,
# the menu entry, icons, AppStream metainfo and the .claimdesk file type.
#   ./install.sh                      for the current user (PREFIX=~/.local)
#   sudo PREFIX=/usr/local ./install.sh
#   ./install.sh --uninstall          remove what install.sh put there (same PREFIX)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PREFIX:-$HOME/.local}
APP_ID=org.claimdesk.Claimdesk
LIB="$PREFIX/lib/claimdesk"
BIN="$PREFIX/bin/claimdesk"
SHARE="$PREFIX/share"

refresh() {
  # Optional desktop caches; a missing tool only means the menu catches up at next login.
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$SHARE/applications" || true
  command -v update-mime-database >/dev/null && update-mime-database "$SHARE/mime" || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$LIB"
  rm -f "$BIN" "$SHARE/applications/$APP_ID.desktop" "$SHARE/metainfo/$APP_ID.metainfo.xml" \
        "$SHARE/mime/packages/$APP_ID.xml"
  find "$SHARE/icons/hicolor" -name "$APP_ID.*" -delete 2>/dev/null || true
  refresh
  echo "Claimdesk removed from $PREFIX (your projects are kept)."
  exit 0
fi

mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$SHARE/applications" "$SHARE/metainfo" \
         "$SHARE/mime/packages" "$SHARE/icons"
rm -rf "$LIB"
cp -a "$HERE/claimdesk" "$LIB"
ln -sf "$LIB/claimdesk" "$BIN"
sed -e "s|^Exec=claimdesk |Exec=\"$LIB/claimdesk\" |" -e "s|^TryExec=claimdesk$|TryExec=$LIB/claimdesk|" \
    "$HERE/share/applications/$APP_ID.desktop" > "$SHARE/applications/$APP_ID.desktop"
cp "$HERE/share/metainfo/$APP_ID.metainfo.xml" "$SHARE/metainfo/"
cp "$HERE/share/mime/packages/$APP_ID.xml" "$SHARE/mime/packages/"
cp -a "$HERE/share/icons/hicolor" "$SHARE/icons/"
refresh
echo "Claimdesk installed in $LIB; run 'claimdesk' (in $PREFIX/bin) or pick it from the menu."
