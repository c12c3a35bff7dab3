/**
 * Pure pieces of the RCA screen: where it points (`#/rca/12`, `#/rca/new?escalation=3`), the crash-safe draft kept in
 * the window's local storage until the server has the words, and immutable edits of one section.
 */
import { DEFAULT_PACKET_REDACTION, type PacketRedaction, type RcaContent, type RcaSection } from '../../../shared/rca'

export type RcaRoute =
  | { kind: 'list' }
  | { kind: 'open'; id: number }
  | { kind: 'new'; escalationId: number | null; templateId?: number }
  | { kind: 'templates' }

export function rcaRouteFromHash(hash: string): RcaRoute {
  const m = /^#\/rca\/(\d+)/.exec(hash)
  if (m) return { kind: 'open', id: Number(m[1]) }
  if (/^#\/rca\/templates(?:$|[/?])/.test(hash)) return { kind: 'templates' }
  if (/^#\/rca\/new/.test(hash)) {
    const e = /[?&]escalation=(\d+)/.exec(hash)
    const t = /[?&]template=(\d+)/.exec(hash)
    return { kind: 'new', escalationId: e ? Number(e[1]) : null, ...(t ? { templateId: Number(t[1]) } : {}) }
  }
  return { kind: 'list' }
}

export const rcaHash = (id: number): string => `#/rca/${id}`

/** What the window keeps until a save is confirmed: survives a reload or a crash of the window. */
export interface RcaDraft {
  title: string
  content: RcaContent
  /** The revision these words were made from. */
  baseRevision: number
  savedLocallyAt: number
}

/** The part of the Web Storage API the drafts use (a test passes a Map-backed one). */
export interface DraftStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

const draftKey = (workspace: string, id: number) => `workbench.rcaDraft.${workspace}.${id}`

export function readDraft(storage: Pick<DraftStorage, 'getItem'>, workspace: string, id: number): RcaDraft | null {
  try {
    const raw = storage.getItem(draftKey(workspace, id))
    if (!raw) return null
    const d = JSON.parse(raw) as RcaDraft
    return typeof d.title === 'string' && d.content && typeof d.baseRevision === 'number' ? d : null
  } catch {
    return null
  }
}

export function writeDraft(
  storage: Pick<DraftStorage, 'setItem'>,
  workspace: string,
  id: number,
  draft: RcaDraft,
): void {
  try {
    storage.setItem(draftKey(workspace, id), JSON.stringify(draft))
  } catch {
    // Storage full or disabled: the debounced save still runs; nothing else to do here.
  }
}

export function clearDraft(storage: Pick<DraftStorage, 'removeItem'>, workspace: string, id: number): void {
  try {
    storage.removeItem(draftKey(workspace, id))
  } catch {
    // Ignore: a stale draft is offered again and can be discarded.
  }
}

/** The content with one section replaced. */
export function withSection(content: RcaContent, key: string, section: RcaSection): RcaContent {
  return { sections: { ...content.sections, [key]: section } }
}

/** Moves item i of a list by delta (for reordering whys and actions), unchanged at the ends. */
export function moveItem<T>(list: readonly T[], i: number, delta: number): T[] {
  const j = i + delta
  if (i < 0 || i >= list.length || j < 0 || j >= list.length) return [...list]
  const out = [...list]
  const [item] = out.splice(i, 1)
  out.splice(j, 0, item as T)
  return out
}

/** `datetime-local` value of an instant in the browser's zone, and back. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000)
  return d.toISOString().slice(0, 16)
}

export function fromLocalInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null
  const ms = new Date(value).getTime()
  return Number.isNaN(ms) ? null : ms
}

export function defaultRedaction(): PacketRedaction {
  return { ...DEFAULT_PACKET_REDACTION, terms: [], fields: [...DEFAULT_PACKET_REDACTION.fields] }
}

/** "Saved", "Saving…", "Unsaved: kept in this window" for the header. */
export type SaveState = 'saved' | 'pending' | 'saving' | 'error'
