/**
 * Browser-mode fixtures: every test gets its own data folder and its own server (`out/main/web.js`, built by
 * `npm run test:e2e`), with a small demo workspace, and a page opened on the printed URL once the app says it is ready.
 */
import { test as base, expect, type Page } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export interface Workbench {
  url: string
  token: string
  dataDir: string
  /** Calls the API over HTTP like the renderer does, for expected values. */
  api<T>(method: string, input: unknown): Promise<T>
}

const ROOT = path.resolve(__dirname, '../..')

export async function startServer(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, [path.join(ROOT, 'out/main/web.js'), '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, WORKBENCH_DEMO_TICKETS: '3000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`server not ready: ${stderr}`)), 45_000)
    proc.stdout?.on('data', (c: Buffer) => {
      out += c.toString()
      const m = /Ops Workbench is ready: (\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1] as string)
      }
    })
    proc.on('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)))
  })
  return { proc, url }
}

export const test = base.extend<{ workbench: Workbench; app: Page; serverEnv: Record<string, string> }>({
  /** Extra environment of the browser-mode server, e.g. `test.use({ serverEnv: { WORKBENCH_ALLOW_LOOPBACK: '1' } })`. */
  serverEnv: [{}, { option: true }],
  workbench: async ({ serverEnv }, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'owb-e2e-'))
    const { proc, url } = await startServer(dataDir, serverEnv)
    const parsed = new URL(url)
    const token = parsed.searchParams.get('token') as string
    await use({
      url,
      token,
      dataDir,
      async api<T>(method: string, input: unknown): Promise<T> {
        const res = await fetch(`${parsed.origin}/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-workbench-token': token },
          body: JSON.stringify(input),
        })
        const body = (await res.json()) as { ok: boolean; value: T; error?: { message: string } }
        if (!body.ok) throw new Error(body.error?.message)
        return body.value
      },
    })
    // Wait for the server to finish closing (it checkpoints and stamps its workspace files on the way out) before
    // removing its folder, or the removal races those last writes.
    const exited = new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) resolve()
      else proc.once('exit', () => resolve())
    })
    proc.kill('SIGTERM')
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
    fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
  },
  app: async ({ page, workbench }, use) => {
    const failures: string[] = []
    page.on('pageerror', (err) => failures.push(err.message))
    await page.goto(workbench.url)
    await expect(page.getByTestId('app-ready')).toBeAttached()
    await use(page)
    expect(failures, 'uncaught errors in the page').toEqual([])
  },
})

export { expect }
