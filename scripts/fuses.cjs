// electron-builder afterPack hook: flips Electron's fuses on the packaged binary, so a shipped app cannot be turned
// into a general Node runtime (RunAsNode, NODE_OPTIONS, --inspect), runs only the code in its own asar, checks that
// asar's integrity where Electron supports it (macOS, Windows), and encrypts its cookie store.
// afterPack runs before code signing: the signature then covers the flipped binary.
const path = require('node:path')
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses')

/** How electron-builder names the executable per platform (see its own addElectronFuses). */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`)
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`)
    case 'linux':
      return path.join(appOutDir, packager.executableName)
    default:
      throw new Error(`fuses.cjs does not know where the Electron binary is on "${electronPlatformName}".`)
  }
}

async function afterPack(context) {
  const binary = electronBinaryPath(context)
  const isMac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas'
  await flipFuses(binary, {
    version: FuseVersion.V1,
    // Editing the binary breaks its ad-hoc signature, which Apple silicon refuses to run; re-sign ad hoc (only
    // possible on a Mac, where macOS builds are made anyway). A real signing identity signs again afterwards.
    resetAdHocDarwinSignature: isMac && process.platform === 'darwin',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
  })
  console.log(`  • fuses flipped on ${path.relative(process.cwd(), binary)}`)
}

module.exports = afterPack
module.exports.electronBinaryPath = electronBinaryPath
