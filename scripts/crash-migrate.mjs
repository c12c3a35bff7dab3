#!/usr/bin/env node
/**
 * The long migration crash drill: `node scripts/crash-migrate.mjs [--kills N] [--tickets N] [--max-delay MS] [--seed S]`;
 * with `--rca`, the RCA autosave drill instead (kills a child that autosaves an RCA in a loop; every answered save
 * must survive whole, the one in flight be wholly there or wholly absent).
 * Opens a schema-1 workspace with the CLI (which backs it up, then migrates it in one transaction) and kills it with
 * SIGKILL at random moments N times (default 500), checking after every kill that the file passes quick_check and is
 * wholly at schema 1 or wholly migrated with every ticket, note and label. Exits 0 when every check held, 1 otherwise.
 * The test suite runs the same drill with 25 kills (tests/security/crashMigration.test.ts).
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

// The drill is TypeScript (it shares the schema with the app): run under tsx's loader, once.
if (!process.env.OWB_CRASH_MIGRATE_LOADED) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, OWB_CRASH_MIGRATE_LOADED: '1' },
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
const tickets = opt('tickets', 15_000)
const maxKillDelayMs = opt('max-delay', 3_000)
const seed = opt('seed', Date.now() % 2 ** 31)

const started = Date.now()
if (args.includes('--rca')) {
  const { runRcaCrash } = await import('../tests/security/crashRca.ts')
  try {
    const report = await runRcaCrash({
      kills,
      maxKillDelayMs: opt('max-delay', 400),
      seed,
      log: (line) => {
        if (/^kill \d*0\//.test(line)) console.error(line)
      },
    })
    const seconds = Math.round((Date.now() - started) / 1000)
    console.log(
      `${report.kills} kills during RCA autosave (seed ${seed}): ${report.saves} saves in all, no answered save lost, ` +
        `${report.inFlightCommitted} in-flight saves found committed whole, none torn; quick_check ok after every kill. ${seconds} s.`,
    )
    process.exit(0)
  } catch (err) {
    console.error(`Crash drill FAILED: ${err?.message ?? err}`)
    process.exit(1)
  }
}
const { runMigrationCrash } = await import('../tests/security/crashMigration.ts')
try {
  const report = await runMigrationCrash({
    kills,
    tickets,
    maxKillDelayMs,
    seed,
    log: (line) => {
      if (/^kill \d*0\//.test(line)) console.error(line)
    },
  })
  const seconds = Math.round((Date.now() - started) / 1000)
  console.log(
    `${report.kills} kills (seed ${seed}): ${report.killsMidMigration} before the migration committed ` +
      `(${report.killsInsideTransaction} of them inside the migration transaction, after its backup), ` +
      `${report.killsAfterCommit} after; every kill left a whole schema-1 or whole schema-${report.finalVersion} file ` +
      `with all ${report.tickets.toLocaleString('en-US')} tickets; the last run finished. ${seconds} s.`,
  )
} catch (err) {
  console.error(`Crash drill FAILED: ${err?.message ?? err}`)
  process.exit(1)
}
