#!/usr/bin/env bash
# AppImage recipe (after `make package`):
#   packaging/linux/build_appimage.sh  ->  build/AppDir, then dist/Claimdesk-VERSION-ARCH.AppImage
# Lays out an AppDir around the one-folder bundle (AppRun, desktop file, icon, metainfo) and
# packs it with appimagetool when that is on PATH (it is not a Debian package: CI downloads it
# from the AppImage project's releases; set APPIMAGETOOL to its path). Without it the AppDir is
# still built, and `build/AppDir/AppRun --version` runs the application from it.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUNDLE=dist/claimdesk
ICONS=build/icons
APP_ID=org.claimdesk.Claimdesk
[ -x "$BUNDLE/claimdesk" ] || { echo "no bundle in $BUNDLE: run 'make package'" >&2; exit 1; }
[ -f "$ICONS/hicolor/256x256/apps/$APP_ID.png" ] || { echo "no icons: run 'make package'" >&2; exit 1; }
VERSION=$("$BUNDLE/claimdesk" --version | awk '{print $2}')
APPDIR=build/AppDir
rm -rf "$APPDIR"
mkdir -p "$APPDIR/usr/lib" "$APPDIR/usr/share/metainfo" "$APPDIR/usr/share/applications" \
         "$APPDIR/usr/share/icons"
cp -a "$BUNDLE" "$APPDIR/usr/lib/claimdesk"
cp -a "$ICONS/hicolor" "$APPDIR/usr/share/icons/"
cp packaging/linux/$APP_ID.desktop "$APPDIR/usr/share/applications/"
cp packaging/linux/$APP_ID.desktop "$APPDIR/$APP_ID.desktop"
cp packaging/linux/$APP_ID.metainfo.xml "$APPDIR/usr/share/metainfo/$APP_ID.appdata.xml"
cp "$ICONS/hicolor/256x256/apps/$APP_ID.png" "$APPDIR/$APP_ID.png"
ln -s "$APP_ID.png" "$APPDIR/.DirIcon"
cat > "$APPDIR/AppRun" <<'RUN'
#!/bin/sh
# The AppImage entry point: the bundle's executable, GUI or command line alike.
HERE=$(dirname "$(readlink -f "$0")")
exec "$HERE/usr/lib/claimdesk/claimdesk" "$@"
RUN
chmod +x "$APPDIR/AppRun"
TOOL=${APPIMAGETOOL:-$(command -v appimagetool || true)}
if [ -z "$TOOL" ]; then
  echo "built $APPDIR; appimagetool is not installed, so no .AppImage was made" >&2
  echo "(get it from the AppImage project's releases, then: APPIMAGETOOL=path $0)" >&2
  exit 0
fi
OUT="dist/Claimdesk-$VERSION-$(uname -m).AppImage"
ARCH=$(uname -m) "$TOOL" "$APPDIR" "$OUT"
echo "$OUT"
