/** Browser mode: the file arrives as an upload (streamed to the data folder), then imports by its upload id. */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../../src/main/app/backend'
import { uploadsDir } from '../../src/main/ingest/uploads'
import { startWebServer, type WebServer } from '../../src/main/web/server'
import { HTTP_UPLOAD_PATH } from '../../src/shared/api/methods/imports'
import type { ImportInspection } from '../../src/shared/importMapping'
import { tempDir } from '../helpers/tmp'

const FIXTURES = path.resolve(__dirname, '../fixtures/import')
let backend: Backend | null = null
let server: WebServer | null = null

afterEach(async () => {
  await server?.close()
  backend?.close()
  server = null
  backend = null
})

async function start() {
  const dataDir = tempDir()
  backend = await createBackend({ dataDir, transport: 'web', noDemo: true })
  const rendererDir = path.join(dataDir, 'renderer')
  fs.mkdirSync(rendererDir)
  server = await startWebServer({
    dispatch: backend.dispatch,
    onEvent: backend.onEvent,
    rendererDir,
    port: 0,
    token: 'test-token',
    uploadsDir: uploadsDir(dataDir),
  })
  return { dataDir, base: server.url.replace(/\/$/, '') }
}

async function post(url: string, body: Buffer | string, token = 'test-token') {
  const res = await fetch(url, { method: 'POST', headers: { 'x-workbench-token': token }, body })
  return {
    status: res.status,
    json: (await res.json()) as { ok: boolean; value?: { uploadId: string }; error?: { message: string } },
  }
}

describe('uploads', () => {
  it('streams an upload to the data folder and imports it by id', async () => {
    const { dataDir, base } = await start()
    const bytes = fs.readFileSync(path.join(FIXTURES, 'salesforce-cases.tsv'))
    const up = await post(`${base}${HTTP_UPLOAD_PATH}?name=${encodeURIComponent('../../cases.tsv')}`, bytes)
    expect(up.status).toBe(200)
    expect(up.json.value).toMatchObject({ fileName: 'cases.tsv', size: bytes.length })
    const uploadId = up.json.value?.uploadId as string
    expect(fs.readFileSync(path.join(uploadsDir(dataDir), uploadId))).toEqual(bytes)

    const inspected = await backend!.dispatch('import.inspect', { file: { uploadId } })
    expect(inspected.ok && (inspected.value as ImportInspection)).toMatchObject({
      fileName: 'cases.tsv',
      presetId: 'salesforce-cases',
    })
    const missing = await backend!.dispatch('import.inspect', { file: { uploadId: 'f'.repeat(32) } })
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('refuses uploads without the token, empty bodies and other methods', async () => {
    const { base } = await start()
    expect((await post(`${base}${HTTP_UPLOAD_PATH}?name=a.csv`, 'x', 'wrong')).status).toBe(401)
    const empty = await post(`${base}${HTTP_UPLOAD_PATH}?name=a.csv`, '')
    expect(empty.status).toBe(400)
    expect(empty.json.error?.message).toBe('a.csv is empty.')
    const get = await fetch(`${base}${HTTP_UPLOAD_PATH}`, { headers: { 'x-workbench-token': 'test-token' } })
    expect(get.status).toBe(405)
  })
})
