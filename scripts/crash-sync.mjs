#!/usr/bin/env node
/**
 * The long sync crash drill: `node scripts/crash-sync.mjs [--kills N] [--tickets N] [--page N] [--max-delay MS] [--seed S]
 * [--remap]`.
 * Spawns the CLI's `sync` against the fake Zendesk server and kills it with SIGKILL at random moments N times (default
 * 500), checking after every kill that the workspace holds exactly the committed pages and passes quick_check, then
 * lets a last run finish. Exits 0 when every check held, 1 otherwise. The test suite runs the same drill with 50 kills.
 * `--remap` drills a re-sync from the start after a mapping change instead (the suite runs that with 30 kills).
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

// The drill is TypeScript (it shares the fake server with the tests): run under tsx's loader, once.
if (!process.env.OWB_CRASH_SYNC_LOADED) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, OWB_CRASH_SYNC_LOADED: '1' },
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
const pageLimit = opt('page', 25)
const maxKillDelayMs = opt('max-delay', 400)
const seed = opt('seed', Date.now() % 2 ** 31)
const remap = args.includes('--remap')

const { runCrashSync } = await import('../tests/helpers/crashSync.ts')
const started = Date.now()
try {
  const report = await runCrashSync({
    kills,
    tickets,
    pageLimit,
    maxKillDelayMs,
    seed,
    remap,
    log: (line) => process.stderr.write(`${line}\n`),
  })
  console.log(
    `OK${remap ? ' (re-sync from the start)' : ''}: ${report.kills} kills (${report.killsMidSync} mid-sync, seed ${seed}); final cache ${report.finalTickets} tickets, ` +
      `${report.finalComments} comments, quick_check ok, in ${Math.round((Date.now() - started) / 1000)} s.`,
  )
} catch (err) {
  console.error(`FAILED (seed ${seed}): ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}
