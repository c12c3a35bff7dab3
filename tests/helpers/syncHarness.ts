/** A backend with an empty workspace and a Zendesk source pointing at a fake server, for the sync tests. */
import { createBackend, type Backend } from '../../src/main/app/backend'
import type { SourceSummary } from '../../src/shared/api/methods/sources'
import type { WorkbenchEvent } from '../../src/shared/api/types'
import { FakeZendesk, type FakeZendeskOptions } from '../fakes/zendeskServer'
import { tempDir } from './tmp'

export interface Harness {
  backend: Backend
  fake: FakeZendesk
  source: SourceSummary
  dataDir: string
  logs: string[]
  events: WorkbenchEvent[]
  call<T>(method: string, input: unknown): Promise<T>
  /** The raw API answer (for expected failures). */
  raw(
    method: string,
    input: unknown,
  ): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>
  close(): Promise<void>
}

export async function syncHarness(
  options: FakeZendeskOptions & { perPage?: number; fetchComments?: boolean } = {},
): Promise<Harness> {
  const fake = new FakeZendesk(options)
  await fake.start()
  const dataDir = tempDir('owb-sync-')
  const logs: string[] = []
  const events: WorkbenchEvent[] = []
  const backend = await createBackend({
    dataDir,
    transport: 'cli',
    noDemo: true,
    allowLoopback: true,
    log: (l) => logs.push(l),
    sync: {
      perPage: options.perPage ?? 10,
      http: { baseBackoffMs: 1, maxBackoffMs: 10, maxRetries: 3, maxRetryAfterMs: 5_000, timeoutMs: 5_000 },
    },
  })
  backend.onEvent((e) => events.push(e))
  const raw = (method: string, input: unknown) =>
    backend.dispatch(method, input) as Promise<{
      ok: boolean
      value?: unknown
      error?: { code: string; message: string }
    }>
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await raw(method, input)
    if (!r.ok) throw new Error(`${method}: ${r.error?.message}`)
    return r.value as T
  }
  const source = await call<SourceSummary>('sources.add', {
    kind: 'zendesk',
    name: 'Acme Zendesk',
    baseUrl: fake.url,
    fetchComments: options.fetchComments ?? true,
    scheduleMinutes: 0,
    credentials: { email: fake.options.email, apiToken: fake.options.apiToken },
    acceptPlainText: true,
  })
  return {
    backend,
    fake,
    source,
    dataDir,
    logs,
    events,
    call,
    raw,
    async close() {
      backend.close()
      await fake.close()
    },
  }
}

/** Runs one sync of the harness's source to its end. */
export async function syncOnce(h: Harness) {
  return h.backend.sync.start(h.source.id, 'cli').done
}
