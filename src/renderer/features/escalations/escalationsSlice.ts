/**
 * Escalations place state: the list, the open escalation (header, impact, timeline, snapshots, actions) and the
 * "new escalation from selection" dialog. Every write goes through the API and the open escalation is re-read, so
 * what the screen shows is what the workspace holds.
 */
import type { ApiInput } from '../../../shared/api/contract'
import type { EscalationBundle, EscalationSummary, RemediationAction } from '../../../shared/escalations'
import { call } from '../../api/client'
import { analystMessage } from '../../lib/errors'
import type { SliceCreator } from '../../store/types'

type Patch = Omit<ApiInput<'escalations.update'>, 'id'>
type ActionPatch = Omit<ApiInput<'escalations.updateAction'>, 'id'>
type NewAction = Omit<ApiInput<'escalations.addAction'>, 'escalationId'>

export interface EscalationsSlice {
  escalationList: EscalationSummary[] | null
  escalationListError: string | null
  /** The open escalation, or null while none is (or it is loading). */
  escalation: EscalationBundle | null
  escalationId: number | null
  escalationError: string | null
  /** The "New escalation from selection" dialog over Cases. */
  newEscalationOpen: boolean
  openNewEscalation(open: boolean): void
  loadEscalations(): Promise<void>
  openEscalation(id: number | null): Promise<void>
  refreshEscalation(): Promise<void>
  /** Each returns an error sentence, or null when it worked (forms keep their text on failure). */
  updateEscalation(patch: Patch): Promise<string | null>
  addTimelineEntry(kind: 'note' | 'step', body: string, at?: number): Promise<string | null>
  takeCohortSnapshot(): Promise<string | null>
  recordExecutiveUpdate(body: string, nextUpdateDue: number | null): Promise<string | null>
  addRemediation(action: NewAction): Promise<string | null>
  updateRemediation(id: number, patch: ActionPatch): Promise<string | null>
  removeRemediation(id: number): Promise<string | null>
  checkRemediation(): Promise<RemediationAction[] | null>
  removeEscalation(id: number): Promise<string | null>
}

let openSeq = 0

export const createEscalationsSlice: SliceCreator<EscalationsSlice> = (set, get) => {
  /** Runs a write on the open escalation, then re-reads it and the list. */
  const write = async (doing: string, run: (id: number) => Promise<unknown>): Promise<string | null> => {
    const id = get().escalationId
    if (id === null) return 'Open an escalation first.'
    try {
      await run(id)
    } catch (err) {
      return analystMessage(err, doing)
    }
    await Promise.all([get().refreshEscalation(), get().loadEscalations()])
    return null
  }

  return {
    escalationList: null,
    escalationListError: null,
    escalation: null,
    escalationId: null,
    escalationError: null,
    newEscalationOpen: false,

    openNewEscalation(open) {
      set({ newEscalationOpen: open })
    },

    async loadEscalations() {
      try {
        set({ escalationList: await call('escalations.list', {}), escalationListError: null })
      } catch (err) {
        set({ escalationListError: analystMessage(err, 'list the escalations') })
      }
    },

    async openEscalation(id) {
      const seq = ++openSeq
      if (id === null) {
        set({ escalationId: null, escalation: null, escalationError: null })
        return
      }
      if (get().escalationId !== id) set({ escalationId: id, escalation: null, escalationError: null })
      try {
        const bundle = await call('escalations.get', { id })
        if (seq === openSeq) set({ escalation: bundle, escalationError: null })
      } catch (err) {
        if (seq === openSeq) set({ escalation: null, escalationError: analystMessage(err, 'open the escalation') })
      }
    },

    async refreshEscalation() {
      const id = get().escalationId
      if (id !== null) await get().openEscalation(id)
    },

    updateEscalation: (patch) => write('save the change', (id) => call('escalations.update', { id, ...patch })),

    addTimelineEntry: (kind, body, at) =>
      write('add the entry', (id) =>
        call('escalations.addEntry', { id, kind, body, ...(at !== undefined ? { at } : {}) }),
      ),

    takeCohortSnapshot: () => write('take the snapshot', (id) => call('escalations.snapshot', { id })),

    recordExecutiveUpdate: (body, nextUpdateDue) =>
      write('record the update', (id) => call('escalations.recordUpdate', { id, body, nextUpdateDue })),

    addRemediation: (action) =>
      write('add the action', (id) => call('escalations.addAction', { escalationId: id, ...action })),

    updateRemediation: (actionId, patch) =>
      write('change the action', () => call('escalations.updateAction', { id: actionId, ...patch })),

    removeRemediation: (actionId) =>
      write('remove the action', () => call('escalations.removeAction', { id: actionId })),

    async checkRemediation() {
      const id = get().escalationId
      if (id === null) return null
      try {
        const checked = await call('escalations.checkActions', { escalationId: id })
        await get().refreshEscalation()
        return checked
      } catch (err) {
        get().reportError(err, 'check the success metrics')
        return null
      }
    },

    async removeEscalation(id) {
      try {
        await call('escalations.remove', { id })
      } catch (err) {
        return analystMessage(err, 'delete the escalation')
      }
      if (get().escalationId === id) set({ escalationId: null, escalation: null })
      await get().loadEscalations()
      return null
    },
  }
}
