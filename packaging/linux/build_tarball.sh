#!/usr/bin/env bash
# Linux tarball from the one-folder bundle (run by `make package`, after PyInstaller and
# packaging/make_icons.py):
#   packaging/linux/build_tarball.sh  ->  dist/claimdesk-VERSION-linux-ARCH.tar.gz
# The tarball holds the bundle, the desktop integration files and install.sh, which installs
# for one user (~/.local) or system-wide (PREFIX=/usr/local, as root).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUNDLE=dist/claimdesk
ICONS=build/icons
[ -x "$BUNDLE/claimdesk" ] || { echo "no bundle in $BUNDLE: run 'make package'" >&2; exit 1; }
[ -d "$ICONS/hicolor" ] || { echo "no icons in $ICONS: run packaging/make_icons.py $ICONS" >&2; exit 1; }
VERSION=$("$BUNDLE/claimdesk" --version | awk '{print $2}')
NAME="claimdesk-$VERSION-linux-$(uname -m)"
STAGE="build/tarball/$NAME"
rm -rf "build/tarball"
mkdir -p "$STAGE/share/applications" "$STAGE/share/metainfo" "$STAGE/share/mime/packages" \
         "$STAGE/share/icons"
cp -a "$BUNDLE" "$STAGE/claimdesk"
cp packaging/linux/org.claimdesk.Claimdesk.desktop "$STAGE/share/applications/"
cp packaging/linux/org.claimdesk.Claimdesk.metainfo.xml "$STAGE/share/metainfo/"
cp packaging/linux/org.claimdesk.Claimdesk.mime.xml \
   "$STAGE/share/mime/packages/org.claimdesk.Claimdesk.xml"
cp -a "$ICONS/hicolor" "$STAGE/share/icons/"
cp packaging/linux/install.sh "$STAGE/install.sh"
chmod +x "$STAGE/install.sh"
cat > "$STAGE/README.txt" <<TXT
Claimdesk $VERSION for Linux ($(uname -m))

Run without installing:   ./claimdesk/claimdesk            (the desktop application)
                          ./claimdesk/claimdesk --help     (the command line)
Install for yourself:     ./install.sh                     (into ~/.local, adds the menu entry)
Install for everyone:     sudo PREFIX=/usr/local ./install.sh
Uninstall:                ./install.sh --uninstall         (same PREFIX as when installing)

A real window needs the X11/Wayland libraries every desktop has; on a minimal Debian or
Ubuntu system: sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0
TXT
mkdir -p dist
tar -C build/tarball -czf "dist/$NAME.tar.gz" "$NAME"
echo "dist/$NAME.tar.gz"
