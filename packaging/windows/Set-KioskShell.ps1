# Apply ShellLauncher.xml with the Shell Launcher v2 WMI bridge (run as SYSTEM, e.g. with
#   psexec -i -s powershell -ExecutionPolicy Bypass -File Set-KioskShell.ps1
# ). Requires Windows 10/11 Enterprise or Education (or IoT Enterprise) with the
# "Shell Launcher" feature enabled:
#   Enable-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher
# Untested here: no Windows machine was available. docs/deploy.md, "Windows", explains the rest.
param([string]$Xml = (Join-Path $PSScriptRoot "ShellLauncher.xml"))

$ErrorActionPreference = "Stop"
$namespace = "root\cimv2\mdm\dmmap"
$class = "MDM_AssignedAccess"
$config = Get-Content -Raw -Path $Xml
$escaped = [System.Net.WebUtility]::HtmlEncode($config)
$instance = Get-CimInstance -Namespace $namespace -ClassName $class
$instance.ShellLauncher = $escaped
Set-CimInstance -CimInstance $instance
Write-Output "Shell Launcher configuration applied; sign in as 'kiosk' to start the kiosk."
