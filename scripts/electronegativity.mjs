#!/usr/bin/env node
/**
 * Electronegativity over the sources and the built app, offline, failing on any finding of medium severity or above.
 *
 * Electronegativity itself exits 0 whatever it finds, and reaches for the network (translations, Electron's release
 * list): here it runs in-process with every outgoing request refused up front, its result is read, and the exit code
 * says whether anything at or above MEDIUM was found. Findings below that are listed for the reader.
 *
 *   node scripts/electronegativity.mjs            scan src/ and out/ (run `npm run build` first)
 *   node scripts/electronegativity.mjs --json F   also write every finding to F
 *   node scripts/electronegativity.mjs --input D  scan D instead (repeatable; the tests use it)
 *
 * A finding that is reviewed and accepted is listed in JUSTIFIED below with its reason, by check and file, so the list
 * is read in one place and a new finding of the same check elsewhere still fails.
 */
import fs from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

/** Offline: the scan must give the same answer on a plane as in CI. */
function refuseNetwork() {
  const refuse = () => {
    throw new Error('electronegativity.mjs runs offline: no network requests')
  }
  for (const mod of [http, https]) {
    mod.request = refuse
    mod.get = refuse
  }
  globalThis.fetch = async () => refuse()
}

/**
 * Findings reviewed and accepted, by check id and file (relative to the scanned folder), with the reason: one finding
 * an entry. Anything not listed here that is MEDIUM or above fails the run.
 */
export const JUSTIFIED = [
  {
    check: 'PRELOAD_JS_CHECK',
    file: 'main/electron/window.ts',
    reason:
      'the preload exposes one frozen object of contract functions, never ipcRenderer (tests/unit/electron-shell.test.ts, "the preload bridge")',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/electron/security.ts',
    reason:
      'only URLs that safeExternalUrl parsed as https: or mailto: (without attachments) reach shell.openExternal, and only from the app page (tests/unit/electron-shell.test.ts, tests/security/shell.test.ts)',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/index.js',
    reason: 'the bundled form of src/main/electron/security.ts (same call, same guard)',
  },
  ...['AUXCLICK_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK'].map((check) => ({
    check,
    file: 'main/electron/pdfInstall.ts',
    reason:
      'new BrowserWindow(options) with options from pdfWindowOptions() in pdf.ts: JavaScript off, sandbox and context isolation on, in-memory session (tests/security/shell.test.ts, "the PDF window")',
  })),
  {
    check: 'PRELOAD_JS_CHECK',
    file: 'main/index.js',
    reason: 'the bundled form of src/main/electron/window.ts (same preload)',
  },
]

const args = process.argv.slice(2)
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined
const inputs = args.flatMap((a, i) => (a === '--input' ? [args[i + 1]] : []))
const targets = (inputs.length > 0 ? inputs : ['src', 'out']).map((d) => path.resolve(root, d))

async function main() {
  refuseNetwork()
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
  const electronVersion = String(pkg.devDependencies?.electron ?? '').replace(/^[^\d]*/, '')
  const missing = targets.filter((t) => !fs.existsSync(t))
  if (missing.length > 0) {
    console.error(
      `electronegativity: ${missing.map((m) => path.relative(root, m)).join(', ')} not found; run \`npm run build\` first.`,
    )
    process.exit(2)
  }
  // Its translations loader logs to the console while failing over to English; keep the output about findings.
  const log = console.log
  console.log = () => {}
  const run = require('@doyensec/electronegativity').default ?? require('@doyensec/electronegativity')
  const { severity } = require('@doyensec/electronegativity/dist/finder')
  const findings = []
  try {
    for (const input of targets) {
      const result = await run({
        input,
        output: undefined,
        isRelative: true,
        isVerbose: false,
        electronVersionOverride: electronVersion || undefined,
        // Needs Electron's release list from the network; the Electron version is kept current by Dependabot-style
        // review of package.json instead.
        excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
        parserPlugins: [],
      })
      for (const e of result.errors ?? []) {
        console.error(`electronegativity could not parse ${e.file ?? '?'}: ${e.message ?? e.error ?? ''}`)
      }
      for (const issue of result.issues) {
        findings.push({
          target: path.relative(root, input),
          check: issue.id,
          file: issue.file,
          line: issue.location?.line ?? 0,
          severity: issue.severity?.name ?? String(issue.severity?.value),
          severityValue: issue.severity?.value ?? 0,
          confidence: issue.confidence?.name ?? String(issue.confidence?.value),
          description: issue.description,
        })
      }
    }
  } finally {
    console.log = log
  }
  const medium = severity.MEDIUM.value
  // Each entry accepts the one finding that was reviewed: a second finding of the same check in the same file (a new
  // window beside the reviewed one) is not covered by its reason and fails.
  const used = new Set()
  const verdicts = new Map(
    findings.map((f) => {
      const j = JUSTIFIED.find((e) => e.check === f.check && f.file.endsWith(e.file) && !used.has(e))
      if (j) used.add(j)
      return [f, j]
    }),
  )
  const justified = (f) => verdicts.get(f)
  const failing = findings.filter((f) => f.severityValue >= medium && !justified(f))
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(findings, null, 2))
  for (const f of findings) {
    const j = justified(f)
    const mark = f.severityValue >= medium ? (j ? 'accepted' : 'FAIL') : 'note'
    console.log(
      `${mark.padEnd(8)} ${f.severity.padEnd(13)} ${f.confidence.padEnd(10)} ${f.check.padEnd(34)} ${f.target}/${f.file}:${f.line}${j ? `  (${j.reason})` : ''}`,
    )
  }
  console.log(
    `electronegativity: ${findings.length} finding(s) over ${targets.map((t) => path.relative(root, t)).join(' and ')}, ${failing.length} of medium severity or above unaccounted for.`,
  )
  process.exit(failing.length > 0 ? 1 : 0)
}

main().catch((err) => {
  console.error(`electronegativity failed to run: ${err?.stack ?? err}`)
  process.exit(2)
})
