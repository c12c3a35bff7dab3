/**
 * The RCA autosave crash drill: a child autosaves an RCA in a loop and is killed with SIGKILL at random moments.
 * After each kill the workspace must pass quick_check and hold the RCA exactly as one whole save left it: the last
 * save the child heard answered, or the one in flight when it died, never a mix or a torn text. Used by
 * tests/security/crashRca.test.ts and scripts/crash-migrate.mjs --rca.
 */
import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { build } from 'esbuild'
import { createBackend } from '../../src/main/app/backend'
import type { RcaDocument } from '../../src/shared/rca'
import { autosaveText, sequenceOf } from './rcaAutosaveText'

const ROOT = path.resolve(__dirname, '../..')

export interface RcaCrashReport {
  kills: number
  /** Kills after which the stored save was the one in flight (committed, not yet answered). */
  inFlightCommitted: number
  saves: number
}

function mulberry(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function runChild(
  child: string,
  dataDir: string,
  killAfterMs: number,
): Promise<{ acked: number; ready: number | null; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [child, dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
    })
    let out = ''
    let stderr = ''
    let timer: NodeJS.Timeout | null = null
    p.stdout.on('data', (c: Buffer) => {
      out += c.toString()
      // The clock starts once the child is saving, so kills land among saves, not during start-up.
      if (!timer && out.includes('ready')) timer = setTimeout(() => p.kill('SIGKILL'), killAfterMs)
    })
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    p.on('exit', (code) => {
      if (timer) clearTimeout(timer)
      const acks = [...out.matchAll(/^ack (\d+)$/gm)].map((m) => Number(m[1]))
      const ready = /^ready (\d+)$/m.exec(out)
      resolve({
        acked: acks.at(-1) ?? (ready ? Number(ready[1]) : 0),
        ready: ready ? Number(ready[1]) : null,
        stderr,
        code,
      })
    })
  })
}

export async function runRcaCrash(options: {
  kills: number
  maxKillDelayMs: number
  seed?: number
  log?: (l: string) => void
}): Promise<RcaCrashReport> {
  const log = options.log ?? (() => {})
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'owb-crash-rca-'))
  try {
    const child = path.join(work, 'child.cjs')
    await build({
      entryPoints: [path.join(__dirname, 'rcaAutosaveChild.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: child,
      external: ['better-sqlite3', 'electron', 'exceljs'],
      logLevel: 'silent',
    })
    const dataDir = path.join(work, 'data')
    const random = mulberry(options.seed ?? 1202)
    let inFlightCommitted = 0
    let saves = 0
    for (let i = 0; i < options.kills; i++) {
      const delay = Math.floor(random() * options.maxKillDelayMs)
      const r = await runChild(child, dataDir, delay)
      if (r.ready === null) throw new Error(`the autosave child never started: ${r.stderr}`)
      const file = path.join(dataDir, 'workspaces', 'my-workspace.sqlite')
      const raw = new Database(file)
      const qc = raw.pragma('quick_check', { simple: true })
      raw.close()
      if (qc !== 'ok') throw new Error(`quick_check after kill ${i + 1}: ${String(qc)}`)
      const backend = await createBackend({ dataDir, transport: 'cli', noDemo: true })
      try {
        const list = (await backend.dispatch('rca.list', {})) as { ok: true; value: { id: number }[] }
        const got = (await backend.dispatch('rca.get', { id: list.value[0]?.id })) as {
          ok: boolean
          value: RcaDocument
        }
        if (!got.ok) throw new Error('the RCA could not be read after a kill')
        const text = Object.values(got.value.content.sections)
          .map((s) => (s.kind === 'text' ? (s as { text: string }).text : null))
          .find((t) => t !== null && sequenceOf(t) !== null)
        const stored = text ? sequenceOf(text) : (r.ready ?? 0)
        if (stored === null) throw new Error('no drill text stored')
        if (text !== undefined && text !== null && text !== autosaveText(stored))
          throw new Error(`save ${stored} is torn`)
        if (stored < r.acked)
          throw new Error(`kill ${i + 1}: save ${r.acked} was answered but ${stored} is stored (lost a save)`)
        if (stored > r.acked + 1) throw new Error(`kill ${i + 1}: save ${stored} stored, only ${r.acked} answered`)
        if (stored === r.acked + 1) inFlightCommitted++
        saves = stored
        log(`kill ${i + 1}/${options.kills} after ${delay} ms: ${r.acked} answered, ${stored} stored`)
      } finally {
        backend.close()
      }
    }
    return { kills: options.kills, inFlightCommitted, saves }
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}
