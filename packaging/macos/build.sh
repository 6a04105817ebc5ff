#!/usr/bin/env bash
# macOS build for CI (a macos-14 runner with Python 3.11): .app bundle, smoke test, .dmg.
#   packaging/macos/build.sh            from the repository root
# Signing: ad hoc (`codesign -s -`) unless MACOS_SIGN_IDENTITY names a Developer ID
# certificate in the keychain; notarisation (xcrun notarytool) needs Apple credentials and is
# left to the release job.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -m venv .venv-package
PY=.venv-package/bin/python
$PY -m pip install --quiet --upgrade pip
$PY -m pip install --quiet '.[package]'
QT_QPA_PLATFORM=offscreen $PY packaging/make_icons.py build/icons >/dev/null
$PY -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
    packaging/macos/claimdesk.spec
APP=dist/Claimdesk.app
codesign --force --deep --sign "${MACOS_SIGN_IDENTITY:--}" "$APP"

# Smoke test: the command line from inside the .app, then the GUI offscreen (opens, quits).
EXE="$APP/Contents/MacOS/claimdesk"
WORK=$(mktemp -d)
"$EXE" --version
"$EXE" init "$WORK/p.claimdesk"
SAMPLES=$(find "$APP" -path '*desktop/_resources/samples/samples.jsonl' | head -1)
"$EXE" import "$WORK/p.claimdesk" "$SAMPLES"
"$EXE" export "$WORK/p.claimdesk" --format jsonl --out "$WORK/out.jsonl"
CLAIMDESK_SMOKE_TEST=1 QT_QPA_PLATFORM=offscreen "$EXE" "$WORK/p.claimdesk" | grep -q "smoke test: window shown"

VERSION=$("$EXE" --version | awk '{print $2}')
hdiutil create -volname Claimdesk -srcfolder "$APP" -ov -format UDZO \
    "dist/Claimdesk-$VERSION-macos-$(uname -m).dmg"
ls -la dist/*.dmg
