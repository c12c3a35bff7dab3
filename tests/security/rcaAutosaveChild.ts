/**
 * The child of the RCA autosave crash drill: opens the workspace, takes the drill's RCA (creating it on the first run)
 * and autosaves it as fast as it can, each save's text derived from its sequence number, printing `ack <n>` once a
 * save has been answered. The parent kills it at random moments (tests/security/crashRca.ts).
 */
import { createBackend } from '../../src/main/app/backend'
import type { RcaSaveResult } from '../../src/shared/api/methods/rca'
import type { RcaDocument, RcaTemplate } from '../../src/shared/rca'
import { autosaveText, sequenceOf } from './rcaAutosaveText'

async function main(): Promise<void> {
  const dataDir = process.argv[2] as string
  const backend = await createBackend({ dataDir, transport: 'cli', noDemo: true })
  const call = async <T>(m: string, input: unknown): Promise<T> => {
    const r = await backend.dispatch(m, input)
    if (!r.ok) throw new Error(`${m}: ${r.error.message}`)
    return r.value as T
  }
  const list = await call<{ id: number }[]>('rca.list', {})
  let doc: RcaDocument
  if (list[0]) doc = await call<RcaDocument>('rca.get', { id: list[0].id })
  else {
    const templates = await call<RcaTemplate[]>('rca.templates', {})
    doc = await call<RcaDocument>('rca.create', {
      escalationId: null,
      templateId: templates[0]?.id,
      title: 'Crash drill RCA',
    })
  }
  const key = Object.keys(doc.content.sections).find((k) => doc.content.sections[k]?.kind === 'text')
  if (!key) throw new Error('the template has no text section')
  let revision = doc.revision
  let n = sequenceOf((doc.content.sections[key] as { text: string }).text) ?? 0
  process.stdout.write(`ready ${n}\n`)
  for (;;) {
    n++
    const content = {
      ...doc.content,
      sections: { ...doc.content.sections, [key]: { kind: 'text', text: autosaveText(n), cites: [] } },
    }
    const r = await call<RcaSaveResult>('rca.save', { id: doc.id, title: doc.title, content, baseRevision: revision })
    revision = r.revision
    process.stdout.write(`ack ${n}\n`)
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`)
  process.exit(1)
})
