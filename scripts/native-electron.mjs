#!/usr/bin/env node
// Makes .workbench-native/electron-<version>-<arch>/better_sqlite3.node exist: better-sqlite3 built for the installed
// Electron's ABI, kept beside (never instead of) the Node build in node_modules/better-sqlite3, which the tests, the
// browser mode and the CLI load. src/main/electron/native.ts points better-sqlite3's `nativeBinding` at it.
//
//   node scripts/native-electron.mjs               build if missing; exit 1 with the reason when it cannot
//   node scripts/native-electron.mjs --postinstall as npm's postinstall: never fails the install
//
// A packaged app does not use this: electron-builder rebuilds the package's own copy for Electron (npmRebuild).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const modules = path.join(root, 'node_modules')

/** Same layout as nativeBindingPath in src/main/electron/rules.ts (a unit test keeps the two in step). */
export const NATIVE_DIR_NAME = '.workbench-native'

export function nativeBindingPath(projectRoot, electronVersion, arch) {
  return path.join(projectRoot, NATIVE_DIR_NAME, `electron-${electronVersion}-${arch}`, 'better_sqlite3.node')
}

const PREBUILD_TIMEOUT_MS = 5 * 60_000
const COMPILE_TIMEOUT_MS = 20 * 60_000

class BuildError extends Error {}

function say(line) {
  process.stderr.write(`[native-electron] ${line}\n`)
}

function installedElectronVersion() {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(modules, 'electron', 'package.json'), 'utf8'))
    return typeof pkg.version === 'string' ? pkg.version : null
  } catch {
    return null
  }
}

/** Why there is no Electron binary to run, or null when there is one. */
function missingBinaryReason() {
  const skip = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD
  if (skip && skip !== '0' && skip.toLowerCase() !== 'false') return 'ELECTRON_SKIP_BINARY_DOWNLOAD is set'
  if (!fs.existsSync(path.join(modules, 'electron', 'path.txt'))) return 'the Electron binary is not downloaded yet'
  return null
}

/**
 * npm passes its config to scripts as npm_config_* variables. A `nodedir` (set on machines that build offline against
 * Node's headers) would make node-gyp compile against Node instead of Electron, silently, and a `target` or
 * `runtime` would fight the flags below: drop those, keep the rest (proxies, caches).
 */
function childEnv() {
  const env = { ...process.env }
  for (const key of Object.keys(env)) {
    if (/^npm_config_(nodedir|target|runtime|disturl|dist_url|arch)$/i.test(key)) delete env[key]
  }
  return env
}

function run(label, args, cwd, timeout) {
  say(`${label}…`)
  const result = spawnSync(process.execPath, args, { cwd, stdio: 'inherit', timeout, env: childEnv() })
  if (result.error) {
    say(`${label} could not run: ${result.error.message}`)
    return false
  }
  if (result.status !== 0) {
    say(`${label} failed (${result.signal ? `signal ${result.signal}` : `exit code ${result.status}`}).`)
    return false
  }
  return true
}

/** Copies better-sqlite3 without its build/ folder, so the build in the copy can never touch the Node one. */
function copyPackage(from, to) {
  fs.cpSync(from, to, {
    recursive: true,
    filter: (src) => {
      const rel = path.relative(from, src)
      return rel !== 'build' && !rel.startsWith(`build${path.sep}`)
    },
  })
}

function build(version, arch, target) {
  const source = path.join(modules, 'better-sqlite3')
  const prebuild = path.join(modules, 'prebuild-install', 'bin.js')
  const nodeGyp = path.join(modules, 'node-gyp', 'bin', 'node-gyp.js')
  if (!fs.existsSync(path.join(source, 'package.json'))) {
    throw new BuildError('node_modules/better-sqlite3 is missing: run "npm install" first.')
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'workbench-native-'))
  try {
    const work = path.join(tmp, 'better-sqlite3')
    copyPackage(source, work)

    let built = false
    if (fs.existsSync(prebuild)) {
      built = run(
        `Downloading a prebuilt better-sqlite3 for Electron ${version} (${arch})`,
        [prebuild, '--runtime', 'electron', '--target', version, '--arch', arch],
        work,
        PREBUILD_TIMEOUT_MS,
      )
    }
    if (!built) {
      if (!fs.existsSync(nodeGyp))
        throw new BuildError('node-gyp is not installed, so better-sqlite3 cannot be compiled.')
      built = run(
        `Compiling better-sqlite3 for Electron ${version} (${arch}) with node-gyp (a few minutes)`,
        [
          nodeGyp,
          'rebuild',
          '--release',
          '--runtime=electron',
          `--target=${version}`,
          `--arch=${arch}`,
          '--dist-url=https://electronjs.org/headers',
        ],
        work,
        COMPILE_TIMEOUT_MS,
      )
    }
    const output = path.join(work, 'build', 'Release', 'better_sqlite3.node')
    if (!built || !fs.existsSync(output)) {
      throw new BuildError(
        'No prebuilt binary could be downloaded and compiling failed. Both need the internet (Electron headers or ' +
          'the prebuilt binary); compiling also needs Python 3 and a C++ toolchain (build-essential, Xcode command ' +
          'line tools, or Visual Studio Build Tools). Fix that and run "node scripts/native-electron.mjs" again.',
      )
    }

    fs.mkdirSync(path.dirname(target), { recursive: true })
    // Copy then rename: an interrupted copy must not leave a file that the next run's existence check accepts.
    const partial = `${target}.${process.pid}.partial`
    fs.copyFileSync(output, partial)
    fs.renameSync(partial, target)
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

function main() {
  const postinstall = process.argv.includes('--postinstall')
  const version = installedElectronVersion()
  if (!version) {
    const message = 'node_modules/electron is not installed, so there is no Electron build of better-sqlite3 to make.'
    if (postinstall) {
      say(`Skipped: ${message}`)
      return 0
    }
    say(`${message} Run "npm install" first.`)
    return 1
  }

  const arch = process.arch
  const target = nativeBindingPath(root, version, arch)
  if (fs.existsSync(target)) return 0

  if (postinstall) {
    const reason = missingBinaryReason()
    if (reason) {
      say(`Skipped the Electron build of better-sqlite3 (${reason}); "npm start" builds it when needed.`)
      return 0
    }
  }

  try {
    build(version, arch, target)
    say(`Built ${path.relative(root, target)}.`)
    return 0
  } catch (err) {
    say(err instanceof BuildError ? err.message : `Unexpected failure: ${err instanceof Error ? err.stack : err}`)
    if (postinstall) {
      say('The install itself is fine; the desktop app will ask for this build when it starts.')
      return 0
    }
    return 1
  }
}

/** Runs only when executed, not when imported (the unit test imports nativeBindingPath). */
function isEntryPoint() {
  const entry = process.argv[1]
  if (!entry) return false
  try {
    return fs.realpathSync(entry) === fs.realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
}

if (isEntryPoint()) process.exitCode = main()
