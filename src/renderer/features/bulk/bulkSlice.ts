/**
 * Bulk selection and actions: which tickets are checked (or "all matching"), the dialogs of the bulk bar, the action
 * waiting for confirmation, and the last action that Undo would reverse (read back from the workspace after a reload).
 */
import { call } from '../../api/client'
import type { BulkAction, BulkLast } from '../../../shared/api/methods/bulk'
import type { SliceCreator } from '../../store/types'
import { filterKey } from '../cases/filterModel'
import { actionPhrase, needsConfirmation, selectionSize, targetOf, type AllMatching } from './bulkModel'
import { afterBulkWrite, clearGridSelection, selectLoadedRows } from './gridSelection'

export type BulkDialog = 'label' | 'review' | 'flag' | 'escalation'

export interface BulkSlice {
  /** Tickets checked in the grid (loaded rows only). */
  checkedIds: number[]
  allMatching: AllMatching | null
  bulkDialog: BulkDialog | null
  /** An action on more than CONFIRM_ABOVE tickets, waiting for the analyst's yes. */
  pendingBulk: { action: BulkAction; question: string } | null
  bulkBusy: boolean
  /** The action Undo would reverse, or null. */
  lastBulk: BulkLast | null
  /** Bumped after every bulk write and undo, so views of analyst state (related, escalations) reload. */
  analystVersion: number

  setChecked(ids: number[], keepAllMatching: boolean): void
  selectAllMatching(): void
  clearSelection(): void
  openBulkDialog(dialog: BulkDialog | null): void
  /** Runs the action, or asks first when it covers many tickets. `escalationTitle` names an escalation in the question. */
  requestBulk(action: BulkAction, escalationTitle?: string): void
  confirmBulk(): void
  cancelBulk(): void
  undoLastBulk(): Promise<void>
  loadLastBulk(): Promise<void>
}

export const createBulkSlice: SliceCreator<BulkSlice> = (set, get) => {
  const run = async (action: BulkAction): Promise<void> => {
    const picked = targetOf(get())
    if ('error' in picked) return get().notify('error', picked.error)
    set({ bulkBusy: true, bulkDialog: null, pendingBulk: null })
    try {
      const r = await call('bulk.apply', { target: picked.target, action })
      if (r.bulkId === null) {
        set({ bulkBusy: false })
        return get().notify('info', r.description)
      }
      set((s) => ({
        bulkBusy: false,
        lastBulk: {
          bulkId: r.bulkId as number,
          kind: action.kind,
          affected: r.affected,
          matched: r.matched,
          description: r.description,
          createdAt: Date.now(),
        },
        analystVersion: s.analystVersion + 1,
        // The filters may read what was just written: "all matching" is re-chosen rather than silently re-counted.
        ...(s.allMatching ? { allMatching: null } : {}),
      }))
      if ('filters' in picked.target) clearGridSelection()
      afterBulkWrite()
    } catch (err) {
      set({ bulkBusy: false })
      get().reportError(err, 'apply the bulk action')
    }
  }

  return {
    checkedIds: [],
    allMatching: null,
    bulkDialog: null,
    pendingBulk: null,
    bulkBusy: false,
    lastBulk: null,
    analystVersion: 0,

    setChecked(ids, keepAllMatching) {
      set((s) => ({ checkedIds: ids, allMatching: keepAllMatching ? s.allMatching : null }))
    },

    selectAllMatching() {
      const { filters, count } = get()
      const key = filterKey(filters)
      if (!count || count.key !== key) return get().notify('info', 'The matching tickets are still being counted.')
      if (count.value === 0) return
      set({ allMatching: { key, filters, count: count.value } })
      selectLoadedRows()
    },

    clearSelection() {
      set({ checkedIds: [], allMatching: null })
      clearGridSelection()
    },

    openBulkDialog(dialog) {
      if (dialog !== null && selectionSize(get()) === 0) {
        return get().notify(
          'info',
          'Select tickets first: Space checks the row under the cursor, Shift+A all matching.',
        )
      }
      set({ bulkDialog: dialog })
    },

    requestBulk(action, escalationTitle) {
      const size = selectionSize(get())
      if (needsConfirmation(size)) {
        set({ bulkDialog: null, pendingBulk: { action, question: `${actionPhrase(action, size, escalationTitle)}?` } })
      } else void run(action)
    },

    confirmBulk() {
      const pending = get().pendingBulk
      if (pending) void run(pending.action)
    },

    cancelBulk() {
      set({ pendingBulk: null })
    },

    async undoLastBulk() {
      const last = get().lastBulk
      if (!last || get().bulkBusy) return
      set({ bulkBusy: true })
      try {
        const r = await call('bulk.undo', { bulkId: last.bulkId })
        set((s) => ({ bulkBusy: false, lastBulk: null, analystVersion: s.analystVersion + 1 }))
        get().notify('success', `Undone: ${r.description}.`)
        afterBulkWrite()
      } catch (err) {
        // Refused (another window acted since, or it was undone already): show the current last action instead.
        set({ bulkBusy: false })
        get().reportError(err, 'undo the bulk action')
        void get().loadLastBulk()
      }
    },

    async loadLastBulk() {
      if (!get().info?.workspace) {
        set({ lastBulk: null })
        return
      }
      try {
        const { last } = await call('bulk.last', {})
        set({ lastBulk: last })
      } catch {
        // Not being able to offer Undo is not worth an error notice; the action itself is safe either way.
        set({ lastBulk: null })
      }
    },
  }
}
