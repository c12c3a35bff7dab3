#!/usr/bin/env node
/**
 * The long import crash drill: `node scripts/crash-import.mjs [--kills N] [--tickets N] [--max-delay MS] [--seed S]`.
 * Imports a demo CSV in a child process (bulk or batched path at random) and kills it with SIGKILL at random moments
 * N times (default 500), checking after every kill that the workspace holds exactly the committed rows with its
 * indexes, tags, full-text index and rollups intact and passes quick_check; then lets a last run finish. Exits 0 when
 * every check held, 1 otherwise. The test suite runs the same drill with 50 kills.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

if (!process.env.OWB_CRASH_IMPORT_LOADED) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, OWB_CRASH_IMPORT_LOADED: '1' },
  })
  process.exit(r.status ?? 1)
}

const args = process.argv.slice(2)
function opt(name, fallback) {
  const i = args.indexOf(`--${name}`)
  if (i < 0) return fallback
  const n = Number(args[i + 1])
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} needs a whole number (got "${args[i + 1] ?? ''}").`)
    process.exit(2)
  }
  return n
}

const kills = opt('kills', 500)
const tickets = opt('tickets', 20_000)
const maxKillDelayMs = opt('max-delay', 4500)
const seed = opt('seed', Date.now() % 2 ** 31)

const { runCrashImport } = await import('../tests/helpers/crashImport.ts')
const started = Date.now()
try {
  const report = await runCrashImport({
    kills,
    tickets,
    maxKillDelayMs,
    seed,
    log: (line) => process.stderr.write(`${line}\n`),
  })
  console.log(
    `OK: ${report.kills} kills (${report.killsMidImport} mid-import, ${report.bulkRuns} on the bulk path, seed ${seed}); ` +
      `final cache ${report.finalTickets} tickets, quick_check ok, in ${Math.round((Date.now() - started) / 1000)} s.`,
  )
} catch (err) {
  console.error(`FAILED (seed ${seed}): ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}
