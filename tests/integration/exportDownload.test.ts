import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { exportsDir } from '../../src/main/export/exportFiles'
import { startWebServer, type WebServer } from '../../src/main/web/server'
import { tempDir } from '../helpers/tmp'

function get(port: number, urlPath: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: urlPath, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        )
      },
    )
    req.on('error', reject)
    req.end()
  })
}

describe('browser-mode download of a finished export', () => {
  let server: WebServer
  let dataDir: string

  beforeEach(async () => {
    const dir = tempDir()
    dataDir = path.join(dir, 'data')
    const rendererDir = path.join(dir, 'renderer')
    fs.mkdirSync(rendererDir, { recursive: true })
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>')
    fs.mkdirSync(exportsDir(dataDir), { recursive: true })
    fs.writeFileSync(path.join(exportsDir(dataDir), 'demo-20261122-0914.csv'), '\uFEFFID\r\n1\r\n')
    fs.writeFileSync(path.join(exportsDir(dataDir), 'demo-20261122-0914.csv.partial'), 'half')
    fs.mkdirSync(path.join(dataDir, 'workspaces'), { recursive: true })
    fs.writeFileSync(path.join(dataDir, 'workspaces', 'demo.sqlite'), 'secret database')
    fs.writeFileSync(path.join(dataDir, 'settings.json'), '{}')
    fs.symlinkSync(path.join(dataDir, 'settings.json'), path.join(exportsDir(dataDir), 'link-20261122-0914.csv'))
    server = await startWebServer({
      dispatch: () => Promise.resolve({ ok: true, value: null }),
      onEvent: () => () => {},
      rendererDir,
      port: 0,
      downloadsDir: exportsDir(dataDir),
    })
  })
  afterEach(() => server.close())

  const url = (file: string, token: string | null = server.token): string =>
    `/api/download?${token === null ? '' : `token=${token}&`}file=${encodeURIComponent(file)}`

  it('serves an export as an attachment with the token', async () => {
    const r = await get(server.port, url('demo-20261122-0914.csv'))
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toMatch(/^text\/csv/)
    expect(r.headers['content-disposition']).toBe('attachment; filename="demo-20261122-0914.csv"')
    expect(r.body).toBe('\uFEFFID\r\n1\r\n')
  })

  it('refuses the session cookie alone: another page on 127.0.0.1 would send it too', async () => {
    const r = await get(server.port, url('demo-20261122-0914.csv', null), {
      cookie: `workbench_token=${server.token}`,
    })
    expect(r.status).toBe(401)
  })

  it('requires the token', async () => {
    expect((await get(server.port, url('demo-20261122-0914.csv', null))).status).toBe(401)
    expect((await get(server.port, url('demo-20261122-0914.csv', 'wrong'))).status).toBe(401)
  })

  it('refuses paths, other folders, partial files, links out of the folder and other hosts', async () => {
    for (const name of [
      '../settings.json',
      '../workspaces/demo.sqlite',
      '..%2Fsettings.json',
      '/etc/passwd',
      'demo-20261122-0914.csv.partial',
      'link-20261122-0914.csv',
      '.hidden.csv',
      'nope-20261122-0914.csv',
      '',
    ]) {
      const r = await get(server.port, url(name))
      expect(r.status, name).toBe(404)
      expect(r.body).not.toContain('secret')
    }
    const raw = await get(server.port, `/api/download?token=${server.token}&file=../workspaces/demo.sqlite`)
    expect(raw.status).toBe(404)
    const rebinding = await get(server.port, url('demo-20261122-0914.csv'), { host: 'evil.example:80' })
    expect(rebinding.status).toBe(403)
  })
})
