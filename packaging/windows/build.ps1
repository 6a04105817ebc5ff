# Windows build for CI (a windows-latest runner with Python 3.11 and Inno Setup 6; both are on
# GitHub's windows images): bundle, smoke test, installer. Run from the repository root:
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

function Check($what) { if ($LASTEXITCODE -ne 0) { throw "$what failed ($LASTEXITCODE)" } }

python -m venv .venv-package; Check "venv"
$py = ".venv-package\Scripts\python.exe"
& $py -m pip install --quiet --upgrade pip; Check "pip upgrade"
& $py -m pip install --quiet ".[package]"; Check "pip install"

$env:QT_QPA_PLATFORM = "offscreen"
& $py packaging\make_icons.py build\icons; Check "icons"
& $py -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build\pyinstaller `
    packaging\windows\claimdesk.spec; Check "pyinstaller"

# Smoke test: the CLI executable, then the GUI offscreen on a project (opens, shows, quits).
$cli = "dist\Claimdesk\claimdesk-cli.exe"
$work = Join-Path $env:RUNNER_TEMP "claimdesk-smoke"
if (-not $env:RUNNER_TEMP) { $work = Join-Path $env:TEMP "claimdesk-smoke" }
Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
New-Item -ItemType Directory $work | Out-Null
& $cli --version; Check "--version"
& $cli init "$work\p.claimdesk"; Check "init"
& $cli import "$work\p.claimdesk" "dist\Claimdesk\_internal\desktop\_resources\samples\samples.jsonl"; Check "import"
& $cli export "$work\p.claimdesk" --format jsonl --out "$work\out.jsonl"; Check "export"
$env:CLAIMDESK_SMOKE_TEST = "1"
$gui = Start-Process -FilePath "dist\Claimdesk\Claimdesk.exe" -ArgumentList "`"$work\p.claimdesk`"" `
    -Wait -PassThru -NoNewWindow
Remove-Item Env:CLAIMDESK_SMOKE_TEST
if ($gui.ExitCode -ne 0) { throw "GUI smoke test exited $($gui.ExitCode)" }

$version = (& $cli --version).Split(" ")[1]
$iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe"
& $iscc "/DAppVersion=$version" packaging\windows\claimdesk.iss; Check "Inno Setup"
Get-ChildItem dist\Claimdesk-*-setup.exe
