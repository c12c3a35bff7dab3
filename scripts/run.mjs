#!/usr/bin/env node
// Runs a front door from the built output, building first only when the sources changed since the last build.
//   node scripts/run.mjs build | web [args] | cli [args]
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const stamp = path.join(root, 'out', '.build-stamp')
const inputs = ['src', 'electron.vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.base.json']

function newestMtime(p) {
  let stat
  try {
    stat = fs.statSync(p)
  } catch {
    return 0
  }
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)))
  return newest
}

function ensureBuilt() {
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0
  const newest = Math.max(...inputs.map((i) => newestMtime(path.join(root, i))))
  if (built >= newest && fs.existsSync(path.join(root, 'out', 'main', 'web.js'))) return
  process.stderr.write('Building Ops Workbench (electron-vite build)…\n')
  const bin = path.join(
    root,
    'node_modules',
    '.bin',
    process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite',
  )
  const result = spawnSync(bin, ['build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    shell: process.platform === 'win32',
  })
  if (result.status !== 0) {
    process.stderr.write('The build failed; see the messages above.\n')
    process.exit(result.status ?? 1)
  }
  fs.writeFileSync(stamp, new Date().toISOString())
}

const [command, ...args] = process.argv.slice(2)
const entries = { web: 'out/main/web.js', cli: 'out/main/cli.js' }
if (command === 'build') {
  ensureBuilt()
} else if (command in entries) {
  ensureBuilt()
  const result = spawnSync(process.execPath, [path.join(root, entries[command]), ...args], {
    cwd: process.cwd(),
    stdio: 'inherit',
  })
  process.exit(result.status ?? 1)
} else {
  process.stderr.write('Usage: node scripts/run.mjs build | web [args] | cli [args]\n')
  process.exit(2)
}
