; Inno Setup script: a per-user or per-machine installer for the one-folder bundle.
;   iscc /DAppVersion=0.1.0 packaging\windows\claimdesk.iss
; Input: dist\Claimdesk\ (packaging\windows\claimdesk.spec) and build\icons\claimdesk.ico
; (packaging\make_icons.py). Output: dist\Claimdesk-<version>-setup.exe.
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define Root "..\.."

[Setup]
AppId={{6C1D6E52-7B0E-4C1B-9E0D-2F6C3A9B7D41}
AppName=Claimdesk
AppVersion={#AppVersion}
AppPublisher=The Claimdesk developers
DefaultDirName={autopf}\Claimdesk
DefaultGroupName=Claimdesk
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
ChangesEnvironment=yes
OutputDir={#Root}\dist
OutputBaseFilename=Claimdesk-{#AppVersion}-setup
SetupIconFile={#Root}\build\icons\claimdesk.ico
UninstallDisplayIcon={app}\Claimdesk.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add the claimdesk-cli command to PATH"; Flags: unchecked

[Files]
Source: "{#Root}\dist\Claimdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Claimdesk"; Filename: "{app}\Claimdesk.exe"
Name: "{autodesktop}\Claimdesk"; Filename: "{app}\Claimdesk.exe"; Tasks: desktopicon

[Registry]
; .claimdesk project files open in Claimdesk
Root: HKA; Subkey: "Software\Classes\.claimdesk"; ValueType: string; ValueName: ""; ValueData: "Claimdesk.Project"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Claimdesk.Project"; ValueType: string; ValueName: ""; ValueData: "Claimdesk project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Claimdesk.Project\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\Claimdesk.exe,0"
Root: HKA; Subkey: "Software\Classes\Claimdesk.Project\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\Claimdesk.exe"" ""%1"""
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\Claimdesk.exe"; Description: "{cm:LaunchProgram,Claimdesk}"; Flags: nowait postinstall skipifsilent

[Code]
function NeedsAddPath(Dir: string): Boolean;
var
  Path: string;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Path) then
    Path := '';
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';') = 0;
end;
